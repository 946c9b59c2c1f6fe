// Fails when an entry's .wasm grows past its budget in size-budget.json (gzip -9, Node's zlib).
//   node pkg-scripts/size-check.mjs [--quiet]   (--quiet: report, exit 0 even when over budget)
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("../", import.meta.url);
const { budgets } = JSON.parse(readFileSync(new URL("size-budget.json", root)));
const quiet = process.argv.includes("--quiet");
let over = 0;
for (const [file, budget] of Object.entries(budgets)) {
  const wasm = readFileSync(new URL(file, root));
  const gz = gzipSync(wasm, { level: 9 }).length;
  const verdict = gz > budget ? `OVER by ${gz - budget}` : `${budget - gz} under`;
  console.log(`${file}: ${wasm.length} bytes raw, ${gz} bytes gzip -9, budget ${budget} (${verdict})`);
  if (gz > budget) over++;
}
if (over && !quiet) {
  console.error(`size budget exceeded: shrink the .wasm, or raise size-budget.json on purpose`);
  process.exit(1);
}
