// The per-conversation Durable Object: one instance per (business number, customer number).
// It stores what the window rule needs (the conversation's recent events, the customer's last inbound
// instant), the delivery keys already seen (MessageSid, I-Twilio-Idempotency-Token) so a Twilio retry
// is processed once, and outbound message statuses. Storage only: the rules are wa-guard's.
import { DurableObject } from "cloudflare:workers";

/** Events kept per direction (the newest ones); older ones cannot change the window any more. */
export const MAX_EVENTS_PER_DIRECTION = 20;
/** How long a delivery key is remembered for duplicate detection (ms): Twilio retries within hours. */
export const DEDUPE_TTL_MS = 48 * 3600 * 1000;
/** Statuses kept per outbound message. */
export const MAX_STATUSES_PER_MESSAGE = 10;
/** Outbound messages whose statuses are kept. */
export const MAX_TRACKED_MESSAGES = 100;

const PRUNE_EVERY_MS = 6 * 3600 * 1000;

export class Conversation extends DurableObject {
  /**
   * Records an inbound delivery unless one of its keys was seen before (one atomic step: a Durable
   * Object's storage calls are not interleaved with other requests).
   * `keys`: delivery identifiers (`sid:SM…`, `idem:…`); `event`: `{ direction: "inbound", at, kind, referral? }`;
   * `response`: the answer given to this delivery, replayed to its retries.
   * → `{ duplicate: false }`, or `{ duplicate: true, response }` with the first delivery's response.
   */
  async recordInbound(keys, event, response) {
    const storage = this.ctx.storage;
    const seen = await storage.get(keys.map((k) => `seen:${k}`));
    for (const v of seen.values()) return { duplicate: true, response: v.response ?? null };
    const entries = Object.fromEntries(keys.map((k) => [`seen:${k}`, { at: event.at, response }]));
    const inbound = (await storage.get("inbound")) ?? [];
    inbound.push(event);
    entries.inbound = newest(inbound);
    await storage.put(entries);
    if ((await storage.getAlarm()) === null) await storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
    return { duplicate: false };
  }

  /** Forgets a delivery that could not be processed (e.g. upstream down), so Twilio's retry is. */
  async forgetDelivery(keys, event) {
    const storage = this.ctx.storage;
    await storage.delete(keys.map((k) => `seen:${k}`));
    const inbound = (await storage.get("inbound")) ?? [];
    const i = inbound.findIndex((e) => e.at === event.at && e.kind === event.kind);
    if (i >= 0) {
      inbound.splice(i, 1);
      await storage.put("inbound", inbound);
    }
  }

  /** Records a business message sent through the Messages API. */
  async recordOutbound(event, sid) {
    const storage = this.ctx.storage;
    const outbound = (await storage.get("outbound")) ?? [];
    outbound.push(event);
    const entries = { outbound: newest(outbound) };
    if (sid) entries[`msg:${sid}`] = { sentAt: event.at, statuses: [] };
    await storage.put(entries);
    await this.#pruneMessages();
  }

  /** Records a status callback for an outbound message. → `{ known }`: whether the message was sent here. */
  async recordStatus(sid, status) {
    const storage = this.ctx.storage;
    const key = `msg:${sid}`;
    const msg = (await storage.get(key)) ?? { sentAt: null, statuses: [] };
    const known = msg.sentAt !== null;
    msg.statuses.push(status);
    if (msg.statuses.length > MAX_STATUSES_PER_MESSAGE) msg.statuses.splice(0, msg.statuses.length - MAX_STATUSES_PER_MESSAGE);
    await storage.put(key, msg);
    await this.#pruneMessages();
    return { known };
  }

  /** The stored state: `{ events, statuses }` (events oldest first; statuses by MessageSid). */
  async snapshot() {
    const storage = this.ctx.storage;
    const got = await storage.get(["inbound", "outbound"]);
    const events = [...(got.get("inbound") ?? []), ...(got.get("outbound") ?? [])].sort((a, b) => a.at - b.at);
    const statuses = {};
    for (const [k, v] of await storage.list({ prefix: "msg:" })) statuses[k.slice(4)] = v;
    return { events, statuses };
  }

  /** Periodic clean-up (every 6 hours while delivery keys remain). */
  async alarm() {
    const left = await this.prune(Date.now());
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
  }

  /** Forgets delivery keys older than the dedupe horizon at `now` (epoch ms). → keys left. */
  async prune(now) {
    const storage = this.ctx.storage;
    const horizon = now - DEDUPE_TTL_MS;
    const stale = [];
    let left = 0;
    for (const [k, v] of await storage.list({ prefix: "seen:" })) {
      if (v.at < horizon) stale.push(k);
      else left += 1;
    }
    for (let i = 0; i < stale.length; i += 128) await storage.delete(stale.slice(i, i + 128));
    return left;
  }

  async #pruneMessages() {
    const storage = this.ctx.storage;
    const msgs = [...(await storage.list({ prefix: "msg:" }))];
    if (msgs.length <= MAX_TRACKED_MESSAGES) return;
    msgs.sort((a, b) => (a[1].sentAt ?? 0) - (b[1].sentAt ?? 0));
    await storage.delete(msgs.slice(0, msgs.length - MAX_TRACKED_MESSAGES).map(([k]) => k));
  }
}

function newest(events) {
  events.sort((a, b) => a.at - b.at);
  return events.slice(-MAX_EVENTS_PER_DIRECTION);
}
