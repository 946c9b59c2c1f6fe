// Durable, at-least-once delivery of verified Twilio webhooks to `UPSTREAM_URL`.
//
//   webhook → Conversation Durable Object (record + outbox) → DELIVERIES queue → queue() consumer
//           → POST UPSTREAM_URL (Standard Webhooks signature, no redirects) → ack
//                                      ↳ failure: retry with exponential backoff
//                                      ↳ last attempt failed: DELIVERIES_DLQ → dead-letter store (DeliveryOps)
//
// Every delivery has a stable id (the MessageSid; `<MessageSid>.<status>` for a status callback),
// sent as `webhook-id` on every attempt, and the same JSON body bytes on every attempt, so an
// upstream verifies and de-duplicates it with any Standard Webhooks library
// (https://www.standardwebhooks.com/). Logs carry ids, types, attempts and reasons: never message
// bodies, numbers' contents or secrets. Transport only: no WhatsApp rule lives here.

/** Queue names (wrangler.toml [[queues.producers]] / [[queues.consumers]]). */
export const DELIVERY_QUEUE = "wa-guard-deliveries";
export const DEAD_LETTER_QUEUE = "wa-guard-deliveries-dlq";

/** Default time allowed to one upstream attempt (ms); `UPSTREAM_TIMEOUT_MS` overrides. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
/** Default backoff: `base · 2^(attempt−1)` seconds, capped (`DELIVERY_RETRY_BASE_SECONDS`, `DELIVERY_RETRY_MAX_SECONDS`). */
export const DEFAULT_RETRY_BASE_SECONDS = 5;
export const DEFAULT_RETRY_MAX_SECONDS = 900;
/** A queue message is at most 128 KB; the body is kept well below. */
export const MAX_DELIVERY_BYTES = 100 * 1024;

