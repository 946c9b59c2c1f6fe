// Security of the edge worker on real workerd (issue 20): the agent API fails closed; per-agent JWTs
// (RS256 from a JWKS URL, ES256 from inline public keys) limit agents to their workstreams; static
// tokens with rotation; rate limits with Retry-After; the test clock only on agent routes, behind
// its secret, never on webhooks, never on a reachable worker; stored instants clamped; Twilio REST
// credentials pinned to Twilio hosts (refused before any connection); form-only webhooks; no-store;
// an audit line per send; no secret or message body in any log line.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createSign, generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import {
  ACCOUNT_SID, AGENT_TOKEN, AGENT_TOKEN2, API_KEY_SECRET, API_KEY_SID, CONFIG, HOUR, LOOPBACK_BASE, SALES, SUPPORT,
  TEST_CLOCK_SECRET, TOKEN, TOKEN2,
  agent, inboundParams, postJsonWebhook, postWebhook, startWorker, windowPath,
} from "./harness.mjs";
import { checkApiBase } from "../../www/worker/twilio-api.js";

const ISSUER = "https://idp.example.com";
const AUDIENCE = "wa-guard-agents";
const SUPPORT_TEMPLATE = CONFIG.workstreams[0].templates[0].sid;
const SALES_TEMPLATE = CONFIG.workstreams[1].templates[0].sid;
const SECRET_BODY = "confidential-order-details-4417";

// ---------------------------------------------------------------------------------------------
// JWT fixtures: keys generated here; the worker only ever sees the public halves.

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rogue = generateKeyPairSync("ec", { namedCurve: "P-256" }); // not configured anywhere
const rsaJwk = { ...rsa.publicKey.export({ format: "jwk" }), kid: "rsa-1", alg: "RS256", use: "sig" };
const ecJwk = { ...ec.publicKey.export({ format: "jwk" }), kid: "ec-1" };

const b64url = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");

/** A signed JWT. `alg` RS256 (rsa key) or ES256 (ec key, or `key`). */
function jwt(claims, { alg = "RS256", kid, key, header = {} } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const h = { alg, typ: "JWT", kid: kid ?? (alg === "RS256" ? "rsa-1" : "ec-1"), ...header };
  const body = { iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...claims };
  const input = `${b64url(h)}.${b64url(body)}`;
  let sig;
  if (alg === "RS256") sig = createSign("RSA-SHA256").update(input).sign(key ?? rsa.privateKey);
  else sig = cryptoSign("sha256", Buffer.from(input), { key: key ?? ec.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}

let jwks; // a loopback JWKS endpoint (the RSA key)
let w; // static tokens + JWT (JWKS URL and inline keys) + test clock
before(async () => {
  jwks = { hits: 0 };
  jwks.server = http.createServer((req, res) => {
    jwks.hits += 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [rsaJwk] }));
  });
  await new Promise((ok) => jwks.server.listen(0, "127.0.0.1", ok));
  w = await startWorker({
    testClock: true,
    bindings: {
      AGENT_API_TOKEN_SECONDARY: AGENT_TOKEN2,
      AGENT_JWT_JWKS_URL: `http://127.0.0.1:${jwks.server.address().port}/certs`,
      AGENT_JWT_JWKS: JSON.stringify({ keys: [ecJwk] }),
      AGENT_JWT_ISSUER: ISSUER,
      AGENT_JWT_AUDIENCE: `other-app, ${AUDIENCE}`,
    },
  });
});
after(async () => {
  await w.close();
  await new Promise((ok) => jwks.server.close(ok));
});

const sendTemplate = (wk, { token, to, from = SUPPORT, sid = SUPPORT_TEMPLATE, headers } = {}) =>
  agent(wk, "/messages", { method: "POST", token, headers, body: { from, to, template: { sid, variables: ["Maria", "A-1"] } } });

/** The workerd log lines that are audit records of sends. */
const audits = (wk) => wk.logs.filter((l) => l.includes('"wa-guard.send"')).map((l) => JSON.parse(l.slice(l.indexOf("{"))));

let seq = 0;
const customer = () => `+55119876${String(50_000 + (seq++)).padStart(5, "0")}`;

// ---------------------------------------------------------------------------------------------

