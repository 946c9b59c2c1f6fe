// Webhook signature playground: compute (computeSignature) and verify (verifySignature) an
// X-Twilio-Signature for a URL + form parameters or a JSON body, and show wa-guard's explain
// report (explainSignature) when verification fails.
import { byId, h, fill, codeBadge, debounce, unavailable } from "./dom.js";
import { call, has } from "./wa.js";

const DEMO_TOKEN = "5b7a3e9d2c1f48a6b0e4d7c9a1f3e5b2";
const DEMO_KEY = { id: "webhooks_sharedkey_8c5929579355e705be5bf2bff7", secret: "FDArbSpm1FM_5-aol2eWfngi9A_XRH5g3Fhw2iX5dea" };
const FORM_EXAMPLE = {
  url: "https://edge.example.com/twilio/inbound",
  body: [
    "SmsMessageSid=SM3f9a1c2e4b6d8f0a1c3e5b7d9f1a2c4e", "NumMedia=0", "ProfileName=Ana+Souza",
    "MessageType=text", "SmsSid=SM3f9a1c2e4b6d8f0a1c3e5b7d9f1a2c4e", "WaId=447700900123", "SmsStatus=received",
    "Body=Hi%21+Where+is+my+order+A-1042%3F", "To=whatsapp%3A%2B14155550123", "NumSegments=1",
    "MessageSid=SM3f9a1c2e4b6d8f0a1c3e5b7d9f1a2c4e", "AccountSid=AC5ef8732a3c49700934481addd5ce1659",
    "From=whatsapp%3A%2B447700900123", "ApiVersion=2010-04-01",
  ].join("&"),
  contentType: "application/x-www-form-urlencoded",
};
// The JSON example of Twilio's SDK test suites: the URL carries the body's SHA-256.
const JSON_EXAMPLE = {
  url: "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
  body: '{"property": "value", "boolean": true}',
  contentType: "application/json",
};

function contentType() {
  return document.querySelector('input[name="sig-ct"]:checked')?.value ?? "application/x-www-form-urlencoded";
}

function setContentType(ct) {
  for (const r of document.querySelectorAll('input[name="sig-ct"]')) r.checked = r.value === ct;
}

const radio = (name, fallback) => document.querySelector(`input[name="${name}"]:checked`)?.value ?? fallback;
const scheme = () => radio("sig-scheme", "authToken");
const algorithm = () => radio("sig-alg", "HMAC_SHA256");

/** Shows the fields of the chosen scheme, and the settings header Twilio would send with it. */
function showScheme() {
  for (const el of document.querySelectorAll("[data-scheme]")) el.hidden = el.dataset.scheme !== scheme();
  if (scheme() === "sharedKey") byId("sig-settings").value = `key=${byId("sig-key-id").value},algorithm=${algorithm()}`;
}

/** The request as verifySignature/explainSignature take it: the scheme's secrets and headers. */
function request() {
  const secondary = byId("sig-token2").value;
  const secrets = scheme() === "sharedKey"
    ? { sharedKeys: [{ id: byId("sig-key-id").value, secret: byId("sig-key-secret").value }], signatureSettings: byId("sig-settings").value }
    : secondary ? { authTokens: [byId("sig-token").value, secondary] } : { authToken: byId("sig-token").value };
  return {
    ...secrets,
    signature: byId("sig-signature").value,
    url: byId("sig-url").value,
    body: byId("sig-body").value,
    contentType: contentType(),
  };
}

/** Form body → params map for computeSignature (decoded by wa-guard's decodeForm). */
function params() {
  if (contentType() !== "application/x-www-form-urlencoded") return { ok: true, value: undefined };
  const r = call("decodeForm", byId("sig-body").value);
  if (!r.ok) return r;
  const map = {};
  for (const [k, v] of r.value) {
    if (k in map) map[k] = [].concat(map[k], v);
    else map[k] = v;
  }
  return { ok: true, value: map };
}

