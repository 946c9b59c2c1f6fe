// Strings crossing into wasm: long ones (≥ 256 UTF-16 units) are copied by the engine's
// `TextEncoder.encodeInto` rather than wasm-bindgen's glue. Both paths must give the same text,
// byte for byte, for every kind of character, and both must refuse lone surrogates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as wa from "./pkg.mjs";

const require = createRequire(import.meta.url);
const sdk = require("twilio/lib/webhooks/webhooks.js");
const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";
const URL_ = "https://example.com/twilio/inbound";

// 1-, 2-, 3- and 4-byte UTF-8 characters (the last is a surrogate pair in UTF-16).
const CHARS = ["a", "é", "中", "😀"];

function body(valueUnits, last) {
  // `Body=` + value of about `valueUnits` UTF-16 units ending in `last`, unescaped (as a sloppy
  // proxy might forward it), and a percent-encoded copy.
  const filler = "x".repeat(Math.max(0, valueUnits - last.length));
  const value = filler + last;
  return { value, raw: `Body=${value}&To=whatsapp%3A%2B14155238886`, encoded: new URLSearchParams({ Body: value, To: "whatsapp:+14155238886" }).toString() };
}

test("long and short bodies decode to the same text as URLSearchParams, at and around 256 units", () => {
  for (const units of [250, 251, 255, 256, 257, 260, 1000, 20000]) {
    for (const last of CHARS) {
      const { value, raw, encoded } = body(units, last);
      for (const b of [raw, encoded]) {
        const got = wa.decodeForm(b);
        assert.deepEqual(got, [...new URLSearchParams(b)], `${units} units ending in ${last}`);
        assert.equal(got[0][1], value);
      }
    }
  }
});

test("a mixed non-ASCII body of every length class verifies against the official SDK", () => {
  for (const n of [10, 100, 300, 3000]) {
    const value = Array.from({ length: n }, (_, i) => CHARS[i % CHARS.length]).join("");
    const params = { Body: value, From: "whatsapp:+14155550100", To: "whatsapp:+14155238886" };
    const signature = sdk.getExpectedTwilioSignature(TOKEN, URL_, params);
    for (const b of [new URLSearchParams(params).toString(), `Body=${value}&From=whatsapp%3A%2B14155550100&To=whatsapp%3A%2B14155238886`]) {
      const req = { authToken: TOKEN, signature, url: URL_, body: b, contentType: "application/x-www-form-urlencoded" };
      assert.equal(wa.verifySignature(req).valid, true, `${n} characters`);
      assert.equal(wa.verifySignature({ ...req, body: b.replace("To=", "To=x") }).valid, false);
    }
  }
});

test("a lone surrogate is refused in short and long strings alike, wherever it sits", () => {
  for (const units of [10, 255, 256, 5000]) {
    for (const at of ["start", "end"]) {
      const lone = "\uD83D";
      const v = at === "start" ? lone + "x".repeat(units) : "x".repeat(units) + lone;
      assert.throws(() => wa.decodeForm(`Body=${v}`), (e) => e.code === "INVALID_ARGUMENT", `${units} ${at}`);
    }
  }
});
