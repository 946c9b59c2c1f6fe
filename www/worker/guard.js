// The one place where the worker calls the wa-guard package. Every WhatsApp/Twilio rule (signature,
// inbound validation, window, outbound composition, config validation) is a wa-guard function; this
// module only adapts shapes and maps wa-guard error codes to HTTP statuses.
//
// The import below is relative to the repository: `pkg-scripts/build` writes `pkg/workerd/index.js`,
// which imports the web build's `.wasm` as a compiled module and instantiates it synchronously.
// Miniflare loads it with modulesRules ESModule + CompiledWasm; `wrangler deploy` bundles it the same
// way (its default rules treat `*.wasm` as CompiledWasm). An app that installed the package from npm
// would write `import * as wa from "wa-guard"` instead (the `workerd` export condition).
import * as wa from "../../pkg/workerd/index.js";
import { HttpError } from "./http.js";

export { wa };

let cached = { key: undefined, result: undefined };

/**
 * The channel configuration from the `WA_GUARD_CONFIG` binding (a JSON string or object), parsed
 * and validated with wa-guard's `validateConfig` once per isolate (and again only if the binding
 * changes). `PUBLIC_BASE_URL`, when set, is validated as the config's `callbackBaseUrl` (the URL
 * Twilio calls), which it overrides. A missing or broken config throws `CONFIG_INVALID` on every
 * request until fixed, and the problems are logged (never the auth tokens: wa-guard redacts them).
 */
export function loadConfig(env) {
  const raw = env.WA_GUARD_CONFIG;
  const base = env.PUBLIC_BASE_URL || undefined;
  if (cached.result && cached.key.raw === raw && cached.key.base === base) {
    if (cached.result.error) throw cached.result.error;
    return cached.result.config;
  }
  let result;
  try {
    result = { config: parseAndValidate(raw, base) };
  } catch (e) {
    console.error(`wa-guard worker: the configuration is invalid: ${e.message}`);
    result = { error: new HttpError(500, "CONFIG_INVALID", "the worker's channel configuration is invalid (see the logs)") };
  }
  cached = { key: { raw, base }, result };
  if (result.error) throw result.error;
  return result.config;
}

function parseAndValidate(raw, base) {
  if (raw === undefined || raw === null || raw === "") throw new Error("WA_GUARD_CONFIG is not set");
  let config = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (base !== undefined) config = { ...config, callbackBaseUrl: base };
  // validateConfig → { valid, problems } (throws CONFIG_SHAPE_INVALID when not config-shaped).
  const { problems } = wa.validateConfig(config);
  if (problems.length > 0) {
    const where = (p) => (p.path === "callbackBaseUrl" && base !== undefined ? "PUBLIC_BASE_URL" : p.path ?? "(root)");
    throw new Error(problems.map((p) => `${where(p)}: ${p.code} ${p.message}`).join("; "));
  }
  return config;
}

/**
 * The URL Twilio signed for this webhook (wa-guard's `signedUrl`): behind a proxy or tunnel the
 * configured public base (`PUBLIC_BASE_URL`, else the config's `callbackBaseUrl`) replaces the
 * origin the worker sees; the path and query stay as received, byte for byte.
 */
export function signedUrl(request, config) {
  return wa.signedUrl(request.url, config.callbackBaseUrl);
}

/** An agent send's status-callback URL carrying its idempotency key (wa-guard's `statusCallbackUrl`). */
export function statusCallbackUrl(request, config, sendKey) {
  return wa.statusCallbackUrl(request.url, config.callbackBaseUrl, sendKey);
}

/**
 * Verifies X-Twilio-Signature over the raw body: with the auth tokens when there is no
 * X-Twilio-Webhooks-Signature-Settings header, else with the SharedKey and algorithm it names.
 * → `{ valid, algorithm, keyId?, tokenIndex? }`.
 */
export function verify({ secrets, signature, signatureSettings, url, body, contentType }) {
  return wa.verifySignature({ ...secrets, signature, signatureSettings, url, body, contentType });
}

/**
 * The secrets to verify webhooks with: the auth tokens (below) and the account's SharedKeys, the
 * `TWILIO_SHARED_KEYS` secret (JSON `[{"id":"webhooks_sharedkey_…","secret":"…"}]`). A malformed
 * value is a config error (logged without its content).
 */
export function webhookSecrets(env, config) {
  const secrets = { authTokens: authTokens(env, config, { optional: env.TWILIO_SHARED_KEYS !== undefined }) };
  if (!secrets.authTokens.length) delete secrets.authTokens;
  if (env.TWILIO_SHARED_KEYS !== undefined && env.TWILIO_SHARED_KEYS !== "") {
    let keys;
    try {
      keys = JSON.parse(env.TWILIO_SHARED_KEYS);
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys)) {
      console.error('wa-guard worker: TWILIO_SHARED_KEYS must be a JSON array [{"id","secret"}]');
      throw new HttpError(500, "CONFIG_INVALID", "TWILIO_SHARED_KEYS is malformed (see the logs)");
    }
    secrets.sharedKeys = keys;
  }
  return secrets;
}

