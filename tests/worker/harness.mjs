// Test harness for the edge worker: runs www/worker/index.js on real workerd through Miniflare,
// with a fake Twilio API on 127.0.0.1, and signs requests with the official `twilio` package.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Miniflare } from "miniflare";
import { workerOptions } from "../../www/worker/miniflare-options.mjs";
import { startFakeTwilio } from "../../www/worker/fake-twilio.mjs";

const twilio = createRequire(import.meta.url)("twilio");

export const CONFIG = JSON.parse(readFileSync(new URL("./config.json", import.meta.url), "utf8"));
export const ACCOUNT_SID = CONFIG.account.accountSid;
export const TOKEN = "5f2c8e1a9b3d4f6a7c0e2b4d6f8a1c3e";
export const TOKEN2 = "fedcba9876543210fedcba9876543210";
export const PUBLIC_BASE = "https://edge.example.com";
/** The public base of a worker with the test clock (which refuses to start unless it is loopback). */
export const LOOPBACK_BASE = "http://127.0.0.1:8787";
export const AGENT_TOKEN = "agent-test-token-7f3c9a";
export const AGENT_TOKEN2 = "agent-next-token-2b8d41e0";
export const TEST_CLOCK_SECRET = "test-clock-secret-9e1f7a3c";
export const API_KEY_SID = "SK" + "5a".repeat(16);
export const API_KEY_SECRET = "api-key-secret-c81e728d9d4c2f63";
export const ORIGIN = "https://agents.example.com";
export const SUPPORT = "+14155550100"; // attachments allowed
export const SALES = "+442071838750"; // attachments refused with an automated message
export const T0 = Date.parse("2026-03-02T10:00:00.000Z");
export const HOUR = 3600_000;
/** The Standard Webhooks secret deliveries are signed with (whsec_ + base64 of 32 bytes). */
export const UPSTREAM_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/**
 * Starts the worker and the fake Twilio API (which knows the account's auth token and API key).
 * `bindings` override the defaults; a value of `undefined` removes a binding. `testClock: true`
 * enables the test clock (ALLOW_TEST_CLOCK + TEST_CLOCK_SECRET) and `faults: true` the test-only
 * Durable Object fault injection (ALLOW_FAULT_INJECTION), each with the loopback public base it
 * requires. `queue`: delivery consumer settings (scaled down by default). `extra`: more Miniflare options. The workerd console output is captured in `logs`
 * (one string per line) and echoed only with WA_GUARD_WORKER_LOGS=1.
 */
export async function startWorker({ bindings = {}, testClock = false, faults = false, queue, extra = {} } = {}) {
  const fake = await startFakeTwilio({ accounts: { [ACCOUNT_SID]: TOKEN }, apiKeys: { [API_KEY_SID]: { secret: API_KEY_SECRET, account: ACCOUNT_SID } } });
  const all = {
    WA_GUARD_CONFIG: JSON.stringify(CONFIG),
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_AUTH_TOKEN_SECONDARY: TOKEN2,
    TWILIO_API_KEY_SID: API_KEY_SID,
    TWILIO_API_KEY_SECRET: API_KEY_SECRET,
    PUBLIC_BASE_URL: PUBLIC_BASE,
    ALLOWED_ORIGINS: `${ORIGIN}, https://supervisor.example.com`,
    AGENT_API_TOKEN: AGENT_TOKEN,
    TWILIO_API_BASE: fake.url,
    CONTENT_API_BASE: fake.url,
    UPSTREAM_SIGNING_SECRET: UPSTREAM_SECRET,
    // Delivery timing scaled down for tests (production: wrangler.toml).
    DELIVERY_RETRY_BASE_SECONDS: "0.1",
    DELIVERY_RETRY_MAX_SECONDS: "0.4",
    UPSTREAM_TIMEOUT_MS: "2000",
    OUTBOX_SWEEP_MS: "300",
    ...(testClock || faults ? { PUBLIC_BASE_URL: LOOPBACK_BASE } : {}),
    ...(testClock ? { ALLOW_TEST_CLOCK: "1", TEST_CLOCK_SECRET } : {}),
    ...(faults ? { ALLOW_FAULT_INJECTION: "1" } : {}),
    ...bindings,
  };
  for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
  const logs = [];
  const capture = (stream) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop();
      logs.push(...lines);
      if (process.env.WA_GUARD_WORKER_LOGS === "1") for (const l of lines) console.error(`[workerd] ${l}`);
    });
  };
  let mf;
  try {
    mf = new Miniflare(
      workerOptions({
        bindings: all,
        queue: { maxBatchTimeout: 0.05, maxRetries: 5, ...queue },
        extra: { handleRuntimeStdio: (out, err) => { capture(out); capture(err); }, ...extra },
      }),
    );
    await mf.ready;
  } catch (e) {
    await fake.close();
    await mf?.dispose().catch(() => {});
    e.logs = logs;
    throw e;
  }
  const url = await mf.ready;
  const base = String(url).replace(/\/$/, "");
  return {
    mf,
    base,
    fake,
    logs,
    publicBase: all.PUBLIC_BASE_URL ?? PUBLIC_BASE,
    testClockSecret: testClock ? all.TEST_CLOCK_SECRET : undefined,
    async close() {
      await mf.dispose();
      await fake.close();
    },
  };
}

