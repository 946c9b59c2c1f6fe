// Natural JS inputs for the signature functions (issue 21, item 3): `params` as a plain object,
// URLSearchParams, FormData, a Map or [name, value] pairs; `body` as a string or its bytes; a
// relative URL is URL_NOT_ABSOLUTE; decodeForm drops a leading `?`. Everything else is a coded
// error naming what was expected — never a silent "no parameters". The oracle is the official
// twilio package (6.3.1).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as wa from "./pkg.mjs";

const require = createRequire(import.meta.url);
const sdk = require("twilio/lib/webhooks/webhooks.js");
const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";
const url = "https://edge.example.com/twilio/inbound";
const body = "Body=Ol%C3%A1+Ana&From=whatsapp%3A%2B447400123456&MediaUrl0=a&MediaUrl0=b&To=whatsapp%3A%2B14155238886";
const object = { Body: "Olá Ana", From: "whatsapp:+447400123456", MediaUrl0: ["a", "b"], To: "whatsapp:+14155238886" };
const signature = sdk.getExpectedTwilioSignature(TOKEN, url, object);
const coded = (code, path) => (e) => e instanceof Error && e.code === code && (path === undefined || e.path === path);

test("params: an object, URLSearchParams, FormData, a Map and [name, value] pairs all verify", () => {
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(body)) form.append(k, v);
  const shapes = {
    object,
    URLSearchParams: new URLSearchParams(body),
    FormData: form,
    Map: new Map([["Body", "Olá Ana"], ["From", "whatsapp:+447400123456"], ["MediaUrl0", "a"], ["To", "whatsapp:+14155238886"]]),
    pairs: [...new URLSearchParams(body)],
  };
  for (const [label, params] of Object.entries(shapes)) {
    // (The Map cannot repeat a name: it signs one MediaUrl0.)
    const want = label === "Map" ? sdk.getExpectedTwilioSignature(TOKEN, url, { ...object, MediaUrl0: "a" }) : signature;
    assert.equal(wa.computeSignature({ authToken: TOKEN, url, params }), want, label);
    assert.equal(wa.verifySignature({ authToken: TOKEN, url, signature: want, params }).valid, true, label);
    assert.equal(wa.verifySignature({ authToken: TOKEN, url, signature: want.replace(/^./, "A") === want ? "B" + want.slice(1) : "A" + want.slice(1), params }).valid, false, label);
    assert.equal(wa.explainSignature({ authToken: TOKEN, url, signature: want, params }).valid, true, label);
  }
  // An empty URLSearchParams is no parameters (as the SDK signs it), not an error.
  assert.equal(wa.computeSignature({ authToken: TOKEN, url, params: new URLSearchParams() }), sdk.getExpectedTwilioSignature(TOKEN, url, {}));
});

test("params: what cannot be parameters is a coded error naming what was expected", () => {
  const form = new FormData();
  form.append("Body", "x");
  form.append("MediaUrl0", new Blob(["x"]), "photo.jpg");
  const cases = [
    [42, "params", /URLSearchParams, FormData, a Map or \[name, value\] pairs, got number/],
    ["Body=Hi", "params", /got string/],
    [[["Body", "Hi"], ["To"]], "params[1]", /params\[1\] must be a \[name, value\] pair of strings, got an array/],
    [["Body"], "params[0]", /got string/],
    [new Map([["Body", 1]]), "params.Body", /params\.Body must be a string, got number/],
    [new Map([[1, "x"]]), "params", /an entry of params must be a \[name, value\] pair/],
    [form, "params.MediaUrl0", /params\.MediaUrl0 must be a string, got a file/],
  ];
  for (const [params, path, message] of cases) {
    for (const f of [wa.verifySignature, wa.computeSignature, wa.explainSignature]) {
      // (computeSignature has no signature field.)
      const sig = f === wa.computeSignature ? {} : { signature };
      assert.throws(() => f({ authToken: TOKEN, url, ...sig, params }), (e) => coded("INVALID_ARGUMENT", path)(e) && message.test(e.message), `${path}: ${message}`);
    }
  }
  // Past the limit of values, as for objects.
  const many = new URLSearchParams(Array.from({ length: 1001 }, (_, i) => [`p${i}`, "v"]));
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, url, signature, params: many }), coded("INPUT_TOO_LARGE", "params"));
  // A throwing iterator is a coded error too.
  const evil = new Map([["a", "b"]]);
  evil.entries = () => { throw new Error("boom"); };
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, url, signature, params: evil }), coded("INVALID_ARGUMENT", "params"));
});

