// The JS boundary, attacked: every export of the package (enumerated at run time, so new exports are
// covered without editing this file) is fed wrong types and shapes, and must answer each with a
// coded `Error` (`e.code` in SCREAMING_SNAKE), never a trap (`RuntimeError: unreachable`), never an
// uncoded `TypeError` from the glue, never a silently "successful" result.
//
// Two modes:
//  - all-bad: every parameter of every export (and of every class's constructor, static and instance
//    methods) receives the same bad value; needs no knowledge of the export.
//  - one-bad: from a known-good call (SAMPLES below: the call is first checked to succeed), each
//    parameter in turn receives each bad value (strings also get a >2 MiB string and lone surrogates;
//    form bodies also get non-UTF-8 percent-escapes). Exports without a sample are listed as a
//    diagnostic: add one when you add an export.
//
// How to make an export pass: take `JsValue` (with `unchecked_param_type`) instead of `&str`/`String`
// and read it with `crate::js::string_arg(&v, "name", MAX_BYTES)` / `opt_string_arg`, or
// `from_js::<T>(v, "name")` for objects; check documented limits before expensive work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
// (tests/js/entries.test.mjs also runs this file against the package's other entries, whose
// exports are subsets: the checks below that name an export skip it when it is absent.)
import * as wa from "./pkg.mjs";

const SAMPLE_CONFIG = JSON.parse(readFileSync(new URL("../../www/sample-config.json", import.meta.url)));

const CODE = /^[A-Z][A-Z0-9_]*$/;
const HUGE = "a".repeat(2 * 1024 * 1024 + 1); // past every documented limit
const deep = (n) => {
  let v = "x";
  for (let i = 0; i < n; i++) v = { v, a: [v] };
  return v;
};

// Bad values for any parameter.
const BAD = {
  undefined: undefined,
  null: null,
  number: 42,
  NaN: NaN,
  negative: -1,
  boolean: true,
  bigint: 10n,
  symbol: Symbol("s"),
  "empty object": {},
  "nested object": { a: { b: { c: [1, { d: null }] } } },
  "deeply nested object": deep(2000),
  "empty array": [],
  "array of strings": ["a", "b"],
  function: () => "x",
  "String object": new String("x"),
  Date: new Date(0),
  Uint8Array: new Uint8Array([0xff, 0xfe]),
  Map: new Map([["a", "b"]]),
};
// Bad values for string parameters (strings that must still be refused).
const BAD_STRINGS = {
  "string past every limit": HUGE,
  "lone high surrogate": "abc\uD800",
  "lone low surrogate": "\uDC00abc",
  "reversed surrogate pair": "\uDC00\uD800",
};
// Bad values for form-body parameters.
const BAD_BODIES = {
  "non-UTF-8 escape": "Body=%FF&From=whatsapp%3A%2B14155550123",
  "truncated UTF-8 escape": "Body=%E2%82&From=x",
  "overlong UTF-8 escape": "Body=%C0%AF",
  "surrogate as UTF-8 escape": "Body=%ED%A0%80",
  "too many parameters": "a=1&".repeat(20_000),
  "body past the size limit": "Body=" + "a".repeat(2 * 1024 * 1024),
};

