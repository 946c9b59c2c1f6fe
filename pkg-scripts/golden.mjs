// The TypeScript declarations of each package entry as built (pkg/**/web/wa_guard.d.ts: wasm-bindgen's
// output with the types tsify generates from the Rust types, the few hand-written shapes of
// src/js and the glue's ErrorCode), against the reviewed copies in tests/golden/.
//   node pkg-scripts/golden.mjs           compare (exit 1 on a difference)
//   node pkg-scripts/golden.mjs --write   after pkg-scripts/build: take the built files as golden
// tests/js/golden.test.mjs runs the comparison in the test command.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
/** entry → [built .d.ts, golden .d.ts], relative to the repository root. */
export const entries = {
  "wa-guard": ["pkg/web/wa_guard.d.ts", "tests/golden/wa-guard.d.ts"],
  "wa-guard/webhook": ["pkg/webhook/web/wa_guard.d.ts", "tests/golden/webhook.d.ts"],
  "wa-guard/rules": ["pkg/rules/web/wa_guard.d.ts", "tests/golden/rules.d.ts"],
};
export const UPDATE = "node pkg-scripts/golden.mjs --write";

const read = (p) => (existsSync(new URL(p, root)) ? readFileSync(new URL(p, root), "utf8") : null);

/** The first difference between the built and the golden declarations of `entry`, or null. */
export function difference(entry) {
  const [builtPath, goldenPath] = entries[entry];
  const built = read(builtPath);
  if (built === null) return `${builtPath} is missing: run pkg-scripts/build`;
  const golden = read(goldenPath);
  if (golden === null) return `${goldenPath} is missing: run ${UPDATE}`;
  if (built === golden) return null;
  const b = built.split("\n"), g = golden.split("\n");
  let i = 0;
  while (i < b.length && i < g.length && b[i] === g[i]) i++;
  return `${builtPath} differs from ${goldenPath} at line ${i + 1}:\n` +
    `  golden: ${g[i] ?? "(end of file)"}\n  built:  ${b[i] ?? "(end of file)"}\n` +
    `If the change to the public types is intended, run \`${UPDATE}\` (after pkg-scripts/build) ` +
    `and commit the reviewed tests/golden/ diff.`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const write = process.argv.includes("--write");
  let failed = false;
  for (const [entry, [builtPath, goldenPath]] of Object.entries(entries)) {
    if (write) {
      const built = read(builtPath);
      if (built === null) { console.error(`${builtPath} is missing: run pkg-scripts/build`); process.exit(1); }
      writeFileSync(new URL(goldenPath, root), built);
      console.log(`${goldenPath} ← ${builtPath}`);
    } else {
      const d = difference(entry);
      if (d) { console.error(d); failed = true; } else console.log(`${entry}: ${goldenPath} matches`);
    }
  }
  process.exit(failed ? 1 : 0);
}