describe("fail closed", () => {
  test("no agent credential configured: reads and sends → 503 AGENT_API_DISABLED; an explicit demo opt-in allows anonymous reads only", async () => {
    const closed = await startWorker({ bindings: { AGENT_API_TOKEN: undefined } });
    const demo = await startWorker({ bindings: { AGENT_API_TOKEN: undefined, ALLOW_ANONYMOUS_READS: "1" } });
    try {
      const c = "+5511987659999";
      for (const token of [null, "anything-at-all-123"]) {
        const read = await agent(closed, windowPath(SUPPORT, c), { token });
        assert.equal(read.status, 503);
        assert.equal(read.headers.get("cache-control"), "no-store");
        assert.equal((await read.json()).code, "AGENT_API_DISABLED");
      }
      const send = await sendTemplate(closed, { token: null, to: c });
      assert.equal(send.status, 503);
      await send.body.cancel();

      const read = await agent(demo, windowPath(SUPPORT, c), { token: null });
      assert.equal(read.status, 200, "ALLOW_ANONYMOUS_READS=1 opens window reads");
      await read.body.cancel();
      const demoSend = await sendTemplate(demo, { token: null, to: c });
      assert.equal(demoSend.status, 503, "never anonymous sends");
      await demoSend.body.cancel();
      assert.equal(closed.fake.requests.length + demo.fake.requests.length, 0);
    } finally {
      await closed.close();
      await demo.close();
    }
  });

  test("with a credential configured, a request without one or with a wrong one → 401", async () => {
    for (const token of [null, "wrong-token-xxxxxxxxxxxx", AGENT_TOKEN.slice(0, -1), `${AGENT_TOKEN}x`, AGENT_TOKEN.toUpperCase()]) {
      const res = await agent(w, windowPath(SUPPORT, "+5511987659998"), { token });
      assert.equal(res.status, 401, String(token));
      assert.equal(res.headers.get("www-authenticate"), "Bearer");
      assert.equal(res.headers.get("cache-control"), "no-store");
      await res.body.cancel();
    }
  });

  test("a static token shorter than 16 characters is a configuration error, not a credential", async () => {
    const weak = await startWorker({ bindings: { AGENT_API_TOKEN: "short" } });
    try {
      const res = await agent(weak, windowPath(SUPPORT, "+5511987659997"), { token: "short" });
      assert.equal(res.status, 500);
      assert.equal((await res.json()).code, "CONFIG_INVALID");
    } finally {
      await weak.close();
    }
  });
});

