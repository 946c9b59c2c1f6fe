// Errors that explain themselves, as JS sees them in each build (issue 21, item 5): a default
// `init` in every entry and build, `NOT_INITIALIZED` for a call before `init()` in the browser
// build, `REGISTRY_FREED` for a freed TemplateRegistry, and the `WaGuardError` class and
// `isWaGuardError` guard. Runs against the built package (pkg-scripts/build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const ENTRIES = ["", "webhook/", "rules/"];
const coded = (code) => (e) => e instanceof Error && e.name === "WaGuardError" && e.code === code;

test("every entry's node, node-cjs and workerd builds have a default init that is a no-op", async () => {
  for (const dir of ENTRIES) {
    const esm = await import(`${root}pkg/${dir}node/wa_guard.js`);
    assert.equal(typeof esm.default, "function", `${dir}node`);
    assert.equal(await esm.default(), undefined);
    const cjs = require(`${root}pkg/${dir}node-cjs/wa_guard.js`);
    assert.equal(typeof cjs.default, "function", `${dir}node-cjs`);
    assert.equal(await cjs.default(), undefined);
    const workerd = readFileSync(`${root}pkg/${dir}workerd/index.js`, "utf8");
    assert.match(workerd, /^export default function init\(\)/m, `${dir}workerd`);
    assert.match(readFileSync(`${root}pkg/${dir}workerd/index.d.ts`, "utf8"), /export default function init\(\): Promise<void>;/);
    assert.match(readFileSync(`${root}pkg/${dir}node/wa_guard.d.ts`, "utf8"), /export default function init\(\): Promise<void>;/);
    // The web build keeps wasm-bindgen's real init.
    assert.match(readFileSync(`${root}pkg/${dir}web/wa_guard.d.ts`, "utf8"), /export default function __wbg_init/);
  }
});

test("one .wasm per entry: node/ and node-cjs/ load the web build's", () => {
  for (const dir of ENTRIES) {
    for (const d of ["node", "node-cjs", "workerd"]) {
      assert.deepEqual(readdirSync(`${root}pkg/${dir}${d}`).filter((f) => f.includes(".wasm")), [], `${dir}${d}`);
    }
    assert.match(readFileSync(`${root}pkg/${dir}node/wa_guard.js`, "utf8"), /new URL\('\.\.\/web\/wa_guard_bg\.wasm', import\.meta\.url\)/);
    assert.match(readFileSync(`${root}pkg/${dir}node-cjs/wa_guard.js`, "utf8"), /`\$\{__dirname\}\/\.\.\/web\/wa_guard_bg\.wasm`/);
  }
});

test("the browser build: a call before init() is NOT_INITIALIZED; after initSync it answers", async () => {
  for (const dir of ["", "webhook/", "rules/"]) {
    // A fresh module instance per entry (a query string makes a new module record).
    const web = await import(`${root}pkg/${dir}web/wa_guard.js?uninit`);
    assert.throws(() => web.version(), coded("NOT_INITIALIZED"), dir);
    assert.throws(() => web.version(), (e) => /call \(and await\) the default export init\(\)/.test(e.message));
    if (dir !== "webhook/") assert.throws(() => web.normalizeLocale("pt-BR"), coded("NOT_INITIALIZED"));
    web.initSync({ module: readFileSync(`${root}pkg/${dir}web/wa_guard_bg.wasm`) });
    assert.equal(typeof web.version(), "string");
    // init() after initSync is the same instance, not a second one.
    assert.equal(await web.default(), await web.default());
  }
});

test("the browser build's async init() also works, once, from bytes", async () => {
  const web = await import(`${root}pkg/rules/web/wa_guard.js?async`);
  await web.default({ module_or_path: readFileSync(`${root}pkg/rules/web/wa_guard_bg.wasm`) });
  assert.equal(web.normalizeLocale("pt-br"), "pt_BR");
});

test("a freed TemplateRegistry answers REGISTRY_FREED, in every build that has one", async () => {
  const t = { sid: "HX0123456789abcdef0123456789abcdef", name: "shipped", language: "en", body: "Hello {{1}}, your order {{2}} has shipped.", category: "utility" };
  const builds = [await import(`${root}pkg/node/wa_guard.js`), require(`${root}pkg/rules/node-cjs/wa_guard.js`), await import(`${root}pkg/rules/node/wa_guard.js`)];
  for (const wa of builds) {
    const reg = new wa.TemplateRegistry([t]);
    assert.equal(reg.size, 1);
    reg.free();
    assert.throws(() => reg.size, coded("REGISTRY_FREED"));
    assert.throws(() => reg.get(t.sid), coded("REGISTRY_FREED"));
    assert.throws(() => reg.render(t.sid, ["Ana", "7"]), (e) => e.code === "REGISTRY_FREED" && /was freed/.test(e.message));
    reg.free(); // twice: harmless
  }
});

test("WaGuardError: instanceof and isWaGuardError tell wa-guard's errors from others", async () => {
  for (const wa of [await import(`${root}pkg/node/wa_guard.js`), require(`${root}pkg/node-cjs/wa_guard.js`), await import(`${root}pkg/webhook/node/wa_guard.js`)]) {
    let caught;
    try { wa.decodeForm("a=%FF"); } catch (e) { caught = e; }
    assert.ok(caught instanceof wa.WaGuardError);
    assert.ok(wa.isWaGuardError(caught));
    assert.equal(caught.code, "FORM_INVALID_UTF8");
    for (const other of [new Error("x"), new TypeError("y"), { name: "WaGuardError", code: "X" }, null, undefined, "WaGuardError"]) {
      assert.equal(wa.isWaGuardError(other), false);
      assert.equal(other instanceof wa.WaGuardError, false);
    }
    assert.throws(() => new wa.WaGuardError(), TypeError);
  }
});

test("the .d.ts: ErrorCode lists every code, optional trailing parameters are optional, no Symbol.dispose", () => {
  const dts = readFileSync(`${root}pkg/web/wa_guard.d.ts`, "utf8");
  const union = dts.match(/export type ErrorCode = ([^;]+);/)[1];
  for (const c of ["WINDOW_CLOSED", "INPUT_TOO_LARGE", "NOT_INITIALIZED", "REGISTRY_FREED", "URL_NOT_ABSOLUTE", "CONFIG_SHAPE_INVALID", "E164_TOO_LONG"]) {
    assert.ok(union.includes(`"${c}"`), c);
  }
  assert.match(dts, /export function normalizeE164\(input: string, default_region\?: string \| null\): NumberInfo;/);
  assert.doesNotMatch(dts, /Symbol\.dispose/);
  assert.match(dts, /export function isWaGuardError\(e: unknown\): e is WaGuardError;/);
  assert.match(dts, /export class WaGuardError extends Error \{/);
});
