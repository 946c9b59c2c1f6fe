// The DeliveryOps Durable Object (one instance, named "ops"): delivery counts and the dead-letter
// store. Two kinds of dead letters:
//   "undelivered"  acknowledged to Twilio, but every upstream attempt failed (from the DLQ consumer);
//                  holds the delivery (id, type, exact body) so it can be replayed as it was.
//   "refused"      verified as Twilio's, then refused by a later check (unconfigured number, another
//                  account, malformed parameters): holds the webhook's parameters and the reason, so
//                  an operator can fix the configuration and replay it (Twilio never retries a 4xx).
// Listing returns metadata only (no message bodies); replay is an agent-authenticated route.
import { DurableObject } from "cloudflare:workers";

/** Refused webhooks kept (the newest); undelivered messages are never evicted. */
export const MAX_REFUSED = 10_000;
const COUNTERS = ["queued", "delivered", "retried", "dead", "refused", "replayed"];

export class DeliveryOps extends DurableObject {
  /** Adds to the counters: `{ queued?, delivered?, retried?, dead?, refused?, replayed? }`. */
  async count(deltas) {
    const storage = this.ctx.storage;
    const counts = (await storage.get("counts")) ?? {};
    let changed = false;
    for (const k of COUNTERS) {
      const d = Number(deltas?.[k] ?? 0);
      if (Number.isFinite(d) && d !== 0) {
        counts[k] = (counts[k] ?? 0) + d;
        changed = true;
      }
    }
    if (changed) await storage.put("counts", counts);
  }

  /** `{ queued, delivered, retried, dead, refused, replayed, deadLetters: { undelivered, refused } }`. */
  async stats() {
    const storage = this.ctx.storage;
    const counts = (await storage.get("counts")) ?? {};
    const out = Object.fromEntries(COUNTERS.map((k) => [k, counts[k] ?? 0]));
    const index = (await storage.get("deadIndex")) ?? { undelivered: 0, refused: 0 };
    return { ...out, deadLetters: index };
  }

  /**
   * Stores dead letters: `[{ kind, id, type, reason, message? | params?, status? }]`. The same id
   * stored twice is one entry (its `times` grows).
   */
  async addDead(entries) {
    const storage = this.ctx.storage;
    const index = (await storage.get("deadIndex")) ?? { undelivered: 0, refused: 0, seq: 0 };
    const counts = (await storage.get("counts")) ?? {};
    const puts = {};
    for (const e of entries) {
      const key = `dead:${e.id}`;
      const prev = (await storage.get(key)) ?? puts[key];
      if (prev) {
        puts[key] = { ...prev, times: (prev.times ?? 1) + 1, lastAt: Date.now() };
        continue;
      }
      index.seq = (index.seq ?? 0) + 1;
      puts[key] = { ...e, seq: index.seq, at: Date.now(), times: 1 };
      index[e.kind] = (index[e.kind] ?? 0) + 1;
      counts[e.kind === "refused" ? "refused" : "dead"] = (counts[e.kind === "refused" ? "refused" : "dead"] ?? 0) + 1;
    }
    puts.deadIndex = index;
    puts.counts = counts;
    await storage.put(puts);
    if (index.refused > MAX_REFUSED) await this.#evictRefused(index);
  }

  /** Dead letters, oldest first, metadata only. `{ items, cursor }` (cursor: pass back for more). */
  async listDead({ limit = 100, cursor, kind } = {}) {
    const storage = this.ctx.storage;
    const n = Math.max(1, Math.min(1000, Number(limit) || 100));
    const opts = { prefix: "dead:", limit: n + 1 };
    if (cursor) opts.startAfter = `dead:${cursor}`;
    const rows = [...(await storage.list(opts)).values()];
    const more = rows.length > n;
    const items = rows
      .slice(0, n)
      .filter((e) => !kind || e.kind === kind)
      .map((e) => ({ id: e.id, kind: e.kind, type: e.type, reason: e.reason, status: e.status ?? null, at: new Date(e.at).toISOString(), times: e.times ?? 1 }));
    return { items, cursor: more ? rows[n - 1].id : null };
  }

  /** One dead letter (with its message or parameters, for a replay), or null. */
  async getDead(id) {
    return (await this.ctx.storage.get(`dead:${id}`)) ?? null;
  }

  /** Removes a replayed dead letter. */
  async removeDead(id) {
    const storage = this.ctx.storage;
    const e = await storage.get(`dead:${id}`);
    if (!e) return false;
    const index = (await storage.get("deadIndex")) ?? { undelivered: 0, refused: 0 };
    index[e.kind] = Math.max(0, (index[e.kind] ?? 1) - 1);
    const counts = (await storage.get("counts")) ?? {};
    counts.replayed = (counts.replayed ?? 0) + 1;
    await storage.delete(`dead:${id}`);
    await storage.put({ deadIndex: index, counts });
    return true;
  }

  async #evictRefused(index) {
    const storage = this.ctx.storage;
    const refused = [...(await storage.list({ prefix: "dead:" }))].filter(([, e]) => e.kind === "refused");
    refused.sort((a, b) => a[1].seq - b[1].seq);
    const drop = refused.slice(0, refused.length - MAX_REFUSED).map(([k]) => k);
    for (let i = 0; i < drop.length; i += 128) await storage.delete(drop.slice(i, i + 128));
    index.refused -= drop.length;
    await storage.put("deadIndex", index);
  }
}
