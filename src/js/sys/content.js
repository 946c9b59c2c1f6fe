// Marshalling helpers of the Content API bindings (src/js/sys.rs declares them). No rule lives here.
// Only `export function` declarations at the start of a line: pkg-scripts/build rewrites them for CommonJS.

export function stringifyBounded(v, max) {
  let n = 0;
  const walk = (x) => {
    if (++n > max) throw new RangeError("too many values");
    if (x === null || typeof x !== "object") return;
    if (typeof x.toJSON === "function") return;
    if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) walk(x[i]); return; }
    for (const k in x) if (Object.prototype.hasOwnProperty.call(x, k)) walk(x[k]);
  };
  walk(v);
  return JSON.stringify(v);
}
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
