// parseInbound / validateInbound / parseStatusCallback as JS sees them, on the shared fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseInbound, validateInbound, parseStatusCallback, validateStatusCallback, decodeForm, statusRank } from "./pkg.mjs";

const vec = (p) => readFileSync(new URL(`../vectors/${p}`, import.meta.url), "utf8");
const config = JSON.parse(vec("messages-config.json"));

test("parses the realistic payloads from a body, pairs or an object", () => {
  const body = vec("inbound/text.form");
  const a = parseInbound(body);
  assert.deepEqual(parseInbound(decodeForm(body)), a);
  assert.deepEqual(parseInbound(Object.fromEntries(new URLSearchParams(body))), a);
  assert.equal(a.from, "+447400123456");
  assert.equal(a.to, "+14155238886");
  assert.equal(a.body, "Hi, my order #12345 hasn't arrived yet & I need help 🙏");
  assert.equal(a.messageType, "text");
  assert.equal(a.extra.SmsSid, a.messageSid);
  const media = parseInbound(vec("inbound/media.form"));
  assert.deepEqual(media.media.map((m) => [m.contentType, m.kind]), [["image/jpeg", "image"]]);
  assert.equal(parseInbound(vec("inbound/location.form")).location.label, "MASP");
  assert.equal(parseInbound(vec("inbound/button.form")).button.payload, "confirm_appointment");
  const ad = parseInbound(vec("inbound/referral.form"));
  assert.equal(ad.referral.sourceType, "ad");
  assert.equal(ad.extra.SomeFutureParameter, "kept");
});

test("unknown parameters named like Object.prototype members are kept as plain data", () => {
  // A result is built as JSON text and parsed once (src/js/out.rs): every key is an own data
  // property, so `__proto__` neither sets the prototype nor disappears.
  const a = parseInbound(vec("inbound/text.form").trim() + "&__proto__=x&constructor=y&toString=z");
  assert.deepEqual(Object.getOwnPropertyDescriptor(a.extra, "__proto__"), { value: "x", writable: true, enumerable: true, configurable: true });
  assert.equal(Object.getPrototypeOf(a.extra), Object.prototype);
  assert.equal(a.extra.constructor, "y");
  assert.equal(a.extra.toString, "z");
  assert.equal(a.extra.SmsSid, a.messageSid);
});

test("bad webhooks throw INBOUND_INVALID with every problem", () => {
  assert.throws(() => parseInbound("Body=hi&From=whatsapp%3A%2B447400123456"), (e) => {
    assert.equal(e.code, "INBOUND_INVALID");
    assert.deepEqual(e.problems.map((p) => p.path), ["MessageSid", "AccountSid", "To"]);
    return true;
  });
  assert.throws(() => parseInbound(42), { code: "INVALID_ARGUMENT" });
  assert.throws(() => parseInbound("a=%FF"), { code: "FORM_INVALID_UTF8" });
});

test("validateInbound: routing, refused attachments, foreign webhooks", () => {
  const ok = validateInbound(vec("inbound/media.form"), config);
  assert.equal(ok.workstreamId, "support");
  assert.equal(ok.deliverMedia, true);
  assert.equal(ok.inbound.media.length, 1);
  const uk = vec("inbound/media.form").replace("To=whatsapp%3A%2B14155238886", "To=whatsapp%3A%2B442071838750");
  const refused = validateInbound(uk, config);
  assert.equal(refused.deliverMedia, false);
  assert.deepEqual(refused.mediaProblems.map((p) => p.code), ["CUSTOMER_ATTACHMENTS_NOT_ALLOWED"]);
  assert.match(refused.autoReply, /describe it in words/);
  const other = { ...config, account: { accountSid: "AC" + "f".repeat(32) } };
  assert.throws(() => validateInbound(vec("inbound/text.form"), other), (e) => {
    assert.equal(e.code, "INBOUND_REJECTED");
    assert.deepEqual(e.problems.map((p) => p.code), ["ACCOUNT_MISMATCH"]);
    return true;
  });
  assert.throws(() => validateInbound(vec("inbound/text.form"), { version: 1 }), { code: "INVALID_ARGUMENT", path: "config" });
});

test("status callbacks", () => {
  const s = parseStatusCallback(vec("status/failed-63016.form"));
  assert.equal(s.status, "failed");
  assert.equal(s.errorCode, 63016);
  // Customer and business numbers are E.164 as in parseInbound; the addresses as sent are kept.
  assert.match(s.from, /^\+\d+$/);
  assert.match(s.to, /^\+\d+$/);
  assert.equal(s.fromAddress, `whatsapp:${s.from}`);
  assert.equal(s.toAddress, `whatsapp:${s.to}`);
  assert.throws(() => parseStatusCallback("MessageStatus=weird"), { code: "STATUS_INVALID" });
});

test("statusRank orders callbacks that arrive out of order; unknown statuses are coded", () => {
  const life = ["scheduled", "accepted", "queued", "sending", "sent", "delivered", "read"].map(statusRank);
  assert.deepEqual([...life].sort((a, b) => a - b), life);
  assert.equal(statusRank("undelivered"), statusRank("delivered"));
  assert.ok(statusRank("sent") < statusRank(parseStatusCallback(vec("status/failed-63016.form")).status));
  assert.throws(() => statusRank("Delivered"), { code: "STATUS_UNKNOWN", path: "status" });
  assert.throws(() => statusRank(7), { code: "INVALID_ARGUMENT" });
});

test("validateStatusCallback: the configured account, filed under the business and the customer's key", () => {
  const config = JSON.parse(readFileSync(new URL("../vectors/messages-config.json", import.meta.url), "utf8"));
  const body = vec("status/delivered.form");
  const v = validateStatusCallback(body, config);
  assert.deepEqual([v.business, v.customer, v.status.status], ["+14155238886", "+447400123456", "delivered"]);
  assert.deepEqual(v.status, parseStatusCallback(body));
  const other = body.replace("AccountSid=AC0123456789abcdef0123456789abcdef", "AccountSid=ACffffffffffffffffffffffffffffffff");
  assert.throws(() => validateStatusCallback(other, config), { code: "ACCOUNT_MISMATCH", path: "AccountSid" });
  const mx = body.replace("To=whatsapp%3A%2B447400123456", "To=whatsapp%3A%2B5215512345678");
  assert.equal(validateStatusCallback(mx, config).customer, "+525512345678");
  assert.throws(() => validateStatusCallback(body, {}), { code: "INVALID_ARGUMENT", path: "config" });
});
