// wa-guard/express: an Express/Connect middleware that verifies Twilio webhook signatures, a drop-in
// for the official SDK's `twilio.webhook()` (twilio 6.3.1) with auth-token rotation and SharedKeys.
//
// HTTP adaptation only: every rule (secret selection, the settings header, URL candidates, body
// hashes) is wa-guard's `verifySignature`. This file reads the request the way the SDK does.
import { format } from "node:url";

const FORM = "application/x-www-form-urlencoded";

/** Builds `webhook` over the `verifySignature` of the entry it is bundled with. */
export function makeWebhook(verifySignature) {
  /**
   * `webhook()`, `webhook(authToken)`, `webhook(options)` or `webhook(authToken, options)`, as
   * `twilio.webhook()`. Options: `authToken` / `authTokens` (default `process.env.TWILIO_AUTH_TOKEN`),
   * `sharedKeys: [{ id, secret }]` (or the SDK's single `sharedKeySecret`), `url` (the full URL
   * Twilio called), or `host` / `protocol` to rebuild it, and `validate` (default true).
   */
  return function webhook(first, second) {
    let options = {};
    let token;
    for (const arg of [first, second]) {
      if (typeof arg === "string") token = arg;
      else if (arg && typeof arg === "object") options = { ...options, ...arg };
    }
    const known = ["authToken", "authTokens", "sharedKeys", "sharedKeySecret", "url", "host", "protocol", "validate"];
    const unknown = Object.keys(options).filter((k) => !known.includes(k));
    if (unknown.length) throw coded("INVALID_ARGUMENT", `unknown option ${unknown[0]}: expected one of ${known.join(", ")}`, unknown[0]);
    const validate = options.validate ?? true;
    const secrets = {};
    if (options.authTokens !== undefined) secrets.authTokens = options.authTokens;
    else {
      const t = token ?? options.authToken ?? process.env.TWILIO_AUTH_TOKEN;
      if (t !== undefined && t !== "") secrets.authToken = t;
    }
    const shared = [...(options.sharedKeys ?? [])];
    // The SDK's one SharedKey secret has no id: with a single configured key, wa-guard tries it
    // whatever id the settings header names, exactly as the SDK does.
    if (options.sharedKeySecret) shared.push({ id: "sharedKeySecret", secret: options.sharedKeySecret });
    if (shared.length) secrets.sharedKeys = shared;
    if (validate) {
      // Fail at start-up, not at the first webhook: check the secrets' shapes once.
      verifySignature({ ...secrets, url: "https://example.com/", signature: "", params: {} });
    }

    return function twilioWebhook(req, res, next) {
      if (!validate) return next();
      const signature = header(req, "x-twilio-signature");
      if (!signature) {
        return answer(res, 400, "No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.");
      }
      let verdict;
      try {
        verdict = verifySignature({ ...secrets, ...signed(req, options), signature, signatureSettings: header(req, "x-twilio-webhooks-signature-settings") ?? null });
      } catch (e) {
        if (e && typeof e.code === "string" && e.code !== "INTERNAL") return answer(res, 400, `Bad webhook request: ${e.code}: ${e.message}`);
        return next(e);
      }
      req.waGuard = verdict;
      if (!verdict.valid) return answer(res, 403, "Twilio Request Validation Failed.");
      return next();
    };
  };
}

/** The URL Twilio called, rebuilt as the SDK rebuilds it, and what it signed besides. */
function signed(req, options) {
  let url = options.url;
  if (!url) {
    const original = req.originalUrl ?? req.url;
    url = format({ protocol: options.protocol || req.protocol || (req.socket?.encrypted ? "https" : "http"), host: options.host || header(req, "host"), pathname: original });
    if (original.includes("?")) url = url.replace(/%3F/g, "?");
  }
  const contentType = header(req, "content-type") ?? null;
  const body = req.body;
  if (typeof body === "string") return { url, body, contentType };
  if (body instanceof Uint8Array) return { url, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"), contentType };
  const raw = req.rawBody;
  if (url.includes("bodySHA256")) {
    // The signature covers the URL; the body's hash must match the raw bytes, not a re-serialised
    // object (express.json() loses them: use express.raw() or express.text() on this route).
    if (typeof raw === "string" || raw instanceof Uint8Array) return { url, body: Buffer.from(raw).toString("utf8"), contentType: contentType ?? "application/json" };
    throw coded("INVALID_ARGUMENT", "the URL has bodySHA256 but the raw body is not available: parse this route with express.raw() or express.text()", "body");
  }
  if (body === undefined || body === null) return { url, params: {} };
  if (typeof body === "object") {
    if (contentType && !contentType.toLowerCase().startsWith(FORM)) {
      throw coded("INVALID_ARGUMENT", `a ${contentType} body parsed to an object cannot be verified: parse this route with express.raw() or express.text()`, "body");
    }
    return { url, params: body };
  }
  throw coded("INVALID_ARGUMENT", "req.body must be the decoded form (express.urlencoded()), a string (express.text()) or a Buffer (express.raw())", "body");
}

function header(req, name) {
  const v = req.headers?.[name];
  return Array.isArray(v) ? v.join(",") : v;
}

function answer(res, status, text) {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(text);
}

function coded(code, message, path) {
  const e = new Error(message);
  e.name = "WaGuardError";
  e.code = code;
  e.path = path;
  return e;
}
