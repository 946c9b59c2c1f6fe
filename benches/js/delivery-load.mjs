// Delivery load (issue 19; run by `pkg-scripts/bench --only=delivery`, NOT by the test command):
// 10,000 signed inbound webhooks at concurrency 32 into the worker on real workerd (Miniflare, with
// its local Queues), the local upstream failing 30 % of requests at random (503). Reports the
// acknowledged rate, webhook latency p50/p99, the time until every message is delivered, and the
// number lost (acknowledged but neither accepted upstream nor dead-lettered): must be 0.
//   WA_GUARD_DELIVERY_REQUESTS / WA_GUARD_DELIVERY_CONCURRENCY / WA_GUARD_DELIVERY_FAIL_RATE override.
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { PUBLIC_BASE, UPSTREAM_SECRET, agent, formBody, inboundParams, sign, startWorker } from "../../tests/worker/harness.mjs";
import { startFaultyUpstream } from "../../tests/worker/upstream.mjs";

const TOTAL = Number(process.env.WA_GUARD_DELIVERY_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.WA_GUARD_DELIVERY_CONCURRENCY ?? 32);
const FAIL_RATE = Number(process.env.WA_GUARD_DELIVERY_FAIL_RATE ?? 0.3);
const DEADLINE_MS = 20 * 60_000;

function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const up = await startFaultyUpstream({ secret: UPSTREAM_SECRET });
up.mode = "random";
up.failRate = FAIL_RATE;
up.rand = rng(42);
// Production settings except the backoff, scaled down (0.5 s · 2^n ≤ 5 s; wrangler.toml: 5 s ≤ 900 s)
// and the batch size (wrangler.toml's 10).
const w = await startWorker({
  bindings: { UPSTREAM_URL: up.url, ALLOW_TEST_CLOCK: undefined, DELIVERY_RETRY_BASE_SECONDS: "0.5", DELIVERY_RETRY_MAX_SECONDS: "5", UPSTREAM_TIMEOUT_MS: "10000", OUTBOX_SWEEP_MS: undefined },
  queue: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 20 },
});
const { port } = new URL(w.base);
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(body, signature) {
  return new Promise((resolve, reject) => {
    const buf = Buffer.from(body);
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: "/twilio/inbound",
      method: "POST",
      agent: process.env.WA_GUARD_DELIVERY_KEEPALIVE === "1" ? keepAlive : false,
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(buf.length), "x-twilio-signature": signature },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end(buf);
  });
}

const rand = rng(20261207);
const reqs = Array.from({ length: TOTAL }, (_, i) => {
  const from = `+55119${String(20000000 + Math.floor(rand() * 500)).padStart(8, "0")}`; // 500 conversations
  const p = inboundParams({ from, body: `load ${i}` });
  return { sid: p.MessageSid, body: formBody(p), signature: sign(`${PUBLIC_BASE}/twilio/inbound`, p) };
});

const latencies = [];
const progress = (what) =>
  process.stderr.write(`[delivery-load] ${((performance.now() - started) / 1000).toFixed(1)} s: ${what}; upstream accepted ${up.accepted.size}, requests ${up.requests.length}\n`);
const statuses = {};
const acknowledged = [];
let next = 0;
const started = performance.now();
async function lane() {
  for (;;) {
    const i = next++;
    if (i >= reqs.length) return;
    const t = performance.now();
    let status;
    try {
      status = await post(reqs[i].body, reqs[i].signature);
    } catch (e) {
      status = `error:${e.code ?? e.message}`;
    }
    latencies.push(performance.now() - t);
    if (latencies.length % 1000 === 0) progress(`${latencies.length} webhooks answered`);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 200) acknowledged.push(reqs[i].sid);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, lane));
const ackSeconds = (performance.now() - started) / 1000;

// Wait until every acknowledged message was accepted upstream or dead-lettered.
async function deadIds() {
  for (let i = 0; ; i++) {
    try {
      const res = await agent(w, "/deliveries/dead?limit=1000&kind=undelivered", { origin: null });
      return new Set((await res.json()).items.map((d) => d.id));
    } catch (e) {
      if (i >= 5) throw e; // a kept-alive connection closed by the server: retry on a new one
    }
  }
}
let lastProgress = 0;
let dead = new Set();
let remaining = acknowledged.length;
for (;;) {
  remaining = acknowledged.filter((id) => !up.accepted.has(id)).length;
  if (remaining === 0) break;
  dead = await deadIds();
  remaining = acknowledged.filter((id) => !up.accepted.has(id) && !dead.has(id)).length;
  if (remaining === 0 || performance.now() - started > DEADLINE_MS) break;
  if (performance.now() - lastProgress > 5000) {
    lastProgress = performance.now();
    progress(`${remaining} not yet delivered`);
  }
  await new Promise((r) => setTimeout(r, 250));
}
const allDeliveredSeconds = (performance.now() - started) / 1000;
const stats = await (await agent(w, "/deliveries", { origin: null })).json();

latencies.sort((a, b) => a - b);
const pct = (q) => +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
const upstreamRequests = up.requests.length;
const duplicates = [...up.accepted.values()].filter((n) => n > 1).length;
const report = {
  webhooks: TOTAL,
  concurrency: CONCURRENCY,
  upstreamFailRate: FAIL_RATE,
  acknowledged: acknowledged.length,
  statuses,
  acknowledgeSeconds: +ackSeconds.toFixed(2),
  acknowledgedPerSecond: Math.round(acknowledged.length / ackSeconds),
  p50ms: pct(0.5),
  p99ms: pct(0.99),
  allDeliveredSeconds: +allDeliveredSeconds.toFixed(2),
  delivered: acknowledged.filter((id) => up.accepted.has(id)).length,
  deadLettered: acknowledged.filter((id) => !up.accepted.has(id) && dead.has(id)).length,
  lost: remaining,
  upstreamRequests,
  upstreamFailures: up.requests.filter((r) => r.outcome === 503).length,
  duplicatesAccepted: duplicates,
  counters: stats,
};
console.log(`# delivery load: ${JSON.stringify(report)}`);
mkdirSync("bench-output", { recursive: true });
writeFileSync("bench-output/delivery-load.json", JSON.stringify(report, null, 2) + "\n");
keepAlive.destroy();
await w.close();
await up.close();
if (report.lost !== 0 || report.acknowledged !== TOTAL) {
  console.error(`delivery load: ${report.lost} lost, ${TOTAL - report.acknowledged} not acknowledged`);
  process.exit(1);
}
