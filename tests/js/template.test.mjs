// Templates as JS sees them: validateTemplate, renderTemplate, TemplateRegistry, locale helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as wa from "./pkg.mjs";

const SID = "HX0123456789abcdef0123456789abcdef";
const sid = (n) => "HXabcdef" + n.toString(16).padStart(26, "0");
const GOOD = "Hello {{1}}, your order {{2}} has shipped and will arrive soon.";
const tpl = (body, extra = {}) => ({ sid: SID, name: "order_update", language: "en", body, ...extra });

const throwsCode = (fn, code, more = () => true) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, "an Error");
    assert.equal(e.code, code, e.message);
    return more(e);
  });

test("validateTemplate: a valid template", () => {
  assert.deepEqual(wa.validateTemplate(tpl(GOOD)), { valid: true, problems: [], variableCount: 2 });
  assert.equal(wa.validateTemplate(tpl(GOOD, { category: "utility" })).valid, true);
});

test("validateTemplate: every problem with code, path and span", () => {
  const r = wa.validateTemplate({ sid: "MG123", name: "", language: "pt-br", body: "{{1}} {{2}} and {{first}} x" });
  assert.equal(r.valid, false);
  assert.equal(r.variableCount, null);
  const codes = r.problems.map((p) => p.code);
  for (const c of [
    "TEMPLATE_NAME_EMPTY",
    "TEMPLATE_SID_INVALID",
    "TEMPLATE_LANGUAGE_UNSUPPORTED",
    "TEMPLATE_PLACEHOLDER_NAMED",
    "TEMPLATE_PLACEHOLDERS_ADJACENT",
    "TEMPLATE_PLACEHOLDER_AT_START",
    "TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH",
  ]) {
    assert.ok(codes.includes(c), `${c} in ${codes}`);
  }
  const adj = r.problems.find((p) => p.code === "TEMPLATE_PLACEHOLDERS_ADJACENT");
  assert.deepEqual({ path: adj.path, span: adj.span }, { path: "body", span: { start: 0, end: 11 } });
  const named = r.problems.find((p) => p.code === "TEMPLATE_PLACEHOLDER_NAMED");
  assert.deepEqual(named.span, { start: 16, end: 25 });
  assert.equal(r.problems.find((p) => p.code === "TEMPLATE_LANGUAGE_UNSUPPORTED").path, "language");
  // The problem objects are plain JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test("validateTemplate: wrong argument shapes are INVALID_ARGUMENT", () => {
  for (const bad of [undefined, null, 42, "x", [], { sid: SID }, { ...tpl(GOOD), body: 5 }, { ...tpl(GOOD), category: "spam" }]) {
    throwsCode(() => wa.validateTemplate(bad), "INVALID_ARGUMENT");
  }
});

test("renderTemplate: text and ContentVariables equal to JSON.stringify of the object", () => {
  const values = ["Ana \"Bia\" \\ O'Neil", "#12 é 😀 \u00a0 </script>"];
  const r = wa.renderTemplate(tpl(GOOD), values);
  assert.equal(r.text, `Hello ${values[0]}, your order ${values[1]} has shipped and will arrive soon.`);
  assert.equal(r.contentVariables, JSON.stringify({ 1: values[0], 2: values[1] }));
  assert.deepEqual(JSON.parse(r.contentVariables), { 1: values[0], 2: values[1] });
  assert.equal(r.contentSid, SID);
  const keyed = wa.renderTemplate(tpl(GOOD), { 2: values[1], 1: values[0] });
  assert.deepEqual(keyed, r);
});

test("renderTemplate: ContentVariables key order matches JSON.stringify past 9 variables", () => {
  let body = "Start";
  const vals = [];
  for (let i = 1; i <= 12; i++) {
    body += ` a b {{${i}}}`;
    vals.push(`v${i}`);
  }
  body += " end now";
  const r = wa.renderTemplate(tpl(body), vals);
  assert.equal(r.contentVariables, JSON.stringify(Object.fromEntries(vals.map((v, i) => [String(i + 1), v]))));
});