function compute() {
  const out = byId("sig-verdict");
  if (!has("computeSignature")) return fill(out, unavailable("computeSignature"));
  const p = params();
  if (!p.ok) return fill(out, h("p", { class: "bad" }, "Body: "), codeBadge(p.error.code), " ", p.error.message);
  const secret = scheme() === "sharedKey"
    ? { secret: byId("sig-key-secret").value, algorithm: algorithm() }
    : { authToken: byId("sig-token").value };
  const r = call("computeSignature", { ...secret, url: byId("sig-url").value, ...(p.value ? { params: p.value } : {}) });
  if (!r.ok) return fill(out, h("p", { class: "bad" }, codeBadge(r.error.code), " ", r.error.message));
  byId("sig-signature").value = r.value;
  verify();
}

const HEADER = { wellFormed: "well formed, but it does not match", missing: "missing", malformed: "malformed (not a base64 HMAC-SHA1 or HMAC-SHA256)" };
const VARIATION = {
  schemeSwapped: "the other scheme (http ↔ https)", trailingSlashToggled: "the trailing slash toggled",
  queryDropped: "the query string dropped", urlTrimmed: "whitespace trimmed from the URL",
  paramsIgnored: "the parameters left out", queryParamsRemoved: "query-string parameters removed from the params",
  valuesTrimmed: "parameter values trimmed", bodyAsRaw: "the body taken raw", bodyAsForm: "the body decoded as a form",
};
const PAYLOAD = { none: "no parameters", params: "form parameters", formBody: "form body, decoded", rawBody: "raw body (bodySHA256)" };

/** Renders a SignatureReport from explainSignature. */
function renderExplain(report) {
  const box = byId("sig-explain");
  if (!report) return fill(box);
  const bh = report.bodyHash;
  fill(box,
    h("h3", {}, "Why it fails (explainSignature)"),
    h("dl", { class: "facts" },
      h("dt", {}, "Header"), h("dd", {}, HEADER[report.header] ?? report.header),
      h("dt", {}, "Payload"), h("dd", {}, PAYLOAD[report.payload] ?? report.payload),
      h("dt", {}, "Algorithm"), h("dd", {}, report.algorithm ?? "unsupported (invalid)"),
      report.settings ? [h("dt", {}, "Settings header"), h("dd", {}, report.settings.keyKnown ? "names a configured key" : "names no configured key: every shared key tried",
        report.settings.refused ? h("div", { class: "bad" }, report.settings.refused === "noSharedKey" ? "no shared key configured" : "unsupported algorithm") : null)] : null,
      bh ? [h("dt", {}, "Body SHA-256"), h("dd", {}, bh.matches ? "matches the URL's bodySHA256" : h("span", { class: "bad" }, "does not match the URL's bodySHA256"),
        h("div", { class: "mono small muted" }, `body ${bh.actual}`), bh.expected ? h("div", { class: "mono small muted" }, `url  ${bh.expected}`) : null,
        bh.matches ? null : h("button", { type: "button", class: "btn small", id: "sig-use-hash", onclick: () => useBodyHash(bh.actual) }, "Put this body's hash in the URL and re-sign"))] : null),
    report.wouldMatch?.length ? [h("p", { class: "ok" }, "It would have matched with:"),
      h("ul", { class: "would" }, report.wouldMatch.map((w) => h("li", {}, w.description ?? (w.variations ?? []).map((v) => VARIATION[v] ?? v).join(", "), " ",
        h("div", { class: "mono small muted" }, w.url), w.tokenIndex ? h("span", { class: "small muted" }, ` (token #${w.tokenIndex + 1})`) : null)))] : null,
    report.wouldVerifyWith?.length ? [h("p", { class: "ok" }, "It verifies as it is with another secret:"),
      h("ul", { class: "would" }, report.wouldVerifyWith.map((w) => h("li", {}, w.keyId ? `shared key ${w.keyId}` : `auth token #${w.tokenIndex + 1}`, ` · ${w.algorithm}`)))] : null,
    report.hints?.length ? [h("p", {}, "Hints:"), h("ul", { class: "hints" }, report.hints.map((x) => h("li", {}, x)))] : null,
    report.candidates?.length ? h("details", { class: "candidates" }, h("summary", {}, `URL variants checked (${report.candidates.length})`),
      h("table", { class: "explain-table" },
        h("tbody", {}, report.candidates.map((c) => h("tr", {}, h("th", {}, c.kind), h("td", { class: "mono" }, c.url)))))) : null);
}

