// Idempotent agent sends (POST /messages with an `Idempotency-Key`).
//
// The first request with a key records a pending send in the conversation's Durable Object BEFORE
// Twilio is called; a retry with the same key (and the same request) returns the stored outcome and
// never calls Twilio again. The outcomes:
//   sent      → 201 (the stored result; `idempotent-replayed: true` on a retry)
//   failed    → 502 TWILIO_REJECTED (Twilio answered 4xx: nothing was sent)
//   unknown   → 504 SEND_OUTCOME_UNKNOWN (timeout, network error, Twilio 5xx: it may have been sent).
//               Reconciled by the send's own status callback (its StatusCallback URL carries the
//               key) or, on a retry, by Twilio's message list; never by sending again.
//   pending   → 409 SEND_PENDING (another request with the key is still calling Twilio)
// A send Twilio accepted is reported as sent even when recording it fails (the record is retried in
// the background and logged). Keys are scoped to the conversation (the request's from/to).
import { HttpError, json, jsonError } from "./http.js";
import { errorName, log } from "./delivery.js";

/** Longest Idempotency-Key accepted. */
export const MAX_KEY_CHARS = 200;
/** A send still unknown after this long, and absent from Twilio's message list, was not sent (ms). */
export const GIVE_UP_AFTER_MS = 10 * 60_000;
/** Default time allowed to the Twilio API (ms); `TWILIO_TIMEOUT_MS` overrides. */
export const DEFAULT_TWILIO_TIMEOUT_MS = 10_000;

/** The request's Idempotency-Key (printable ASCII), or a generated one (`auto-<uuid>`). */
export function idempotencyKey(request) {
  const key = request.headers.get("idempotency-key");
  if (key === null) return { key: `auto-${crypto.randomUUID()}`, given: false };
  if (key.length === 0 || key.length > MAX_KEY_CHARS || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpError(400, "INVALID_IDEMPOTENCY_KEY", `Idempotency-Key: 1 to ${MAX_KEY_CHARS} printable ASCII characters`);
  }
  return { key, given: true };
}

