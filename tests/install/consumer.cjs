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
console.log(`install test (CommonJS): wa-guard ${wa.version()} required and called, and wa-guard/webhook, wa-guard/rules`);