/** One structured log line (JSON). Callers pass ids and codes only, never bodies or secrets. */
export function log(level, event, fields = {}) {
  const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** Whether deliveries are configured (an upstream to deliver to). */
export function deliveryEnabled(env) {
  return typeof env.UPSTREAM_URL === "string" && env.UPSTREAM_URL !== "";
}

/**
 * The queue message of one delivery, or null when no upstream is configured.
 * `conversation`: the Durable Object name that recorded it (for replays and diagnostics).
 */
export function deliveryMessage(env, { id, type, conversation, payload }) {
  if (!deliveryEnabled(env)) return null;
  const body = JSON.stringify({ type, id, ...payload });
  return { v: 1, id, type, conversation, body, createdAt: Date.now() };
}

/** Byte length of a string as UTF-8. */
export function utf8Length(s) {
  return new TextEncoder().encode(s).byteLength;
}

// ---------------------------------------------------------------------------------------------
// Standard Webhooks signature

const keyCache = new Map();

/**
 * The HMAC key of `UPSTREAM_SIGNING_SECRET`: `whsec_<base64>` (the Standard Webhooks form; the
 * base64 part is the key bytes). A secret without the prefix is taken as base64 too.
 */
async function signingKey(secret) {
  let key = keyCache.get(secret);
  if (key) return key;
  const b64 = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  let bytes;
  try {
    bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    throw new Error("UPSTREAM_SIGNING_SECRET is not whsec_<base64>");
  }
  key = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  keyCache.clear();
  keyCache.set(secret, key);
  return key;
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` (Standard Webhooks). */
export async function signDelivery(secret, id, timestamp, body) {
  const key = await signingKey(secret);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  let bin = "";
  for (const b of new Uint8Array(mac)) bin += String.fromCharCode(b);
  return `v1,${btoa(bin)}`;
}

// ---------------------------------------------------------------------------------------------
// One attempt

let warnedUnsigned = false;

/**
 * POSTs one delivery to `UPSTREAM_URL`. Never follows a redirect (a 3xx is a failed attempt: a
 * 301 would turn the POST into a bodiless GET, a 307 would send the customer's text elsewhere).
 * → `{ ok: true, status }` or `{ ok: false, reason, status? }`.
 */
export async function attemptDelivery(env, message, attempt) {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "wa-guard-edge",
    "webhook-id": message.id,
    "webhook-timestamp": String(timestamp),
    "x-wa-guard-attempt": String(attempt),
  };
  if (env.UPSTREAM_SIGNING_SECRET) {
    try {
      headers["webhook-signature"] = await signDelivery(env.UPSTREAM_SIGNING_SECRET, message.id, timestamp, message.body);
    } catch {
      // A broken secret is a configuration error: the attempt fails (and is retried, then
      // dead-lettered: replayable once the secret is fixed); never sent unsigned instead.
      return { ok: false, reason: "SIGNING_SECRET_INVALID" };
    }
  } else if (!warnedUnsigned) {
    warnedUnsigned = true;
    log("warn", "delivery.unsigned", { hint: "set the UPSTREAM_SIGNING_SECRET secret (whsec_<base64>) so the upstream can verify deliveries" });
  }
  if (env.UPSTREAM_TOKEN) headers.authorization = `Bearer ${env.UPSTREAM_TOKEN}`;
  const timeoutMs = positive(env.UPSTREAM_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS);
  let res;
  try {
    res = await fetch(env.UPSTREAM_URL, {
      method: "POST",
      headers,
      body: message.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const timeout = e && (e.name === "TimeoutError" || e.name === "AbortError");
    return { ok: false, reason: timeout ? "TIMEOUT" : "NETWORK" };
  }
  try {
    await res.body?.cancel();
  } catch {
    /* already closed */
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  if (res.status >= 300 && res.status < 400) return { ok: false, reason: "REDIRECT", status: res.status };
  return { ok: false, reason: "HTTP_STATUS", status: res.status };
}

/** Backoff before attempt `attempts + 1` (seconds). */
export function backoffSeconds(env, attempts) {
  const base = positive(env.DELIVERY_RETRY_BASE_SECONDS, DEFAULT_RETRY_BASE_SECONDS, true);
  const max = positive(env.DELIVERY_RETRY_MAX_SECONDS, DEFAULT_RETRY_MAX_SECONDS, true);
  const s = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(s * 1000) / 1000;
}

function positive(value, fallback, allowZero = false) {
  const n = Number(value);
  if (value === undefined || value === null || value === "" || !Number.isFinite(n)) return fallback;
  return n > 0 || (allowZero && n === 0) ? n : fallback;
}

// ---------------------------------------------------------------------------------------------
// Queue consumers

/** The singleton Durable Object keeping delivery counts and the dead-letter store. */
export function opsStub(env) {
  return env.DELIVERY_OPS.get(env.DELIVERY_OPS.idFromName("ops"));
}

/** `queue()` handler: the delivery queue and its dead-letter queue. */
export async function consume(batch, env) {
  if (batch.queue === DEAD_LETTER_QUEUE || batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
  return consumeDeliveries(batch, env);
}

async function consumeDeliveries(batch, env) {
  // "queued" is counted here, as each message's first attempt (one counter write per batch, not
  // one per webhook on the acknowledgement path).
  const counts = { queued: 0, delivered: 0, retried: 0 };
  await Promise.all(
    batch.messages.map(async (m) => {
      const message = m.body;
      if (m.attempts === 1) counts.queued += 1;
      if (!message || typeof message.id !== "string" || typeof message.body !== "string") {
        // Not ours (or corrupted): keep it for an operator rather than dropping it.
        log("error", "delivery.malformed", { queueMessageId: m.id });
        m.retry({ delaySeconds: backoffSeconds(env, m.attempts) });
        counts.retried += 1;
        return;
      }
      if (!deliveryEnabled(env)) {
        // The upstream was removed from the config while messages were queued: they wait (and end
        // in the dead-letter store, replayable) rather than vanish.
        log("warn", "delivery.no_upstream", { id: message.id, attempt: m.attempts });
        m.retry({ delaySeconds: backoffSeconds(env, m.attempts) });
        counts.retried += 1;
        return;
      }
      const r = await attemptDelivery(env, message, m.attempts);
      if (r.ok) {
        m.ack();
        counts.delivered += 1;
        // First-attempt successes are the normal case: counted, not logged one by one.
        if (m.attempts > 1) log("info", "delivery.delivered", { id: message.id, type: message.type, attempt: m.attempts, status: r.status });
      } else {
        const delay = backoffSeconds(env, m.attempts);
        m.retry({ delaySeconds: delay });
        counts.retried += 1;
        log("warn", "delivery.failed", { id: message.id, type: message.type, attempt: m.attempts, reason: r.reason, status: r.status ?? null, retryInSeconds: delay });
      }
    }),
  );
  try {
    await opsStub(env).count(counts);
  } catch (e) {
    log("error", "ops.count_failed", { error: errorName(e) });
  }
}

/** Messages whose last attempt failed: kept in the dead-letter store (listable, replayable). */
async function consumeDeadLetters(batch, env) {
  const entries = batch.messages
    .filter((m) => m.body && typeof m.body.id === "string")
    .map((m) => ({ kind: "undelivered", id: m.body.id, type: m.body.type, reason: "RETRIES_EXHAUSTED", message: m.body }));
  try {
    await opsStub(env).addDead(entries);
  } catch (e) {
    log("error", "dead_letter.store_failed", { error: errorName(e), count: entries.length });
    for (const m of batch.messages) m.retry({ delaySeconds: backoffSeconds(env, m.attempts) });
    return;
  }
  for (const m of batch.messages) {
    if (!m.body || typeof m.body.id !== "string") log("error", "dead_letter.malformed", { queueMessageId: m.id });
    else log("error", "delivery.dead", { id: m.body.id, type: m.body.type });
    m.ack();
  }
}

/** A short, body-free name of an error for logs. */
export function errorName(e) {
  if (!e) return "unknown";
  const msg = typeof e.message === "string" ? e.message.slice(0, 120) : "";
  return `${e.name ?? "Error"}${msg ? `: ${msg}` : ""}`;
}
