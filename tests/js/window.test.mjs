// windowState / conversationState as JS sees them (run pkg-scripts/build first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as wa from "./pkg.mjs";

const H = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const t0 = Date.parse("2026-11-24T08:30:00Z");

const throwsCode = (fn, code, path) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.code, code);
    if (path !== undefined) assert.equal(e.path, path);
    return true;
  });

test("windowState: ISO strings out, ms durations, boundary to the millisecond", () => {
  const s = wa.windowState({ lastInboundAt: "2026-11-24T09:30:00+01:00", now: t0 + 24 * H - 1 });
  assert.deepEqual(s, {
    now: iso(t0 + 24 * H - 1),
    open: true,
    openedAt: "2026-11-24T08:30:00.000Z",
    lastInboundAt: "2026-11-24T08:30:00.000Z",
    closesAt: "2026-11-25T08:30:00.000Z",
    remainingMs: 1,
    closingSoon: true,
    entryPoint: { open: false, openedAt: null, closesAt: null, remainingMs: 0, replyBy: null },
  });
  const closed = wa.windowState({ lastInboundAt: t0, now: iso(t0 + 24 * H) });
  assert.equal(closed.open, false);
  assert.equal(closed.remainingMs, 0);
  assert.equal(closed.closingSoon, false);
});

test("windowState: epoch ms and ISO inputs agree; now defaults to the clock", () => {
  const a = wa.windowState({ lastInboundAt: t0, now: t0 + H });
  const b = wa.windowState({ lastInboundAt: "2026-11-24T03:30:00-05:00", now: "2026-11-24T09:30Z" });
  assert.deepEqual(a, b);
  const before = Date.now();
  const live = wa.windowState({ lastInboundAt: before - H });
  const now = Date.parse(live.now);
  assert.ok(now >= before && now <= Date.now() + 1);
  assert.equal(live.open, true);
  throwsCode(() => wa.windowState({}), "INVALID_ARGUMENT", "input");
  throwsCode(() => wa.windowState([]), "INVALID_ARGUMENT", "input");
  assert.equal(wa.windowState({ lastInboundAt: null }).closesAt, null);
});

test("windowState: closingSoonMs and entryPoint", () => {
  const s = wa.windowState({ lastInboundAt: t0, now: t0 + 23 * H, closingSoonMs: H / 2 });
  assert.equal(s.closingSoon, false);
  const fep = wa.windowState({
    lastInboundAt: t0,
    now: t0 + 50 * H,
    entryPoint: { referralAt: t0, repliedAt: t0 + 2 * H },
  });
  assert.equal(fep.open, false, "the free entry point never opens the service window");
  assert.equal(fep.entryPoint.open, true);
  assert.equal(fep.entryPoint.closesAt, iso(t0 + 74 * H));
  assert.equal(fep.entryPoint.remainingMs, 24 * H);
});

test("bad input is a coded error with a path", () => {
  throwsCode(() => wa.windowState({ lastInboundAt: "yesterday" }), "INSTANT_INVALID", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: "2026-11-24T09:30:00" }), "INSTANT_NO_OFFSET", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: 1.5 }), "INSTANT_INVALID", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: -1 }), "INSTANT_OUT_OF_RANGE", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: t0, now: "soon" }), "INSTANT_INVALID", "now");
  throwsCode(() => wa.windowState({ lastInboundAt: t0 + 6 * 60_000, now: t0 }), "EVENT_IN_FUTURE", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInbound: t0 }), "INVALID_ARGUMENT", "lastInbound");
  throwsCode(() => wa.conversationState({ events: [], workStream: {} }), "INVALID_ARGUMENT", "workStream");
  throwsCode(() => wa.windowState({ lastInboundAt: null, closingSoonMs: -1 }), "INVALID_ARGUMENT", "closingSoonMs");
  throwsCode(() => wa.windowState("2026-11-24T08:30:00Z"), "INVALID_ARGUMENT");
  throwsCode(() => wa.windowState(undefined), "INVALID_ARGUMENT");
  throwsCode(
    () => wa.conversationState({ events: [{ direction: "in", at: t0 }], now: t0 }),
    "EVENT_DIRECTION_INVALID",
    "events[0].direction",
  );
  throwsCode(
    () =>
      wa.conversationState({
        events: [
          { direction: "inbound", at: t0 },
          { direction: "outbound", at: t0 + 5 * 60_000 + 1 },
        ],
        now: t0,
      }),
    "EVENT_IN_FUTURE",
    "events[1].at",
  );
  throwsCode(
    () => wa.conversationState({ events: [{ direction: "inbound", at: t0, kind: "template" }], now: t0 }),
    "EVENT_KIND_INVALID",
    "events[0].kind",
  );
  throwsCode(() => wa.conversationState({ events: "none" }), "INVALID_ARGUMENT");
});

