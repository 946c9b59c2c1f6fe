// The worker's clocks. Twilio webhooks always run on the real clock. The test clock (`X-Test-Now`,
// epoch ms or ISO 8601) is for local tests and demos only, and only:
//   - when `ALLOW_TEST_CLOCK = "1"` AND the `TEST_CLOCK_SECRET` secret (≥ 16 characters) is set,
//   - on agent routes (never on /twilio/*), for a request that also carries
//     `X-Test-Clock-Secret: <TEST_CLOCK_SECRET>` (otherwise X-Test-Now is ignored),
//   - in a worker whose public base URL (PUBLIC_BASE_URL, else the config's callbackBaseUrl) is a
//     loopback URL: the worker refuses to start otherwise (see `startupProblem`).
// The test-only `ALLOW_FAULT_INJECTION = "1"` (./conversation.js injectFault) is fenced the same way:
// refused unless the public base URL is loopback.
// Whatever clock a request used, an event instant is clamped to the real clock ± the skew tolerance
// before it is stored, so no request can plant a far-future (or long-past) event in a conversation.
import { HttpError, safeEqual } from "./http.js";
import { isLoopbackHost } from "./auth.js";

/** wa-guard's default skew tolerance for event instants (src/window.rs DEFAULT_SKEW_TOLERANCE_MS). */
export const SKEW_TOLERANCE_MS = 5 * 60 * 1000;
const MIN_SECRET_CHARS = 16;

function testClockRequested(env) {
  return String(env.ALLOW_TEST_CLOCK ?? "") === "1";
}

/** The public base URL the worker is configured with (PUBLIC_BASE_URL, else callbackBaseUrl), or null. */
function publicBase(env) {
  if (env.PUBLIC_BASE_URL) return String(env.PUBLIC_BASE_URL);
  try {
    const raw = env.WA_GUARD_CONFIG;
    const config = typeof raw === "string" ? JSON.parse(raw) : raw;
    return typeof config?.callbackBaseUrl === "string" ? config.callbackBaseUrl : null;
  } catch {
    return null;
  }
}

/** Whether the public base URL is configured and loopback. */
function loopbackBase(env) {
  const base = publicBase(env);
  let host = null;
  try {
    host = base ? new URL(base).hostname : null;
  } catch {
    /* not a URL */
  }
  return Boolean(host && isLoopbackHost(host));
}

/**
 * Why this configuration must not run, or null. The test clock needs its secret and a loopback
 * public base URL (a worker Twilio can reach must never have a movable clock).
 */
export function startupProblem(env) {
  if (!env) return null;
  // Test-only fault injection (Durable Object faults, ./conversation.js) gets the test clock's fence.
  if (String(env.ALLOW_FAULT_INJECTION ?? "") === "1" && !loopbackBase(env)) {
    return "ALLOW_FAULT_INJECTION is set but the public base URL (PUBLIC_BASE_URL or callbackBaseUrl) is not a loopback URL: refusing to run fault injection on a reachable worker";
  }
  if (!testClockRequested(env)) return null;
  const secret = env.TEST_CLOCK_SECRET;
  if (typeof secret !== "string" || secret.length < MIN_SECRET_CHARS) {
    return `ALLOW_TEST_CLOCK is set but TEST_CLOCK_SECRET (at least ${MIN_SECRET_CHARS} characters) is not`;
  }
  if (!loopbackBase(env)) {
    return "ALLOW_TEST_CLOCK is set but the public base URL (PUBLIC_BASE_URL or callbackBaseUrl) is not a loopback URL: refusing to run a test clock on a reachable worker";
  }
  return null;
}

/** Throws 500 CONFIG_INVALID when `startupProblem` finds one (checked on every request too). */
export function assertStartup(env) {
  const problem = startupProblem(env);
  if (problem) {
    console.error(`wa-guard worker: ${problem}`);
    throw new HttpError(500, "CONFIG_INVALID", "the worker's configuration is invalid (see the logs)");
  }
}

/** "Now" for an agent route: the test clock when enabled and the request proves the test secret. */
export function agentNow(request, env) {
  const override = request.headers.get("x-test-now");
  if (override === null || !testClockRequested(env) || startupProblem(env)) return Date.now();
  if (!safeEqual(request.headers.get("x-test-clock-secret") ?? "", String(env.TEST_CLOCK_SECRET))) return Date.now();
  const ms = /^\d{1,15}$/.test(override) ? Number(override) : Date.parse(override);
  if (!Number.isFinite(ms)) throw new HttpError(400, "INVALID_TEST_CLOCK", "X-Test-Now is not an instant");
  return ms;
}

/** An event instant as it may be stored: within the real clock ± the skew tolerance. */
export function storable(at) {
  const real = Date.now();
  return Math.min(Math.max(at, real - SKEW_TOLERANCE_MS), real + SKEW_TOLERANCE_MS);
}
