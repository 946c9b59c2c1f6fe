// Content templates for the worker (issue 23). The worker fetches them itself from Twilio's Content
// API (GET {CONTENT_API_BASE}/v1/ContentAndApprovals, HTTP Basic AccountSid:AuthToken, following
// meta.next_page_url), reads them with wa-guard's parseContentApi, keeps them in a Durable Object
// (TemplateStore), refreshes them on the Cron Trigger (wrangler.toml [triggers]) and on demand
// (POST /templates/refresh). A failed refresh keeps the last good copy and says so (`stale`).
// Before every agent send of a stored Content template, composeOutbound applies Twilio's approval
// chart (templateEligibility): an ineligible template is refused with the reasons.
import { DurableObject } from "cloudflare:workers";
import * as guard from "./guard.js";

const { wa } = guard;

/** Most pages one refresh follows (500 templates each: 50,000, wa-guard's import limit). */
export const MAX_PAGES = 100;
/** Templates per storage value (a Durable Object value stays far below its size limit). */
const CHUNK = 100;
const TIMEOUT_MS = 10_000;

/** Storage of the last good import: `meta` (status, counts, problems) and the templates in chunks. */
export class TemplateStore extends DurableObject {
  /** → `{ meta, templates }` (templates `[]` before the first good refresh). */
  async load() {
    const meta = (await this.ctx.storage.get("meta")) ?? null;
    if (!meta) return { meta: null, templates: [] };
    const keys = Array.from({ length: meta.chunks ?? 0 }, (_, i) => `t:${i}`);
    const got = keys.length ? await this.ctx.storage.get(keys) : new Map();
    return { meta, templates: keys.flatMap((k) => got.get(k) ?? []) };
  }

  /** Replaces the templates (when given) and the meta, in one output-gated step. */
  async save(meta, templates) {
    const storage = this.ctx.storage;
    const old = (await storage.get("meta"))?.chunks ?? 0;
    if (templates) {
      const chunks = Math.ceil(templates.length / CHUNK);
      for (let i = 0; i < chunks; i++) storage.put(`t:${i}`, templates.slice(i * CHUNK, (i + 1) * CHUNK));
      for (let i = chunks; i < old; i++) storage.delete(`t:${i}`);
      meta = { ...meta, chunks };
    } else {
      meta = { ...meta, chunks: old };
    }
    await storage.put("meta", meta);
    return meta;
  }
}

function store(env) {
  return env.TEMPLATES.get(env.TEMPLATES.idFromName("content"));
}

class RefreshError extends Error {
  constructor(code, message, twilio) {
    super(message);
    this.code = code;
    this.twilio = twilio;
  }
}

/** Every page of ContentAndApprovals, following `meta.next_page_url` (same origin only). */
export async function fetchPages(env, config) {
  const base = String(env.CONTENT_API_BASE || "https://content.twilio.com").replace(/\/+$/, "");
  const origin = new URL(base).origin;
  const sid = config.account.accountSid;
  const auth = `Basic ${btoa(`${sid}:${guard.authTokens(env, config)[0]}`)}`;
  const pages = [];
  for (let url = `${base}/v1/ContentAndApprovals?PageSize=500`; url; ) {
    if (pages.length >= MAX_PAGES) throw new RefreshError("CONTENT_API_TOO_MANY_PAGES", `more than ${MAX_PAGES} pages`);
    let next;
    try {
      next = new URL(url, base);
    } catch {
      throw new RefreshError("CONTENT_API_PAGING_INVALID", "meta.next_page_url is not a URL");
    }
    // The credentials go to CONTENT_API_BASE only, whatever a page says.
    if (next.origin !== origin) throw new RefreshError("CONTENT_API_PAGING_INVALID", "meta.next_page_url leaves CONTENT_API_BASE");
    let res;
    try {
      res = await fetch(next, { headers: { authorization: auth, accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new RefreshError("CONTENT_API_UNREACHABLE", `Content API unreachable: ${e && e.message}`);
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      /* not JSON */
    }
    if (!res.ok || body === null || typeof body !== "object") {
      throw new RefreshError("CONTENT_API_ERROR", `the Content API answered ${res.status}`, {
        status: res.status, code: body?.code ?? null, message: body?.message ?? null,
      });
    }
    pages.push(body);
    url = body.meta?.next_page_url ?? null;
  }
  return pages;
}

/**
 * Fetches, reads and stores the templates. → the status (`ok`, `stale`, counts, `lastError`). A
 * failed fetch or an unreadable answer keeps the last good templates (`stale: true`).
 */
export async function refresh(env, config, at = Date.now()) {
  const s = store(env);
  try {
    const pages = await fetchPages(env, config);
    const { templates, problems } = wa.parseContentApi(pages);
    const meta = await s.save({ ok: true, fetchedAt: at, lastAttemptAt: at, pages: pages.length, count: templates.length, problems, lastError: null }, templates);
    return status(meta);
  } catch (e) {
    if (!e || typeof e.code !== "string") throw e;
    const { meta: previous } = await s.load();
    const lastError = { code: e.code, message: e.message, ...(e.twilio ? { twilio: e.twilio } : {}) };
    const meta = await s.save({ ...(previous ?? { fetchedAt: null, pages: 0, count: 0, problems: [] }), ok: false, lastAttemptAt: at, lastError }, null);
    console.error("wa-guard worker: template refresh failed; keeping the last good copy", lastError);
    return status(meta);
  }
}

function status(meta) {
  if (!meta) return { ok: false, stale: false, fetchedAt: null, lastAttemptAt: null, pages: 0, templates: 0, problems: [], lastError: null };
  return {
    ok: meta.ok, stale: !meta.ok && meta.fetchedAt !== null, fetchedAt: meta.fetchedAt, lastAttemptAt: meta.lastAttemptAt,
    pages: meta.pages, templates: meta.count, problems: meta.problems, lastError: meta.lastError,
  };
}

/** GET /templates: the stored templates, each with where it may be sent now (window open / closed). */
export async function list(env) {
  const { meta, templates } = await store(env).load();
  return {
    ...status(meta),
    templates: templates.map((t) => ({
      ...t,
      insideWindow: wa.templateEligibility(t, { windowOpen: true }),
      outsideWindow: wa.templateEligibility(t, { windowOpen: false }),
    })),
  };
}

/** The stored Content template an agent's send names (`template.sid`), or null. */
export async function find(env, req) {
  const sid = req?.template?.sid;
  if (typeof sid !== "string" || !env.TEMPLATES) return null;
  const { templates } = await store(env).load();
  return templates.find((t) => t.sid.toLowerCase() === sid.toLowerCase()) ?? null;
}
