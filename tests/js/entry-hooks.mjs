// `node --import ./tests/js/entry-hooks.mjs` with WA_GUARD_ENTRY=webhook (or rules): every import of
// the whole package's Node build (pkg/node/wa_guard.js, as tests/js/pkg.mjs imports it) loads that
// entry's own build instead (pkg/webhook/node/wa_guard.js), so an unchanged suite runs against the
// entry's .wasm. tests/js/entries.test.mjs uses it.
import { isMainThread } from "node:worker_threads";
import { register } from "node:module";

const WHOLE = "/pkg/node/wa_guard.js";
let entry;

if (isMainThread) {
  const name = process.env.WA_GUARD_ENTRY;
  if (!/^(webhook|rules)$/.test(name ?? "")) throw new Error(`WA_GUARD_ENTRY must be webhook or rules, got ${name}`);
  register(import.meta.url, { data: name });
}

/** Module hooks (run on the loader thread). */
export function initialize(name) {
  entry = name;
}

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (entry && r.url.endsWith(WHOLE)) return { ...r, url: r.url.slice(0, -WHOLE.length) + `/pkg/${entry}/node/wa_guard.js` };
  return r;
}