/** X-Twilio-Signature for a form webhook, by the official SDK. */
export function sign(url, params, token = TOKEN) {
  return twilio.getExpectedTwilioSignature(token, url, params);
}

/** Form body from `[name, value]` pairs or an object. */
export function formBody(params) {
  return new URLSearchParams(Array.isArray(params) ? params : Object.entries(params)).toString();
}

let seq = 0;
/** A unique MessageSid. */
export function messageSid() {
  seq += 1;
  return `SM${(Date.now().toString(16) + seq.toString(16).padStart(8, "0")).padStart(32, "0").slice(-32)}`;
}

/** A realistic inbound WhatsApp text webhook's parameters (from Twilio's docs and captures). */
export function inboundParams({ from = "+5511987654321", to = SUPPORT, body = "Hello, I need help with my order", sid = messageSid(), extra = {} } = {}) {
  return {
    SmsMessageSid: sid,
    NumMedia: "0",
    ProfileName: "Maria",
    MessageType: "text",
    SmsSid: sid,
    WaId: from.slice(1),
    SmsStatus: "received",
    Body: body,
    To: `whatsapp:${to}`,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${from}`,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}

/**
 * POSTs a signed form webhook to the worker. The signature is computed for `signedUrl`
 * (default: the public URL Twilio would call) unless `signature` is given.
 */
export async function postWebhook(w, path, params, { token = TOKEN, signedUrl, signature, headers = {}, now } = {}) {
  const url = signedUrl ?? `${w.publicBase ?? PUBLIC_BASE}${path}`;
  const h = {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": signature ?? sign(url, params, token),
    ...headers,
  };
  if (now !== undefined) h["x-test-now"] = String(now);
  return fetch(`${w.base}${path}`, { method: "POST", headers: h, body: formBody(params) });
}

/** POSTs a signed JSON webhook (bodySHA256 in the query, the signature over the URL alone). */
export async function postJsonWebhook(w, path, object, { token = TOKEN, bodyOverride, headers = {} } = {}) {
  const body = JSON.stringify(object);
  const hash = twilio.getExpectedBodyHash(body);
  const pathQ = `${path}?bodySHA256=${hash}`;
  const signature = twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE}${pathQ}`, {});
  return fetch(`${w.base}${pathQ}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-twilio-signature": signature, ...headers },
    body: bodyOverride ?? body,
  });
}

/**
 * Agent request to the worker (bearer token and Origin by default). `now` sends X-Test-Now, with the
 * worker's test-clock secret when it has one.
 */
export async function agent(w, path, { method = "GET", body, now, headers = {}, token = AGENT_TOKEN, origin = ORIGIN } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (origin) h.origin = origin;
  if (now !== undefined) {
    h["x-test-now"] = String(now);
    if (w.testClockSecret && !("x-test-clock-secret" in h)) h["x-test-clock-secret"] = w.testClockSecret;
  }
  if (body !== undefined) h["content-type"] ??= "application/json";
  return fetch(`${w.base}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The window route of a conversation. */
export function windowPath(business, customer) {
  return `/conversations/${encodeURIComponent(business)}/${encodeURIComponent(customer)}/window`;
}

/** A local upstream on 127.0.0.1 that records what the worker forwards; `status` is settable. */
export async function startUpstream() {
  const http = await import("node:http");
  const received = [];
  const up = { received, status: 200, url: "" };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, raw, body: JSON.parse(raw), status: up.status });
      res.writeHead(up.status, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  up.url = `http://127.0.0.1:${server.address().port}/inbound`;
  up.close = () => new Promise((resolve) => server.close(() => resolve()));
  return up;
}

/** Polls `cond()` every 25 ms until it is truthy or `ms` pass. → whether it became true. */
export async function until(cond, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}
