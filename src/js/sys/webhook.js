// Marshalling helpers of the webhook bindings (src/js/sys.rs declares them). No rule lives here.
// Only `export function` declarations at the start of a line: pkg-scripts/build rewrites them for CommonJS.

export function flatParams(o, maxValues, maxUnits) {
  let s = "", n = 0, units = 0;
  const add = (k, x) => {
    if (typeof x !== "string" || ++n > maxValues || (units += k.length + x.length) > maxUnits || x.includes("\0")) return false;
    s += k + "\0" + x + "\0";
    return true;
  };
  fast: {
    for (const [k, v] of Object.entries(o)) {
      if (k.includes("\0")) break fast;
      if (Array.isArray(v)) {
        for (const x of v) if (!add(k, x)) break fast;
      } else if (!add(k, v)) break fast;
    }
    return "\0" + s;
  }
  // Value by value, naming the first problem.
  let entries;
  try { entries = Object.entries(o); } catch { return ["params", 0]; }
  if (entries.length > maxValues) return ["params", 1];
  const out = []; // name, value, name, value, …
  n = 0; units = 0;
  for (const [k, v] of entries) {
    const one = (x) => (units += k.length + x.length) > maxUnits ? ["params", 2] : ++n > maxValues ? ["params", 1] : void out.push(k, x);
    if (typeof v === "string") {
      const e = one(v);
      if (e) return e;
      continue;
    }
    const at = "params." + k;
    if (!Array.isArray(v)) return [at, "param values must be strings or arrays of strings"];
    let len;
    try { len = v.length; } catch { return [at, 0]; }
    for (let i = 0; i < len; i++) {
      let x;
      try { x = v[i]; } catch { return [`${at}[${i}]`, 0]; }
      if (typeof x !== "string") return [`${at}[${i}]`, "param values must be strings"];
      const e = one(x);
      if (e) return e;
    }
  }
  // A separator no name or value contains (one pass over the text; there always is one).
  const used = new Set();
  for (const x of out) for (let i = 0; i < x.length; i++) used.add(x.charCodeAt(i));
  let c = 0;
  while (used.has(c) || (c >= 0xd800 && c < 0xe000)) c++;
  const sep = String.fromCharCode(c);
  return out.length ? sep + out.join(sep) + sep : sep;
}
// Marshalling only (no rule): the secrets of a request or options object as ONE string:
// `A` + `A` + token (`authToken`), `T` + index + token per set entry of `authTokens` (unset
// entries after the first skipped), `K` + index + id + secret per shared key (`null`/`undefined`
// entries skipped), then `E`. An index is one character (`A` + index), each text is preceded by
// its length in UTF-16 units as one character (`A` + length): no separator, so any text fits.
// Or the first problem as `[path, message]` (`INVALID_ARGUMENT`) or `[path, message, 1]`
// (`INPUT_TOO_LARGE`), worded as the coded errors of every other reader.
const THREW = " cannot be read: a getter or proxy threw";
const kind = (v) => v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
const ch = (n) => String.fromCharCode(65 + n);
function text(v, p) {
  if (typeof v !== "string") throw [p, p + " must be a string, got " + kind(v)];
  if (v.length > 256) throw [p, p + " is larger than the limit of 256 bytes", 1];
  if (!v.isWellFormed()) throw [p, p + " contains a lone UTF-16 surrogate (not valid Unicode text)"];
  return ch(v.length) + v;
}
function get(o, k, p) {
  try { return o[k]; } catch { throw [p, "cannot read property"]; }
}
function items(x, k, max, want) {
  const v = get(x, k, k);
  if (v == null) return;
  if (!Array.isArray(v)) throw [k, want];
  let n;
  try { n = v.length; } catch { throw [k, k + THREW]; }
  if (n > 4 * max + 1) throw [k, `${k} is larger than the limit of ${max} entries`, 1];
  const out = [];
  for (let i = 0; i < n; i++) try { out.push(v[i]); } catch { throw [`${k}[${i}]`, `${k}[${i}]` + THREW]; }
  return out;
}
export function secrets(x) {
  try {
    let s = "";
    const one = get(x, "authToken", "authToken");
    const many = items(x, "authTokens", 8, "authTokens must be an array of strings");
    if (many && one != null) throw ["authTokens", "give authToken or authTokens, not both"];
    if (one != null) s = "AA" + text(one, "authToken");
    for (let i = 0; many && i < many.length; i++) {
      const t = many[i];
      if (i && (t == null || t === "")) continue;
      s += "T" + ch(i) + text(t, `authTokens[${i}]`);
    }
    const keys = items(x, "sharedKeys", 50, "sharedKeys must be an array of { id, secret } objects") || [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i], p = `sharedKeys[${i}]`;
      if (k == null) continue;
      if (typeof k !== "object" || Array.isArray(k)) throw [p, "a shared key is an object { id, secret }"];
      const id = get(k, "id", p), secret = get(k, "secret", p);
      s += "K" + ch(i) + text(id, p + ".id") + text(secret, p + ".secret");
    }
    return s + "E";
  } catch (e) {
    if (Array.isArray(e)) return e;
    throw e;
  }
}
// The usual request (a plain object of strings, a string body or a plain params object) as ONE
// string, read in one crossing: `secrets()`, then `url NUL signature NUL ±settings NUL
// ±contentType NUL ±body NUL ±params` (`-` absent, `+` then the value; params as `flatParams`
// makes them, last). `undefined` for anything else (a NUL in a field, another type, an unknown
// key, a problem…): then the request is read field by field, which names any problem.
let lastUrl;
export function takeUrl() { const u = lastUrl; lastUrl = undefined; return u; }
export function fastRequest(x, maxValues, maxUnits) {
  try {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return;
    for (const k in x) if (!KNOWN[2].has(k)) return;
    let s = secrets(x);
    if (typeof s !== "string") return;
    const { url, signature: g, signatureSettings: st, params: p, body: b, contentType: ct } = x;
    const str = (v) => typeof v === "string" && !v.includes("\0");
    const opt = (v) => v == null ? "-\0" : str(v) ? "+" + v + "\0" : void 0;
    if (!str(url) || (p != null && b != null) || (g != null && !str(g))) return;
    let q = "-";
    if (p != null) {
      const o = Object.getPrototypeOf(p);
      if (typeof p !== "object" || (o !== Object.prototype && o !== null)) return;
      q = flatParams(p, maxValues, maxUnits);
      if (typeof q !== "string") return;
      q = "+" + q;
    }
    const o1 = opt(st), o2 = opt(ct), o3 = opt(b);
    if (o1 === void 0 || o2 === void 0 || o3 === void 0) return;
    lastUrl = url;
    return s + url + "\0" + (g == null ? "" : g.length > 64 ? "!" : g) + "\0" + o1 + o2 + o3 + q;
  } catch {}
}
const KNOWN = [, , "authToken,authTokens,sharedKeys,signature,signatureSettings,url,params,body,contentType",
  "authToken,secret,algorithm,url,params,body,contentType", "authToken,authTokens,sharedKeys,url"]
  .map((names) => new Set(names.split(",")));
