#!/usr/bin/env node
// Generates src/number_table.rs from libphonenumber-js's metadata (metadata.min.json): the country
// calling codes, the regions sharing each code, each region's national (trunk) prefix, and the
// "possible lengths" of national significant numbers. Reproducible: same package version → same file.
//
//   node pkg-scripts/gen-number-table.mjs            # writes src/number_table.rs
//   node pkg-scripts/gen-number-table.mjs --check    # exits 1 if the committed file is stale
//
// The data is libphonenumber's (Google, Apache License 2.0), as packaged by libphonenumber-js (MIT).
import { readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("node_modules/libphonenumber-js/package.json", root)));
const meta = JSON.parse(readFileSync(new URL("node_modules/libphonenumber-js/metadata.min.json", root)));

// metadata.min.json (format version 4): countries[R] = [callingCode, idd, nationalNumberPattern,
// possibleLengths, formats, nationalPrefix, ..., leadingDigits (index 10), types (index 11)].
const POSSIBLE_LENGTHS = 3;
const NATIONAL_PREFIX = 5;
const LEADING_DIGITS = 10;
if (meta.version !== 4) throw new Error(`unexpected metadata format version ${meta.version}`);

const mask = (lengths) => {
  let m = 0;
  for (const l of lengths) {
    if (!Number.isInteger(l) || l < 1 || l > 17) throw new Error(`odd possible length ${l}`);
    m |= 1 << l;
  }
  return m >>> 0;
};
const plan = (cc, region) => (region === "001" ? meta.nonGeographic[cc] : meta.countries[region]);

// Expands a leading-digits pattern made of digits, [classes], (?:groups) and | into the set of
// digit prefixes it matches at the start of a number. Anything else is refused (the generator must
// not silently approximate).
function expandPrefixes(re) {
  let i = 0;
  const alt = () => {
    let out = seq();
    while (re[i] === "|") { i++; out = out.concat(seq()); }
    return out;
  };
  const seq = () => {
    let acc = [""];
    while (i < re.length && re[i] !== "|" && re[i] !== ")") {
      let atom;
      if (/[0-9]/.test(re[i])) atom = [re[i++]];
      else if (re[i] === "[") {
        const end = re.indexOf("]", i);
        const body = re.slice(i + 1, end);
        i = end + 1;
        atom = [];
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === "-") { for (let d = +body[k]; d <= +body[k + 2]; d++) atom.push(String(d)); k += 2; }
          else if (/[0-9]/.test(body[k])) atom.push(body[k]);
          else throw new Error(`unsupported class in ${re}`);
        }
      } else if (re.startsWith("(?:", i)) {
        i += 3; atom = alt();
        if (re[i++] !== ")") throw new Error(`unbalanced ${re}`);
      } else throw new Error(`unsupported leading-digits syntax in ${re} at ${i}`);
      if (re[i] !== undefined && "?*+{".includes(re[i])) throw new Error(`quantifier in ${re}`);
      acc = acc.flatMap((a) => atom.map((b) => a + b));
    }
    return acc;
  };
  const out = alt();
  if (i !== re.length) throw new Error(`could not expand ${re}`);
  return out;
}

const trunkPrefixes = [""];
// Geographic codes are in country_calling_codes; non-geographic ones (800, 808, 870, …) only in
// nonGeographic. libphonenumber-js accepts both.
const regionsOf = (cc) => meta.country_calling_codes[cc] ?? ["001"];
const codes = [...new Set([...Object.keys(meta.country_calling_codes), ...Object.keys(meta.nonGeographic)])]
  .map(Number)
  .sort((a, b) => a - b);
const codeRows = [];
const regionRows = [];
const overrides = [];
for (const cc of codes) {
  const regions = regionsOf(String(cc));
  const main = plan(String(cc), regions[0]);
  const first = regionRows.length;
  if (regions[0] !== "001") {
    for (const r of regions) {
      const np = meta.countries[r][NATIONAL_PREFIX] || "";
      if (!/^[0-9]*$/.test(np)) throw new Error(`odd national prefix ${np} for ${r}`);
      if (!trunkPrefixes.includes(np)) trunkPrefixes.push(np);
      regionRows.push([r, trunkPrefixes.indexOf(np)]);
    }
  }
  codeRows.push([cc, mask(main[POSSIBLE_LENGTHS]), first, regionRows.length - first]);
  // Regions sharing the code that libphonenumber selects by leading digits and whose possible
  // lengths differ from the main region's: national numbers starting with one of those digit
  // prefixes are judged by that region's lengths. (Regions it selects by full validity patterns
  // are not reproduced: see tests/js/number-agreement.test.mjs for the documented exceptions.)
  const claimed = new Set();
  for (const r of regions.slice(1)) {
    const ld = meta.countries[r][LEADING_DIGITS];
    if (!ld) continue;
    const prefixes = expandPrefixes(ld).filter((p) => ![...claimed].some((c) => p.startsWith(c)));
    prefixes.forEach((p) => claimed.add(p));
    const m = mask(meta.countries[r][POSSIBLE_LENGTHS]);
    if (m !== codeRows.at(-1)[1]) for (const p of prefixes) overrides.push([cc, p, m, r]);
  }
  // Leading digits of earlier regions win: drop override prefixes claimed by the main region.
  const mainLd = regions[0] !== "001" && meta.countries[regions[0]][LEADING_DIGITS];
  if (mainLd) {
    const mainPrefixes = expandPrefixes(mainLd);
    for (let k = overrides.length - 1; k >= 0; k--) {
      if (overrides[k][0] === cc && mainPrefixes.some((p) => overrides[k][1].startsWith(p))) overrides.splice(k, 1);
    }
  }
}


