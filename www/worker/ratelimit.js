// Rate limits on POST /messages: per agent and per customer, as sliding windows kept by a Durable
// Object (one instance per key, binding RATE_LIMITER, class RateLimiter).
//
// Why a Durable Object and not the Workers Rate Limiting binding: the binding only offers periods
// of 10 or 60 seconds and is approximate (counted per Cloudflare location, eventually consistent),
// so "at most 10 sends a second" cannot be expressed with it, and it says nothing about when to retry.
// A Durable Object is one strongly consistent counter per key wherever the requests come from, gives
// an exact Retry-After, and runs unchanged on Miniflare 4.20260426.0 (workerd) and in production.
//
// Limits are `N/Ds` rules, comma-separated (e.g. "10/1s,60/60s"):
//   RATE_LIMIT_AGENT     sends per agent identity      (default "10/1s,60/60s")
//   RATE_LIMIT_CUSTOMER  sends to one customer number  (default "5/1s,20/60s")
// Every send that passed wa-guard's rules and is about to go to Twilio counts (refused ones do not).
import { DurableObject } from "cloudflare:workers";
import { HttpError } from "./http.js";

export const DEFAULT_AGENT_LIMITS = "10/1s,60/60s";
export const DEFAULT_CUSTOMER_LIMITS = "5/1s,20/60s";
const MAX_RULE_COUNT = 10_000;
const MAX_RULE_PERIOD_S = 24 * 3600;

/** "10/1s,60/60s" → `[{ limit: 10, periodMs: 1000 }, …]`; throws on a malformed rule. */
export function parseRules(text) {
  const rules = [];
  for (const part of String(text).split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,5})\s*\/\s*(\d{1,6})s$/.exec(part);
    const limit = m ? Number(m[1]) : 0;
    const periodS = m ? Number(m[2]) : 0;
    if (!m || limit < 1 || limit > MAX_RULE_COUNT || periodS < 1 || periodS > MAX_RULE_PERIOD_S) {
      throw new Error(`invalid rate limit rule "${part}" (expected N/Ds, N ≤ ${MAX_RULE_COUNT}, D ≤ ${MAX_RULE_PERIOD_S})`);
    }
    rules.push({ limit, periodMs: periodS * 1000 });
  }
  return rules;
}

function rulesFrom(env, name, fallback) {
  try {
    return parseRules(env[name] ?? fallback);
  } catch (e) {
    console.error(`wa-guard worker: ${name}: ${e.message}`);
    throw new HttpError(500, "CONFIG_INVALID", "the worker's rate limits are misconfigured (see the logs)");
  }
}

/**
 * Counts one send for `agent` to `customer`; throws 429 RATE_LIMITED with Retry-After (seconds)
 * when a limit is reached. The agent's limit is checked first.
 */
export async function checkSend(env, agent, customer) {
  const checks = [
    ["agent", `agent:${agent.via}:${agent.id}`, rulesFrom(env, "RATE_LIMIT_AGENT", DEFAULT_AGENT_LIMITS)],
    ["customer", `customer:${customer}`, rulesFrom(env, "RATE_LIMIT_CUSTOMER", DEFAULT_CUSTOMER_LIMITS)],
  ];
  for (const [scope, key, rules] of checks) {
    if (rules.length === 0) continue;
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
    const r = await stub.hit(rules);
    if (!r.ok) {
      const retryAfter = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
      // Audited like sends (a burst of these is what a leaked credential looks like); no customer number.
      console.log(JSON.stringify({ event: "wa-guard.rate-limited", agent: agent.id, via: agent.via, scope, retryAfterSeconds: retryAfter }));
      const err = new HttpError(429, "RATE_LIMITED", `too many sends for this ${scope}; retry after ${retryAfter} s`, { "retry-after": String(retryAfter) });
      err.extra = { scope, retryAfterSeconds: retryAfter };
      err.scope = scope;
      throw err;
    }
  }
}

/** One sliding-window log per key: the instants of the latest accepted hits. */
export class RateLimiter extends DurableObject {
  /**
   * Records a hit at the real clock unless a rule is full.
   * → `{ ok: true }` or `{ ok: false, retryAfterMs }` (a refused hit is not recorded).
   */
  async hit(rules) {
    const now = Date.now();
    const longest = Math.max(...rules.map((r) => r.periodMs));
    const kept = Math.max(...rules.map((r) => r.limit));
    this.log ??= (await this.ctx.storage.get("log")) ?? [];
    const log = this.log.filter((t) => t > now - longest && t <= now + 1000);
    let retryAfterMs = 0;
    for (const { limit, periodMs } of rules) {
      const inWindow = log.filter((t) => t > now - periodMs);
      if (inWindow.length >= limit) retryAfterMs = Math.max(retryAfterMs, inWindow[inWindow.length - limit] + periodMs - now);
    }
    if (retryAfterMs > 0) {
      this.log = log;
      return { ok: false, retryAfterMs };
    }
    log.push(now);
    this.log = log.slice(-kept);
    await this.ctx.storage.put("log", this.log);
    return { ok: true };
  }
}
