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
  return state.events.filter((e) => e.direction !== "system").map((e) => ({
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
    customerLanguage: state.customer.language,
    closingSoonMs: CLOSING_SOON_MS,
  });
  state.window = { ...r, source: "wa-guard" };
  return state.window;
}

/** Reads the fields the page shows from a ConversationState / WindowState. */
export function windowView(v) {
  const ep = v?.entryPoint ?? null;
  return {
    open: v?.open === true,
    closingSoon: v?.closingSoon === true,
    closesAt: v?.closesAt ?? null,
    openedAt: v?.openedAt ?? null,
    lastInboundAt: v?.lastInboundAt ?? null,
    remainingMs: typeof v?.remainingMs === "number" ? v.remainingMs : null,
    fep: ep && (ep.open || ep.closesAt || ep.replyBy) ? ep : null,
  };
}

/** The worker's sandbox session (wa-guard `sandboxState`) for a sandbox workstream, as a pill. */
function sandboxNote(sb) {
  if (!sb || typeof sb !== "object") return null;
  const when = (ms) => clockText(new Date(ms).toISOString());
  const text = sb.joined
    ? `sandbox: joined${sb.inferred ? " (inferred from their messages)" : ""} until ${when(sb.expiresAt)}`
    : sb.notJoinedAt
      ? `sandbox: not joined (Twilio 63015 at ${when(sb.notJoinedAt)})`
      : sb.expiresAt ? `sandbox: session expired ${when(sb.expiresAt)}: they must send the join keyword again` : "sandbox: not joined yet";
  return h("span", { class: "pill small", "data-sandbox": sb.joined ? "joined" : "not-joined" }, text);
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
    r.source === "worker" ? h("span", { class: "pill small" }, "from worker") : null,
    sandboxNote(r.value?.sandbox));
  fill(countdown, v.open && v.remainingMs !== null ? [h("span", { class: "small muted" }, "closes in "), duration(v.remainingMs)] : "");
  if (v.fep) {
    fepBox.hidden = false;
    const f = v.fep;
    fill(fepBox, h("span", { class: "fep-tag" }, "Free entry point"), " ",
      f.open ? [`open until ${clockText(f.closesAt)} `, h("span", { class: "mono" }, `(${duration(f.remainingMs)} left)`), ": every message is free of charge; free text still needs the customer service window."]
        : f.replyBy ? `the customer came from an ad: reply before ${clockText(f.replyBy)} to open a 72-hour window in which every message is free.`
          : `closed since ${clockText(f.closesAt)}.`);
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
  // Where the last window closed (wa-guard's closesAt), as a divider in the timeline.
  const v = state.window?.ok ? windowView(state.window.value) : null;
  const closedAt = v && !v.open && v.closesAt ? Date.parse(v.closesAt) : null;
  const items = [...state.events];
  if (closedAt !== null && closedAt <= n) items.push({ divider: true, at: closedAt });
  items.sort((a, b) => a.at - b.at);
  fill(list, items.map((e) => e.divider
    ? h("li", { class: "divider" }, h("span", {}, `Customer service window closed · ${timeText(e.at, n)}`))
    : h("li", { class: `msg ${e.direction}`, dataset: { kind: e.kind ?? "message" } },
    h("div", { class: "bubble" },
      e.template ? h("div", { class: "tag" }, "Template ", h("code", {}, e.template)) : null,
      e.referral ? h("div", { class: "tag ad" }, "From a click-to-WhatsApp ad") : null,
      e.media ? h("div", { class: "tag" }, "Attachment: ", e.media) : null,
      e.refusedMedia ? h("div", { class: "tag refused" }, `Attachment ${e.refusedMedia.name} not delivered: `, e.refusedMedia.problems.map((p) => [codeBadge(p.code), " "])) : null,
      e.automated ? h("div", { class: "tag" }, "Automated reply") : null,
      e.text ? h("p", {}, e.text) : null,
      h("time", { dateTime: new Date(e.at).toISOString(), class: "at" }, `${{ inbound: state.customer.name, outbound: e.automated ? "Automated" : "Agent", system: "System" }[e.direction]} · ${timeText(e.at, n)}`)))));
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

/** Starts the demo conversation: the customer wrote 25 minutes ago, the agent answered. */
export function seed() {
  const t = now();
  state.events = [];
  state.sandboxJoinedAt = null;
  receive("Hi! I ordered a blender last week (order A-1042). Where is it?", null, false, t - 25 * MIN);
  addEvent({ direction: "outbound", at: t - 22 * MIN, kind: "message", text: "Hi Ana, let me check that for you." });
}

const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n / 2)), (b) => b.toString(16).padStart(2, "0")).join("");

