// wa-guard edge worker (Cloudflare Workers / workerd module worker).
//
// Routes:
//   POST /twilio/inbound                              Twilio "a message comes in" webhook
//   POST /twilio/status                               Twilio status callbacks
//   GET  /conversations/{business}/{customer}/window  window state for agent UIs (CORS: ALLOWED_ORIGINS)
//   POST /messages                                    an agent's send → Twilio Messages API
//                                                     (idempotent by Idempotency-Key: ./sends.js)
//   GET  /deliveries                                  delivery counts (operator: an agent allowed every workstream)
//   GET  /deliveries/dead                             dead letters, metadata only (operator)
//   POST /deliveries/dead/{id}/replay                 replays a dead letter (operator)
//   queue()                                           delivery consumer (./delivery.js)
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
import * as delivery from "./delivery.js";
import * as sends from "./sends.js";
import * as deadLetters from "./dead-letters.js";

export { Conversation } from "./conversation.js";
export { RateLimiter } from "./ratelimit.js";
export { DeliveryOps } from "./ops.js";
export { TemplateStore } from "./templates.js";

// Refuse to start (the module fails to load, so does `wrangler deploy`) when the configuration is
// unsafe to run at all: a test clock or fault injection on a worker whose public URL is not loopback.
{
  const problem = startupProblem(startupEnv);
  if (problem) throw new Error(`wa-guard worker refuses to start: ${problem}`);
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
/** Twilio's messaging webhooks are always form-encoded: nothing else is accepted (415). */
const WEBHOOK_TYPES = [FORM];

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
  /** The delivery queue and its dead-letter queue (./delivery.js). */
  async queue(batch, env, ctx) {
    await delivery.consume(batch, env, ctx);
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
  if (path === "/messages") return agentRoute(request, env, ["POST"], (agent) => sendMessage(request, env, ctx, agent));
  if (path === "/deliveries" || path.startsWith("/deliveries/")) {
    const r = deadLetters.match(path);
    if (r) {
      return agentRoute(
        request,
        env,
        [r.method],
        (agent) => r.handle({ request, env, ctx, agent, acceptInbound: acceptVerifiedInbound, acceptStatus: acceptVerifiedStatus }),
        { requireToken: true },
      );
    }
  }
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
  const url = guard.signedUrl(request, config);
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
  // From here the request is Twilio's: a refusal by a later check is kept as a dead letter (Twilio
  // never retries a 4xx), so an operator can fix the configuration and replay it.
  try {
    const params = bodyParams(type, body);
    // Webhooks always run on the real clock (X-Test-Now is never honoured here).
    return await handler({ request, env, ctx, config, params, url, at: Date.now() });
  } catch (e) {
    if (e instanceof HttpError && e.status >= 400 && e.status < 500) {
      await deadLetters.keepRefused(env, { route: new URL(request.url).pathname, query: new URL(request.url).search, type, body, code: e.code, status: e.status });
    }
    throw e;
  }
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
async function inbound({ env, ctx, config, params, at }) {
  const msg = guard.inbound(params, config); // throws HttpError 400/403/404
  const r = await acceptVerifiedInbound(env, ctx, msg, at);
  if (r.duplicate) {
    return twimlResponse(r.response ?? twiml(), 200, { "x-wa-guard-duplicate": "1" });
  }
  return twimlResponse(r.response);
}

/**
 * Records a verified inbound message in its conversation's Durable Object, which puts its delivery
 * on the queue (./delivery.js); resolves only once both are durable. Throws 503 otherwise, so that
 * Twilio retries: never a 200 without a durable record. The I-Twilio-Idempotency-Token header is
 * unsigned: MessageSid alone identifies a delivery.
 */
async function acceptVerifiedInbound(env, ctx, msg, at) {
  const stub = conversationStub(env, msg.business, msg.customer);
  const event = { direction: "inbound", at, kind: "message", ...(msg.referral ? { referral: msg.referral } : {}) };
  // A refused customer attachment gets the workstream's automated reply (TwiML); the rest of the
  // message (its text) still goes to the agent, without the media.
  const response = twiml(msg.autoReply ?? null);
  const message = delivery.deliveryMessage(env, {
    id: msg.messageSid,
    type: "inbound",
    conversation: `${msg.business}|${msg.customer}`,
    payload: { receivedAt: new Date(at).toISOString(), ...msg.forward },
  });
  await deliverable(env, message);
  const r = await recording(() => stub.acceptInbound({ id: msg.messageSid, event, response, delivery: message }), msg.messageSid);
  return { ...r, response: r.duplicate ? r.response : response };
}

/** A delivery too large for a queue message cannot be queued: refuse it (5xx) and say so. */
async function deliverable(env, message) {
  if (!message) return;
  if (!env.DELIVERIES || !env.DELIVERY_OPS) {
    delivery.log("error", "config.missing_binding", { need: "DELIVERIES queue and DELIVERY_OPS Durable Object" });
    throw new HttpError(500, "CONFIG_INVALID", "UPSTREAM_URL is set but the DELIVERIES queue binding is missing (see the logs)");
  }
  if (delivery.utf8Length(message.body) > delivery.MAX_DELIVERY_BYTES) {
    delivery.log("error", "delivery.too_large", { id: message.id });
    throw new HttpError(500, "DELIVERY_TOO_LARGE", "the message is too large to queue");
  }
}

/** Runs a Durable Object recording step; its failure is a 503 (Twilio retries), never a 200. */
async function recording(step, id) {
  try {
    return await step();
  } catch (e) {
    delivery.log("error", "record.failed", { id, error: delivery.errorName(e) });
    throw new HttpError(503, "RECORD_FAILED", "the message could not be recorded durably; retry", { "retry-after": "1" });
  }
}

/** POST /twilio/status: a verified status callback, recorded (de-duplicated, ordered) and forwarded. */
async function status({ request, env, ctx, config, params, at }) {
  const st = guard.statusCallback(params, config); // throws HttpError 400/403
  const sendKey = new URL(request.url).searchParams.get("send"); // signed with the URL: authentic
  const r = await acceptVerifiedStatus(env, ctx, st, at, sendKey);
  return new Response(null, { status: 204, headers: r.duplicate ? { "x-wa-guard-duplicate": "1" } : {} });
}

async function acceptVerifiedStatus(env, ctx, st, at, sendKey) {
  const stub = conversationStub(env, st.business, st.customer);
  const id = `${st.messageSid}.${st.status}`;
  const message = delivery.deliveryMessage(env, {
    id,
    type: "status",
    conversation: `${st.business}|${st.customer}`,
    payload: { receivedAt: new Date(at).toISOString(), messageSid: st.messageSid, status: st.status, errorCode: st.errorCode, business: st.business, customer: st.customer },
  });
  await deliverable(env, message);
  const r = await recording(
    () => stub.acceptStatus({ id, sid: st.messageSid, status: { status: st.status, errorCode: st.errorCode, at }, delivery: message, sendKey: sendKey || undefined }),
    id,
  );
  return r;
}

// ---------------------------------------------------------------------------------------------
// Agent routes

/**
 * Method check, CORS, preflight and authentication (./auth.js: fails closed) for agent routes;
 * `handler(agent)`. Every answer carries `Cache-Control: no-store`. `requireToken` (the operator
 * routes): never anonymous, even with ALLOW_ANONYMOUS_READS, and only for an agent allowed every
 * workstream ("*"), since deliveries and dead letters span all of them.
 */
async function agentRoute(request, env, methods, handler, { requireToken = false } = {}) {
  if (request.method === "OPTIONS") return preflight(request, env, methods);
  const cors = { ...corsHeaders(request, env), "cache-control": "no-store" };
  try {
    if (!methods.includes(request.method)) {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `use ${methods.join(", ")}`, { allow: methods.join(", ") });
    }
    const agent = await authenticate(request, env, { write: requireToken || methods.includes("POST") });
    if (requireToken) requireWorkstream(agent, "*");
    const res = await handler(agent);
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  } catch (e) {
    if (e instanceof HttpError) e.cors = cors;
    throw e;
  }
}

/** A path segment naming a conversation party, decoded (wa-guard reads it: `guard.sendTarget`). */
function party(segment, what) {
  let text;
  try {
    text = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "INVALID_NUMBER", `${what}: not a valid path segment`);
  }
  if (text.length > MAX_SEGMENT_CHARS) throw new HttpError(400, "INVALID_NUMBER", `${what}: too long`);
  return text;
}