test("renderTemplate: control characters are escaped exactly like JSON.stringify", () => {
  // Values cannot hold newlines or tabs, but may hold other control characters and quotes.
  let s = "";
  for (let c = 0; c < 0x80; c++) if (![9, 10, 11, 12, 13].includes(c)) s += String.fromCharCode(c);
  const r = wa.renderTemplate(tpl(GOOD), [s, "\u007f\u0085x".replace("\u0085", "")]);
  assert.equal(r.contentVariables, JSON.stringify({ 1: s, 2: "\u007fx" }));
});

test("renderTemplate: every value problem at once", () => {
  throwsCode(
    () => wa.renderTemplate(tpl(GOOD), ["", "a\tb", "extra"]),
    "VARIABLES_INVALID",
    (e) => {
      assert.deepEqual(
        e.problems.map((p) => [p.code, p.path]),
        [
          ["VARIABLE_EMPTY", "variables.1"],
          ["VARIABLE_TAB", "variables.2"],
          ["VARIABLE_EXTRA", "variables.3"],
        ],
      );
      return true;
    },
  );
  throwsCode(() => wa.renderTemplate(tpl(GOOD), { 1: "a" }), "VARIABLES_INVALID", (e) => e.problems[0].code === "VARIABLE_MISSING");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), ["a\nb", "c"]), "VARIABLES_INVALID", (e) => e.problems[0].code === "VARIABLE_NEWLINE");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), ["a     b", "c"]), "VARIABLES_INVALID", (e) => e.problems[0].code === "VARIABLE_TOO_MANY_SPACES");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), ["x".repeat(1601), "c"]), "VARIABLES_INVALID", (e) => e.problems[0].code === "VARIABLE_TOO_LONG");
  throwsCode(() => wa.renderTemplate({ ...tpl("Hi {{first}} and {{2}} ok"), name: "" }, ["a"]), "TEMPLATE_INVALID", (e) => e.problems.length === 3);
  // Meta's review rules (2–4) are reported by validateTemplate but do not block rendering.
  assert.equal(wa.renderTemplate(tpl("{{1}} is your verification code."), ["123456"]).text, "123456 is your verification code.");
});

test("renderTemplate: wrong argument shapes", () => {
  throwsCode(() => wa.renderTemplate(tpl(GOOD), "Ana"), "INVALID_ARGUMENT");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), ["Ana", 7]), "INVALID_ARGUMENT", (e) => e.path === "variables[1]");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), { 1: "Ana", 2: null }), "INVALID_ARGUMENT", (e) => e.path === "variables.2");
  throwsCode(() => wa.renderTemplate(tpl(GOOD)), "INVALID_ARGUMENT");
  throwsCode(() => wa.renderTemplate(tpl(GOOD), new Array(101).fill("a")), "INPUT_TOO_LARGE");
});

test("normalizeLocale and isWhatsAppLanguage", () => {
  assert.equal(wa.normalizeLocale("pt-BR"), "pt_BR");
  assert.equal(wa.normalizeLocale("pt_br"), "pt_BR");
  throwsCode(() => wa.normalizeLocale("portuguese"), "LOCALE_INVALID");
  throwsCode(() => wa.normalizeLocale(5), "INVALID_ARGUMENT");
  assert.equal(wa.isWhatsAppLanguage("pt_BR"), true);
  assert.equal(wa.isWhatsAppLanguage("pt"), false);
  throwsCode(() => wa.isWhatsAppLanguage(undefined), "INVALID_ARGUMENT");
});

const templates = [
  { sid: sid(1), name: "shipped", language: "en", body: GOOD },
  { sid: sid(2), name: "shipped", language: "pt_BR", body: "Olá {{1}}, seu pedido {{2}} foi enviado e chega logo." },
  { sid: sid(3), name: "shipped", language: "es", body: "Hola {{1}}, tu pedido {{2}} fue enviado y llega pronto." },
  { sid: sid(4), name: "sorry", language: "en", body: "Hello {{1}}, sorry about that." },
  { sid: sid(5), name: "late", language: "en", body: "Hello {{1}}, your order is late, sorry about that." },
];

