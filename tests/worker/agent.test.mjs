// Agent routes of the edge worker on workerd: window state across simulated time, the outbound path
// (composeOutbound → the fake Twilio Messages API), authentication, CORS, the test-clock guard.
// Webhooks run on the real clock; the agent routes read and send at simulated instants (the test
// clock, with its secret, on a worker whose public base URL is loopback).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNT_SID, AGENT_TOKEN, API_KEY_SECRET, API_KEY_SID, CONFIG, HOUR, ORIGIN, SALES, SUPPORT, T0,
  agent, inboundParams, postWebhook, startWorker, windowPath,
} from "./harness.mjs";

let w;
before(async () => {
  w = await startWorker({ testClock: true });
});
after(() => w.close());

const iso = (ms) => new Date(ms).toISOString();
const TEMPLATE = CONFIG.workstreams[0].templates[0];

async function windowAt(business, customer, now) {
  const res = await agent(w, windowPath(business, customer), { now });
  assert.equal(res.status, 200);
  return res.json();
}

describe("window enforcement across simulated time", () => {
  const customer = "+5511987650001";
  let T0; // the real instant the worker recorded the customer's message at
  let T1; // the same for the customer's second message

  test("inbound at T0 opens the window until T0+24h, to the millisecond", async () => {
    const before = await windowAt(SUPPORT, customer, Date.now());
    assert.equal(before.open, false, "no inbound yet");
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer }));
    assert.equal(res.status, 200);
    await res.body.cancel();
    T0 = Date.parse((await windowAt(SUPPORT, customer, Date.now())).lastInboundAt);
    assert.ok(Math.abs(T0 - Date.now()) < 60_000, "webhooks run on the real clock");
    const s = await windowAt(SUPPORT, customer, T0 + HOUR);
    assert.equal(s.open, true);
    assert.equal(s.lastInboundAt, iso(T0));
    assert.equal(s.closesAt, iso(T0 + 24 * HOUR));
    assert.equal(s.remainingMs, 23 * HOUR);
    assert.equal(s.business, SUPPORT);
    assert.equal(s.customer, customer);
    assert.equal((await windowAt(SUPPORT, customer, T0 + 24 * HOUR - 1)).open, true);
    assert.equal((await windowAt(SUPPORT, customer, T0 + 24 * HOUR)).open, false);
  });

  test("free text inside the window reaches Twilio with the API key (Basic auth), form-encoded", async () => {
    const n = w.fake.requests.length;
    const res = await agent(w, "/messages", { method: "POST", now: T0 + 23 * HOUR, body: { from: SUPPORT, to: customer, body: "Your order ships today <b>&</b>" } });
    assert.equal(res.status, 201, await res.clone().text());
    const out = await res.json();
    assert.match(out.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(w.fake.requests.length, n + 1);
    const req = w.fake.requests.at(-1);
    assert.equal(req.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString("base64")}`);
    assert.match(req.headers["content-type"], /^application\/x-www-form-urlencoded/);
    assert.equal(req.status, 201);
    assert.deepEqual(req.params.To, [`whatsapp:${customer}`]);
    assert.deepEqual(req.params.From, [`whatsapp:${SUPPORT}`]);
    assert.deepEqual(req.params.Body, ["Your order ships today <b>&</b>"]);
    assert.equal(req.params.StatusCallback.length, 1, "the number asks for status callbacks");
    const escaped = w.publicBase.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    assert.match(req.params.StatusCallback[0], new RegExp(`^${escaped}/twilio/status\\?send=auto-[0-9a-f-]{36}$`), "carrying the send's key (reconciliation)");
    // Twilio's status callback for that message lands on the same conversation.
    const cb = await postWebhook(w, "/twilio/status", { MessageSid: out.sid, MessageStatus: "delivered", AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${customer}` });
    assert.equal(cb.status, 204);
    const s = await windowAt(SUPPORT, customer, T0 + 23 * HOUR + 10);
    const sentAt = s.statuses[out.sid].sentAt;
    assert.ok(sentAt <= Date.now() + 5 * 60_000, "known as sent here, stored within the real clock's skew tolerance");
    assert.deepEqual(s.statuses[out.sid].statuses.map((x) => x.status), ["delivered"]);
  });

  test("free text after the window closed → 422 WINDOW_CLOSED, never reaching Twilio", async () => {
    const n = w.fake.requests.length;
    for (const now of [T0 + 24 * HOUR, T0 + 24 * HOUR + 1, T0 + 72 * HOUR]) {
      const res = await agent(w, "/messages", { method: "POST", now, body: { from: SUPPORT, to: customer, body: "Are you still there?" } });
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.equal(body.code, "WINDOW_CLOSED");
    }
    assert.equal(w.fake.requests.length, n, "nothing sent to Twilio");
  });

  test("the agent's own messages never reopen the window; a template still goes out", async () => {
    const n = w.fake.requests.length;
    const res = await agent(w, "/messages", { method: "POST", now: T0 + 25 * HOUR, body: { from: SUPPORT, to: customer, template: { sid: TEMPLATE.sid, variables: ["Maria", "A-1042"] } } });
    assert.equal(res.status, 201, await res.clone().text());
    await res.body.cancel();
    const req = w.fake.requests.at(-1);
    assert.equal(w.fake.requests.length, n + 1);
    assert.deepEqual(req.params.ContentSid, [TEMPLATE.sid]);
    assert.deepEqual(JSON.parse(req.params.ContentVariables[0]), { 1: "Maria", 2: "A-1042" });
    assert.equal(req.params.Body, undefined, "templates go by ContentSid, never Body");
    assert.equal((await windowAt(SUPPORT, customer, T0 + 25 * HOUR + 1)).open, false);
  });

  test("the customer writing again reopens it", async () => {
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer }));
    assert.equal(res.status, 200);
    await res.body.cancel();
    T1 = Date.parse((await windowAt(SUPPORT, customer, Date.now() + 1000)).lastInboundAt);
    assert.ok(T1 >= T0);
    const s = await windowAt(SUPPORT, customer, T1 + HOUR);
    assert.equal(s.open, true);
    assert.equal(s.closesAt, iso(T1 + 24 * HOUR));
    const send = await agent(w, "/messages", { method: "POST", now: T1 + HOUR, body: { from: SUPPORT, to: customer, body: "Welcome back" } });
    assert.equal(send.status, 201);
    await send.body.cancel();
  });

  test("Twilio refusing a send → 502 with Twilio's error code", async () => {
    w.fake.failNext(400, 63016, "Failed to send freeform message because you are outside the allowed window.");
    const res = await agent(w, "/messages", { method: "POST", now: T1 + 2 * HOUR, body: { from: SUPPORT, to: customer, body: "hi" } });
    assert.equal(res.status, 502);
    const body = await res.json();
    assert.equal(body.code, "TWILIO_REJECTED");
    assert.equal(body.twilio.code, 63016);
  });
});