/**
 * The auth tokens to verify with, primary first: the `TWILIO_AUTH_TOKEN` and
 * `TWILIO_AUTH_TOKEN_SECONDARY` secrets, else the config's tokens. None at all is a config error.
 */
export function authTokens(env, config, { optional = false } = {}) {
  const fromEnv = [env.TWILIO_AUTH_TOKEN, env.TWILIO_AUTH_TOKEN_SECONDARY].filter((t) => typeof t === "string" && t);
  const tokens = fromEnv.length
    ? fromEnv
    : [config.account.authToken, config.account.secondaryAuthToken].filter((t) => typeof t === "string" && t);
  if (!tokens.length && !optional) {
    console.error("wa-guard worker: no auth token (set the TWILIO_AUTH_TOKEN secret)");
    throw new HttpError(500, "CONFIG_INVALID", "the worker has no Twilio auth token (see the logs)");
  }
  return tokens;
}

/**
 * The conversation's state at `now` (wa-guard `conversationState`): the customer service window,
 * the free entry point window and what an agent of `workstream` may send (for `customerNumber`).
 */
export function conversation({ events, now, workstream, customerNumber }) {
  try {
    // customerNumber: wa-guard leaves marketing templates out for US numbers (63049) by its own
    // rule (area code → region); the worker does not decide it.
    return wa.conversationState({ events, now, ...(workstream ? { workstream } : {}), ...(customerNumber ? { customerNumber } : {}) });
  } catch (e) {
    // e.g. stored events after `now` beyond the skew tolerance (a test clock moved backwards).
    if (!e || typeof e.code !== "string") throw e;
    throw new HttpError(409, e.code, e.message);
  }
}

/** HTTP status for each reason wa-guard's `validateInbound` gives to reject a webhook. */
const REJECTION_STATUS = {
  ACCOUNT_MISMATCH: 403,
  NUMBER_DISABLED: 403,
  NUMBER_NOT_CONFIGURED: 404,
  NO_WORKSTREAM: 404,
};

/**
 * A verified inbound webhook → wa-guard `validateInbound` (parse + check against the config).
 * → `{ business, customer, messageSid, referral, autoReply, forward }`:
 * `autoReply` is the TwiML text when the workstream refuses the customer's attachment (`null` when
 * none is configured, `undefined` when nothing was refused); `forward` is what goes upstream
 * (refused media left out). Throws 400 (malformed), 403 (other account, disabled number), 404.
 */
export function inbound(params, config) {
  let v;
  try {
    v = wa.validateInbound(params, config);
  } catch (e) {
    const problems = e.problems ?? [];
    const status = Math.max(0, ...problems.map((p) => REJECTION_STATUS[p.code] ?? 0));
    if (e.code === "INBOUND_REJECTED" && status) {
      throw new HttpError(status, problems.find((p) => REJECTION_STATUS[p.code] === status).code, "not a webhook of this channel");
    }
    throw badRequest(e);
  }
  const msg = v.inbound;
  const refused = !v.deliverMedia;
  return {
    business: msg.to,
    // The conversation key: wa-guard's canonical customer (Mexico's +521… and +52… are one
    // customer; a business-scoped user ID when the number is withheld).
    customer: msg.customer.canonical,
    messageSid: msg.messageSid,
    referral: msg.referral ?? null,
    autoReply: refused ? (v.autoReply ?? null) : undefined,
    forward: {
      workstreamId: v.workstreamId,
      sandbox: v.sandbox,
      message: refused ? { ...msg, media: [] } : msg,
      ...(refused ? { mediaRefused: v.mediaProblems } : {}),
    },
  };
}

/** HTTP status for the codes wa-guard's `validateStatusCallback` refuses a status callback with. */
const STATUS_REJECTION = { ACCOUNT_MISMATCH: 403 };

/**
 * A verified status callback → wa-guard `validateStatusCallback` (parse + the configured account,
 * `From` and `To` present). → `{ business, customer, messageSid, status, errorCode }` (an outbound
 * message goes From the business To the customer; `customer` is the conversation key).
 * Throws 400 (malformed), 403 (another account).
 */
export function statusCallback(params, config) {
  let v;
  try {
    v = wa.validateStatusCallback(params, config);
  } catch (e) {
    if (e && STATUS_REJECTION[e.code]) throw new HttpError(STATUS_REJECTION[e.code], e.code, "not a webhook of this channel");
    throw badRequest(e);
  }
  const st = v.status;
  return { business: v.business, customer: v.customer, messageSid: st.messageSid, status: st.status, errorCode: st.errorCode ?? null };
}

