// Post-processes one entry's wasm-bindgen output (pkg-scripts/build): node ESM and CommonJS
// `usage: node pkg-scripts/glue.mjs <entry dir>` (e.g. pkg/webhook).
//  - node/ and node-cjs/ load the web build's .wasm (one .wasm file per entry, not three);
//  - every build has a default `init` (a no-op where the module is ready on import), so
//    `import init from "wa-guard"` works in Node, workerd and the browser alike;
//  - the browser build answers a call before `init()` with a coded NOT_INITIALIZED error, and a
//    freed TemplateRegistry answers REGISTRY_FREED (instead of "null pointer passed to rust");
//  - a runtime `WaGuardError` (for `instanceof`) and `isWaGuardError` guard in every build;
//  - types: the documented codes as the `ErrorCode` union, optional trailing parameters optional,
//    no `Symbol.dispose` (absent from a plain `lib: ["es2022", "dom"]`), rustdoc links in the
//    doc comments tsify carries from the Rust types written as plain code.
// Every rewrite is checked: a wasm-bindgen update that changes the glue fails the build.
import { readFileSync, writeFileSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const root = new URL("../", import.meta.url);

function rewrite(file, edits) {
  let s = readFileSync(file, "utf8");
  for (const [from, to, what] of edits) {
    const next = s.replace(from, to);
    if (next === s && !what?.endsWith("?")) {
      throw new Error(`glue: ${file}: ${what ?? from} not found (did wasm-bindgen's output change?)`);
    }
    s = next;
  }
  writeFileSync(file, s);
}

// Runtime helpers shared by every build (ESM text; CommonJS rewrites `export`).
const coded = `function __waGuardError(code, message) {
    const e = new Error(message);
    e.name = "WaGuardError";
    e.code = code;
    return e;
}
function __waGuardLive(o) {
    if (!o.__wbg_ptr) throw __waGuardError("REGISTRY_FREED", "this TemplateRegistry was freed (free() or a using block ended): build a new one");
    return o.__wbg_ptr;
}`;
const helpers = `
/** Whether \`e\` is an error thrown by wa-guard (an \`Error\` named "WaGuardError" with a string \`code\`). */
export function isWaGuardError(e) {
    return e instanceof Error && e.name === "WaGuardError" && typeof e.code === "string";
}
/** For \`e instanceof WaGuardError\`: every error wa-guard throws is one (see isWaGuardError). */
export class WaGuardError extends Error {
    constructor() { throw new TypeError("WaGuardError is not constructible: wa-guard throws it"); }
    static [Symbol.hasInstance](e) { return e instanceof Error && e.name === "WaGuardError" && typeof e.code === "string"; }
}
`;
const noopInit = `
/** Ready on import: \`init()\` is a no-op here, so the same code runs in the browser and in Node/workerd. */
export default function init() { return Promise.resolve(); }
`;
const cjs = (s) =>
  s.replace(/^export (default )?(function|class) (\w+)/gm, (_, dflt, kind, name) =>
    `exports.${dflt ? "default" : name} = ${kind} ${name}`);

const freed = [/\(this\.__wbg_ptr([,)])/g, "(__waGuardLive(this)$1", "method calls on this.__wbg_ptr?"];
// A second free() is harmless (wasm-bindgen's throws "null pointer passed to rust").
const freeTwice = [/(const ptr = this\.__destroy_into_raw\(\);\n)(\s*)(wasm\.__wbg_\w+_free\(ptr, 0\);)/g, "$1$2if (ptr) $3", "free()?"];

// web/: NOT_INITIALIZED before init(), REGISTRY_FREED, helpers.
rewrite(join(dir, "web/wa_guard.js"), [
  [
    "let wasmModule, wasmInstance, wasm;",
    `${coded}
const __waGuardUninit = new Proxy({}, { get() { throw __waGuardError("NOT_INITIALIZED", "wa-guard is not initialised: call (and await) the default export init() once before any other function"); } });
let wasmModule, wasmInstance, wasm = __waGuardUninit;`,
  ],
  [/if \(wasm !== undefined\) return wasm;/g, "if (wasm !== __waGuardUninit) return wasm;", "init guards"],
  freed,
  freeTwice,
  [/$/, helpers, "end"],
]);

// node/ (ESM) and node-cjs/: the web build's .wasm, no-op init, REGISTRY_FREED, helpers.
rewrite(join(dir, "node/wa_guard.js"), [
  ["new URL('wa_guard_bg.wasm', import.meta.url)", "new URL('../web/wa_guard_bg.wasm', import.meta.url)"],
  ["const wasmUrl", `${coded}\nconst wasmUrl`],
  freed,
  freeTwice,
  [/$/, helpers + noopInit, "end"],
]);
rewrite(join(dir, "node-cjs/wa_guard.js"), [
  ["`${__dirname}/wa_guard_bg.wasm`", "`${__dirname}/../web/wa_guard_bg.wasm`"],
  ["const wasmPath", `${coded}\nconst wasmPath`],
  freed,
  freeTwice,
  [/$/, cjs(helpers + noopInit), "end"],
]);
for (const d of ["node", "node-cjs"]) {
  for (const f of readdirSync(join(dir, d))) if (f.startsWith("wa_guard_bg.wasm")) rmSync(join(dir, d, f));
}

// Types. The codes: the library section of the one registry, src/error-codes.json
// (tests/js/error-codes.test.mjs keeps it equal to the codes the sources raise).
const registry = JSON.parse(readFileSync(new URL("src/error-codes.json", root), "utf8"));
const codes = new Set(registry.library.map((e) => e.code));
const union = [...codes].sort().map((c) => `"${c}"`).join(" | ");
const types = `
/** Every documented error code (\`WaGuardError.code\`, \`Problem.code\`). */
export type ErrorCode = ${union};
/** Whether \`e\` is an error thrown by wa-guard. */
export function isWaGuardError(e: unknown): e is WaGuardError;
`;
for (const d of ["web", "node", "node-cjs"]) {
  const file = join(dir, d, "wa_guard.d.ts");
  rewrite(file, [
    [/\n\s*\[Symbol\.dispose\]\(\): void;/g, "", "Symbol.dispose?"],
    [/$/, types + (d === "web" ? "" : "\n/** A no-op (ready on import); exists so the same code runs everywhere. */\nexport default function init(): Promise<void>;\n"), "end"],
  ]);
  // Trailing `x: T | undefined | null` parameters are optional (`normalizeE164(input)`).
  let s = readFileSync(file, "utf8"), prev;
  do {
    prev = s;
    s = s.replace(/(\w+): ([^,():]+?) \| undefined \| null(\)|, \w+\?:)/g, "$1?: $2 | null$3");
  } while (s !== prev);
  // The doc comments tsify carries from the Rust types keep rustdoc's intra-doc links
  // ([`Inbound::to`], [`crate::customer`]): plain code in TypeScript (`Inbound.to`, `customer`).
  s = s.replace(/^(\s*\*.*)$/gm, (line) =>
    line.replace(/\[`([\w:]+)`\](?![(\[])/g, (_, p) => "`" + p.replace(/^crate::/, "").replaceAll("::", ".") + "`"));
  writeFileSync(file, s);
}
