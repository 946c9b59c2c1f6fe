// Optional: drive the conversation through the local edge worker (pkg-scripts/demo runs it on
// 127.0.0.1:8787). Off by default. Every request goes through the page server's relay
// (POST /__worker, see pkg-scripts/serve.mjs), which always answers 200: an absent worker is a
// status on the page, never a browser console error.
//   - the customer's messages become webhooks signed with the worker's Twilio auth token
//     (computeSignature) and posted to /twilio/inbound, as Twilio would;
//   - the window state comes from GET /conversations/{business}/{customer}/window;
//   - agent sends go to POST /messages, which calls (a fake) Twilio's Messages API.
// The simulated clock is sent as X-Test-Now (with X-Test-Clock-Secret) on the agent routes only; the
// worker honours it only when started with --test-clock, otherwise it runs on the real time (the bar
// says which). Webhooks always run on the worker's real clock, as with Twilio: a customer's message
// is recorded at the real instant, whatever the page's simulated clock says.
import { byId, fill, h, codeBadge } from "./dom.js";
import { call } from "./wa.js";
import { state, emit, on, now, workstream } from "./store.js";

const POLL_MS = 1000;
let inflight = false;

function settings() {
  return {
    url: byId("worker-url").value.replace(/\/+$/, ""),
    twilioToken: byId("worker-twilio-token").value,
    agentToken: byId("worker-agent-token").value,
    clockSecret: byId("worker-clock-secret").value,
  };
}

/**
 * One request to the worker through the relay: `{ reachable, status, contentType, body, json }`.
 * Agent routes carry the simulated clock (`clock: true`); webhooks never do.
 */
async function relay(method, path, { headers = {}, body, clock = true } = {}) {
  const clockHeaders = clock ? { "x-test-now": String(now()), "x-test-clock-secret": settings().clockSecret } : {};
  const res = await fetch("/__worker", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method, path, headers: { ...clockHeaders, ...headers }, body }),
  });
  const out = await res.json();
  if (out.reachable && /json/.test(out.contentType)) {
    try { out.json = JSON.parse(out.body); } catch { /* not JSON after all */ }
  }
  return out;
}

function setStatus(status, text) {
  state.worker.status = status;
  const pill = byId("worker-status");
  pill.dataset.state = status;
  pill.textContent = text;
  emit("worker");
}

let note = null; // the last webhook's outcome, shown after the status line

function bar(...content) {
  fill(byId("worker-text"), ...content, note ? [h("br"), note] : null);
}

function unreachable(r) {
  setStatus("offline", "worker not reachable");
  state.worker.window = null;
  bar("The local worker is not reachable (", h("code", {}, r.error ?? "no answer"), "). Start it with ",
    h("code", {}, "pkg-scripts/demo"), " or ", h("code", {}, "node www/worker/dev.mjs"), "; the page keeps working standalone meanwhile.");
}

/** The conversation's path segments: business number (the workstream's) and customer number. */
function parties() {
  return { business: workstream()?.number ?? "", customer: state.customer.number };
}

/** Fetches the window state from the worker and hands it to the conversation panel. */
export async function refreshFromWorker() {
  if (!state.worker.enabled || inflight) return;
  inflight = true;
  try {
    const { business, customer } = parties();
    const r = await relay("GET", `/conversations/${encodeURIComponent(business)}/${encodeURIComponent(customer)}/window`,
      { headers: { authorization: `Bearer ${settings().agentToken}` } });
    if (!state.worker.enabled) return;
    if (!r.reachable) return unreachable(r);
    if (r.status === 200 && r.json) {
      state.worker.window = r.json;
      const skew = Math.abs(Date.parse(r.json.now) - now());
      const clock = skew < 5000 ? "follows the simulated clock" : "runs on the real time (start it with --test-clock to follow the simulated clock)";
      setStatus("online", "worker online");
      bar("Driving the conversation through the worker at ", h("code", {}, settings().url), ": window state from ",
        h("code", {}, "GET /conversations/…/window"), `; its clock ${clock}.`);
    } else {
      state.worker.window = null;
      setStatus("online", "worker online");
      bar("The worker answered ", h("code", {}, String(r.status)), " ", r.json?.code ? codeBadge(r.json.code) : null, " ",
        r.json?.message ?? "", " for this conversation.");
    }
  } finally {
    inflight = false;
  }
}

