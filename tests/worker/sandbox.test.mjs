// Issue 22, item 8 on real workerd (Miniflare): the Twilio sandbox end to end. Before, every send
// from a sandbox workstream was refused as "not joined" because nothing recorded a join; now an
// inbound message through the sandbox number is evidence of a join (inferred), valid 3 days, and a
// 63015 answer from Twilio is proof of "not joined". Webhooks run on the real clock (issue 20), so each
// test takes its T0 from the instant the worker recorded the inbound message; agent requests move the
// test clock from there.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { ACCOUNT_SID, CONFIG, HOUR, T0 as FAR_PAST, agent, inboundParams, postWebhook, startWorker, windowPath } from "./harness.mjs";

const SANDBOX = "+14155238886";
const config = structuredClone(CONFIG);
config.numbers.push({ name: "Twilio Sandbox", number: SANDBOX, settings: { statusCallbacks: true } });
config.workstreams.push({
  id: "trial", name: "Trial", number: SANDBOX, language: "en",
  attachments: { enabled: false, customersMaySend: false, agentsMaySend: false }, templates: [],
});
config.sandbox = { enabled: true, joinKeyword: "plenty-mouse" };

let w;
before(async () => {
  w = await startWorker({ bindings: { WA_GUARD_CONFIG: JSON.stringify(config) }, testClock: true });
});
after(() => w.close());

const send = (to, now) => agent(w, "/messages", { method: "POST", now, body: { from: SANDBOX, to, body: "Hi from the trial" } });

/** The instant the worker recorded the customer's last inbound message (the real clock). */
async function recordedAt(customer) {
  const win = await (await agent(w, windowPath(SANDBOX, customer), { now: Date.now() })).json();
  return Date.parse(win.lastInboundAt);
}

describe("the sandbox session", () => {
  test("nobody wrote: SANDBOX_NOT_JOINED (63015 prevented), nothing reaches Twilio", async () => {
    const n = w.fake.requests.length;
    const res = await send("+5511987650077", FAR_PAST);
    assert.equal(res.status, 422);
    const body = await res.json();
    assert.ok(body.problems.some((p) => p.code === "SANDBOX_NOT_JOINED"), JSON.stringify(body));
    assert.equal(w.fake.requests.length, n);
  });

  test("an inbound message through the sandbox number is an inferred join; the reply goes out; 3 days later it expires", async () => {
    const customer = "+5511987650078";
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer, to: SANDBOX, body: "join plenty-mouse" }));
    assert.equal(res.status, 200, await res.clone().text());
    await res.body.cancel();
    const T0 = await recordedAt(customer);
    const win = await (await agent(w, windowPath(SANDBOX, customer), { now: T0 + HOUR })).json();
    assert.deepEqual(win.sandbox, { joined: true, inferred: true, joinedAt: T0, expiresAt: T0 + 72 * HOUR });
    const ok = await send(customer, T0 + HOUR);
    assert.equal(ok.status, 201, await ok.clone().text());
    // After 3 days (and the 24-hour window) the session has expired.
    const late = await send(customer, T0 + 72 * HOUR);
    const body = await late.json();
    assert.ok(body.problems.some((p) => p.code === "SANDBOX_SESSION_EXPIRED"), JSON.stringify(body));
  });

  test("a 63015 status from Twilio proves the customer is not joined", async () => {
    const customer = "+5511987650079";
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer, to: SANDBOX }));
    await res.body.cancel();
    const T0 = await recordedAt(customer);
    const sent = await send(customer, T0 + HOUR);
    assert.equal(sent.status, 201);
    const { sid } = await sent.json();
    const before = Date.now();
    const cb = await postWebhook(w, "/twilio/status", { MessageSid: sid, MessageStatus: "failed", ErrorCode: "63015", AccountSid: ACCOUNT_SID, From: `whatsapp:${SANDBOX}`, To: `whatsapp:${customer}` });
    assert.equal(cb.status, 204);
    const win = await (await agent(w, windowPath(SANDBOX, customer), { now: T0 + 2 * HOUR })).json();
    assert.equal(win.sandbox.joined, false);
    // The status callback is recorded at the real instant it arrived.
    assert.ok(win.sandbox.notJoinedAt >= before && win.sandbox.notJoinedAt <= Date.now(), JSON.stringify(win.sandbox));
    const again = await send(customer, T0 + 2 * HOUR);
    assert.equal(again.status, 422);
  });
});
