// Imported from the installed tarball with require(), as a CommonJS user would.
const assert = require("node:assert/strict");
const wa = require("wa-guard");

assert.equal(typeof wa.version(), "string");
assert.deepEqual(wa.decodeForm("a=1"), [["a", "1"]]);
// A params object goes through the inline-JS snippet, which the CommonJS build must load too.
const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
assert.equal(wa.computeSignature({ authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", params }), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
const webhook = require("wa-guard/webhook");
assert.equal(webhook.computeSignature({ authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", params }), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
assert.equal(webhook.windowState, undefined);
const rules = require("wa-guard/rules");
assert.equal(rules.parseE164("+14155238886").number, "+14155238886");
assert.equal(rules.decodeForm, undefined);
// The default init exists (a no-op) for code shared with the browser; isWaGuardError/instanceof.
assert.equal(typeof wa.default, "function");
try { wa.decodeForm("a=%FF"); assert.fail("no throw"); } catch (e) {
  assert.ok(wa.isWaGuardError(e) && e instanceof wa.WaGuardError && e.code === "FORM_INVALID_UTF8");
}
assert.ok(!wa.isWaGuardError(new Error("x")) && !(new Error("x") instanceof wa.WaGuardError));
console.log(`install test (CommonJS): wa-guard ${wa.version()} required and called, and wa-guard/webhook, wa-guard/rules`);
