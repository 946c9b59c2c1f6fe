// The package's TypeScript declarations as a consumer sees them: `tsc --strict` on
// tests/types/consumer.ts (which imports the built pkg/), and no `any` in any exported signature.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as wa from "./pkg.mjs";

const root = new URL("../../", import.meta.url);
const tsc = new URL("node_modules/.bin/tsc", root).pathname;

test("tsc --strict accepts the example consumers of every entry (and their @ts-expect-error misuses)", () => {
  const args = [
    "--strict", "--noEmit", "--noUnusedParameters", "--target", "es2022", "--module", "es2022",
    "--moduleResolution", "bundler", "--lib", "esnext,dom", "tests/types/consumer.ts", "tests/types/entries.ts",
  ];
  try {
    execFileSync(tsc, args, { cwd: root.pathname, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("tsc --strict accepts the package README's recipes on a plain lib es2022 + dom project (tests/types/recipes.ts)", () => {
  // No esnext: a browser project without Symbol.dispose must compile against the declarations.
  const args = [
    "--strict", "--noEmit", "--target", "es2022", "--module", "es2022",
    "--moduleResolution", "bundler", "--lib", "es2022,dom", "tests/types/recipes.ts",
  ];
  try {
    execFileSync(tsc, args, { cwd: root.pathname, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("toMessagesCreate's options are the twilio SDK's MessageListInstanceCreateOptions (tests/types/sdk.ts)", () => {
  // --skipLibCheck: twilio's own declarations need @types/node, which this project does not install.
  const args = [
    "--strict", "--noEmit", "--skipLibCheck", "--target", "es2022", "--module", "es2022",
    "--moduleResolution", "bundler", "--lib", "es2022,dom", "tests/types/sdk.ts",
  ];
  try {
    execFileSync(tsc, args, { cwd: root.pathname, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

for (const build of ["web", "node", "node-cjs"].flatMap((b) => [b, `webhook/${b}`, `rules/${b}`])) {
  test(`${build}/wa_guard.d.ts: no \`any\` in the public API`, () => {
    const dts = readFileSync(new URL(`pkg/${build}/wa_guard.d.ts`, root), "utf8");
    // wasm-bindgen's own InitOutput (raw wasm exports) is not part of the API.
    const publicPart = dts.split(/export interface InitOutput|export type InitInput/)[0];
    const offenders = publicPart
      .split("\n")
      .filter((l) => !/^\s*(\*|\/\*\*|\/\/)/.test(l))
      .filter((l) => /\bany\b/.test(l));
    assert.deepEqual(offenders, []);
  });
}

test("every exported function appears in the consumer", () => {
  const consumer = readFileSync(new URL("tests/types/consumer.ts", root), "utf8");
  const missing = Object.entries(wa)
    .filter(([k, v]) => typeof v === "function" && !["default", "initSync"].includes(k))
    .map(([k]) => k)
    .filter((k) => !new RegExp(`\\b(new )?${k}\\b`).test(consumer));
  assert.deepEqual(missing, [], "add these exports to tests/types/consumer.ts");
});
