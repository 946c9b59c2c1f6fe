// The Twilio REST (Messages API) client of the worker, with pinned credentials:
//   - credentials: an API key (`TWILIO_API_KEY_SID` = SK…, `TWILIO_API_KEY_SECRET`), as Twilio
//     recommends for REST; the primary auth token only as a fallback when no API key is set;
//   - base URL: `TWILIO_API_BASE` must be https://api.twilio.com or https://<name>.twilio.com (e.g. a
//     regional edge), or a loopback http(s) URL (a local fake). Anything else is a configuration
//     error raised before any connection: the credentials never leave for another host.
import { HttpError } from "./http.js";
import { isLoopbackHost } from "./auth.js";

const DEFAULT_BASE = "https://api.twilio.com";
/** Default time allowed to the Twilio API (ms); callers pass `timeoutMs` (TWILIO_TIMEOUT_MS). */
const TIMEOUT_MS = 10_000;

function configError(what) {
  console.error(`wa-guard worker: Twilio REST configuration: ${what}`);
  return new HttpError(500, "CONFIG_INVALID", "the worker's Twilio API configuration is invalid (see the logs)");
}

/**
 * Checks a Twilio API base URL. → the normalised base (no trailing slash), or throws an Error saying
 * why it is refused. Allowed: `https://api.twilio.com`, `https://*.twilio.com` (default port, no
 * credentials, path, query or fragment), and `http(s)://` on a loopback host (any port).
 */
export function checkApiBase(raw) {
  let u;
  try {
    u = new URL(String(raw));
  } catch {
    throw new Error("TWILIO_API_BASE is not a URL");
  }
  if (u.username || u.password) throw new Error("TWILIO_API_BASE must not carry credentials");
  if ((u.pathname !== "/" && u.pathname !== "") || u.search || u.hash) throw new Error("TWILIO_API_BASE must be an origin (no path, query or fragment)");
  const host = u.hostname.toLowerCase();
  if (isLoopbackHost(host) && (u.protocol === "http:" || u.protocol === "https:")) return u.origin;
  const twilioHost = host === "api.twilio.com" || /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+twilio\.com$/.test(host);
  if (u.protocol === "https:" && twilioHost && u.port === "") return u.origin;
  throw new Error("TWILIO_API_BASE must be https://api.twilio.com, https://*.twilio.com or a loopback URL");
}

/**
 * The REST settings for this worker: `{ base, accountSid, authorization, credential }`
 * (`credential`: "api-key" or "auth-token"). Throws 500 CONFIG_INVALID (logged; never the secrets)
 * without contacting anything.
 */
export function restSettings(env, config, authTokens) {
  let base;
  try {
    base = checkApiBase(env.TWILIO_API_BASE || DEFAULT_BASE);
  } catch (e) {
    throw configError(e.message);
  }
  const accountSid = config.account.accountSid;
  const keySid = env.TWILIO_API_KEY_SID;
  const keySecret = env.TWILIO_API_KEY_SECRET;
  if (keySid || keySecret) {
    if (!keySid || !keySecret) throw configError("set both TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET (or neither)");
    if (!/^SK[0-9a-fA-F]{32}$/.test(keySid)) throw configError("TWILIO_API_KEY_SID must be an API key SID (SK followed by 32 hex digits)");
    return { base, accountSid, authorization: `Basic ${btoa(`${keySid}:${keySecret}`)}`, credential: "api-key" };
  }
  const token = authTokens()[0]; // throws CONFIG_INVALID when there is none
  return { base, accountSid, authorization: `Basic ${btoa(`${accountSid}:${token}`)}`, credential: "auth-token" };
}

/**
 * POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic auth.
 * → `{ ok: true, message }` or `{ ok: false, error: { status, code, message } }` (`status` 0: no
 * answer, e.g. the timeout: Twilio may have sent it).
 */
export async function sendMessage(settings, params, { timeoutMs = TIMEOUT_MS } = {}) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
  }
  let res;
  try {
    res = await fetch(`${settings.base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: settings.authorization,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: form.toString(),
      redirect: "manual", // never follow a redirect with the credentials
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    return { ok: false, error: { status: 0, code: null, message: `Twilio API unreachable: ${e && e.name}` } };
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

/**
 * GET {base}/2010-04-01/Accounts/{AccountSid}/Messages.json?To=…&From=…: recent messages between two
 * addresses (reconciles a send whose outcome was unknown). → Twilio message resources; throws on
 * any failure. Same pinned base and credentials as `sendMessage`; redirects are never followed.
 */
export async function listMessages(settings, { to, from }, { timeoutMs = TIMEOUT_MS } = {}) {
  const q = new URLSearchParams({ PageSize: "50" });
  if (to) q.set("To", to);
  if (from) q.set("From", from);
  const res = await fetch(`${settings.base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json?${q}`, {
    headers: { authorization: settings.authorization, accept: "application/json" },
    redirect: "manual", // never follow a redirect with the credentials
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`Twilio message list: HTTP ${res.status}`);
  }
  const payload = await res.json();
  return Array.isArray(payload?.messages) ? payload.messages : [];
}