/** GET /conversations/{business}/{customer}/window */
async function windowRoute(request, env, businessSeg, customerSeg, agent) {
  const config = guard.loadConfig(env);
  // 400 for a malformed party, 404 when the business number is not configured (wa-guard's codes).
  const target = guard.sendTarget({ from: party(businessSeg, "business"), to: party(customerSeg, "customer") }, config);
  const { business, customer, workstream } = target;
  requireWorkstream(agent, workstream.id); // 403 for another workstream's conversations
  const snap = await conversationStub(env, business, customer).snapshot();
  const at = agentNow(request, env);
  const state = guard.conversation({ events: snap.events, now: at, workstream, customerNumber: customer });
  const sandbox = guard.sandboxFor(target, snap.events, snap.statuses, at);
  return json(200, { business, customer, workstream: workstream.id, ...state, statuses: snap.statuses, ...(sandbox ? { sandbox } : {}) });
}

/** POST /messages: `{ to, from? | workstream?, body?, mediaUrl?, template? }` → Twilio Messages API. */
async function sendMessage(request, env, ctx, agent) {
  const config = guard.loadConfig(env);
  const api = twilioApi.restSettings(env, config, () => guard.authTokens(env, config)); // config error before any fetch
  mediaType(request, [JSON_TYPE]);
  const { key } = sends.idempotencyKey(request);
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
  // A retry with a known Idempotency-Key gets the stored outcome, never a second send.
  const fp = await sends.fingerprint(req);
  const timeoutMs = sends.twilioTimeoutMs(env); // TWILIO_TIMEOUT_MS
  // Reconciliation reads Twilio's message list with the same pinned credentials and API base.
  const twilioList = (q) => twilioApi.listMessages(api, q, { timeoutMs });
  const replayed = await sends.replay({ stub, key, fp, twilioList });
  if (replayed) return replayed;
  const snap = await stub.snapshot();
  const content = await templates.find(env, req); // a stored Content template: the approval chart applies
  // The send's own status callback carries its key: it reconciles an unknown outcome. wa-guard adds it
  // when the number's settings ask for status callbacks.
  const statusCallback = guard.statusCallbackUrl(request, config, key);
  const composed = guard.compose({ req, config, target, events: snap.events, statuses: snap.statuses, now: at, statusCallback, template: content });
  if (!composed.ok) {
    const code = composed.problems.some((p) => p.code === "WINDOW_CLOSED") ? "WINDOW_CLOSED" : composed.code;
    return jsonError(422, code, composed.message, { problems: composed.problems });
  }
  const params = { ...composed.params };
  return sends.sendOnce({
    stub,
    key,
    fp,
    at: storable(at),
    composed,
    params,
    twilioSend: async (p) => {
      const sent = await twilioApi.sendMessage(api, p, { timeoutMs });
      audit(agent, target, composed.kind, sent, key);
      return sent;
    },
    waitUntil: (p) => ctx.waitUntil(p),
    // 429 + Retry-After; only the request that calls Twilio counts (not a replayed or concurrent retry).
    admit: () => checkSend(env, agent, target.customer),
  });
}

/**
 * The audit line of one send that reached Twilio: who (agent identity), for which workstream, the
 * MessageSid (or Twilio's refusal). Never the body, the recipient's text or any secret.
 */
function audit(agent, target, kind, sent, idempotencyKey) {
  const unknown = !sent.ok && (sent.error.status === 0 || sent.error.status >= 500);
  console.log(
    JSON.stringify({
      event: "wa-guard.send",
      agent: agent.id,
      via: agent.via,
      workstream: target.workstream.id,
      kind,
      outcome: sent.ok ? "sent" : unknown ? "unknown" : "rejected",
      messageSid: sent.ok ? sent.message.sid : null,
      idempotencyKey,
      ...(sent.ok ? {} : { twilioStatus: sent.error.status, twilioCode: sent.error.code }),
    }),
  );
}
