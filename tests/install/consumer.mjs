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
// Package hygiene: the licence, the examples' sample config and webhooks, one .wasm per entry
// (node/ and node-cjs/ load web/'s), and a default init that is a no-op in Node.
import { readdirSync, existsSync } from "node:fs";
assert.match(readFileSync("node_modules/wa-guard/LICENSE", "utf8"), /^MIT License/);
const sample = JSON.parse(readFileSync("node_modules/wa-guard/examples/sample-config.json", "utf8"));
assert.equal(rules.validateConfig(sample).valid, true);
const inbound = readFileSync("node_modules/wa-guard/examples/webhooks/inbound-text.form", "utf8");
assert.equal(Object.fromEntries(wa.decodeForm(inbound)).AccountSid, sample.account.accountSid);
const wasmFiles = readdirSync("node_modules/wa-guard", { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
assert.deepEqual(wasmFiles.map(String).sort(), ["rules/web/wa_guard_bg.wasm", "web/wa_guard_bg.wasm", "webhook/web/wa_guard_bg.wasm"]);
assert.ok(!existsSync("node_modules/wa-guard/node/wa_guard_bg.wasm"));
const { default: init } = await import("wa-guard");
assert.equal(await init(), undefined);
assert.equal(typeof (await import("wa-guard/webhook")).default, "function");
console.log(`install test (ESM): wa-guard ${wa.version()} imported and called, and wa-guard/webhook, wa-guard/rules`);
