// A local upstream on 127.0.0.1 with fault injection, for the delivery tests and the load bench.
// Every request's Standard Webhooks signature is checked with the npm `standardwebhooks` package
// (what a real upstream would use). Modes (set `up.mode`, or `up.modeFor(n)` per request number):
//   "ok"          200
//   "down"        not listening at all (connection refused): up.down(ms) stops the server and
//                 starts it again on the same port after ms
//   "fail"        503
//   "flaky"       every other request 503 (the rest 200)
//   "slow"        answers 200 after up.slowMs (the worker gives up first: a timeout; the request
//                 did reach the upstream, so a retry is a duplicate with the same webhook-id)
//   "close"       closes the connection without answering
//   "redirect301" / "redirect307"  Location: up.elsewhere (a second server recording anything it gets)
//   "random"      503 with probability up.failRate, else 200
import http from "node:http";
import { createRequire } from "node:module";

const { Webhook } = createRequire(import.meta.url)("standardwebhooks");

export async function startFaultyUpstream({ secret }) {
  const verifier = new Webhook(secret);
  const elsewhere = { received: [] };
  const elsewhereServer = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      elsewhere.received.push({ method: req.method, url: req.url, headers: req.headers });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise((r) => elsewhereServer.listen(0, "127.0.0.1", r));
  elsewhere.url = `http://127.0.0.1:${elsewhereServer.address().port}/elsewhere`;

  const up = {
    mode: "ok",
    modeFor: null,
    slowMs: 3000,
    failRate: 0.3,
    rand: Math.random,
    /** Every request: { n, id, attempt, verified, outcome, body, at } */
    requests: [],
    /** webhook-id → times answered 2xx */
    accepted: new Map(),
    elsewhere,
    url: "",
    port: 0,
  };
  const sockets = new Set();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      n += 1;
      const raw = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      let body = null;
      try {
        body = verifier.verify(raw, {
          "webhook-id": req.headers["webhook-id"],
          "webhook-timestamp": req.headers["webhook-timestamp"],
          "webhook-signature": req.headers["webhook-signature"],
        });
        verified = true;
      } catch {
        /* recorded as not verified */
      }
      const mode = (up.modeFor && up.modeFor(n)) || up.mode;
      const rec = { n, id: req.headers["webhook-id"], attempt: Number(req.headers["x-wa-guard-attempt"]), verified, mode, body, raw, headers: req.headers, at: Date.now(), outcome: null };
      up.requests.push(rec);
      const answer = (status, headers = {}) => {
        rec.outcome = status;
        if (status >= 200 && status < 300 && verified) up.accepted.set(rec.id, (up.accepted.get(rec.id) ?? 0) + 1);
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(status < 300 ? "{}" : '{"error":"unavailable"}');
      };
      if (!verified) return answer(401);
      switch (mode) {
        case "fail":
          return answer(503);
        case "flaky":
          return answer(n % 2 === 1 ? 503 : 200);
        case "random":
          return answer(up.rand() < up.failRate ? 503 : 200);
        case "slow":
          rec.outcome = "slow";
          // The upstream processes it (it is "accepted" here) but answers too late for the worker.
          up.accepted.set(rec.id, (up.accepted.get(rec.id) ?? 0) + 1);
          setTimeout(() => {
            if (!res.destroyed) {
              res.writeHead(200);
              res.end("{}");
            }
          }, up.slowMs);
          return;
        case "close":
          rec.outcome = "closed";
          req.socket.destroy();
          return;
        case "redirect301":
          return answer(301, { location: elsewhere.url });
        case "redirect307":
          return answer(307, { location: elsewhere.url });
        default:
          return answer(200);
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  up.port = server.address().port;
  up.url = `http://127.0.0.1:${up.port}/deliveries`;

  /** Stops listening (connections refused) for `ms`, then listens again on the same port. */
  up.down = async (ms) => {
    await new Promise((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
    up.downSince = Date.now();
    return new Promise((resolve) =>
      setTimeout(() => {
        server.listen(up.port, "127.0.0.1", () => {
          up.upAgainAt = Date.now();
          resolve();
        });
      }, ms),
    );
  };
  /** Requests for one webhook-id. */
  up.attemptsOf = (id) => up.requests.filter((r) => r.id === id);
  up.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(() => r()));
    await new Promise((r) => elsewhereServer.close(() => r()));
  };
  return up;
}
