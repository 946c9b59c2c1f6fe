// The package's three entries, each its own .wasm (pkg-scripts/build): `wa-guard` (everything),
// `wa-guard/webhook` (the edge worker's signature check, nothing else) and `wa-guard/rules` (the
// agent-UI rules, no signature code). The subsets must be exactly what the README lists, behave
// exactly as the whole package does (the suites of their exports run against them unchanged, through
// tests/js/entry-hooks.mjs), and load on workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import * as whole from "../../pkg/node/wa_guard.js";
import * as webhook from "../../pkg/webhook/node/wa_guard.js";
import * as rules from "../../pkg/rules/node/wa_guard.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const WEBHOOK_ONLY = ["computeSignature", "decodeForm", "explainSignature", "verifyRequest", "verifySignature"];
// (`default` is `init`, a no-op in Node: every build has one, checked in tests/js/errors.test.mjs.)
const names = (m) => Object.keys(m).filter((k) => typeof m[k] === "function" && k !== "default").sort();
// In every entry: the error guard and class (JS only, no .wasm code).
const GUARDS = ["WaGuardError", "isWaGuardError"];

test("wa-guard/webhook exports the signature functions and version, nothing else", () => {
  assert.deepEqual(names(webhook), [...WEBHOOK_ONLY, ...GUARDS, "version"].sort());
});

test("wa-guard/rules exports everything but the signature functions", () => {
  assert.deepEqual(names(rules), names(whole).filter((n) => !WEBHOOK_ONLY.includes(n)));
  assert.ok(names(rules).length >= 20, names(rules).join());
});

test("each export of an entry is the whole package's: the same JS glue, the same version", () => {
  for (const [label, m] of [["webhook", webhook], ["rules", rules]]) {
    for (const n of names(m)) assert.equal(String(m[n]), String(whole[n]), `${label}.${n}`);
    assert.equal(m.version(), whole.version());
  }
});

test("the CommonJS and web builds of each entry export the same names as its Node ESM build", () => {
  const require = createRequire(import.meta.url);
  for (const [dir, m] of [["", whole], ["webhook/", webhook], ["rules/", rules]]) {
    const cjs = require(`${root}pkg/${dir}node-cjs/wa_guard.js`);
    assert.deepEqual(names(cjs), names(m), `${dir}node-cjs`);
    const dts = readFileSync(`${root}pkg/${dir}web/wa_guard.d.ts`, "utf8");
    for (const n of names(m)) assert.match(dts, new RegExp(`export (function|class) ${n}\\b`), `${dir}web .d.ts: ${n}`);
    const declared = [...dts.matchAll(/^export (?:function|class) (\w+)/gm)].map((x) => x[1]).filter((n) => n !== "initSync");
    assert.deepEqual(declared.sort(), names(m), `${dir}web .d.ts declares only the entry's exports`);
  }
});

test("each entry's .wasm is its own, the subsets smaller than the whole", () => {
  const size = (dir) => readFileSync(`${root}pkg/${dir}web/wa_guard_bg.wasm`).length;
  assert.ok(size("webhook/") < size("rules/") && size("rules/") < size(""), [size("webhook/"), size("rules/"), size("")].join());
});

// The suites of an entry's exports, unchanged, against its build (their imports redirected).
const SUITES = {
  webhook: ["boundary", "signature", "sharedkey"],
  rules: ["boundary", "compose", "config", "content", "media", "number", "number-agreement", "number-normalize", "template", "window"],
};
const hooks = fileURLToPath(new URL("./entry-hooks.mjs", import.meta.url));
const run = (entry, args) =>
  spawnSync(process.execPath, ["--import", hooks, ...args], {
    cwd: root, encoding: "utf8", env: childEnv(entry), timeout: 300_000,
  });
// Without NODE_TEST_CONTEXT the child `node --test` reports as a top-level run (TAP on stdout).
function childEnv(entry) {
  const env = { ...process.env, WA_GUARD_ENTRY: entry };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

test("the redirect works: tests/js/pkg.mjs loads the entry's build under entry-hooks.mjs", () => {
  for (const [entry, m] of [["webhook", webhook], ["rules", rules]]) {
    const r = run(entry, ["-e", 'import("./tests/js/pkg.mjs").then((m) => console.log(Object.keys(m).sort().join()))']);
    assert.equal(r.status, 0, r.stderr);
    // (`export *` in tests/js/pkg.mjs does not re-export `default`, the no-op init.)
    assert.equal(r.stdout.trim(), Object.keys(m).filter((k) => k !== "default").sort().join(), entry);
  }
});

for (const [entry, suites] of Object.entries(SUITES)) {
  for (const suite of suites) {
    test(`tests/js/${suite}.test.mjs passes against wa-guard/${entry}`, () => {
      const r = run(entry, ["--test", `tests/js/${suite}.test.mjs`]);
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /^# fail 0$/m);
      assert.doesNotMatch(r.stdout, /^# pass 0$/m);
    });
  }
}

test("both subset entries load and answer on workerd (their workerd/index.js)", async () => {
  const script = `
    import * as webhook from "../../pkg/webhook/workerd/index.js";
    import * as rules from "../../pkg/rules/workerd/index.js";
    export default {
      fetch() {
        const params = { Body: "Hi", From: "whatsapp:+447400123456" };
        const url = "https://edge.example.com/twilio/inbound";
        const signature = webhook.computeSignature({ authToken: "12345", url, params });
        return Response.json({
          valid: webhook.verifySignature({ authToken: "12345", signature, url, params }).valid,
          forged: webhook.verifySignature({ authToken: "12345", signature: "AAAA", url, params }).valid,
          number: rules.normalizeE164("020 7183 8750", "GB").number,
          open: rules.windowState({ lastInboundAt: "2026-11-24T09:30:00Z", now: "2026-11-24T12:00:00Z" }).open,
          webhookHasRules: "windowState" in webhook,
        });
      },
    };`;
  // A module of the worker's own, under target/ (ignored by git), beside the package it imports.
  mkdirSync(`${root}target/entries-worker`, { recursive: true });
  writeFileSync(`${root}target/entries-worker/worker.mjs`, script);
  const mf = new Miniflare({
    modules: true,
    scriptPath: `${root}target/entries-worker/worker.mjs`,
    modulesRoot: root,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    cf: false,
  });
  try {
    const r = await mf.dispatchFetch("http://localhost/");
    assert.deepEqual(await r.json(), { valid: true, forged: false, number: "+442071838750", open: true, webhookHasRules: false });
  } finally {
    await mf.dispose();
  }
});
