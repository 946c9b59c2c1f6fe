// wa-guard's parseE164 vs libphonenumber-js isPossiblePhoneNumber (default metadata) on a large,
// deterministic corpus of generated numbers. Prints the agreement rate. Every difference must fall
// in one of the documented exception classes below (each checked mechanically), or the test fails.
//
// Documented exceptions (why wa-guard deliberately differs):
//  TRUNK_PREFIX   libphonenumber rewrites the national number of an *international* input: it
//                 strips a national (trunk) prefix or carrier code (`+44 0 20…`, `+7 8 9…`) or applies
//                 a transform rule (Norfolk Island `+672 5xxxx` → `35xxxx`), then judges the rewritten
//                 number. E.164 never contains a trunk prefix and Twilio/WhatsApp address the literal
//                 digits (`whatsapp:+4402071838750` is not `whatsapp:+442071838750`), so wa-guard judges
//                 the digits as written. Checked: libphonenumber's nationalNumber differs from the
//                 literal digits after the calling code, and wa-guard's verdict equals the length check
//                 of the literal digits.
//  OVER_15_DIGITS libphonenumber accepts national numbers up to 17 digits (some German, Japanese,
//                 Indonesian, Nigerian… lengths); E.164 caps the whole number at 15 digits and Twilio
//                 rejects longer `To` numbers, so wa-guard says E164_TOO_LONG.
//  REGION_BY_PATTERN For a calling code shared by several regions, libphonenumber picks the region
//                 by matching the number against each region's full validity patterns when the region
//                 has no "leading digits"; wa-guard only reproduces the leading-digit selection (the
//                 patterns would cost tens of KB in the .wasm) and otherwise uses the main region's
//                 possible lengths. Checked: libphonenumber's region is not the one wa-guard's
//                 leading-digit rule gives, and that region has no leading digits of its own or an
//                 earlier region without leading digits claimed the number by pattern.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isPossiblePhoneNumber, parsePhoneNumber } from "libphonenumber-js";
import { parseE164 } from "./pkg.mjs";

const meta = JSON.parse(readFileSync(new URL("../../node_modules/libphonenumber-js/metadata.min.json", import.meta.url)));
const examples = JSON.parse(readFileSync(new URL("../../node_modules/libphonenumber-js/examples.mobile.json", import.meta.url)));
// Geographic codes, then the non-geographic ones (800, 808, 870, …), which only nonGeographic lists.
const codes = [...Object.keys(meta.country_calling_codes), ...Object.keys(meta.nonGeographic)];
const regionsOf = (cc) => meta.country_calling_codes[cc] ?? ["001"];
const plan = (cc) => {
  const r = regionsOf(cc)[0];
  return r === "001" ? meta.nonGeographic[cc] : meta.countries[r];
};

// mulberry32: a small deterministic PRNG, so any failure is reproducible.
let seed = 0x5eed1e55;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const digits = (n) => Array.from({ length: n }, () => int(10)).join("");

function corpus() {
  const out = [];
  // 1. Uniform: any code, any national length that keeps the number within 17 digits.
  for (let i = 0; i < 60000; i++) {
    const cc = pick(codes);
    out.push("+" + cc + digits(1 + int(17 - cc.length)));
  }
  // 2. Near the possible lengths of each code (hits and near misses).
  for (let i = 0; i < 30000; i++) {
    const cc = pick(codes);
    const len = Math.max(1, pick(plan(cc)[3]) + pick([-1, 0, 0, 0, 1]));
    out.push("+" + cc + digits(len));
  }
  // 3. Regions sharing a code, selected by leading digits.
  const shared = codes.filter((cc) => regionsOf(cc).length > 1);
  for (let i = 0; i < 6000; i++) {
    const cc = pick(shared);
    const region = pick(meta.country_calling_codes[cc]);
    const ld = meta.countries[region][10];
    const head = ld ? (ld.match(/^\d+/) || [""])[0] : "";
    const len = Math.max(head.length + 1, pick(meta.countries[region][3]) + pick([-2, -1, 0, 0, 1]));
    out.push("+" + cc + head + digits(Math.max(0, len - head.length)));
  }
  // 4. International numbers that carry a national (trunk) prefix.
  const withPrefix = Object.entries(meta.countries).filter(([, d]) => d[5]);
  for (let i = 0; i < 4000; i++) {
    const [, d] = pick(withPrefix);
    out.push("+" + d[0] + d[5] + digits(pick(d[3]) + pick([-1, 0, 0])));
  }
  // 5. Unassigned codes, leading zeros, very short inputs.
  for (let i = 0; i < 1000; i++) out.push("+" + digits(1 + int(16)));
  // 6. Real example numbers of every region (all possible).
  for (const [region, nsn] of Object.entries(examples)) out.push("+" + meta.countries[region][0] + nsn);
  return out;
}

function literalPossible(s) {
  const d = s.slice(1);
  for (let n = 1; n <= 3; n++) {
    const cc = d.slice(0, n);
    if (codes.includes(cc)) return { cc, nsn: d.slice(n) };
  }
  return null;
}

