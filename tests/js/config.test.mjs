// validateConfig / callbackUrl / updateNumberSettings / redactConfig as JS sees them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import querystring from "node:querystring";
import * as wa from "./pkg.mjs";

const sdk = createRequire(import.meta.url)("twilio/lib/webhooks/webhooks.js");

const SAMPLE = JSON.parse(readFileSync(new URL("../../www/sample-config.json", import.meta.url)));
const sample = () => structuredClone(SAMPLE);
const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";

const throwsCode = (fn, code, path) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.code, code);
    if (path !== undefined) assert.equal(e.path, path);
    return true;
  });

test("the sample config is valid", () => {
  assert.deepEqual(wa.validateConfig(sample()), { valid: true, problems: [] });
});

test("validateConfig reports every problem with code and path", () => {
  const c = sample();
  c.account.accountSid = "AC123";
  c.numbers[0].number = c.workstreams[0].number = "+1 415 555 0123";
  c.workstreams[1].number = c.workstreams[0].number;
  c.workstreams[1].templates[0].sid = "HX12";
  c.workstreams[0].language = "xx";
  c.callbackBaseUrl = "http://edge.example.com";
  const r = wa.validateConfig(c);
  assert.equal(r.valid, false);
  const got = r.problems.map((p) => `${p.code} ${p.path}`);
  for (const want of [
    "ACCOUNT_SID_INVALID account.accountSid",
    "E164_INVALID_CHARACTER numbers[0].number",
    "NUMBER_SHARED_BY_WORKSTREAMS workstreams[1].number",
    "TEMPLATE_SID_INVALID workstreams[1].templates[0].sid",
    "LANGUAGE_UNSUPPORTED workstreams[0].language",
    "CALLBACK_BASE_URL_INVALID callbackBaseUrl",
  ])
    assert.ok(got.includes(want), `${want} in ${got.join("; ")}`);
  for (const p of r.problems) assert.equal(typeof p.message, "string");
});

test("validateConfig reports every shape problem as a problem, each at the path of the bad value", () => {
  const shape = (c) => {
    const r = wa.validateConfig(c);
    assert.equal(r.valid, false);
    for (const p of r.problems) assert.equal(p.code, "CONFIG_SHAPE_INVALID");
    return r.problems.map((p) => p.path);
  };
  const c = sample();
  c.workstreams[1].templates[0].category = "promo";
  assert.deepEqual(shape(c), ["workstreams[1].templates[0].category"]);
  const d = sample();
  d.workstreams[0].attachment = { enabled: false }; // misspelt: must not silently turn attachments off
  assert.deepEqual(shape(d), ["workstreams[0].attachment"]);
  const e = sample();
  e.numbers[1].settings.enabled = "yes";
  assert.deepEqual(shape(e), ["numbers[1].settings.enabled"]);
  const f = sample();
  delete f.account;
  assert.deepEqual(shape(f), ["config"]);
  // All of them at once (one error path for an admin UI), in document order.
  const all = sample();
  all.version = "1";
  all.account.authtoken = "x";
  all.numbers[0].settings.enabled = "yes";
  all.numbers[1].number = 14155238886;
  all.workstreams[0].attachment = {};
  all.workstreams[0].templates[1].category = "promo";
  all.workstreams[1].templates[0] = "HX12";
  all.workstreams[2] = { id: "x", name: "y", number: "+14155550123" }; // no language
  all.sandbox = { enabled: "yes", joinkeyword: "a" };
  const r = wa.validateConfig(all);
  assert.equal(r.valid, false);
  assert.deepEqual(r.problems.map((p) => p.path), [
    "version",
    "account.authtoken",
    "numbers[0].settings.enabled",
    "numbers[1].number",
    "workstreams[0].attachment",
    "workstreams[0].templates[1].category",
    "workstreams[1].templates[0]",
    "workstreams[2]",
    "sandbox.joinkeyword",
    "sandbox.enabled",
  ]);
  assert.ok(r.problems.every((p) => p.code === "CONFIG_SHAPE_INVALID" && typeof p.message === "string"));
  assert.match(r.problems[7].message, /missing field `language`/);
  // Shape problems first: the rules are checked once the shape is right (no misleading follow-ups).
  assert.ok(!r.problems.some((p) => p.code === "ACCOUNT_SID_INVALID"));
  // Thrown only for what is not a config at all, or too large.
  throwsCode(() => wa.validateConfig("{}"), "CONFIG_SHAPE_INVALID", "config");
  throwsCode(() => wa.validateConfig(), "CONFIG_SHAPE_INVALID", "config");
  throwsCode(() => wa.validateConfig([sample()]), "CONFIG_SHAPE_INVALID", "config");
  const big = sample();
  big.numbers = Array.from({ length: 100_001 }, () => ({}));
  throwsCode(() => wa.validateConfig(big), "INPUT_TOO_LARGE", "numbers");
  // The other config functions still throw at the first shape problem.
  throwsCode(() => wa.callbackUrl(all), "CONFIG_SHAPE_INVALID", "version");
  throwsCode(() => wa.redactConfig(d), "CONFIG_SHAPE_INVALID", "workstreams[0].attachment");
});

