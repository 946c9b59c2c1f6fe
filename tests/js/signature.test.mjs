// Webhook signatures through the npm package: the shared vectors, the security properties as JS
// sees them, and a differential test against the official `twilio` package (6.3.1, which added
// SharedKey signatures) on random requests, auth-token and SharedKey alike. Seed: WA_GUARD_SEED=<n> to replay a run; WA_GUARD_DIFF_N=<n> requests (default 12000).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import querystring from "node:querystring";
import * as wa from "./pkg.mjs";

const require = createRequire(import.meta.url);
const sdk = require("twilio/lib/webhooks/webhooks.js");
assert.equal(require("twilio/package.json").version, "6.3.1");

const vectorsPath = new URL("../vectors/signature.json", import.meta.url);
const vectorsText = readFileSync(vectorsPath, "utf8");
const { vectors } = JSON.parse(vectorsText);
const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";

// A params object crosses into wasm as one string (`flatParams` in src/js/signature.rs, NUL
// separated) unless it holds something that path declines (a NUL, a non-string, past a limit):
// then it is read value by value. Both must sign what the SDK signs and refuse what they refused.
test("params objects of every shape verify as the SDK signs them, through either reading path", () => {
  const url = "https://example.com/twilio/inbound?x=1";
  const big = Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`p${i}`, "v".repeat(i % 50)]));
  const cases = [
    {},
    { "": "empty name" },
    { a: "" },
    { a: [] },
    { a: ["x", "", "x"], b: "y" },
    { Body: "NUL \0 inside", From: "whatsapp:+14155550123" },
    { "a\0b": "NUL in a name" },
    { a: ["x\0", "y"] },
    // NUL and the next characters taken: the separator is the first one nobody holds.
    { "\0\u0001": ["\u0002", "\0"], b: "\u0001\u0003\0", c: "\u0004" },
    { Body: "😀 中 é \uFFFF \uE000 𐀀" },
    { "😀": "a", "\uE000": "b", "\uFFFF": "c" },
    big,
  ];
  for (const params of cases) {
    const signature = sdk.getExpectedTwilioSignature(TOKEN, url, params);
    const label = JSON.stringify(params).slice(0, 60);
    assert.equal(wa.computeSignature({ authToken: TOKEN, url, params }), signature, label);
    assert.equal(wa.verifySignature({ authToken: TOKEN, signature, url, params }).valid, true, label);
    const changed = { ...params, zz: "added" };
    assert.equal(wa.verifySignature({ authToken: TOKEN, signature, url, params: changed }).valid, false, label);
  }
  // Past the limits, and wrong values, the same coded errors as before the one-string path.
  const tooMany = { ...big, one: "more", two: "more" };
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params: tooMany }), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "params");
  const arrays = { a: Array(600).fill("v"), b: Array(401).fill("w") };
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params: arrays }), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "params");
  const heavy = { a: "x".repeat(40000), b: "y".repeat(30000) };
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params: heavy }), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "params");
  const wide = { a: "é".repeat(40000) }; // 40,000 UTF-16 units, 80,000 bytes
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params: wide }), (e) => e.code === "INPUT_TOO_LARGE" && e.path === "params");
  // A getter or proxy that throws is a coded error too, and the next call works.
  const getter = { a: "1" };
  Object.defineProperty(getter, "b", { enumerable: true, get() { throw new Error("boom"); } });
  const proxy = new Proxy({}, { ownKeys() { throw new Error("boom"); } });
  for (const params of [getter, proxy]) {
    assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "params");
    assert.throws(() => wa.computeSignature({ authToken: TOKEN, url, params }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "params");
    assert.equal(wa.computeSignature({ authToken: TOKEN, url, params: { a: "1" } }), sdk.getExpectedTwilioSignature(TOKEN, url, { a: "1" }));
  }
  for (const [bad, path] of [[{ a: "x", b: null }, "params.b"], [{ a: ["x", 1] }, "params.a[1]"], [{ a: new Date(0) }, "params.a"], [{ a: new String("x") }, "params.a"], [{ a: "\uD800" }, "params"]]) {
    assert.throws(() => wa.verifySignature({ authToken: TOKEN, signature: "x", url, params: bad }), (e) => e.code === "INVALID_ARGUMENT" && e.path === path, path);
  }
});

test("the vectors copy is identical to ../shared/vectors/signature.json when present", () => {
  const shared = new URL("../../../shared/vectors/signature.json", import.meta.url);
  if (existsSync(shared)) assert.equal(readFileSync(shared, "utf8"), vectorsText);
});

