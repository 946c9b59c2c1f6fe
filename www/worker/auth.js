// Who may call the agent routes, and for which workstreams.
//
// Credentials (any combination; none configured → every agent route answers 503 AGENT_API_DISABLED):
//   - a static bearer token: `AGENT_API_TOKEN`, plus `AGENT_API_TOKEN_SECONDARY` during rotation (both
//     accepted); optional `AGENT_API_TOKEN_WORKSTREAMS` (comma-separated ids, default every workstream).
//     One shared identity ("token:primary" / "token:secondary"): the simple option.
//   - a JWT per agent (Cloudflare Access, the contact center's identity provider), as
//     `Authorization: Bearer <jwt>` or Cloudflare Access's `Cf-Access-Jwt-Assertion` header, verified
//     with WebCrypto against `AGENT_JWT_JWKS` (inline JWKS JSON: public keys) and/or `AGENT_JWT_JWKS_URL`
//     (https, or loopback http for local tests). RS256/384/512, PS256/384/512, ES256/384; `exp` required,
//     `nbf` honoured, `iss` must equal `AGENT_JWT_ISSUER` and `aud` contain one of `AGENT_JWT_AUDIENCE`
//     (both required). The agent id is the `sub` claim (`AGENT_JWT_AGENT_CLAIM`), the workstreams the
//     agent may act for the `workstreams` claim (`AGENT_JWT_WORKSTREAMS_CLAIM`: an array of ids or a
//     space/comma-separated string; "*" = all).
//   - `ALLOW_ANONYMOUS_READS = "1"` (demo only): window reads without a credential are allowed; sends
//     never are.
// JWT times are checked against the real clock, never the test clock.
import { HttpError, list, safeEqual } from "./http.js";

/** Largest credential accepted (characters). */
const MAX_CREDENTIAL_CHARS = 8192;
/** Shortest static token accepted: a guessable token is a configuration error. */
export const MIN_STATIC_TOKEN_CHARS = 16;
/** Clock tolerance for `exp` / `nbf` (seconds). */
const LEEWAY_S = 60;
/** How long keys fetched from AGENT_JWT_JWKS_URL are kept (ms), and how soon an unknown `kid` may refetch. */
const JWKS_TTL_MS = 10 * 60_000;
const JWKS_REFETCH_MS = 30_000;
const JWKS_TIMEOUT_MS = 5000;

const ALGS = {
  RS256: { kty: "RSA", params: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } },
  RS384: { kty: "RSA", params: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" } },
  RS512: { kty: "RSA", params: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" } },
  PS256: { kty: "RSA", params: { name: "RSA-PSS", hash: "SHA-256" }, saltLength: 32 },
  PS384: { kty: "RSA", params: { name: "RSA-PSS", hash: "SHA-384" }, saltLength: 48 },
  PS512: { kty: "RSA", params: { name: "RSA-PSS", hash: "SHA-512" }, saltLength: 64 },
  ES256: { kty: "EC", crv: "P-256", params: { name: "ECDSA", namedCurve: "P-256" }, hash: "SHA-256" },
  ES384: { kty: "EC", crv: "P-384", params: { name: "ECDSA", namedCurve: "P-384" }, hash: "SHA-384" },
};

/** An authenticated caller: `{ id, via: "token" | "jwt" | "anonymous", workstreams: string[] ("*" = all) }`. */
const ANONYMOUS = Object.freeze({ id: "anonymous", via: "anonymous", workstreams: Object.freeze(["*"]) });

function unauthorized() {
  return new HttpError(401, "UNAUTHORIZED", "agent credential required", { "www-authenticate": "Bearer" });
}

function configError(what) {
  console.error(`wa-guard worker: agent authentication is misconfigured: ${what}`);
  return new HttpError(500, "CONFIG_INVALID", "the worker's agent authentication is misconfigured (see the logs)");
}

function staticTokens(env) {
  const tokens = [
    ["primary", env.AGENT_API_TOKEN],
    ["secondary", env.AGENT_API_TOKEN_SECONDARY],
  ].filter(([, t]) => typeof t === "string" && t !== "");
  for (const [slot, t] of tokens) {
    if (t.length < MIN_STATIC_TOKEN_CHARS) {
      throw configError(`the ${slot} agent token is shorter than ${MIN_STATIC_TOKEN_CHARS} characters`);
    }
  }
  return tokens;
}

function jwtConfigured(env) {
  return Boolean(env.AGENT_JWT_JWKS || env.AGENT_JWT_JWKS_URL);
}

/** Whether any agent credential is configured (else the agent routes are disabled). */
export function agentAuthConfigured(env) {
  return staticTokens(env).length > 0 || jwtConfigured(env);
}

/** The credential a request carries, or null. */
function credentialOf(request) {
  const auth = request.headers.get("authorization");
  if (auth !== null) {
    const m = /^Bearer +(\S+) *$/i.exec(auth);
    return m ? m[1] : "";
  }
  return request.headers.get("cf-access-jwt-assertion");
}

/**
 * Authenticates an agent request. `write`: the route sends (anonymous access never allowed).
 * → the agent; throws 503 AGENT_API_DISABLED, 401 UNAUTHORIZED or 500 CONFIG_INVALID.
 */
export async function authenticate(request, env, { write }) {
  const tokens = staticTokens(env);
  const jwt = jwtConfigured(env);
  const anonymousReads = !write && String(env.ALLOW_ANONYMOUS_READS ?? "") === "1";
  if (tokens.length === 0 && !jwt) {
    if (anonymousReads) return ANONYMOUS;
    throw new HttpError(503, "AGENT_API_DISABLED", "no agent credential is configured: the agent API is disabled");
  }
  const got = credentialOf(request);
  if (got === null && anonymousReads) return ANONYMOUS;
  if (!got || got.length > MAX_CREDENTIAL_CHARS) throw unauthorized();

  // Every configured token is compared (constant time each), whatever matched first.
  let slot = null;
  for (const [s, t] of tokens) if (safeEqual(got, t) && slot === null) slot = s;
  if (slot !== null) {
    const ws = list(env.AGENT_API_TOKEN_WORKSTREAMS);
    return { id: `token:${slot}`, via: "token", workstreams: ws.length ? ws : ["*"] };
  }
  if (jwt && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(got)) return verifyAgentJwt(got, env);
  throw unauthorized();
}

/** Throws 403 unless `agent` may act for workstream `id`. */
export function requireWorkstream(agent, id) {
  if (agent.workstreams.includes("*") || agent.workstreams.includes(id)) return;
  throw new HttpError(403, "WORKSTREAM_FORBIDDEN", "this agent may not act for this workstream");
}

// ---------------------------------------------------------------------------------------------
// JWT

function b64urlBytes(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function b64urlJson(s) {
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlBytes(s)));
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
  return value;
}

