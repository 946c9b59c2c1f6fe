// Channel setup panel: the configuration as a form (and as JSON), validated live by
// wa-guard's validateConfig, each problem shown next to the field its JSON path names; the callback
// URL derived by callbackUrl; sandbox mode.
import { byId, h, fill, codeBadge, debounce, problemItem, unavailable } from "./dom.js";
import { call, has, problemsOf } from "./wa.js";
import { state, emit, on } from "./store.js";

/** Where the sample configuration is served from. */
export const SAMPLE_CONFIG_URL = "/sample-config.json";

const form = () => byId("config-form");

// ---- JSON path helpers (presentation: they address fields, they judge nothing) ----

/** `workstreams[0].templates[1].sid` → ["workstreams", 0, "templates", 1, "sid"]. */
export function parsePath(path) {
  const out = [];
  for (const m of String(path).matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function getAt(obj, path) {
  return parsePath(path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setAt(obj, path, value) {
  const keys = parsePath(path);
  let o = obj;
  keys.slice(0, -1).forEach((k, i) => {
    if (o[k] == null || typeof o[k] !== "object") o[k] = typeof keys[i + 1] === "number" ? [] : {};
    o = o[k];
  });
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

// ---- form rendering ----

let uid = 0;

/** A labelled input bound to `path`. kind: text | optional | secret | bool | textarea | select. */
function field(label, path, kind = "text", opts = {}) {
  const id = `cfg-${++uid}`;
  const value = getAt(state.config, path);
  const errId = `${id}-err`;
  let input;
  if (kind === "bool") {
    input = h("input", { type: "checkbox", id, dataset: { path, kind } });
    input.checked = value === true;
    return h("div", { class: "field check-field", dataset: { field: path } },
      h("label", { class: "check" }, input, " ", label),
      h("div", { class: "field-errors", id: errId }));
  }
  if (kind === "textarea") {
    input = h("textarea", { id, rows: opts.rows ?? 3, spellcheck: "false", dataset: { path, kind } });
    input.value = value ?? "";
  } else if (kind === "select") {
    input = h("select", { id, dataset: { path, kind } },
      opts.options.map(([v, text]) => h("option", { value: v }, text)));
    input.value = value ?? "";
  } else {
    input = h("input", {
      type: kind === "secret" ? "password" : "text", id, autocomplete: "off", spellcheck: "false",
      placeholder: opts.placeholder, class: opts.mono ? "mono" : null, dataset: { path, kind },
    });
    input.value = value ?? "";
  }
  input.setAttribute("aria-describedby", errId);
  return h("div", { class: "field", dataset: { field: path } },
    h("label", { for: id }, label, opts.hint ? h("span", { class: "muted small" }, ` ${opts.hint}`) : null),
    input,
    h("div", { class: "field-errors", id: errId }));
}

function group(legend, path, ...children) {
  return h("fieldset", { class: "group", dataset: { field: path } },
    h("legend", {}, legend),
    h("div", { class: "field-errors group-errors" }),
    children);
}

function collapsible(title, path, open, ...children) {
  const d = h("details", { class: "group collapsible", dataset: { field: path } },
    h("summary", {}, h("span", { class: "summary-title" }, title), h("span", { class: "err-count", hidden: true })),
    h("div", { class: "field-errors group-errors" }),
    children);
  d.open = open;
  return d;
}

function removeButton(label, onclick) {
  return h("button", { type: "button", class: "btn small ghost danger", onclick, "aria-label": label }, "Remove");
}

const CATEGORIES = [["", "(none)"], ["utility", "utility"], ["marketing", "marketing"], ["authentication", "authentication"]];

function renderForm() {
  const cfg = state.config;
  const f = form();
  if (!cfg || typeof cfg !== "object") {
    fill(f, h("p", { class: "muted" }, "No configuration loaded."));
    return;
  }
  const numbers = Array.isArray(cfg.numbers) ? cfg.numbers : [];
  const workstreams = Array.isArray(cfg.workstreams) ? cfg.workstreams : [];

  fill(f,
    group("Twilio account", "account",
      field("Account SID", "account.accountSid", "text", { mono: true }),
      field("Auth token", "account.authToken", "secret", { placeholder: "from the environment (secret binding)", hint: "optional" }),
      field("Secondary auth token", "account.secondaryAuthToken", "secret", { placeholder: "only during rotation", hint: "optional" })),
    group("Callback", "callbackBaseUrl",
      field("Public base URL of the edge worker", "callbackBaseUrl", "optional", { mono: true }),
      h("div", { class: "field" },
        h("span", { class: "label", id: "callback-label" }, "Inbound callback URL to paste into Twilio"),
        h("div", { class: "inline" },
          h("output", { id: "callback-url", class: "mono callback", "aria-labelledby": "callback-label" }),
          h("button", { type: "button", class: "btn small ghost", id: "callback-copy" }, "Copy")))),
    group("WhatsApp numbers", "numbers",
      numbers.map((n, i) => collapsible(`${n?.name || "Number"} · ${n?.number ?? ""}`, `numbers[${i}]`, false,
        field("Display name", `numbers[${i}].name`),
        field("Number (E.164)", `numbers[${i}].number`, "text", { mono: true }),
        field("Takes traffic", `numbers[${i}].settings.enabled`, "bool"),
        field("Status callbacks", `numbers[${i}].settings.statusCallbacks`, "bool"),
        field("Messaging Service SID", `numbers[${i}].settings.messagingServiceSid`, "optional", { mono: true, hint: "optional" }),
        removeButton(`Remove number ${i + 1}`, () => structural((c) => c.numbers.splice(i, 1))))),
      h("button", { type: "button", class: "btn small ghost", onclick: () => structural((c) => (c.numbers ??= []).push({ name: "", number: "", settings: { enabled: true, statusCallbacks: true } })) }, "+ Add number")),
    group("Workstreams", "workstreams",
      workstreams.map((w, i) => collapsible(`${w?.name || "Workstream"} · ${w?.number ?? ""}`, `workstreams[${i}]`, false,
        field("Id", `workstreams[${i}].id`, "text", { mono: true }),
        field("Name", `workstreams[${i}].name`),
        field("WhatsApp number", `workstreams[${i}].number`, "text", { mono: true }),
        field("Default language", `workstreams[${i}].language`, "text", { mono: true }),
        h("fieldset", { class: "sub", dataset: { field: `workstreams[${i}].attachments` } },
          h("legend", {}, "File attachments"),
          h("div", { class: "field-errors group-errors" }),
          field("File attachments on", `workstreams[${i}].attachments.enabled`, "bool"),
          field("Customers may send attachments", `workstreams[${i}].attachments.customersMaySend`, "bool"),
          field("Agents may send attachments", `workstreams[${i}].attachments.agentsMaySend`, "bool")),
        field("Reply when an attachment is refused", `workstreams[${i}].automatedMessages.attachmentRefused`, "optional", { hint: "automated message" }),
        h("div", { class: "templates", dataset: { field: `workstreams[${i}].templates` } },
          h("h4", {}, "Approved templates"),
          h("div", { class: "field-errors group-errors" }),
          (Array.isArray(w?.templates) ? w.templates : []).map((t, j) => {
            const p = `workstreams[${i}].templates[${j}]`;
            return collapsible(`${t?.name || "template"} · ${t?.language ?? ""}`, p, false,
              field("Content SID", `${p}.sid`, "text", { mono: true }),
              field("Name", `${p}.name`),
              field("Language", `${p}.language`, "text", { mono: true }),
              field("Category", `${p}.category`, "select", { options: CATEGORIES }),
              field("Approved text", `${p}.body`, "textarea"),
              removeButton(`Remove template ${j + 1}`, () => structural((c) => c.workstreams[i].templates.splice(j, 1))));
          }),
          h("button", { type: "button", class: "btn small ghost", onclick: () => structural((c) => (c.workstreams[i].templates ??= []).push({ sid: "", name: "", language: c.workstreams[i].language ?? "", body: "" })) }, "+ Add template")),
        removeButton(`Remove workstream ${i + 1}`, () => structural((c) => c.workstreams.splice(i, 1)))))),
    group("Sandbox mode", "sandbox",
      h("p", { class: "muted small" }, "Try the channel on Twilio's shared WhatsApp sandbox: users join by sending ", h("code", {}, "join <keyword>"), "."),
      field("Sandbox mode on", "sandbox.enabled", "bool"),
      field("Join keyword", "sandbox.joinKeyword", "text", { mono: true }),
      cfg.sandbox?.joinKeyword ? h("p", { class: "small muted" }, "Customers send ", h("code", {}, `join ${cfg.sandbox.joinKeyword}`), " to the sandbox number before the first message.") : null),
  );
  byId("callback-copy").addEventListener("click", copyCallback);
}

/** Applies a structural change (add/remove) to the config, then re-renders. */
function structural(change) {
  change(state.config);
  configChanged(true);
}

function readInput(el) {
  const kind = el.dataset.kind;
  if (kind === "bool") return el.checked;
  if (kind === "optional" || kind === "secret" || kind === "select") return el.value === "" ? undefined : el.value;
  return el.value;
}

// ---- validation display ----

function clearErrors() {
  for (const el of form().querySelectorAll(".field-errors")) el.replaceChildren();
  for (const el of form().querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form().querySelectorAll(".has-error")) el.classList.remove("has-error");
  for (const el of form().querySelectorAll(".err-count")) { el.hidden = true; el.textContent = ""; }
}

/** The element a path names, or its closest named ancestor, or null. */
function targetFor(path) {
  const keys = parsePath(path);
  for (let n = keys.length; n > 0; n--) {
    const p = keys.slice(0, n).reduce((s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${k}` : k), "");
    // The innermost element naming the path (a field inside a group of the same name).
    const all = form().querySelectorAll(`[data-field="${CSS.escape(p)}"]`);
    if (all.length) return all[all.length - 1];
  }
  return null;
}

/** The part of a text a problem's span points at (spans count Unicode scalar values). */
function spanExcerpt(text, span) {
  if (typeof text !== "string" || !span || typeof span.start !== "number") return null;
  const chars = [...text];
  const from = Math.max(0, span.start - 12);
  const to = Math.min(chars.length, span.end + 12);
  return h("span", { class: "excerpt mono" }, from > 0 ? "…" : "", chars.slice(from, span.start).join(""),
    h("mark", {}, chars.slice(span.start, span.end).join("") || "␣"), chars.slice(span.end, to).join(""), to < chars.length ? "…" : "");
}

function showProblems(problems) {
  clearErrors();
  const other = [];
  for (const p of problems) {
    const target = p.path ? targetFor(p.path) : null;
    if (!target) { other.push(p); continue; }
    target.classList.add("has-error");
    const box = target.querySelector(":scope > .field-errors");
    box?.append(h("p", { class: "field-error" }, codeBadge(p.code), " ", p.message, spanExcerpt(getAt(state.config, p.path ?? ""), p.span)));
    const input = target.querySelector(":scope > input, :scope > textarea, :scope > select, :scope > label > input");
    input?.setAttribute("aria-invalid", "true");
    // Count the problem on every section around it, and open them so the field shows.
    for (let d = target.closest("details"); d; d = d.parentElement?.closest("details")) {
      const c = d.querySelector(":scope > summary .err-count");
      c.hidden = false;
      c.textContent = String(Number(c.textContent || 0) + 1);
      d.open = true;
    }
  }
  const box = byId("config-other-errors");
  box.hidden = other.length === 0;
  fill(box, other.length ? [h("p", { class: "small" }, "Problems not tied to a field:"), h("ul", { class: "problems" }, other.map(problemItem))] : []);
}

function focusPath(path) {
  const target = targetFor(path);
  if (!target) return;
  for (let d = target.closest("details"); d; d = d.parentElement?.closest("details")) d.open = true;
  const input = target.querySelector("input, textarea, select");
  (input ?? target).focus?.();
  target.scrollIntoView({ block: "center", behavior: "smooth" });
}

function renderSummary(problems, missing) {
  const box = byId("config-summary");
  if (missing) return fill(box, unavailable("validateConfig"));
  if (!problems.length) {
    const c = state.config ?? {};
    const templates = (c.workstreams ?? []).reduce((n, w) => n + (w?.templates?.length ?? 0), 0);
    return fill(box, h("p", { class: "ok" }, "✓ Valid configuration ",
      h("span", { class: "muted small" }, `· ${c.numbers?.length ?? 0} numbers · ${c.workstreams?.length ?? 0} workstreams · ${templates} templates${c.sandbox?.enabled ? " · sandbox mode" : ""}`)));
  }
  return fill(box,
    h("p", { class: "bad" }, `${problems.length} problem${problems.length > 1 ? "s" : ""} — fix them next to the fields:`),
    h("ul", { class: "problems compact" }, problems.map((p) => h("li", {},
      h("button", { type: "button", class: "linkish", onclick: () => focusPath(p.path ?? "") },
        codeBadge(p.code), " ", h("code", { class: "path" }, p.path ?? "(config)"))))));
}

function renderCallback() {
  const out = document.getElementById("callback-url");
  if (!out) return;
  if (!has("callbackUrl")) return fill(out, h("span", { class: "muted" }, "callbackUrl is not available in this build"));
  const r = call("callbackUrl", state.config);
  if (r.ok) fill(out, String(r.value));
  else fill(out, h("span", { class: "error-text" }, codeBadge(r.error.code), " ", r.error.message));
}

async function copyCallback() {
  const text = byId("callback-url").textContent;
  try {
    await navigator.clipboard.writeText(text);
    byId("callback-copy").textContent = "Copied";
  } catch {
    byId("callback-copy").textContent = "Select & copy";
  }
  setTimeout(() => { const b = document.getElementById("callback-copy"); if (b) b.textContent = "Copy"; }, 1500);
}

/** Validates the config with wa-guard and shows the result everywhere. */
export function validate() {
  const r = call("validateConfig", state.config);
  state.configProblems = r.missing ? [] : problemsOf(r);
  renderSummary(state.configProblems, r.missing);
  showProblems(state.configProblems);
  renderCallback();
}

function syncJson() {
  const ta = byId("config-json");
  if (document.activeElement !== ta) ta.value = JSON.stringify(state.config, null, 2);
}

/** After any change: validate, refresh the JSON view, tell the other panels. */
function configChanged(rerender) {
  if (rerender) renderForm();
  validate();
  syncJson();
  emit("config");
}

const onFieldInput = debounce((el) => {
  setAt(state.config, el.dataset.path, readInput(el));
  // Keep collapsible titles in step with names/numbers.
  configChanged(false);
}, 150);

/** Loads the sample configuration from the server. */
export async function loadSample() {
  const res = await fetch(SAMPLE_CONFIG_URL, { cache: "no-store" });
  state.config = await res.json();
  state.workstreamIndex = 0;
  configChanged(true);
}

function applyJson() {
  const err = byId("config-json-error");
  try {
    state.config = JSON.parse(byId("config-json").value);
    err.hidden = true;
  } catch (e) {
    err.hidden = false;
    err.textContent = `Not JSON: ${e.message}`;
    return;
  }
  if (state.workstreamIndex >= (state.config?.workstreams?.length ?? 0)) state.workstreamIndex = 0;
  configChanged(true);
}

export async function initSetup() {
  form().addEventListener("input", (e) => { if (e.target.dataset?.path) onFieldInput(e.target); });
  form().addEventListener("change", (e) => { if (e.target.dataset?.path) onFieldInput(e.target); });
  form().addEventListener("submit", (e) => e.preventDefault());
  byId("config-reload").addEventListener("click", () => loadSample());
  const toggle = byId("config-json-toggle");
  toggle.addEventListener("click", () => {
    const box = byId("config-json-box");
    box.hidden = !box.hidden;
    toggle.setAttribute("aria-expanded", String(!box.hidden));
    toggle.textContent = box.hidden ? "Edit JSON" : "Hide JSON";
    if (!box.hidden) { byId("config-json").value = JSON.stringify(state.config, null, 2); byId("config-json").focus(); }
  });
  byId("config-json-apply").addEventListener("click", applyJson);
  on("workstream", () => renderForm() || validate());
  await loadSample();
}
