// Twilio webhooks through the edge worker on workerd: signatures (valid, forged, replayed, tampered;
// form and JSON bodies), URL reconstruction, account/number checks, malformed bodies, duplicate
// deliveries, attachment refusal TwiML, forwarding upstream (through the delivery queue: asynchronous,
// see delivery.test.mjs for its faults), status callbacks.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNT_SID, CONFIG, PUBLIC_BASE, SALES, SUPPORT, TOKEN, TOKEN2,
  agent, formBody, inboundParams, messageSid, postJsonWebhook, postWebhook, sign, startUpstream, startWorker, until, windowPath,
} from "./harness.mjs";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
let w;
let up;
before(async () => {
  up = await startUpstream();
  w = await startWorker({ bindings: { UPSTREAM_URL: up.url, UPSTREAM_TOKEN: "upstream-secret" } });
});
after(async () => {
  await w.close();
  await up.close();
});

/** What the upstream received for one MessageSid (deliveries are asynchronous: they arrive later). */
const receivedFor = (sid) => up.received.filter((r) => r.body.id === sid);
/** Waits until `sid` reached the upstream, then a little more (for a duplicate that should not come). */
async function deliveredOnce(sid) {
  assert.ok(await until(() => receivedFor(sid).length >= 1, 10_000), `${sid} delivered`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(receivedFor(sid).length, 1, `${sid} delivered exactly once`);
  return receivedFor(sid)[0];
}

async function expectForbidden(res, what) {
  assert.equal(res.status, 403, what);
  const text = await res.text();
  assert.equal(text, "Forbidden\n", `${what}: a 403 says nothing more`);
  assert.doesNotMatch(JSON.stringify([...res.headers]), /signature|token|expected/i);
}

describe("signature verification", () => {
  test("a valid form webhook is accepted: empty TwiML, forwarded once upstream", async () => {
    const p = inboundParams();
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/xml/);
    assert.equal(await res.text(), EMPTY_TWIML);
    const fwd = await deliveredOnce(p.MessageSid);
    assert.equal(fwd.headers.authorization, "Bearer upstream-secret");
    assert.equal(JSON.stringify(fwd.body).includes(p.MessageSid), true, "the forwarded message carries its MessageSid");
    assert.equal(JSON.stringify(fwd.body).includes(p.Body), true, "and its body");
    assert.doesNotMatch(JSON.stringify(fwd.body), new RegExp(TOKEN), "never the auth token");
  });

  test("the secondary token (rotation) is accepted too", async () => {
    const res = await postWebhook(w, "/twilio/inbound", inboundParams(), { token: TOKEN2 });
    assert.equal(res.status, 200);
    await res.body.cancel();
  });

  test("forged: signed with another token → 403, nothing forwarded", async () => {
    const forged = [inboundParams(), inboundParams(), inboundParams(), inboundParams()];
    await expectForbidden(await postWebhook(w, "/twilio/inbound", forged[0], { token: "ffffffffffffffffffffffffffffffff" }), "wrong token");
    await expectForbidden(await postWebhook(w, "/twilio/inbound", forged[1], { signature: "" }), "empty signature");
    await expectForbidden(await postWebhook(w, "/twilio/inbound", forged[2], { signature: "not base64 at all!" }), "garbage signature");
    const res = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: formBody(forged[3]) });
    await expectForbidden(res, "no signature header");
    await new Promise((r) => setTimeout(r, 400));
    for (const p of forged) assert.equal(receivedFor(p.MessageSid).length, 0);
  });

  test("replayed: a valid signature on a changed body, another route or another URL → 403", async () => {
    const p = inboundParams();
    const sig = sign(`${PUBLIC_BASE}/twilio/inbound`, p);
    await expectForbidden(await postWebhook(w, "/twilio/inbound", { ...p, Body: "Transfer all the money" }, { signature: sig }), "changed body");
    await expectForbidden(await postWebhook(w, "/twilio/status", p, { signature: sig }), "other route");
    await expectForbidden(await postWebhook(w, "/twilio/inbound?x=1", p, { signature: sig }), "query added");
    // The genuine one still passes (proves the 403s were about the replay).
    const ok = await postWebhook(w, "/twilio/inbound", p, { signature: sig });
    assert.equal(ok.status, 200);
    await ok.body.cancel();
    // An exact replay verifies (it is Twilio's signature) but is never processed twice.
    const replay = await postWebhook(w, "/twilio/inbound", p, { signature: sig });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get("x-wa-guard-duplicate"), "1");
    await replay.body.cancel();
    await deliveredOnce(p.MessageSid);
  });

  test("tampered form bodies → 403 (added, removed, reordered-value and repeated parameters)", async () => {
    const p = inboundParams();
    const sig = sign(`${PUBLIC_BASE}/twilio/inbound`, p);
    const post = (body) => fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig }, body });
    await expectForbidden(await post(formBody({ ...p, Extra: "1" })), "added");
    const { ProfileName, ...fewer } = p;
    await expectForbidden(await post(formBody(fewer)), "removed");
    await expectForbidden(await post(formBody([...Object.entries(p), ["To", "whatsapp:+442071838750"]])), "repeated");
    await expectForbidden(await post(formBody({ ...p, From: "whatsapp:+5511987654322" })), "one digit");
  });

  test("JSON bodies are refused with 415 (messaging webhooks are form-encoded), even validly signed", async () => {
    const before = up.received.length;
    for (const path of ["/twilio/inbound", "/twilio/status"]) {
      const res = await postJsonWebhook(w, path, inboundParams());
      assert.equal(res.status, 415, path);
      assert.equal((await res.json()).code, "UNSUPPORTED_MEDIA_TYPE");
    }
    assert.equal(up.received.length, before, "nothing forwarded");
  });

  test("a webhook for the status route is verified the same way", async () => {
    await expectForbidden(await postWebhook(w, "/twilio/status", { MessageSid: messageSid(), MessageStatus: "delivered", AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: "whatsapp:+5511987654321" }, { token: "ffffffffffffffffffffffffffffffff" }), "forged status");
  });
});

