// Prints the package.json of the published wa-guard package (pkg/), version from Cargo.toml.
import { readFileSync } from "node:fs";

const cargo = readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8");
const field = (k) => cargo.match(new RegExp(`^${k} = "([^"]*)"`, "m"))?.[1];

const pkg = {
  name: "wa-guard",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  type: "module",
  files: ["web/", "node/", "node-cjs/", "workerd/", "README.md", "LICENSE"],
  sideEffects: ["./workerd/index.js"],
  types: "./web/wa_guard.d.ts",
  exports: {
    ".": {
      workerd: { types: "./workerd/index.d.ts", default: "./workerd/index.js" },
      worker: { types: "./workerd/index.d.ts", default: "./workerd/index.js" },
      browser: { types: "./web/wa_guard.d.ts", default: "./web/wa_guard.js" },
      node: {
        import: { types: "./node/wa_guard.d.ts", default: "./node/wa_guard.js" },
        require: { types: "./node-cjs/wa_guard.d.ts", default: "./node-cjs/wa_guard.js" },
      },
      default: { types: "./web/wa_guard.d.ts", default: "./web/wa_guard.js" },
    },
    "./web": { types: "./web/wa_guard.d.ts", default: "./web/wa_guard.js" },
    "./web/wa_guard_bg.wasm": "./web/wa_guard_bg.wasm",
    "./package.json": "./package.json",
  },
  keywords: ["twilio", "whatsapp", "webhook", "signature", "wasm", "contact-center"],
};
process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
