// checkAttachment as JS sees it (run pkg-scripts/build first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAttachment } from "./pkg.mjs";

const on = { enabled: true, customersMaySend: true, agentsMaySend: true };

test("an allowed attachment", () => {
  assert.deepEqual(
    checkAttachment({ direction: "outbound", settings: on, media: { contentType: "image/png", size: 1000, url: "https://cdn.example.com/a.png" }, caption: "Here" }),
    { allowed: true, kind: "image", problems: [] },
  );
});

test("every reason, with codes and paths", () => {
  const v = checkAttachment({
    direction: "outbound",
    settings: { enabled: true, customersMaySend: true, agentsMaySend: false },
    media: [{ contentType: "image/png", size: 6_000_000 }, { contentType: "application/zip" }],
  });
  assert.equal(v.allowed, false);
  assert.deepEqual(v.problems.map((p) => [p.code, p.path ?? null]), [
    ["AGENT_ATTACHMENTS_NOT_ALLOWED", null],
    ["TOO_MANY_MEDIA", "media[1]"],
    ["MEDIA_TOO_LARGE", "media[0].size"],
    ["MEDIA_TYPE_NOT_ALLOWED", "media[1].contentType"],
  ]);
  const inbound = checkAttachment({ direction: "inbound", settings: { enabled: true, agentsMaySend: true }, media: { contentType: "audio/ogg" } });
  assert.deepEqual(inbound.problems.map((p) => p.code), ["CUSTOMER_ATTACHMENTS_NOT_ALLOWED"]);
  const off = checkAttachment({ direction: "inbound", settings: {}, media: [] });
  assert.deepEqual(off.problems.map((p) => p.code), ["ATTACHMENTS_DISABLED"]);
});

test("wrong shapes are INVALID_ARGUMENT", () => {
  assert.throws(() => checkAttachment({ direction: "sideways", settings: on, media: [] }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => checkAttachment({ direction: "inbound", settings: on, media: { size: 3 } }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => checkAttachment(null), { code: "INVALID_ARGUMENT" });
});