describe("agent identity", () => {
  test("static tokens: the primary and the secondary (rotation) are both accepted, each audited by name", async () => {
    for (const [token, id] of [[AGENT_TOKEN, "token:primary"], [AGENT_TOKEN2, "token:secondary"]]) {
      const res = await sendTemplate(w, { token, to: customer() });
      assert.equal(res.status, 201, await res.clone().text());
      const { sid } = await res.json();
      assert.ok(audits(w).some((a) => a.agent === id && a.messageSid === sid), `${id} audited`);
    }
  });

  test("a JWT (RS256 via the JWKS URL, ES256 via inline keys) reads and sends for its workstreams", async () => {
    for (const alg of ["RS256", "ES256"]) {
      const token = jwt({ sub: `agent-${alg}@example.com`, workstreams: ["support"] }, { alg });
      const c = customer();
      const read = await agent(w, windowPath(SUPPORT, c), { token });
      assert.equal(read.status, 200, `${alg}: ${await read.clone().text()}`);
      assert.equal(read.headers.get("cache-control"), "no-store");
      await read.body.cancel();
      const res = await sendTemplate(w, { token, to: c });
      assert.equal(res.status, 201, await res.clone().text());
      const { sid } = await res.json();
      assert.ok(audits(w).some((a) => a.agent === `agent-${alg}@example.com` && a.via === "jwt" && a.messageSid === sid && a.workstream === "support"));
    }
    assert.ok(jwks.hits >= 1, "the JWKS URL was fetched");
  });

  test("the Cloudflare Access header (Cf-Access-Jwt-Assertion) is accepted as well", async () => {
    const token = jwt({ sub: "access-agent", workstreams: "support sales" });
    const res = await agent(w, windowPath(SALES, customer()), { token: null, headers: { "cf-access-jwt-assertion": token } });
    assert.equal(res.status, 200);
    await res.body.cancel();
  });

  test("a JWT for another workstream is refused: 403 for reads and sends, nothing reaches Twilio", async () => {
    const token = jwt({ sub: "support-only", workstreams: ["support"] }, { alg: "ES256" });
    const c = customer();
    const n = w.fake.requests.length;
    const read = await agent(w, windowPath(SALES, c), { token });
    assert.equal(read.status, 403);
    assert.equal((await read.json()).code, "WORKSTREAM_FORBIDDEN");
    for (const body of [{ from: SALES }, { workstream: "sales" }]) {
      const res = await agent(w, "/messages", { method: "POST", token, body: { ...body, to: c, template: { sid: SALES_TEMPLATE, variables: ["x"] } } });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).code, "WORKSTREAM_FORBIDDEN");
    }
    const none = jwt({ sub: "no-workstreams" });
    const res = await sendTemplate(w, { token: none, to: c });
    assert.equal(res.status, 403, "no workstreams claim: nothing allowed");
    await res.body.cancel();
    assert.equal(w.fake.requests.length, n);
  });

  test("the static token can be limited to some workstreams (AGENT_API_TOKEN_WORKSTREAMS)", async () => {
    const w2 = await startWorker({ bindings: { AGENT_API_TOKEN_WORKSTREAMS: "sales" } });
    try {
      const c = customer();
      const support = await agent(w2, windowPath(SUPPORT, c));
      assert.equal(support.status, 403);
      await support.body.cancel();
      const sales = await agent(w2, windowPath(SALES, c));
      assert.equal(sales.status, 200);
      await sales.body.cancel();
      const send = await sendTemplate(w2, { to: c });
      assert.equal(send.status, 403);
      await send.body.cancel();
      assert.equal(w2.fake.requests.length, 0);
    } finally {
      await w2.close();
    }
  });

  test("invalid JWTs → 401: expired, not yet valid, wrong issuer, wrong audience, no exp, unknown key, tampered, alg none / HS256", async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = jwt({ sub: "a", workstreams: ["support"] });
    const [h, p, s] = good.split(".");
    const tampered = `${h}.${b64url({ ...JSON.parse(Buffer.from(p, "base64url")), workstreams: ["*"] })}.${s}`;
    const cases = {
      expired: jwt({ sub: "a", workstreams: ["support"], exp: now - 120 }),
      "not yet valid": jwt({ sub: "a", workstreams: ["support"], nbf: now + 600 }),
      "wrong issuer": jwt({ sub: "a", workstreams: ["support"], iss: "https://evil.example.com" }),
      "wrong audience": jwt({ sub: "a", workstreams: ["support"], aud: "someone-else" }),
      "no exp": jwt({ sub: "a", workstreams: ["support"], exp: undefined }),
      "no subject": jwt({ workstreams: ["support"] }),
      "unknown key": jwt({ sub: "a", workstreams: ["support"] }, { alg: "ES256", key: rogue.privateKey }),
      "unknown kid": jwt({ sub: "a", workstreams: ["support"] }, { alg: "ES256", kid: "nope" }),
      "RS key named as ES": jwt({ sub: "a", workstreams: ["support"] }, { alg: "RS256", kid: "ec-1" }),
      tampered,
      "alg none": `${b64url({ alg: "none", typ: "JWT" })}.${p}.`,
      "alg HS256": `${b64url({ alg: "HS256", typ: "JWT" })}.${p}.${s}`,
    };
    for (const [what, token] of Object.entries(cases)) {
      const res = await agent(w, windowPath(SUPPORT, "+5511987659996"), { token });
      assert.equal(res.status, 401, what);
      const body = await res.json();
      assert.equal(body.code, "UNAUTHORIZED", what);
      assert.doesNotMatch(JSON.stringify(body), /expired|issuer|audience|signature/i, `${what}: the reason stays in the logs`);
    }
  });
});