describe("the public URL", () => {
  test("PUBLIC_BASE_URL wins over the Host header the worker sees", async () => {
    const p = inboundParams();
    const res = await postWebhook(w, "/twilio/inbound", p, { signedUrl: `${w.base}/twilio/inbound` });
    await expectForbidden(res, "signed for the internal URL");
  });

  test("query strings are kept exactly as received", async () => {
    const res = await postWebhook(w, "/twilio/inbound?tenant=a%27b&x=1+2", inboundParams());
    assert.equal(res.status, 200);
    await res.body.cancel();
  });

  test("without a configured base, the URL as received (Host) is used", async () => {
    const { callbackBaseUrl, ...noBase } = CONFIG;
    const w2 = await startWorker({ bindings: { PUBLIC_BASE_URL: undefined, WA_GUARD_CONFIG: JSON.stringify(noBase) } });
    try {
      const p = inboundParams();
      const ok = await postWebhook(w2, "/twilio/inbound", p, { signedUrl: `${w2.base}/twilio/inbound` });
      assert.equal(ok.status, 200);
      await ok.body.cancel();
      await expectForbidden(await postWebhook(w2, "/twilio/inbound", inboundParams()), "signed for a public URL the worker cannot know");
    } finally {
      await w2.close();
    }
  });

  test("the config's callbackBaseUrl is used when PUBLIC_BASE_URL is not set", async () => {
    const w2 = await startWorker({ bindings: { PUBLIC_BASE_URL: undefined } });
    try {
      const ok = await postWebhook(w2, "/twilio/inbound", inboundParams()); // signed for CONFIG.callbackBaseUrl
      assert.equal(ok.status, 200);
      await ok.body.cancel();
    } finally {
      await w2.close();
    }
  });
});