test("TemplateRegistry: match returns every matching template, most specific first", () => {
  const reg = new wa.TemplateRegistry(templates);
  try {
    assert.equal(reg.size, 5);
    assert.deepEqual(reg.match("Hello Ana, your order 7 has shipped and will arrive soon.\r\n  "), [
      {
        sid: sid(1),
        name: "shipped",
        language: "en",
        variables: ["Ana", "7"],
        contentVariables: '{"1":"Ana","2":"7"}',
        literalChars: 53,
      },
    ]);
    const m = reg.match("Hello Ana, your order is late, sorry about that.");
    assert.deepEqual(m.map((x) => [x.name, x.variables]), [
      ["late", ["Ana"]],
      ["sorry", ["Ana, your order is late"]],
    ]);
    assert.deepEqual(reg.match("hello there"), []);
    throwsCode(() => reg.match(42), "INVALID_ARGUMENT");
    throwsCode(() => reg.match("x".repeat(16385)), "INPUT_TOO_LARGE");
  } finally {
    reg.free();
  }
});

test("TemplateRegistry: select by locale, base language, default", () => {
  const reg = new wa.TemplateRegistry(templates);
  try {
    const s = reg.select("shipped", "pt-br", "en");
    assert.equal(s.sid, sid(2));
    assert.equal(s.language, "pt_BR");
    assert.equal(s.selectedBy, "locale");
    assert.deepEqual(s.tried, ["pt_BR"]);
    assert.equal(reg.select("shipped", "es-AR", "en").selectedBy, "language");
    const d = reg.select("shipped", "fr-FR", "en");
    assert.deepEqual([d.language, d.selectedBy, d.tried], ["en", "default", ["fr_FR", "fr", "en"]]);
    assert.equal(reg.select("shipped", undefined, "en").language, "en");
    throwsCode(() => reg.select("sorry", "pt-BR", "es"), "TEMPLATE_LANGUAGE_UNAVAILABLE", (e) => /pt_BR, pt, es/.test(e.message));
    throwsCode(() => reg.select("nope", "en", "en"), "TEMPLATE_NOT_FOUND");
    throwsCode(() => reg.select("shipped", "??", "en"), "LOCALE_INVALID", (e) => e.path === "language");
    throwsCode(() => reg.select(1, "en", "en"), "INVALID_ARGUMENT");
  } finally {
    reg.free();
  }
});

test("TemplateRegistry: render by SID and get", () => {
  const reg = new wa.TemplateRegistry(templates);
  try {
    const r = reg.render(sid(1).toUpperCase(), { 1: "Ana", 2: "7" });
    assert.equal(r.text, "Hello Ana, your order 7 has shipped and will arrive soon.");
    assert.equal(r.contentVariables, JSON.stringify({ 1: "Ana", 2: "7" }));
    assert.equal(r.contentSid, sid(1));
    throwsCode(() => reg.render(sid(9), ["a"]), "TEMPLATE_NOT_FOUND");
    assert.equal(reg.get(sid(4)).name, "sorry");
    assert.equal(reg.get(sid(9)), undefined);
  } finally {
    reg.free();
  }
});

test("TemplateRegistry: construction errors list every problem", () => {
  throwsCode(
    () => new wa.TemplateRegistry([templates[0], { ...templates[1], sid: sid(1) }, { ...templates[3], body: "Hi {{first}}, ok there" }]),
    "TEMPLATES_INVALID",
    (e) => {
      const got = e.problems.map((p) => `${p.code}@${p.path}`);
      assert.ok(got.includes("TEMPLATE_DUPLICATE_SID@[1].sid"), got.join());
      assert.ok(got.includes("TEMPLATE_PLACEHOLDER_NAMED@[2].body"), got.join());
      return true;
    },
  );
  throwsCode(() => new wa.TemplateRegistry({}), "INVALID_ARGUMENT");
  throwsCode(() => new wa.TemplateRegistry([{ sid: 1 }]), "INVALID_ARGUMENT");
});

test("input limits: template names ≤ 512 characters, registries ≤ 16 MiB of strings", () => {
  const t = { sid: sid(1), name: "n".repeat(512), language: "en", body: "Thanks for contacting us, we will reply soon." };
  assert.equal(wa.validateTemplate(t).valid, true);
  const long = wa.validateTemplate({ ...t, name: "n".repeat(513) });
  assert.deepEqual(long.problems.map((p) => [p.code, p.path]), [["INPUT_TOO_LARGE", "name"]]);
  // 300 bodies of 60,000 bytes: past 16 MiB, refused before the core validates anything.
  const body = "a".repeat(60000);
  const ts = Array.from({ length: 300 }, (_, i) => ({ ...t, sid: sid(i), name: `t${i}`, body }));
  throwsCode(() => new wa.TemplateRegistry(ts), "INPUT_TOO_LARGE", (e) => e.path === "templates");
});

