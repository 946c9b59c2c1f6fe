import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as wa from "./pkg.mjs";

const pkgJson = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url)));

test("version() is the package version", () => {
  assert.equal(wa.version(), pkgJson.version);
});

test("errors are Error objects with code and path", () => {
  assert.throws(
    () => wa.decodeForm("Body=%E2%82"),
    (e) => e instanceof Error && e.code === "FORM_INVALID_UTF8" && e.path === "body.Body",
  );
});

test("decodeForm decodes what URLSearchParams decodes, for valid UTF-8", () => {
  const body = "Body=Ol%C3%A1+%2B+100%25&a=1&a=2&Empty=&Flag";
  assert.deepEqual(wa.decodeForm(body), [...new URLSearchParams(body)]);
});

test("the exports map picks a build per environment, for each entry", () => {
  for (const [entry, dir] of [[".", ""], ["./webhook", "webhook/"], ["./rules", "rules/"]]) {
    const e = pkgJson.exports[entry];
    for (const cond of ["workerd", "worker", "browser", "node", "default"]) assert.ok(e[cond], `${entry} ${cond}`);
    assert.equal(e.workerd.default, `./${dir}workerd/index.js`);
    assert.equal(e.node.require.default, `./${dir}node-cjs/wa_guard.js`);
    assert.ok(pkgJson.files.includes(dir || "web/"), `files lists ${dir}`);
  }
});