// ---------------------------------------------------------------------------------------------
// The region of a number whose calling code several regions share (+1 by area code, +44, +7, …).
// libphonenumber-js (getCountryByNationalNumber) tries the regions in metadata order: a region with
// "leading digits" claims a number that starts with them; a region without claims it when one of
// its number-type patterns matches the whole number. Here that rule is decided on digit prefixes:
// walking a trie of prefixes, a prefix is decided when the first region that could still claim a
// number with it is certain to (leading digits matched) or is the only one left. Each region's
// patterns are compiled to an NFA (the pattern subset libphonenumber uses: digits, [classes], \d,
// (?:groups), |, ?, *, +, {n}, {n,m}); anything else is refused.
const TYPES = 11;
const MAX_REGION_DEPTH = 6;
function parseRe(re) {
  let i = 0;
  const alt = () => {
    const alts = [seq()];
    while (re[i] === "|") { i++; alts.push(seq()); }
    return { alt: alts };
  };
  const seq = () => {
    const items = [];
    while (i < re.length && re[i] !== "|" && re[i] !== ")") {
      let atom;
      if (/[0-9]/.test(re[i])) atom = { set: [re[i++]] };
      else if (re.startsWith("\\d", i)) { i += 2; atom = { set: [..."0123456789"] }; }
      else if (re[i] === "[") {
        const end = re.indexOf("]", i);
        const body = re.slice(i + 1, end);
        i = end + 1;
        const set = [];
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === "-") { for (let d = +body[k]; d <= +body[k + 2]; d++) set.push(String(d)); k += 2; }
          else if (/[0-9]/.test(body[k])) set.push(body[k]);
          else throw new Error(`unsupported class in ${re}`);
        }
        atom = { set };
      } else if (re[i] === "(") {
        i += re.startsWith("(?:", i) ? 3 : 1;
        atom = alt();
        if (re[i++] !== ")") throw new Error(`unbalanced ${re}`);
      } else throw new Error(`unsupported pattern syntax in ${re} at ${i}`);
      let min = 1, max = 1;
      if (re[i] === "?") { min = 0; i++; }
      else if (re[i] === "*") { min = 0; max = Infinity; i++; }
      else if (re[i] === "+") { max = Infinity; i++; }
      else if (re[i] === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
        if (!m) throw new Error(`bad quantifier in ${re}`);
        min = +m[1]; max = m[2] ? (m[3] === "" ? Infinity : +m[3]) : min;
        i += m[0].length;
      }
      items.push({ atom, min, max });
    }
    return { seq: items };
  };
  const ast = alt();
  if (i !== re.length) throw new Error(`could not parse ${re}`);
  return ast;
}
// Thompson NFA: states are { eps: [], edges: [[digits, to]] }.
function compile(patterns) {
  const states = [];
  const state = () => { states.push({ eps: [], edges: [] }); return states.length - 1; };
  const build = (node, from) => { // → end state
    if (node.set) { const to = state(); states[from].edges.push([node.set, to]); return to; }
    if (node.alt) {
      const end = state();
      for (const a of node.alt) { const s = state(); states[from].eps.push(s); states[build(a, s)].eps.push(end); }
      return end;
    }
    let cur = from;
    for (const { atom, min, max } of node.seq) {
      for (let k = 0; k < min; k++) cur = build(atom, cur);
      if (max === Infinity) {
        const loop = state(); states[cur].eps.push(loop);
        const e = build(atom, loop); states[e].eps.push(loop);
        cur = loop;
      } else {
        const end = state();
        for (let k = min; k < max; k++) { states[cur].eps.push(end); cur = build(atom, cur); }
        states[cur].eps.push(end);
        cur = end;
      }
    }
    return cur;
  };
  const start = state();
  const accept = state();
  for (const p of patterns) states[build(parseRe(p), start)].eps.push(accept);
  const closure = (set) => {
    const out = new Set(set); const todo = [...set];
    while (todo.length) for (const e of states[todo.pop()].eps) if (!out.has(e)) { out.add(e); todo.push(e); }
    return out;
  };
  return {
    start: closure([start]),
    accept,
    step(set, d) {
      const next = [];
      for (const s of set) for (const [digits, to] of states[s].edges) if (digits.includes(d)) next.push(to);
      return closure(next);
    },
  };
}
// Whether a state set can still reach the accepting state (every state of these NFAs can, except
// when the set is empty).
const alive = (set) => set.size > 0;
const regionRules = []; // [cc, prefix, region]
const REGION_NONE = "--";
for (const cc of codes) {
  const regions = regionsOf(String(cc));
  if (regions.length < 2) continue;
  const matchers = regions.map((r) => {
    const d = meta.countries[r];
    if (d[LEADING_DIGITS]) return { region: r, ld: compile([d[LEADING_DIGITS]]) };
    const types = (d[TYPES] || []).filter((t) => Array.isArray(t)).map((t) => t[0]);
    return { region: r, nfa: compile(types.length ? types : [d[2]]) };
  });
  // Walk the prefix trie; each matcher's state: its NFA state set (and for leading digits, whether
  // a leading-digits word was already read, which claims every continuation).
  const walk = (prefix, sets) => {
    const status = matchers.map((m, k) => {
      const st = sets[k];
      if (m.ld) return st.claimed ? "yes" : alive(st.set) ? "maybe" : "no";
      return alive(st.set) ? "maybe" : "no";
    });
    const live = status.map((s, k) => [s, k]).filter(([s]) => s !== "no");
    if (live.length === 0) return; // no region has numbers starting so: no rule (undecided)
    const [first, k] = live[0];
    if (first === "yes" || live.length === 1 || prefix.length >= MAX_REGION_DEPTH) {
      regionRules.push([cc, prefix, matchers[k].region]);
      return;
    }
    for (const d of "0123456789") {
      walk(prefix + d, matchers.map((m, j) => {
        const st = sets[j];
        if (m.ld) {
          if (st.claimed) return st;
          const set = m.ld.step(st.set, d);
          return { set, claimed: set.has(m.ld.accept) };
        }
        return { set: m.nfa.step(st.set, d) };
      }));
    }
  };
  walk("", matchers.map((m) => (m.ld ? { set: m.ld.start, claimed: false } : { set: m.nfa.start })));
}
// Merge ten sibling rules of one region into their parent (smaller table, same answers).
let merged = true;
while (merged) {
  merged = false;
  const byParent = new Map();
  for (const r of regionRules) if (r[1].length > 0) {
    const key = `${r[0]}|${r[1].slice(0, -1)}`;
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(r);
  }
  for (const [key, kids] of byParent) {
    if (kids.length === 10 && kids.every((r) => r[2] === kids[0][2])) {
      const [cc, parent] = key.split("|");
      for (const r of kids) regionRules.splice(regionRules.indexOf(r), 1);
      regionRules.push([Number(cc), parent, kids[0][2]]);
      merged = true;
    }
  }
}
regionRules.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
const regionIndex = (cc, r) => {
  const first = codeRows.find((row) => row[0] === cc)[2];
  const idx = regionRows.findIndex(([code], n) => n >= first && code === r);
  return idx - first;
};
void REGION_NONE;


