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
// Agent authentication and authorization: ./auth.js; rate limits: ./ratelimit.js; the (test) clock:
// ./clock.js; Twilio REST credentials and base URL: ./twilio-api.js.
import { env as startupEnv } from "cloudflare:workers";
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
  preflight,
  readBody,
  twiml,
  twimlResponse,
} from "./http.js";
import * as guard from "./guard.js";
import { authenticate, requireWorkstream } from "./auth.js";
import { agentNow, assertStartup, startupProblem, storable } from "./clock.js";
import { checkSend } from "./ratelimit.js";
import * as twilioApi from "./twilio-api.js";
import * as templates from "./templates.js";

export { Conversation } from "./conversation.js";
export { RateLimiter } from "./ratelimit.js";
export { TemplateStore } from "./templates.js";

// Refuse to start (the module fails to load, so does `wrangler deploy`) when the configuration is
// unsafe to run at all: a test clock on a worker whose public URL is not loopback.
{
  const problem = startupProblem(startupEnv);
  if (problem) throw new Error(`wa-guard worker refuses to start: ${problem}`);
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
/** Twilio's messaging webhooks are always form-encoded: nothing else is accepted (415). */
const WEBHOOK_TYPES = [FORM];
/** Time allowed to the upstream (ms; the Twilio API has its own in ./twilio-api.js). */
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
      const extra = { ...(e.extra ?? {}), ...(e.problems ? { problems: e.problems } : {}) };
      return jsonError(e.status, e.code, e.message, extra, { ...e.headers, ...(e.cors ?? {}) });
    }
    console.error("wa-guard worker: unexpected error", e && e.stack ? e.stack : e);
    return jsonError(500, "INTERNAL", "internal error");
  }
}

async function route(request, env, ctx) {
  assertStartup(env);
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === "/twilio/inbound") return webhook(request, env, ctx, inbound);
  if (path === "/twilio/status") return webhook(request, env, ctx, status);
  if (path === "/messages") return agentRoute(request, env, ["POST"], (agent) => sendMessage(request, env, agent));
  if (path === "/templates") return agentRoute(request, env, ["GET"], async () => json(200, await templates.list(env)));
  if (path === "/templates/refresh") {
    return agentRoute(request, env, ["POST"], async () => json(200, await templates.refresh(env, guard.loadConfig(env), agentNow(request, env))));
  }
  const m = /^\/conversations\/([^/]+)\/([^/]+)\/window$/.exec(path);
  if (m) return agentRoute(request, env, ["GET"], (agent) => windowRoute(request, env, m[1], m[2], agent));
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
  const secrets = guard.webhookSecrets(env, config);
  const url = publicUrl(request, config);
  const signature = request.headers.get("x-twilio-signature") ?? "";
  const signatureSettings = request.headers.get("x-twilio-webhooks-signature-settings");
  let verdict;
  try {
    verdict = guard.verify({ secrets, signature, signatureSettings, url, body, contentType: type });
  } catch (e) {
    // A broken secret (an empty or duplicate shared key) is the worker's configuration, not the request's.
    if (["SHARED_KEY_MISSING", "AUTH_TOKEN_MISSING"].includes(e.code) || /^(authTokens|sharedKeys)/.test(e.path ?? "")) {
      console.error(`wa-guard worker: webhook secrets invalid: ${e.code} at ${e.path}`);
      throw new HttpError(500, "CONFIG_INVALID", "the worker's webhook secrets are invalid (see the logs)");
    }
    // The request could not be checked at all (a broken form encoding, an over-long URL, ...).
    throw new HttpError(400, "MALFORMED_REQUEST", "the request is not a well-formed webhook");
  }
  if (!verdict.valid) return forbidden();
  const params = bodyParams(type, body);
  // Webhooks always run on the real clock (X-Test-Now is never honoured here).
  return handler({ request, env, ctx, config, params, url, at: Date.now() });
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

/** The form body as `[name, value]` pairs. */
function bodyParams(type, body) {
  try {
    return guard.wa.decodeForm(body);
  } catch (e) {
    throw new HttpError(400, "MALFORMED_BODY", `malformed form body: ${e.code ?? "invalid"}`);
  }
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

/**
 * Method check, CORS, preflight and authentication (./auth.js: fails closed) for agent routes;
 * `handler(agent)`. Every answer carries `Cache-Control: no-store`.
 */
async function agentRoute(request, env, methods, handler) {
  if (request.method === "OPTIONS") return preflight(request, env, methods);
  const cors = { ...corsHeaders(request, env), "cache-control": "no-store" };
  try {
    if (!methods.includes(request.method)) {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `use ${methods.join(", ")}`, { allow: methods.join(", ") });
    }
    const agent = await authenticate(request, env, { write: methods.includes("POST") });
    const res = await handler(agent);
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  } catch (e) {
    if (e instanceof HttpError) e.cors = cors;
    throw e;
  }
}