test("every shared vector passes as params, as a raw form body and as a raw JSON body", () => {
  let checked = 0;
  for (const v of vectors) {
    const base = { authToken: v.authToken, url: v.url, signature: v.signature };
    if (v.params) {
      assert.equal(wa.verifySignature({ ...base, params: v.params }).valid, v.valid, `${v.name} params`);
      checked++;
    }
    if (v.formBody !== undefined) {
      const r = wa.verifySignature({ ...base, body: v.formBody, contentType: "application/x-www-form-urlencoded" });
      assert.equal(r.valid, v.valid, `${v.name} formBody`);
      checked++;
    }
    if (v.body !== undefined) {
      const r = wa.verifySignature({ ...base, body: v.body, contentType: v.contentType });
      assert.equal(r.valid, v.valid, `${v.name} body`);
      checked++;
    }
    // explain never changes the verdict and never echoes the token.
    const rep = wa.explainSignature({ ...base, ...(v.body !== undefined ? { body: v.body, contentType: v.contentType } : { params: v.params }) });
    assert.equal(rep.valid, v.valid, `${v.name} explain`);
    assert.ok(!JSON.stringify(rep).includes(v.authToken), `${v.name}: token echoed`);
  }
  assert.ok(checked >= 100, String(checked));
});

test("computeSignature agrees with getExpectedTwilioSignature", () => {
  for (const v of vectors) {
    if (!v.params) continue;
    assert.equal(
      wa.computeSignature({ authToken: v.authToken, url: v.url, params: v.params }),
      sdk.getExpectedTwilioSignature(v.authToken, v.url, v.params),
      v.name,
    );
  }
});

const form = {
  url: "https://edge.example.com/twilio/inbound?tenant=acme",
  params: { Body: "Hi 👋 + 100%", From: "whatsapp:+14155550123", MediaUrl: ["b", "a", "b"] },
};
const formSig = wa.computeSignature({ authToken: TOKEN, ...form });

test("every single-bit flip of a valid signature is rejected (all 16 bits of each UTF-16 unit)", () => {
  assert.equal(wa.verifySignature({ authToken: TOKEN, signature: formSig, ...form }).valid, true);
  let flips = 0;
  for (let i = 0; i < formSig.length; i++) {
    for (let bit = 0; bit < 16; bit++) {
      const c = String.fromCharCode(formSig.charCodeAt(i) ^ (1 << bit));
      const s = formSig.slice(0, i) + c + formSig.slice(i + 1);
      assert.equal(wa.verifySignature({ authToken: TOKEN, signature: s, ...form }).valid, false, `${i}/${bit}`);
      flips++;
    }
  }
  const raw = Buffer.from(formSig, "base64");
  for (let i = 0; i < raw.length * 8; i++) {
    const r = Buffer.from(raw);
    r[i >> 3] ^= 1 << (i & 7);
    assert.equal(wa.verifySignature({ authToken: TOKEN, signature: r.toString("base64"), ...form }).valid, false);
    flips++;
  }
  assert.equal(flips, 28 * 16 + 160);
});

test("truncated, missing, null and garbage signatures are invalid, never errors", () => {
  for (let n = 0; n < formSig.length; n++) {
    assert.equal(wa.verifySignature({ authToken: TOKEN, signature: formSig.slice(0, n), ...form }).valid, false);
  }
  for (const signature of [undefined, null, "", "=", "not base64 at all!!", formSig + "=", ` ${formSig}`]) {
    assert.deepEqual(wa.verifySignature({ authToken: TOKEN, signature, ...form }), { valid: false, algorithm: "HMAC_SHA1" });
  }
});

test("a replayed signature on a changed body is rejected", () => {
  const changed = { ...form, params: { ...form.params, Body: "Hi 👋 + 101%" } };
  assert.equal(wa.verifySignature({ authToken: TOKEN, signature: formSig, ...changed }).valid, false);
  const body = JSON.stringify({ event: "message", text: "hi" });
  const hash = createHash("sha256").update(body).digest("hex");
  const url = `https://edge.example.com/hook?bodySHA256=${hash}`;
  const signature = wa.computeSignature({ authToken: TOKEN, url });
  const ok = (b) => wa.verifySignature({ authToken: TOKEN, url, signature, body: b, contentType: "application/json" }).valid;
  assert.equal(ok(body), true);
  assert.equal(ok(body.replace("hi", "ho")), false);
  assert.equal(ok(JSON.stringify(JSON.parse(body), null, 1)), false);
  const rep = wa.explainSignature({ authToken: TOKEN, url, signature, body: body + " ", contentType: "application/json" });
  assert.equal(rep.valid, false);
  assert.equal(rep.bodyHash.matches, false);
  assert.ok(rep.hints.some((h) => h.includes("re-serialised")), rep.hints.join("\n"));
});

