// composeOutbound as JS sees it: Twilio's exact parameters, or OUTBOUND_REJECTED with every problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { composeOutbound, sendTarget } from "./pkg.mjs";

const config = JSON.parse(readFileSync(new URL("../vectors/messages-config.json", import.meta.url), "utf8"));
const now = "2026-11-24T12:00:00Z";
const base = { config, workstreamId: "support", to: "whatsapp:+447400123456", lastInboundAt: "2026-11-24T09:30:00+01:00", now };

test("free-form text and media inside the window", () => {
  assert.deepEqual(composeOutbound({ ...base, content: { body: "Hi Ana!" } }), {
    To: "whatsapp:+447400123456",
    From: "whatsapp:+14155238886",
    Body: "Hi Ana!",
  });
  const withMedia = composeOutbound({
    ...base,
    lastInboundAt: Date.parse(now) - 3_600_000,
    content: { body: "Your label", media: { contentType: "image/png", size: 1000, url: "https://cdn.example.com/l.png" } },
  });
  assert.equal(withMedia.MediaUrl, "https://cdn.example.com/l.png");
});

test("templates by ContentSid, even with the window closed", () => {
  const out = composeOutbound({
    ...base,
    lastInboundAt: null,
    content: { contentSid: "HX0123456789ABCDEF0123456789ABCDEF", variables: ["Ana", "#12345", "Friday"] },
  });
  assert.deepEqual(out, {
    To: "whatsapp:+447400123456",
    From: "whatsapp:+14155238886",
    ContentSid: "HX0123456789abcdef0123456789abcdef",
    ContentVariables: '{"1":"Ana","2":"#12345","3":"Friday"}',
  });
});

test("every violation, with codes and paths", () => {
  assert.throws(
    () => composeOutbound({ ...base, lastInboundAt: "2026-11-22T09:30:00Z", to: "+14155238886", content: { body: "x".repeat(1601) } }),
    (e) => {
      assert.equal(e.code, "OUTBOUND_REJECTED");
      assert.deepEqual(e.problems.map((p) => [p.code, p.path]), [
        ["SAME_SENDER_AND_RECIPIENT", "to"],
        ["WINDOW_CLOSED", "content"],
        ["BODY_TOO_LONG", "content.body"],
      ]);
      assert.deepEqual(e.problems[2].span, { start: 1600, end: 1601 });
      return true;
    },
  );
  assert.throws(
    () => composeOutbound({ ...base, to: "+12025550123", content: { contentSid: "HXfedcba9876543210fedcba9876543210", variables: [""] } }),
    (e) => {
      assert.deepEqual(e.problems.map((p) => [p.code, p.path]), [
        ["MARKETING_TEMPLATE_TO_US", "content.contentSid"],
        ["VARIABLE_EMPTY", "content.variables.1"],
      ]);
      return true;
    },
  );
});

test("malformed input is INVALID_ARGUMENT", () => {
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", contentSid: "HX00" } }), { code: "INVALID_ARGUMENT", path: "content" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi" }, extra: 1 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: "yesterday", content: { body: "hi" } }), { code: "INSTANT_INVALID", path: "lastInboundAt" });
});