describe("agent attachments follow the workstream's settings", () => {
  const customer = "+5511987650009";
  const media = { url: "https://cdn.example.com/parcel.jpg", contentType: "image/jpeg", size: 120_000 };

  test("allowed in Support: MediaUrl reaches Twilio", async () => {
    const r = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer }));
    await r.body.cancel();
    const res = await agent(w, "/messages", { method: "POST", now: Date.now() + HOUR, body: { from: SUPPORT, to: customer, body: "Your parcel", media } });
    assert.equal(res.status, 201, await res.clone().text());
    await res.body.cancel();
    assert.deepEqual(w.fake.requests.at(-1).params.MediaUrl, [media.url]);
  });

  test("refused in Sales (attachments off): 422 with the reason, nothing sent", async () => {
    const r = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer, to: SALES }));
    await r.body.cancel();
    const n = w.fake.requests.length;
    const res = await agent(w, "/messages", { method: "POST", now: Date.now() + HOUR, body: { from: SALES, to: customer, body: "Your parcel", media } });
    assert.equal(res.status, 422);
    const body = await res.json();
    assert.notEqual(body.code, "WINDOW_CLOSED");
    assert.ok(body.problems.some((p) => /ATTACHMENT/.test(p.code)), JSON.stringify(body.problems));
    assert.equal(w.fake.requests.length, n);
  });
});

describe("the test clock", () => {
  test("X-Test-Now is ignored unless ALLOW_TEST_CLOCK is set", async () => {
    const w2 = await startWorker();
    try {
      const customer = "+5511987650002";
      const res = await postWebhook(w2, "/twilio/inbound", inboundParams({ from: customer }), { now: T0 });
      assert.equal(res.status, 200);
      await res.body.cancel();
      const s = await (await agent(w2, windowPath(SUPPORT, customer), { now: T0 + 48 * HOUR, headers: { "x-test-clock-secret": "test-clock-secret-9e1f7a3c" } })).json();
      assert.equal(s.open, true, "the real clock was used for both");
      assert.ok(Math.abs(Date.parse(s.lastInboundAt) - Date.now()) < 60_000);
      assert.ok(Math.abs(Date.parse(s.now) - Date.now()) < 60_000);
    } finally {
      await w2.close();
    }
  });
});