test("callbackUrl derives the URL to paste into Twilio", () => {
  assert.equal(wa.callbackUrl(sample()), "https://edge.example.com/twilio/inbound");
  assert.equal(wa.callbackUrl(sample(), "http://127.0.0.1:8787/"), "http://127.0.0.1:8787/twilio/inbound");
  throwsCode(() => wa.callbackUrl(sample(), "http://edge.example.com"), "CALLBACK_BASE_URL_INVALID", "baseUrl");
  const c = sample();
  delete c.callbackBaseUrl;
  throwsCode(() => wa.callbackUrl(c), "CALLBACK_BASE_URL_MISSING");
  throwsCode(() => wa.callbackUrl(sample(), 42), "INVALID_ARGUMENT", "baseUrl");
});

test("statusCallbackUrl: the status route below the public base, with the send's key", () => {
  const req = "http://127.0.0.1:8787/agent/messages";
  assert.equal(wa.statusCallbackUrl(req), "http://127.0.0.1:8787/twilio/status");
  assert.equal(wa.statusCallbackUrl(req, sample().callbackBaseUrl, "k 1/é"), "https://edge.example.com/twilio/status?send=k%201%2F%C3%A9");
  const key = "any key: &=?#%+~*'()!";
  const url = new URL(wa.statusCallbackUrl(req, null, key));
  assert.equal(url.searchParams.get("send"), key, "the key comes back intact");
  assert.equal(wa.statusCallbackUrl(req, undefined, key).split("?")[1], `send=${encodeURIComponent(key)}`);
  throwsCode(() => wa.statusCallbackUrl("agent/messages"), "URL_NOT_ABSOLUTE", "requestUrl");
  throwsCode(() => wa.statusCallbackUrl(req, "https://u:p@edge.example.com"), "CALLBACK_BASE_URL_INVALID", "callbackBaseUrl");
  throwsCode(() => wa.statusCallbackUrl(req, null, 7), "INVALID_ARGUMENT", "sendKey");
});

test("updateNumberSettings returns a new valid config or every problem", () => {
  const c = sample();
  const next = wa.updateNumberSettings(c, "+14155550123", { enabled: false, messagingServiceSid: null });
  assert.equal(next.numbers[0].settings.enabled, false);
  assert.equal(next.numbers[0].settings.messagingServiceSid, undefined);
  assert.deepEqual(next.numbers[1], c.numbers[1]);
  assert.deepEqual(c, SAMPLE, "the argument is not modified");
  assert.equal(wa.validateConfig(next).valid, true);

  assert.throws(
    () => wa.updateNumberSettings(c, "+14155550123", { messagingServiceSid: "MG1", enabled: false }),
    (e) =>
      e.code === "CONFIG_INVALID" &&
      e.problems.length === 1 &&
      e.problems[0].code === "MESSAGING_SERVICE_SID_INVALID" &&
      e.problems[0].path === "numbers[0].settings.messagingServiceSid",
  );
  throwsCode(() => wa.updateNumberSettings(c, "+14155550100", {}), "NUMBER_NOT_FOUND", "number");
  throwsCode(() => wa.updateNumberSettings(c, "+14155550123", { enable: true }), "INVALID_ARGUMENT", "enable");
  throwsCode(() => wa.updateNumberSettings(c, 14155550123, {}), "INVALID_ARGUMENT", "number");
});