// Known-good calls. `args`: a call that must succeed. `kinds[i]`: "string" | "body" | "any"
// (string parameters also get BAD_STRINGS, body parameters BAD_BODIES). `optional`: parameter
// indexes where undefined/null are legitimate. `accepts`: [index, label, reason] triples where a
// listed bad value is legitimately accepted (index: a parameter index, "*" for any, or
// "<index>.<leaf path>" for a string inside an object argument, e.g. "0.events.0.direction").
const TEMPLATE_SAMPLE = {
  sid: "HX0123456789abcdef0123456789abcdef",
  name: "shipped",
  language: "en",
  body: "Hello {{1}}, your order {{2}} has shipped and will arrive soon.",
};
// The SDKs' documented webhook (token 12345), as a raw form body.
const SIGNATURE_SAMPLE = {
  authToken: "12345",
  signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  body: "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212",
  contentType: "application/x-www-form-urlencoded",
};
const SIGNATURE_HEADER_ACCEPTS = [["0.signature", "lone surrogate"], ["0.signature", "string past every limit"]];
const MESSAGES_CONFIG = JSON.parse(readFileSync(new URL("../vectors/messages-config.json", import.meta.url), "utf8"));
const WEBHOOK_BODY = readFileSync(new URL("../../benches/data/webhook-body.txt", import.meta.url), "utf8");
const SAMPLES = {
  decodeForm: { args: ["Body=Hi&To=whatsapp%3A%2B14155238886"], kinds: ["body"] },
  version: { args: [] },
  validateTemplate: { args: [TEMPLATE_SAMPLE] },
  renderTemplate: {
    args: [TEMPLATE_SAMPLE, ["Ana", "7"]],
    // Any array of strings is a valid list of values for a two-placeholder template.
    accepts: [[1, "array of strings"]],
  },
  normalizeLocale: { args: ["pt-BR"], kinds: ["string"] },
  isWhatsAppLanguage: { args: ["pt_BR"], kinds: ["string"] },
  TemplateRegistry: {
    make: () => new wa.TemplateRegistry([TEMPLATE_SAMPLE]),
    // A registry with no templates is legitimate (a workstream may have none yet).
    accepts: [[-1, "empty array"]],
  },
  parseE164: { args: ["+14155238886"], kinds: ["string"] },
  normalizeE164: { args: ["020 7183 8750", "GB"], kinds: ["string", "string"], optional: [1] },
  parseWhatsAppAddress: { args: ["whatsapp:+14155238886"], kinds: ["string"] },
  formatWhatsAppAddress: { args: ["+14155238886"], kinds: ["string"] },
  // The spec: a malformed X-Twilio-Signature header is an invalid signature ({ valid: false }),
  // never an error, whatever its content (a worker passes the header through unchecked).
  verifySignature: { args: [SIGNATURE_SAMPLE], accepts: SIGNATURE_HEADER_ACCEPTS },
  explainSignature: { args: [SIGNATURE_SAMPLE], accepts: SIGNATURE_HEADER_ACCEPTS },
  computeSignature: { args: [{ authToken: "12345", url: SIGNATURE_SAMPLE.url, params: { Digits: "1234" } }] },
  windowState: {
    args: [{ lastInboundAt: "2026-11-24T09:30:00Z", now: "2026-11-24T12:00:00Z" }],
  },
  parseInbound: { args: [WEBHOOK_BODY], kinds: ["body"] },
  validateInbound: {
    args: [
      "SmsMessageSid=SM1c5e2516b954bf75943d8b47a28b5b68&MessageSid=SM1c5e2516b954bf75943d8b47a28b5b68&AccountSid=" +
        MESSAGES_CONFIG.account.accountSid + "&From=whatsapp%3A%2B447400123456&To=whatsapp%3A" +
        encodeURIComponent(MESSAGES_CONFIG.numbers[0].number) + "&Body=Hi&NumMedia=0&WaId=447400123456",
      MESSAGES_CONFIG,
    ],
    kinds: ["body", "any"],
  },
  parseStatusCallback: {
    args: ["MessageSid=SM1c5e2516b954bf75943d8b47a28b5b68&MessageStatus=delivered&AccountSid=ACe3a792c2fff820782887463d41eb7b16&From=whatsapp%3A%2B14155238886&To=whatsapp%3A%2B447400123456"],
    kinds: ["body"],
  },
  checkAttachment: {
    args: [{ direction: "outbound", settings: { enabled: true, customersMaySend: true, agentsMaySend: true },
      media: { url: "https://example.com/a.jpg", contentType: "image/jpeg", bytes: 1000 } }],
  },
  sendTarget: {
    args: [MESSAGES_CONFIG, "whatsapp:+5215512345678", "+442071838750", "brasil"],
    kinds: ["any", "string", "string", "string"],
    // `to` missing is the core's PARAMETER_MISSING; `from` or `workstream` may be absent (not both).
    optional: [2, 3],
  },
  composeOutbound: {
    args: [{ config: MESSAGES_CONFIG, workstreamId: "support", to: "whatsapp:+447400123456",
      lastInboundAt: "2026-11-24T09:30:00+01:00", now: "2026-11-24T12:00:00Z", content: { body: "Hi Ana!" } }],
  },
  conversationState: {
    args: [{
      events: [{ direction: "inbound", at: "2026-11-24T09:30:00Z" }, { direction: "outbound", at: "2026-11-24T09:31:00Z", kind: "message" }],
      now: "2026-11-24T12:00:00Z",
      customerLanguage: "pt-BR",
      workstream: {
        id: "support", name: "Customer Support", number: "+14155550123", language: "en",
        attachments: { enabled: true, customersMaySend: true, agentsMaySend: false },
        templates: [{ sid: "HX1b2c3d4e5f60718293a4b5c6d7e8f901", name: "order_update", language: "en",
          body: "Hello {{1}}, your order {{2}} has shipped.", category: "utility" }],
        automatedMessages: { attachmentRefused: "Sorry, we cannot accept files here." },
      },
    }],
  },
  validateConfig: { args: [SAMPLE_CONFIG] },
  callbackUrl: { args: [SAMPLE_CONFIG, "https://edge.example.com"], kinds: ["any", "string"], optional: [1] },
  signedUrl: { args: ["http://127.0.0.1:8787/twilio/inbound?x=1", "https://edge.example.com"], kinds: ["string", "string"], optional: [1] },
  statusCallbackUrl: {
    args: ["http://127.0.0.1:8787/agent/messages", "https://edge.example.com", "key-1"],
    kinds: ["string", "string", "string"],
    optional: [1, 2],
  },
  updateNumberSettings: {
    args: [SAMPLE_CONFIG, "+14155550123", { enabled: false }],
    kinds: ["any", "string", "any"],
    accepts: [[2, "empty object", "an empty patch changes nothing: the config comes back as it was"]],
  },
  redactConfig: { args: [SAMPLE_CONFIG] },
  parseContentApi: {
    args: [{ contents: [], meta: { next_page_url: null } }],
    // An array is a list of Content items: empty is a valid (empty) import, and items that are not
    // objects are reported one by one as problems (CONTENT_ITEM_INVALID at [i]), not thrown.
    accepts: [["*", "empty array"], ["*", "array of strings"]],
  },
  templateEligibility: {
    args: [{ contentType: "twilio/text", approval: { status: "approved" }, definitions: { "twilio/text": { body: "Hi {{1}}, thanks for your message." } } }, { windowOpen: true }],
    // The chart does not depend on a body's text (only on the type, the status and the buttons):
    // the body is not read, so nothing in it can be refused.
    accepts: [["0.definitions.twilio/text.body", "lone surrogate"], ["0.definitions.twilio/text.body", "string past every limit"]],
  },
};

