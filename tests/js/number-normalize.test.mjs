// Issue 22, item 5: normalizeE164 against libphonenumber-js (parsePhoneNumberFromString +
// isPossible) on typed and pasted variants of every region's example number, generated here:
// spacing and punctuation, full-width / Arabic-Indic / Persian digits, bidi marks, no-break and
// thin spaces, tel: URIs, whatsapp: addresses, 00 and a region's own international prefix, a
// trunk (0) after the country code, national numbers with a default region, extensions.
// Prints the agreement rate; every difference must belong to a class documented in the README
// ("Numbers as people type them"), checked mechanically below, or the test fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { normalizeE164 } from "./pkg.mjs";

const meta = JSON.parse(readFileSync(new URL("../../node_modules/libphonenumber-js/metadata.min.json", import.meta.url)));
const examples = JSON.parse(readFileSync(new URL("../../node_modules/libphonenumber-js/examples.mobile.json", import.meta.url)));

const map = (s, zero) => s.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const group = (n, sep = " ") => n.replace(/(\d{3})(?=\d)/g, `$1${sep}`);

/** Typed variants: [text, defaultRegion | undefined, label]. */
export function variants(region, nsn) {
  const d = meta.countries[region];
  const cc = d[0];
  const trunk = d[5] || "";
  const plain = `+${cc} ${group(nsn)}`;
  const out = [
    [plain, undefined, "spaces"],
    [`+${cc}-${group(nsn, "-")}`, undefined, "dashes"],
    [`+${cc}.${group(nsn, ".")}`, undefined, "dots"],
    [`+${cc} (${nsn.slice(0, 3)}) ${nsn.slice(3)}`, undefined, "brackets"],
    [map(plain, 0xff10).replace("+", "\uff0b"), undefined, "full-width"],
    [map(plain, 0x0660), undefined, "arabic-indic"],
    [map(plain, 0x06f0), undefined, "persian"],
    [`\u200e${plain}\u200f`, undefined, "bidi marks"],
    [`\u202a+${cc}\u00a0${group(nsn, "\u00a0")}\u202c`, undefined, "no-break spaces"],
    [`+${cc}\u2009${group(nsn, "\u2009")}`, undefined, "thin spaces"],
    [`+${cc}\u202f${group(nsn, "\u202f")}`, undefined, "narrow no-break spaces"],
    [`tel:+${cc}-${group(nsn, "-")}`, undefined, "tel: URI"],
    [`whatsapp:+${cc}${nsn}`, undefined, "whatsapp: address"],
    [`00 ${cc} ${group(nsn)}`, "FR", "00 prefix"],
    [`011 ${cc} ${group(nsn)}`, "US", "011 from the US"],
    [`+${cc} (0) ${group(nsn)}`, undefined, "trunk (0)"],
    [`${trunk}${nsn}`, region, "national, default region"],
    [`${trunk} ${group(nsn)}`, region, "national spaced, default region"],
    [`${plain} ext. 123`, undefined, "extension ext."],
    [`${plain} x45`, undefined, "extension x"],
    [`tel:+${cc}-${nsn};ext=678`, undefined, "extension ;ext="],
  ];
  return out;
}

function ours(text, region) {
  try {
    const r = normalizeE164(text, region);
    return { number: r.number, ext: r.extension };
  } catch (e) {
    assert.match(e.code, /^E164_|^INPUT_TOO_LARGE$/, text);
    return null;
  }
}

function lib(text, region) {
  let p;
  try {
    p = parsePhoneNumberFromString(text, region);
  } catch {
    return null;
  }
  if (!p || !p.isPossible()) return null;
  return { number: p.number, ext: p.ext };
}

