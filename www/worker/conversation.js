// The per-conversation Durable Object: one instance per (business number, customer number).
// Storage only (the rules are wa-guard's):
//   inbound / outbound   the newest events per direction (what the window rule needs), each with the
//                        MessageSid that produced it (`id`)
//   entry                the referral that opened a free entry point and the first business reply after
//                        it, kept apart from the capped event lists so no later traffic evicts them
//   seen:<id>            delivery ids already recorded (MessageSid; `<MessageSid>.<status>`), remembered
//                        DEDUPE_TTL_MS (30 days) and at most MAX_SEEN per conversation: a Twilio retry,
//                        a concurrent redelivery or a replayed capture is recorded and enqueued once
//   out:<id>             the transactional outbox: a delivery recorded but not yet on the queue; the
//                        alarm re-enqueues it if the enqueue failed (so an acknowledged message is
//                        never only in storage)
//   msg:<sid>            outbound messages' statuses (de-duplicated, current = highest rank)
//   send:<key>           agent sends by Idempotency-Key: pending → sent | failed | unknown
import { DurableObject } from "cloudflare:workers";
import { errorName, log } from "./delivery.js";
import { wa } from "./guard.js";
import { startupProblem } from "./clock.js";

/** Events kept per direction (the newest ones); older ones cannot change the window any more. */
export const MAX_EVENTS_PER_DIRECTION = 20;
/** How long a delivery id is remembered (ms): replays of captured webhooks within it are recognised. */
export const DEDUPE_TTL_MS = 30 * 24 * 3600 * 1000;
/** Delivery ids remembered per conversation at most (the oldest are forgotten first). */
export const MAX_SEEN = 10_000;
/** Statuses kept per outbound message. */
export const MAX_STATUSES_PER_MESSAGE = 10;
/** Outbound messages whose statuses are kept. */
export const MAX_TRACKED_MESSAGES = 100;
/** Agent sends remembered by Idempotency-Key (ms, and count). */
export const SEND_KEY_TTL_MS = 7 * 24 * 3600 * 1000;
export const MAX_SEND_KEYS = 1000;
/** A send still "pending" after this long lost its worker mid-call: its outcome is unknown (ms). */
export const PENDING_SEND_STALE_MS = 60_000;

const PRUNE_EVERY_MS = 6 * 3600 * 1000;
/** An outbox entry older than this is re-enqueued by the alarm (ms; `OUTBOX_SWEEP_MS` overrides). */
const DEFAULT_OUTBOX_SWEEP_MS = 30_000;

export class Conversation extends DurableObject {
  /** Enqueues in flight, by delivery id: a concurrent duplicate waits for the same outcome. */
  #inflight = new Map();
  /** Test-only faults (see injectFault). */
  #faults = new Map();
  /** When this object last pruned (memory only). */
  #prunedAt = undefined;
  /** The alarm's time as last read or set (undefined: not read yet). */
  #alarmAt = undefined;

