// wa-guard edge worker (Cloudflare Workers / workerd module worker).
//
// Routes:
//   POST /twilio/inbound                              Twilio "a message comes in" webhook
//   POST /twilio/status                               Twilio status callbacks
//   GET  /conversations/{business}/{customer}/window  window state for agent UIs (CORS: ALLOWED_ORIGINS)
//   POST /messages                                    an agent's send → Twilio Messages API
//   GET  /templates, POST /templates/refresh          Content templates from Twilio (./templates.js)
//   scheduled()                                       Cron Trigger: refresh the Content templates
//
// Bindings: see wrangler.toml. The rules are wa-guard's (./guard.js); this file is HTTP plumbing.
import {
  HttpError,
  MAX_AGENT_BODY_BYTES,
  MAX_SEGMENT_CHARS,
  MAX_WEBHOOK_BODY_BYTES,
  corsHeaders,
  discardBody,
  forbidden,
  json,
  jsonError,
  mediaType,
  now,
  preflight,
  readBody,
  safeEqual,
  twiml,
  twimlResponse,
} from "./http.js";
import * as guard from "./guard.js";
import * as templates from "./templates.js";

export { Conversation } from "./conversation.js";
export { TemplateStore } from "./templates.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const WEBHOOK_TYPES = [FORM, JSON_TYPE];
/** Time allowed to the upstream and to the Twilio API (ms). */
const UPSTREAM_TIMEOUT_MS = 10_000;

export default {
  async fetch(request, env, ctx) {
    const res = await handle(request, env, ctx);
    if (res.status !== 413) await discardBody(request, MAX_WEBHOOK_BODY_BYTES);
    return res;
  },
  /** Cron Trigger (wrangler.toml [triggers]): refresh the Content templates. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(templates.refresh(env, guard.loadConfig(env)));
  },
};

/** Routes a request; every failure becomes a coded JSON error (500 only for a bug, logged). */
async function handle(request, env, ctx) {
  try {
    return await route(request, env, ctx);
  } catch (e) {
    if (e instanceof HttpError) {
      const extra = e.problems ? { problems: e.problems } : {};
      return jsonError(e.status, e.code, e.message, extra, { ...e.headers, ...(e.cors ?? {}) });
    }
    console.error("wa-guard worker: unexpected error", e && e.stack ? e.stack : e);
    return jsonError(500, "INTERNAL", "internal error");
  }
}

async function route(request, env, ctx) {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === "/twilio/inbound") return webhook(request, env, ctx, inbound);
  if (path === "/twilio/status") return webhook(request, env, ctx, status);
  if (path === "/messages") return agentRoute(request, env, ["POST"], () => sendMessage(request, env));
  if (path === "/templates") return agentRoute(request, env, ["GET"], async () => json(200, await templates.list(env)));
  if (path === "/templates/refresh") {
    return agentRoute(request, env, ["POST"], async () => json(200, await templates.refresh(env, guard.loadConfig(env), now(request, env))));
  }
  const m = /^\/conversations\/([^/]+)\/([^/]+)\/window$/.exec(path);
  if (m) return agentRoute(request, env, ["GET"], () => windowRoute(request, env, m[1], m[2]));
  return jsonError(404, "NOT_FOUND", "no such route");
}

// ---------------------------------------------------------------------------------------------
// Twilio webhooks

/** Common part of both webhooks: method, content type, bounded body, config, signature. */
async function webhook(request, env, ctx, handler) {
  if (request.method !== "POST") {
    return jsonError(405, "METHOD_NOT_ALLOWED", "use POST", {}, { allow: "POST" });
  }
  const type = mediaType(request, WEBHOOK_TYPES);
  const body = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
  const config = guard.loadConfig(env);
  const authTokens = guard.authTokens(env, config);
  const url = publicUrl(request, config);
  const signature = request.headers.get("x-twilio-signature") ?? "";
  let verdict;
  try {
    verdict = guard.verify({ authTokens, signature, url, body, contentType: type });
  } catch (e) {
    // The request could not be checked at all (a broken form encoding, an over-long URL, ...).
    throw new HttpError(400, "MALFORMED_REQUEST", "the request is not a well-formed webhook");
  }
  if (!verdict.valid) return forbidden();
  const params = bodyParams(type, body);
  return handler({ request, env, ctx, config, params, url, at: now(request, env) });
}

/**
 * The URL Twilio signed. Behind proxies and tunnels the Host header and scheme the worker sees are
 * not the public ones, so a configured public base wins: `PUBLIC_BASE_URL` (binding, merged into
 * the config by guard.loadConfig), else the config's `callbackBaseUrl`, else the request URL as
 * received. The path and query string are always the ones received, byte for byte.
 */
