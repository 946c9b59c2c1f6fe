// Executable documentation (issue 21, item 1): every ```js block of the package README
// (js/README.md, published as pkg/README.md) and of the repository README (README.md) runs against
// the built package as a user's module would, with `wa-guard` resolved to pkg/ through
// node_modules, and every result it shows is asserted:
//   expr; // → value        asserts assert.deepEqual(expr, value)
//   expr; // ⊇ value        asserts that expr includes value (objects: the keys shown, deeply;
//                           arrays: the same length, item by item)
// A shown value may go on over the following lines that start with `//` and two or more spaces.
// An HTML comment right after a block, `<!-- test … -->`, is appended to it (hidden checks that
// exercise a recipe: a worker's fetch, an Express server); there `__default` is the block's
// `export default`. One right before it, `<!-- setup … -->`, is prepended (what the prose around
// the block assumes: a `request`, a mocked `fetch`). A block that throws, or an assertion that
// fails, fails this test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const README = "js/README.md";

/** The ```js blocks of a Markdown text, each with the `<!-- setup … -->` comment right before it
 * and the `<!-- test … -->` comment that follows it. */
export function jsBlocks(md) {
  const out = [];
  const re = /(?:^<!-- setup\n([\s\S]*?)-->\n)?^```js\n([\s\S]*?)^```\n(?:\s*<!-- test\n([\s\S]*?)-->\n)?/gm;
  for (const m of md.matchAll(re)) {
    const line = md.slice(0, m.index + (m[1] === undefined ? 0 : m[0].indexOf("```js"))).split("\n").length;
    out.push({ line, setup: m[1] ?? "", code: m[2], hidden: m[3] ?? "" });
  }
  return out;
}

/** `actual` includes `expected`: objects the keys shown (deeply), arrays the same length item by item. */
function includes(actual, expected, at = "value") {
  if (expected === null || typeof expected !== "object") return assert.deepEqual(actual, expected, at);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${at}: not an array`);
    assert.equal(actual.length, expected.length, `${at}: length`);
    return expected.forEach((x, i) => includes(actual[i], x, `${at}[${i}]`));
  }
  assert.ok(actual !== null && typeof actual === "object", `${at}: not an object`);
  for (const [k, v] of Object.entries(expected)) includes(actual[k], v, `${at}.${k}`);
}
const PRELUDE = `import assert from "node:assert/strict";\n${includes.toString()}\n`;

/** A block as a runnable module: `// → value` comments become assertions. */
/** As many brackets closed as opened (outside strings) and something other than space. */
function balanced(src) {
  let depth = 0;
  for (const t of src.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, "").replace(/\/\/.*$/gm, "")) {
    if ("([{".includes(t)) depth++;
    else if (")]}".includes(t)) depth--;
  }
  return depth === 0 && src.trim() !== "";
}

export function toModule({ setup = "", code, hidden }) {
  let asserts = 0;
  const lines = code.replace(/^export default /m, "const __default = ").split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^(\s*)(.*?);?\s*\/\/ ([→⊇]) (.+)$/);
    if (!m) {
      out.push(lines[i]);
      continue;
    }
    let shown = m[4];
    const kept = [];
    // The shown value goes on over `//  …` lines (two or more spaces after the slashes).
    while (i + 1 < lines.length && /^\s*\/\/ {2,}\S/.test(lines[i + 1])) {
      shown += "\n" + lines[++i].replace(/^\s*\/\//, "");
      kept.push("");
    }
    // A remark in parentheses after the value (`// → false (closed at …)`) is not part of it.
    shown = shown.replace(/\s+\((?:[^()]|\([^()]*\))*\)\s*$/, "");
    // The expression: the code before the comment, or the statement it ends (`  ... }); // → …`),
    // or, on a line of its own, the statement right above (`e.message;` then `// → "…"`).
    let expr = m[2].trim() === "" ? "" : m[2];
    while ((expr === "" || !balanced(expr)) && out.length) expr = `${out.pop().replace(/;\s*(\/\/.*)?$/, "")}\n${expr}`;
    asserts++;
    const check = m[3] === "→" ? "assert.deepEqual" : "includes";
    out.push(`${m[1]}__checked++, ${check}(${expr}, ${shown}\n, ${JSON.stringify(expr.trim().split("\n")[0])});`, ...kept);
  }
  const body = out.join("\n");
  // Every shown result was checked (one in a `catch` that did not run would not be).
  const all = `assert.equal(__checked, ${asserts}, "shown results checked");`;
  return { asserts, text: `${PRELUDE}let __checked = 0;\n${setup}\n${body}\n${hidden}\nawait new Promise((r) => setImmediate(r));\n${all}\nprocess.stdout.write("block ok\\n");\n` };
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
const REPO_README = "README.md";
const repoBlocks = jsBlocks(readFileSync(`${root}${REPO_README}`, "utf8"));
test("the repository README has its examples too", () => assert.ok(repoBlocks.length >= 10, `${repoBlocks.length} js blocks`));
for (const [readme, block] of [...blocks.map((b) => [README, b]), ...repoBlocks.map((b) => [REPO_README, b])]) {
  test(`${readme} line ${block.line}: the example runs and shows what it says`, () => {
    const { asserts, text } = toModule(block);
    const file = `${project}${readme.replace(/\W/g, "_")}-${block.line}.mjs`;
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
  const run = (code, setup = "") => {
    const { text, asserts } = toModule({ setup, code, hidden: "" });
    const file = `${project}harness-check.mjs`;
    writeFileSync(file, text);
    return { asserts, ...spawnSync(process.execPath, ["--no-warnings", file], { cwd: project, encoding: "utf8" }) };
  };
  const imp = 'import { decodeForm, parseE164 } from "wa-guard";\n';
  let r = run(imp + 'decodeForm("a=1"); // → [["a", "2"]]\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /AssertionError/);
  // Continued values, partial ones, set-up code.
  r = run(imp + 'parseE164("+442071838750"); // ⊇ { region: "GB",\n//   waId: "442071838750" }\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.asserts, 1);
  r = run(imp + 'parseE164("+442071838750"); // ⊇ { region: "GB",\n//   waId: "4420" }\n');
  assert.notEqual(r.status, 0);
  r = run(imp + 'parseE164(x).region; // → "GB"\n', 'const x = "+442071838750";');
  assert.equal(r.status, 0, r.stderr);
  r = run(imp + 'parseE164("+442071838750").region; // → "GB" (a remark)\n');
  assert.equal(r.status, 0, r.stderr);
  r = run(imp + 'try { decodeForm("a=1") } catch (e) {\n  e.code; // → "X"\n}\n');
  assert.notEqual(r.status, 0, "a shown result that never ran");
  r = run(imp + '[1, 2]; // ⊇ [1]\n');
  assert.notEqual(r.status, 0);
});