test("conversationState: any order, skew, only inbound opens", () => {
  const events = [
    { direction: "outbound", at: iso(t0 + 30 * H), kind: "template" },
    { direction: "inbound", at: t0 },
    { direction: "inbound", at: "2026-11-25T06:30:00-02:00", kind: "call" }, // t0 + 24h
    { direction: "outbound", at: t0 + H },
  ];
  const now = t0 + 40 * H;
  const expected = wa.conversationState({ events, now });
  assert.equal(expected.open, true);
  assert.equal(expected.openedAt, iso(t0 + 24 * H), "a new window opened at exactly 24h");
  assert.equal(expected.closesAt, iso(t0 + 48 * H));
  for (let i = 0; i < 20; i++) {
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    assert.deepEqual(wa.conversationState({ events: shuffled, now }), expected);
  }
  // Same keys and values as windowState for the same last inbound message.
  const ws = wa.windowState({ lastInboundAt: t0 + 24 * H, now });
  assert.deepEqual(Object.keys(expected).sort(), Object.keys(ws).sort());
  const skewed = wa.conversationState({
    events: [{ direction: "inbound", at: t0 + 2 * 60_000 }],
    now: t0,
    skewToleranceMs: 3 * 60_000,
  });
  assert.equal(skewed.lastInboundAt, iso(t0));
  assert.equal(
    wa.conversationState({ events: [{ direction: "outbound", at: t0 }], now: t0 + 1 }).open,
    false,
  );
});

const sample = JSON.parse(readFileSync(new URL("../../www/sample-config.json", import.meta.url)));

test("conversationState with a workstream: allowed actions with reason codes", () => {
  const workstream = {
    id: "support",
    name: "Support",
    number: "+14155550100",
    language: "en",
    attachments: { enabled: true, customersMaySend: true, agentsMaySend: false },
    templates: [
      { sid: "HX" + "a".repeat(32), name: "follow_up", language: "en", body: "Hi {{1}}, we are following up on your request.", category: "utility" },
      { sid: "HX" + "b".repeat(32), name: "follow_up", language: "pt_BR", body: "Oi {{1}}, estamos acompanhando a sua solicitação.", category: "utility" },
    ],
  };
  const events = [{ direction: "inbound", at: t0, referral: { sourceType: "ad", ctwaClid: "x" } }];
  const open = wa.conversationState({ events, now: t0 + H, workstream, customerLanguage: "pt-BR" });
  assert.equal(open.actions.freeText.allowed, true);
  assert.deepEqual(open.actions.freeText.reasons, []);
  assert.equal(open.actions.attachments.allowed, false);
  assert.deepEqual(open.actions.attachments.reasons.map((r) => r.code), ["AGENT_ATTACHMENTS_NOT_ALLOWED"]);
  assert.equal(open.actions.templates.language, "pt_BR");
  assert.deepEqual(open.actions.templates.templateSids, ["HX" + "b".repeat(32)]);
  assert.equal(open.entryPoint.replyBy, iso(t0 + 24 * H));

  const closed = wa.conversationState({ events, now: t0 + 24 * H, workstream, customerLanguage: "de" });
  assert.equal(closed.actions.freeText.allowed, false);
  assert.equal(closed.actions.freeText.reasons[0].code, "WINDOW_CLOSED");
  assert.match(closed.actions.freeText.reasons[0].message, /63016/);
  assert.deepEqual(closed.actions.attachments.reasons.map((r) => r.code), ["WINDOW_CLOSED", "AGENT_ATTACHMENTS_NOT_ALLOWED"]);
  assert.equal(closed.actions.templates.allowed, true);
  assert.equal(closed.actions.templates.language, "en");
  assert.equal(wa.conversationState({ events, now: t0 }).actions, undefined);

  // The sample config's workstreams are accepted as they are.
  for (const ws of sample.workstreams) {
    const s = wa.conversationState({ events, now: t0 + H, workstream: ws });
    assert.equal(s.actions.templates.allowed, true, ws.id);
  }
});