test("token rotation reports the token that matched", () => {
  const other = "0123456789abcdef0123456789abcdef";
  assert.deepEqual(wa.verifySignature({ authTokens: [other, TOKEN], signature: formSig, ...form }), {
    valid: true, algorithm: "HMAC_SHA1", tokenIndex: 1, matchedUrl: form.url,
  });
  assert.equal(wa.verifySignature({ authTokens: [TOKEN, other], signature: formSig, ...form }).tokenIndex, 0);
  assert.deepEqual(wa.verifySignature({ authTokens: [other], signature: formSig, ...form }), { valid: false, algorithm: "HMAC_SHA1" });
});

test("bad arguments throw coded errors; limits are INPUT_TOO_LARGE", () => {
  const code = (c) => (e) => e instanceof Error && e.code === c;
  const ok = { authToken: TOKEN, signature: formSig, ...form };
  assert.throws(() => wa.verifySignature(null), code("INVALID_ARGUMENT"));
  assert.throws(() => wa.verifySignature({ ...ok, authToken: undefined }), code("AUTH_TOKEN_MISSING"));
  assert.throws(() => wa.verifySignature({ ...ok, authToken: "" }), code("AUTH_TOKEN_MISSING"));
  assert.throws(() => wa.verifySignature({ ...ok, authTokens: [TOKEN] }), code("INVALID_ARGUMENT"));
  assert.throws(() => wa.verifySignature({ ...ok, authToken: undefined, authTokens: [TOKEN, 5] }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "authTokens[1]");
  assert.throws(() => wa.verifySignature({ ...ok, url: 42 }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "url");
  assert.throws(() => wa.verifySignature({ ...ok, signature: 42 }), code("INVALID_ARGUMENT"));
  assert.throws(() => wa.verifySignature({ ...ok, params: { a: 1 } }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "params.a");
  assert.throws(() => wa.verifySignature({ ...ok, body: "a=1" }), code("INVALID_ARGUMENT"));
  assert.throws(() => wa.verifySignature({ ...ok, url: "https://a/" + "x".repeat(8192) }), code("INPUT_TOO_LARGE"));
  assert.throws(() => wa.verifySignature({ ...ok, authToken: undefined, authTokens: Array(9).fill(TOKEN) }), code("INPUT_TOO_LARGE"));
  const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p${i}`, "v"]));
  assert.throws(() => wa.verifySignature({ ...ok, params: many }), code("INPUT_TOO_LARGE"));
  assert.throws(() => wa.verifySignature({ ...ok, params: undefined, body: "a=".repeat(40000) }), code("INPUT_TOO_LARGE"));
  assert.throws(() => wa.computeSignature({ url: form.url }), (e) => e.code === "AUTH_TOKEN_MISSING" && e.path === "authToken");
  // Errors never carry the token.
  try { wa.verifySignature({ ...ok, authToken: TOKEN + "x".repeat(300) }); assert.fail("no error"); } catch (e) {
    assert.equal(e.code, "INPUT_TOO_LARGE");
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes(TOKEN));
  }
});

test("every field of the request refuses wrong types with a coded error at its path", () => {
  const ok = { authToken: TOKEN, signature: formSig, url: form.url, body: "Body=Hi", contentType: "application/x-www-form-urlencoded" };
  assert.equal(wa.verifySignature(ok).valid, false);
  const bads = { number: 42, object: { a: 1 }, array: ["x"], symbol: Symbol("s"), bigint: 1n, fn: () => 1,
    "lone surrogate": "ab\uD800", huge: "a".repeat(2 * 1024 * 1024 + 1) };
  for (const field of ["authToken", "url", "body", "contentType", "params", "authTokens", "signature"]) {
    // (params: { a: 1 } is a map with a wrong value: covered below.)
    for (const [label, bad] of Object.entries(bads)) {
      let req = { ...ok, [field]: bad };
      if (field === "params") delete req.body;
      if (field === "authTokens") delete req.authToken;
      // Strings that cannot be a signature are simply an invalid signature.
      if (field === "signature" && typeof bad === "string") {
        assert.deepEqual(wa.verifySignature(req), { valid: false, algorithm: "HMAC_SHA1" }, label);
        continue;
      }
      if (field === "params" && label === "object") continue; // a map: the valid shape (its values are checked below)
      if (field === "authTokens" && label === "array") continue; // a list of strings: the valid shape
      for (const f of [wa.verifySignature, wa.explainSignature]) {
        assert.throws(() => f(req), (e) => e instanceof Error && /^[A-Z_]+$/.test(e.code) && e.path?.startsWith(field), `${field} ← ${label}`);
      }
    }
  }
  assert.throws(() => wa.verifySignature({ ...ok, body: undefined, params: { Body: ["a", 2] } }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "params.Body[1]");
  assert.throws(() => wa.verifySignature({ ...ok, body: undefined, params: { Body: "a\uDC00" } }), (e) => e.code === "INVALID_ARGUMENT");
});

test("explainSignature finds the usual mistakes without changing the verdict", () => {
  const signed = { authToken: TOKEN, signature: formSig, params: form.params };
  const ex = (url, extra = {}) => wa.explainSignature({ ...signed, url, ...extra });
  let r = ex("http://edge.example.com:8080/twilio/inbound?tenant=acme");
  assert.equal(r.valid, false);
  assert.deepEqual(r.wouldMatch[0].variations, ["schemeSwapped"]);
  assert.equal(r.wouldMatch[0].url, form.url);
  r = ex("https://edge.example.com/twilio/inbound");
  assert.equal(r.valid, false);
  r = ex("https://edge.example.com/twilio/inbound/?tenant=acme");
  assert.deepEqual(r.wouldMatch[0].variations, ["trailingSlashToggled"]);
  r = ex(form.url, { params: { ...form.params, tenant: "acme" } });
  assert.deepEqual(r.wouldMatch[0].variations, ["queryParamsRemoved"]);
  r = ex(form.url, { params: { ...form.params, Body: " Hi 👋 + 100% " } });
  assert.deepEqual(r.wouldMatch[0].variations, ["valuesTrimmed"]);
  r = ex(form.url, { authToken: undefined, authTokens: ["0123456789abcdef0123456789abcdef", TOKEN] });
  assert.equal(r.valid, true);
  assert.equal(r.tokenIndex, 1);
  assert.ok(r.hints.length > 0);
  r = ex("https://user:secret@edge.example.com/twilio/inbound?tenant=acme");
  assert.equal(r.valid, true);
  assert.equal(r.extension, true);
  assert.ok(!JSON.stringify(r).includes("secret"));
  // GET whose query was passed as params too.
  const getUrl = "https://edge.example.com/hook?Body=Hi&From=x";
  const getSig = wa.computeSignature({ authToken: TOKEN, url: getUrl });
  r = wa.explainSignature({ authToken: TOKEN, url: getUrl, signature: getSig, params: { Body: "Hi", From: "x" } });
  assert.equal(r.valid, false);
  assert.ok(r.wouldMatch.some((d) => d.variations.includes("paramsIgnored") || d.variations.includes("queryParamsRemoved")));
});

test("explainSignature spots a secret stored with whitespace or in the wrong case without revealing it, a relative URL, and parameters it could not read", () => {
  const base = { signature: formSig, url: form.url, params: form.params };
  const noSecret = (r) => { const j = JSON.stringify(r); for (const s of [TOKEN, TOKEN.toUpperCase(), "s3cret-Key"]) assert.ok(!j.includes(s), "a secret leaked"); };
  // An auth token read from an environment file with its newline: invalid, and explained.
  for (const [token, fix, hint] of [[TOKEN + "\n", "trimmed", /surrounding whitespace/], [` ${TOKEN} `, "trimmed", /surrounding whitespace/],
    [TOKEN.toUpperCase(), "lowerCase", /wrong letter case/]]) {
    assert.equal(wa.verifySignature({ ...base, authToken: token }).valid, false);
    const r = wa.explainSignature({ ...base, authToken: token });
    assert.equal(r.valid, false);
    assert.deepEqual(r.wouldVerifyWith, [{ algorithm: "HMAC_SHA1", tokenIndex: 0, secretFix: fix }]);
    assert.ok(r.hints.some((h) => hint.test(h)), JSON.stringify(r.hints));
    noSecret(r);
  }
  // The secondary token is the mis-stored one: its index is named.
  let r = wa.explainSignature({ ...base, authTokens: ["0123456789abcdef0123456789abcdef", TOKEN.toUpperCase()] });
  assert.deepEqual(r.wouldVerifyWith, [{ algorithm: "HMAC_SHA1", tokenIndex: 1, secretFix: "lowerCase" }]);
  // A SharedKey secret with surrounding whitespace (HMAC-SHA256 named by the settings header).
  const key = { id: "webhooks_sharedkey_a", secret: "s3cret-Key" };
  const signatureSettings = `key=${key.id},algorithm=HMAC_SHA256`;
  const sig256 = wa.computeSignature({ secret: key.secret, algorithm: "HMAC_SHA256", url: form.url, params: form.params });
  const spaced = { ...base, signature: sig256, signatureSettings, sharedKeys: [{ ...key, secret: ` ${key.secret}\t` }] };
  assert.equal(wa.verifySignature(spaced).valid, false);
  r = wa.explainSignature(spaced);
  assert.deepEqual(r.wouldVerifyWith, [{ algorithm: "HMAC_SHA256", keyId: key.id, secretFix: "trimmed" }]);
  noSecret(r);
  // A secret that is simply wrong: no fix is claimed; a right one: valid, nothing to fix.
  r = wa.explainSignature({ ...base, authToken: "0123456789abcdef0123456789abcdef" });
  assert.deepEqual(r.wouldVerifyWith, []);
  assert.ok(!r.hints.some((h) => /whitespace|letter case/.test(h)));
  r = wa.explainSignature({ ...base, authToken: TOKEN });
  assert.equal(r.valid, true);
  assert.deepEqual(r.wouldVerifyWith, []);
  // A relative URL (req.originalUrl) is named as such, by explainSignature too.
  assert.throws(() => wa.explainSignature({ ...base, authToken: TOKEN, url: "/twilio/inbound?tenant=acme" }),
    (e) => e.code === "URL_NOT_ABSOLUTE" && e.path === "url" && /absolute URL/.test(e.message));
  // Parameters it could not read: a non-string value is named by its path...
  assert.throws(() => wa.explainSignature({ ...base, authToken: TOKEN, params: { ...form.params, NumMedia: 0 } }),
    (e) => e.code === "INVALID_ARGUMENT" && e.path === "params.NumMedia");
  // ...and a form body value that is not UTF-8 once percent-decoded is named in the hints.
  r = wa.explainSignature({ authToken: TOKEN, signature: formSig, url: form.url, body: "From=whatsapp%3A%2B1&Body=caf%E9",
    contentType: "application/x-www-form-urlencoded" });
  assert.equal(r.valid, false);
  assert.ok(r.hints.some((h) => h.includes("parameter `Body` does not decode to UTF-8")), JSON.stringify(r.hints));
});

// ---------------------------------------------------------------------------------------------
// Differential test against twilio 6.3.1.

// The SDK's URL helpers are not exported: these are copied verbatim from
// node_modules/twilio/lib/webhooks/webhooks.js (6.3.1; the candidates are 6.2.0's), to list the candidates it tries.
function splitUrl(url) {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const [prefix, scheme, authority] = match;
  const userInfoEnd = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(userInfoEnd + 1);
  const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? "" : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}
function addPort(url) {
  const parts = splitUrl(url);
  if (!parts || parts.port) return url;
  const port = parts.scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}
function removePort(url) {
  const parts = splitUrl(url);
  if (!parts) return url;
  return parts.scheme + parts.userInfo + parts.host + parts.rest;
}
function withLegacyQuerystring(url) {
  const queryStart = url.indexOf("?");
  if (queryStart === -1 || queryStart === url.length - 1) return url;
  const qs = querystring.parse(url.slice(queryStart + 1));
  return url.slice(0, queryStart) + "?" + querystring.stringify(qs);
}
/** twilio-node's candidate URLs, in order, deduplicated. */
function sdkCandidates(url) {
  const out = [removePort(url), addPort(url)];
  let n = null;
  try { n = new URL(url).toString(); } catch {}
  if (n !== null) {
    const a = removePort(n), b = addPort(n);
    out.push(a, b, withLegacyQuerystring(a), withLegacyQuerystring(b));
  }
  return [...new Set(out)];
}
// wa-guard's documented extensions (spec: credentials stripped; connection-override fragment removed).
const OVERRIDE = new Set(["ct", "rc", "rp", "rt", "tt", "sni", "e"]);
function stripCredentials(url) {
  const p = splitUrl(url);
  return p && p.userInfo ? p.scheme + p.host + p.port + p.rest : null;
}
function stripFragment(url) {
  const h = url.indexOf("#");
  if (h === -1) return null;
  const frag = url.slice(h + 1);
  const ok = frag !== "" && frag.split("&").every((x) => { const e = x.indexOf("="); return e !== -1 && OVERRIDE.has(x.slice(0, e)); });
  return ok ? url.slice(0, h) : null;
}
function extensionCandidates(url) {
  const out = [];
  const c = stripCredentials(url), f = stripFragment(url);
  if (c !== null) out.push(removePort(c), addPort(c));
  if (f !== null) out.push(removePort(f), addPort(f));
  if (c !== null && f !== null) { const b = stripFragment(c); if (b !== null) out.push(removePort(b), addPort(b)); }
  return out;
}
function redact(url) {
  const p = splitUrl(url);
  if (!p || !p.userInfo.includes(":")) return url;
  return p.scheme + p.userInfo.slice(0, p.userInfo.indexOf(":") + 1) + "***@" + p.host + p.port + p.rest;
}

// Seeded PRNG (mulberry32) so a failing run can be replayed.
const seed = Number(process.env.WA_GUARD_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = seed >>> 0;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;
const int = (n) => Math.floor(rnd() * n);

const PIECES = ["a", "Z", "0", "9", "x y", "+", "%", "%27", "%2B", "%20", "%zz", "%E2%82%AC", "%C3", "'", "\"", "=", "&", ";", ",",
  "é", "日本", "👋", "~", "*", "!", "(", ")", "^", "`", "{", "}", "|", "<", ">", "\\", "[", "]", "@", ":", "/", "?", "$", ".", "-", "_", "", "\uFF21", "\u00A0"];
const word = (n = 4) => Array.from({ length: int(n) + 1 }, () => pick(PIECES)).join("");
const QPIECES = PIECES.filter((p) => !["&", "#", "=", "\\"].includes(p));
const qword = (n = 3) => Array.from({ length: int(n) + 1 }, () => pick(QPIECES)).join("");

function randomUrl() {
  const scheme = pick(["https", "https", "https", "http", "HTTPS", "Http"]);
  const user = chance(0.12) ? pick(["user@", "user:pw@", "u%40x:p@ss@", "user:@", ":pw@", "a b:c'd@"]) : "";
  const host = pick(["edge.example.com", "edge.example.com", "EDGE.Example.COM", "[2001:db8::1]", "[2001:DB8:0:0:0::1]",
    "[::ffff:192.0.2.1]", "[::1]", "127.0.0.1", "localhost", "ex%41mple.com", "0x7f.1", "a_b.example.com"]);
  const port = pick(["", "", "", "", ":443", ":80", ":8443", ":8080", ":0443", ":"]);
  const segs = Array.from({ length: int(4) }, () => pick(["twilio", "inbound", "hook", "O'Brien", "a b", "%7E", "caf\u00e9",
    ".", "..", "", "~u", "x^y", "a|b", "{x}", "%2e", "<t>", "a\"b", "a`b", "100%"]));
  let url = `${scheme}://${user}${host}${port}/${segs.join("/")}`;
  if (chance(0.2)) url += "/";
  if (chance(0.6)) {
    const n = int(5);
    const pairs = [];
    for (let i = 0; i < n; i++) {
      const k = chance(0.15) ? pick(["0", "1", "10", "01", "4294967295", "tenant"]) : qword(2);
      pairs.push(chance(0.1) ? k : `${k}=${qword(4)}`);
    }
    if (chance(0.1)) pairs.push("");
    url += "?" + pairs.join("&");
  }
  if (chance(0.1)) url += pick(["#ct=1000&rc=2", "#rt=15000", "#section", "#", "#sni=unset&e=ashburn", "#x'y"]);
  return url;
}

function randomParams() {
  const params = {};
  const n = int(8);
  for (let i = 0; i < n; i++) {
    const name = chance(0.7) ? pick(["Body", "From", "To", "WaId", "MediaUrl0", "NumMedia", "ProfileName"]) : word(3);
    if (chance(0.2)) params[name] = Array.from({ length: int(4) + 1 }, () => (chance(0.3) ? "dup" : word(3)));
    else params[name] = chance(0.1) ? "" : word(6);
  }
  return params;
}

const toForm = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [].concat(v)) u.append(k, x);
  return u.toString();
};

function tamper(sig) {
  switch (int(5)) {
    case 0: { const i = int(sig.length); return sig.slice(0, i) + String.fromCharCode(sig.charCodeAt(i) ^ (1 << int(7))) + sig.slice(i + 1); }
    case 1: return sig.slice(0, int(sig.length));
    case 2: return "";
    case 3: return Buffer.from(Array.from({ length: 20 }, () => int(256))).toString("base64");
    default: return sig + "=";
  }
}

const hex32 = () => Array.from({ length: 32 }, () => pick([..."0123456789abcdef"])).join("");
const keyId = () => "webhooks_sharedkey_" + Array.from({ length: 26 }, () => pick([..."0123456789abcdef"])).join("");
const keySecret = () => Buffer.from(Array.from({ length: 32 }, () => int(256))).toString("base64url");

/** A settings header as Twilio sends it, or one of its variants (case, spaces, order, missing or
 *  unknown parts, unsupported algorithms), and the algorithm the signer used. */
function randomSettings(keys) {
  const alg = pick(["HMAC_SHA256", "HMAC_SHA256", "HMAC_SHA1"]);
  const id = chance(0.85) ? pick(keys).id : chance(0.5) ? keyId() : "";
  let algPart = `algorithm=${alg}`;
  const r = rnd();
  if (r < 0.1) algPart = `algorithm=${alg.toLowerCase()}`;
  else if (r < 0.15) algPart = ` algorithm = ${alg} `;
  else if (r < 0.2) algPart = "";
  else if (r < 0.23) algPart = "algorithm=";
  else if (r < 0.27) algPart = `algorithm=${pick(["HMAC_SHA512", "SHA256", "hmac-sha256", "hmac_ſha256" /* JS upper-cases ſ to S */])}`;
  else if (r < 0.3) algPart = `Algorithm=${alg}`;
  const keyPart = id === "" ? "" : chance(0.1) ? ` key = ${id}` : `key=${id}`;
  const parts = [keyPart, algPart].filter((x) => x !== "");
  if (chance(0.2)) parts.reverse();
  if (chance(0.05)) parts.push("future=1");
  return { header: parts.join(","), signAlg: alg };
}

/** One random request: what each side is given, and which URL the signature was computed over. */
function randomCase() {
  const token = chance(0.9) ? hex32() : word(5) || "t";
  const shared = chance(0.4);
  const keys = shared || chance(0.3) ? Array.from({ length: int(3) + 1 }, () => ({ id: keyId(), secret: keySecret() })) : [];
  const mode = pick(["params", "params", "params", "form", "form", "json", "json", "none"]);
  let url = randomUrl();
  let params = mode === "params" || mode === "form" ? randomParams() : {};
  let body;
  if (mode === "json") {
    body = JSON.stringify({ event: word(3), n: int(100), ok: chance(0.5) });
    const hash = createHash("sha256").update(body).digest("hex");
    const h = url.indexOf("#");
    const [head, frag] = h === -1 ? [url, ""] : [url.slice(0, h), url.slice(h)];
    url = head + (head.includes("?") ? "&" : "?") + "bodySHA256=" + (chance(0.9) ? hash : hash.replace(/^./, "0")) + frag;
  }
  // The URL the signature covers: any SDK candidate, an extension candidate, or a wrong one.
  const sdkC = sdkCandidates(url);
  const extC = extensionCandidates(url);
  let signedUrl = url;
  const r = rnd();
  if (r < 0.55) signedUrl = pick(sdkC);
  else if (r < 0.65 && extC.length) signedUrl = pick(extC);
  else if (r < 0.75) signedUrl = url.replace(/^https?/i, (s) => (s.toLowerCase() === "https" ? "http" : "https"));
  else if (r < 0.8) signedUrl = url + "/";
  let signedParams = params;
  if (chance(0.08) && Object.keys(params).length) {
    signedParams = { ...params };
    const k = pick(Object.keys(params));
    signedParams[k] = [].concat(params[k]).concat(["x"]);
  }
  // Classic: the auth token, SHA-1. SharedKey: a key (usually one configured; sometimes the auth
  // token or an unknown secret), the setting's algorithm (sometimes the other one).
  let settings;
  let signSecret = token;
  let signAlg = "HMAC_SHA1";
  if (shared) {
    const s = randomSettings(keys);
    settings = s.header;
    signAlg = chance(0.9) ? s.signAlg : pick(["HMAC_SHA1", "HMAC_SHA256"]);
    const named = keys.find((k) => s.header.includes(k.id));
    const q = rnd();
    signSecret = q < 0.7 && named ? named.secret : q < 0.9 ? pick(keys).secret : q < 0.95 ? token : keySecret();
  } else if (keys.length && chance(0.1)) {
    signSecret = pick(keys).secret; // a shared key's signature without its header: invalid
    signAlg = pick(["HMAC_SHA1", "HMAC_SHA256"]);
  }
  let signature = sdk.getExpectedTwilioSignature(signSecret, signedUrl, signedParams, signAlg);
  if (chance(0.15)) signature = tamper(signature);
  if (chance(0.05)) signature = sdk.getExpectedTwilioSignature("0".repeat(32), signedUrl, signedParams, signAlg);
  return { token, keys, settings, mode, url, params, body, signature, withTokens: !shared || chance(0.5) };
}

/** The SDK's verdict, with wa-guard's documented multi-key rule on top (spec/signature.md): with a
 *  settings header, the named configured key alone, else every configured key, never the auth
 *  token; the algorithm from the SDK's own `getSignatureAlgorithm`. */
function sdkVerdict(c) {
  const check = (secret, alg) => {
    try {
      if (c.mode === "json") return sdk.validateRequestWithBody(secret, c.signature, c.url, c.body, alg);
      return sdk.validateRequest(secret, c.signature, c.url, c.params, alg);
    } catch {
      return false; // `new URL()` throws on the URL: the SDK rejects.
    }
  };
  if (!c.settings) return c.withTokens && check(c.token);
  const alg = sdk.getSignatureAlgorithm(c.settings);
  const named = c.keys.find((k) => k.id === settingsKey(c.settings));
  const secrets = named ? [named] : c.keys;
  return secrets.some((k) => check(k.secret, alg));
}

/** `key=` read the way getSignatureAlgorithm reads `algorithm=`. */
function settingsKey(header) {
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i !== -1 && part.slice(0, i).trim() === "key" && part.slice(i + 1).trim()) return part.slice(i + 1).trim();
  }
  return undefined;
}

function waRequest(c) {
  const r = { signature: c.signature, url: c.url };
  if (c.withTokens) {
    if (chance(0.2)) r.authTokens = ["f".repeat(32), c.token]; else r.authToken = c.token;
  }
  if (c.keys.length) r.sharedKeys = c.keys;
  if (c.settings !== undefined) r.signatureSettings = c.settings;
  if (c.mode === "params") r.params = c.params;
  else if (c.mode === "form") { r.body = toForm(c.params); r.contentType = "application/x-www-form-urlencoded"; }
  else if (c.mode === "json") { r.body = c.body; r.contentType = "application/json"; }
  return r;
}

test("differential: verdicts agree with twilio 6.3.1 on random requests, auth token and SharedKey (extensions counted apart)", () => {
  const N = Number(process.env.WA_GUARD_DIFF_N ?? 12000);
  const counts = { total: 0, agreeValid: 0, agreeInvalid: 0, sharedKeyValid: 0, sharedKeyInvalid: 0, sha256Valid: 0, extensionOnly: 0, candidateListsChecked: 0, mismatches: 0 };
  // The SDK warns on the console for every unsupported algorithm it is given: keep the log readable.
  const warn = console.warn;
  console.warn = () => {};
  const matchedBy = {};
  const failures = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const c = randomCase();
    const req = waRequest(c);
    const verdict = wa.verifySignature(req);
    const ours = verdict.valid;
    const theirs = sdkVerdict(c);
    counts.total++;
    if (c.settings) counts[ours ? "sharedKeyValid" : "sharedKeyInvalid"]++;
    if (ours && verdict.algorithm === "HMAC_SHA256") counts.sha256Valid++;
    // Never a secret in a verdict.
    const shown = JSON.stringify(verdict);
    if (ours) assert.ok((c.token.length < 16 || !shown.includes(c.token)) && c.keys.every((k) => !shown.includes(k.secret)), shown);
    if (ours === theirs) counts[ours ? "agreeValid" : "agreeInvalid"]++;
    else {
      const rep = wa.explainSignature(req);
      if (ours && !theirs && rep.extension) counts.extensionOnly++;
      else { counts.mismatches++; if (failures.length < 5) failures.push({ seed, i, ...c, ours, theirs, rep }); }
    }
    // On a sample: explain keeps the verdict, and the candidate URLs themselves match the SDK's
    // own helpers (+ the extensions).
    if (i % 6 === 0) {
      const rep = wa.explainSignature(req);
      assert.equal(rep.valid, ours);
      if (rep.matchedBy) matchedBy[rep.matchedBy] = (matchedBy[rep.matchedBy] ?? 0) + 1;
      let want = [...sdkCandidates(c.url), ...extensionCandidates(c.url)];
      want = [...new Set(want)].map(redact);
      const got = rep.candidates.map((x) => x.url);
      if (JSON.stringify(got) !== JSON.stringify(want) && failures.length < 5) failures.push({ seed, i, url: c.url, got, want });
      else counts.candidateListsChecked++;
    }
  }
  console.warn = warn;
  const ms = Math.round(performance.now() - t0);
  console.log(`# signature differential (seed ${seed}, ${ms} ms): ${JSON.stringify(counts)}`);
  console.log(`# matched candidate kinds (sample): ${JSON.stringify(matchedBy)}`);
  assert.deepEqual(failures, []);
  assert.equal(counts.mismatches, 0);
  assert.ok(counts.total >= 10000);
  assert.ok(counts.agreeValid > 1000 && counts.agreeInvalid > 1000 && counts.extensionOnly > 10, JSON.stringify(counts));
  assert.ok(counts.sharedKeyValid > 500 && counts.sharedKeyInvalid > 500 && counts.sha256Valid > 300, JSON.stringify(counts));
});