/** A wa-guard input error → 400 carrying its code and the codes of its problems. */
function badRequest(e) {
  if (!e || typeof e.code !== "string") throw e;
  const err = new HttpError(400, e.code, e.message);
  err.problems = (e.problems ?? []).map((p) => ({ code: p.code, path: p.path, message: p.message }));
  return err;
}

/** HTTP status of wa-guard `sendTarget`'s codes: a party that is not configured is 404, else 400. */
const TARGET_STATUS = { NUMBER_NOT_CONFIGURED: 404, WORKSTREAM_NOT_FOUND: 404 };

/**
 * Who an agent's send (or a conversation route) goes between, by wa-guard `sendTarget`: `from` (a
 * business number) or `workstream` (its id), and `to` (the customer).
 * → `{ business, customer (the conversation key), to (as given), workstream, sandbox }`;
 * 400 for bad or missing parties, 404 for unconfigured ones, with wa-guard's code.
 */
export function sendTarget(req, config) {
  let t;
  try {
    t = wa.sendTarget(config, req.to, req.from, req.workstream);
  } catch (e) {
    if (!e || typeof e.code !== "string") throw e;
    throw new HttpError(TARGET_STATUS[e.code] ?? 400, e.code, e.message);
  }
  return { business: t.business, customer: t.customer, to: t.to, workstream: config.workstreams[t.workstreamIndex], sandbox: t.sandbox };
}

/**
 * An agent's send → wa-guard `composeOutbound`, with the customer's last inbound instant as the
 * stored conversation gives it (wa-guard `conversationState`).
 * `req`: `{ body?, media?: MediaItem | MediaItem[], mediaUrl?, mediaContentType?, template?: { sid, variables? } }`;
 * `statusCallback`: this send's status callback URL (wa-guard adds it when the number's settings ask);
 * `template`: the stored Content template `req.template.sid` names, when the worker holds one.
 * → `{ ok: true, params, kind }` (the exact Messages API parameters; `kind` "message" or
 * "template") or `{ ok: false, code, message, problems }` with every violation.
 */
export function compose({ req, config, target, events, statuses, now, statusCallback: callbackUrl, template }) {
  const { lastInboundAt } = conversation({ events, now });
  const sandbox = sandboxFor(target, events, statuses ?? [], now);
  let content;
  if (template) {
    // A stored Content template (templates.find): wa-guard applies Twilio's approval chart.
    content = { template, variables: req.template?.variables ?? [] };
  } else if (req.template !== undefined) {
    const t = req.template ?? {};
    content = { contentSid: t.sid, variables: t.variables ?? [] };
  } else {
    let media = req.media;
    if (media === undefined && req.mediaUrl !== undefined) media = { url: req.mediaUrl, contentType: req.mediaContentType ?? "" };
    content = { body: req.body, ...(media !== undefined ? { media } : {}) };
  }
  let params;
  try {
    params = wa.composeOutbound({ config, workstreamId: target.workstream.id, to: target.to ?? target.customer, lastInboundAt, now, content, statusCallback: callbackUrl, ...(sandbox?.joinedAt !== undefined ? { sandboxJoinedAt: sandbox.joinedAt } : {}) });
  } catch (e) {
    if (!e || typeof e.code !== "string") throw e;
    const problems = (e.problems?.length ? e.problems : [e]).map((p) => ({ code: p.code, path: p.path, message: p.message }));
    return { ok: false, code: e.code, message: e.message, problems };
  }
  return { ok: true, params, kind: params.ContentSid ? "template" : "message" };
}

/**
 * The customer's Twilio sandbox session (wa-guard `sandboxState`) when the send target is the
 * sandbox (`target.sandbox`, wa-guard's decision), else `null`. Evidence from what the conversation stored: every inbound
 * message through the sandbox number (only joined users' messages reach the webhook: an inferred
 * join; a `join <keyword>` message that reaches it counts the same, at its instant) and every
 * stored status with a Twilio error (wa-guard reads a 63015 answer as "not joined").
 */
export function sandboxFor(target, events, statuses, now) {
  if (!target.sandbox) return null;
  const evidence = [];
  for (const e of events ?? []) if (e.direction === "inbound") evidence.push({ kind: "inbound", at: e.at });
  for (const m of Object.values(statuses ?? {})) {
    // The stored statuses that carry a Twilio error (few): wa-guard decides what each proves
    // (a 63015 answer: not joined).
    for (const st of m.statuses ?? []) {
      const code = st.errorCode === null || st.errorCode === undefined ? NaN : Number(st.errorCode);
      if (Number.isInteger(code)) evidence.push({ kind: "status", at: st.at, errorCode: code });
    }
  }
  return wa.sandboxState({ evidence, now });
}
