// Idempotent agent sends (issue 19, item 4) on real workerd: POST /messages with an Idempotency-Key
// records a pending send before calling Twilio (the local fake Messages API); a retry never sends
// again; a slow Twilio API gives one send and an honest 504 SEND_OUTCOME_UNKNOWN, reconciled by the
// send's own status callback or by Twilio's message list; a send Twilio accepted is never reported
// as a failure, even when recording it fails.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, SUPPORT, agent, inboundParams, postWebhook, startWorker, until, windowPath } from "./harness.mjs";

let w;
before(async () => {
  // Twilio gets 1.5 s (scaled down from 10 s); the slow fake answers after 3 s.
  w = await startWorker({ bindings: { TWILIO_TIMEOUT_MS: "1500" }, faults: true });
});
after(() => w.close());

let n = 0;
/** A customer who just wrote (the window is open). */
async function openConversation() {
  n += 1;
  const customer = `+5511960${String(n).padStart(6, "0")}`;
  const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer }));
  assert.equal(res.status, 200);
  await res.body.cancel();
  return customer;
}

const send = (customer, key, body = "Your order ships today") =>
  agent(w, "/messages", { method: "POST", body: { from: SUPPORT, to: customer, body }, headers: key ? { "idempotency-key": key } : {} });

/** Twilio sends (POSTs to the fake Messages API) for one customer. */
const sendsTo = (customer) => w.fake.requests.filter((r) => r.method === "POST" && r.params?.To?.[0] === `whatsapp:${customer}`);

