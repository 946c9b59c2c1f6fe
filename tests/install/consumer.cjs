// Imported from the installed tarball with require(), as a CommonJS user would.
const assert = require("node:assert/strict");
const wa = require("wa-guard");

assert.equal(typeof wa.version(), "string");
assert.deepEqual(wa.decodeForm("a=1"), [["a", "1"]]);
console.log(`install test (CommonJS): wa-guard ${wa.version()} required and called`);
