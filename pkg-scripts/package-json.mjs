// Prints the package.json of the published wa-guard package (pkg/), version from Cargo.toml.
import { readFileSync } from "node:fs";

const cargo = readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8");
const field = (k) => cargo.match(new RegExp(`^${k} = "([^"]*)"`, "m"))?.[1];

// The conditions of one entry whose builds are in `dir` (web/, node/, node-cjs/, workerd/).
const entry = (dir) => ({
  workerd: { types: `./${dir}workerd/index.d.ts`, default: `./${dir}workerd/index.js` },
  worker: { types: `./${dir}workerd/index.d.ts`, default: `./${dir}workerd/index.js` },
  browser: { types: `./${dir}web/wa_guard.d.ts`, default: `./${dir}web/wa_guard.js` },
  node: {
    import: { types: `./${dir}node/wa_guard.d.ts`, default: `./${dir}node/wa_guard.js` },
    require: { types: `./${dir}node-cjs/wa_guard.d.ts`, default: `./${dir}node-cjs/wa_guard.js` },
  },
  default: { types: `./${dir}web/wa_guard.d.ts`, default: `./${dir}web/wa_guard.js` },
});

// Three entries, each its own .wasm (pkg-scripts/build): everything; only the webhook exports
// (edge workers); only the agent-UI rules (no signature code).
const pkg = {
  name: "wa-guard",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  files: ["web/", "node/", "node-cjs/", "workerd/", "webhook/", "rules/", "express/", "examples/", "README.md", "LICENSE"],
  sideEffects: ["./workerd/index.js", "./webhook/workerd/index.js", "./rules/workerd/index.js"],
  types: "./web/wa_guard.d.ts",
  exports: {
    ".": entry(""),
    "./webhook": entry("webhook/"),
    "./rules": entry("rules/"),
    // Node only: the Express/Connect middleware (a drop-in for twilio.webhook()).
    "./express": {
      import: { types: "./express/index.d.ts", default: "./express/index.js" },
      require: { types: "./express/index.d.cts", default: "./express/index.cjs" },
    },
    "./web": { types: "./web/wa_guard.d.ts", default: "./web/wa_guard.js" },
    "./web/wa_guard_bg.wasm": "./web/wa_guard_bg.wasm",
    "./webhook/web": { types: "./webhook/web/wa_guard.d.ts", default: "./webhook/web/wa_guard.js" },
    "./webhook/web/wa_guard_bg.wasm": "./webhook/web/wa_guard_bg.wasm",
    "./rules/web": { types: "./rules/web/wa_guard.d.ts", default: "./rules/web/wa_guard.js" },
    "./rules/web/wa_guard_bg.wasm": "./rules/web/wa_guard_bg.wasm",
    // The sample config and real-shaped webhooks the README's examples use.
    "./examples/*": "./examples/*",
    "./package.json": "./package.json",
  },
  keywords: ["twilio", "whatsapp", "webhook", "signature", "wasm", "contact-center"],
};
process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