/** A path segment naming a conversation party → E.164 (or `read`'s result), via wa-guard's parser. */
function party(segment, what, read = guard.e164) {
  let text;
  try {
    text = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "INVALID_NUMBER", `${what}: not a valid path segment`);
  }
  if (text.length > MAX_SEGMENT_CHARS) throw new HttpError(400, "INVALID_NUMBER", `${what}: too long`);
  return read(text, what);
}

/** GET /conversations/{business}/{customer}/window */
async function windowRoute(request, env, businessSeg, customerSeg, agent) {
  const config = guard.loadConfig(env);
  const business = party(businessSeg, "business");
  const customer = party(customerSeg, "customer", guard.customerOf).key;
  const workstream = guard.workstreamFor(config, business); // 404 when not a configured number
  requireWorkstream(agent, workstream.id); // 403 for another workstream's conversations
  const snap = await conversationStub(env, business, customer).snapshot();
  const at = agentNow(request, env);
  const state = guard.conversation({ events: snap.events, now: at, workstream, customerNumber: customer });
  const sandbox = guard.sandboxFor(config, business, snap.events, snap.statuses, at);
  return json(200, { business, customer, workstream: workstream.id, ...state, statuses: snap.statuses, ...(sandbox ? { sandbox } : {}) });
}

/** POST /messages: `{ to, from? | workstream?, body?, mediaUrl?, template? }` → Twilio Messages API. */
async function sendMessage(request, env, agent) {
  const config = guard.loadConfig(env);
  const api = twilioApi.restSettings(env, config, () => guard.authTokens(env, config)); // config error before any fetch
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
  const at = agentNow(request, env);
  const target = guard.sendTarget(req, config); // { business, customer, workstream }
  requireWorkstream(agent, target.workstream.id); // 403 for another workstream
  const stub = conversationStub(env, target.business, target.customer);
  const snap = await stub.snapshot();
  const content = await templates.find(env, req); // a stored Content template: the approval chart applies
  const composed = content
    ? templates.compose({ req, config, target, events: snap.events, statuses: snap.statuses, now: at, template: content })
    : guard.compose({ req, config, target, events: snap.events, statuses: snap.statuses, now: at });
  if (!composed.ok) {
    const code = composed.problems.some((p) => p.code === "WINDOW_CLOSED") ? "WINDOW_CLOSED" : composed.code;
    return jsonError(422, code, composed.message, { problems: composed.problems });
  }
  await checkSend(env, agent, target.customer); // 429 + Retry-After (sends bound for Twilio count)
  const params = { ...composed.params };
  if (guard.wantsStatusCallbacks(config, target.business)) params.StatusCallback = statusUrl(request, config);
  const sent = await twilioApi.sendMessage(api, params);
  audit(agent, target, composed.kind, sent);
  if (!sent.ok) return jsonError(502, "TWILIO_REJECTED", "Twilio refused the message", { twilio: sent.error });
  await stub.recordOutbound({ direction: "outbound", at: storable(at), kind: composed.kind }, sent.message.sid);
  return json(201, { sid: sent.message.sid, status: sent.message.status, params });
}

/** The public status-callback URL (same base rules as the webhook URL). */
function statusUrl(request, config) {
  const base = config.callbackBaseUrl || new URL(request.url).origin;
  return `${String(base).replace(/\/+$/, "")}/twilio/status`;
}

/**
 * The audit line of one send that reached Twilio: who (agent identity), for which workstream, the
 * MessageSid (or Twilio's refusal). Never the body, the recipient's text or any secret.
 */
function audit(agent, target, kind, sent) {
  console.log(
    JSON.stringify({
      event: "wa-guard.send",
      agent: agent.id,
      via: agent.via,
      workstream: target.workstream.id,
      kind,
      outcome: sent.ok ? "sent" : "rejected",
      messageSid: sent.ok ? sent.message.sid : null,
      ...(sent.ok ? {} : { twilioStatus: sent.error.status, twilioCode: sent.error.code }),
    }),
  );
}
