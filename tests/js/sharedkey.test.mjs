// SharedKey webhook signatures (X-Twilio-Webhooks-Signature-Settings, twilio 6.3.1) and whole-request
// verification (`verifyRequest` on a Fetch API Request) through the npm package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as wa from "./pkg.mjs";

const require = createRequire(import.meta.url);
const sdk = require("twilio/lib/webhooks/webhooks.js");

const vectorsPath = new URL("../vectors/signature-sharedkey.json", import.meta.url);
const vectorsText = readFileSync(vectorsPath, "utf8");
const { vectors } = JSON.parse(vectorsText);

test("the SharedKey vectors copy is identical to ../shared/vectors/signature-sharedkey.json when present", () => {
  const shared = new URL("../../../shared/vectors/signature-sharedkey.json", import.meta.url);
  if (existsSync(shared)) assert.equal(readFileSync(shared, "utf8"), vectorsText);
});

const secretsOf = (v) => ({
  ...(v.authTokens ? { authTokens: v.authTokens } : {}),
  ...(v.sharedKeys ? { sharedKeys: v.sharedKeys } : {}),
});

test("every SharedKey vector passes as params, as a form body and as a raw body; nothing echoes a secret", () => {
  let checked = 0;
  for (const v of vectors) {
    const base = { ...secretsOf(v), url: v.url, signature: v.signature, signatureSettings: v.signatureSettings };
    const forms = [];
    if (v.params) forms.push({ ...base, params: v.params });
    if (v.formBody !== undefined) forms.push({ ...base, body: v.formBody, contentType: "application/x-www-form-urlencoded" });
    if (v.body !== undefined) forms.push({ ...base, body: v.body, contentType: v.contentType });
    for (const req of forms) {
      const verdict = wa.verifySignature(req);
      assert.equal(verdict.valid, v.valid, v.name);
      const report = wa.explainSignature(req);
      assert.equal(report.valid, v.valid, `${v.name} explain`);
      const text = JSON.stringify([verdict, report]);
      for (const k of v.sharedKeys ?? []) assert.ok(!text.includes(k.secret), `${v.name}: secret echoed`);
      for (const t of v.authTokens ?? []) assert.ok(!text.includes(t), `${v.name}: token echoed`);
      if (v.valid) assert.ok((verdict.keyId === undefined) !== (verdict.tokenIndex === undefined), v.name);
      checked++;
    }
  }
  assert.ok(checked >= 40, String(checked));
});

test("the verdict says which algorithm and which key matched", () => {
  const v = vectors.find((x) => x.name === "rotation-second-key-named-0");
  const r = wa.verifySignature({ ...secretsOf(v), url: v.url, signature: v.signature, signatureSettings: v.signatureSettings, params: v.params });
  assert.deepEqual(r, { valid: true, algorithm: "HMAC_SHA256", keyId: "webhooks_sharedkey_16cf5845f2da933352b8f90a9c", matchedUrl: v.url });
  const c = vectors.find((x) => x.name === "no-settings-header-auth-token-0");
  const r2 = wa.verifySignature({ ...secretsOf(c), url: c.url, signature: c.signature, params: c.params });
  assert.deepEqual(r2, { valid: true, algorithm: "HMAC_SHA1", tokenIndex: 0, matchedUrl: c.url });
  const u = vectors.find((x) => x.name === "unknown-algorithm-0");
  const r3 = wa.verifySignature({ ...secretsOf(u), url: u.url, signature: u.signature, signatureSettings: u.signatureSettings, params: u.params });
  assert.deepEqual(r3, { valid: false, algorithm: null });
});

