// A/B of two builds of the package in one process, their calls alternating round by round (so a
// busy machine slows both alike): ops/s of each and new/old. For "did this change slow anything
// down": build the old commit in a worktree (`git worktree add ../old <rev>`, `pkg-scripts/build`
// there), then
//   node benches/js/ab.mjs ../old/pkg/node/wa_guard.js pkg/node/wa_guard.js
// Not part of pkg-scripts/test (it measures, it asserts nothing).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [oldPath, newPath] = process.argv.slice(2);
if (!oldPath || !newPath) {
  console.error("usage: node benches/js/ab.mjs <old>/pkg/node/wa_guard.js <new>/pkg/node/wa_guard.js");
  process.exit(2);
}
const load = (p) => import(pathToFileURL(resolve(p)).href);
const [oldWa, newWa] = await Promise.all([load(oldPath), load(newPath)]);

const TEMPLATE = { sid: "HX0123456789abcdef0123456789abcdef", name: "t", language: "en",
  body: "Hello {{1}}, your order {{2}} has shipped and arrives soon." };
const cases = {
  "parseE164 NANP": (w) => w.parseE164("+14155238886"),
  "parseE164 BR": (w) => w.parseE164("+5511987654321"),
  "normalizeE164 GB": (w) => w.normalizeE164("020 7946 0958", "GB"),
  "normalizeE164 intl": (w) => w.normalizeE164("+55 (11) 98765-4321"),
  "parseWhatsAppAddress": (w) => w.parseWhatsAppAddress("whatsapp:+5511987654321"),
  "windowState": (w) => w.windowState({ lastInboundAt: 1765000000000, now: 1765003600000 }),
  "validateTemplate": (w) => w.validateTemplate(TEMPLATE),
  "renderTemplate": (w) => w.renderTemplate(TEMPLATE, ["Ana", "A-1"]),
  "decodeForm": (w) => w.decodeForm("Body=Hello+there%21&From=whatsapp%3A%2B5511987654321&NumMedia=0"),
};

/** Calls per second of `f(w)` over about `ms` milliseconds. */
function rate(f, w, ms = 150) {
  let n = 0;
  const t0 = performance.now();
  let t;
  do { for (let i = 0; i < 200; i++) f(w); n += 200; t = performance.now(); } while (t - t0 < ms);
  return n / ((t - t0) / 1000);
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(10);

for (const [name, f] of Object.entries(cases)) {
  if (typeof oldWa[name.split(" ")[0]] !== "function" || typeof newWa[name.split(" ")[0]] !== "function") continue;
  f(oldWa); f(newWa);
  const o = [], n = [];
  for (let r = 0; r < 9; r++) { o.push(rate(f, oldWa)); n.push(rate(f, newWa)); }
  console.log(`${name.padEnd(22)} old ${fmt(median(o))}/s  new ${fmt(median(n))}/s  new/old ${(median(n) / median(o)).toFixed(3)}`);
}
