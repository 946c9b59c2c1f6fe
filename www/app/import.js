// "Import from Twilio" panel: a ContentAndApprovals JSON pasted (or fetched by the local worker)
// becomes a list of templates, each with its type, approval status, category, where it may be
// sent (in session / business-initiated) and why not, and a preview of every rendered field with
// the template's own samples. Every verdict comes from wa-guard: parseContentApi,
// templateEligibility, renderTemplate. This module only lays the results out.
import { byId, h, fill, codeBadge, unavailable, problemItem } from "./dom.js";
import { call, has } from "./wa.js";
import { fetchTemplates } from "./worker.js";

/** Sample values for the preview: the template's samples, keyed as Twilio keys them. */
function sampleValues(t) {
  const values = {};
  for (const k of t.variables ?? []) values[k] = t.samples?.[k] ?? `sample-${k}`;
  return values;
}

function reasonItem(r) {
  return h("li", { class: "problem" }, codeBadge(r.code), " ", r.message,
    r.twilioError ? h("span", { class: "muted small" }, ` (Twilio ${r.twilioError})`) : null);
}

/** Where the template may be sent: one line per situation, with the reasons when it may not. */
function where(t, open, label) {
  const e = call("templateEligibility", t, { windowOpen: open });
  const key = open ? "session" : "business";
  if (!e.ok) return h("li", { dataset: { where: key, allowed: "false" } }, h("strong", {}, label), " ", codeBadge(e.error.code), " ", e.error.message);
  const { allowed, reasons } = e.value;
  return h("li", { class: "where", dataset: { where: key, allowed: String(allowed) } },
    h("span", { class: allowed ? "ok" : "bad" }, allowed ? "✓ " : "✗ "),
    h("strong", {}, label), allowed ? ": may be sent" : ": may not be sent",
    reasons.length ? h("ul", { class: "problems" }, reasons.map(reasonItem)) : null);
}

/** A button of a rendered definition. */
function button(b) {
  const target = b.url ?? b.phone ?? b.code ?? b.id ?? null;
  return h("li", { class: "tpl-button" },
    h("span", { class: "btn-chip" }, b.title ?? b.copy_code_text ?? b.type ?? "button"),
    b.type ? h("span", { class: "muted small" }, ` ${b.type}`) : null,
    target ? [" → ", h("code", { class: "tpl-target" }, String(target))] : null);
}

/** Every field of a rendered definition: text fields, media, buttons, list items, cards. */
function fieldsView(fields, shownText) {
  if (!fields || typeof fields !== "object") return null;
  const rows = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined || (k === "body" && v === shownText)) continue;
    if (k === "actions" && Array.isArray(v)) {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, "buttons"), h("ul", { class: "tpl-buttons" }, v.map(button))));
    } else if (k === "media" && Array.isArray(v)) {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, "media"), h("ul", {}, v.map((u) => h("li", {}, h("code", { class: "tpl-media" }, u))))));
    } else if (k === "items" && Array.isArray(v)) {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, "list items"),
        h("ul", { class: "tpl-items" }, v.map((it) => h("li", { class: "tpl-item" }, h("strong", {}, it?.item ?? it?.title ?? ""),
          it?.description ? h("span", { class: "muted small" }, ` ${it.description}`) : null,
          it?.id ? h("span", { class: "muted small" }, ` (${it.id})`) : null)))));
    } else if (k === "cards" && Array.isArray(v)) {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, "cards"),
        h("ol", { class: "tpl-cards" }, v.map((c) => h("li", {}, fieldsView(c))))));
    } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, k.replace(/_/g, " ")), " ", h("span", { class: "tpl-value" }, String(v))));
    } else {
      rows.push(h("div", { class: "tpl-field", dataset: { field: k } }, h("span", { class: "muted small" }, k.replace(/_/g, " ")), " ", h("code", { class: "small" }, JSON.stringify(v))));
    }
  }
  return h("div", { class: "tpl-fields" }, rows);
}

