// The one door to wa-guard: loads the web build and wraps calls so panels get plain results.
// No rule lives here: every verdict comes from a wa-guard function.
import init, * as wa from "/pkg/web/wa_guard.js";

export { wa };

/** Loads the WebAssembly module once. */
export async function load() {
  await init();
  return wa;
}

/** Whether this build exports `name` (functions and classes alike). */
export function has(name) {
  return typeof wa[name] === "function";
}

/** A thrown wa-guard error as a plain object: `{ code, message, path, span, problems }`. */
export function errorInfo(e) {
  if (e && typeof e === "object") {
    return {
      code: e.code ?? "ERROR",
      message: e.message ?? String(e),
      path: e.path,
      span: e.span,
      problems: Array.isArray(e.problems) ? e.problems : [],
    };
  }
  return { code: "ERROR", message: String(e), problems: [] };
}

/**
 * Calls `wa[name](...args)`. Returns `{ ok: true, value }`, `{ ok: false, error }` when it threw
 * (error as from `errorInfo`), or `{ ok: false, missing: true }` when this build lacks `name`.
 */
export function call(name, ...args) {
  if (!has(name)) return { ok: false, missing: true, name };
  try {
    return { ok: true, value: wa[name](...args) };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
}

/** Runs `fn` (which uses wa-guard objects), mapping a throw to `{ ok: false, error }`. */
export function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
}

/** The problems of a validator result, whatever its shape: an array, `{ problems }`, or a throw. */
export function problemsOf(result) {
  if (!result.ok) return result.error ? (result.error.problems.length ? result.error.problems : [result.error]) : [];
  const v = result.value;
  if (Array.isArray(v)) return v;
  if (v && Array.isArray(v.problems)) return v.problems;
  if (v && Array.isArray(v.errors)) return v.errors;
  return [];
}