/** The inbound webhook parameters Twilio would post for this customer message. */
function webhookParams(text, media, viaAd) {
  const ws = workstream();
  const customer = call("parseE164", state.customer.number);
  const business = call("parseE164", ws?.number ?? "");
  const sid = `SM${hex(32)}`;
  const p = {
    SmsMessageSid: sid, NumMedia: media ? "1" : "0", ProfileName: state.customer.name,
    MessageType: media ? media.kind : "text", SmsSid: sid,
    WaId: customer.ok ? customer.value.waId : "",
    SmsStatus: "received", Body: text,
    To: business.ok ? business.value.whatsappAddress : `whatsapp:${ws?.number ?? ""}`,
    NumSegments: "1", MessageSid: sid, AccountSid: state.config?.account?.accountSid ?? "",
    From: customer.ok ? customer.value.whatsappAddress : `whatsapp:${state.customer.number}`,
    ApiVersion: "2010-04-01",
  };
  if (media) {
    p.MediaContentType0 = media.contentType;
    p.MediaUrl0 = `https://api.twilio.com/2010-04-01/Accounts/${p.AccountSid}/Messages/${sid}/Media/ME${hex(32)}`;
  }
  if (viaAd) {
    Object.assign(p, {
      ReferralSourceType: "ad", ReferralSourceId: "120211234567890", ReferralHeadline: "Spring offer",
      ReferralSourceUrl: "https://fb.me/acme-spring", ReferralCtwaClid: `ARA${hex(40)}`,
    });
  }
  return p;
}

function renderWebhook(params, verdict) {
  const out = byId("webhook-out");
  fill(out,
    verdict.ok ? h("p", { class: "ok" }, "✓ validateInbound: routed to workstream ", h("code", {}, verdict.value.workstreamId),
      verdict.value.deliverMedia ? "" : h("span", { class: "bad" }, " · attachment not delivered"))
      : verdict.missing ? h("p", { class: "muted" }, "validateInbound is not available in this build")
        : h("p", { class: "bad" }, "✗ ", codeBadge(verdict.error.code), " ", verdict.error.message,
          verdict.error.problems.length ? h("ul", { class: "problems" }, verdict.error.problems.map((p) => h("li", {}, codeBadge(p.code), " ", p.message))) : null),
    h("table", { class: "params" }, h("tbody", {}, Object.entries(params).map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", { class: "mono" }, v))))));
}

/**
 * The customer writes: the webhook Twilio would post is built and checked by validateInbound
 * against the configuration; refused attachments are not shown to the agent and the workstream's
 * automated reply goes out.
 */
export function receive(text, media, viaAd, at = now()) {
  const params = webhookParams(text, media, viaAd);
  const verdict = call("validateInbound", params, state.config);
  renderWebhook(params, verdict);
  const referral = viaAd ? Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith("Referral"))) : undefined;
  if (verdict.ok || verdict.missing) {
    const v = verdict.ok ? verdict.value : null;
    const refused = v && media && !v.deliverMedia;
    // Twilio delivers sandbox webhooks only from users who joined the sandbox: the first one
    // received stands for the join (composeOutbound needs it for business-initiated sends).
    if (v?.sandbox && !state.sandboxJoinedAt) state.sandboxJoinedAt = new Date(at).toISOString();
    emit("inbound", { params, at });
    addEvent({
      direction: "inbound", at, kind: "message", text,
      ...(referral ? { referral } : {}),
      ...(media ? { media: refused ? null : media.name, refusedMedia: refused ? { name: media.name, problems: v.mediaProblems } : null } : {}),
    });
    if (refused && v.autoReply) addEvent({ direction: "outbound", at: at + 1, kind: "message", text: v.autoReply, automated: true });
  } else {
    addEvent({ direction: "system", at, kind: "note", text: `Twilio's webhook was rejected: ${verdict.error.code}` });
  }
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
    const text = input.value.trim();
    const [contentType, size, name, kind] = byId("inbound-media").value.split("|");
    const media = contentType ? { contentType, size: Number(size), name, kind } : null;
    receive(text, media, byId("inbound-ad").checked);
  });
  byId("workstream-select").addEventListener("change", (e) => {
    state.workstreamIndex = Number(e.target.value);
    emit("workstream");
    refresh();
  });
  on("events", () => { refresh(); renderTimeline(); });
  on("clock", () => { refresh(); renderTimeline(); });
  on("config", () => { renderWorkstreams(); refresh(); });
  on("customer", () => { renderWorkstreams(); refresh(); renderTimeline(); });
  on("worker", () => refresh());
  on("tick", () => refresh());
  if (!has("conversationState")) state.window = { ok: false, missing: true };
  renderWorkstreams();
}
