// Imported from the installed tarball, as a user would: plain Node ESM.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as wa from "wa-guard";

const { version } = JSON.parse(readFileSync("node_modules/wa-guard/package.json", "utf8"));
assert.equal(wa.version(), version);
assert.deepEqual(wa.decodeForm("Body=Hi+there&To=whatsapp%3A%2B14155238886"), [
  ["Body", "Hi there"],
  ["To", "whatsapp:+14155238886"],
]);
const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
assert.equal(wa.computeSignature({ authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", params }), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
assert.throws(() => wa.decodeForm("a=%FF"), (e) => e instanceof Error && e.code === "FORM_INVALID_UTF8");
// The subset entries, each with its own .wasm: the webhook check alone, the agent-UI rules alone.
const webhook = await import("wa-guard/webhook");
assert.equal(webhook.computeSignature({ authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", params }), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
assert.equal(webhook.windowState, undefined);
const rules = await import("wa-guard/rules");
assert.equal(rules.normalizeE164("020 7183 8750", "GB").number, "+442071838750");
assert.equal(rules.verifySignature, undefined);
console.log(`install test (ESM): wa-guard ${wa.version()} imported and called, and wa-guard/webhook, wa-guard/rules`);
