// Marshalling helpers of the Content API bindings (src/js/sys.rs declares them). No rule lives here.
// Only `export function` declarations at the start of a line: pkg-scripts/build rewrites them for CommonJS.

// `JSON.stringify` with a budget of values: an object graph that shares references (`{ v, a: [v] }`
// nested) expands exponentially in plain `JSON.stringify`, which would then run for minutes and
// gigabytes before failing. The budget, 4,194,304 values, is above any import within the limits
// (50,000 templates of ~60 values each: 3 million) and bounds the time of a hostile graph to
// seconds. The values are counted by a walk first (each object's own values at once with
// `Object.values`: a third faster than `for…in`), then the graph is stringified plainly: a
// replacer function (one call from the engine per value) made the stringify of a 5 MB import
// three times slower. A cycle makes `JSON.stringify` throw as before; the walk stops at the budget
// (a cycle reaches it too), so it always ends.
export function stringifyBounded(v, max) {
  let n = 1;
  const walk = (x) => {
    if (typeof x.toJSON === "function") return;
    const xs = Array.isArray(x) ? x : Object.values(x);
    if ((n += xs.length) > max) throw new RangeError("too many values");
    for (let i = 0; i < xs.length; i++) { const y = xs[i]; if (y !== null && typeof y === "object") walk(y); }
  };
  if (v !== null && typeof v === "object") walk(v);
  return JSON.stringify(v);
}
// What Twilio's chart needs of a template object, as one JSON text:
// `[contentType, status, [[type, title] per button], windowOpen]`, or `null` when the template
// is not a (non-array) object (no rule here: the core applies the chart).
export function eligibilityInput(t, o) {
  if (t === null || typeof t !== "object" || Array.isArray(t)) return null;
  const s = (x) => (typeof x === "string" ? x : null);
  const open = o !== null && typeof o === "object" && typeof o.windowOpen === "boolean" ? o.windowOpen : null;
  const ct = s(t.contentType);
  const a = t.approval;
  const status = a !== null && typeof a === "object" ? s(a.status) : null;
  const d = t.definitions;
  const def = ct !== null && d !== null && typeof d === "object" ? d[ct] : undefined;
  const acts = def !== null && typeof def === "object" ? def.actions : undefined;
  const buttons = [];
  if (Array.isArray(acts)) {
    if (acts.length > 1000) throw new RangeError("more than 1,000 buttons");
    for (let i = 0; i < acts.length; i++) {
      const b = acts[i];
      buttons.push(b !== null && typeof b === "object" ? [s(b.type), s(b.title)] : [null, null]);
    }
  }
  return JSON.stringify([ct, status, buttons, open]);
}
