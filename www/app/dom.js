// Tiny DOM and formatting helpers (presentation only).

/** `document.getElementById`, failing loudly when the page and the code disagree. */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return el;
}

/** Creates an element: `h("p", { class: "x", onclick }, "text", child)`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A badge showing an error code. */
export function codeBadge(code) {
  return h("code", { class: "code-badge" }, code);
}

/** "not available in this build" note for a missing wa-guard export. */
export function unavailable(name) {
  return h("p", { class: "unavailable" }, h("code", {}, name), " is not available in this build of wa-guard.");
}

/** One problem `{ code, message, path }` as a list item. */
export function problemItem(p) {
  return h("li", { class: "problem" }, codeBadge(p.code), " ", p.message,
    p.path ? h("span", { class: "muted small" }, " at ", h("code", {}, p.path)) : null);
}

/** Calls `fn` at most once per `ms` of quiet. */
export function debounce(fn, ms = 120) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

const pad = (n) => String(n).padStart(2, "0");

/** A duration in ms as `1 d 02:03:04` / `02:03:04`. */
export function duration(ms) {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hms = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return (neg ? "−" : "") + (d ? `${d} d ${hms}` : hms);
}

/** An instant (ms or ISO string) as a short local date-time. */
export function clockText(at) {
  const d = new Date(at);
  return d.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** An instant as a short local time (with the day when it is not today's simulated day). */
export function timeText(at, now) {
  const d = new Date(at);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}