test("explainSignature names the SharedKey mistakes", () => {
  const explain = (name, patch = {}) => {
    const v = vectors.find((x) => x.name === name);
    return wa.explainSignature({ ...secretsOf(v), url: v.url, signature: v.signature, signatureSettings: v.signatureSettings, params: v.params, ...patch });
  };
  let r = explain("settings-header-no-shared-keys-0");
  assert.equal(r.settings.refused, "noSharedKey");
  assert.match(r.hints.join(" "), /no sharedKeys are configured/);
  r = explain("unknown-algorithm-0");
  assert.deepEqual(r.settings, { keyId: "webhooks_sharedkey_8c5929579355e705be5bf2bff7", keyKnown: true, algorithmName: "HMAC_SHA512", refused: "unsupportedAlgorithm" });
  r = explain("unknown-key-id-falls-back-to-all-0");
  assert.equal(r.valid, true);
  assert.equal(r.settings.keyKnown, false);
  r = explain("signed-with-auth-token-but-settings-header-0");
  assert.deepEqual(r.wouldVerifyWith, [{ algorithm: "HMAC_SHA256", tokenIndex: 0 }]);
  // The header was not passed: the report says the shared key would verify it.
  r = explain("sha256-valid-0", { signatureSettings: undefined });
  assert.equal(r.valid, false);
  assert.deepEqual(r.wouldVerifyWith, [{ algorithm: "HMAC_SHA256", keyId: "webhooks_sharedkey_8c5929579355e705be5bf2bff7" }]);
  assert.match(r.hints.join(" "), /signatureSettings/);
});