function publicUrl(request, config) {
  const received = new URL(request.url);
  const base = config.callbackBaseUrl; // PUBLIC_BASE_URL when set (see guard.loadConfig)
  if (!base) return request.url;
  const tail = request.url.slice(received.origin.length); // path + query exactly as received
  return String(base).replace(/\/+$/, "") + tail;
}

/** The body as `[name, value]` pairs: form fields, or a JSON object's string values. */
function bodyParams(type, body) {
  if (type === FORM) {
    try {
      return guard.wa.decodeForm(body);
    } catch (e) {
      throw new HttpError(400, "MALFORMED_BODY", `malformed form body: ${e.code ?? "invalid"}`);
    }
  }
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HttpError(400, "MALFORMED_BODY", "malformed JSON body");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "MALFORMED_BODY", "the JSON body must be an object of webhook parameters");
  }
  const pairs = [];
  for (const [k, v] of Object.entries(value)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") {
        throw new HttpError(400, "MALFORMED_BODY", `parameter ${k} must be a string`);
      }
      pairs.push([k, String(item)]);
    }
  }
  return pairs;
}

function conversationStub(env, business, customer) {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(`${business}|${customer}`));
}

/** POST /twilio/inbound: a verified customer message. */
async function inbound({ request, env, ctx, config, params, at }) {
  const msg = guard.inbound(params, config); // throws HttpError 400/403/404
  const stub = conversationStub(env, msg.business, msg.customer);
  const keys = [`sid:${msg.messageSid}`];
  const idem = request.headers.get("i-twilio-idempotency-token");
  if (idem) keys.push(`idem:${idem.slice(0, 200)}`);
  const event = { direction: "inbound", at, kind: "message", ...(msg.referral ? { referral: msg.referral } : {}) };

  // A refused customer attachment gets the workstream's automated reply (TwiML); the rest of the
  // message (its text) still goes to the agent, without the media.
  const body = twiml(msg.autoReply ?? null);
  const first = await stub.recordInbound(keys, event, body);
  if (first.duplicate) {
    return twimlResponse(first.response ?? twiml(), 200, { "x-wa-guard-duplicate": "1" });
  }
  if (env.UPSTREAM_URL) {
    const ok = await forward(env, { type: "inbound", receivedAt: new Date(at).toISOString(), ...msg.forward });
    if (!ok) {
      await stub.forgetDelivery(keys, event);
      return jsonError(502, "UPSTREAM_FAILED", "the upstream did not accept the message; retry later");
    }
  }
  return twimlResponse(body);
}

/** Sends a verified message to `UPSTREAM_URL` as JSON. → whether it answered 2xx. */
async function forward(env, payload) {
  const headers = { "content-type": JSON_TYPE };
  if (env.UPSTREAM_TOKEN) headers.authorization = `Bearer ${env.UPSTREAM_TOKEN}`;
  try {
    const res = await fetch(env.UPSTREAM_URL, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok;
  } catch (e) {
    console.error("wa-guard worker: upstream unreachable", e && e.message);
    return false;
  }
}

/** POST /twilio/status: a verified status callback, recorded on its conversation. */
async function status({ env, config, params, at }) {
  const st = guard.statusCallback(params, config); // throws HttpError 400/403
  const stub = conversationStub(env, st.business, st.customer);
  await stub.recordStatus(st.messageSid, { status: st.status, errorCode: st.errorCode, at });
  return new Response(null, { status: 204 });
}

// ---------------------------------------------------------------------------------------------
// Agent routes

/** Method check, CORS, preflight and (when `AGENT_API_TOKEN` is set) bearer auth for agent routes. */
async function agentRoute(request, env, methods, handler) {
  if (request.method === "OPTIONS") return preflight(request, env, methods);
  const cors = corsHeaders(request, env);
  try {
    if (!methods.includes(request.method)) {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `use ${methods.join(", ")}`, { allow: methods.join(", ") });
    }
    authorizeAgent(request, env, methods.includes("POST"));
    const res = await handler();
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  } catch (e) {
    if (e instanceof HttpError) e.cors = cors;
    throw e;
  }
}

/**
 * `Authorization: Bearer <AGENT_API_TOKEN>`. Sending (`POST /messages`) is refused outright when no
 * token is configured; reading window state is open when none is configured.
 */
