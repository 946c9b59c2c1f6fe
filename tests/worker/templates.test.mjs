// Content templates in the edge worker on workerd: fetched from the (fake) Content API with Basic auth
// across pages, kept in the TemplateStore Durable Object, refreshed by the Cron Trigger and on demand,
// the last good copy kept when a refresh fails, and the approval chart applied before every send.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ACCOUNT_SID, HOUR, SUPPORT, T0, TOKEN, agent, inboundParams, postWebhook, startWorker } from "./harness.mjs";

const FIXTURE = JSON.parse(readFileSync(new URL("../vectors/content-and-approvals.json", import.meta.url), "utf8"));
const items = FIXTURE.page.contents;
const sidOf = (name) => items.find((x) => x.friendly_name === name).sid;

let w;
before(async () => {
  w = await startWorker({ testClock: true }); // agent requests move the clock (X-Test-Now with the test secret)
});
after(() => w.close());

test("before any refresh: no templates, not stale", async () => {
  const res = await agent(w, "/templates");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual([body.ok, body.stale, body.templates], [false, false, []]);
});

test("refresh on demand follows next_page_url with Basic auth and stores every template", async () => {
  w.fake.setContent(items, { pageSize: 3 });
  const before = w.fake.requests.length;
  const res = await agent(w, "/templates/refresh", { method: "POST", now: T0 });
  assert.equal(res.status, 200);
  const s = await res.json();
  assert.deepEqual([s.ok, s.stale, s.pages, s.templates, s.problems, s.lastError], [true, false, 3, items.length, [], null]);
  const calls = w.fake.requests.slice(before);
  assert.deepEqual(calls.map((r) => r.path), [
    "/v1/ContentAndApprovals?PageSize=500",
    "/v1/ContentAndApprovals?PageSize=3&Page=1",
    "/v1/ContentAndApprovals?PageSize=3&Page=2",
  ]);
  const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${TOKEN}`).toString("base64")}`;
  assert.ok(calls.every((r) => r.headers.authorization === basic));
  const list = await (await agent(w, "/templates")).json();
  assert.equal(list.templates.length, items.length);
  const picker = list.templates.find((t) => t.friendlyName === "size_picker");
  assert.deepEqual([picker.insideWindow.allowed, picker.outsideWindow.reasons.map((r) => r.code)], [true, ["TEMPLATE_SESSION_ONLY"]]);
});

test("a failed refresh keeps the last good copy and says so", async () => {
  w.fake.failContent({ status: 500, code: 20500, message: "Internal Server Error" });
  try {
    const s = await (await agent(w, "/templates/refresh", { method: "POST", now: T0 + HOUR })).json();
    assert.deepEqual([s.ok, s.stale, s.templates, s.lastError.code, s.lastError.twilio.status], [false, true, items.length, "CONTENT_API_ERROR", 500]);
    assert.equal(s.fetchedAt, T0);
    assert.equal(s.lastAttemptAt, T0 + HOUR);
    const list = await (await agent(w, "/templates")).json();
    assert.equal(list.templates.length, items.length);
    assert.equal(list.stale, true);
  } finally {
    w.fake.failContent(null);
  }
});

test("the Cron Trigger refreshes (scheduled handler)", async () => {
  const more = [...items, { ...items[0], sid: "HX" + "a".repeat(32), friendly_name: "appointment_reminder_2" }];
  w.fake.setContent(more, { pageSize: 5 });
  const worker = await w.mf.getWorker();
  await worker.scheduled({ cron: "*/30 * * * *" });
  const list = await (await agent(w, "/templates")).json();
  assert.deepEqual([list.ok, list.templates.length, list.pages], [true, more.length, 2]);
});

test("every agent send of a Content template is checked against the chart first", async () => {
  const customer = "+5511987659001";
  const sends = () => w.fake.requests.filter((r) => r.path.endsWith("/Messages.json")).length;
  const n0 = sends();
  // Webhooks run on the real clock (issue 20): the agent's test clock starts from it.
  const base = Date.now();
  // Window closed (the customer never wrote): a list-picker is refused with the chart's reason.
  const r1 = await agent(w, "/messages", { method: "POST", now: base, body: { from: SUPPORT, to: customer, template: { sid: sidOf("size_picker") } } });
  assert.equal(r1.status, 422);
  const e1 = await r1.json();
  assert.ok(e1.problems.some((p) => p.code === "TEMPLATE_SESSION_ONLY"), JSON.stringify(e1));
  // A paused template: refused even when the window is open.
  await postWebhook(w, "/twilio/inbound", inboundParams({ from: customer }));
  const r2 = await agent(w, "/messages", { method: "POST", now: Date.now() + HOUR, body: { from: SUPPORT, to: customer, template: { sid: sidOf("weekly_digest"), variables: ["Ana"] } } });
  assert.equal(r2.status, 422);
  assert.deepEqual((await r2.json()).problems.map((p) => p.code), ["TEMPLATE_PAUSED"]);
  assert.equal(sends(), n0, "nothing sent to Twilio");
  // Approved: sent with exactly ContentSid + ContentVariables.
  const r3 = await agent(w, "/messages", { method: "POST", now: Date.now() + 30 * HOUR, body: { from: SUPPORT, to: customer, template: { sid: sidOf("pay_link"), variables: ["Ana", "inv-91"] } } });
  assert.equal(r3.status, 201, await r3.clone().text());
  const sent = w.fake.requests.at(-1).params;
  assert.deepEqual([sent.ContentSid, sent.ContentVariables, sent.Body, sent.MediaUrl], [[sidOf("pay_link")], ['{"1":"Ana","2":"inv-91"}'], undefined, undefined]);
});
