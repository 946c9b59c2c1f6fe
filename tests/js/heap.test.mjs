// The wasm heap under churn (the allocator is talc, not Rust's default dlmalloc): calls that
// allocate and free blocks of very different sizes, interleaved, give the same results on every
// round, and the linear memory stops growing once the heap has warmed up (no leak in the core,
// the bindings or the allocator). Runs the web build through `initSync`, which hands back the
// module's exports and so its `memory`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import * as web from "../../pkg/web/wa_guard.js";

const exports = web.initSync({ module: readFileSync(new URL("../../pkg/web/wa_guard_bg.wasm", import.meta.url)) });
const memoryBytes = () => exports.memory.buffer.byteLength;

const TOKEN = "e194669bd11ac3fffcfd4c41b1b927c4";
const URL_ = "https://example.com/twilio/inbound?workstream=sales";
const sid = (n) => "HXabcdef" + n.toString(16).padStart(26, "0");
const templates = Array.from({ length: 2000 }, (_, i) => ({
  sid: sid(i),
  name: `t_${i}`,
  language: ["en", "pt_BR", "es"][i % 3],
  body: `Hello {{1}}, order ${i} ${"x".repeat(i % 97)} is {{2}} now.`,
}));
const events = Array.from({ length: 5000 }, (_, i) => ({
  direction: i % 3 === 0 ? "inbound" : "outbound",
  at: 1795509000000 + i * 7919,
  ...(i % 3 === 0 ? {} : { kind: "message" }),
}));

function round(i) {
  const out = [];
  // Large: a 200 KB raw JSON body, hashed and signed.
  const body = JSON.stringify({ note: "é中😀".repeat(1000 + (i % 7)), pad: "y".repeat(180000) });
  const hash = createHash("sha256").update(body).digest("hex");
  const signed = { authToken: TOKEN, url: `${URL_}&n=${i % 3}&bodySHA256=${hash}`, body, contentType: "application/json" };
  const signature = web.computeSignature(signed);
  const forged = (signature.startsWith("A") ? "B" : "A") + signature.slice(1);
  out.push(web.verifySignature({ ...signed, signature }).valid);
  out.push(web.verifySignature({ ...signed, signature: forged }).valid);
  // Many small: a registry of 2,000 templates, matched, then freed.
  const reg = new web.TemplateRegistry(templates);
  out.push(reg.match(`Hello Ana, order ${i % 2000} ${"x".repeat((i % 2000) % 97)} is shipped now.`));
  reg.free();
  // Medium: 5,000 events.
  out.push(web.conversationState({ events, now: 1795509000000 + 5000 * 7919 }));
  // Errors allocate too: an oversized body is refused.
  try {
    web.decodeForm("a=" + "b".repeat(70000));
    out.push("no error");
  } catch (e) {
    out.push(e.code);
  }
  return out;
}

test("results are identical on every round and memory plateaus", () => {
  const first = round(0);
  assert.deepEqual(first.slice(0, 2), [true, false]);
  assert.equal(first[2].length, 1);
  assert.equal(first[4], "INPUT_TOO_LARGE");
  for (let i = 1; i < 10; i++) round(i); // warm-up: the heap reaches its working size
  const warm = memoryBytes();
  for (let i = 10; i < 60; i++) {
    const r = round(i);
    assert.deepEqual([r[0], r[1], r[4]], [first[0], first[1], first[4]], `round ${i}`);
    assert.equal(r[2][0].sid, sid(i % 2000), `round ${i}: the matched template`);
    assert.deepEqual(r[3], first[3], `round ${i}: the conversation state`);
  }
  assert.equal(memoryBytes(), warm, `memory grew from ${warm} to ${memoryBytes()} bytes after warm-up`);
});
