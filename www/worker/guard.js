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

let cached = { raw: undefined, result: undefined };

/**
 * The channel configuration from the `WA_GUARD_CONFIG` binding (a JSON string or object), parsed
 * and validated with wa-guard's `validateConfig` once per isolate (and again only if the binding
 * changes). A missing or broken config throws `CONFIG_INVALID` on every request until fixed, and the
 * problems are logged (never the auth tokens: wa-guard redacts them).
 */
export function loadConfig(env) {
  const raw = env.WA_GUARD_CONFIG;
  if (cached.raw === raw && cached.result) {
    if (cached.result.error) throw cached.result.error;
    return cached.result.config;
  }
  let result;
  try {
    result = { config: parseAndValidate(raw) };
  } catch (e) {
    console.error(`wa-guard worker: WA_GUARD_CONFIG is invalid: ${e.message}`, e.problems ?? "");
    result = { error: new HttpError(500, "CONFIG_INVALID", "the worker's channel configuration is invalid (see the logs)") };
  }
  cached = { raw, result };
  if (result.error) throw result.error;
  return result.config;
}

function parseAndValidate(raw) {
  if (raw === undefined || raw === null || raw === "") throw new Error("WA_GUARD_CONFIG is not set");
  const config = typeof raw === "string" ? JSON.parse(raw) : raw;
  const problems = wa.validateConfig(config);
  if (problems.length > 0) {
    const err = new Error(problems.map((p) => `${p.path ?? "(root)"}: ${p.code} ${p.message}`).join("; "));
    err.problems = problems;
    throw err;
  }
  return config;
}

/** Verifies X-Twilio-Signature over the raw body. → `{ valid, tokenIndex? }`. */
export function verify({ authTokens, signature, url, body, contentType }) {
  return wa.verifySignature({ authTokens, signature, url, body, contentType });
}

/**
 * The auth tokens to verify with, primary first: the `TWILIO_AUTH_TOKEN` and
 * `TWILIO_AUTH_TOKEN_SECONDARY` secrets, else the config's tokens. None at all is a config error.
 */
export function authTokens(env, config) {
  const fromEnv = [env.TWILIO_AUTH_TOKEN, env.TWILIO_AUTH_TOKEN_SECONDARY].filter((t) => typeof t === "string" && t);
  const tokens = fromEnv.length
    ? fromEnv
    : [config.account.authToken, config.account.secondaryAuthToken].filter((t) => typeof t === "string" && t);
  if (!tokens.length) {
    console.error("wa-guard worker: no auth token (set the TWILIO_AUTH_TOKEN secret)");
    throw new HttpError(500, "CONFIG_INVALID", "the worker has no Twilio auth token (see the logs)");
  }
  return tokens;
}

/** The workstream serving a configured business number; 404 when the number is not configured. */
export function workstreamFor(config, business) {
  const ws = (config.workstreams ?? []).find((w) => w.number === business);
  if (!ws) throw new HttpError(404, "UNKNOWN_NUMBER", "not a configured WhatsApp number");
  return ws;
}

/** A strict E.164 number (wa-guard `parseE164`); 400 with wa-guard's code otherwise. */
export function e164(text, what) {
  try {
    return wa.parseE164(text).number;
  } catch (e) {
    throw new HttpError(400, e.code ?? "INVALID_NUMBER", `${what}: ${e.message}`);
  }
}
