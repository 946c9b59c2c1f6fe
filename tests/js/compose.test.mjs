// composeOutbound as JS sees it: Twilio's exact parameters, or OUTBOUND_REJECTED with every problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { composeOutbound } from "./pkg.mjs";

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
    content: { sid: "HX0123456789ABCDEF0123456789ABCDEF", variables: ["Ana", "#12345", "Friday"] },
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
    () => composeOutbound({ ...base, to: "+12025550123", content: { sid: "HXfedcba9876543210fedcba9876543210", variables: [""] } }),
    (e) => {
      assert.deepEqual(e.problems.map((p) => [p.code, p.path]), [
        ["MARKETING_TEMPLATE_TO_US", "content.sid"],
        ["VARIABLE_EMPTY", "content.variables.1"],
      ]);
      return true;
    },
  );
});

test("malformed input is INVALID_ARGUMENT", () => {
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", sid: "HX00" } }), { code: "INVALID_ARGUMENT", path: "content" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi" }, extra: 1 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => composeOutbound({ ...base, lastInboundAt: "yesterday", content: { body: "hi" } }), { code: "INSTANT_INVALID", path: "lastInboundAt" });
});

test("every string of the input is read strictly: lone surrogates, wrong types, oversize", () => {
  const tpl = (variables) => ({ ...base, content: { sid: "HX0123456789ABCDEF0123456789ABCDEF", variables } });
  // A lone surrogate would otherwise reach Twilio as U+FFFD: refused with the value's path.
  assert.throws(() => composeOutbound(tpl(["Ana", "\uD800", "Friday"])), { code: "INVALID_ARGUMENT", path: "content.variables[1]" });
  assert.throws(() => composeOutbound(tpl(["Ana", 7, "Friday"])), { code: "INVALID_ARGUMENT", path: "content.variables[1]" });
  assert.throws(() => composeOutbound(tpl("Ana")), { code: "INVALID_ARGUMENT", path: "content.variables" });
  assert.throws(() => composeOutbound(tpl(["x".repeat(70_000)])), { code: "INPUT_TOO_LARGE", path: "content.variables[0]" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", media: { contentType: "image/png", size: -1 } } }), { code: "INVALID_ARGUMENT", path: "content.media[0].size" });
  assert.throws(() => composeOutbound({ ...base, to: 447400123456, content: { body: "hi" } }), { code: "INVALID_ARGUMENT", path: "to" });
  assert.throws(() => composeOutbound({ ...base, content: { body: "hi", mediaUrl: "x" } }), { code: "INVALID_ARGUMENT", path: "content.mediaUrl" });
});