function authorizeAgent(request, env, sends) {
  const token = env.AGENT_API_TOKEN;
  if (!token) {
    if (sends) throw new HttpError(503, "AGENT_API_DISABLED", "set the AGENT_API_TOKEN secret to enable sending");
    return;
  }
  const got = request.headers.get("authorization") ?? "";
  if (!got.startsWith("Bearer ") || !safeEqual(got.slice(7), token)) {
    throw new HttpError(401, "UNAUTHORIZED", "agent token required", { "www-authenticate": "Bearer" });
  }
}

/** A path segment naming a conversation party → E.164, via wa-guard's parser. */
function party(segment, what) {
  let text;
  try {
    text = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "INVALID_NUMBER", `${what}: not a valid path segment`);
  }
  if (text.length > MAX_SEGMENT_CHARS) throw new HttpError(400, "INVALID_NUMBER", `${what}: too long`);
  return guard.e164(text, what);
}

/** GET /conversations/{business}/{customer}/window */
async function windowRoute(request, env, businessSeg, customerSeg) {
  const config = guard.loadConfig(env);
  const business = party(businessSeg, "business");
  const customer = party(customerSeg, "customer");
  const workstream = guard.workstreamFor(config, business); // 404 when not a configured number
  const snap = await conversationStub(env, business, customer).snapshot();
  const state = guard.conversation({ events: snap.events, now: now(request, env), workstream });
  return json(200, { business, customer, workstream: workstream.id, ...state, statuses: snap.statuses });
}

/** POST /messages: `{ to, from? | workstream?, body?, mediaUrl?, template? }` → Twilio Messages API. */
async function sendMessage(request, env) {
  const config = guard.loadConfig(env);
  mediaType(request, [JSON_TYPE]);
  const text = await readBody(request, MAX_AGENT_BODY_BYTES);
  let req;
  try {
    req = JSON.parse(text);
  } catch {
    throw new HttpError(400, "MALFORMED_BODY", "malformed JSON body");
  }
  if (req === null || typeof req !== "object" || Array.isArray(req)) {
    throw new HttpError(400, "MALFORMED_BODY", "the body must be a JSON object");
  }
  const at = now(request, env);
  const target = guard.sendTarget(req, config); // { business, customer, workstream }
  const stub = conversationStub(env, target.business, target.customer);
  const snap = await stub.snapshot();
  const content = await templates.find(env, req); // a stored Content template: the approval chart applies
  const composed = content
    ? templates.compose({ req, config, target, events: snap.events, now: at, template: content })
    : guard.compose({ req, config, target, events: snap.events, now: at });
  if (!composed.ok) {
    const code = composed.problems.some((p) => p.code === "WINDOW_CLOSED") ? "WINDOW_CLOSED" : composed.code;
    return jsonError(422, code, composed.message, { problems: composed.problems });
  }
  const params = { ...composed.params };
  if (guard.wantsStatusCallbacks(config, target.business)) params.StatusCallback = statusUrl(request, config);
  const sent = await twilioSend(env, config, params);
  if (!sent.ok) return jsonError(502, "TWILIO_REJECTED", "Twilio refused the message", { twilio: sent.error });
  await stub.recordOutbound({ direction: "outbound", at, kind: composed.kind }, sent.message.sid);
  return json(201, { sid: sent.message.sid, status: sent.message.status, params });
}

/** The public status-callback URL (same base rules as the webhook URL). */
function statusUrl(request, config) {
  const base = config.callbackBaseUrl || new URL(request.url).origin;
  return `${String(base).replace(/\/+$/, "")}/twilio/status`;
}

/**
 * POST {TWILIO_API_BASE}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic
 * auth AccountSid:AuthToken (the primary token). → `{ ok, message }` or `{ ok: false, error }`.
 */
async function twilioSend(env, config, params) {
  const sid = config.account.accountSid;
  const token = guard.authTokens(env, config)[0];
  const base = String(env.TWILIO_API_BASE || "https://api.twilio.com").replace(/\/+$/, "");
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
  }
  let res;
  try {
    res = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${sid}:${token}`)}`,
        "content-type": FORM,
        accept: JSON_TYPE,
      },
      body: form.toString(),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (e) {
    return { ok: false, error: { status: 0, message: `Twilio API unreachable: ${e && e.message}` } };
  }
  let payload = null;
  try {
    payload = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok || !payload || typeof payload.sid !== "string") {
    return {
      ok: false,
      error: { status: res.status, code: payload?.code ?? null, message: payload?.message ?? "unexpected response" },
    };
  }
  return { ok: true, message: payload };
}