describe("agent routes: auth, methods, bodies", () => {
  test("a missing or wrong bearer token → 401", async () => {
    for (const token of [null, "wrong-token", AGENT_TOKEN + "x"]) {
      const r1 = await agent(w, windowPath(SUPPORT, "+5511987650003"), { token });
      assert.equal(r1.status, 401, String(token));
      await r1.body.cancel();
      const r2 = await agent(w, "/messages", { method: "POST", token, body: { from: SUPPORT, to: "+5511987650003", body: "x" } });
      assert.equal(r2.status, 401);
      await r2.body.cancel();
    }
  });

  test("the agent API is disabled (reads and sends) when no agent credential is configured", async () => {
    const w2 = await startWorker({ bindings: { AGENT_API_TOKEN: undefined } });
    try {
      const res = await agent(w2, "/messages", { method: "POST", body: { from: SUPPORT, to: "+5511987650003", body: "x" } });
      assert.equal(res.status, 503);
      assert.equal((await res.json()).code, "AGENT_API_DISABLED");
      const read = await agent(w2, windowPath(SUPPORT, "+5511987650003"), { token: null });
      assert.equal(read.status, 503, "anonymous window reads are refused");
      assert.equal((await read.json()).code, "AGENT_API_DISABLED");
      assert.equal(w2.fake.requests.length, 0);
    } finally {
      await w2.close();
    }
  });

  test("wrong methods, content types, oversize and malformed bodies", async () => {
    let res = await agent(w, "/messages");
    assert.equal(res.status, 405);
    await res.body.cancel();
    res = await agent(w, windowPath(SUPPORT, "+5511987650003"), { method: "POST", body: {} });
    assert.equal(res.status, 405);
    await res.body.cancel();
    res = await agent(w, "/messages", { method: "POST", body: "x", headers: { "content-type": "text/plain" } });
    assert.equal(res.status, 415);
    await res.body.cancel();
    res = await agent(w, "/messages", { method: "POST", body: { body: "x".repeat(40 * 1024) } });
    assert.equal(res.status, 413);
    await res.body.cancel();
    res = await fetch(`${w.base}/messages`, { method: "POST", headers: { authorization: `Bearer ${AGENT_TOKEN}`, "content-type": "application/json" }, body: "{oops" });
    assert.equal(res.status, 400);
    await res.body.cancel();
  });

  test("bad conversation parties → 400 with wa-guard's code; an unconfigured business → 404", async () => {
    let res = await agent(w, windowPath(SUPPORT, "5511987650003"));
    assert.equal(res.status, 400);
    assert.equal((await res.json()).code, "E164_MISSING_PLUS");
    res = await agent(w, windowPath("+14155550199", "+5511987650003"));
    assert.equal(res.status, 404);
    await res.body.cancel();
    res = await agent(w, "/messages", { method: "POST", body: { from: SUPPORT, to: "+55 11 9876", body: "x" } });
    assert.equal(res.status, 400);
    await res.body.cancel();
  });
});

describe("CORS", () => {
  test("configured origins get CORS headers; others get none", async () => {
    let res = await agent(w, windowPath(SUPPORT, "+5511987650004"));
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(res.headers.get("vary"), /Origin/);
    await res.body.cancel();
    res = await agent(w, windowPath(SUPPORT, "+5511987650004"), { origin: "https://supervisor.example.com" });
    assert.equal(res.headers.get("access-control-allow-origin"), "https://supervisor.example.com");
    await res.body.cancel();
    for (const origin of ["https://evil.example.com", "https://agents.example.com.evil.com", "null", "http://agents.example.com"]) {
      res = await agent(w, windowPath(SUPPORT, "+5511987650004"), { origin });
      assert.equal(res.headers.get("access-control-allow-origin"), null, origin);
      await res.body.cancel();
    }
  });

  test("errors carry CORS headers for allowed origins (the UI can read the code)", async () => {
    const res = await agent(w, "/messages", { method: "POST", now: T0, body: { from: SUPPORT, to: "+5511987650005", body: "x" } });
    assert.equal(res.status, 422);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    await res.body.cancel();
  });

  test("preflight: 204 with methods and headers for allowed origins, 403 otherwise", async () => {
    const pre = (origin, path) => fetch(`${w.base}${path}`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    let res = await pre(ORIGIN, "/messages");
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(res.headers.get("access-control-allow-methods"), /POST/);
    assert.match(res.headers.get("access-control-allow-headers"), /authorization/);
    res = await pre("https://evil.example.com", "/messages");
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    res = await pre(ORIGIN, "/twilio/inbound");
    assert.equal(res.headers.get("access-control-allow-origin"), null, "webhooks are not for browsers");
    await res.body?.cancel();
  });
});