function classify(s, ours, lib) {
  const digitsCount = s.length - 1;
  if (lib && !ours && digitsCount > 15) return "OVER_15_DIGITS";
  const split = literalPossible(s);
  if (!split) return null;
  let parsed;
  try {
    parsed = parsePhoneNumber(s);
  } catch {
    parsed = undefined;
  }
  if (parsed && parsed.nationalNumber !== split.nsn) {
    // wa-guard must equal the verdict on the literal digits (main-region lengths or a leading-digit
    // override, computed here from the metadata independently of the Rust table).
    const regions = regionsOf(split.cc);
    let lengths = plan(split.cc)[3];
    for (const r of regions.slice(1)) {
      const ld = meta.countries[r][10];
      if (ld && new RegExp("^(?:" + ld + ")").test(split.nsn) && !(meta.countries[regions[0]][10] && new RegExp("^(?:" + meta.countries[regions[0]][10] + ")").test(split.nsn))) {
        lengths = meta.countries[r][3];
        break;
      }
    }
    const literal = digitsCount <= 15 && lengths.includes(split.nsn.length);
    return literal === ours ? "TRUNK_PREFIX" : null;
  }
  if (parsed && parsed.country && parsed.country !== regionsOf(split.cc)[0]) {
    const regions = regionsOf(split.cc);
    const idx = regions.indexOf(parsed.country);
    const byPattern = !meta.countries[parsed.country][10] || regions.slice(0, idx).some((r) => !meta.countries[r][10]);
    if (byPattern) return "REGION_BY_PATTERN";
  }
  return null;
}

test("parseE164 agrees with libphonenumber-js isPossiblePhoneNumber", () => {
  const numbers = corpus();
  assert.ok(numbers.length >= 100000, `corpus of ${numbers.length}`);
  const classes = {};
  const unexplained = [];
  let agree = 0;
  for (const s of numbers) {
    let ours = true;
    try {
      parseE164(s);
    } catch (e) {
      assert.match(e.code, /^E164_/, s);
      ours = false;
    }
    const lib = isPossiblePhoneNumber(s);
    if (ours === lib) {
      agree++;
      continue;
    }
    const cls = classify(s, ours, lib);
    if (cls) (classes[cls] ??= []).push(s);
    else unexplained.push(`${s} ours=${ours} libphonenumber=${lib}`);
  }
  const rate = ((100 * agree) / numbers.length).toFixed(3);
  const summary = Object.entries(classes).map(([k, v]) => `${k}: ${v.length} (e.g. ${v.slice(0, 3).join(", ")})`);
  const excepted = Object.values(classes).reduce((n, v) => n + v.length, 0);
  console.log(`number agreement: ${agree}/${numbers.length} = ${rate}% identical verdicts; ` +
    `${agree}/${numbers.length - excepted} = ${((100 * agree) / (numbers.length - excepted)).toFixed(3)}% outside the documented exceptions; ` +
    `exceptions: ${summary.join("; ") || "none"}; unexplained: ${unexplained.length}`);
  assert.deepEqual(unexplained.slice(0, 20), [], "differences outside the documented exception classes");
});

test("every example number of every region is possible", () => {
  for (const [region, nsn] of Object.entries(examples)) {
    const n = parseE164("+" + meta.countries[region][0] + nsn);
    assert.ok(n.regions.includes(region) || n.nonGeographic, region);
  }
});

test("src/number_table.rs is what the generator makes from the installed metadata", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync(process.execPath, [new URL("../../pkg-scripts/gen-number-table.mjs", import.meta.url).pathname, "--check"]);
  assert.match(String(out), /up to date/);
});

// Issue 22, item 1: the number's own region (`region`) against libphonenumber-js's `country` for
// valid numbers: every region's example number, and generated +1 numbers over every area code
// (each with libphonenumber's verdict of validity; only valid ones have a country to compare).
test("parseE164 region agrees with libphonenumber-js on valid numbers (+1 by area code)", () => {
  const samples = Object.entries(examples).map(([region, nsn]) => "+" + meta.countries[region][0] + nsn);
  for (let area = 200; area <= 999; area++) {
    for (let k = 0; k < 6; k++) samples.push(`+1${area}${2 + int(8)}${digits(6)}`);
  }
  let compared = 0;
  const differ = [];
  for (const s of samples) {
    let parsed;
    try {
      parsed = parsePhoneNumber(s);
    } catch {
      continue;
    }
    if (!parsed || !parsed.isValid() || !parsed.country) continue;
    compared++;
    const ours = parseE164(s).region;
    if (ours !== parsed.country) differ.push(`${s} ours=${ours} libphonenumber=${parsed.country}`);
  }
  const rate = (100 * (compared - differ.length)) / compared;
  console.log(`region agreement: ${compared - differ.length}/${compared} = ${rate.toFixed(3)}% (differences: ${differ.slice(0, 5).join(", ") || "none"})`);
  assert.ok(compared > 1500, `compared ${compared}`);
  // +1: exact (the marketing pause depends on it).
  assert.deepEqual(differ.filter((d) => d.startsWith("+1")), []);
  assert.ok(rate >= 99.5, differ.slice(0, 20).join("\n"));
});