test("more than 100,000 events is INPUT_TOO_LARGE, checked before reading them", () => {
  const events = new Array(100_001).fill(null);
  throwsCode(() => wa.conversationState({ events, now: t0 }), "INPUT_TOO_LARGE", "events");
  const ok = Array.from({ length: 100_000 }, (_, i) => ({ direction: i % 2 ? "outbound" : "inbound", at: t0 + i }));
  assert.equal(wa.conversationState({ events: ok, now: t0 + 100_000 }).lastInboundAt, iso(t0 + 99_998));
});

test("argument shapes: unknown fields, nested wrong types and undefined are handled by from_js", () => {
  throwsCode(() => wa.windowState({ lastInbound: t0 }), "INVALID_ARGUMENT", "lastInbound");
  assert.throws(() => wa.windowState({ lastInbound: t0 }), /unknown field `lastInbound`/);
  throwsCode(
    () => wa.conversationState({ events: [{ direction: "inbound", at: t0 }, { direction: 7, at: t0 }], now: t0 }),
    "INVALID_ARGUMENT",
    "events[1].direction",
  );
  throwsCode(
    () => wa.conversationState({ events: [{ direction: "inbound", at: t0, when: 1 }], now: t0 }),
    "INVALID_ARGUMENT",
    "events[0].when",
  );
  throwsCode(
    () => wa.conversationState({ events: [], now: t0, workstream: { id: "x", name: "X", number: "+14155550100", language: "en", templates: [{ sid: 5 }] } }),
    "INVALID_ARGUMENT",
    "workstream.templates[0].sid",
  );
  throwsCode(() => wa.conversationState({ events: [], closingSoonMs: 1.5 }), "INVALID_ARGUMENT", "closingSoonMs");
  throwsCode(() => wa.conversationState({ events: [], closingSoonMs: "1" }), "INVALID_ARGUMENT", "closingSoonMs");
  throwsCode(() => wa.conversationState([]), "INVALID_ARGUMENT", "input");
  throwsCode(() => wa.conversationState({}), "INVALID_ARGUMENT", "input");
  // `undefined` properties count as absent.
  const s = wa.windowState({ lastInboundAt: t0, now: t0 + 1, entryPoint: undefined, closingSoonMs: undefined });
  assert.equal(s.remainingMs, 24 * H - 1);
  // Non-integer and non-finite instants are INSTANT_INVALID with their path.
  throwsCode(() => wa.windowState({ lastInboundAt: NaN }), "INSTANT_INVALID", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: Infinity }), "INSTANT_INVALID", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: new Date(NaN) }), "INSTANT_INVALID", "lastInboundAt");
  throwsCode(() => wa.windowState({ lastInboundAt: {} }), "INSTANT_INVALID", "lastInboundAt");
  // A Date is its epoch milliseconds.
  assert.deepEqual(wa.windowState({ lastInboundAt: new Date(t0), now: new Date(t0 + H) }), wa.windowState({ lastInboundAt: t0, now: t0 + H }));
});

test("hostile nesting is never walked: a coded error or a result, not a stack overflow", () => {
  // The readers look only at the fields they know, so depth costs nothing: an array is not an
  // instant, and any object is a referral (its contents are not read).
  let v = 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  throwsCode(() => wa.windowState({ lastInboundAt: v }), "INSTANT_INVALID", "lastInboundAt");
  let o = {};
  for (let i = 0; i < 100_000; i++) o = { sourceType: o };
  const s = wa.conversationState({ events: [{ direction: "inbound", at: t0, referral: o }], now: t0 + H });
  assert.equal(s.open, true);
  assert.equal(s.entryPoint.open, false, "a referral without a business reply opens no free entry point window yet");
});

test("customerLanguage follows the template module's locale rules", () => {
  const ws = sample.workstreams[0];
  const at = (customerLanguage) =>
    wa.conversationState({ events: [], now: t0, workstream: ws, customerLanguage }).actions.templates;
  assert.equal(at("pt_br").language, "pt_BR");
  assert.equal(at("es-419").language, "es", "base language when the locale has none");
  assert.equal(at("de-DE").language, "en", "the workstream default otherwise");
  assert.equal(at(null).language, "en");
  throwsCode(() => at("portuguese"), "LOCALE_INVALID", "customerLanguage");
});

