// HTTP plumbing of the edge worker: bounded body reading, content types, responses, TwiML, CORS,
// the test clock. Transport only: every WhatsApp/Twilio rule lives in the wa-guard package.

/** Largest Twilio webhook body accepted (bytes). Real ones are a few KB; Body is ≤ 1,600 chars. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
/** Largest agent request body accepted on POST /messages (bytes). */
export const MAX_AGENT_BODY_BYTES = 32 * 1024;
/** Largest path segment accepted for a conversation party (characters). */
export const MAX_SEGMENT_CHARS = 64;

/** An error that maps to an HTTP response. */
export class HttpError extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** JSON response. */
export function json(status, value, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/**
 * JSON error response `{ code, message, ...extra }`: the shape of wa-guard's own errors (a stable
 * SCREAMING_SNAKE `code`, a readable `message`, `problems` when there are several).
 */
export function jsonError(status, code, message, extra = {}, headers = {}) {
  return json(status, { code, message, ...extra }, headers);
}

/** The 403 of a failed signature check: says nothing that would help an attacker. */
export function forbidden() {
  return new Response("Forbidden\n", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

// Characters XML 1.0 does not allow at all (they cannot even be escaped).
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML element or attribute; drops characters XML cannot carry. */
export function xmlEscape(text) {
  return String(text)
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** TwiML document: empty `<Response/>`, or one `<Message>` with the (escaped) text. */
export function twiml(message) {
  const inner = message == null ? "<Response/>" : `<Response><Message>${xmlEscape(message)}</Message></Response>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${inner}`;
}

/** A TwiML response. */
export function twimlResponse(body, status = 200, headers = {}) {
  return new Response(body, {
    status,
    headers: { "content-type": "text/xml; charset=utf-8", ...headers },
  });
}

/**
 * The media type of a request (lowercase, without parameters), checked against `allowed`.
 * A charset other than UTF-8 is refused too. Anything else → 415.
 */
export function mediaType(request, allowed) {
  const raw = request.headers.get("content-type");
  if (!raw) throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", `Content-Type required: ${allowed.join(" or ")}`);
  const [type, ...params] = raw.split(";");
  const mt = type.trim().toLowerCase();
  if (!allowed.includes(mt)) {
    throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", `Content-Type must be ${allowed.join(" or ")}`);
  }
  for (const p of params) {
    const [k, v = ""] = p.split("=");
    if (k.trim().toLowerCase() === "charset") {
      const cs = v.trim().replace(/^"|"$/g, "").toLowerCase();
      if (cs !== "utf-8" && cs !== "utf8") {
        throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "only the UTF-8 charset is supported");
      }
    }
  }
  return mt;
}

/**
 * Reads a request body as UTF-8 text, never holding more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading anything, and the streamed byte count is
 * checked as chunks arrive (a body without, or lying about, its length is cut off at the limit).
 * → 413 `BODY_TOO_LARGE`; 400 `MALFORMED_BODY` when not valid UTF-8.
 */
export async function readBody(request, limit) {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) {
      throw new HttpError(400, "MALFORMED_BODY", "invalid Content-Length");
    }
    if (Number(declared) > limit) throw tooLarge(limit);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "MALFORMED_BODY", "body is not valid UTF-8");
  }
}

/**
 * Reads and drops an unread request body of at most `limit` bytes, so that an early answer (405,
 * 415, 404) leaves the client's keep-alive connection usable (workerd resets a connection whose
 * request body was left unread). Bodies over the limit are cancelled, never read.
 */
export async function discardBody(request, limit) {
  if (!request.body || request.bodyUsed) return;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!(declared <= limit)) return request.body.cancel().catch(() => {});
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limit) return reader.cancel().catch(() => {});
    }
  } catch {
    /* the client went away: nothing to keep alive */
  }
}

function tooLarge(limit) {
  return new HttpError(413, "BODY_TOO_LARGE", `body larger than ${limit} bytes`);
}

/** Comma-separated list binding → array (empty entries dropped). */
export function list(value) {
  return String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * CORS headers for an agent route: only for an `Origin` listed in `ALLOWED_ORIGINS`
 * (exact match, e.g. `https://agents.example.com`); no CORS headers at all otherwise.
 */
export function corsHeaders(request, env) {
  const origin = request.headers.get("origin");
  if (!origin || !list(env.ALLOWED_ORIGINS).includes(origin)) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "content-type",
    vary: "Origin",
  };
}

/** Answer to a CORS preflight: 204 with the allowed methods for a listed origin, 403 otherwise. */
export function preflight(request, env, methods) {
  const cors = corsHeaders(request, env);
  if (!cors["access-control-allow-origin"]) return new Response(null, { status: 403, headers: cors });
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      "access-control-allow-methods": methods.join(", "),
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
    },
  });
}

/**
 * "Now" in epoch ms: always the real clock. (The test clock exists only on agent routes, behind its
 * own secret: see ./clock.js `agentNow`; Twilio webhooks never use it.)
 */
export function now() {
  return Date.now();
}

/** Constant-time equality of two strings (length is not secret). */
export function safeEqual(a, b) {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  if (crypto.subtle.timingSafeEqual) return crypto.subtle.timingSafeEqual(x, y);
  let d = 0;
  for (let i = 0; i < x.byteLength; i++) d |= x[i] ^ y[i];
  return d === 0;
}
