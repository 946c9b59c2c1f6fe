// Executable documentation (issue 21, item 1): every ```js block of the package README
// (js/README.md, published as pkg/README.md) runs against the built package as a user's module
// would, with `wa-guard` resolved to pkg/ through node_modules, and every result it shows is
// asserted:
//   expr; // → value        asserts assert.deepEqual(expr, value)
// An HTML comment right after a block, `<!-- test … -->`, is appended to it (hidden checks that
// exercise a recipe: a worker's fetch, an Express server); there `__default` is the block's
// `export default`. A block that throws, or an assertion that fails, fails this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const README = "js/README.md";

/** The ```js blocks of a Markdown text, each with the `<!-- test … -->` comment that follows it. */
export function jsBlocks(md) {
  const out = [];
  const re = /^```js\n([\s\S]*?)^```\n(?:\s*<!-- test\n([\s\S]*?)-->\n)?/gm;
  for (const m of md.matchAll(re)) {
    const line = md.slice(0, m.index).split("\n").length;
    out.push({ line, code: m[1], hidden: m[2] ?? "" });
  }
  return out;
}

/** A block as a runnable module: `// → value` comments become assertions. */
export function toModule({ code, hidden }) {
  let asserts = 0;
  const body = code
    .replace(/^export default /m, "const __default = ")
    .split("\n")
    .map((l) => {
      const m = l.match(/^(\s*)(.+?);?\s*\/\/ → (.+)$/);
      if (!m) return l;
      asserts++;
      return `${m[1]}assert.deepEqual(${m[2]}, ${m[3]}, ${JSON.stringify(m[2])});`;
    })
    .join("\n");
  return { asserts, text: `import assert from "node:assert/strict";\n${body}\n${hidden}\nawait new Promise((r) => setImmediate(r));\nprocess.stdout.write("block ok\\n");\n` };
}

// A consumer project under target/ (ignored by git) whose node_modules/wa-guard is pkg/; the
// repository's node_modules (express, …) are found further up.
const project = `${root}target/readme-doctest/`;
function setUp() {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(`${project}node_modules`, { recursive: true });
  symlinkSync(`${root}pkg`, `${project}node_modules/wa-guard`, "dir");
  writeFileSync(`${project}package.json`, '{"name":"readme-doctest","private":true,"type":"module"}\n');
}

const md = readFileSync(`${root}${README}`, "utf8");
const blocks = jsBlocks(md);

test("the package README starts with install, then the job → function table, then the three recipes", () => {
  const h2 = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.equal(h2[0], "Install");
  assert.equal(h2[1], "Which function for which job");
  for (const r of ["Recipe: Cloudflare Worker", "Recipe: Express", "Recipe: agent UI"]) assert.ok(h2.includes(r), r);
  assert.ok(blocks.length >= 4, `${blocks.length} js blocks`);
  // Every function the job table names is exported by the package.
  const table = md.split("## Which function for which job")[1].split("\n## ")[0];
  const named = new Set([...table.matchAll(/`(?:new )?([a-zA-Z]+)\(/g)].map((m) => m[1]));
  return import(`${root}pkg/node/wa_guard.js`).then((wa) => {
    const express = readFileSync(`${root}pkg/express/index.js`, "utf8");
    for (const n of named) assert.ok(n in wa || (n === "webhook" && /export const webhook/.test(express)), n);
  });
});

test("the build publishes the package README, not the repository's", () => {
  assert.equal(readFileSync(`${root}pkg/README.md`, "utf8"), md);
});

setUp();
for (const block of blocks) {
  test(`${README} line ${block.line}: the example runs and shows what it says`, () => {
    const { asserts, text } = toModule(block);
    const file = `${project}block-${block.line}.mjs`;
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, ["--no-warnings", file], {
      cwd: project, encoding: "utf8", timeout: 60_000,
      env: { ...process.env, PORT: "0", TWILIO_AUTH_TOKEN: "e194669bd11ac3fffcfd4c41b1b927c4", TWILIO_AUTH_TOKEN_SECONDARY: "" },
    });
    assert.equal(r.status, 0, `${file}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /block ok\n$/);
    // A block with results shows them; only set-up-only blocks (recipes with hidden checks) may not.
    assert.ok(asserts > 0 || block.hidden, `line ${block.line}: shows no result and has no hidden check`);
  });
}

test("the harness itself: a wrong shown result fails the block", () => {
  const { text } = toModule({ code: 'import { decodeForm } from "wa-guard";\ndecodeForm("a=1"); // → [["a", "2"]]\n', hidden: "" });
  const file = `${project}harness-check.mjs`;
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ["--no-warnings", file], { cwd: project, encoding: "utf8" });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /AssertionError/);
});
