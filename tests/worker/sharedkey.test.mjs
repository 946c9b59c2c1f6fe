// SharedKey webhooks (X-Twilio-Webhooks-Signature-Settings) through the edge worker on workerd: each
// scheme accepted with its secret, signed by the official SDK (twilio 6.3.1); the settings header
// honoured (auth tokens never tried under it); a worker with shared keys only; bad secrets.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { PUBLIC_BASE, TOKEN, formBody, inboundParams, startWorker } from "./harness.mjs";

const twilio = createRequire(import.meta.url)("twilio");
const KEY1 = { id: "webhooks_sharedkey_8c5929579355e705be5bf2bff7", secret: "FDArbSpm1FM_5-aol2eWfngi9A_XRH5g3Fhw2iX5dea" };
const KEY2 = { id: "webhooks_sharedkey_16cf5845f2da933352b8f90a9c", secret: "o2Vq5xN1cJ9LrY7pW3tB8kZ4hD6fG0sA2mE5uQ9iXyT" };

async function post(w, params, { secret, algorithm = "HMAC_SHA1", settings } = {}) {
  const url = `${PUBLIC_BASE}/twilio/inbound`;
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": twilio.getExpectedTwilioSignature(secret, url, params, algorithm),
  };
  if (settings !== undefined) headers["x-twilio-webhooks-signature-settings"] = settings;
  return fetch(`${w.base}/twilio/inbound`, { method: "POST", headers, body: formBody(params) });
}

describe("a worker with auth tokens and SharedKeys", () => {
  let w;
  before(async () => {
    w = await startWorker({ bindings: { TWILIO_SHARED_KEYS: JSON.stringify([KEY1, KEY2]) } });
  });
  after(() => w.close());

  test("each scheme is accepted with its own secret", async () => {
    const cases = [
      { name: "auth token, no header", secret: TOKEN },
      { name: "SharedKey HMAC-SHA256", secret: KEY1.secret, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` },
      { name: "SharedKey HMAC-SHA1", secret: KEY2.secret, algorithm: "HMAC_SHA1", settings: `key=${KEY2.id},algorithm=HMAC_SHA1` },
      { name: "SharedKey, unknown key id: every key tried", secret: KEY2.secret, algorithm: "HMAC_SHA256", settings: "key=webhooks_sharedkey_rotated,algorithm=hmac_sha256" },
    ];
    for (const c of cases) {
      const res = await post(w, inboundParams(), c);
      assert.equal(res.status, 200, c.name);
      await res.text();
    }
  });

  test("under a settings header the auth token is never tried; a wrong algorithm or key is refused", async () => {
    const cases = [
      { name: "auth token under a settings header", secret: TOKEN, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` },
      { name: "SHA-1 signature, header says SHA-256", secret: KEY1.secret, algorithm: "HMAC_SHA1", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` },
      { name: "named key, other key's signature", secret: KEY2.secret, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` },
      { name: "unsupported algorithm", secret: KEY1.secret, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA512` },
      { name: "SharedKey signature without its header", secret: KEY1.secret, algorithm: "HMAC_SHA256" },
    ];
    for (const c of cases) {
      const res = await post(w, inboundParams(), c);
      assert.equal(res.status, 403, c.name);
      await res.text();
    }
  });
});

describe("a worker with SharedKeys only", () => {
  let w;
  before(async () => {
    w = await startWorker({ bindings: { TWILIO_AUTH_TOKEN: undefined, TWILIO_AUTH_TOKEN_SECONDARY: undefined, TWILIO_SHARED_KEYS: JSON.stringify([KEY1]) } });
  });
  after(() => w.close());

  test("verifies SharedKey webhooks and refuses the classic scheme", async () => {
    const ok = await post(w, inboundParams(), { secret: KEY1.secret, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` });
    assert.equal(ok.status, 200);
    await ok.text();
    const classic = await post(w, inboundParams(), { secret: TOKEN });
    assert.equal(classic.status, 403);
    await classic.text();
  });
});

describe("malformed SharedKeys are a configuration error, never logged", () => {
  for (const [name, value] of [["not JSON", "{oops"], ["empty secret", JSON.stringify([{ id: "k", secret: "" }])], ["duplicate ids", JSON.stringify([KEY1, { ...KEY2, id: KEY1.id }])]]) {
    test(name, async () => {
      const w = await startWorker({ bindings: { TWILIO_SHARED_KEYS: value } });
      try {
        const res = await post(w, inboundParams(), { secret: KEY1.secret, algorithm: "HMAC_SHA256", settings: `key=${KEY1.id},algorithm=HMAC_SHA256` });
        assert.equal(res.status, 500);
        const body = await res.json();
        assert.equal(body.error?.code ?? body.code, "CONFIG_INVALID");
        assert.ok(!JSON.stringify(body).includes(KEY1.secret));
      } finally {
        await w.close();
      }
    });
  }
});