test("computeSignature signs with any secret and algorithm, as getExpectedTwilioSignature does", () => {
  const v = vectors.find((x) => x.name === "sha256-valid-0");
  const secret = v.sharedKeys[0].secret;
  for (const algorithm of ["HMAC_SHA1", "HMAC_SHA256", "hmac_sha256"]) {
    assert.equal(
      wa.computeSignature({ secret, algorithm, url: v.url, params: v.params }),
      sdk.getExpectedTwilioSignature(secret, v.url, v.params, algorithm),
      algorithm,
    );
  }
  assert.equal(wa.computeSignature({ secret, algorithm: "HMAC_SHA256", url: v.url, params: v.params }), v.signature);
  // A form body is decoded and signed as its params.
  assert.equal(wa.computeSignature({ secret, algorithm: "HMAC_SHA256", url: v.url, body: v.formBody, contentType: "application/x-www-form-urlencoded" }), v.signature);
  // A raw body is signed through the URL's bodySHA256, which must be its hash.
  const j = vectors.find((x) => x.name === "json-sha256-valid-0");
  assert.equal(wa.computeSignature({ secret: j.sharedKeys[0].secret, algorithm: "HMAC_SHA256", url: j.url, body: j.body, contentType: "application/json" }), j.signature);
  assert.throws(() => wa.computeSignature({ secret, url: "https://x.example/h", body: "{}", contentType: "application/json" }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "url" && /bodySHA256=/.test(e.message));
  assert.throws(() => wa.computeSignature({ secret, algorithm: "HMAC_SHA512", url: v.url }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "algorithm");
  assert.throws(() => wa.computeSignature({ secret, authToken: "x", url: v.url }), (e) => e.code === "INVALID_ARGUMENT");
  assert.throws(() => wa.computeSignature({ secret, url: v.url, params: v.params, body: v.formBody }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "body");
});

test("shared-key arguments: coded errors at their path, unset optional entries skipped", () => {
  const base = { url: "https://x.example/h", signature: "x", params: {} };
  const k = (id, secret) => ({ id, secret });
  const err = (req, code, path) => assert.throws(() => wa.verifySignature({ ...base, ...req }), (e) => e.code === code && e.path === path, `${code} ${path}`);
  err({ sharedKeys: [k("a", "s"), k("b", "")] }, "SHARED_KEY_MISSING", "sharedKeys[1].secret");
  err({ sharedKeys: [k("a", "s"), k("a", "t")] }, "INVALID_ARGUMENT", "sharedKeys[1].id");
  err({ sharedKeys: [k("", "s")] }, "INVALID_ARGUMENT", "sharedKeys[0].id");
  err({ sharedKeys: [k("a", 5)] }, "INVALID_ARGUMENT", "sharedKeys[0].secret");
  err({ sharedKeys: ["a"] }, "INVALID_ARGUMENT", "sharedKeys[0]");
  err({ sharedKeys: "a" }, "INVALID_ARGUMENT", "sharedKeys");
  err({ sharedKeys: Array.from({ length: 51 }, (_, i) => k(`k${i}`, "s")) }, "INPUT_TOO_LARGE", "sharedKeys");
  err({}, "AUTH_TOKEN_MISSING", "authToken");
  err({ authTokens: [""] }, "AUTH_TOKEN_MISSING", "authTokens[0]");
  err({ signatureSettings: 5, authToken: "t" }, "INVALID_ARGUMENT", "signatureSettings");
  // A secondary token not configured yet (an unset environment variable) is skipped.
  const url = "https://x.example/h";
  const signature = sdk.getExpectedTwilioSignature("primary", url, {});
  for (const second of [undefined, null, ""]) {
    assert.deepEqual(wa.verifySignature({ authTokens: ["primary", second], url, signature, params: {} }), { valid: true, algorithm: "HMAC_SHA1", tokenIndex: 0, matchedUrl: url });
  }
  // ... and the index stays the caller's own.
  const s2 = sdk.getExpectedTwilioSignature("third", url, {});
  assert.equal(wa.verifySignature({ authTokens: ["primary", undefined, "third"], url, signature: s2, params: {} }).tokenIndex, 2);
  // Shared keys alone are enough; a request without the settings header is then simply invalid.
  assert.deepEqual(wa.verifySignature({ sharedKeys: [k("a", "s")], url, signature, params: {} }), { valid: false, algorithm: "HMAC_SHA1" });
  // Errors and results never carry a secret.
  try { wa.verifySignature({ ...base, sharedKeys: [k("a", "topsecret-1"), k("a", "topsecret-2")] }); } catch (e) { assert.ok(!JSON.stringify({ ...e, m: e.message }).includes("topsecret")); }
});

test("malformed settings headers are read as the SDK reads them, never an exception", () => {
  const key = { id: "k1", secret: "s1" };
  const url = "https://x.example/h";
  const params = { Body: "hi" };
  for (const header of ["", " ", ",", "=", "algorithm", "algorithm==", "key=,algorithm=,", "algorithm=HMAC_SHA256=", "algorithm=\u0000", "a".repeat(5000), "algorithm=hmac_ſha256", "Algorithm=HMAC_SHA256"]) {
    const alg = sdk.getSignatureAlgorithm(header);
    const supported = ["HMAC_SHA1", "HMAC_SHA256"].includes(alg.toUpperCase());
    const signature = sdk.getExpectedTwilioSignature(header ? key.secret : "tok", url, params, supported ? alg : "HMAC_SHA1");
    const r = wa.verifySignature({ authToken: "tok", sharedKeys: [key], url, signature, params, signatureSettings: header });
    assert.equal(r.valid, supported, JSON.stringify(header));
    assert.equal(r.algorithm, supported ? alg.toUpperCase().replace("ſ", "S") : null, JSON.stringify(header));
  }
});

// ---------------------------------------------------------------------------------------------
// verifyRequest: a Fetch API Request, whole.

const FORM = "application/x-www-form-urlencoded";

function signedRequest(v, { url = v.url, headers = {}, method = "POST" } = {}) {
  const h = { "content-type": v.contentType ?? FORM, "x-twilio-signature": v.signature, ...headers };
  if (v.signatureSettings != null) h["x-twilio-webhooks-signature-settings"] = v.signatureSettings;
  return new Request(url, { method, headers: h, body: v.body ?? v.formBody });
}

test("verifyRequest verifies every SharedKey vector from a Request, and leaves its body readable", async () => {
  for (const v of vectors) {
    if (v.formBody === undefined && v.body === undefined) continue;
    const req = signedRequest(v);
    const r = await wa.verifyRequest(req, secretsOf(v));
    assert.equal(r.valid, v.valid, v.name);
    assert.equal(r.body, v.body ?? v.formBody, v.name);
    if (v.formBody !== undefined) assert.deepEqual(r.params, v.params, v.name);
    else assert.equal(r.params, undefined);
    // The caller still owns the body.
    assert.equal(await req.text(), v.body ?? v.formBody);
  }
});

test("verifyRequest: options.url overrides a proxy's URL; a GET is its URL alone", async () => {
  const v = vectors.find((x) => x.name === "sha256-valid-0");
  const internal = signedRequest(v, { url: "http://10.0.0.7:8080/twilio/inbound" });
  assert.equal((await wa.verifyRequest(internal.clone(), secretsOf(v))).valid, false);
  const r = await wa.verifyRequest(internal, { ...secretsOf(v), url: v.url });
  assert.equal(r.valid, true);
  assert.equal(r.matchedUrl, v.url);
  const url = "https://x.example/status?MessageSid=SM1&Status=read";
  const signature = sdk.getExpectedTwilioSignature("tok", url, {});
  const get = new Request(url, { headers: { "x-twilio-signature": signature } });
  assert.deepEqual(await wa.verifyRequest(get, { authToken: "tok" }), { valid: true, algorithm: "HMAC_SHA1", tokenIndex: 0, matchedUrl: url, body: "" });
});

test("verifyRequest refuses what is not a usable Request with a coded error", async () => {
  const v = vectors.find((x) => x.name === "sha256-valid-0");
  const rejects = (p, code, path) => assert.rejects(p, (e) => e.code === code && e.path === path, `${code} ${path}`);
  await rejects(wa.verifyRequest({ url: v.url, headers: {} }, secretsOf(v)), "INVALID_ARGUMENT", "request");
  await rejects(wa.verifyRequest("https://x", secretsOf(v)), "INVALID_ARGUMENT", "request");
  const used = signedRequest(v);
  await used.text();
  await rejects(wa.verifyRequest(used, secretsOf(v)), "INVALID_ARGUMENT", "request");
  await rejects(wa.verifyRequest(signedRequest(v), undefined), "INVALID_ARGUMENT", "options");
  await rejects(wa.verifyRequest(signedRequest(v), {}), "AUTH_TOKEN_MISSING", "authToken");
  const big = new Request(v.url, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(1024 * 1024 + 1) });
  await rejects(wa.verifyRequest(big, secretsOf(v)), "INPUT_TOO_LARGE", "body");
});

test("verifyRequest agrees with verifySignature on tampered requests", async () => {
  const v = vectors.find((x) => x.name === "sha256-valid-0");
  const tampered = { ...v, formBody: v.formBody.replace("Jane", "John") };
  assert.equal((await wa.verifyRequest(signedRequest(tampered), secretsOf(v))).valid, false);
  const noHeader = { ...v, signatureSettings: undefined };
  assert.equal((await wa.verifyRequest(signedRequest(noHeader), secretsOf(v))).valid, false);
});

// The request is read in one crossing when it is a plain object of strings (the marshalling
// snippet's `fastRequest`), else field by field; the secrets always by the snippet's `secrets()`.
// Both readings must give the same verdicts and the same coded errors.
test("the one-crossing reading and the field-by-field reading agree (verdicts, errors, secrets with NUL, mutated arrays)", () => {
  const url = "https://example.com:443/hook?x=1", body = "A=1&B=2&B=%F0%9F%98%95";
  const ct = "application/x-www-form-urlencoded";
  const sig = (secret, algorithm) => wa.computeSignature({ secret, algorithm, url, body, contentType: ct });
  const key = { id: "webhooks_sharedkey_1", secret: "s3\0cr3t" };
  const settings = `key=${key.id},algorithm=HMAC_SHA256`;
  // A class instance and a Uint8Array body are read field by field; a plain object in one crossing.
  class Req { constructor(o) { Object.assign(this, o); } }
  const both = (o) => [o, new Req(o), { ...o, body: new TextEncoder().encode(o.body) }];
  const cases = [
    [{ authTokens: ["t0", "", null, "t\0 3"], url, body, contentType: ct, signature: sig("t\0 3", "HMAC_SHA1") }, { tokenIndex: 3 }],
    [{ sharedKeys: [null, { id: "other", secret: "o" }, key], signatureSettings: settings, url, body, contentType: ct, signature: sig(key.secret, "HMAC_SHA256") }, { keyId: key.id }],
  ];
  for (const [o, want] of cases) {
    for (const r of both(o)) {
      const v = wa.verifySignature(r);
      assert.equal(v.valid, true, JSON.stringify(r));
      for (const [k, x] of Object.entries(want)) assert.equal(v[k], x);
      assert.equal(v.matchedUrl, url);
      assert.ok(!JSON.stringify(v).includes("cr3t"));
    }
  }
  // Secrets are prepared once and cached by content, never by object: a mutated array does not
  // verify with the secret it held before.
  const keys = [{ ...key }];
  const req = { sharedKeys: keys, signatureSettings: settings, url, body, contentType: ct, signature: sig(key.secret, "HMAC_SHA256") };
  assert.equal(wa.verifySignature(req).valid, true);
  keys[0].secret = "changed";
  assert.equal(wa.verifySignature(req).valid, false);
  keys[0] = { ...key };
  assert.equal(wa.verifySignature(req).valid, true);

  const code = (r) => { try { wa.verifySignature(r); } catch (e) { return [e.code, e.path, e.message]; } return null; };
  const errors = [
    [{ authToken: "ab\uD800", url }, ["INVALID_ARGUMENT", "authToken", "authToken contains a lone UTF-16 surrogate (not valid Unicode text)"]],
    [{ authTokens: ["a", 3], url }, ["INVALID_ARGUMENT", "authTokens[1]", "authTokens[1] must be a string, got number"]],
    [{ authTokens: Array(40).fill("a"), url }, ["INPUT_TOO_LARGE", "authTokens", "authTokens is larger than the limit of 8 entries"]],
    [{ authToken: "é".repeat(200), url }, ["INPUT_TOO_LARGE", "authToken", "authToken is larger than the limit of 256 bytes"]],
    [{ sharedKeys: [{ id: "i".repeat(300), secret: "s" }], url }, ["INPUT_TOO_LARGE", "sharedKeys[0].id", "sharedKeys[0].id is larger than the limit of 256 bytes"]],
    [{ sharedKeys: [key, null, key], url }, ["INVALID_ARGUMENT", "sharedKeys[2].id", "two shared keys have the same id: each SharedKey has its own"]],
    [{ sharedKeys: [{ get id() { throw new Error("x"); }, secret: "s" }], url }, ["INVALID_ARGUMENT", "sharedKeys[0]", "cannot read property"]],
    [{ sharedKeys: new Proxy([], { get(t, p) { if (p === "length") throw new Error("x"); return t[p]; } }), url }, ["INVALID_ARGUMENT", "sharedKeys", "sharedKeys cannot be read: a getter or proxy threw"]],
    [{ sharedKeys: [{ id: "a", secret: "" }], url }, ["SHARED_KEY_MISSING", "sharedKeys[0].secret", "the shared key's secret is empty (an unset secret would verify forgeries)"]],
    [{ url }, ["AUTH_TOKEN_MISSING", "authToken", "no secret was given: give authToken, authTokens or sharedKeys"]],
  ];
  for (const [i, [o, want]] of errors.entries()) {
    assert.deepEqual(code(o), want, `error case ${i}`);
    assert.deepEqual(code(new Req(o)), want);
    assert.deepEqual(code({ ...o, body: "A=1", contentType: ct }), want);
  }
});