describe("rate limits", () => {
  test("the 11th send in a second from one agent → 429 with Retry-After; Twilio gets 10", async () => {
    const token = jwt({ sub: "burst-agent", workstreams: ["support"] });
    const n = w.fake.requests.length;
    const results = await Promise.all(Array.from({ length: 11 }, () => sendTemplate(w, { token, to: customer() })));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill(201), 429], statuses.join(","));
    const limited = results.find((r) => r.status === 429);
    const retry = Number(limited.headers.get("retry-after"));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${limited.headers.get("retry-after")}`);
    const body = await limited.json();
    assert.equal(body.code, "RATE_LIMITED");
    assert.equal(body.scope, "agent");
    for (const r of results) if (r.status !== 429) await r.body.cancel();
    assert.equal(w.fake.requests.length, n + 10);
    // Other agents are not affected.
    const other = await sendTemplate(w, { token: jwt({ sub: "calm-agent", workstreams: ["support"] }), to: customer() });
    assert.equal(other.status, 201);
    await other.body.cancel();
  });

  test("per customer: a 6th send within a second to one number → 429 (scope customer), whichever agents send", async () => {
    const c = customer();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(sendTemplate(w, { token: jwt({ sub: `team-agent-${i}`, workstreams: ["support"] }), to: c }));
    const done = await Promise.all(results);
    const statuses = done.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429], statuses.join(","));
    const limited = done.find((r) => r.status === 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await limited.json()).scope, "customer");
    for (const r of done) if (r.status !== 429) await r.body.cancel();
  });
});

describe("the test clock", () => {
  test("X-Test-Now is ignored on webhooks, even with the flag and the secret", async () => {
    for (const [i, now] of [Date.now() + 30 * 24 * HOUR, Date.now() - 72 * HOUR].entries()) {
      const c = customer();
      const res = await postWebhook(w, "/twilio/inbound", inboundParams({ from: c }), { now, headers: { "x-test-clock-secret": TEST_CLOCK_SECRET } });
      assert.equal(res.status, 200);
      await res.body.cancel();
      const s = await (await agent(w, windowPath(SUPPORT, c))).json(); // the real clock
      assert.equal(s.open, true, `case ${i}: the inbound was stored at the real instant`);
      assert.ok(Math.abs(Date.parse(s.lastInboundAt) - Date.now()) < 60_000, s.lastInboundAt);
      // Status callbacks too.
      const st = await postWebhook(w, "/twilio/status", { MessageSid: "SM" + "e".repeat(32), MessageStatus: "delivered", AccountSid: ACCOUNT_SID, From: `whatsapp:${SUPPORT}`, To: `whatsapp:${c}` }, { now });
      assert.equal(st.status, 204);
      const after = await (await agent(w, windowPath(SUPPORT, c))).json();
      assert.ok(Math.abs(after.statuses["SM" + "e".repeat(32)].statuses[0].at - Date.now()) < 60_000);
    }
  });

  test("on agent routes, X-Test-Now needs the test secret; without it the real clock decides (no 24-hour bypass)", async () => {
    const c = customer();
    // A customer who wrote two days ago (planted directly in the Durable Object: no route can).
    const ns = await w.mf.getDurableObjectNamespace("CONVERSATIONS");
    const stub = ns.get(ns.idFromName(`${SUPPORT}|${c}`));
    const wrote = Date.now() - 48 * HOUR;
    await stub.acceptInbound({ id: `SM${"a".repeat(32)}`, event: { direction: "inbound", at: wrote, kind: "message" }, response: null, delivery: null });
    const body = { from: SUPPORT, to: c, body: SECRET_BODY };
    const n = w.fake.requests.length;
    for (const headers of [{}, { "x-test-clock-secret": "wrong-secret-wrong-secret" }]) {
      const res = await agent(w, "/messages", { method: "POST", headers: { ...headers, "x-test-now": String(wrote + HOUR) }, body });
      assert.equal(res.status, 422, JSON.stringify(headers));
      assert.equal((await res.json()).code, "WINDOW_CLOSED");
    }
    assert.equal(w.fake.requests.length, n, "nothing sent");
    // With the secret (a local test), the instant is honoured.
    const s = await (await agent(w, windowPath(SUPPORT, c), { now: wrote + HOUR })).json();
    assert.equal(s.open, true);
  });

  test("event instants are clamped to the real clock's skew tolerance: a far-future send never breaks the conversation", async () => {
    const c = customer();
    const far = Date.now() + 10 * 365 * 24 * HOUR;
    const res = await agent(w, "/messages", { method: "POST", now: far, body: { from: SUPPORT, to: c, template: { sid: SUPPORT_TEMPLATE, variables: ["a", "b"] } } });
    assert.equal(res.status, 201, await res.clone().text());
    const { sid } = await res.json();
    const read = await agent(w, windowPath(SUPPORT, c)); // the real clock: no 409 EVENT_IN_FUTURE
    assert.equal(read.status, 200, await read.clone().text());
    const s = await read.json();
    assert.ok(s.statuses[sid].sentAt <= Date.now() + 5 * 60_000, "stored within now + 5 min");
  });

  test("the worker refuses to start with the test clock unless its public base URL is loopback, or without the secret", async () => {
    for (const bindings of [
      { ALLOW_TEST_CLOCK: "1", TEST_CLOCK_SECRET, PUBLIC_BASE_URL: "https://edge.example.com" },
      { ALLOW_TEST_CLOCK: "1", TEST_CLOCK_SECRET, PUBLIC_BASE_URL: undefined }, // the config's https callbackBaseUrl
      { ALLOW_TEST_CLOCK: "1", TEST_CLOCK_SECRET: undefined, PUBLIC_BASE_URL: LOOPBACK_BASE },
    ]) {
      let started = null;
      try {
        started = await startWorker({ bindings });
      } catch (e) {
        assert.ok(e.logs.some((l) => /refuses to start/.test(l)), e.logs.join("\n"));
        continue;
      }
      await started.close();
      assert.fail(`started with ${JSON.stringify(bindings)}`);
    }
  });
});

describe("Twilio REST credentials", () => {
  test("TWILIO_API_BASE allowlist: api.twilio.com, *.twilio.com (https), loopback; nothing else", () => {
    for (const ok of ["https://api.twilio.com", "https://api.twilio.com/", "https://api.dublin.ie1.twilio.com", "http://127.0.0.1:4010", "http://localhost:8080", "http://[::1]:9"]) {
      assert.doesNotThrow(() => checkApiBase(ok), ok);
    }
    for (const bad of ["http://203.0.113.5", "https://203.0.113.5", "http://api.twilio.com", "https://api.twilio.com.evil.example", "https://evil.example/api.twilio.com", "https://eviltwilio.com", "https://user:pw@api.twilio.com", "https://api.twilio.com:8443", "https://api.twilio.com/2010-04-01", "ftp://api.twilio.com", "https://twilio.com@evil.example", "not a url"]) {
      assert.throws(() => checkApiBase(bad), undefined, bad);
    }
  });

  test("an API base of http://203.0.113.5 (or any non-Twilio host) is refused without any connection attempt", async () => {
    for (const base of ["http://203.0.113.5", "https://api.twilio.com.evil.example"]) {
      const attempts = [];
      const w2 = await startWorker({
        bindings: { TWILIO_API_BASE: base },
        // Every fetch the worker makes goes here instead of the network: none may happen.
        extra: { outboundService: (req) => { attempts.push(req.url); return new Response("intercepted", { status: 599 }); } },
      });
      try {
        const res = await sendTemplate(w2, { to: customer() });
        assert.equal(res.status, 500, base);
        const body = await res.json();
        assert.equal(body.code, "CONFIG_INVALID");
        assert.doesNotMatch(JSON.stringify(body), /203\.0\.113|evil|SK5a|api-key-secret/);
        assert.ok(w2.logs.some((l) => /TWILIO_API_BASE/.test(l)), "the reason is logged");
        assert.deepEqual(attempts, [], `${base}: no outbound connection was attempted`);
        assert.equal(w2.fake.requests.length, 0);
      } finally {
        await w2.close();
      }
    }
  });

  test("sends use the API key (SK…); the auth token only as a fallback; half an API key is a config error", async () => {
    const before = w.fake.requests.length;
    const res = await sendTemplate(w, { to: customer() });
    assert.equal(res.status, 201);
    await res.body.cancel();
    assert.equal(w.fake.requests.at(-1).headers.authorization, `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString("base64")}`);
    assert.equal(w.fake.requests.length, before + 1);

    const fallback = await startWorker({ bindings: { TWILIO_API_KEY_SID: undefined, TWILIO_API_KEY_SECRET: undefined } });
    try {
      const r = await sendTemplate(fallback, { to: customer() });
      assert.equal(r.status, 201);
      await r.body.cancel();
      assert.equal(fallback.fake.requests.at(-1).headers.authorization, `Basic ${Buffer.from(`${ACCOUNT_SID}:${TOKEN}`).toString("base64")}`);
    } finally {
      await fallback.close();
    }
    const half = await startWorker({ bindings: { TWILIO_API_KEY_SECRET: undefined } });
    try {
      const r = await sendTemplate(half, { to: customer() });
      assert.equal(r.status, 500);
      assert.equal((await r.json()).code, "CONFIG_INVALID");
      assert.equal(half.fake.requests.length, 0);
    } finally {
      await half.close();
    }
  });
});

describe("surface and records", () => {
  test("a JSON body on /twilio/inbound is refused with 415 before anything is recorded", async () => {
    const c = customer();
    const res = await postJsonWebhook(w, "/twilio/inbound", inboundParams({ from: c }));
    assert.equal(res.status, 415);
    assert.equal((await res.json()).code, "UNSUPPORTED_MEDIA_TYPE");
    const s = await (await agent(w, windowPath(SUPPORT, c))).json();
    assert.equal(s.lastInboundAt, null);
  });

  test("agent responses carry Cache-Control: no-store (success and errors)", async () => {
    const c = customer();
    const cases = [
      await agent(w, windowPath(SUPPORT, c)),
      await agent(w, windowPath(SUPPORT, c), { token: null }),
      await agent(w, windowPath("+14155550199", c)),
      await agent(w, "/messages", { method: "POST", body: { from: SUPPORT, to: c, body: "x" } }),
      await sendTemplate(w, { to: c }),
    ];
    assert.deepEqual(cases.map((r) => r.status), [200, 401, 404, 422, 201]);
    for (const r of cases) {
      assert.equal(r.headers.get("cache-control"), "no-store", String(r.status));
      await r.body.cancel();
    }
  });

  test("an audit line per send (agent identity + MessageSid), and no secret or message body in any log line", async () => {
    const c = customer();
    const r = await postWebhook(w, "/twilio/inbound", inboundParams({ from: c, body: `customer says ${SECRET_BODY}` }));
    await r.body.cancel();
    const token = jwt({ sub: "auditor@example.com", workstreams: ["support"] });
    const before = audits(w).length;
    const sids = [];
    for (let i = 0; i < 3; i++) {
      const res = await agent(w, "/messages", { method: "POST", token, body: { from: SUPPORT, to: c, body: `${SECRET_BODY} #${i}` } });
      assert.equal(res.status, 201, await res.clone().text());
      sids.push((await res.json()).sid);
    }
    const mine = audits(w).slice(before).filter((a) => a.agent === "auditor@example.com");
    assert.deepEqual(mine.map((a) => a.messageSid), sids, "one line per send, in order");
    for (const a of mine) {
      assert.equal(a.via, "jwt");
      assert.equal(a.workstream, "support");
      assert.equal(a.outcome, "sent");
    }
    // Twilio refusing a send is audited too (no MessageSid).
    w.fake.failNext(400, 21610, "Attempt to send to unsubscribed recipient");
    const refused = await agent(w, "/messages", { method: "POST", token, body: { from: SUPPORT, to: c, body: SECRET_BODY } });
    assert.equal(refused.status, 502);
    await refused.body.cancel();
    const last = audits(w).at(-1);
    assert.deepEqual([last.agent, last.outcome, last.messageSid, last.twilioCode], ["auditor@example.com", "rejected", null, 21610]);

    const all = w.logs.join("\n");
    for (const secret of [SECRET_BODY, TOKEN, TOKEN2, AGENT_TOKEN, AGENT_TOKEN2, API_KEY_SECRET, TEST_CLOCK_SECRET, token.split(".")[2]]) {
      assert.equal(all.includes(secret), false, `a log line holds ${secret.slice(0, 6)}…`);
    }
  });
});