export function natural(x, kind, max) {
  if (kind > 1) {
    const known = KNOWN[kind];
    for (const k of Object.keys(x)) {
      if (known.has(k)) continue;
      let v;
      try { v = x[k]; } catch { continue; } // (a throwing getter: its own coded error when read)
      if (v !== undefined) return [k, "unknown field `" + k + "`, expected `" + [...known].join("`, `") + "`"];
    }
    return x;
  }
  const what = (v) => v === null ? "null" : Array.isArray(v) ? "an array" : typeof Blob === "function" && v instanceof Blob ? "a file" : typeof v;
  if (kind === 1) {
    if (typeof x === "string") return x;
    if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) {
      if (x.byteLength > max) return ["body"];
      try { return new TextDecoder("utf-8", { fatal: true }).decode(x); } catch { return ["body", "body is not valid UTF-8"]; }
    }
    return ["body", "body must be a string, Uint8Array, ArrayBuffer or Buffer, got " + what(x)];
  }
  const want = "params must be an object of strings or string arrays, URLSearchParams, FormData, a Map or [name, value] pairs, got ";
  if (typeof x !== "object" || x === null) return ["params", want + what(x)];
  const proto = Object.getPrototypeOf(x), pairs = Array.isArray(x);
  if (!pairs && (proto === Object.prototype || proto === null || typeof x.entries !== "function")) return x;
  const r = Object.create(null);
  let n = 0;
  for (const e of pairs ? x : x.entries()) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== "string") return [pairs ? `params[${n}]` : "params", (pairs ? `params[${n}]` : "an entry of params") + " must be a [name, value] pair of strings, got " + what(e)];
    if (typeof e[1] !== "string") return ["params." + e[0], `params.${e[0]} must be a string, got ${what(e[1])}`];
    (r[e[0]] ??= []).push(e[1]);
    if (++n > max) break;
  }
  return r;
}

export function afterText(p, finish) {
  return p.then((t) => finish(t), () => finish(undefined));
}