function preview(t) {
  const values = sampleValues(t);
  const r = call("renderTemplate", t, values);
  if (!r.ok) return h("div", { class: "tpl-preview", dataset: { state: "error" } }, codeBadge(r.error.code), " ", r.error.message);
  const v = r.value;
  return h("div", { class: "tpl-preview", dataset: { state: "ok" } },
    h("p", { class: "small muted" }, "Preview with the template's samples ", h("code", {}, JSON.stringify(values))),
    v.text ? h("p", { class: "bubble-preview" }, v.text) : null,
    fieldsView(v.fields, v.text),
    h("p", { class: "small muted" }, "ContentSid ", h("code", {}, v.contentSid), " · ContentVariables ", h("code", { class: "tpl-vars" }, v.contentVariables)));
}

function card(t) {
  const a = t.approval ?? {};
  return h("article", { class: "tpl-card", dataset: { sid: t.sid, status: a.status ?? "" } },
    h("header", { class: "tpl-head" },
      h("h3", {}, t.name || t.friendlyName || t.sid),
      h("code", { class: "muted small" }, t.sid)),
    h("dl", { class: "tpl-meta" },
      h("dt", {}, "type"), h("dd", { class: "tpl-type" }, h("code", {}, t.contentType),
        t.types?.length > 1 ? h("span", { class: "muted small" }, ` (also ${t.types.filter((x) => x !== t.contentType).join(", ")})`) : null),
      h("dt", {}, "status"), h("dd", { class: "tpl-status" }, h("span", { class: "pill", dataset: { state: a.status } }, a.status ?? "unsubmitted"),
        a.rejectionReason ? h("span", { class: "muted small" }, ` ${a.rejectionReason}`) : null),
      h("dt", {}, "category"), h("dd", { class: "tpl-category" }, a.category ?? "—"),
      h("dt", {}, "language"), h("dd", {}, t.language || "—")),
    h("ul", { class: "tpl-where" },
      where(t, true, "In session (24-hour window open)"),
      where(t, false, "Business-initiated (window closed)")),
    preview(t));
}

/** Shows templates (as parseContentApi returns them) and the import's problems. */
export function show(templates, problems, source) {
  fill(byId("import-summary"),
    h("strong", {}, `${templates.length} template${templates.length === 1 ? "" : "s"}`),
    ` from ${source}`,
    problems.length ? h("span", { class: "muted" }, ` · ${problems.length} problem${problems.length === 1 ? "" : "s"}`) : null);
  byId("import-summary").dataset.count = String(templates.length);
  fill(byId("import-problems"), problems.map(problemItem));
  fill(byId("import-list"), templates.map(card));
}

function importPasted() {
  const text = byId("import-json").value;
  const out = byId("import-summary");
  if (!has("parseContentApi")) return fill(out, unavailable("parseContentApi"));
  if (!text.trim()) { fill(byId("import-list")); fill(byId("import-problems")); return fill(out, "Paste a ContentAndApprovals page first."); }
  // The text as it is: wa-guard parses it (CONTENT_API_INVALID when it is not JSON).
  const r = call("parseContentApi", text);
  if (!r.ok) {
    out.dataset.count = "0";
    fill(byId("import-list"));
    fill(byId("import-problems"));
    return fill(out, codeBadge(r.error.code), " ", r.error.message, r.error.path ? h("span", { class: "muted small" }, " at ", h("code", {}, r.error.path)) : null);
  }
  show(r.value.templates, r.value.problems, "the pasted JSON");
}

async function importFromWorker() {
  const out = byId("import-summary");
  fill(out, "Asking the local worker to fetch the templates from Twilio…");
  const r = await fetchTemplates();
  if (!r.ok) return fill(out, codeBadge(r.code), " ", r.message);
  show(r.templates, r.problems, `the local worker (${r.pages} page${r.pages === 1 ? "" : "s"} from Twilio's Content API)`);
}

export function initImport() {
  byId("import-run").addEventListener("click", importPasted);
  byId("import-worker").addEventListener("click", () => { importFromWorker(); });
}