test("auth tokens never leak: redactConfig, errors, messages", () => {
  const c = sample();
  c.account.authToken = TOKEN;
  c.account.secondaryAuthToken = TOKEN.slice(1); // invalid: 31 characters
  const r = wa.redactConfig(c);
  assert.equal(r.account.authToken, "[REDACTED]");
  assert.equal(r.account.secondaryAuthToken, "[REDACTED]");
  assert.equal(c.account.authToken, TOKEN);
  const texts = [JSON.stringify(r)];
  const v = wa.validateConfig(c);
  assert.deepEqual(v.problems.map((p) => p.code), ["AUTH_TOKEN_INVALID"]);
  texts.push(JSON.stringify(v));
  for (const call of [
    () => wa.updateNumberSettings(c, "+14155550123", {}),
    () => wa.validateConfig({ ...c, account: { ...c.account, authToken: 5 } }),
    () => wa.validateConfig({ ...c, account: { ...c.account, token: TOKEN } }),
  ]) {
    try {
      call();
      assert.fail("expected a throw");
    } catch (e) {
      texts.push(e.message, String(e), JSON.stringify(e), JSON.stringify(e.problems ?? []));
    }
  }
  for (const t of texts) {
    assert.ok(!t.includes(TOKEN), `token leaked: ${t}`);
    assert.ok(!t.includes(TOKEN.slice(1)), `secondary token leaked: ${t}`);
  }
});

// Behind a tunnel or proxy the worker sees another origin than the one Twilio called: signedUrl
// rebuilds the URL Twilio signed from the public base and the received path and query.
test("signedUrl: a request signed for the public URL verifies when received behind a proxy", () => {
  const body = "Body=Hi&From=whatsapp%3A%2B15551234567";
  const publicUrl = "https://edge.example.com/twilio/inbound?tenant=acme&x=%2F";
  const signature = sdk.getExpectedTwilioSignature(TOKEN, publicUrl, querystring.parse(body));
  const received = "http://127.0.0.1:8787/twilio/inbound?tenant=acme&x=%2F";
  // The oracle: the official SDK validates the request at the URL signedUrl rebuilds, not at the received one.
  const params = querystring.parse(body);
  assert.equal(sdk.validateRequest(TOKEN, signature, received, params), false);
  const url = wa.signedUrl(received, "https://edge.example.com/");
  assert.equal(url, publicUrl);
  assert.equal(sdk.validateRequest(TOKEN, signature, url, params), true);
  assert.equal(wa.signedUrl(received), received, "no public base: the URL as received");
  assert.equal(wa.signedUrl(received, null), received);
  for (const [args, code, path] of [
    [["/twilio/inbound"], "URL_NOT_ABSOLUTE", "requestUrl"],
    [[42], "INVALID_ARGUMENT", "requestUrl"],
    [[received, "ftp://edge.example.com"], "CALLBACK_BASE_URL_INVALID", "callbackBaseUrl"],
    [[received, 1], "INVALID_ARGUMENT", "callbackBaseUrl"],
    [["https://h/" + "a".repeat(5000)], "INPUT_TOO_LARGE", "requestUrl"],
  ]) {
    assert.throws(() => wa.signedUrl(...args), (e) => e.code === code && e.path === path, `${code} ${args[0]}`.slice(0, 80));
  }
});
