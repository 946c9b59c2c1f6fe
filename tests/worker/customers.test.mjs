// Issue 22 on real workerd (Miniflare): WhatsApp's own number forms (Mexico's +521…), the
// canonical customer key of the conversation, hypothetical BSUID senders, and the marketing pause
// for US recipients only (the worker asks wa-guard; it does not decide).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import {
  ACCOUNT_SID, CONFIG, HOUR, SUPPORT, T0,
  agent, inboundParams, postWebhook, startWorker, windowPath,
} from "./harness.mjs";

const PROMO = "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const config = structuredClone(CONFIG);
config.workstreams[0].templates.push({
  sid: PROMO, name: "spring_sale", language: "en", body: "Hi {{1}}, 20% off this week.", category: "marketing",
});

let w;
before(async () => {
  w = await startWorker({ bindings: { WA_GUARD_CONFIG: JSON.stringify(config) } });
});
after(() => w.close());

async function windowAt(customer, now) {
  const res = await agent(w, windowPath(SUPPORT, customer), { now });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

describe("Mexican customers (whatsapp:+521…)", () => {
  const received = "+5215512340001"; // as Twilio sends it: 13 digits, libphonenumber says too long
  const canonical = "+525512340001";

  test("the inbound message is accepted (was 400 E164_TOO_LONG) and opens the window under the canonical key", async () => {
    const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: received }), { now: T0 });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body.cancel();
    for (const c of [received, canonical, `whatsapp:${received}`]) {
      const s = await windowAt(c, T0 + HOUR);
      assert.equal(s.open, true, c);
      assert.equal(s.customer, canonical, c);
    }
  });

  test("the agent's reply goes to the number as received; its status lands on the same conversation", async () => {
    const res = await agent(w, "/messages", { method: "POST", now: T0 + 2 * HOUR, body: { from: SUPPORT, to: received, body: "Hola" } });
    assert.equal(res.status, 201, await res.clone().text());
    const out = await res.json();
    assert.deepEqual(w.fake.requests.at(-1).params.To, [`whatsapp:${received}`]);
    const cb = await postWebhook(w, "/twilio/status", { MessageSid: out.sid, MessageStatus: "delivered", AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${received}` }, { now: T0 + 2 * HOUR + 5 });
    assert.equal(cb.status, 204);
    const s = await windowAt(canonical, T0 + 2 * HOUR + 10);
    assert.deepEqual(s.statuses[out.sid].statuses.map((x) => x.status), ["delivered"]);
  });
});

describe("business-scoped user IDs (HYPOTHETICAL payloads: Twilio has not documented them)", () => {
  const bsuid = "US.13491208655302741918";

  test("a sender identified only by a BSUID, without WaId, is accepted and keyed by the BSUID", async () => {
    const params = inboundParams({ from: "+10000000000", extra: { From: `whatsapp:${bsuid}`, Username: "@maria" } });
    delete params.WaId;
    const res = await postWebhook(w, "/twilio/inbound", params, { now: T0 });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body.cancel();
    const s = await windowAt(bsuid, T0 + HOUR);
    assert.equal(s.open, true);
    assert.equal(s.customer, bsuid);
  });
});

describe("marketing templates: paused for US recipients only (63049)", () => {
  test("a Canadian or Jamaican customer keeps them; a US customer does not", async () => {
    const canada = await windowAt("+14165550123", T0);
    assert.ok(canada.actions.templates.templateSids.includes(PROMO));
    assert.deepEqual(canada.actions.templates.excludedSids, []);
    const jamaica = await windowAt("+18765550123", T0);
    assert.ok(jamaica.actions.templates.templateSids.includes(PROMO));
    const us = await windowAt("+12125550123", T0);
    assert.deepEqual(us.actions.templates.excludedSids, [PROMO]);
    assert.ok(!us.actions.templates.templateSids.includes(PROMO));
  });

  test("sending it: to Canada reaches Twilio, to the US is refused with MARKETING_TEMPLATE_TO_US", async () => {
    const send = (to) => agent(w, "/messages", { method: "POST", now: T0, body: { from: SUPPORT, to, template: { sid: PROMO, variables: ["Ana"] } } });
    const ca = await send("+14165550123");
    assert.equal(ca.status, 201, await ca.clone().text());
    const us = await send("+12125550123");
    assert.equal(us.status, 422);
    const body = await us.json();
    assert.deepEqual(body.problems.map((p) => p.code), ["MARKETING_TEMPLATE_TO_US"]);
  });
});