/** SHA-256 (hex) of the request's canonical JSON: a key reused for another request is refused. */
export async function fingerprint(req) {
  const canon = (v) =>
    v === null || typeof v !== "object"
      ? JSON.stringify(v)
      : Array.isArray(v)
        ? `[${v.map(canon).join(",")}]`
        : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canon(req)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function twilioTimeoutMs(env) {
  const n = Number(env.TWILIO_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_TWILIO_TIMEOUT_MS;
}

/**
 * A retry of a known key → its Response; null when the key is new.
 * `twilioList({ to, from })` → Twilio's recent messages (for reconciling an unknown outcome).
 */
export async function replay({ stub, key, fp, twilioList }) {
  let s;
  try {
    s = await stub.sendState(key);
  } catch (e) {
    log("error", "send.state_failed", { error: errorName(e) });
    throw new HttpError(503, "SEND_STATE_UNAVAILABLE", "the send's state could not be read; retry with the same Idempotency-Key");
  }
  if (!s) return null;
  if (s.fingerprint !== fp) {
    return jsonError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
  }
  if (s.state === "unknown") s = await reconcileFromList({ stub, key, s, twilioList });
  return stateResponse(key, s, true);
}

/** Looks for the send in Twilio's message list; gives up (not sent) after GIVE_UP_AFTER_MS. */
async function reconcileFromList({ stub, key, s, twilioList }) {
  let found = null;
  try {
    const list = await twilioList({ to: s.params?.To, from: s.params?.From });
    const after = s.startedAt - 60_000;
    const candidates = list.filter(
      (m) =>
        m.to === s.params?.To &&
        (m.from === s.params?.From || !s.params?.From) &&
        Date.parse(m.date_created) >= after &&
        (s.params?.Body === undefined || m.body === s.params.Body),
    );
    if (candidates.length === 1 || (candidates.length > 1 && s.params?.Body !== undefined)) {
      candidates.sort((a, b) => Date.parse(a.date_created) - Date.parse(b.date_created));
      found = candidates[0];
    }
  } catch (e) {
    log("warn", "send.list_failed", { error: errorName(e) });
    return s;
  }
  if (found) return (await stub.reconcileSend(key, { sid: found.sid, status: found.status }, "message-list")) ?? s;
  if (Date.now() - s.startedAt > GIVE_UP_AFTER_MS) return (await stub.abandonSend(key)) ?? s;
  return s;
}

/** The HTTP answer for a stored send state. */
export function stateResponse(key, s, replayed) {
  const h = { "idempotency-key": key, ...(replayed ? { "idempotent-replayed": "true" } : {}) };
  if (s.state === "sent") return json(201, { sid: s.result.sid, status: s.result.status, params: s.result.params ?? s.params }, h);
  if (s.state === "failed") {
    if (s.error && s.error.status === 0) return jsonError(502, "SEND_NOT_SENT", "Twilio has no such message: it was not sent; send again with a new Idempotency-Key", {}, h);
    return jsonError(502, "TWILIO_REJECTED", "Twilio refused the message", { twilio: s.error ?? null }, h);
  }
  if (s.state === "pending") {
    return jsonError(409, "SEND_PENDING", "a request with this Idempotency-Key is still sending; retry with the same key", { idempotencyKey: key }, { ...h, "retry-after": "2" });
  }
  return jsonError(
    504,
    "SEND_OUTCOME_UNKNOWN",
    "Twilio did not answer in time: the message may have been sent. Retry with the same Idempotency-Key to learn the outcome; it is never sent twice",
    { idempotencyKey: key },
    { ...h, "retry-after": "5" },
  );
}

/**
 * Records the pending send, calls Twilio once, records the outcome. → Response.
 * `twilioSend(params)` → `{ ok, message }` or `{ ok: false, error: { status, code, message } }`
 * (`status` 0: no answer). `waitUntil` keeps a failed record retrying after the answer. `admit()`
 * (optional) runs once the send is recorded as pending, before Twilio is called (the rate limit).
 */
export async function sendOnce({ stub, key, fp, at, composed, params, twilioSend, waitUntil, admit }) {
  let begun;
  try {
    begun = await stub.beginSend(key, { fingerprint: fp, at, kind: composed.kind, params });
  } catch (e) {
    log("error", "send.record_pending_failed", { error: errorName(e) });
    throw new HttpError(503, "SEND_STATE_UNAVAILABLE", "the send could not be recorded; nothing was sent; retry with the same Idempotency-Key");
  }
  if (!begun.began) {
    if (begun.send.fingerprint !== fp) return jsonError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
    return stateResponse(key, begun.send, true);
  }
  // Only the request that will call Twilio is admitted (rate limits count sends bound for Twilio, not
  // retries answered from the record); a refusal (429) releases the key: nothing was sent.
  if (admit) {
    try {
      await admit();
    } catch (e) {
      try {
        await stub.finishSend(key, { state: "released" });
      } catch (e2) {
        log("error", "send.release_failed", { error: errorName(e2) });
      }
      throw e;
    }
  }
  const sent = await twilioSend(params);
  let outcome;
  if (sent.ok) {
    outcome = { state: "sent", result: { sid: sent.message.sid, status: sent.message.status, params }, event: { direction: "outbound", at, kind: composed.kind } };
  } else if (sent.error.status === 0 || sent.error.status >= 500) {
    outcome = { state: "unknown" };
    log("warn", "send.outcome_unknown", { twilioStatus: sent.error.status });
  } else if (sent.error.status === 429) {
    outcome = { state: "released" };
  } else {
    outcome = { state: "failed", error: sent.error };
  }
  const record = () => stub.finishSend(key, outcome);
  try {
    await record();
  } catch (e) {
    log("error", "send.record_outcome_failed", { state: outcome.state, sid: outcome.result?.sid ?? null, error: errorName(e) });
    // The answer below stays true to what Twilio did; the record is retried in the background.
    waitUntil(retry(record, 3));
  }
  if (outcome.state === "released") {
    return jsonError(502, "TWILIO_REJECTED", "Twilio refused the message (rate limited): nothing was sent; retry later", { twilio: sent.error }, { "idempotency-key": key, "retry-after": "5" });
  }
  return stateResponse(key, { ...outcome, params }, false);
}

async function retry(fn, times) {
  for (let i = 0; i < times; i++) {
    await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    try {
      await fn();
      return;
    } catch (e) {
      log("error", "send.record_outcome_retry_failed", { attempt: i + 1, error: errorName(e) });
    }
  }
}