test("body: a string, Uint8Array, ArrayBuffer and Buffer (UTF-8) verify alike", () => {
  const bytes = new TextEncoder().encode(body);
  for (const [label, b] of Object.entries({ string: body, Uint8Array: bytes, ArrayBuffer: bytes.buffer, Buffer: Buffer.from(body) })) {
    assert.equal(wa.verifySignature({ authToken: TOKEN, url, signature, body: b }).valid, true, label);
    assert.equal(wa.computeSignature({ authToken: TOKEN, url, body: b }), signature, label);
    assert.equal(wa.verifySignature({ authToken: TOKEN, url, signature: "x" + signature.slice(1), body: b }).valid, false, label);
  }
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, url, signature, body: new Uint8Array([0x61, 0x3d, 0xff]) }), (e) => coded("INVALID_ARGUMENT", "body")(e) && /not valid UTF-8/.test(e.message));
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, url, signature, body: { Body: "Hi" } }), (e) => coded("INVALID_ARGUMENT", "body")(e) && /string, Uint8Array, ArrayBuffer or Buffer, got object/.test(e.message));
  assert.throws(() => wa.verifySignature({ authToken: TOKEN, url, signature, body: new Uint8Array(2 * 1024 * 1024) }), coded("INPUT_TOO_LARGE", "body"));
});

test("a relative URL is URL_NOT_ABSOLUTE, in every signature function", () => {
  for (const rel of ["/twilio/inbound", "twilio/inbound?x=1", "", "//edge.example.com/twilio", "://x"]) {
    for (const f of [wa.verifySignature, wa.computeSignature, wa.explainSignature]) {
      const sig = f === wa.computeSignature ? {} : { signature };
      assert.throws(() => f({ authToken: TOKEN, url: rel, ...sig, params: object }), (e) => coded("URL_NOT_ABSOLUTE", "url")(e) && /absolute URL/.test(e.message), rel);
    }
  }
  for (const abs of [url, "http://10.0.0.7:8080/x", "HTTPS://EDGE.example.com/"]) {
    assert.equal(typeof wa.computeSignature({ authToken: TOKEN, url: abs, params: object }), "string");
  }
});

test("decodeForm drops a leading ? as URLSearchParams does", () => {
  for (const q of ["?Body=Hi&To=x", "Body=Hi&To=x", "?", "", "??a=1"]) {
    assert.deepEqual(wa.decodeForm(q), [...new URLSearchParams(q)], q);
  }
});

test("signature options refuse unknown keys, listing the expected ones (undefined values are ignored)", async () => {
  const ok = { authToken: TOKEN, url, signature, params: object };
  for (const [f, req, key] of [
    [wa.verifySignature, { ...ok, authtoken: TOKEN }, "authtoken"],
    [wa.explainSignature, { ...ok, contenttype: "x" }, "contenttype"],
    [wa.computeSignature, { authToken: TOKEN, url, params: object, signature }, "signature"],
  ]) {
    assert.throws(() => f(req), (e) => coded("INVALID_ARGUMENT", key)(e) && /unknown field `\w+`, expected `authToken`, /.test(e.message), key);
  }
  assert.equal(wa.verifySignature({ ...ok, extra: undefined }).valid, true);
  const request = new Request(url, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature } });
  await assert.rejects(wa.verifyRequest(request, { authToken: TOKEN, sharedkeys: [] }), (e) => coded("INVALID_ARGUMENT", "sharedkeys")(e) && /expected `authToken`, `authTokens`, `sharedKeys`, `url`/.test(e.message));
  assert.equal((await wa.verifyRequest(request.clone(), { authToken: TOKEN })).valid, true);
});
