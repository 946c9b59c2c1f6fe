// Customer number panel: E.164 validation (parseE164) and normalisation (normalizeE164) as you
// type, with the error code; the customer's language; "use for the conversation".
import { byId, h, fill, codeBadge, unavailable, debounce } from "./dom.js";
import { call, has } from "./wa.js";
import { state, emit } from "./store.js";

let lastNormalized = null;

/** The fields of a NumberInfo (parseE164 / normalizeE164) the panel shows. */
function describe(v) {
  return { e164: v.number, countryCode: v.countryCallingCode, regions: v.regions, nonGeographic: v.nonGeographic, address: v.whatsappAddress };
}

function render() {
  const input = byId("e164-input");
  const out = byId("e164-result");
  const raw = input.value;
  const region = byId("e164-region").value || undefined;
  if (!has("normalizeE164") && !has("parseE164")) {
    input.removeAttribute("aria-invalid");
    lastNormalized = null;
    return fill(out, unavailable("normalizeE164"));
  }
  const strict = call("parseE164", raw);
  const norm = has("normalizeE164") ? call("normalizeE164", raw, region) : strict;
  if (!norm.ok) {
    lastNormalized = null;
    input.setAttribute("aria-invalid", "true");
    out.dataset.state = "invalid";
    return fill(out, h("span", { class: "bad" }, "✗ "), codeBadge(norm.error.code), " ", h("span", { class: "msg" }, norm.error.message));
  }
  const d = describe(norm.value);
  lastNormalized = d.e164;
  input.removeAttribute("aria-invalid");
  out.dataset.state = strict.ok ? "valid" : "normalized";
  fill(out,
    h("span", { class: "ok" }, "✓ "), h("code", { class: "e164" }, d.e164),
    d.countryCode ? h("span", { class: "muted small" }, ` · country code +${d.countryCode}`) : null,
    d.regions?.length ? h("span", { class: "muted small" }, ` · ${d.regions.join(", ")}`) : null,
    d.nonGeographic ? h("span", { class: "muted small" }, " · non-geographic") : null,
    h("div", { class: "small muted" }, "WhatsApp address ", h("code", {}, d.address)),
    !strict.ok && strict.error ? h("p", { class: "small muted" }, "Not strict E.164 as typed (", codeBadge(strict.error.code), "); normalised above.") : null);
}

export function initNumber() {
  byId("e164-input").value = state.customer.number;
  byId("customer-language").value = state.customer.language;
  byId("e164-input").addEventListener("input", render);
  byId("e164-region").addEventListener("change", render);
  byId("customer-language").addEventListener("input", debounce((e) => {
    state.customer.language = e.target.value.trim();
    emit("customer");
  }, 200));
  byId("e164-use").addEventListener("click", () => {
    render();
    if (!lastNormalized) { byId("e164-input").focus(); return; }
    state.customer.number = lastNormalized;
    state.customer.language = byId("customer-language").value.trim();
    emit("customer");
  });
  render();
}
