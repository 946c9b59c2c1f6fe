// Durable delivery (issue 19) on real workerd through Miniflare, with its local Queues: a verified
// webhook is acknowledged once recorded and queued; the queue consumer delivers it to a local
// upstream with a Standard Webhooks signature (verified here with the npm `standardwebhooks`
// package), retries with backoff, and moves it to the dead-letter store after the last attempt.
// Fault injection: upstream down (20 s, real), failing every other request, answering too late,
// closing connections, redirecting (301/307); Durable Object errors while recording.
// Each time: 0 messages lost (every acknowledged message reached the upstream or the dead-letter
// store), duplicates bounded and carrying the same webhook-id and the same body bytes.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNT_SID, SUPPORT, UPSTREAM_SECRET,
  AGENT_TOKEN, PUBLIC_BASE,
  agent, inboundParams, messageSid, postJsonWebhook, postWebhook, startWorker, until,
} from "./harness.mjs";
import { startFaultyUpstream } from "./upstream.mjs";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
let seqCustomer = 0;
/** A fresh customer number per use (one conversation each, unless shared on purpose). */
function customer() {
  seqCustomer += 1;
  return `+5511940${String(seqCustomer).padStart(6, "0")}`;
}

/** Posts one inbound webhook; → { sid, status, ms, duplicate }. */
async function inbound(w, { from = customer(), sid = messageSid(), body = `hello ${sid}` } = {}) {
  const t = performance.now();
  const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from, sid, body }));
  const text = await res.text();
  return { sid, from, status: res.status, ms: performance.now() - t, text, duplicate: res.headers.get("x-wa-guard-duplicate") === "1" };
}