test("every string of the input is read strictly: lone surrogates, wrong types, oversize", () => {
  const tpl = (variables) => ({ ...base, content: { contentSid: "HX0123456789ABCDEF0123456789ABCDEF", variables } });
  // A lone surrogate would otherwise reach Twilio as U+FFFD: refused with the value's path.
  assert.throws(() => composeOutbound(tpl(["Ana", "\uD800", "Friday"])), { code: "INVALID_ARGUMENT", path: "content.variables[1]" });
  assert.throws(() => composeOutbound(tpl(["Ana", 7, "Friday"])), { code: "INVALID_ARGUMENT", path: "content.variables[1]" });
  assert.throws(() => composeOutbound(tpl("Ana")), { code: "INVALID_ARGUMENT", path: "content.variables" });
  assert.throws(() => composeOutbound(tpl(["x".repeat(70_000)])), { code: "INPUT_TOO_LARGE", path: "content.variables[0]" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", media: { contentType: "image/png", size: -1 } } }), { code: "INVALID_ARGUMENT", path: "content.media[0].size" });
  assert.throws(() => composeOutbound({ ...base, to: 447400123456, content: { body: "hi" } }), { code: "INVALID_ARGUMENT", path: "to" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", mediaUrl: "x" } }), { code: "INVALID_ARGUMENT", path: "content.mediaUrl" });
});

// ---- issue 21: one consistent API ------------------------------------------------------------
import { toMessagesCreate, conversationState } from "./pkg.mjs";

const sample = JSON.parse(readFileSync(new URL("../../www/sample-config.json", import.meta.url), "utf8"));
const sampleBase = { config: sample, workstreamId: "support", to: "+447400123456", now };

test("keyed variables ({ \"1\": … }) as renderTemplate takes them, or positional ones", () => {
  const sid = "HX0123456789ABCDEF0123456789ABCDEF";
  const keyed = composeOutbound({ ...base, content: { contentSid: sid, variables: { 1: "Ana", 2: "#12345", 3: "Friday" } } });
  const positional = composeOutbound({ ...base, content: { contentSid: sid, variables: ["Ana", "#12345", "Friday"] } });
  assert.deepEqual(keyed, positional);
  assert.throws(
    () => composeOutbound({ ...base, content: { contentSid: sid, variables: { 1: "Ana", 2: "#1", 3: "Fri", 9: "x" } } }),
    (e) => e.code === "OUTBOUND_REJECTED" && e.problems.some((p) => p.code === "VARIABLE_EXTRA" && p.path === "content.variables.9"),
  );
  assert.throws(() => composeOutbound({ ...base, content: { contentSid: sid, variables: { 1: 7 } } }), { code: "INVALID_ARGUMENT", path: "content.variables.1" });
  // `sid` is no longer the name (one name per concept: contentSid), and says what is expected.
  assert.throws(() => composeOutbound({ ...base, content: { sid, variables: [] } }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "content.sid" && /contentSid/.test(e.message));
});

test("the conversation as lastInboundAt, its events (as conversationState takes them) or its state", () => {
  const events = [
    { direction: "inbound", at: "2026-11-24T08:30:00Z" },
    { direction: "outbound", at: "2026-11-24T08:35:00Z", kind: "template" },
  ];
  const byEvents = composeOutbound({ ...base, lastInboundAt: undefined, events, content: { body: "Hi" } });
  assert.equal(byEvents.Body, "Hi");
  const state = conversationState({ events, now });
  assert.deepEqual(composeOutbound({ ...base, lastInboundAt: undefined, state, content: { body: "Hi" } }), byEvents);
  // Closed by the events: only the customer's inbound messages count.
  const old = [{ direction: "inbound", at: "2026-11-22T08:30:00Z" }, { direction: "outbound", at: "2026-11-24T11:00:00Z" }];
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: undefined, events: old, content: { body: "Hi" } }), (e) => e.problems[0].code === "WINDOW_CLOSED");
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: undefined, state: conversationState({ events: old, now }), content: { body: "Hi" } }), (e) => e.problems[0].code === "WINDOW_CLOSED");
  // Errors at the caller's own paths; the conversation is given once.
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: undefined, events: [{ direction: "inbound", at: 1795509000 }], content: { body: "Hi" } }), { code: "INSTANT_OUT_OF_RANGE", path: "events[0].at" });
  assert.throws(() => composeOutbound({ ...base, events, content: { body: "Hi" } }), { code: "INVALID_ARGUMENT", path: "events" });
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: undefined, events: [{ direction: "sideways", at: now }], content: { body: "Hi" } }), { code: "EVENT_DIRECTION_INVALID", path: "events[0].direction" });
});

test("StatusCallback when the number's settings ask for status callbacks", () => {
  const tpl = { contentSid: "HX1b2c3d4e5f60718293a4b5c6d7e8f901", variables: ["Ana", "#12345"] };
  // support: +14155550123, statusCallbacks: true, callbackBaseUrl https://edge.example.com
  const out = composeOutbound({ ...sampleBase, content: tpl });
  assert.equal(out.StatusCallback, "https://edge.example.com/twilio/status");
  assert.equal(out.MessagingServiceSid, "MG6e2d0a4b8c1f4a7e9d3b5c7a9e1f3d5b");
  assert.equal(composeOutbound({ ...sampleBase, content: tpl, statusCallback: "https://hooks.example.com/s?send=1" }).StatusCallback, "https://hooks.example.com/s?send=1");
  assert.throws(() => composeOutbound({ ...sampleBase, content: tpl, statusCallback: "/twilio/status" }), (e) => e.problems.some((p) => p.code === "STATUS_CALLBACK_INVALID" && p.path === "statusCallback"));
  // Turned off in the number's settings: none, even when one is given.
  const off = structuredClone(sample);
  off.numbers[0].settings.statusCallbacks = false;
  assert.equal(composeOutbound({ ...sampleBase, config: off, content: tpl, statusCallback: "https://hooks.example.com/s" }).StatusCallback, undefined);
  // No callbackBaseUrl and no statusCallback: none.
  const noBase = structuredClone(sample);
  delete noBase.callbackBaseUrl;
  assert.equal(composeOutbound({ ...sampleBase, config: noBase, content: tpl }).StatusCallback, undefined);
});

