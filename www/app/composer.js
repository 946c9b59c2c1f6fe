// Composer: free text (enabled only when wa-guard allows it, with the reason when not), the
// attachment button (workstream settings + WhatsApp media limits, from wa-guard), the template
// picker (customer language with fallback, live variable validation and preview), and the
// "this text matches template X" hint. Every verdict comes from a wa-guard call.
import { byId, h, fill, codeBadge, debounce, problemItem } from "./dom.js";
import { call, has, attempt, wa, problemsOf } from "./wa.js";
import { state, on, addEvent, now, workstream } from "./store.js";
import { sendThroughWorker } from "./worker.js";

let registry = null;        // TemplateRegistry of the active workstream
let registryError = null;   // why it could not be built
let selected = null;        // { template, note } chosen for the customer's language
let attachment = null;      // { name, contentType, size, verdict }
let sending = false;

// ---- reading wa-guard results (shape mapping only) ----

/** The permission for `action` ("freeText" | "attachments" | "templates") from the window state. */
export function permission(action) {
  const r = state.window;
  if (!r || r.missing) return { known: false };
  if (!r.ok) return { known: true, allowed: false, reasons: [r.error] };
  const a = r.value?.actions?.[action];
  if (!a) return { known: false };
  return { known: true, allowed: a.allowed === true, reasons: a.reasons ?? [], info: a };
}

/** The reasons of a refusal, each with its code. */
function reasonsNode(reasons) {
  return (reasons ?? []).map((r, i) => [i ? "; " : "", codeBadge(r.code), " ", r.message ?? ""]);
}

// ---- free text ----

let lastPermissionKey = "";

function renderFreeText() {
  const send = byId("send-text");
  const reasonBox = byId("free-reason");
  const p = permission("freeText");
  if (!p.known) {
    send.disabled = false;
    reasonBox.hidden = false;
    fill(reasonBox, "Window rules are ", has("conversationState") ? "unknown here" : "not available in this build", ": wa-guard's composeOutbound decides on send.");
  } else {
    send.disabled = !p.allowed || sending;
    reasonBox.hidden = p.allowed;
    if (!p.allowed) fill(reasonBox, h("strong", {}, "Free text is not allowed now: "), reasonsNode(p.reasons));
  }
  renderAttachButton();
  const tp = permission("templates");
  const tplReason = byId("tpl-reason");
  tplReason.hidden = !tp.known || tp.allowed;
  if (tp.known && !tp.allowed) fill(tplReason, h("strong", {}, "Templates are not allowed now: "), reasonsNode(tp.reasons));
  // The match hint depends on the permission, not on the clock: redraw it only when that changes.
  const key = JSON.stringify([p, permission("attachments"), tp]);
  if (key !== lastPermissionKey) { lastPermissionKey = key; renderMatchHint(); renderTemplatePreview(); }
}

function renderAttachButton() {
  const btn = byId("attach-button");
  const verdict = byId("attach-verdict");
  const p = permission("attachments");
  btn.disabled = p.known && !p.allowed;
  btn.title = p.known && !p.allowed ? (p.reasons ?? []).map((r) => r.code).join(", ") : "Attach a file";
  if (p.known && !p.allowed) {
    fill(verdict, h("span", { class: "muted" }, "Attachments not allowed: "), (p.reasons ?? []).map((r) => [codeBadge(r.code), " "]));
    if (attachment) clearAttachment(false);
  } else if (!attachment) {
    fill(verdict);
  }
}

function clearAttachment(rerender = true) {
  attachment = null;
  byId("attach-input").value = "";
  byId("attach-chip").hidden = true;
  if (rerender) fill(byId("attach-verdict"));
}

