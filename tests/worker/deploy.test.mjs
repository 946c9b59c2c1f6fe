// wrangler.toml is real: `wrangler deploy --dry-run` bundles the worker (with the .wasm as a compiled
// module and the Durable Object binding) offline, and the config it ships passes validateConfig.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as wa from "../js/pkg.mjs";

const run = promisify(execFile);
const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

test("wrangler deploy --dry-run bundles the worker, its wasm and its bindings", { timeout: 90_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "wa-guard-wrangler-"));
  try {
    const { stdout, stderr } = await run("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", out], {
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_SEND_METRICS: "false",
        XDG_CONFIG_HOME: join(out, "xdg"),
        NO_COLOR: "1",
      },
    });
    const files = readdirSync(out);
    assert.ok(files.includes("index.js"), files.join(","));
    assert.ok(files.some((f) => f.endsWith("wa_guard_bg.wasm")), "the .wasm ships as a module");
    assert.match(stdout + stderr, /env\.CONVERSATIONS \(Conversation\)\s+Durable Object/);
    assert.match(stdout + stderr, /env\.RATE_LIMITER \(RateLimiter\)\s+Durable Object/);
    assert.match(stdout + stderr, /env\.DELIVERY_OPS \(DeliveryOps\)\s+Durable Object/);
    assert.match(stdout + stderr, /env\.DELIVERIES \(wa-guard-deliveries\)\s+Queue/);
    const bundle = readFileSync(join(out, "index.js"), "utf8");
    assert.match(bundle, /Conversation = class extends DurableObject|class Conversation extends/);
    assert.doesNotMatch(stdout + stderr, /\[ERROR\]/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the config in wrangler.toml is a valid wa-guard config", () => {
  const m = /WA_GUARD_CONFIG = '''\n([\s\S]*?)\n'''/.exec(toml);
  assert.ok(m, "WA_GUARD_CONFIG is set");
  const config = JSON.parse(m[1]);
  assert.deepEqual(wa.validateConfig(config), { valid: true, problems: [] });
  assert.equal(config.account.authToken, undefined, "no token in plain vars");
});

test("wrangler.toml and the Miniflare options agree on the compatibility date", async () => {
  const { COMPATIBILITY_DATE } = await import("../../www/worker/miniflare-options.mjs");
  assert.match(toml, new RegExp(`compatibility_date = "${COMPATIBILITY_DATE}"`));
  for (const secret of ["TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN_SECONDARY", "TWILIO_SHARED_KEYS", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "AGENT_API_TOKEN", "AGENT_API_TOKEN_SECONDARY", "UPSTREAM_TOKEN", "UPSTREAM_SIGNING_SECRET", "TEST_CLOCK_SECRET"]) {
    assert.match(toml, new RegExp(`#\\s+${secret}\\s`), `secret ${secret} documented`);
    assert.doesNotMatch(toml, new RegExp(`^${secret}\\s*=`, "m"), `secret ${secret} never a plain var`);
  }
});

test("wrangler.toml never enables the test clock, fault injection or anonymous reads, and pins the Twilio API base", () => {
  assert.doesNotMatch(toml, /^\s*ALLOW_TEST_CLOCK\s*=/m);
  assert.doesNotMatch(toml, /^\s*ALLOW_FAULT_INJECTION\s*=/m);
  assert.doesNotMatch(toml, /^\s*ALLOW_ANONYMOUS_READS\s*=/m);
  assert.match(toml, /^TWILIO_API_BASE = "https:\/\/api\.twilio\.com"$/m);
});

test("Durable Object migrations are ordered and never rewritten: v1 Conversation, v2 RateLimiter, v3 DeliveryOps, v4 TemplateStore", () => {
  const migrations = [...toml.matchAll(/\[\[migrations\]\]\ntag = "([^"]+)"\nnew_sqlite_classes = \[([^\]]*)\]/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(migrations, [
    ["v1", '"Conversation"'],
    ["v2", '"RateLimiter"'],
    ["v3", '"DeliveryOps"'],
    ["v4", '"TemplateStore"'],
  ]);
});

test("wrangler.toml declares the delivery queue as the Miniflare options run it", async () => {
  const { DELIVERY_QUEUE, DEAD_LETTER_QUEUE, QUEUE_DEFAULTS } = await import("../../www/worker/miniflare-options.mjs");
  const consumers = [...toml.matchAll(/\[\[queues\.consumers\]\]\n([\s\S]*?)(?=\n\n|\n\[|$)/g)].map((m) => m[1]);
  const main = consumers.find((c) => c.includes(`queue = "${DELIVERY_QUEUE}"`));
  assert.ok(main, "a consumer of the delivery queue");
  assert.match(main, new RegExp(`max_retries = ${QUEUE_DEFAULTS.maxRetries}\\b`));
  assert.match(main, new RegExp(`max_batch_size = ${QUEUE_DEFAULTS.maxBatchSize}\\b`));
  assert.match(main, new RegExp(`dead_letter_queue = "${DEAD_LETTER_QUEUE}"`));
  assert.ok(consumers.some((c) => c.includes(`queue = "${DEAD_LETTER_QUEUE}"`)), "the dead-letter queue is consumed (stored for operators)");
  assert.match(toml, new RegExp(`\\[\\[queues\\.producers\\]\\]\\nbinding = "DELIVERIES"\\nqueue = "${DELIVERY_QUEUE}"`));
  const { DELIVERY_QUEUE: q1, DEAD_LETTER_QUEUE: q2 } = await import("../../www/worker/delivery.js").catch(() => ({}));
  if (q1) assert.deepEqual([q1, q2], [DELIVERY_QUEUE, DEAD_LETTER_QUEUE]);
});