test("toMessagesCreate: the REST parameters as the twilio SDK's client.messages.create options", async () => {
  const params = composeOutbound({ ...sampleBase, lastInboundAt: "2026-11-24T11:00:00Z", content: { body: "Your label", media: { contentType: "image/png", size: 1000, url: "https://cdn.example.com/l.png" } } });
  const opts = toMessagesCreate(params);
  assert.deepEqual(opts, {
    to: "whatsapp:+447400123456",
    messagingServiceSid: "MG6e2d0a4b8c1f4a7e9d3b5c7a9e1f3d5b",
    body: "Your label",
    mediaUrl: ["https://cdn.example.com/l.png"],
    statusCallback: "https://edge.example.com/twilio/status",
  });
  const t = toMessagesCreate(composeOutbound({ ...base, content: { contentSid: "HX0123456789ABCDEF0123456789ABCDEF", variables: ["Ana", "#1", "Fri"] } }));
  assert.deepEqual(t, { to: "whatsapp:+447400123456", from: "whatsapp:+14155238886", contentSid: "HX0123456789abcdef0123456789abcdef", contentVariables: '{"1":"Ana","2":"#1","3":"Fri"}' });
  // Every option name is one of the SDK's MessageListInstanceCreateOptions (twilio 6.3.1's types).
  const dts = readFileSync(new URL("../../node_modules/twilio/lib/rest/api/v2010/account/message.d.ts", import.meta.url), "utf8");
  const block = dts.split("export interface MessageListInstanceCreateOptions {")[1].split("\n}")[0];
  const sdkNames = new Set([...block.matchAll(/^\s*"?([a-zA-Z]+)"?\??:/gm)].map((m) => m[1]));
  for (const k of ["to", "from", "messagingServiceSid", "body", "contentSid", "contentVariables", "mediaUrl", "statusCallback"]) assert.ok(sdkNames.has(k), k);
  for (const k of [...Object.keys(opts), ...Object.keys(t)]) assert.ok(sdkNames.has(k), k);
  // …and the SDK sends them as the very REST parameters composeOutbound gave (its own mapping).
  const { default: twilio } = await import("twilio");
  let sent;
  const client = twilio("AC3f9a1c2e7b4d4e0a9c8b7a6f5e4d3c2b", "e194669bd11ac3fffcfd4c41b1b927c4", {
    httpClient: { request: async (r) => { sent = r; return { statusCode: 201, body: { sid: "SM" + "0".repeat(32) } }; } },
  });
  await client.messages.create(opts);
  const form = Object.fromEntries(Object.entries(sent.data).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]));
  assert.deepEqual(form, params);
  // Bad input: a coded error at the parameter.
  assert.throws(() => toMessagesCreate({ ...params, Foo: "x" }), { code: "INVALID_ARGUMENT", path: "Foo" });
  assert.throws(() => toMessagesCreate({ Body: "x" }), { code: "INVALID_ARGUMENT", path: "To" });
  assert.throws(() => toMessagesCreate(42), { code: "INVALID_ARGUMENT" });
});

test("an aggregate error's message names its problems", () => {
  assert.throws(
    () => composeOutbound({ ...base, lastInboundAt: null, content: { body: "x".repeat(1601) } }),
    (e) => e.code === "OUTBOUND_REJECTED" && /: WINDOW_CLOSED \(content\), BODY_TOO_LONG \(content\.body\)$/.test(e.message),
  );
});

test("a caption problem is at the caller's field: content.body here, caption in checkAttachment", async () => {
  const { checkAttachment } = await import("./pkg.mjs");
  const media = { contentType: "application/pdf", size: 20000, url: "https://cdn.example.com/invoice.pdf" };
  assert.throws(
    () => composeOutbound({ ...base, lastInboundAt: "2026-11-24T11:00:00Z", content: { body: "Your invoice", media } }),
    (e) => e.problems.some((p) => p.code === "CAPTION_NOT_ALLOWED" && p.path === "content.body"),
  );
  const v = checkAttachment({ direction: "outbound", settings: { enabled: true, customersMaySend: true, agentsMaySend: true }, media, caption: "Your invoice" });
  assert.deepEqual(v.problems.map((p) => [p.code, p.path]), [["CAPTION_NOT_ALLOWED", "caption"]]);
});

test("sendTarget: who a send goes between, by business number or workstream id", () => {
  assert.deepEqual(sendTarget(config, "whatsapp:+5215512345678", "+442071838750"), {
    business: "+442071838750",
    customer: "+525512345678",
    to: "whatsapp:+5215512345678",
    workstreamId: "sales-uk",
    workstreamIndex: 1,
    sandbox: false,
  });
  assert.equal(sendTarget(config, "+447400123456", null, "brasil").business, "+5511987654321");
  assert.equal(sendTarget(config, "+447400123456", undefined, "support").sandbox, false);
  const sandboxed = { ...config, sandbox: { enabled: true, joinKeyword: "x" } };
  assert.equal(sendTarget(sandboxed, "+447400123456", "+14155238886").sandbox, true);
  const fails = (args, code, path) =>
    assert.throws(() => sendTarget(config, ...args), (e) => e.code === code && e.path === path, `${code} at ${path}`);
  fails([undefined, "+442071838750"], "PARAMETER_MISSING", "to");
  fails(["+447400123456"], "PARAMETER_MISSING", "from");
  fails(["+447400123456", "+442071838799"], "NUMBER_NOT_CONFIGURED", "from");
  fails(["+447400123456", null, "nope"], "WORKSTREAM_NOT_FOUND", "workstream");
  fails(["+447400123456", 442071838750], "INVALID_ARGUMENT", "from");
  // A customer wa-guard cannot read: parseCustomer's own code, at `to`.
  assert.throws(() => sendTarget(config, "not a number", "+442071838750"), (e) => e.code === "CUSTOMER_ADDRESS_INVALID" && e.path === "to");
});