const isClass = (f) => typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));
const SKIP_METHODS = new Set(["constructor", "free", "__destroy_into_raw", "__wrap", "__unwrap"]);

function describeValue(v) {
  if (typeof v === "string") return v.length > 40 ? `string(${v.length})` : JSON.stringify(v);
  if (typeof v === "symbol" || typeof v === "bigint") return String(v);
  return typeof v;
}

// Exports that report bad input as problems in their result (issue 21: `validateConfig` lists every
// shape problem): `{ valid: false, problems: [coded, …] }` is their coded answer.
const REPORTS = new Set(["validateConfig"]);
const isReport = (r) =>
  r !== null && typeof r === "object" && r.valid === false && Array.isArray(r.problems) && r.problems.length > 0 &&
  r.problems.every((p) => typeof p.code === "string" && CODE.test(p.code) && typeof p.path === "string");

/** Calls `call()`, returns a failure message or null when it threw a coded Error. */
function expectCoded(what, call) {
  let result;
  try {
    result = call();
    if (REPORTS.has(what.split(/[:(. ]/)[0]) && isReport(result)) return null;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return `${what}: wasm TRAP (${e.message})`;
    if (!(e instanceof Error)) return `${what}: threw a non-Error (${describeValue(e)})`;
    if (typeof e.code !== "string" || !CODE.test(e.code))
      return `${what}: threw an uncoded ${e.constructor.name} (${e.message})`;
    return null;
  }
  return `${what}: returned ${describeValue(result)} instead of throwing a coded error`;
}

/** Calls `call()` where success is fine: only traps and uncoded errors are failures. */
function expectNoTrap(what, call) {
  const msg = expectCoded(what, call);
  return msg && !msg.includes("instead of throwing") ? msg : null;
}

// Not input-taking API: the error guard and class (any value is an answer: true or false), and
// the default `init` (a no-op in Node). Checked in tests/js/errors.test.mjs.
const GUARDS = new Set(["isWaGuardError", "WaGuardError", "default"]);
const exports = Object.entries(wa).filter(([n, v]) => typeof v === "function" && !GUARDS.has(n));
// Exports answering a Promise (they read a Fetch Request's body): bad input is a coded rejection.
const ASYNC = new Set(["verifyRequest"]);
const functions = exports.filter(([n, f]) => !isClass(f) && !ASYNC.has(n));
const asyncFunctions = exports.filter(([n]) => ASYNC.has(n));
const classes = exports.filter(([, f]) => isClass(f));

test("the package has exports to check", () => {
  assert.ok(functions.length >= 2, "expected at least decodeForm and version");
});

test("all-bad: every parameter of every function gets the same bad value", () => {
  const failures = [];
  for (const [name, f] of functions) {
    const arity = f.length;
    for (const [label, bad] of Object.entries({ ...BAD, ...BAD_STRINGS })) {
      const what = `${name}(${label} × ${arity})`;
      const call = () => f(...Array.from({ length: Math.max(arity, 1) }, () => bad));
      const msg = arity === 0 ? expectNoTrap(what, call) : expectCoded(what, call);
      if (msg && !accepted(name, -1, label)) failures.push(msg);
    }
  }
  assert.deepEqual(failures, []);
});

test("async exports: every bad value of every parameter is a coded rejection, never a throw or a trap", async () => {
  const failures = [];
  const good = () => new Request("https://mycompany.com/myapp.php?foo=1&bar=2", { method: "POST", headers: { "content-type": SIGNATURE_SAMPLE.contentType, "x-twilio-signature": SIGNATURE_SAMPLE.signature }, body: SIGNATURE_SAMPLE.body });
  for (const [name, f] of asyncFunctions) {
    for (const [label, bad] of Object.entries({ ...BAD, ...BAD_STRINGS })) {
      for (const args of [[bad, { authToken: "12345" }], [good(), bad], [bad, bad]]) {
        const what = `${name}(${label} in ${args.map((a) => (a === bad ? "bad" : "good")).join(", ")})`;
        let p;
        try {
          p = f(...args);
        } catch (e) {
          failures.push(`${what}: threw synchronously (${e.message})`);
          continue;
        }
        if (!(p instanceof Promise)) { failures.push(`${what}: did not return a Promise`); continue; }
        const msg = await p.then(
          (v) => `${what}: resolved ${describeValue(v)}`,
          (e) => (e instanceof Error && typeof e.code === "string" && CODE.test(e.code) ? null : `${what}: rejected with an uncoded ${e?.constructor?.name} (${e?.message})`),
        );
        if (msg) failures.push(msg);
      }
    }
    // The good call resolves.
    const v = await f(good(), { authToken: "12345" });
    assert.equal(v.valid, true, name);
  }
  assert.deepEqual(failures, []);
});

test("one-bad: each parameter of a known-good call replaced by each bad value", (t) => {
  const failures = [];
  const missing = [];
  for (const [name, f] of functions) {
    const sample = SAMPLES[name];
    if (!sample) {
      missing.push(name);
      continue;
    }
    assert.doesNotThrow(() => f(...sample.args), `the sample call of ${name} must succeed`);
    sample.args.forEach((_, i) => {
      const kind = sample.kinds?.[i] ?? "any";
      const bads = { ...BAD, ...(kind !== "any" ? BAD_STRINGS : {}), ...(kind === "body" ? BAD_BODIES : {}) };
      for (const [label, bad] of Object.entries(bads)) {
        if ((bad === undefined || bad === null) && sample.optional?.includes(i)) continue;
        if (accepted(name, i, label)) continue;
        const args = sample.args.slice();
        args[i] = bad;
        const msg = expectCoded(`${name}: parameter ${i} ← ${label}`, () => f(...args));
        if (msg) failures.push(msg);
      }
    });
  }
  if (missing.length) t.diagnostic(`exports without a SAMPLES entry (all-bad mode only): ${missing.join(", ")}`);
  assert.deepEqual(failures, []);
});

test("leaves: every string inside an object argument refuses lone surrogates and oversize text", () => {
  // A lone surrogate inside a template body or an event must not turn into a silent U+FFFD, and
  // a 2 MiB string in any field is past every documented limit.
  const failures = [];
  const leafBad = { "lone surrogate": "x\uD800y", "string past every limit": HUGE };
  for (const [name, f] of functions) {
    const sample = SAMPLES[name];
    if (!sample) continue;
    sample.args.forEach((arg, i) => {
      if (typeof arg !== "object" || arg === null) return;
      for (const leaf of stringLeaves(arg)) {
        for (const [label, bad] of Object.entries(leafBad)) {
          if (accepted(name, `${i}.${leaf.join(".")}`, label)) continue;
          const args = sample.args.slice();
          args[i] = withLeaf(arg, leaf, bad);
          const msg = expectCoded(`${name}: parameter ${i} .${leaf.join(".")} ← ${label}`, () => f(...args));
          if (msg) failures.push(msg);
        }
      }
    });
  }
  assert.deepEqual(failures, []);
});

/** Paths (arrays of keys) of the string leaves of a plain value. */
function stringLeaves(v, path = []) {
  if (typeof v === "string") return [path];
  if (typeof v !== "object" || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
}

/** A deep copy of `v` with the leaf at `path` replaced. */
function withLeaf(v, path, leaf) {
  if (!path.length) return leaf;
  const copy = Array.isArray(v) ? v.slice() : { ...v };
  copy[path[0]] = withLeaf(v[path[0]], path.slice(1), leaf);
  return copy;
}

// Reading a caller's object can run the caller's code (a getter, a Proxy trap). When it throws,
// the export must answer with a coded error, not let the exception unwind through wasm, and never
// carry on as if the field were absent.
test("hostile: a throwing getter or Proxy anywhere in a known-good call is a coded error", () => {
  const failures = [];
  let touched = false;
  const boom = () => {
    touched = true;
    throw new Error("boom from the caller's code");
  };
  const traps = { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom };
  const hostile = {
    "Proxy whose traps throw": (v) => new Proxy(v, traps),
    "throwing getter": (v) => {
      const copy = Array.isArray(v) ? v.slice() : { ...v };
      const keys = Object.keys(copy);
      if (!keys.length) return null;
      Object.defineProperty(copy, keys[0], { enumerable: true, configurable: true, get: boom });
      return copy;
    },
  };
  for (const [name, f] of functions) {
    const sample = SAMPLES[name];
    if (!sample) continue;
    sample.args.forEach((arg, i) => {
      for (const path of objectPaths(arg)) {
        for (const [label, make] of Object.entries(hostile)) {
          const original = path.reduce((o, k) => o[k], arg);
          const bad = make(original);
          if (bad === null) continue;
          const args = sample.args.slice();
          args[i] = withLeaf(arg, path, bad);
          const what = `${name}: parameter ${i} .${path.join(".")} ← ${label}`;
          touched = false;
          const msg = expectCoded(what, () => f(...args));
          // Success is fine only when the function never read the hostile value.
          if (msg && (touched || !msg.includes("instead of throwing"))) failures.push(msg);
        }
      }
    });
  }
  assert.deepEqual(failures, []);
  // The next call works: nothing was left half-done.
  if (wa.parseE164) assert.equal(wa.parseE164("+14155238886").number, "+14155238886");
  if (wa.computeSignature) assert.equal(wa.computeSignature({ authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2", params: { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" } }), "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
});

/** Paths (arrays of keys) of the objects and arrays inside a plain value, itself included. */
function objectPaths(v, path = []) {
  if (typeof v !== "object" || v === null) return [];
  return [path, ...Object.entries(v).flatMap(([k, x]) => objectPaths(x, [...path, k]))];
}

test("classes: constructors, static and instance methods refuse bad values with coded errors", () => {
  const failures = [];
  for (const [name, C] of classes) {
    const sample = SAMPLES[name];
    for (const [label, bad] of Object.entries({ ...BAD, ...BAD_STRINGS })) {
      // A class without a JS constructor throws on `new` from the glue: that is not our API.
      if (!/constructor\s*\(/.test(Function.prototype.toString.call(C))) break;
      const arity = Math.max(C.length, 1);
      const msg = expectCoded(`new ${name}(${label})`, () => new C(...Array(arity).fill(bad)));
      if (msg && !accepted(name, -1, label)) failures.push(msg);
    }
    for (const m of Object.getOwnPropertyNames(C)) {
      if (typeof C[m] !== "function" || ["length", "name", "prototype"].includes(m)) continue;
      for (const [label, bad] of Object.entries({ ...BAD, ...BAD_STRINGS })) {
        const arity = Math.max(C[m].length, 1);
        const msg = expectCoded(`${name}.${m}(${label})`, () => C[m](...Array(arity).fill(bad)));
        if (msg && !accepted(`${name}.${m}`, -1, label)) failures.push(msg);
      }
    }
    const instance = sample?.make?.();
    if (!instance) continue;
    for (const m of Object.getOwnPropertyNames(C.prototype)) {
      // Read the descriptor: `C.prototype[m]` would run getters on the prototype itself.
      const method = Object.getOwnPropertyDescriptor(C.prototype, m).value;
      if (SKIP_METHODS.has(m) || typeof method !== "function") continue;
      const arity = method.length;
      for (const [label, bad] of Object.entries({ ...BAD, ...BAD_STRINGS })) {
        const what = `${name}#${m}(${label})`;
        const call = () => instance[m](...Array(Math.max(arity, 1)).fill(bad));
        const msg = arity === 0 ? expectNoTrap(what, call) : expectCoded(what, call);
        if (msg && !accepted(`${name}#${m}`, -1, label)) failures.push(msg);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test("errors carry a coded path naming the argument", () => {
  for (const bad of [42, undefined, null, {}, []]) {
    if (!wa.parseE164) break; // the webhook entry
    assert.throws(
      () => wa.parseE164(bad),
      (e) => e.code === "INVALID_ARGUMENT" && e.path === "input" && e.name === "WaGuardError",
    );
  }
  for (const bad of [42, undefined, null, {}, []]) {
    if (!wa.decodeForm) break; // the rules entry
    assert.throws(
      () => wa.decodeForm(bad),
      (e) => e.code === "INVALID_ARGUMENT" && e.path === "body" && e.name === "WaGuardError",
    );
  }
  if (wa.parseE164) assert.throws(() => wa.parseE164(HUGE), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "input");
  if (!wa.decodeForm) return;
  assert.throws(() => wa.decodeForm(HUGE), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "body");
  assert.throws(() => wa.decodeForm("Body=\uD800"), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => wa.decodeForm("Body=%FF"), (e) => e.code === "FORM_INVALID_UTF8");
});

test("the module still works after the barrage (no poisoned state)", () => {
  if (wa.normalizeLocale) assert.equal(wa.normalizeLocale("pt-br"), "pt_BR");
  if (!wa.decodeForm) return;
  assert.deepEqual(wa.decodeForm("a=1&b=%C3%A9"), [
    ["a", "1"],
    ["b", "é"],
  ]);
});

/** Exceptions declared in SAMPLES[name].accepts as [index, label, reason]. */
function accepted(name, index, label) {
  const list = SAMPLES[name]?.accepts ?? [];
  return list.some(([i, l]) => (i === index || i === "*") && l === label);
}
