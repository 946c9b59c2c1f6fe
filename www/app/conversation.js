// Conversation panel: the timeline, the simulated clock, and the window banner with its live
// countdown. The window state comes from wa-guard's conversationState (or, in worker mode, from
// the local worker); this module only displays it.
import { byId, h, fill, codeBadge, duration, clockText, timeText } from "./dom.js";
import { call, has } from "./wa.js";
import { state, now, emit, on, addEvent, workstream } from "./store.js";

/** "Closing soon" threshold passed to wa-guard (a UI choice: warn the agent one hour ahead). */
export const CLOSING_SOON_MS = 60 * 60 * 1000;

const MIN = 60 * 1000;

/** The events as wa-guard takes them. */
function eventsForRules() {
  return state.events.map((e) => ({
    direction: e.direction,
    at: new Date(e.at).toISOString(),
    kind: e.kind,
    ...(e.referral ? { referral: e.referral } : {}),
  }));
}

/**
 * The window state at the simulated now, as `{ ok, value | error | missing, source }`; kept in
 * `state.window` for the composer. In worker mode the last state fetched from the worker is used.
 */
export function computeWindow() {
  if (state.worker.enabled && state.worker.status === "online" && state.worker.window) {
    state.window = { ok: true, value: state.worker.window, source: "worker" };
    return state.window;
  }
  const ws = workstream();
  const r = call("conversationState", {
    events: eventsForRules(),
    now: new Date(now()).toISOString(),
    ...(ws ? { workstream: ws } : {}),
    closingSoonMs: CLOSING_SOON_MS,
  });
  state.window = { ...r, source: "wa-guard" };
  return state.window;
}

/** Reads the fields the page shows from a conversationState/windowState result. */
export function windowView(v) {
  const w = v?.window ?? v ?? {};
  const fep = v?.freeEntryPoint ?? w.freeEntryPoint ?? null;
  return {
    open: w.open === true,
    closingSoon: w.closingSoon === true,
    closesAt: w.closesAt ?? null,
    openedAt: w.openedAt ?? null,
    remainingMs: typeof w.remainingMs === "number" ? w.remainingMs : null,
    fep: fep && (fep.open !== undefined || fep.closesAt) ? { open: fep.open === true, closesAt: fep.closesAt ?? null } : null,
  };
}

function renderBanner() {
  const banner = byId("window-banner");
  const text = byId("banner-text");
  const countdown = byId("banner-countdown");
  const fepBox = byId("banner-fep");
  const r = state.window;
  if (!r || r.missing) {
    banner.dataset.state = "unknown";
    fill(text, "not available in this build (", h("code", {}, "conversationState"), ")");
    fill(countdown);
    fepBox.hidden = true;
    return;
  }
  if (!r.ok) {
    banner.dataset.state = "error";
    fill(text, codeBadge(r.error.code), " ", r.error.message);
    fill(countdown);
    fepBox.hidden = true;
    return;
  }
  const v = windowView(r.value);
  const state_ = v.open ? (v.closingSoon ? "closing" : "open") : "closed";
  banner.dataset.state = state_;
  const label = { open: "Open", closing: "Closing soon", closed: "Closed" }[state_];
  const until = v.closesAt ? (v.open ? ` until ${clockText(v.closesAt)}` : ` since ${clockText(v.closesAt)}`) : "";
  fill(text, h("strong", { class: "state-word" }, label), until,
    v.open ? null : h("span", { class: "muted" }, " · templates only until the customer writes again"),
    r.source === "worker" ? h("span", { class: "pill small" }, "from worker") : null);
  fill(countdown, v.open && v.remainingMs !== null ? [h("span", { class: "small muted" }, "closes in "), duration(v.remainingMs)] : "");
  if (v.fep) {
    fepBox.hidden = false;
    fill(fepBox, h("span", { class: "fep-tag" }, "Free entry point"), " ",
      v.fep.open ? `open${v.fep.closesAt ? ` until ${clockText(v.fep.closesAt)}` : ""}: every message is free of charge (free text still needs the window)`
        : `closed${v.fep.closesAt ? ` since ${clockText(v.fep.closesAt)}` : ""}`);
  } else {
    fepBox.hidden = true;
  }
}

