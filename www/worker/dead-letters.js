// Operator routes over deliveries (an authenticated agent allowed every workstream: see index.js agentRoute) and the store of refused webhooks.
//   GET  /deliveries                       counts: queued, delivered, retried, dead, refused, replayed
//   GET  /deliveries/dead?limit=&cursor=   dead letters, oldest first, metadata only (no bodies)
//   POST /deliveries/dead/{id}/replay      "undelivered": re-queued as it was (same id, same body);
//                                          "refused": checked again with today's configuration and,
//                                          if it passes now, recorded and queued like a new webhook
import { HttpError, json, jsonError } from "./http.js";
import * as guard from "./guard.js";
import { errorName, log, opsStub } from "./delivery.js";

/** `{ method, handle }` for a /deliveries path, or null. */
export function match(path) {
  if (path === "/deliveries") return { method: "GET", handle: stats };
  if (path === "/deliveries/dead") return { method: "GET", handle: list };
  const m = /^\/deliveries\/dead\/([^/]{1,300})\/replay$/.exec(path);
  if (m) {
    let id;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      id = m[1];
    }
    return { method: "POST", handle: (o) => replay({ ...o, id }) };
  }
  return null;
}

async function stats({ env }) {
  requireOps(env);
  return json(200, await opsStub(env).stats());
}

async function list({ request, env }) {
  requireOps(env);
  const q = new URL(request.url).searchParams;
  const kind = q.get("kind") ?? undefined;
  if (kind !== undefined && kind !== "undelivered" && kind !== "refused") throw new HttpError(400, "INVALID_KIND", "kind: undelivered or refused");
  return json(200, await opsStub(env).listDead({ limit: q.get("limit") ?? 100, cursor: q.get("cursor") ?? undefined, kind }));
}

async function replay({ env, ctx, id, agent, acceptInbound, acceptStatus }) {
  requireOps(env);
  const ops = opsStub(env);
  const dead = await ops.getDead(id);
  if (!dead) return jsonError(404, "NOT_FOUND", "no such dead letter");
  if (dead.kind === "undelivered") {
    if (!env.DELIVERIES) throw new HttpError(500, "CONFIG_INVALID", "the DELIVERIES queue binding is missing");
    await env.DELIVERIES.send(dead.message, { contentType: "json" });
    await ops.removeDead(id);
    log("info", "dead_letter.replayed", { id, kind: dead.kind, by: agent?.id ?? null });
    return json(202, { id, kind: dead.kind, replayed: true });
  }
  // A refused webhook: run today's checks on its parameters.
  const config = guard.loadConfig(env);
  const params = guard.wa.decodeForm(dead.params ?? "");
  const at = Date.now(); // a webhook: the real clock, never the test clock
  let r;
  try {
    if (dead.route === "/twilio/status") {
      const st = guard.statusCallback(params, config);
      r = await acceptStatus(env, ctx, st, at, new URLSearchParams(dead.query ?? "").get("send") || undefined);
    } else {
      const msg = guard.inbound(params, config);
      r = await acceptInbound(env, ctx, msg, at);
    }
  } catch (e) {
    if (e instanceof HttpError && e.status < 500) {
      return jsonError(409, "STILL_REFUSED", "the webhook is still refused by the current configuration", { refusal: e.code });
    }
    throw e;
  }
  await ops.removeDead(id);
  log("info", "dead_letter.replayed", { id, kind: dead.kind, by: agent?.id ?? null });
  return json(202, { id, kind: dead.kind, replayed: true, duplicate: Boolean(r.duplicate) });
}

function requireOps(env) {
  if (!env.DELIVERY_OPS) throw new HttpError(500, "CONFIG_INVALID", "the DELIVERY_OPS Durable Object binding is missing");
}

/**
 * Keeps a verified webhook that a later check refused (4xx). Its parameters are stored as a form
 * (JSON webhooks are converted), keyed by a hash of the body so a repeat is one entry. A failure to
 * store it answers 503: Twilio retries a 5xx, and the refusal is kept on the retry.
 */
export async function keepRefused(env, { route, query, type, body, code, status }) {
  if (!env.DELIVERY_OPS) return;
  let params = body;
  if (type !== "application/x-www-form-urlencoded") {
    try {
      const o = JSON.parse(body);
      params = new URLSearchParams(Object.entries(o ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, String(x)]))).toString();
    } catch {
      params = "";
    }
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${route}\n${body}`));
  const id = `refused-${[...new Uint8Array(digest)].slice(0, 16).map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const sidMatch = /(?:^|&)MessageSid=([^&]{1,64})/.exec(params);
  try {
    await opsStub(env).addDead([{ kind: "refused", id, type: route === "/twilio/status" ? "status" : "inbound", reason: code, status, route, query: query || "", params, messageSid: sidMatch ? decodeURIComponent(sidMatch[1]) : null }]);
  } catch (e) {
    log("error", "dead_letter.store_failed", { id, error: errorName(e) });
    throw new HttpError(503, "RECORD_FAILED", "the refused webhook could not be kept; retry", { "retry-after": "1" });
  }
  log("warn", "webhook.refused", { id, route, reason: code, status });
}