async function deadLetters(w) {
  const res = await agent(w, "/deliveries/dead?limit=1000");
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

/**
 * 0 lost: every acknowledged id is accepted by the upstream or in the dead-letter store (waits up
 * to `ms`); every upstream request of an id carries that id as webhook-id, a valid signature and
 * the same body bytes. → { dead: ids in the dead-letter store, maxCopies }.
 */
async function assertNoneLost(w, up, ids, { ms = 15_000, dead: allowDead = false } = {}) {
  let dead = new Set();
  const settled = await until(async () => {
    if (ids.every((id) => up.accepted.has(id))) return true;
    dead = new Set((await deadLetters(w)).map((d) => d.id));
    return ids.every((id) => up.accepted.has(id) || dead.has(id));
  }, ms);
  const missing = ids.filter((id) => !up.accepted.has(id) && !dead.has(id));
  assert.ok(settled, `lost: ${missing.length} of ${ids.length} acknowledged messages reached neither the upstream nor the dead-letter store`);
  if (!allowDead) assert.equal(ids.filter((id) => dead.has(id)).length, 0, "none dead-lettered");
  let maxCopies = 0;
  for (const id of ids) {
    const reqs = up.requests.filter((r) => r.body?.message?.messageSid === id || r.id === id);
    for (const r of reqs) {
      assert.equal(r.id, id, "every copy carries the MessageSid as webhook-id");
      assert.equal(r.verified, true, "every copy verifies (Standard Webhooks)");
      assert.equal(r.raw, reqs[0].raw, "every copy has the same body bytes");
    }
    maxCopies = Math.max(maxCopies, up.accepted.get(id) ?? 0);
  }
  return { dead, maxCopies };
}

function percentile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

describe("delivery with a healthy upstream", () => {
  let w;
  let up;
  before(async () => {
    up = await startFaultyUpstream({ secret: UPSTREAM_SECRET });
    w = await startWorker({ bindings: { UPSTREAM_URL: up.url, UPSTREAM_TOKEN: "upstream-bearer" }, faults: true });
  });
  after(async () => {
    await w.close();
    await up.close();
  });

  test("acknowledged at once, then delivered once, signed per Standard Webhooks", async () => {
    const r = await inbound(w, { body: "Olá, preciso de ajuda" });
    assert.equal(r.status, 200);
    assert.equal(r.text, EMPTY_TWIML);
    await assertNoneLost(w, up, [r.sid]);
    const [req] = up.attemptsOf(r.sid);
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers.authorization, "Bearer upstream-bearer");
    assert.match(req.headers["webhook-signature"], /^v1,[A-Za-z0-9+/]+=*$/);
    assert.ok(Math.abs(Number(req.headers["webhook-timestamp"]) - Date.now() / 1000) < 30);
    assert.equal(req.body.type, "inbound");
    assert.equal(req.body.id, r.sid);
    assert.equal(req.body.message.messageSid, r.sid);
    assert.equal(req.body.message.body, "Olá, preciso de ajuda");
    // A wrong secret does not verify: the signature really binds the body.
    const { Webhook } = (await import("node:module")).createRequire(import.meta.url)("standardwebhooks");
    assert.throws(() => new Webhook("whsec_" + Buffer.from("another secret key!!").toString("base64")).verify(req.raw, req.headers));
    assert.throws(() => new Webhook(UPSTREAM_SECRET).verify(req.raw.replace("ajuda", "AJUDA"), req.headers));
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(up.attemptsOf(r.sid).length, 1, "delivered exactly once");
  });

  test("status callbacks: forwarded as type status, de-duplicated, ordered by rank", async () => {
    const to = customer();
    const sid = messageSid();
    const post = (status) =>
      postWebhook(w, "/twilio/status", { MessageSid: sid, MessageStatus: status, AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${to}` });
    for (const st of ["delivered", "sent", "delivered", "read", "sent"]) {
      const res = await post(st);
      assert.equal(res.status, 204, st);
    }
    const ids = ["delivered", "sent", "read"].map((s) => `${sid}.${s}`);
    await assertNoneLost(w, up, ids);
    await new Promise((res) => setTimeout(res, 300));
    for (const id of ids) assert.equal(up.attemptsOf(id).length, 1, `${id} forwarded once`);
    const fwd = up.attemptsOf(`${sid}.read`)[0].body;
    assert.deepEqual({ type: fwd.type, messageSid: fwd.messageSid, status: fwd.status, customer: fwd.customer }, { type: "status", messageSid: sid, status: "read", customer: to });
    const win = await (await agent(w, `/conversations/${encodeURIComponent(SUPPORT)}/${encodeURIComponent(to)}/window`)).json();
    assert.deepEqual(win.statuses[sid].statuses.map((s) => s.status), ["sent", "delivered", "read"], "ordered by rank, each once");
    assert.equal(win.statuses[sid].current, "read");
  });

  test("concurrent duplicate deliveries (racing in the Durable Object) are forwarded once", async () => {
    const from = customer();
    const p = inboundParams({ from });
    const all = await Promise.all(Array.from({ length: 12 }, () => postWebhook(w, "/twilio/inbound", p)));
    for (const r of all) {
      assert.equal(r.status, 200);
      await r.body.cancel();
    }
    assert.equal(all.filter((r) => r.headers.get("x-wa-guard-duplicate") !== "1").length, 1);
    await assertNoneLost(w, up, [p.MessageSid]);
    await new Promise((res) => setTimeout(res, 400));
    assert.equal(up.attemptsOf(p.MessageSid).length, 1, "one forward");
  });

  test("the I-Twilio-Idempotency-Token is unsigned: it never makes another MessageSid a duplicate", async () => {
    const headers = { "i-twilio-idempotency-token": "same-token-for-two-messages" };
    const from = customer();
    const a = await postWebhook(w, "/twilio/inbound", inboundParams({ from }), { headers });
    const pb = inboundParams({ from });
    const b = await postWebhook(w, "/twilio/inbound", pb, { headers });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(b.headers.get("x-wa-guard-duplicate"), null);
    await a.body.cancel();
    await b.body.cancel();
    await assertNoneLost(w, up, [pb.MessageSid]);
  });

  test("a Durable Object error while recording answers 5xx, never 200; Twilio's retry is delivered once", async () => {
    const from = customer();
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const stub = ns.get(ns.idFromName(`${SUPPORT}|${from}`));
    const p = inboundParams({ from });
    await stub.injectFault("acceptInbound", 1);
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 503);
    assert.equal((await res.json()).code, "RECORD_FAILED");
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(up.attemptsOf(p.MessageSid).length, 0, "nothing was recorded, nothing delivered");
    const retry = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get("x-wa-guard-duplicate"), null, "the retry is processed");
    await retry.body.cancel();
    await assertNoneLost(w, up, [p.MessageSid]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(up.attemptsOf(p.MessageSid).length, 1);
  });

  test("a failed enqueue answers 5xx; the outbox re-enqueues it even if Twilio never retries", async () => {
    const from = customer();
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const stub = ns.get(ns.idFromName(`${SUPPORT}|${from}`));
    const p = inboundParams({ from });
    await stub.injectFault("enqueue", 1);
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 503, "recorded but not queued: not acknowledged");
    await res.body.cancel();
    assert.deepEqual(await stub.pendingDeliveries(), [p.MessageSid], "kept in the outbox");
    // No Twilio retry at all: the Durable Object's alarm sweeps the outbox.
    await assertNoneLost(w, up, [p.MessageSid]);
    assert.deepEqual(await stub.pendingDeliveries(), []);
    // A late Twilio retry is a duplicate (already queued), not a second delivery.
    const retry = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get("x-wa-guard-duplicate"), "1");
    await retry.body.cancel();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(up.attemptsOf(p.MessageSid).length, 1);
  });

  test("a verified webhook refused by a later check is kept as a dead letter and can be replayed", async () => {
    const p = inboundParams({ to: "+14155550199" }); // not a configured number
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 404);
    await res.body.cancel();
    const dead = (await deadLetters(w)).filter((d) => d.kind === "refused" && d.reason === "NUMBER_NOT_CONFIGURED");
    assert.equal(dead.length, 1, JSON.stringify(await deadLetters(w)));
    assert.doesNotMatch(JSON.stringify(dead), /hello|Body/, "the listing carries no message body");
    const again = await agent(w, `/deliveries/dead/${dead[0].id}/replay`, { method: "POST" });
    assert.equal(again.status, 409, "still refused by the same configuration");
    assert.equal((await again.json()).refusal, "NUMBER_NOT_CONFIGURED");
    // A forged request is not Twilio's: never stored.
    const before = (await deadLetters(w)).length;
    const forged = await postWebhook(w, "/twilio/inbound", inboundParams({ to: "+14155550199" }), { token: "ffffffffffffffffffffffffffffffff" });
    assert.equal(forged.status, 403);
    await forged.body.cancel();
    assert.equal((await deadLetters(w)).length, before);
  });

  test("operator routes need the agent token; counts are reported", async () => {
    const anon = await agent(w, "/deliveries", { token: null });
    assert.equal(anon.status, 401);
    await anon.body.cancel();
    const res = await agent(w, "/deliveries");
    assert.equal(res.status, 200);
    const s = await res.json();
    for (const k of ["queued", "delivered", "retried", "dead", "refused"]) assert.equal(typeof s[k], "number", k);
    assert.ok(s.queued >= 5 && s.delivered >= 5, JSON.stringify(s));
    assert.ok(s.refused >= 1);
  });
});

describe("delivery under upstream faults", () => {
  let w;
  let up;
  before(async () => {
    up = await startFaultyUpstream({ secret: UPSTREAM_SECRET });
    // 2 s per attempt (scaled down from 10 s), backoff 0.1 s · 2^n ≤ 0.4 s, 10 retries.
    w = await startWorker({ bindings: { UPSTREAM_URL: up.url, UPSTREAM_TIMEOUT_MS: "2000" }, queue: { maxRetries: 10 } });
  });
  after(async () => {
    await w.close();
    await up.close();
  });

  test("upstream failing every other request: all delivered, duplicates bounded", async () => {
    up.mode = "flaky";
    const rs = await Promise.all(Array.from({ length: 30 }, () => inbound(w)));
    assert.ok(rs.every((r) => r.status === 200));
    const { maxCopies } = await assertNoneLost(w, up, rs.map((r) => r.sid));
    assert.equal(maxCopies, 1, "a 503 is not processed: each message accepted once");
    up.mode = "ok";
  });

  test("upstream answering too late (timeout): delivered, and the copies carry one webhook-id", async () => {
    up.slowMs = 4500; // the worker gives up after 2 s (scaled from a 30 s answer vs a 10 s timeout)
    const start = up.requests.length;
    up.modeFor = (n) => (n <= start + 6 ? "slow" : "ok");
    const rs = await Promise.all(Array.from({ length: 6 }, () => inbound(w)));
    assert.ok(rs.every((r) => r.status === 200 && r.ms < 2000), "acknowledged without waiting for the upstream");
    // The slow upstream processed each first copy; the worker, not knowing, retries until a 200 comes back in time.
    assert.ok(await until(() => rs.every((r) => up.attemptsOf(r.sid).some((a) => a.outcome === 200)), 20_000), "each answered in time once");
    const { maxCopies } = await assertNoneLost(w, up, rs.map((r) => r.sid));
    assert.ok(maxCopies >= 2, `the late answer made the worker retry (a duplicate the upstream can drop by webhook-id): ${JSON.stringify(up.requests.slice(start).map((r) => [r.n, r.id.slice(-4), r.attempt, r.mode, r.outcome]))}`);
    assert.ok(maxCopies <= 3, `duplicates bounded: ${maxCopies}`);
    up.modeFor = null;
  });

  test("upstream closing connections: delivered", async () => {
    const start = up.requests.length;
    up.modeFor = (n) => (n <= start + 10 || n % 2 === 0 ? "close" : "ok");
    const rs = await Promise.all(Array.from({ length: 10 }, () => inbound(w)));
    assert.ok(rs.every((r) => r.status === 200));
    const { maxCopies } = await assertNoneLost(w, up, rs.map((r) => r.sid));
    assert.equal(maxCopies, 1);
    up.modeFor = null;
  });

  for (const code of [301, 307]) {
    test(`an upstream ${code} is a failed attempt, never "delivered"; then dead-lettered and replayable`, async () => {
      up.mode = `redirect${code}`;
      const r = await inbound(w, { body: `secret text ${code}` });
      assert.equal(r.status, 200);
      const { dead } = await assertNoneLost(w, up, [r.sid], { dead: true, ms: 20_000 });
      assert.ok(dead.has(r.sid), "all attempts redirected: in the dead-letter store");
      assert.equal(up.accepted.has(r.sid), false);
      assert.equal(up.attemptsOf(r.sid).length, 11, "1 attempt + 10 retries, each a failure");
      assert.equal(up.elsewhere.received.length, 0, "the redirect target never got a request (no GET, no re-POST)");
      // The operator replays it once the upstream is fixed: delivered with the same id and body.
      up.mode = "ok";
      const replay = await agent(w, `/deliveries/dead/${r.sid}/replay`, { method: "POST" });
      assert.equal(replay.status, 202);
      await replay.body.cancel();
      await until(() => up.accepted.has(r.sid), 5000);
      assert.equal(up.accepted.get(r.sid), 1);
      const copies = up.attemptsOf(r.sid);
      assert.ok(copies.every((c) => c.raw === copies[0].raw));
      assert.equal((await deadLetters(w)).some((d) => d.id === r.sid), false, "gone from the store");
    });
  }
});

describe("upstream down for 20 s", () => {
  let w;
  let up;
  before(async () => {
    up = await startFaultyUpstream({ secret: UPSTREAM_SECRET });
    // Backoff 1 s · 2^n ≤ 4 s with 12 retries spans ≈ 40 s: more than the outage.
    w = await startWorker({ bindings: { UPSTREAM_URL: up.url, DELIVERY_RETRY_BASE_SECONDS: "1", DELIVERY_RETRY_MAX_SECONDS: "4" }, queue: { maxRetries: 12 } });
  });
  after(async () => {
    await w.close();
    await up.close();
  });

  test("120 messages during a 20 s outage: all acknowledged fast (p99 < 1 s), all delivered, 0 lost", { timeout: 90_000 }, async () => {
    const outage = up.down(20_000);
    const rs = [];
    const started = Date.now();
    // 120 customer messages spread over the outage, 4 at a time.
    for (let i = 0; i < 30; i++) {
      rs.push(...(await Promise.all(Array.from({ length: 4 }, () => inbound(w)))));
      await new Promise((r) => setTimeout(r, Math.max(0, started + (i + 1) * 500 - Date.now())));
    }
    assert.ok(Date.now() - (up.downSince ?? started) < 20_000, "all sent while the upstream was down");
    assert.equal(rs.filter((r) => r.status !== 200).length, 0, "every message acknowledged");
    const p99 = percentile(rs.map((r) => r.ms), 0.99);
    assert.ok(p99 < 1000, `webhook p99 ${p99.toFixed(0)} ms while the upstream is down`);
    await outage;
    const t = Date.now();
    const { maxCopies } = await assertNoneLost(w, up, rs.map((r) => r.sid), { ms: 30_000 });
    assert.equal(maxCopies, 1);
    console.log(`# down 20 s: 120 acknowledged, p99 ${p99.toFixed(0)} ms, all delivered ${((Date.now() - t) / 1000).toFixed(1)} s after the upstream came back`);
  });
});

describe("conversation state kept apart from the capped lists", () => {
  let w;
  before(async () => {
    w = await startWorker();
  });
  after(() => w.close());

  test("the referral that opened a free entry point survives any number of later events", async () => {
    const from = customer();
    const ref = inboundParams({ from, extra: { ReferralSourceId: "120203", ReferralSourceType: "ad", ReferralCtwaClid: "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a", ReferralSourceUrl: "https://fb.me/xyz" } });
    let res = await postWebhook(w, "/twilio/inbound", ref); // webhooks run on the real clock
    assert.equal(res.status, 200);
    await res.body.cancel();
    for (let i = 1; i <= 25; i++) {
      res = await postWebhook(w, "/twilio/inbound", inboundParams({ from }));
      await res.body.cancel();
    }
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const snap = await ns.get(ns.idFromName(`${SUPPORT}|${from}`)).snapshot();
    assert.ok(snap.events.some((e) => e.referral), "the referral event is kept apart from the capped list");
    assert.ok(snap.events.every((e) => !("id" in e)), "events reach wa-guard in its own shape");
  });
});

describe("delivery and the worker's security (issue 20)", () => {
  test("operator routes fail closed and need an agent allowed every workstream", async () => {
    const none = await startWorker({ bindings: { AGENT_API_TOKEN: undefined } });
    try {
      const res = await agent(none, "/deliveries");
      assert.equal(res.status, 503, "no agent credential configured: disabled");
      assert.equal((await res.json()).code, "AGENT_API_DISABLED");
      const anon = await startWorker({ bindings: { AGENT_API_TOKEN: undefined, ALLOW_ANONYMOUS_READS: "1" } });
      try {
        const r = await agent(anon, "/deliveries", { token: null });
        assert.equal(r.status, 503, "anonymous reads never reach the operator routes");
        await r.body.cancel();
      } finally {
        await anon.close();
      }
    } finally {
      await none.close();
    }
    const scoped = await startWorker({ bindings: { AGENT_API_TOKEN_WORKSTREAMS: "support" } });
    try {
      for (const [path, method] of [["/deliveries", "GET"], ["/deliveries/dead", "GET"], ["/deliveries/dead/x/replay", "POST"]]) {
        const res = await agent(scoped, path, { method, token: AGENT_TOKEN });
        assert.equal(res.status, 403, path);
        assert.equal((await res.json()).code, "WORKSTREAM_FORBIDDEN", path);
        assert.equal(res.headers.get("cache-control"), "no-store");
      }
      const bad = await agent(scoped, "/deliveries", { token: "not-the-agent-token-at-all" });
      assert.equal(bad.status, 401);
      await bad.body.cancel();
    } finally {
      await scoped.close();
    }
  });

  test("JSON webhooks are refused (415) before verification: never queued nor kept as dead letters", async () => {
    const w = await startWorker();
    try {
      const p = inboundParams();
      const res = await postJsonWebhook(w, "/twilio/inbound", p);
      assert.equal(res.status, 415);
      await res.body.cancel();
      const dead = await (await agent(w, "/deliveries/dead")).json();
      assert.equal(dead.items?.length ?? dead.length ?? 0, 0, JSON.stringify(dead));
    } finally {
      await w.close();
    }
  });

  test("ALLOW_FAULT_INJECTION is refused unless the public base URL is loopback", async () => {
    await assert.rejects(startWorker({ bindings: { ALLOW_FAULT_INJECTION: "1", PUBLIC_BASE_URL: PUBLIC_BASE } }));
    const w = await startWorker({ bindings: { ALLOW_FAULT_INJECTION: undefined } });
    try {
      const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
      await assert.rejects(ns.get(ns.idFromName("x|y")).injectFault("acceptInbound", 1), "disabled without the binding");
    } finally {
      await w.close();
    }
  });
});