test("customerNumber: marketing templates are left out for US numbers (63049)", () => {
  const ws = sample.workstreams[1]; // sales-trial: marketing spring_offer in es/en, login_code in pt_BR
  const at = (customerNumber, customerLanguage) =>
    wa.conversationState({ events: [], now: t0, workstream: ws, customerNumber, customerLanguage }).actions.templates;
  const us = at("whatsapp:+14155550123", "es");
  assert.equal(us.allowed, false);
  assert.equal(us.reasons[0].code, "MARKETING_TEMPLATES_NOT_DELIVERED");
  assert.deepEqual(us.excludedSids, [ws.templates[0].sid], "the marketing template in the languages tried");
  const br = at("+5511955550123", "es");
  assert.equal(br.allowed, true);
  assert.equal(br.language, "es");
  assert.deepEqual(br.excludedSids, []);
  assert.equal(at("+14155550123", "pt-BR").language, "pt_BR", "authentication templates still go");
  throwsCode(() => at("415 555 0123"), "E164_MISSING_PLUS", "customerNumber");
});

test("an instant before 2009 is INSTANT_OUT_OF_RANGE, and epoch seconds are named as such, in every instant input", () => {
  const secs = 1795509000; // 2026-11-24T08:30:00Z in seconds
  const hint = /1795509000 looks like epoch seconds; pass milliseconds \(1795509000 \* 1000\), which are 2026-11-24T08:30:00\.000Z/;
  const cases = [
    [() => wa.windowState({ lastInboundAt: secs, now: 1795509000000 }), "lastInboundAt"],
    [() => wa.windowState({ lastInboundAt: null, now: secs }), "now"],
    [() => wa.windowState({ lastInboundAt: new Date(secs), now: 1795509000000 }), "lastInboundAt"],
    [() => wa.conversationState({ events: [{ direction: "inbound", at: secs }], now: 1795509000000 }), "events[0].at"],
    [() => wa.conversationState({ events: [], now: secs }), "now"],
    [() => wa.sandboxState({ evidence: [{ kind: "join", at: secs }], now: 1795509000000 }), "evidence[0].at"],
    [() => wa.composeOutbound({ config: { version: 1, account: { accountSid: "AC" + "0".repeat(32) } }, workstreamId: "x", to: "+447400123456", now: secs, content: { body: "Hi" } }), "now"],
  ];
  for (const [f, path] of cases) {
    assert.throws(f, (e) => e.code === "INSTANT_OUT_OF_RANGE" && e.path === path && hint.test(e.message), path);
  }
  // Before 2009 but not plausible seconds: out of range, no hint; 2009 onwards is fine.
  assert.throws(() => wa.windowState({ lastInboundAt: "2008-12-31T23:59:59Z", now: 1795509000000 }), (e) => e.code === "INSTANT_OUT_OF_RANGE" && !/seconds/.test(e.message) && /2009/.test(e.message));
  assert.throws(() => wa.windowState({ lastInboundAt: 0, now: 1795509000000 }), (e) => e.code === "INSTANT_OUT_OF_RANGE" && !/seconds/.test(e.message));
  assert.equal(wa.windowState({ lastInboundAt: "2009-01-01T00:00:00Z", now: "2009-01-01T01:00:00Z" }).open, true);
});

test("sandboxState: a stored status is evidence, and wa-guard decides what it proves (63015: not joined)", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  const joined = { kind: "inbound", at: now - 3_600_000 };
  const failed = (errorCode) => ({ kind: "status", at: now - 60_000, errorCode });
  assert.equal(wa.sandboxState({ evidence: [joined, failed(63016)], now }).joined, true);
  assert.equal(wa.sandboxState({ evidence: [joined, { kind: "status", at: now - 60_000 }], now }).joined, true);
  const refuted = wa.sandboxState({ evidence: [joined, failed(63015)], now });
  assert.equal(refuted.joined, false);
  assert.equal(refuted.notJoinedAt, now - 60_000);
  assert.throws(() => wa.sandboxState({ evidence: [{ kind: "inbound", at: now, errorCode: 63015 }], now }), { code: "INVALID_ARGUMENT", path: "evidence[0].errorCode" });
  assert.throws(() => wa.sandboxState({ evidence: [failed(6.5)], now }), { code: "INVALID_ARGUMENT", path: "evidence[0].errorCode" });
});
