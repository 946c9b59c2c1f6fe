// Miniflare options for running the worker on real workerd, shared by dev.mjs and the tests.
// Mirrors wrangler.toml: module worker www/worker/index.js, the CONVERSATIONS Durable Object
// (class Conversation, SQLite-backed), the RATE_LIMITER Durable Object (class RateLimiter), and the
// vars/secrets passed in `bindings`.
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const scriptPath = fileURLToPath(new URL("./index.js", import.meta.url));

/** Must match wrangler.toml's compatibility_date. */
export const COMPATIBILITY_DATE = "2026-04-01";

/**
 * @param {object} o
 * @param {Record<string, string>} o.bindings vars and secrets (WA_GUARD_CONFIG, TWILIO_AUTH_TOKEN, …)
 * @param {number} [o.port] 0 = any free port
 * @param {string} [o.host]
 * @param {object} [o.extra] more Miniflare options (tests: `outboundService`, `handleRuntimeStdio`)
 */
export function workerOptions({ bindings, port = 0, host = "127.0.0.1", extra = {} }) {
  return {
    modules: true,
    scriptPath,
    // The worker imports ../../pkg/workerd/index.js, so modules are named relative to the repo root.
    modulesRoot: repoRoot,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: COMPATIBILITY_DATE,
    cf: false,
    bindings,
    durableObjects: {
      CONVERSATIONS: { className: "Conversation", useSQLite: true },
      RATE_LIMITER: { className: "RateLimiter", useSQLite: true },
      TEMPLATES: { className: "TemplateStore", useSQLite: true },
    },
    host,
    port,
    ...extra,
  };
}