// Documented difference classes (README "Numbers as people type them"), each checked.
function classify(text, region, label, o, l, cc, nsn) {
  // E.164 caps numbers at 15 digits; libphonenumber accepts longer national numbers.
  if (!o && l && l.number.length - 1 > 15) return "OVER_15_DIGITS";
  // "+CC (0) …" where the trunk prefix is not 0: wa-guard keeps the 0 (the number is then wrong),
  // libphonenumber may strip it as a national prefix of an international number.
  // (issue 22 asks for exactly this: "(0)" is a trunk prefix only where the country's is 0).
  if (label === "trunk (0)" && (meta.countries[region][5] || "") !== "0") return "TRUNK_NOT_ZERO";
  // libphonenumber rewrites international numbers (national prefix for parsing, transform rules):
  // wa-guard judges the digits as written (like parseE164, see number-agreement.test.mjs).
  if (o && l && o.number === `+${cc}${nsn}` && l.number !== o.number) return "LIBPHONENUMBER_REWRITES";
  // wa-guard reads more: libphonenumber-js refuses full-width digits and thin / narrow no-break
  // spaces here; wa-guard reads them into the example's own E.164 number.
  if (o && !l && o.number === `+${cc}${nsn}`) return "WA_GUARD_READS_MORE";
  // National numbers whose trunk prefix libphonenumber strips by a pattern (national prefix for
  // parsing) where wa-guard strips the plain trunk prefix only when the rest has a possible length.
  if (label.startsWith("national") && (!o || !l || o.number !== l.number)) return "NATIONAL_PREFIX_RULES";
  return null;
}

test("normalizeE164 reads at least what libphonenumber-js reads (typed variants of every region's example)", () => {
  let total = 0;
  let agree = 0;
  let libReads = 0; // inputs libphonenumber-js reads
  let libReadsSame = 0; // … that normalizeE164 reads into the same number and extension
  const classes = {};
  const unexplained = [];
  const byLabel = {};
  for (const [region, nsn] of Object.entries(examples)) {
    const cc = meta.countries[region][0];
    for (const [text, def, label] of variants(region, nsn)) {
      total++;
      const o = ours(text, def);
      const l = lib(text, def);
      const same = (o === null && l === null) || (o && l && o.number === l.number && o.ext === l.ext);
      if (l) {
        libReads++;
        if (same) libReadsSame++;
      }
      // "At least what libphonenumber reads": also fine when only wa-guard reads it, correctly.
      if (same) {
        agree++;
        continue;
      }
      byLabel[label] = (byLabel[label] ?? 0) + 1;
      const cls = classify(text, region, label, o, l, cc, nsn);
      if (cls) (classes[cls] ??= []).push(`${JSON.stringify(text)}${def ? ` in ${def}` : ""}: ours=${o?.number ?? "refused"} lib=${l?.number ?? "refused"}`);
      else unexplained.push(`${label}: ${JSON.stringify(text)}${def ? ` in ${def}` : ""}: ours=${JSON.stringify(o)} lib=${JSON.stringify(l)}`);
    }
  }
  const rate = (100 * agree) / total;
  const readRate = (100 * libReadsSame) / libReads;
  const explained = Object.values(classes).reduce((n, v) => n + v.length, 0);
  console.log(`normalizeE164 agreement: on what libphonenumber-js reads ${libReadsSame}/${libReads} = ${readRate.toFixed(2)}%; ` +
    `all variants ${agree}/${total} = ${rate.toFixed(2)}% identical, ${((100 * (agree + explained)) / total).toFixed(2)}% identical or explained; by variant: ${JSON.stringify(byLabel)}; ` +
    Object.entries(classes).map(([k, v]) => `${k}: ${v.length} (e.g. ${v.slice(0, 2).join("; ")})`).join(" | "));
  assert.ok(total >= 4000, `${total} variants`);
  assert.deepEqual(unexplained.slice(0, 15), [], "differences outside the documented classes");
  // "At least what libphonenumber-js reads": ≥ 99 % of what it reads is read the same.
  assert.ok(readRate >= 99, `agreement ${readRate.toFixed(2)}% < 99%`);
});

test("extensions are returned, never dropped; normalizeE164 stays idempotent", () => {
  for (const [region, nsn] of Object.entries(examples).slice(0, 60)) {
    const cc = meta.countries[region][0];
    for (const [text, def] of variants(region, nsn)) {
      const o = ours(text, def);
      if (!o) continue;
      assert.equal(normalizeE164(o.number).number, o.number, text);
      if (/ext|x45/.test(text)) assert.ok(o.ext, `${text}: extension kept`);
    }
    void cc;
  }
});