test("TemplateRegistry: 10,000 templates build and match in microseconds", () => {
  const ts = [];
  const greets = ["Hello", "Hi", "Dear", "Olá", "Hey"];
  const things = ["order", "parcel", "ticket", "booking", "invoice", "refund", "visit", "claim"];
  for (let i = 0; i < 10000; i++) {
    ts.push({
      sid: sid(i),
      name: `t${i}`,
      language: "en",
      body: `${greets[i % 5]} {{1}}, your ${things[i % 8]} #${i} is {{2}} as of today. Reply ${i % 97} to talk to us.`,
    });
  }
  const t0 = performance.now();
  const reg = new wa.TemplateRegistry(ts);
  const built = performance.now() - t0;
  try {
    const texts = [];
    for (let i = 0; i < 10000; i += 7) texts.push([i, `${greets[i % 5]} Ana, your ${things[i % 8]} #${i} is ready as of today. Reply ${i % 97} to talk to us.`]);
    const t1 = performance.now();
    for (const [i, text] of texts) {
      const m = reg.match(text);
      assert.equal(m.length, 1);
      assert.equal(m[0].name, `t${i}`);
      assert.deepEqual(m[0].variables, ["Ana", "ready"]);
    }
    const perMatchUs = ((performance.now() - t1) * 1000) / texts.length;
    console.log(`# 10,000 templates: built in ${built.toFixed(0)} ms, ${perMatchUs.toFixed(1)} µs per match (incl. JS boundary + asserts)`);
    assert.ok(perMatchUs < 2000, `${perMatchUs} µs per match`);
  } finally {
    reg.free();
  }
});

// --- Shared vectors (tests/vectors/templates.json, also run by tests/template.rs) ---------------
import { readFileSync } from "node:fs";
const V = JSON.parse(readFileSync(new URL("../vectors/templates.json", import.meta.url)));
const triples = (ps) => ps.map((p) => [p.code, p.path ?? null, p.span ? [p.span.start, p.span.end] : null]);

test("vectors: validateTemplate", () => {
  for (const c of V.validate) {
    const r = wa.validateTemplate(c.template);
    assert.deepEqual(triples(r.problems), c.problems, c.rule);
    assert.equal(r.valid, c.problems.length === 0, c.rule);
  }
});

test("vectors: renderTemplate (array and keyed values)", () => {
  for (const c of V.render) {
    const keyed = Object.fromEntries(c.values.map((v, i) => [String(i + 1), v]));
    for (const values of [c.values, keyed]) {
      if (c.error) {
        throwsCode(() => wa.renderTemplate(c.template, values), c.error, (e) => {
          assert.deepEqual(triples(e.problems), c.problems, c.rule);
          return true;
        });
      } else {
        const r = wa.renderTemplate(c.template, values);
        assert.equal(r.text, c.text, c.rule);
        assert.equal(r.contentVariables, c.contentVariables, c.rule);
        assert.equal(r.contentVariables, JSON.stringify(keyed), c.rule);
      }
    }
  }
});

test("vectors: TemplateRegistry.match", () => {
  for (const c of V.match) {
    const reg = new wa.TemplateRegistry(c.bodies.map((body, i) => ({ sid: sid(i), name: `t${i}`, language: "en", body })));
    try {
      const got = reg.match(c.text).map((m) => ({ index: Number(m.name.slice(1)), variables: m.variables }));
      assert.deepEqual(got, c.matches, c.rule);
    } finally {
      reg.free();
    }
  }
});

test("vectors: TemplateRegistry.select", () => {
  const body = "Hello {{1}}, this is a message for you today";
  const reg = new wa.TemplateRegistry(V.select.templates.map(([name, language], i) => ({ sid: sid(i), name, language, body })));
  try {
    for (const c of V.select.cases) {
      if (c.error) {
        throwsCode(() => reg.select(c.name, c.language, c.defaultLanguage), c.error);
      } else {
        const s = reg.select(c.name, c.language, c.defaultLanguage);
        assert.deepEqual([s.language, s.selectedBy, s.tried], [c.expect, c.selectedBy, c.tried], c.rule);
      }
    }
  } finally {
    reg.free();
  }
});
