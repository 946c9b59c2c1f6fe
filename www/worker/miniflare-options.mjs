// Miniflare options for running the worker on real workerd, shared by dev.mjs and the tests.
// Mirrors wrangler.toml: module worker www/worker/index.js, the CONVERSATIONS Durable Object
// (class Conversation, SQLite-backed), the RATE_LIMITER Durable Object (class RateLimiter), the
// DELIVERY_OPS Durable Object (class DeliveryOps), the DELIVERIES queue (producer; consumed by the
// same worker, with retries and a dead-letter queue that the worker consumes too), and the
// vars/secrets passed in `bindings`.
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const scriptPath = fileURLToPath(new URL("./index.js", import.meta.url));

/** Must match wrangler.toml's compatibility_date. */
export const COMPATIBILITY_DATE = "2026-04-01";

/** Must match wrangler.toml's queues. */
export const DELIVERY_QUEUE = "wa-guard-deliveries";
export const DEAD_LETTER_QUEUE = "wa-guard-deliveries-dlq";
/** wrangler.toml's consumer settings (tests scale the timing down through `queue`). */
export const QUEUE_DEFAULTS = { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 20 };

/**
 * @param {object} o
 * @param {Record<string, string>} o.bindings vars and secrets (WA_GUARD_CONFIG, TWILIO_AUTH_TOKEN, …)
 * @param {number} [o.port] 0 = any free port
 * @param {string} [o.host]
 * @param {{ maxBatchSize?: number, maxBatchTimeout?: number, maxRetries?: number }} [o.queue]
 *   delivery consumer settings (default: wrangler.toml's)
 * @param {object} [o.extra] more Miniflare options (tests: `outboundService`, `handleRuntimeStdio`)
 */
export function workerOptions({ bindings, port = 0, host = "127.0.0.1", queue = {}, extra = {} }) {
  const q = { ...QUEUE_DEFAULTS, ...queue };
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
      DELIVERY_OPS: { className: "DeliveryOps", useSQLite: true },
    },
    queueProducers: { DELIVERIES: { queueName: DELIVERY_QUEUE } },
    queueConsumers: {
      [DELIVERY_QUEUE]: { ...q, deadLetterQueue: DEAD_LETTER_QUEUE },
      [DEAD_LETTER_QUEUE]: { maxBatchSize: q.maxBatchSize, maxBatchTimeout: q.maxBatchTimeout, maxRetries: 100 },
    },
    host,
    port,
    ...extra,
  };
}