function kb(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** The agent picked file(s): checkAttachment judges them with the workstream's settings. */
function pickFiles(files) {
  attachment = { files: [...files].map((f) => ({ name: f.name, contentType: f.type || "application/octet-stream", size: f.size })) };
  const chip = byId("attach-chip");
  chip.hidden = false;
  fill(chip, attachment.files.map((f) => `${f.name} · ${f.contentType} · ${kb(f.size)}`).join(" + "), " ",
    h("button", { type: "button", class: "chip-x", "aria-label": "Remove attachment", onclick: () => clearAttachment() }, "×"));
  checkAgentAttachment();
}

/** Verdict on the agent's attachment (and the typed text as its caption). */
function checkAgentAttachment() {
  if (!attachment) return;
  const out = byId("attach-verdict");
  const caption = byId("free-text").value;
  const r = call("checkAttachment", {
    direction: "outbound",
    settings: workstream()?.attachments ?? {},
    media: attachment.files.map(({ contentType, size }) => ({ contentType, size })),
    ...(caption ? { caption } : {}),
  });
  attachment.verdict = r;
  if (r.missing) return fill(out, h("span", { class: "muted" }, "checkAttachment is not available in this build"));
  if (!r.ok) return fill(out, h("span", { class: "bad" }, "✗ "), codeBadge(r.error.code), " ", r.error.message);
  out.dataset.state = r.value.allowed ? "allowed" : "refused";
  return fill(out, r.value.allowed ? h("span", { class: "ok" }, `✓ ${r.value.kind ?? "attachment"} allowed`)
    : [h("span", { class: "bad" }, "✗ "), reasonsNode(r.value.problems)]);
}

// ---- template matching while typing ----

function renderMatchHint() {
  const hint = byId("match-hint");
  const text = byId("free-text").value;
  const p = permission("freeText");
  if (!text.trim() || !registry || (p.known && p.allowed)) { hint.hidden = true; return; }
  const r = attempt(() => registry.match(text));
  if (!r.ok) { hint.hidden = false; fill(hint, codeBadge(r.error.code), " ", r.error.message); return; }
  const matches = Array.isArray(r.value) ? r.value : [];
  if (!matches.length) {
    hint.hidden = false;
    fill(hint, h("span", { class: "muted" }, "No approved template matches this text: outside the window the customer cannot receive it."));
    return;
  }
  const m = matches[0];
  const t = registry.get(m.sid) ?? m;
  const vars = m.variables;
  hint.hidden = false;
  fill(hint,
    h("p", {}, "This text matches template ", h("strong", { class: "tpl-name" }, t.name ?? t.sid), ` (${t.language ?? "?"})`, " — send it as a template."),
    h("p", { class: "small" }, "Variables: ", vars.map((v, i) => [h("code", { class: "var" }, `{{${i + 1}}} ${v}`), " "])),
    matches.length > 1 ? h("p", { class: "small muted" }, `Also matches: ${matches.slice(1).map((x) => `${x.name} (${x.language})`).join(", ")}`) : null,
    h("button", { type: "button", class: "btn small", id: "use-match", onclick: () => useMatch(t, vars) }, "Send as template"));
}

function useMatch(t, vars) {
  setMode("template");
  const sel = byId("tpl-name");
  sel.value = t.name;
  pickTemplate({ template: t, note: `matched the typed text (${t.language})` });
  const inputs = byId("tpl-vars").querySelectorAll("input");
  inputs.forEach((inp, i) => { inp.value = vars[i] ?? ""; });
  renderTemplatePreview();
  inputs[0]?.focus();
}

// ---- templates ----

function buildRegistry() {
  try { registry?.free?.(); } catch { /* already freed */ }
  registry = null;
  registryError = null;
  const ws = workstream();
  if (!has("TemplateRegistry")) { registryError = "missing"; return; }
  const r = attempt(() => new wa.TemplateRegistry(ws?.templates ?? []));
  if (r.ok) registry = r.value;
  else registryError = r.error;
}

function renderTemplatePicker() {
  const sel = byId("tpl-name");
  const ws = workstream();
  const names = [...new Set((ws?.templates ?? []).map((t) => t?.name).filter(Boolean))];
  const before = sel.value;
  fill(sel, names.map((n) => h("option", { value: n }, n)));
  if (names.includes(before)) sel.value = before;
  selectForCustomer();
}

/** Picks the template in the customer's language (registry.select does the fallback). */
function selectForCustomer() {
  const lang = byId("tpl-language");
  const name = byId("tpl-name").value;
  const ws = workstream();
  if (registryError === "missing") { fill(lang, h("span", { class: "muted" }, "TemplateRegistry is not available in this build")); return pickTemplate(null); }
  if (registryError) { fill(lang, codeBadge(registryError.code), " ", registryError.message); return pickTemplate(null); }
  if (!name) { fill(lang, h("span", { class: "muted" }, "No templates in this workstream")); return pickTemplate(null); }
  const r = attempt(() => registry.select(name, state.customer.language, ws?.language ?? ""));
  if (!r.ok) { fill(lang, codeBadge(r.error.code), " ", r.error.message); return pickTemplate(null); }
  const { selectedBy, tried, ...t } = r.value;
  const how = { locale: "the customer's locale", language: "the customer's base language", default: "fallback to the workstream's default language" }[selectedBy] ?? selectedBy;
  pickTemplate({ template: t, note: `${how}; tried ${tried.join(" → ")}` });
}

function pickTemplate(sel) {
  selected = sel;
  const lang = byId("tpl-language");
  if (sel) {
    fill(lang, "Customer ", h("code", {}, state.customer.language), " → ", h("strong", {}, sel.template.language),
      sel.note ? h("span", { class: "muted" }, ` (${sel.note})`) : null,
      sel.template.category ? h("span", { class: "pill small" }, sel.template.category) : null);
  }
  renderVariableFields();
}

/** Number of variables of the selected template, as validateTemplate reports it. */
function variableCount(t) {
  const v = call("validateTemplate", t);
  return v.ok ? (v.value.variableCount ?? 0) : 0;
}

function renderVariableFields() {
  const box = byId("tpl-vars");
  if (!selected) { fill(box); renderTemplatePreview(); return; }
  const n = variableCount(selected.template);
  const old = [...box.querySelectorAll("input")].map((i) => i.value);
  fill(box, Array.from({ length: n }, (_, i) => h("div", { class: "field var-field", dataset: { var: String(i + 1) } },
    h("label", { for: `tpl-var-${i + 1}` }, `{{${i + 1}}}`),
    h("input", { id: `tpl-var-${i + 1}`, type: "text", autocomplete: "off", "aria-describedby": `tpl-var-${i + 1}-err` }),
    h("div", { class: "field-errors", id: `tpl-var-${i + 1}-err` }))));
  box.querySelectorAll("input").forEach((inp, i) => { inp.value = old[i] ?? ""; });
  renderTemplatePreview();
}

function variables() {
  return [...byId("tpl-vars").querySelectorAll("input")].map((i) => i.value);
}

/** The 1-based variable a problem's path names (`variables.2`), or null. */
function variableIndex(p) {
  const m = /^variables\.(\d+)$/.exec(p.path ?? "");
  return m ? Number(m[1]) : null;
}

function renderTemplatePreview() {
  const preview = byId("tpl-preview");
  const cv = byId("tpl-content-vars");
  const box = byId("tpl-vars");
  for (const f of box.querySelectorAll(".var-field")) {
    f.classList.remove("has-error");
    f.querySelector("input").removeAttribute("aria-invalid");
    fill(f.querySelector(".field-errors"));
  }
  if (!selected) { fill(preview, h("span", { class: "muted" }, "Pick a template.")); fill(cv); byId("send-template").disabled = true; return; }
  const r = call("renderTemplate", selected.template, variables());
  if (r.missing) { fill(preview, h("span", { class: "muted" }, "renderTemplate is not available in this build")); return; }
  if (r.ok) {
    preview.classList.remove("invalid");
    fill(preview, r.value.text);
    fill(cv, `ContentVariables ${r.value.contentVariables}`);
    const p = permission("templates");
    byId("send-template").disabled = sending || (p.known && !p.allowed);
    return;
  }
  preview.classList.add("invalid");
  const problems = r.error.problems.length ? r.error.problems : [r.error];
  const unplaced = [];
  for (const p of problems) {
    const i = variableIndex(p);
    const f = i ? box.querySelector(`.var-field[data-var="${i}"]`) : null;
    if (!f) { unplaced.push(p); continue; }
    f.classList.add("has-error");
    f.querySelector("input").setAttribute("aria-invalid", "true");
    f.querySelector(".field-errors").append(h("p", { class: "field-error" }, codeBadge(p.code), " ", p.message));
  }
  fill(preview, h("span", { class: "muted" }, "Fill in every variable to see the message."),
    unplaced.length ? h("ul", { class: "problems" }, unplaced.map(problemItem)) : null);
  fill(cv);
  byId("send-template").disabled = true;
}

// ---- sending (composeOutbound decides) ----

function showRequest(r) {
  const out = byId("request-out");
  const details = byId("request-details");
  details.open = true;
  if (r.missing) return fill(out, h("p", { class: "muted" }, "composeOutbound is not available in this build."));
  if (!r.ok) {
    const problems = problemsOf(r);
    return fill(out, h("p", { class: "bad" }, "Not sent: wa-guard found ", String(problems.length), " violation(s)."),
      h("ul", { class: "problems" }, problems.map(problemItem)));
  }
  const params = r.value;
  return fill(out, h("p", { class: "ok" }, "✓ Accepted by wa-guard. Parameters for POST /2010-04-01/Accounts/{AccountSid}/Messages.json:"),
    h("table", { class: "params" }, h("tbody", {}, Object.entries(params ?? {}).map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", { class: "mono" }, String(v)))))));
}

/** composeOutbound with everything the conversation knows; `content` is `{ body, media }` or `{ contentSid, variables }`. */
function compose(content) {
  const v = state.window?.ok ? state.window.value : null;
  return call("composeOutbound", {
    config: state.config,
    workstreamId: workstream()?.id ?? "",
    to: state.customer.number,
    lastInboundAt: v?.lastInboundAt ?? null,
    sandboxJoinedAt: state.sandboxJoinedAt ?? null,
    now: new Date(now()).toISOString(),
    content,
  });
}

/** In worker mode, the same message also goes through the worker's POST /messages. */
async function viaWorker(message) {
  sending = true;
  byId("send-text").disabled = true;
  byId("send-template").disabled = true;
  let w;
  try {
    w = await sendThroughWorker(message);
  } finally {
    sending = false;
    lastPermissionKey = "";
    renderFreeText();
  }
  if (!w) return true;
  const out = byId("request-out");
  out.append(w.ok
    ? h("p", { class: "ok" }, `✓ Sent through the worker: Twilio message ${w.json?.sid ?? ""} (${w.json?.status ?? "queued"})`)
    : h("div", {}, h("p", { class: "bad" }, `✗ The worker refused it (HTTP ${w.status}) `, w.json?.code ? codeBadge(w.json.code) : null, " ", w.json?.message ?? ""),
      w.json?.problems?.length ? h("ul", { class: "problems" }, w.json.problems.map(problemItem)) : null));
  return w.ok;
}

async function sendText() {
  const text = byId("free-text").value;
  const media = attachment ? { media: attachment.files.map((f) => ({ url: `https://media.example.com/${encodeURIComponent(f.name)}`, contentType: f.contentType, size: f.size })) } : {};
  const r = compose({ body: text, ...media });
  showRequest(r);
  if (!r.ok) return;
  if (!(await viaWorker({ body: text, ...(media.media ? { mediaUrl: media.media[0].url } : {}) }))) return;
  const names = attachment?.files.map((f) => f.name).join(", ");
  addEvent({ direction: "outbound", at: now(), kind: "message", text, media: names });
  byId("free-text").value = "";
  clearAttachment();
  renderMatchHint();
}

async function sendTemplate() {
  if (!selected) return;
  const vars = variables();
  const rendered = call("renderTemplate", selected.template, vars);
  const r = compose({ contentSid: selected.template.sid, variables: vars });
  showRequest(r);
  if (!r.ok) return;
  if (!(await viaWorker({ template: { sid: selected.template.sid, variables: vars } }))) return;
  addEvent({ direction: "outbound", at: now(), kind: "template", template: `${selected.template.name} · ${selected.template.language}`, text: rendered.ok ? rendered.value.text : "" });
}

function setMode(mode) {
  for (const r of document.querySelectorAll('input[name="mode"]')) r.checked = r.value === mode;
  byId("mode-text").hidden = mode !== "text";
  byId("mode-template").hidden = mode !== "template";
}

export function initComposer() {
  for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener("change", () => setMode(r.value));
  byId("free-text").addEventListener("input", debounce(() => { renderMatchHint(); checkAgentAttachment(); }, 100));
  byId("send-text").addEventListener("click", sendText);
  // Ctrl/Cmd+Enter sends, when sending is enabled.
  byId("free-text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !byId("send-text").disabled) { e.preventDefault(); sendText(); }
  });
  byId("send-template").addEventListener("click", sendTemplate);
  byId("attach-button").addEventListener("click", () => byId("attach-input").click());
  byId("attach-input").addEventListener("change", (e) => { if (e.target.files?.length) pickFiles(e.target.files); });
  byId("tpl-name").addEventListener("change", selectForCustomer);
  byId("tpl-vars").addEventListener("input", debounce(renderTemplatePreview, 60));
  const rebuild = () => { buildRegistry(); renderTemplatePicker(); lastPermissionKey = ""; renderFreeText(); };
  on("config", rebuild);
  on("workstream", rebuild);
  on("customer", () => selectForCustomer());
  on("window", renderFreeText);
  rebuild();
}
