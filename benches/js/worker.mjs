// 6. Worker throughput on loopback: the webhook-verifying worker in workerd (through miniflare, on a
// real 127.0.0.1 port), driven by a keep-alive HTTP client at fixed concurrency, for valid
// webhooks; wa-guard's verifySignature against the same worker with a pure-JS WebCrypto check.
import http from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fmt, percentile, QUICK } from "./lib.mjs";

const root = new URL("../../", import.meta.url);
const path = (p) => new URL(p, root).pathname;

export const CONCURRENCY = 16;

/** Drives `port` for `ms` at `concurrency`; returns { rps, p50, p99, n, statuses }. */
async function load(port, reqPath, headers, body, { ms, concurrency }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const lat = [];
  const statuses = {};
  let stop = false;
  const one = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ host: "127.0.0.1", port, path: reqPath, method: "POST", headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          lat.push(performance.now() - t0);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  const loop = async () => {
    while (!stop) await one();
  };
  const t0 = performance.now();
  const timer = setTimeout(() => (stop = true), ms);
  await Promise.all(Array.from({ length: concurrency }, loop));
  clearTimeout(timer);
  const elapsed = performance.now() - t0;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { rps: (lat.length * 1000) / elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99), n: lat.length, statuses };
}

export async function workerThroughput(row, { skip }) {
  const { Miniflare } = await import("miniflare");
  const W = JSON.parse(readFileSync(path("benches/data/webhook.json")));
  const u = new URL(W.url);
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": W.signature,
    "content-length": Buffer.byteLength(W.formBody),
  };
  const variants = [["wa-guard verifySignature (wasm)", "benches/worker/wasm.mjs"], ["pure-JS WebCrypto HMAC", "benches/worker/webcrypto.mjs"]];
  const out = { concurrency: CONCURRENCY, worker: "benches/worker/ (minimal: verify, 204/403)" };
  // Both workers run side by side; timed runs alternate (A, B, A, B, …) and the best run of
  // each is kept, so that load from other processes on a shared machine hits both alike.
  const servers = [];
  for (const [label, script] of variants) {
    if (!existsSync(path(script))) return skip("worker", `${script} missing`);
    const mf = new Miniflare({
      modules: true, scriptPath: path(script), modulesRoot: path(""),
      modulesRules: [{ type: "ESModule", include: ["**/*.js", "**/*.mjs"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-04-01", cf: false, host: "127.0.0.1", port: 0,
      bindings: { AUTH_TOKEN: W.authToken, PUBLIC_ORIGIN: u.origin },
    });
    const port = Number(new URL(await mf.ready).port);
    servers.push({ label, mf, port });
  }
  const reqPath = u.pathname + u.search;
  try {
    for (const { label, port } of servers) {
      // Sanity: valid → 204, forged → 403, before timing anything.
      const ok = await load(port, reqPath, headers, W.formBody, { ms: 50, concurrency: 1 });
      const bad = await load(port, reqPath, { ...headers, "x-twilio-signature": W.forged }, W.formBody, { ms: 50, concurrency: 1 });
      if (Object.keys(ok.statuses).join() !== "204" || Object.keys(bad.statuses).join() !== "403")
        throw new Error(`${label}: expected 204 for valid and 403 for forged, got ${JSON.stringify([ok.statuses, bad.statuses])}`);
      await load(port, reqPath, headers, W.formBody, { ms: QUICK ? 300 : 1000, concurrency: CONCURRENCY }); // warm-up
    }
    const runs = QUICK ? 1 : 4;
    for (let r = 0; r < runs; r++) {
      for (const { label, port } of servers) {
        const x = await load(port, reqPath, headers, W.formBody, { ms: QUICK ? 1000 : 2000, concurrency: CONCURRENCY });
        if (!out[label] || x.rps > out[label].rps) out[label] = { ...x, runs };
      }
    }
  } finally {
    for (const { mf } of servers) await mf.dispose();
  }
  for (const [label] of variants) {
    const r = out[label];
    row({ section: "6 worker", name: `${label}, valid webhooks, ${CONCURRENCY} concurrent, loopback (best of ${r.runs} runs)`,
      value: `${fmt(r.rps)} req/s`, baseline: `p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms (${fmt(r.n)} requests)` });
  }
  const [a, b] = variants.map(([l]) => out[l]);
  out.ratio = a.rps / b.rps;
  row({ section: "6 worker", name: "wa-guard vs WebCrypto baseline (req/s)", value: `${fmt(out.ratio, 2)}×` });
  return out;
}
