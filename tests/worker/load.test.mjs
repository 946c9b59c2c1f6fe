// Bounded load test of the edge worker on loopback (real workerd via Miniflare): a few thousand
// webhooks mixing valid, forged and malformed requests at a fixed concurrency. Reports requests/s and
// p50/p99 latency; asserts no forged request accepted, no valid one rejected, no 5xx.
//   WA_GUARD_LOAD_REQUESTS / WA_GUARD_LOAD_CONCURRENCY override the defaults (3000 / 16).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import { PUBLIC_BASE, formBody, inboundParams, sign, startWorker } from "./harness.mjs";

const TOTAL = Number(process.env.WA_GUARD_LOAD_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.WA_GUARD_LOAD_CONCURRENCY ?? 16);
const URL_PATH = "/twilio/inbound";

let w;
before(async () => {
  w = await startWorker({ bindings: { ALLOW_TEST_CLOCK: undefined } });
});
after(async () => {
  keepAlive.destroy();
  await w.close();
});

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRequests(n, seed) {
  const rand = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const customer = `+55119${String(10000000 + Math.floor(rand() * 200)).padStart(8, "0")}`; // 200 conversations
    const p = inboundParams({ from: customer, body: `load ${i} ${"é".repeat(Math.floor(rand() * 50))}` });
    const url = `${PUBLIC_BASE}${URL_PATH}`;
    const r = rand();
    const form = { "content-type": "application/x-www-form-urlencoded" };
    if (r < 0.5) {
      out.push({ kind: "valid", headers: { ...form, "x-twilio-signature": sign(url, p) }, body: formBody(p) });
    } else if (r < 0.6) {
      out.push({ kind: "forged", headers: { ...form, "x-twilio-signature": sign(url, p, "ffffffffffffffffffffffffffffffff") }, body: formBody(p) });
    } else if (r < 0.7) {
      const sig = sign(url, p);
      out.push({ kind: "forged", headers: { ...form, "x-twilio-signature": sig }, body: formBody({ ...p, Body: p.Body + "!" }) });
    } else if (r < 0.75) {
      const sig = sign(url, p);
      const flipped = sig.slice(0, 5) + (sig[5] === "A" ? "B" : "A") + sig.slice(6);
      out.push({ kind: "forged", headers: { ...form, "x-twilio-signature": flipped }, body: formBody(p) });
    } else if (r < 0.8) {
      out.push({ kind: "forged", headers: form, body: formBody(p) });
    } else if (r < 0.85) {
      out.push({ kind: "malformed", headers: { ...form, "x-twilio-signature": sign(url, p) }, body: formBody(p).replace("Body=", "Body=%E2%82") });
    } else if (r < 0.9) {
      out.push({ kind: "malformed", headers: { "content-type": "text/plain", "x-twilio-signature": sign(url, p) }, body: formBody(p) });
    } else if (r < 0.95) {
      // Oversize, streamed without Content-Length: cut off at the limit with 413, after which the
      // server closes the connection, so it gets a connection of its own. A TCP reset racing the
      // 413 is the server refusing it too, and is counted apart ("reset").
      out.push({ kind: "malformed", oversize: true, headers: { ...form, "x-twilio-signature": sign(url, p) }, body: "Body=" + "x".repeat(64 * 1024) });
    } else {
      out.push({ kind: "malformed", method: "GET", headers: {}, body: undefined });
    }
  }
  return out;
}

// A connection per request by default (as Twilio mostly does); WA_GUARD_LOAD_KEEPALIVE=1 reuses them.
const KEEP_ALIVE = process.env.WA_GUARD_LOAD_KEEPALIVE === "1";
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request over node:http (keep-alive, or its own connection). → status code. */
function send(base, r) {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    const headers = { ...r.headers, ...(body && !r.oversize ? { "content-length": String(body.length) } : {}) };
    const req = http.request({ host: "127.0.0.1", port, path: URL_PATH, method: r.method ?? "POST", headers, agent: KEEP_ALIVE && !r.oversize ? keepAlive : false });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", (e) => (r.oversize && (e.code === "ECONNRESET" || e.code === "EPIPE") ? resolve("reset") : reject(e)));
    req.end(body);
  });
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

test(`load: ${TOTAL} mixed webhooks at concurrency ${CONCURRENCY}`, { timeout: 90_000 }, async () => {
  const reqs = makeRequests(TOTAL, 20261124);
  // Warm-up (isolate, wasm instantiation, Durable Objects) is not measured.
  for (const r of makeRequests(50, 1)) {
    await send(w.base, r);
  }
  const latencies = new Array(reqs.length);
  const outcomes = { valid: {}, forged: {}, malformed: {} };
  let next = 0;
  const started = performance.now();
  async function lane() {
    for (;;) {
      const i = next++;
      if (i >= reqs.length) return;
      const r = reqs[i];
      const t = performance.now();
      let status;
      try {
        status = await send(w.base, r);
      } catch (e) {
        status = `error:${e.cause?.code ?? e.message}`;
      }
      latencies[i] = performance.now() - t;
      outcomes[r.kind][status] = (outcomes[r.kind][status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const report = {
    requests: TOTAL,
    concurrency: CONCURRENCY,
    seconds: +seconds.toFixed(2),
    requestsPerSecond: Math.round(TOTAL / seconds),
    p50ms: +percentile(sorted, 0.5).toFixed(2),
    p99ms: +percentile(sorted, 0.99).toFixed(2),
    outcomes,
  };
  console.log(`# worker load: ${JSON.stringify(report)}`);
  mkdirSync("test-output", { recursive: true });
  writeFileSync("test-output/worker-load.json", JSON.stringify(report, null, 2) + "\n");

  const count = (o, pred) => Object.entries(o).filter(([s]) => pred(s)).reduce((a, [, n]) => a + n, 0);
  assert.equal(count(outcomes.forged, (s) => s !== "403"), 0, `every forged request is refused with 403: ${JSON.stringify(outcomes.forged)}`);
  assert.equal(count(outcomes.valid, (s) => s !== "200"), 0, `every valid request is accepted: ${JSON.stringify(outcomes.valid)}`);
  for (const kind of Object.keys(outcomes)) {
    assert.equal(count(outcomes[kind], (s) => !/^[1-4]\d\d$|^reset$/.test(s)), 0, `no 5xx or transport error (${kind}): ${JSON.stringify(outcomes[kind])}`);
  }
  assert.equal(count(outcomes.malformed, (s) => s === "200"), 0, "no malformed request accepted");
  assert.ok(count(outcomes.valid, () => true) > TOTAL / 3, "the mix really holds valid requests");
});