// International (IDD) prefixes of each region, for national-format input with a default region
// (`011 44 20…` typed in the US). libphonenumber gives a pattern; it is expanded into its literal
// alternatives (at most 100; a pattern with more, e.g. CN's carrier-selected `1(?:[12]\d|79)\d\d00`,
// keeps only its alternatives without digit classes). Regions whose prefix is exactly "00" are left
// out (the default).
const IDD = 1;
function expandFinite(re, limit) {
  const nfa = compile([re]);
  const out = [];
  const walk = (prefix, set) => {
    if (out.length > limit) return;
    if (set.has(nfa.accept)) out.push(prefix);
    if (prefix.length >= 8) return;
    for (const d of "0123456789") {
      const next = nfa.step(set, d);
      if (next.size) walk(prefix + d, next);
    }
  };
  walk("", nfa.start);
  return out;
}
const iddRows = [];
for (const r of Object.keys(meta.countries).sort()) {
  const re = meta.countries[r][IDD];
  if (!re || re === "00") continue;
  let alts = expandFinite(re, 100);
  if (alts.length > 100) {
    alts = re.split("|").filter((a) => /^[0-9]+$/.test(a));
    if (!alts.length) throw new Error(`IDD of ${r} cannot be reduced: ${re}`);
  }
  // Longest first, so that `0011` wins over `001`.
  alts.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  iddRows.push([r, alts.join("|")]);
}