describe("account, numbers, malformed bodies", () => {
  test("a validly signed webhook for another account → 403", async () => {
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ extra: { AccountSid: "AC" + "9".repeat(32) } }));
    assert.equal(res.status, 403);
    await res.body.cancel();
  });

  test("a validly signed webhook to an unconfigured number → 404", async () => {
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ to: "+14155550199" }));
    assert.equal(res.status, 404);
    await res.body.cancel();
  });

  test("malformed bodies → 400 with a code, never 5xx", async () => {
    const bad = [
      ["application/x-www-form-urlencoded", "Body=%E2%82&MessageSid=x"],
      ["application/x-www-form-urlencoded", "Body=%zz"],
    ];
    for (const [ct, body] of bad) {
      const res = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": ct, "x-twilio-signature": sign(`${PUBLIC_BASE}/twilio/inbound`, {}) }, body });
      assert.ok(res.status === 400 || res.status === 403, `${body}: ${res.status}`);
      await res.body.cancel();
    }
    // Validly signed but not a WhatsApp message (no MessageSid / From): 400 from parseInbound.
    for (const params of [{ Body: "hi" }, { ...inboundParams(), From: "not-a-number" }, { ...inboundParams(), MessageSid: "" }]) {
      const res = await postWebhook(w, "/twilio/inbound", params);
      assert.equal(res.status, 400, JSON.stringify(params));
      const body = await res.json();
      assert.match(body.code, /^[A-Z0-9_]+$/);
    }
  });
});

describe("duplicates, attachments, forwarding", () => {
  test("a duplicate delivery (same MessageSid) is answered the same and not processed twice", async () => {
    const p = inboundParams({ from: "+5511911112222" });
    const first = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(first.status, 200);
    const firstBody = await first.text();
    const again = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("x-wa-guard-duplicate"), "1");
    assert.equal(await again.text(), firstBody);
    await deliveredOnce(p.MessageSid);
  });

  test("the I-Twilio-Idempotency-Token (unsigned) is no key by itself: MessageSid decides", async () => {
    const headers = { "i-twilio-idempotency-token": "b1f7e5d0-retry-token" };
    const pa = inboundParams({ from: "+5511933334444" });
    const pb = inboundParams({ from: "+5511933334444" });
    const a = await postWebhook(w, "/twilio/inbound", pa, { headers });
    const b = await postWebhook(w, "/twilio/inbound", pb, { headers });
    assert.equal(a.status, 200);
    assert.equal(b.headers.get("x-wa-guard-duplicate"), null, "another MessageSid with the same token is another message");
    await a.body.cancel();
    await b.body.cancel();
    await deliveredOnce(pa.MessageSid);
    await deliveredOnce(pb.MessageSid);
    const c = await postWebhook(w, "/twilio/inbound", pa, { headers });
    assert.equal(c.headers.get("x-wa-guard-duplicate"), "1", "the same MessageSid with it is a duplicate");
    await c.body.cancel();
  });

  test("concurrent duplicate deliveries are processed once", async () => {
    const p = inboundParams({ from: "+5511955556666" });
    const all = await Promise.all(Array.from({ length: 8 }, () => postWebhook(w, "/twilio/inbound", p)));
    for (const r of all) {
      assert.equal(r.status, 200);
      await r.body.cancel();
    }
    assert.equal(all.filter((r) => r.headers.get("x-wa-guard-duplicate") !== "1").length, 1);
    await deliveredOnce(p.MessageSid);
  });

  test("a refused customer attachment gets TwiML with the configured automated message, XML-escaped", async () => {
    const p = inboundParams({ to: SALES, body: "see photo", extra: { NumMedia: "1", MediaContentType0: "image/jpeg", MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`, MessageType: "image" } });
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/xml/);
    const xml = await res.text();
    const expected = CONFIG.workstreams[1].automatedMessages.attachmentRefused
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
    assert.equal(xml, `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${expected}</Message></Response>`);
    const fwd = (await deliveredOnce(p.MessageSid)).body; // the text still reaches the agent
    assert.equal(fwd.message.body, "see photo");
    assert.deepEqual(fwd.message.media, [], "the refused attachment is not delivered to the agent");
    assert.doesNotMatch(JSON.stringify(fwd), /Media\/ME1/);
    assert.ok(fwd.mediaRefused.length > 0);
  });

  test("the same attachment is accepted where customers may send attachments", async () => {
    const p = inboundParams({ to: SUPPORT, extra: { NumMedia: "1", MediaContentType0: "image/jpeg", MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM2/Media/ME2` } });
    const res = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), EMPTY_TWIML);
    assert.equal((await deliveredOnce(p.MessageSid)).body.message.media.length, 1);
  });

  test("upstream failing → still acknowledged (recorded and queued), delivered once it recovers", async () => {
    const p = inboundParams({ from: "+5511977778888" });
    up.status = 503;
    try {
      const res = await postWebhook(w, "/twilio/inbound", p);
      assert.equal(res.status, 200, "Twilio is not made to wait for, or retry against, the upstream");
      await res.body.cancel();
      assert.ok(await until(() => receivedFor(p.MessageSid).length >= 2, 10_000), "retried while failing");
    } finally {
      up.status = 200;
    }
    assert.ok(await until(() => receivedFor(p.MessageSid).some((r) => r.status === 200), 10_000), "delivered after recovery");
    const ids = new Set(receivedFor(p.MessageSid).map((r) => r.headers["webhook-id"]));
    assert.deepEqual([...ids], [p.MessageSid], "every attempt carries the same webhook-id");
  });
});