/** Refuses a JWT: logs the reason (never the token) and answers 401. */
function refuse(reason) {
  console.warn(`wa-guard worker: agent JWT refused: ${reason}`);
  return unauthorized();
}

async function verifyAgentJwt(token, env) {
  const issuer = String(env.AGENT_JWT_ISSUER ?? "");
  const audiences = list(env.AGENT_JWT_AUDIENCE);
  if (!issuer || audiences.length === 0) throw configError("AGENT_JWT_ISSUER and AGENT_JWT_AUDIENCE are required with JWT keys");
  const [h, p, s] = token.split(".");
  let header;
  let claims;
  let signature;
  try {
    header = b64urlJson(h);
    claims = b64urlJson(p);
    signature = b64urlBytes(s);
  } catch {
    throw refuse("malformed");
  }
  if (typeof header.alg !== "string" || !Object.hasOwn(ALGS, header.alg)) throw refuse("algorithm not allowed");
  const alg = ALGS[header.alg];
  if (header.crit !== undefined) throw refuse("unsupported critical header");
  const kid = typeof header.kid === "string" ? header.kid : null;

  const keys = await keysFor(env, kid, header.alg);
  const data = new TextEncoder().encode(`${h}.${p}`);
  const verifyParams = alg.kty === "EC" ? { name: "ECDSA", hash: alg.hash } : alg.saltLength ? { name: "RSA-PSS", saltLength: alg.saltLength } : alg.params;
  let ok = false;
  for (const key of keys) {
    try {
      if (await crypto.subtle.verify(verifyParams, key, signature, data)) {
        ok = true;
        break;
      }
    } catch {
      /* a key of the wrong size for this signature: not this one */
    }
  }
  if (!ok) throw refuse(keys.length ? "bad signature" : "no matching key");

  const nowS = Date.now() / 1000; // the real clock, never X-Test-Now
  if (typeof claims.exp !== "number") throw refuse("no exp");
  if (nowS >= claims.exp + LEEWAY_S) throw refuse("expired");
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || nowS < claims.nbf - LEEWAY_S)) throw refuse("not yet valid");
  if (claims.iss !== issuer) throw refuse("wrong issuer");
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && audiences.includes(a))) throw refuse("wrong audience");

  const id = claims[env.AGENT_JWT_AGENT_CLAIM || "sub"];
  if (typeof id !== "string" || id === "" || id.length > 256) throw refuse("no agent id");
  const raw = claims[env.AGENT_JWT_WORKSTREAMS_CLAIM || "workstreams"];
  const workstreams = Array.isArray(raw)
    ? raw.filter((x) => typeof x === "string" && x !== "")
    : typeof raw === "string"
      ? raw.split(/[\s,]+/).filter(Boolean)
      : [];
  return { id, via: "jwt", workstreams };
}