// REGION_RULES, packed per calling code (see the table's comment): about 1 KB gzip instead of 3.3.
const ruleCodes = [...new Set(regionRules.map((r) => r[0]))];
function packRules(cc) {
  let prev = "";
  let s = "";
  for (const [c, p, r] of regionRules) {
    if (c !== cc) continue;
    let k = 0;
    while (k < p.length && k < prev.length && p[k] === prev[k]) k++;
    const i = regionIndex(c, r);
    if (k > 25 || i > 25 || !/^[0-9]*$/.test(p)) throw new Error(`region rule ${c} ${p} cannot be packed`);
    s += String.fromCharCode(97 + k) + p.slice(k) + String.fromCharCode(65 + i);
    prev = p;
  }
  return s;
}

const hex = (n) => "0x" + n.toString(16);
const out = `// @generated by pkg-scripts/gen-number-table.mjs: DO NOT EDIT (re-run the script instead).
//
// Source: npm libphonenumber-js ${pkg.version}, metadata.min.json (format version ${meta.version}).
// The data is libphonenumber's (Copyright Google LLC, Apache License 2.0,
// https://github.com/google/libphonenumber); this file is a mechanical transformation of it.
//
// ${codes.length} country calling codes, ${regionRows.length} regions, ${overrides.length} leading-digit overrides,
// ${regionRules.length} region rules.

/// National (trunk) prefixes; \`REGIONS\` refers to them by index (0 = none).
#[rustfmt::skip]
pub(crate) const TRUNK_PREFIXES: [&str; ${trunkPrefixes.length}] = [${trunkPrefixes.map((p) => JSON.stringify(p)).join(", ")}];

/// Country calling codes in ascending order: (code, possible lengths of the national significant
/// number as a bit mask (bit n = n digits) for the code's main region, index of its first region in
/// \`REGIONS\`, number of regions; 0 regions = non-geographic).
#[rustfmt::skip]
pub(crate) const CALLING_CODES: [(u16, u32, u16, u8); ${codeRows.length}] = [
${codeRows.map(([c, m, f, n]) => `    (${c}, ${hex(m)}, ${f}, ${n}),`).join("\n")}
];

/// Regions (ISO 3166-1 alpha-2, main region of each code first), grouped by calling code:
/// (code letters, index in \`TRUNK_PREFIXES\`).
#[rustfmt::skip]
pub(crate) const REGIONS: [([u8; 2], u8); ${regionRows.length}] = [
${chunk(regionRows.map(([r, t]) => `(*b"${r}", ${t})`), 8).map((l) => "    " + l.join(", ") + ",").join("\n")}
];

/// National numbers of a shared calling code that start with these digits belong to another region
/// with other possible lengths: (code, leading digits, possible-lengths bit mask).
#[rustfmt::skip]
pub(crate) const LENGTH_OVERRIDES: [(u16, &str, u32); ${overrides.length}] = [
${overrides.map(([c, p, m, r]) => `    (${c}, "${p}", ${hex(m)}), // ${r}`).join("\n")}
];
/// The region of a national number whose calling code several regions share, by its leading
/// digits (libphonenumber's region selection, decided on prefixes: see the generator): (code, its
/// rules). The prefixes of one code are prefix-free; a number matching none has no decided region.
/// Rules are packed (${regionRules.length} in all): for each, a letter \`a\`+k (keep the first k digits of the
/// previous prefix), the prefix's further digits, and a letter \`A\`+i (index of the region among the
/// code's regions in \`REGIONS\`).
#[rustfmt::skip]
pub(crate) const REGION_RULES: [(u16, &[u8]); ${ruleCodes.length}] = [
${ruleCodes.map((c) => `    (${c}, b"${packRules(c)}"),`).join("\n")}
];
/// International (IDD) prefixes of the regions whose prefix is not just "00", in one text (no
/// table of ${iddRows.length} string references): for each, the region then its literal alternatives separated
/// by \`|\`, longest first; entries separated by \`;\`.
#[rustfmt::skip]
pub(crate) const IDD_PREFIXES: &str = concat!(
${iddRows.map(([r, a], i) => `    "${r}${a}${i + 1 < iddRows.length ? ";" : ""}",`).join("\n")}
);
`;

function chunk(a, n) {
  const r = [];
  for (let i = 0; i < a.length; i += n) r.push(a.slice(i, i + n));
  return r;
}

const target = new URL("src/number_table.rs", root);
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== out) {
    console.error("src/number_table.rs is stale: run node pkg-scripts/gen-number-table.mjs");
    process.exit(1);
  }
  console.log("src/number_table.rs is up to date");
} else {
  writeFileSync(target, out);
  console.log(`wrote src/number_table.rs: ${codes.length} codes, ${regionRows.length} regions, ${overrides.length} overrides, ${regionRules.length} region rules, ${out.length} bytes`);
}