  /**
   * Records a verified inbound message and puts its delivery on the queue, once per MessageSid.
   * `event`: `{ direction: "inbound", at, kind, referral? }`; `response`: the TwiML given to Twilio,
   * replayed to duplicates; `delivery`: the queue message (null when no upstream is configured).
   * → `{ duplicate: false, queued }` or `{ duplicate: true, response }`. Throws when the record or
   * the enqueue failed: the caller answers 5xx and Twilio retries (the retry enqueues again).
   */
  async acceptInbound({ id, event, response, delivery }) {
    this.#fault("acceptInbound");
    const storage = this.ctx.storage;
    const seenKey = `seen:${id}`;
    const got = await storage.get([seenKey, "inbound"]);
    const prev = got.get(seenKey);
    if (prev) return { duplicate: true, response: prev.response ?? null, queued: await this.#settle(id, prev) };
    // No await between the read above and these writes: the two are one atomic step.
    const seen = { at: event.at, response, state: delivery ? "recorded" : "done" };
    const entries = { [seenKey]: seen };
    const ev = { id, ...event };
    const inbound = got.get("inbound") ?? [];
    inbound.push(ev);
    entries.inbound = newest(inbound);
    if (ev.referral) entries.entry = { referral: ev, reply: null };
    if (delivery) entries[`out:${id}`] = { since: Date.now(), message: delivery };
    await storage.put(entries);
    await this.#ensureAlarm(delivery ? this.#sweepMs() : PRUNE_EVERY_MS);
    if (!delivery) return { duplicate: false, queued: false };
    return { duplicate: false, queued: await this.#enqueue(id, delivery, seen) };
  }

  /**
   * Records a status callback of an outbound message once per (MessageSid, status), keeps the
   * statuses ordered by rank, reconciles a pending agent send (`sendKey`, from the callback URL) and
   * enqueues the delivery. → `{ duplicate, known, queued }`.
   */
  async acceptStatus({ id, sid, status, delivery, sendKey }) {
    this.#fault("acceptStatus");
    const storage = this.ctx.storage;
    const seenKey = `seen:${id}`;
    const got = await storage.get([seenKey, `msg:${sid}`, ...(sendKey ? [`send:${sendKey}`] : [])]);
    const prev = got.get(seenKey);
    const msg = got.get(`msg:${sid}`) ?? { sentAt: null, statuses: [], current: null };
    const known = msg.sentAt !== null;
    if (prev) return { duplicate: true, known, queued: await this.#settle(id, prev) };
    const seen = { at: status.at, state: delivery ? "recorded" : "done" };
    const entries = { [seenKey]: seen };
    msg.current ??= null;
    if (!msg.statuses.some((s) => s.status === status.status)) {
      msg.statuses.push(status);
      msg.statuses.sort((a, b) => rank(a.status) - rank(b.status) || a.at - b.at);
      if (msg.statuses.length > MAX_STATUSES_PER_MESSAGE) msg.statuses.splice(0, msg.statuses.length - MAX_STATUSES_PER_MESSAGE);
      if (msg.current === null || rank(status.status) > rank(msg.current)) msg.current = status.status;
    }
    // A send whose outcome was unknown (Twilio timed out) is reconciled by its own status callback.
    const send = sendKey ? got.get(`send:${sendKey}`) : undefined;
    if (send && (send.state === "pending" || send.state === "unknown")) {
      const result = { sid, status: status.status, params: send.params ?? null };
      entries[`send:${sendKey}`] = { ...send, state: "sent", result, reconciledBy: "status-callback", doneAt: Date.now() };
      if (msg.sentAt === null) msg.sentAt = send.at;
      Object.assign(entries, await this.#outboundEntries({ direction: "outbound", at: send.at, kind: send.kind }, sid));
      log("info", "send.reconciled", { sid, by: "status-callback" });
    }
    entries[`msg:${sid}`] = msg;
    if (delivery) entries[`out:${id}`] = { since: Date.now(), message: delivery };
    await storage.put(entries);
    await this.#pruneMessages();
    await this.#ensureAlarm(delivery ? this.#sweepMs() : PRUNE_EVERY_MS);
    if (!delivery) return { duplicate: false, known, queued: false };
    return { duplicate: false, known, queued: await this.#enqueue(id, delivery, seen) };
  }

  /**
   * A duplicate of a recorded delivery: if its enqueue is in flight, wait for the same outcome; if
   * a previous enqueue failed (state "recorded", no enqueue in flight), enqueue it now.
   */
  async #settle(id, prev) {
    if (prev.state !== "recorded") return prev.state === "queued";
    const inflight = this.#inflight.get(id);
    if (inflight) return inflight;
    const out = await this.ctx.storage.get(`out:${id}`);
    if (!out) return true;
    return this.#enqueue(id, out.message);
  }

  /**
   * Puts a recorded delivery on the queue (once at a time per id), then marks it queued.
   * `seen`: its record when the caller just wrote it (saves a read).
   */
  #enqueue(id, message, seen) {
    const existing = this.#inflight.get(id);
    if (existing) return existing;
    const p = (async () => {
      try {
        this.#fault("enqueue");
        await this.env.DELIVERIES.send(message, { contentType: "json" });
      } catch (e) {
        log("error", "delivery.enqueue_failed", { id, error: errorName(e) });
        throw new Error("the delivery could not be queued");
      }
      const storage = this.ctx.storage;
      const record = seen ?? (await storage.get(`seen:${id}`));
      // Both writes are one atomic batch (no await between them).
      storage.delete(`out:${id}`);
      if (record) storage.put(`seen:${id}`, { ...record, state: "queued" });
      return true;
    })();
    this.#inflight.set(id, p);
    p.finally(() => this.#inflight.delete(id)).catch(() => {});
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // Agent sends (POST /messages with an Idempotency-Key)

  /** The stored state of a send, or null. Stale pending sends become "unknown". */
  async sendState(key) {
    const s = await this.ctx.storage.get(`send:${key}`);
    if (!s) return null;
    if (s.state === "pending" && Date.now() - s.startedAt > PENDING_SEND_STALE_MS) {
      const u = { ...s, state: "unknown" };
      await this.ctx.storage.put(`send:${key}`, u);
      return u;
    }
    return s;
  }

  /**
   * Records a pending send before Twilio is called (atomic: of concurrent requests with one key,
   * exactly one gets `{ began: true }`; the others get the stored state).
   * `send`: `{ fingerprint, at, kind, params }`.
   */
  async beginSend(key, send) {
    this.#fault("beginSend");
    const storage = this.ctx.storage;
    const existing = await this.sendState(key);
    if (existing) return { began: false, send: existing };
    await storage.put(`send:${key}`, { ...send, state: "pending", startedAt: Date.now() });
    await this.#pruneSends();
    return { began: true };
  }

  /**
   * The outcome of a send: `{ state: "sent", result: { sid, status, params }, event }`,
   * `{ state: "failed", error }` (Twilio refused it: nothing was sent), `{ state: "unknown" }`
   * (timeout, network error: Twilio may have sent it), or `{ state: "released" }` (nothing was sent
   * and a retry may send: the key is forgotten).
   */
  async finishSend(key, outcome) {
    this.#fault("finishSend");
    const storage = this.ctx.storage;
    const s = await storage.get(`send:${key}`);
    if (outcome.state === "released") {
      if (s && s.state === "pending") await storage.delete(`send:${key}`);
      return;
    }
    if (s && s.state === "sent") return; // reconciled meanwhile (its status callback came first)
    const entries = { [`send:${key}`]: { ...(s ?? {}), state: outcome.state, result: outcome.result, error: outcome.error, doneAt: Date.now() } };
    if (outcome.state === "sent") Object.assign(entries, await this.#outboundEntries(outcome.event, outcome.result.sid));
    await storage.put(entries);
    if (outcome.state === "sent") await this.#pruneMessages();
  }

  /** Reconciles an unknown send with a message found in Twilio's message list. */
  async reconcileSend(key, result, by) {
    const storage = this.ctx.storage;
    const s = await storage.get(`send:${key}`);
    if (!s || s.state === "sent" || s.state === "failed") return s ?? null;
    const taken = await storage.get(`msg:${result.sid}`);
    if (taken && taken.sentAt !== null && taken.sendKey && taken.sendKey !== key) return s; // another send's message
    const u = { ...s, state: "sent", result: { ...result, params: s.params ?? null }, reconciledBy: by, doneAt: Date.now() };
    await storage.put({ [`send:${key}`]: u, ...(await this.#outboundEntries({ direction: "outbound", at: s.at, kind: s.kind }, result.sid, key)) });
    log("info", "send.reconciled", { sid: result.sid, by });
    return u;
  }

  /** Marks an unknown send as not sent (Twilio's list has no such message long after). */
  async abandonSend(key) {
    const s = await this.ctx.storage.get(`send:${key}`);
    if (!s || s.state !== "unknown") return s ?? null;
    const u = { ...s, state: "failed", error: { status: 0, code: null, message: "not found at Twilio: not sent" }, doneAt: Date.now() };
    await this.ctx.storage.put(`send:${key}`, u);
    return u;
  }

  /** Records a business message sent through the Messages API (no Idempotency-Key flow). */
  async recordOutbound(event, sid) {
    await this.ctx.storage.put(await this.#outboundEntries(event, sid));
    await this.#pruneMessages();
  }

  /** Storage entries recording an outbound event (and its message's status record). */
  async #outboundEntries(event, sid, sendKey) {
    const storage = this.ctx.storage;
    const got = await storage.get(["outbound", "entry", ...(sid ? [`msg:${sid}`] : [])]);
    const outbound = got.get("outbound") ?? [];
    const ev = { ...(sid ? { id: sid } : {}), ...event };
    if (!sid || !outbound.some((e) => e.id === sid)) outbound.push(ev);
    const entries = { outbound: newest(outbound) };
    const entry = got.get("entry");
    if (entry && entry.reply === null && ev.at >= entry.referral.at) entries.entry = { ...entry, reply: ev };
    if (sid) {
      const msg = got.get(`msg:${sid}`) ?? { sentAt: null, statuses: [], current: null };
      entries[`msg:${sid}`] = { ...msg, sentAt: msg.sentAt ?? event.at, ...(sendKey ? { sendKey } : {}) };
    }
    return entries;
  }

  // -------------------------------------------------------------------------------------------
  // Reads, clean-up

  /** The stored state: `{ events, statuses }` (events oldest first, in wa-guard's shape; statuses by MessageSid). */
  async snapshot() {
    const storage = this.ctx.storage;
    const got = await storage.get(["inbound", "outbound", "entry"]);
    const all = [...(got.get("inbound") ?? []), ...(got.get("outbound") ?? [])];
    const entry = got.get("entry");
    for (const e of entry ? [entry.referral, entry.reply] : []) {
      if (e && !all.some((x) => x.id !== undefined && x.id === e.id && x.direction === e.direction)) all.push(e);
    }
    all.sort((a, b) => a.at - b.at);
    const events = all.map(({ id, ...e }) => e);
    const statuses = {};
    for (const [k, v] of await storage.list({ prefix: "msg:" })) {
      const { sendKey, ...rest } = v;
      statuses[k.slice(4)] = rest;
    }
    return { events, statuses };
  }

  /** Deliveries recorded but not yet confirmed on the queue (ids). */
  async pendingDeliveries() {
    return [...(await this.ctx.storage.list({ prefix: "out:" })).keys()].map((k) => k.slice(4));
  }

  /** Periodic work: re-enqueue outbox entries whose enqueue failed; forget old delivery ids. */
  async alarm() {
    const storage = this.ctx.storage;
    this.#alarmAt = null;
    let outboxLeft = 0;
    const sweep = this.#sweepMs();
    for (const [k, v] of await storage.list({ prefix: "out:" })) {
      const id = k.slice(4);
      if (this.#inflight.has(id) || Date.now() - v.since < sweep) {
        outboxLeft += 1;
        continue;
      }
      try {
        await this.#enqueue(id, v.message);
        log("info", "delivery.outbox_requeued", { id });
      } catch {
        outboxLeft += 1;
      }
    }
    // Pruning lists every delivery id: at most once per PRUNE_EVERY_MS of this object's life.
    let left = 1;
    if (this.#prunedAt === undefined || Date.now() - this.#prunedAt >= PRUNE_EVERY_MS) {
      left = await this.prune(Date.now());
      this.#prunedAt = Date.now();
    }
    if (outboxLeft > 0) await this.#ensureAlarm(sweep);
    else if (left > 0) await this.#ensureAlarm(PRUNE_EVERY_MS);
  }

  /**
   * Forgets delivery ids older than the dedupe horizon at `now` (epoch ms), and the oldest beyond
   * MAX_SEEN. Ids whose delivery is still in the outbox are kept. → ids left.
   */
  async prune(now) {
    const storage = this.ctx.storage;
    const horizon = now - DEDUPE_TTL_MS;
    const stale = [];
    const kept = [];
    for (const [k, v] of await storage.list({ prefix: "seen:" })) {
      if (v.state !== "recorded" && v.at < horizon) stale.push(k);
      else kept.push([k, v]);
    }
    if (kept.length > MAX_SEEN) {
      kept.sort((a, b) => a[1].at - b[1].at);
      const over = kept.splice(0, kept.length - MAX_SEEN).filter(([, v]) => v.state !== "recorded");
      stale.push(...over.map(([k]) => k));
    }
    for (let i = 0; i < stale.length; i += 128) await storage.delete(stale.slice(i, i + 128));
    await this.#pruneSends(now);
    return kept.length;
  }

  /**
   * Test-only fault injection: the next `times` calls of `op` ("acceptInbound", "acceptStatus",
   * "enqueue", "beginSend", "finishSend") throw. Refused unless the ALLOW_FAULT_INJECTION binding is
   * "1" (never set in production; only the test harness sets it) and, like the test clock, the
   * public base URL is loopback (./clock.js startupProblem).
   */
  async injectFault(op, times = 1) {
    if (String(this.env.ALLOW_FAULT_INJECTION ?? "") !== "1") throw new Error("fault injection is disabled");
    if (startupProblem(this.env)) throw new Error("fault injection is refused on this configuration");
    this.#faults.set(op, times);
  }

  #fault(op) {
    const n = this.#faults.get(op);
    if (!n) return;
    this.#faults.set(op, n - 1);
    throw new Error(`injected fault: ${op}`);
  }

  #sweepMs() {
    const n = Number(this.env.OUTBOX_SWEEP_MS);
    return Number.isFinite(n) && n > 0 ? n : DEFAULT_OUTBOX_SWEEP_MS;
  }

  async #ensureAlarm(inMs) {
    const storage = this.ctx.storage;
    const want = Date.now() + inMs;
    // The alarm time is cached in memory: one storage read per object lifetime, not per message.
    if (this.#alarmAt === undefined) this.#alarmAt = await storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= want && this.#alarmAt > Date.now()) return;
    await storage.setAlarm(want);
    this.#alarmAt = want;
  }

  async #pruneMessages() {
    const storage = this.ctx.storage;
    const msgs = [...(await storage.list({ prefix: "msg:" }))];
    if (msgs.length <= MAX_TRACKED_MESSAGES) return;
    msgs.sort((a, b) => (a[1].sentAt ?? 0) - (b[1].sentAt ?? 0));
    await storage.delete(msgs.slice(0, msgs.length - MAX_TRACKED_MESSAGES).map(([k]) => k));
  }

  async #pruneSends(now = Date.now()) {
    const storage = this.ctx.storage;
    const sends = [...(await storage.list({ prefix: "send:" }))];
    const drop = sends.filter(([, s]) => s.state !== "pending" && s.state !== "unknown" && now - s.startedAt > SEND_KEY_TTL_MS).map(([k]) => k);
    const rest = sends.filter(([k]) => !drop.includes(k));
    if (rest.length > MAX_SEND_KEYS) {
      rest.sort((a, b) => a[1].startedAt - b[1].startedAt);
      drop.push(...rest.slice(0, rest.length - MAX_SEND_KEYS).filter(([, s]) => s.state === "sent" || s.state === "failed").map(([k]) => k));
    }
    for (let i = 0; i < drop.length; i += 128) await storage.delete(drop.slice(i, i + 128));
  }
}

/** A status's place along a message's life (wa-guard `statusRank`); stored statuses are parsed ones. */
function rank(status) {
  return wa.statusRank(status);
}

function newest(events) {
  events.sort((a, b) => a.at - b.at);
  return events.slice(-MAX_EVENTS_PER_DIRECTION);
}