// Keys: inline (AGENT_JWT_JWKS) imported once per isolate; fetched (AGENT_JWT_JWKS_URL) cached.
let inline = { raw: undefined, keys: [] };
let remote = { url: undefined, keys: [], fetchedAt: 0 };

async function keysFor(env, kid, alg) {
  const all = [];
  if (env.AGENT_JWT_JWKS) {
    if (inline.raw !== env.AGENT_JWT_JWKS) {
      let parsed;
      try {
        parsed = typeof env.AGENT_JWT_JWKS === "string" ? JSON.parse(env.AGENT_JWT_JWKS) : env.AGENT_JWT_JWKS;
      } catch {
        throw configError("AGENT_JWT_JWKS is not JSON");
      }
      inline = { raw: env.AGENT_JWT_JWKS, keys: await importJwks(parsed, "AGENT_JWT_JWKS") };
    }
    all.push(...inline.keys);
  }
  if (env.AGENT_JWT_JWKS_URL) {
    const url = jwksUrl(env.AGENT_JWT_JWKS_URL);
    const age = Date.now() - remote.fetchedAt;
    const known = remote.url === url && remote.keys.some((k) => kid === null || k.kid === kid);
    if (remote.url !== url || age > JWKS_TTL_MS || (!known && age > JWKS_REFETCH_MS)) {
      try {
        remote = { url, keys: await fetchJwks(url), fetchedAt: Date.now() };
      } catch (e) {
        console.error(`wa-guard worker: could not fetch AGENT_JWT_JWKS_URL: ${e.message}`);
        if (remote.url !== url) {
          if (!env.AGENT_JWT_JWKS) throw new HttpError(503, "AGENT_KEYS_UNAVAILABLE", "the agent signing keys could not be fetched; retry later");
        } else {
          remote.fetchedAt = Date.now(); // keep the previous keys; retry after the refetch delay
        }
      }
    }
    if (remote.url === url) all.push(...remote.keys);
  }
  return all.filter((k) => (kid === null || k.kid === kid) && k.algs.includes(alg)).map((k) => k.key);
}

/** AGENT_JWT_JWKS_URL must be https, or http on a loopback host (local tests). */
function jwksUrl(raw) {
  let u;
  try {
    u = new URL(String(raw));
  } catch {
    throw configError("AGENT_JWT_JWKS_URL is not a URL");
  }
  if (u.username || u.password) throw configError("AGENT_JWT_JWKS_URL must not carry credentials");
  if (u.protocol === "https:" || (u.protocol === "http:" && isLoopbackHost(u.hostname))) return u.href;
  throw configError("AGENT_JWT_JWKS_URL must be https (http only for a loopback host)");
}

async function fetchJwks(url) {
  const res = await fetch(url, { headers: { accept: "application/json" }, redirect: "manual", signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  const text = await res.text();
  if (text.length > 256 * 1024) throw new Error("JWKS too large");
  return importJwks(JSON.parse(text), "AGENT_JWT_JWKS_URL");
}

/** A JWKS (`{ keys: [...] }`), an array of JWKs or one JWK → `[{ kid, algs, key }]` (public parts only). */
async function importJwks(value, where) {
  const jwks = Array.isArray(value) ? value : Array.isArray(value?.keys) ? value.keys : value && typeof value === "object" ? [value] : [];
  const out = [];
  for (const jwk of jwks) {
    if (!jwk || typeof jwk !== "object") continue;
    if (jwk.d !== undefined) throw configError(`${where} holds a PRIVATE key: configure public keys only`);
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes("verify")) continue;
    const algs = Object.keys(ALGS).filter((a) => ALGS[a].kty === jwk.kty && (!ALGS[a].crv || ALGS[a].crv === jwk.crv) && (jwk.alg === undefined || jwk.alg === a));
    const pub = jwk.kty === "RSA" ? { kty: "RSA", n: jwk.n, e: jwk.e } : { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y };
    const kid = typeof jwk.kid === "string" ? jwk.kid : null;
    // One CryptoKey per algorithm family: WebCrypto binds the hash (RSA) or curve (EC) to the key.
    for (const a of algs) {
      try {
        const key = await crypto.subtle.importKey("jwk", { ...pub, ext: true }, ALGS[a].params, false, ["verify"]);
        out.push({ kid, algs: [a], key });
      } catch {
        /* not importable for this algorithm */
      }
    }
  }
  if (out.length === 0) throw configError(`${where} holds no usable public signing key`);
  return out;
}

/** localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHost(hostname) {
  const h = String(hostname).toLowerCase();
  return h === "localhost" || h === "[::1]" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
