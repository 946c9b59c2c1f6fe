// Fails when the web .wasm grows past the budget recorded in size-budget.json.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const budget = JSON.parse(readFileSync(new URL("../size-budget.json", import.meta.url))).gzipBytes;
const wasm = readFileSync(new URL("../pkg/web/wa_guard_bg.wasm", import.meta.url));
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`pkg/web/wa_guard_bg.wasm: ${wasm.length} bytes raw, ${gz} bytes gzip -9, budget ${budget}`);
if (gz > budget) {
  console.error(`size budget exceeded by ${gz - budget} bytes: shrink it, or raise size-budget.json on purpose`);
  process.exit(1);
}
