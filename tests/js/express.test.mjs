// wa-guard/express against the official twilio.webhook() (6.3.1) on a real Express 5 app: the
// same answer on the same requests (auth token and SharedKey, params, raw and text bodies), plus
// rotation, several SharedKeys and coded 400s.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import express from "express";
import { webhook } from "../../pkg/express/index.js";

const require = createRequire(import.meta.url);
const twilio = require("twilio");
const cjs = require("../../pkg/express/index.cjs");

const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";
const { vectors } = JSON.parse(readFileSync(new URL("../vectors/signature-sharedkey.json", import.meta.url), "utf8"));
const V = vectors.find((v) => v.name === "sha256-valid-0");
const KEY = V.sharedKeys[0];

let server;
let base;
const seen = [];

before(async () => {
  const app = express();
  app.set("trust proxy", false);
  const ok = (req, res) => {
    seen.push(req.waGuard);
    res.type("text/xml").send("<Response/>");
  };
  // wa-guard and the SDK side by side on the same routes; `host` is what Twilio called.
  const opts = { authToken: TOKEN, sharedKeys: [KEY], host: "edge.example.com", protocol: "https" };
  const sdkOpts = { sharedKeySecret: KEY.secret, host: "edge.example.com", protocol: "https" };
  app.post("/wa/twilio/inbound", express.urlencoded({ extended: false }), webhook(opts), ok);
  app.post("/sdk/twilio/inbound", express.urlencoded({ extended: false }), twilio.webhook(TOKEN, sdkOpts), ok);
  app.post("/raw/twilio/inbound", express.raw({ type: "*/*" }), webhook(opts), ok);
  app.post("/text/twilio/inbound", express.text({ type: "*/*" }), cjs.webhook(TOKEN, { sharedKeys: [KEY], host: "edge.example.com", protocol: "https" }), ok);
  app.post("/json/twilio/inbound", express.json(), webhook(opts), ok);
  app.post("/rotate/twilio/inbound", express.urlencoded({ extended: false }), webhook({ authTokens: ["0".repeat(32), undefined, TOKEN], url: "https://edge.example.com/twilio/inbound" }), ok);
  app.use((err, req, res, next) => res.status(500).send(String(err)));
  await new Promise((resolve) => { server = app.listen(0, "127.0.0.1", resolve); });
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

/** POSTs a webhook to `/<prefix>/twilio/inbound` (the path the signature's URL has). */
async function post(prefix, { body = V.formBody, signature, settings, contentType = "application/x-www-form-urlencoded" } = {}) {
  const headers = { "content-type": contentType, host: "edge.example.com" };
  if (signature !== undefined) headers["x-twilio-signature"] = signature;
  if (settings !== undefined) headers["x-twilio-webhooks-signature-settings"] = settings;
  const r = await fetch(`${base}/${prefix}/twilio/inbound`, { method: "POST", headers, body });
  return { status: r.status, text: await r.text() };
}

// The SDK and wa-guard see `/<prefix>/twilio/inbound`: sign that URL.
const urlFor = (prefix) => `https://edge.example.com/${prefix}/twilio/inbound`;
const sign = (prefix, secret, alg, params = V.params) => twilio.getExpectedTwilioSignature(secret, urlFor(prefix), params, alg);

test("the same answers as twilio.webhook() on auth-token and SharedKey requests, valid and forged", async () => {
  const cases = [
    { name: "auth token", secret: TOKEN, alg: "HMAC_SHA1" },
    { name: "sharedkey sha256", secret: KEY.secret, alg: "HMAC_SHA256", settings: V.signatureSettings },
    { name: "sharedkey sha1", secret: KEY.secret, alg: "HMAC_SHA1", settings: `key=${KEY.id},algorithm=HMAC_SHA1` },
    { name: "sharedkey lowercase", secret: KEY.secret, alg: "HMAC_SHA256", settings: `algorithm=hmac_sha256, key=${KEY.id}` },
    { name: "token under a settings header", secret: TOKEN, alg: "HMAC_SHA256", settings: V.signatureSettings },
    { name: "unsupported algorithm", secret: KEY.secret, alg: "HMAC_SHA256", settings: `key=${KEY.id},algorithm=HMAC_SHA512` },
    { name: "wrong secret", secret: "nope", alg: "HMAC_SHA256", settings: V.signatureSettings },
  ];
  for (const c of cases) {
    const ours = await post("wa", { signature: sign("wa", c.secret, c.alg), settings: c.settings });
    const theirs = await post("sdk", { signature: sign("sdk", c.secret, c.alg), settings: c.settings });
    assert.equal(ours.status, theirs.status, c.name);
    assert.ok([200, 403].includes(ours.status), `${c.name}: ${ours.status}`);
  }
  // No signature header: 400, as the SDK.
  assert.equal((await post("wa", {})).status, 400);
  assert.equal((await post("sdk", {})).status, 400);
});

test("the verdict is on req.waGuard, without secrets", async () => {
  seen.length = 0;
  const r = await post("wa", { signature: sign("wa", KEY.secret, "HMAC_SHA256"), settings: V.signatureSettings });
  assert.equal(r.status, 200);
  assert.deepEqual(seen[0], { valid: true, algorithm: "HMAC_SHA256", keyId: KEY.id, matchedUrl: urlFor("wa") });
  assert.ok(!JSON.stringify(seen).includes(KEY.secret));
});

test("after express.raw() and express.text() (CommonJS build) the raw body is verified", async () => {
  for (const prefix of ["raw", "text"]) {
    const ok = await post(prefix, { signature: sign(prefix, KEY.secret, "HMAC_SHA256"), settings: V.signatureSettings });
    assert.equal(ok.status, 200, prefix);
    const tampered = await post(prefix, { body: V.formBody.replace("Jane", "John"), signature: sign(prefix, KEY.secret, "HMAC_SHA256"), settings: V.signatureSettings });
    assert.equal(tampered.status, 403, prefix);
  }
  // A JSON webhook: the URL carries bodySHA256 and signs alone; the raw bytes must hash to it.
  const body = JSON.stringify({ MessageSid: "SM1", Body: "hi" });
  const hash = require("node:crypto").createHash("sha256").update(body).digest("hex");
  const url = `https://edge.example.com/raw/twilio/inbound?bodySHA256=${hash}`;
  const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});
  const r = await fetch(`${base}/raw/twilio/inbound?bodySHA256=${hash}`, { method: "POST", headers: { "content-type": "application/json", host: "edge.example.com", "x-twilio-signature": signature }, body });
  assert.equal(r.status, 200);
  // After express.json() the raw bytes are gone: a coded 400, not a false 403.
  const j = await fetch(`${base}/json/twilio/inbound?bodySHA256=${hash}`, { method: "POST", headers: { "content-type": "application/json", host: "edge.example.com", "x-twilio-signature": signature }, body });
  assert.equal(j.status, 400);
  assert.match(await j.text(), /INVALID_ARGUMENT.*express\.raw/);
});

test("rotation: the third token verifies while the second is unset; options.url wins", async () => {
  const signature = twilio.getExpectedTwilioSignature(TOKEN, "https://edge.example.com/twilio/inbound", V.params);
  assert.equal((await post("rotate", { signature })).status, 200);
});

test("bad options fail at start-up with a coded error; validate: false passes everything", () => {
  assert.throws(() => webhook({ authTokn: TOKEN }), (e) => e.code === "INVALID_ARGUMENT" && e.path === "authTokn");
  assert.throws(() => webhook({ sharedKeys: [{ id: "a", secret: "" }] }), (e) => e.code === "SHARED_KEY_MISSING" && e.path === "sharedKeys[0].secret");
  const saved = process.env.TWILIO_AUTH_TOKEN;
  delete process.env.TWILIO_AUTH_TOKEN;
  try {
    assert.throws(() => webhook(), (e) => e.code === "AUTH_TOKEN_MISSING");
  } finally {
    if (saved !== undefined) process.env.TWILIO_AUTH_TOKEN = saved;
  }
  let called = false;
  webhook({ validate: false })({ headers: {} }, {}, () => { called = true; });
  assert.ok(called);
});