function renderClock() {
  const t = byId("clock-now");
  const n = now();
  t.dateTime = new Date(n).toISOString();
  const ahead = state.clockOffsetMs;
  fill(t, clockText(n), ahead > 0 ? h("span", { class: "muted small" }, ` (real time + ${duration(ahead)})`) : null);
}

function renderTimeline() {
  const list = byId("timeline");
  const n = now();
  if (!state.events.length) {
    fill(list, h("li", { class: "empty muted" }, "No messages yet. Let the customer write first."));
    return;
  }
  fill(list, state.events.map((e) => h("li", { class: `msg ${e.direction}`, dataset: { kind: e.kind ?? "message" } },
    h("div", { class: "bubble" },
      e.template ? h("div", { class: "tag" }, "Template ", h("code", {}, e.template)) : null,
      e.referral ? h("div", { class: "tag ad" }, "From a click-to-WhatsApp ad") : null,
      e.media ? h("div", { class: "tag" }, "Attachment: ", e.media) : null,
      e.text ? h("p", {}, e.text) : null,
      h("time", { dateTime: new Date(e.at).toISOString(), class: "at" }, `${e.direction === "inbound" ? state.customer.name : "Agent"} · ${timeText(e.at, n)}`)))));
  list.scrollTop = list.scrollHeight;
}

function renderWorkstreams() {
  const sel = byId("workstream-select");
  const ws = state.config?.workstreams ?? [];
  fill(sel, ws.map((w, i) => h("option", { value: String(i) }, `${w?.name ?? w?.id ?? `#${i + 1}`} (${w?.number ?? "?"})`)));
  sel.value = String(Math.min(state.workstreamIndex, Math.max(ws.length - 1, 0)));
  const address = byId("customer-address");
  address.textContent = `${state.customer.number} · ${state.customer.language}`;
  byId("customer-name").textContent = state.customer.name;
}

/** Recomputes and redraws everything time-dependent; tells the composer. */
export function refresh() {
  computeWindow();
  renderClock();
  renderBanner();
  emit("window");
}

function seed() {
  const t = now();
  state.events = [];
  addEvent({ direction: "inbound", at: t - 25 * MIN, kind: "message", text: "Hi! I ordered a blender last week (order A-1042). Where is it?" });
  addEvent({ direction: "outbound", at: t - 22 * MIN, kind: "message", text: "Hi Ana, let me check that for you." });
}

/** Records an inbound customer message (locally, or through the worker in worker mode). */
export async function receive(text, viaAd) {
  const referral = viaAd ? { sourceType: "ad", sourceId: "120211234567890", ctwaClid: "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a" } : undefined;
  const ev = { direction: "inbound", at: now(), kind: "message", text, ...(referral ? { referral } : {}) };
  emit("inbound", ev);
  addEvent(ev);
}

export function initConversation() {
  for (const b of document.querySelectorAll("[data-advance]")) {
    b.addEventListener("click", () => {
      state.clockOffsetMs += Number(b.dataset.advance);
      emit("clock");
    });
  }
  byId("clock-reset").addEventListener("click", () => {
    state.clockOffsetMs = 0;
    emit("clock");
  });
  byId("conversation-restart").addEventListener("click", () => {
    state.clockOffsetMs = 0;
    seed();
    emit("clock");
  });
  byId("inbound-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = byId("inbound-text");
    const text = input.value.trim() || "…";
    receive(text, byId("inbound-ad").checked);
  });
  byId("workstream-select").addEventListener("change", (e) => {
    state.workstreamIndex = Number(e.target.value);
    emit("workstream");
    refresh();
  });
  on("events", () => { renderTimeline(); refresh(); });
  on("clock", () => { renderTimeline(); refresh(); });
  on("config", () => { renderWorkstreams(); refresh(); });
  on("customer", () => { renderWorkstreams(); renderTimeline(); refresh(); });
  on("worker", () => refresh());
  on("tick", () => refresh());
  if (!has("conversationState")) state.window = { ok: false, missing: true };
  renderWorkstreams();
  seed();
}
