// The edge worker's HTTP layer on workerd: methods, content types, body limits, routing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { CONFIG, startWorker, inboundParams, postWebhook } from "./harness.mjs";

const LIMIT = 64 * 1024; // MAX_WEBHOOK_BODY_BYTES, documented in README and www/worker/http.js
let w;
before(async () => {
  w = await startWorker();
});
after(() => w.close());

test("webhook routes accept only POST (405 with Allow)", async () => {
  for (const path of ["/twilio/inbound", "/twilio/status"]) {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${w.base}${path}`, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.get("allow"), "POST");
      await res.body?.cancel();
    }
  }
});

test("unsupported or missing content types get 415", async () => {
  for (const ct of ["text/plain", "multipart/form-data; boundary=x", "application/xml", null, "application/x-www-form-urlencoded; charset=iso-8859-1"]) {
    const headers = ct ? { "content-type": ct } : {};
    const res = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers, body: ct ? "a=1" : new Uint8Array([97]) });
    assert.equal(res.status, 415, String(ct));
    assert.equal((await res.json()).code, "UNSUPPORTED_MEDIA_TYPE");
  }
});

/** A raw HTTP POST that keeps writing `chunks` until the server answers; resolves the status. */
function rawPost(path, headers, chunks) {
  const { port } = new URL(w.base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode);
      req.destroy();
    });
    req.on("error", (e) => (answered ? null : reject(e)));
    (async () => {
      for (const c of chunks) {
        if (answered) return;
        await new Promise((r) => req.write(c, r));
      }
      if (!answered) req.end();
    })().catch(() => {});
  });
}

test("a declared Content-Length over the limit is refused with 413 before the body is read", async () => {
  // Declare 100 MB, send a few bytes: the answer comes without the rest ever being sent.
  const status = await rawPost("/twilio/inbound", { "content-type": "application/x-www-form-urlencoded", "content-length": String(100 * 1024 * 1024) }, ["Body=x"]);
  assert.equal(status, 413);
});

test("a streamed (chunked) body without Content-Length is cut off at the limit (413)", async () => {
  const chunks = ["Body=" + "a".repeat(LIMIT)]; // one chunk, LIMIT + 5 bytes, no Content-Length
  const status = await rawPost("/twilio/inbound", { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" }, chunks);
  assert.equal(status, 413);
});

test("a body exactly at the limit is read (then fails the signature, 403); one byte more is 413", async () => {
  const at = "Body=" + "a".repeat(LIMIT - 5);
  let res = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, body: at });
  assert.equal(res.status, 403);
  await res.body?.cancel();
  res = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: at + "a" });
  assert.equal(res.status, 413);
  await res.body?.cancel();
});

test("a real inbound webhook is well under the limit", () => {
  const p = inboundParams({ body: "é".repeat(1600) });
  assert.ok(new URLSearchParams(p).toString().length < LIMIT / 4);
});

test("unknown routes are 404", async () => {
  const res = await fetch(`${w.base}/nope`);
  assert.equal(res.status, 404);
  await res.body?.cancel();
});

test("non-UTF-8 bodies are malformed (400), never 5xx", async () => {
  const res = await postWebhook(w, "/twilio/inbound", inboundParams(), {});
  await res.body?.cancel();
  const bad = await fetch(`${w.base}/twilio/inbound`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" }, body: new Uint8Array([0x42, 0x6f, 0x64, 0x79, 0x3d, 0xff, 0xfe]) });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).code, "MALFORMED_BODY");
});

test("a broken or missing config fails loudly: 500 CONFIG_INVALID on every route, no detail leaked", async () => {
  const badSid = JSON.stringify({ ...CONFIG, account: { accountSid: "AC123" } });
  const unknownNumber = JSON.stringify({ ...CONFIG, workstreams: [{ ...CONFIG.workstreams[0], number: "+14155550999" }] });
  const cases = [
    { WA_GUARD_CONFIG: "{not json" },
    { WA_GUARD_CONFIG: undefined },
    { WA_GUARD_CONFIG: badSid },
    { WA_GUARD_CONFIG: unknownNumber },
    { WA_GUARD_CONFIG: "[1,2]" },
    { PUBLIC_BASE_URL: "http://edge.example.com" }, // plain http outside localhost: validateConfig refuses it
    { PUBLIC_BASE_URL: "not a url" },
    { TWILIO_AUTH_TOKEN: undefined, TWILIO_AUTH_TOKEN_SECONDARY: undefined },
  ];
  for (const bindings of cases) {
    const w2 = await startWorker({ bindings });
    try {
      const a = await postWebhook(w2, "/twilio/inbound", inboundParams());
      assert.equal(a.status, 500, JSON.stringify(bindings));
      const body = await a.json();
      assert.equal(body.code, "CONFIG_INVALID");
      assert.doesNotMatch(JSON.stringify(body), /not json|AC0123|AC123|edge\.example|555/);
      if (bindings.WA_GUARD_CONFIG === "{not json") {
        const b = await fetch(`${w2.base}/conversations/%2B14155550100/%2B5511987654321/window`, { headers: { authorization: "Bearer agent-test-token-7f3c9a" } });
        assert.equal(b.status, 500);
        assert.equal((await b.json()).code, "CONFIG_INVALID");
      }
    } finally {
      await w2.close();
    }
  }
});