/** Sets the URL's bodySHA256 to the hash wa-guard computed for the body (as Twilio would), then signs. */
function useBodyHash(hash) {
  const input = byId("sig-url");
  try {
    const u = new URL(input.value);
    u.searchParams.set("bodySHA256", hash);
    input.value = u.toString();
  } catch {
    return;
  }
  compute();
}

function verify() {
  const out = byId("sig-verdict");
  const box = byId("sig-explain");
  if (!has("verifySignature")) { fill(box); return fill(out, unavailable("verifySignature")); }
  const req = request();
  const r = call("verifySignature", req);
  if (!r.ok) { fill(box); out.dataset.state = "error"; return fill(out, h("p", { class: "bad" }, codeBadge(r.error.code), " ", r.error.message)); }
  const v = r.value;
  out.dataset.state = v.valid ? "valid" : "invalid";
  if (v.valid) {
    fill(out, h("p", { class: "verdict-line ok" }, "✓ Valid signature"),
      h("p", { class: "small muted" }, v.matchedUrl ? ["matched URL ", h("code", {}, v.matchedUrl)] : null,
        typeof v.tokenIndex === "number" ? ` · ${v.tokenIndex === 0 ? "primary" : "secondary"} token` : null,
        v.keyId ? ` · shared key ${v.keyId}` : null, ` · ${v.algorithm}`));
    return fill(box);
  }
  fill(out, h("p", { class: "verdict-line bad" }, "✗ Invalid signature"), h("p", { class: "small muted" }, "Twilio's request would be rejected (HTTP 403)."));
  if (!has("explainSignature")) return fill(box, unavailable("explainSignature"));
  const e = call("explainSignature", req);
  if (!e.ok) return fill(box, h("p", {}, codeBadge(e.error.code), " ", e.error.message));
  renderExplain(e.value);
}

function load(example) {
  byId("sig-url").value = example.url;
  byId("sig-token").value = example === JSON_EXAMPLE ? "12345" : DEMO_TOKEN;
  byId("sig-key-id").value = DEMO_KEY.id;
  byId("sig-key-secret").value = DEMO_KEY.secret;
  showScheme();
  byId("sig-body").value = example.body;
  setContentType(example.contentType);
  byId("sig-signature").value = "";
  compute();
}

export function initSignature() {
  const live = debounce(verify, 120);
  for (const id of ["sig-url", "sig-token", "sig-token2", "sig-body", "sig-signature", "sig-key-secret", "sig-settings"]) byId(id).addEventListener("input", live);
  byId("sig-key-id").addEventListener("input", () => { showScheme(); live(); });
  for (const r of document.querySelectorAll('input[name="sig-ct"]')) r.addEventListener("change", verify);
  // A new scheme or algorithm: a new signature (as Twilio would send with that setting).
  for (const r of document.querySelectorAll('input[name="sig-scheme"], input[name="sig-alg"]')) r.addEventListener("change", () => { showScheme(); compute(); });
  byId("sig-compute").addEventListener("click", compute);
  byId("sig-example-form").addEventListener("click", () => load(FORM_EXAMPLE));
  byId("sig-example-json").addEventListener("click", () => load(JSON_EXAMPLE));
  load(FORM_EXAMPLE);
}
