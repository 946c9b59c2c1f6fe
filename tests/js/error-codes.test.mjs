// Issue 18, item 3: one registry of error codes (src/error-codes.json). Every code the library or the
// worker raises is registered with its meaning; every registered code is raised somewhere; the README's
// tables and the TypeScript `ErrorCode` union are generated from it.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  readRegistry,
  check,
  libraryCodesInSources,
  workerCodesInSources,
  readmeTables,
} from "../../pkg-scripts/error-codes.mjs";

const root = new URL("../../", import.meta.url);

test("the registry, the sources and the README agree", () => {
  assert.deepEqual(check(), []);
});

test("every library code is registered with a meaning, and nothing else is", () => {
  const reg = readRegistry();
  const registered = reg.library.map((e) => e.code).sort();
  assert.deepEqual(registered, [...libraryCodesInSources()].sort());
  for (const e of reg.library) {
    assert.match(e.code, /^[A-Z][A-Z0-9_]+$/);
    assert.ok(e.meaning.length >= 10, e.code);
    for (const t of e.twilio ?? []) assert.ok(Number.isInteger(t) && t >= 10000 && t <= 99999, `${e.code}: ${t}`);
  }
  // A few rules of the channel name the Twilio error they prevent.
  const twilio = Object.fromEntries(reg.library.map((e) => [e.code, e.twilio ?? []]));
  assert.deepEqual(twilio.WINDOW_CLOSED, [63016]);
  assert.deepEqual(twilio.MARKETING_TEMPLATE_TO_US, [63049]);
  assert.ok(twilio.VARIABLE_NEWLINE.includes(63013));
});

test("the worker raises only registered codes, the library's where one exists", () => {
  const reg = readRegistry();
  const lib = new Set(reg.library.map((e) => e.code));
  const worker = new Set(reg.worker.map((e) => e.code));
  for (const c of workerCodesInSources()) assert.ok(lib.has(c) || worker.has(c), c);
  // The worker answers the core's codes for the core's concepts (no second name for one thing).
  for (const c of ["UNKNOWN_WORKSTREAM", "UNKNOWN_NUMBER"]) assert.ok(!workerCodesInSources().has(c), c);
  for (const c of worker) assert.ok(!lib.has(c), `${c} is a library code`);
});

test("the README's tables are generated from the registry", () => {
  const readme = readFileSync(new URL("README.md", root), "utf8");
  assert.ok(readme.includes(readmeTables()));
  assert.match(readme, /\| `WINDOW_CLOSED` \| .+ \| 63016 \|/);
});

test("the published ErrorCode union is exactly the registry's library codes", () => {
  const reg = readRegistry();
  for (const entry of ["", "webhook/", "rules/"]) {
    const dts = readFileSync(new URL(`pkg/${entry}web/wa_guard.d.ts`, root), "utf8");
    const union = dts.match(/export type ErrorCode = ([^;]+);/)[1].match(/"[A-Z0-9_]+"/g).map((s) => s.slice(1, -1));
    assert.deepEqual(union.sort(), reg.library.map((e) => e.code).sort(), entry || "wa-guard");
  }
});