describe("status callbacks", () => {
  test("a verified status callback is recorded on its conversation", async () => {
    const customer = "+5511999990000";
    const sid = messageSid();
    for (const status of ["sent", "delivered", "read"]) {
      const res = await postWebhook(w, "/twilio/status", { MessageSid: sid, MessageStatus: status, AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${customer}`, ChannelPrefix: "whatsapp", ApiVersion: "2010-04-01" });
      assert.equal(res.status, 204, status);
    }
    const st = await agent(w, windowPath(SUPPORT, customer));
    assert.equal(st.status, 200);
    const body = await st.json();
    assert.deepEqual(body.statuses[sid].statuses.map((s) => s.status), ["sent", "delivered", "read"]);
  });

  test("a status callback for another account → 403", async () => {
    const res = await postWebhook(w, "/twilio/status", { MessageSid: messageSid(), MessageStatus: "sent", AccountSid: "AC" + "1".repeat(32), From: `whatsapp:${SUPPORT}`, To: "whatsapp:+5511999990000" });
    assert.equal(res.status, 403);
    await res.body.cancel();
  });
});

describe("the conversation Durable Object", () => {
  test("delivery keys are forgotten after the dedupe horizon (30 days), not before", async () => {
    const customer = "+5511987651111";
    const p = inboundParams({ from: customer });
    const first = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(first.status, 200);
    await first.body.cancel();
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const stub = ns.get(ns.idFromName(`${SUPPORT}|${customer}`));
    const T0 = (await stub.snapshot()).events[0].at; // webhooks run on the real clock
    const DAY = 24 * 3600_000;
    assert.equal(await stub.prune(T0 + 29 * DAY), 1, "still remembered at 29 days (a replayed capture is recognised)");
    let again = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(again.headers.get("x-wa-guard-duplicate"), "1");
    await again.body.cancel();
    assert.equal(await stub.prune(T0 + 31 * DAY), 0, "forgotten after 30 days");
    again = await postWebhook(w, "/twilio/inbound", p);
    assert.equal(again.headers.get("x-wa-guard-duplicate"), null);
    await again.body.cancel();
    const snap = await stub.snapshot();
    assert.equal(snap.events.length, 2, "both processed deliveries are events");
    assert.equal(snap.events[0].at, T0);
    assert.ok(snap.events[1].at >= T0);
  });
});