/** Posts the customer's message to the worker as Twilio would: form body + X-Twilio-Signature. */
async function postInbound(params) {
  const s = settings();
  const url = `${s.url}/twilio/inbound`;
  const sig = call("computeSignature", { authToken: s.twilioToken, url, params });
  if (!sig.ok) return bar("Could not sign the webhook: ", sig.missing ? "computeSignature is not available" : codeBadge(sig.error.code));
  const r = await relay("POST", "/twilio/inbound", {
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig.value },
    body: new URLSearchParams(params).toString(),
    clock: false,
  });
  if (!r.reachable) return unreachable(r);
  note = h("span", { id: "worker-last" }, "Last webhook: HTTP ", h("code", {}, String(r.status)),
    r.json?.code ? [" ", codeBadge(r.json.code), " ", r.json.message ?? ""] : null,
    r.status === 200 ? " — signature verified, message recorded" : "");
  await refreshFromWorker();
}

/**
 * Sends an agent message through the worker's POST /messages. Resolves to the worker's verdict
 * `{ ok, status, json }`, or null when worker mode is off.
 */
export async function sendThroughWorker(message) {
  if (!state.worker.enabled || state.worker.status !== "online") return null;
  const { business, customer } = parties();
  const r = await relay("POST", "/messages", {
    headers: { "content-type": "application/json", authorization: `Bearer ${settings().agentToken}` },
    body: JSON.stringify({ to: customer, from: business, ...message }),
  });
  if (!r.reachable) { unreachable(r); return null; }
  await refreshFromWorker();
  return { ok: r.status === 201, status: r.status, json: r.json };
}

export function initWorker() {
  const toggle = byId("worker-toggle");
  toggle.addEventListener("change", async () => {
    state.worker.enabled = toggle.checked;
    byId("worker-bar").hidden = !toggle.checked;
    state.worker.window = null;
    if (!toggle.checked) return setStatus("off", "standalone");
    setStatus("checking", "checking…");
    bar("Looking for the local worker…");
    await refreshFromWorker();
  });
  on("inbound", (ev) => { if (state.worker.enabled) postInbound(ev.params); });
  on("customer", () => refreshFromWorker());
  on("workstream", () => refreshFromWorker());
  on("clock", () => refreshFromWorker());
  let ticks = 0;
  setInterval(() => {
    ticks++;
    // Poll while online; retry an absent worker every 5 s.
    if (state.worker.enabled && (state.worker.status !== "offline" || ticks % 5 === 0)) refreshFromWorker();
  }, POLL_MS);
}

/**
 * Has the local worker fetch the Content templates from Twilio (POST /templates/refresh, which
 * follows the Content API's paging) and returns what it stored (GET /templates):
 * `{ ok: true, templates, problems, pages }`, or `{ ok: false, code, message }`.
 */
export async function fetchTemplates() {
  const auth = { authorization: `Bearer ${settings().agentToken}` };
  const r = await relay("POST", "/templates/refresh", { headers: auth });
  if (!r.reachable) {
    return { ok: false, code: "WORKER_UNREACHABLE", message: `the local worker at ${settings().url} does not answer (start it with pkg-scripts/demo)` };
  }
  if (r.status !== 200 || !r.json) return { ok: false, code: r.json?.code ?? `HTTP_${r.status}`, message: r.json?.message ?? "the worker refused the refresh" };
  const l = await relay("GET", "/templates", { headers: auth });
  if (l.status !== 200 || !l.json) return { ok: false, code: l.json?.code ?? `HTTP_${l.status}`, message: l.json?.message ?? "the worker did not list its templates" };
  if (!l.json.ok && l.json.lastError) {
    const e = l.json.lastError;
    if (!l.json.templates.length) return { ok: false, code: e.code, message: e.message };
  }
  return { ok: true, templates: l.json.templates, problems: l.json.problems ?? [], pages: l.json.pages ?? 0 };
}