describe("Idempotency-Key", () => {
  test("a retry with the same key returns the stored result and never sends again", async () => {
    const c = await openConversation();
    const first = await send(c, "key-retry-1");
    assert.equal(first.status, 201);
    const a = await first.json();
    const again = await send(c, "key-retry-1");
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal((await again.json()).sid, a.sid);
    assert.equal(sendsTo(c).length, 1, "one send");
    const other = await send(c, "key-retry-2");
    assert.equal(other.status, 201, "another key is another send");
    await other.body.cancel();
    assert.equal(sendsTo(c).length, 2);
  });

  test("concurrent requests with one key: exactly one Twilio send", async () => {
    const c = await openConversation();
    w.fake.setDelay(200);
    try {
      const all = await Promise.all(Array.from({ length: 6 }, () => send(c, "key-concurrent")));
      const codes = all.map((r) => r.status).sort();
      assert.equal(codes.filter((s) => s === 201).length >= 1, true, codes.join(","));
      assert.ok(codes.every((s) => s === 201 || s === 409), codes.join(","));
      for (const r of all) await r.body.cancel();
    } finally {
      w.fake.setDelay(0);
    }
    assert.equal(sendsTo(c).length, 1);
  });

  test("a key reused for another request → 422 IDEMPOTENCY_KEY_REUSED, nothing sent", async () => {
    const c = await openConversation();
    const first = await send(c, "key-reuse", "first text");
    assert.equal(first.status, 201);
    await first.body.cancel();
    const other = await send(c, "key-reuse", "another text");
    assert.equal(other.status, 422);
    assert.equal((await other.json()).code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(sendsTo(c).length, 1);
  });

  test("Twilio refusing (4xx) is stored: the retry gets the same 502 without a new send", async () => {
    const c = await openConversation();
    w.fake.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
    const first = await send(c, "key-refused");
    assert.equal(first.status, 502);
    assert.equal((await first.json()).twilio.code, 21610);
    const again = await send(c, "key-refused");
    assert.equal(again.status, 502);
    assert.equal((await again.json()).twilio.code, 21610);
    assert.equal(sendsTo(c).length, 1);
  });

  test("malformed keys → 400", async () => {
    const c = await openConversation();
    for (const key of ["x".repeat(201), "with space"]) {
      const r = await send(c, key);
      assert.equal(r.status, 400);
      assert.equal((await r.json()).code, "INVALID_IDEMPOTENCY_KEY");
    }
    assert.equal(sendsTo(c).length, 0);
  });
});

describe("a slow Twilio API: one send, an honest answer", () => {
  test("timeout → 504 SEND_OUTCOME_UNKNOWN; the retry finds it in Twilio's list, never sends twice", async () => {
    const c = await openConversation();
    w.fake.setDelay(3000);
    let first;
    try {
      first = await send(c, "key-slow-list");
    } finally {
      w.fake.setDelay(0);
    }
    assert.equal(first.status, 504);
    const body = await first.json();
    assert.equal(body.code, "SEND_OUTCOME_UNKNOWN");
    assert.equal(body.idempotencyKey, "key-slow-list");
    assert.equal(sendsTo(c).length, 1, "Twilio did get it (it was just slow)");
    const created = w.fake.messages.at(-1);
    const lists = w.fake.requests.length;
    const again = await send(c, "key-slow-list");
    assert.equal(again.status, 201, "reconciled from Twilio's message list");
    // The message-list lookup goes through the pinned Twilio REST settings: the API key, not the auth token.
    const gets = w.fake.requests.slice(lists).filter((r) => r.method === "GET");
    assert.equal(gets.length, 1, "one message-list lookup");
    assert.equal(gets[0].headers.authorization, `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString("base64")}`);
    assert.equal((await again.json()).sid, created.sid);
    assert.equal(sendsTo(c).length, 1, "never sent twice");
    const win = await (await agent(w, windowPath(SUPPORT, c))).json();
    assert.ok(win.statuses[created.sid], "recorded as sent in the conversation");
  });

  test("timeout → 504; the send's own status callback reconciles it", async () => {
    const c = await openConversation();
    w.fake.setDelay(3000);
    let first;
    try {
      first = await send(c, "key-slow-callback");
    } finally {
      w.fake.setDelay(0);
    }
    assert.equal(first.status, 504);
    await first.body.cancel();
    const req = sendsTo(c)[0];
    const callback = new URL(req.params.StatusCallback[0]);
    assert.equal(callback.searchParams.get("send"), "key-slow-callback");
    const created = w.fake.messages.at(-1);
    // Twilio calls the URL it was given, query included (signed over it).
    const cb = await postWebhook(w, `/twilio/status${callback.search}`, { MessageSid: created.sid, MessageStatus: "sent", AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${c}` });
    assert.equal(cb.status, 204);
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const state = await ns.get(ns.idFromName(`${SUPPORT}|${c}`)).sendState("key-slow-callback");
    assert.equal(state.state, "sent");
    assert.equal(state.reconciledBy, "status-callback");
    const again = await send(c, "key-slow-callback");
    assert.equal(again.status, 201);
    assert.equal((await again.json()).sid, created.sid);
    assert.equal(sendsTo(c).length, 1);
  });

  test("while the first request still waits for Twilio, a retry gets 409 SEND_PENDING, not a second send", async () => {
    const c = await openConversation();
    w.fake.setDelay(300);
    try {
      const slow = send(c, "key-pending");
      await until(() => sendsTo(c).length === 1, 2000);
      const retry = await send(c, "key-pending");
      assert.equal(retry.status, 409);
      assert.equal((await retry.json()).code, "SEND_PENDING");
      const r = await slow;
      assert.equal(r.status, 201);
      await r.body.cancel();
    } finally {
      w.fake.setDelay(0);
    }
    assert.equal(sendsTo(c).length, 1);
  });
});

describe("a send Twilio accepted is never reported as a failure", () => {
  test("recording the outcome fails → still 201; the record is retried; a retry replays it", async () => {
    const c = await openConversation();
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const stub = ns.get(ns.idFromName(`${SUPPORT}|${c}`));
    await stub.injectFault("finishSend", 1);
    const first = await send(c, "key-record-fails");
    assert.equal(first.status, 201, "Twilio accepted it: the agent is told so");
    const { sid } = await first.json();
    assert.ok(await until(async () => (await stub.sendState("key-record-fails"))?.state === "sent", 5000), "recorded in the background");
    const again = await send(c, "key-record-fails");
    assert.equal(again.status, 201);
    assert.equal((await again.json()).sid, sid);
    assert.equal(sendsTo(c).length, 1);
  });

  test("recording the pending send fails → 503 and nothing sent", async () => {
    const c = await openConversation();
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    await ns.get(ns.idFromName(`${SUPPORT}|${c}`)).injectFault("beginSend", 1);
    const r = await send(c, "key-begin-fails");
    assert.equal(r.status, 503);
    assert.equal((await r.json()).code, "SEND_STATE_UNAVAILABLE");
    assert.equal(sendsTo(c).length, 0);
    const again = await send(c, "key-begin-fails");
    assert.equal(again.status, 201, "the retry sends (once)");
    await again.body.cancel();
    assert.equal(sendsTo(c).length, 1);
  });
});

describe("idempotent sends and the worker's security (issue 20)", () => {
  test("the rate limit counts only the request that calls Twilio; a 429 releases the key", async () => {
    const w2 = await startWorker({ bindings: { RATE_LIMIT_CUSTOMER: "1/60s", RATE_LIMIT_AGENT: "100/1s" } });
    try {
      const customer = "+5511969000001";
      const res = await postWebhook(w2, "/twilio/inbound", inboundParams({ from: customer }));
      await res.body.cancel();
      const send2 = (key) => agent(w2, "/messages", { method: "POST", body: { from: SUPPORT, to: customer, body: "hi" }, headers: { "idempotency-key": key } });
      const first = await send2("rl-1");
      assert.equal(first.status, 201);
      await first.body.cancel();
      const replayed = await send2("rl-1");
      assert.equal(replayed.status, 201, "a replay is answered from the record, not rate limited");
      assert.equal(replayed.headers.get("idempotent-replayed"), "true");
      await replayed.body.cancel();
      const limited = await send2("rl-2");
      assert.equal(limited.status, 429);
      assert.ok(limited.headers.get("retry-after"));
      await limited.body.cancel();
      const ns = await w2.mf.getDurableObjectNamespace("CONVERSATIONS");
      assert.equal(await ns.get(ns.idFromName(`${SUPPORT}|${customer}`)).sendState("rl-2"), null, "the refused key is released");
      assert.equal(w2.fake.requests.filter((r) => r.method === "POST").length, 1, "one Twilio send");
    } finally {
      await w2.close();
    }
  });

  test("an agent may not use another workstream's conversation, even with an Idempotency-Key", async () => {
    const w2 = await startWorker({ bindings: { AGENT_API_TOKEN_WORKSTREAMS: "no-such-workstream" } });
    try {
      const res = await agent(w2, "/messages", { method: "POST", body: { from: SUPPORT, to: "+5511969000002", body: "hi" }, headers: { "idempotency-key": "ws-1" } });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).code, "WORKSTREAM_FORBIDDEN");
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.equal(w2.fake.requests.length, 0);
    } finally {
      await w2.close();
    }
  });
});
