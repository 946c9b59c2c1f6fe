// The demo page in headless Chromium: every panel driven the way an agent or admin would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, openPage, shot, shotOf } from "./harness.mjs";
import { createServer } from "node:net";

/** A TCP port nothing listens on (bound then released). */
function freePort() {
  return new Promise((ok) => { const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); }); });
}


let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

test("the page loads without console errors and looks like a product", async () => {
  const { page, problems, close } = await openPage(h);
  assert.match(await page.textContent("#version"), /wa-guard \d+\.\d+\.\d+/);
  await shot(page, "page-desktop");
  // Keyboard: the skip link comes first and jumps to the conversation.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "conversation");
  // Responsive: nothing wider than a phone screen.
  await page.setViewportSize({ width: 420, height: 900 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scrolling at 420 px");
  await shot(page, "page-mobile");
  assert.deepEqual(problems, []);
  await close();
});

test("the number field validates and normalises E.164 as you type, with the error code", async () => {
  const { page, problems, close } = await openPage(h);
  const input = page.locator("#e164-input");
  const result = page.locator("#e164-result");
  await input.fill("+44 (0)7700-900123");
  await result.locator(".e164", { hasText: "+447700900123" }).waitFor();
  await input.fill("07700 900123");
  await result.locator(".code-badge", { hasText: "E164_MISSING_COUNTRY_CODE" }).waitFor();
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  await page.selectOption("#e164-region", "GB");
  await result.locator(".e164", { hasText: "+447700900123" }).waitFor();
  await input.fill("+999 123 456");
  await result.locator(".code-badge", { hasText: "E164_UNKNOWN_COUNTRY_CODE" }).waitFor();
  await shot(page, "number-invalid");
  await input.fill("+1 415 523 8886");
  await page.click("#e164-use");
  await page.locator("#customer-address", { hasText: "+14155238886" }).waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test("free text is disabled once the clock passes 24 hours, and enabled again by a new inbound message", async () => {
  const { page, problems, close } = await openPage(h);
  const banner = page.locator("#window-banner");
  const send = page.locator("#send-text");
  await page.locator('#window-banner[data-state="open"]').waitFor();
  assert.equal(await send.isEnabled(), true);
  assert.match(await page.textContent("#banner-countdown"), /\d\d:\d\d:\d\d/);
  await page.click("#advance-day");
  await page.locator('#window-banner[data-state="closed"]').waitFor();
  assert.equal(await send.isDisabled(), true);
  await page.locator("#free-reason .code-badge", { hasText: "WINDOW_CLOSED" }).waitFor();
  assert.match(await banner.textContent(), /Closed/);
  await shotOf(page.locator("#conversation"), "window-closed");
  await page.fill("#inbound-text", "Hello? Still there?");
  await page.click("#inbound-send");
  await page.locator('#window-banner[data-state="open"]').waitFor();
  assert.equal(await send.isEnabled(), true);
  assert.equal(await page.locator("#free-reason").isHidden(), true);
  await page.locator("#timeline .msg.inbound", { hasText: "Hello? Still there?" }).waitFor();
  // 23 h later the window is closing soon (the page asks wa-guard to warn one hour ahead).
  for (let i = 0; i < 3; i++) await page.click('[data-advance="21600000"]');
  for (let i = 0; i < 5; i++) await page.click('[data-advance="3600000"]');
  await page.locator('#window-banner[data-state="closing"]').waitFor();
  assert.equal(await send.isEnabled(), true);
  assert.deepEqual(problems, []);
  await close();
});

test("templates: language fallback, live variable validation and preview, and the typed-text match", async () => {
  const { page, problems, close } = await openPage(h);
  await page.check('input[name="mode"][value="template"]');
  const names = await page.locator("#tpl-name option").allTextContents();
  assert.ok(names.length > 0, "the sample workstream has templates");
  await page.selectOption("#tpl-name", names[0]);
  await page.locator("#tpl-language strong").waitFor();
  const vars = page.locator("#tpl-vars input");
  const n = await vars.count();
  assert.ok(n >= 1, "the first template has variables");
  // Live validation: an empty value and a tab are refused with their codes, next to the field.
  await vars.nth(0).fill("Ana\tSouza");
  await page.locator('.var-field[data-var="1"] .code-badge', { hasText: "VARIABLE_TAB" }).waitFor();
  assert.equal(await vars.nth(0).getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#send-template").isDisabled(), true);
  const values = ["Ana", "A-1042", "Friday", "noon", "five"].slice(0, n);
  for (let i = 0; i < n; i++) await vars.nth(i).fill(values[i]);
  await page.locator("#tpl-preview", { hasText: values[n - 1] }).waitFor();
  const preview = (await page.textContent("#tpl-preview")).trim();
  for (const v of values) assert.ok(preview.includes(v), `preview shows ${v}`);
  assert.match(await page.textContent("#tpl-content-vars"), new RegExp(`"1":"${values[0]}"`));
  assert.equal(await page.locator("#send-template").isEnabled(), true);
  await shot(page, "template-preview");
  // Outside the window, typing the rendered text suggests sending it as that template.
  await page.click("#advance-day");
  await page.check('input[name="mode"][value="text"]');
  await page.fill("#free-text", preview);
  const hint = page.locator("#match-hint");
  await hint.locator(".tpl-name", { hasText: names[0] }).waitFor();
  for (const v of values) assert.ok((await hint.textContent()).includes(v), `hint shows the variable ${v}`);
  await shot(page, "template-match");
  await page.click("#use-match");
  assert.equal(await page.locator("#mode-template").isVisible(), true);
  assert.equal(await vars.nth(0).inputValue(), values[0]);
  assert.deepEqual(problems, []);
  await close();
});

test("signature playground: a computed signature verifies, a tampered one shows invalid with the explain report", async () => {
  const { page, problems, close } = await openPage(h);
  const verdict = page.locator("#sig-verdict");
  await page.click("#sig-example-form");
  await verdict.getByText("Valid signature").waitFor();
  const sig = await page.inputValue("#sig-signature");
  assert.match(sig, /^[A-Za-z0-9+/]{27}=$/);
  const tampered = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
  await page.fill("#sig-signature", tampered);
  await verdict.getByText("Invalid signature").waitFor();
  await page.locator("#sig-explain h3").waitFor();
  // An http URL where Twilio signed https: the report says what would have matched.
  await page.fill("#sig-signature", sig);
  await verdict.getByText("Valid signature").waitFor();
  await page.fill("#sig-url", (await page.inputValue("#sig-url")).replace("https:", "http:"));
  await verdict.getByText("Invalid signature").waitFor();
  await page.locator("#sig-explain").getByText("It would have matched with").waitFor();
  await shot(page, "signature-invalid");
  // JSON body: the body's SHA-256 rides in the URL.
  await page.click("#sig-example-json");
  await verdict.getByText("Valid signature").waitFor();
  await page.fill("#sig-body", '{"property": "value", "boolean": false}');
  await verdict.getByText("Invalid signature").waitFor();
  await page.locator("#sig-explain").getByText("does not match the URL's bodySHA256").waitFor();
  await page.click("#sig-use-hash");
  await verdict.getByText("Valid signature").waitFor();
  assert.match(await page.inputValue("#sig-url"), /bodySHA256=[0-9a-f]{64}$/);
  assert.deepEqual(problems, []);
  await close();
});

test("signature playground: SharedKey signatures, SHA-256 and SHA-1, with the settings header Twilio sends", async () => {
  const { page, problems, close } = await openPage(h);
  const verdict = page.locator("#sig-verdict");
  await page.click("#sig-example-form");
  await verdict.getByText("Valid signature").waitFor();
  await page.check('input[name="sig-scheme"][value="sharedKey"]');
  await verdict.getByText("HMAC_SHA256").waitFor();
  assert.match(await page.inputValue("#sig-signature"), /^[A-Za-z0-9+/]{43}=$/);
  assert.equal(await page.inputValue("#sig-settings"), "key=webhooks_sharedkey_8c5929579355e705be5bf2bff7,algorithm=HMAC_SHA256");
  await verdict.getByText("Valid signature").waitFor();
  await verdict.getByText(/shared key webhooks_sharedkey_8c59/).waitFor();
  assert.equal(await page.isVisible("#sig-token"), false);
  // SHA-1 by the same key: a 28-character signature and the header says so.
  await page.check('input[name="sig-alg"][value="HMAC_SHA1"]');
  await verdict.getByText("HMAC_SHA1").waitFor();
  assert.match(await page.inputValue("#sig-signature"), /^[A-Za-z0-9+/]{27}=$/);
  assert.match(await page.inputValue("#sig-settings"), /algorithm=HMAC_SHA1$/);
  // The header edited to say SHA-256: invalid, and the report says the SHA-1 would verify.
  await page.fill("#sig-settings", "key=webhooks_sharedkey_8c5929579355e705be5bf2bff7,algorithm=HMAC_SHA256");
  await verdict.getByText("Invalid signature").waitFor();
  await page.locator("#sig-explain").getByText("It verifies as it is with another secret").waitFor();
  await shot(page, "signature-sharedkey");
  assert.deepEqual(problems, []);
  await close();
});

test("channel setup: validation errors appear next to the fields their JSON paths name", async () => {
  const { page, problems, close } = await openPage(h);
  await page.locator("#config-summary .ok").waitFor();
  await page.locator("#callback-url", { hasText: "https://" }).waitFor();
  const field = (path) => page.locator(`[data-field="${path}"]`);
  await field("account.accountSid").locator("input").fill("AC123");
  await field("account.accountSid").locator(".code-badge").first().waitFor();
  assert.equal(await field("account.accountSid").locator("input").getAttribute("aria-invalid"), "true");
  await page.locator("summary", { hasText: "Acme" }).first().click();
  await field("numbers[0].number").locator("input").fill("+1 415");
  await field("numbers[0].number").locator(".code-badge").first().waitFor();
  await page.locator('input[data-path="callbackBaseUrl"]').fill("http://edge.example.com");
  await page.locator('.field[data-field="callbackBaseUrl"] > .field-errors .code-badge', { hasText: "CALLBACK_BASE_URL_INVALID" }).waitFor();
  assert.equal(await page.locator('input[data-path="callbackBaseUrl"]').getAttribute("aria-invalid"), "true");
  // Each problem in the summary names its path; exactly those fields are marked.
  const paths = await page.locator("#config-summary .path").allTextContents();
  for (const p of ["account.accountSid", "numbers[0].number", "callbackBaseUrl"]) assert.ok(paths.includes(p), `summary names ${p}: ${paths}`);
  assert.equal(await field("numbers[1].number").locator(".code-badge").count(), 0);
  await shot(page, "config-errors");
  // A broken template in the JSON editor: the error lands on that template's field.
  await page.click("#config-reload");
  await page.locator("#config-summary .ok").waitFor();
  await page.click("#config-json-toggle");
  const cfg = JSON.parse(await page.inputValue("#config-json"));
  cfg.workstreams[0].templates[0].sid = "HX-not-a-sid";
  await page.fill("#config-json", JSON.stringify(cfg, null, 2));
  await page.click("#config-json-apply");
  // Workstreams are collapsed: the problem's link in the summary opens the section at the field.
  await page.locator("#config-summary button", { hasText: "workstreams[0].templates[0].sid" }).click();
  await field("workstreams[0].templates[0].sid").locator(".code-badge").first().waitFor();
  assert.equal(await field("workstreams[0].templates[0].body").locator(".code-badge").count(), 0);
  assert.deepEqual(problems, []);
  await close();
});

test("attachments follow the workstream settings and WhatsApp's media rules, both ways", async () => {
  const { page, problems, close } = await openPage(h);
  const verdict = page.locator("#attach-verdict");
  const file = (name, mimeType, size) => ({ name, mimeType, buffer: Buffer.alloc(size, 1) });
  await page.setInputFiles("#attach-input", [file("receipt.png", "image/png", 2048)]);
  await verdict.getByText("image allowed").waitFor();
  await page.setInputFiles("#attach-input", [file("logs.zip", "application/zip", 2048)]);
  await verdict.locator(".code-badge", { hasText: "MEDIA_TYPE_NOT_ALLOWED" }).waitFor();
  await page.setInputFiles("#attach-input", [file("a.png", "image/png", 100), file("b.png", "image/png", 100)]);
  await verdict.locator(".code-badge", { hasText: "TOO_MANY_MEDIA" }).waitFor();
  // The customer sends a file type WhatsApp does not carry: not delivered, automated reply sent.
  await page.selectOption("#inbound-media", { label: "logs.zip (application/zip)" });
  await page.fill("#inbound-text", "Here are the logs");
  await page.click("#inbound-send");
  await page.locator("#timeline .tag.refused .code-badge", { hasText: "MEDIA_TYPE_NOT_ALLOWED" }).waitFor();
  await page.locator("#timeline .msg.outbound", { hasText: "Automated reply" }).waitFor();
  await page.locator("#webhook-out").getByText("validateInbound").waitFor({ state: "attached" });
  // Agents may no longer send attachments: the button is disabled, with the reason code.
  await page.locator('[data-field="workstreams[0]"] > summary').evaluate((s) => { s.parentElement.open = true; });
  await page.locator('[data-path="workstreams[0].attachments.agentsMaySend"]').uncheck();
  await page.locator("#attach-button:disabled").waitFor();
  await verdict.locator(".code-badge", { hasText: "AGENT_ATTACHMENTS_NOT_ALLOWED" }).waitFor();
  await shot(page, "attachments");
  assert.deepEqual(problems, []);
  await close();
});

test("worker mode with no worker running: a status on the page, no console errors", async () => {
  const saved = process.env.WA_GUARD_WORKER_PORT;
  process.env.WA_GUARD_WORKER_PORT = String(await freePort());
  try {
    const { page, problems, close } = await openPage(h);
    await page.check("#worker-toggle");
    await page.locator('#worker-status[data-state="offline"]').waitFor();
    assert.match(await page.textContent("#worker-text"), /not reachable/);
    // The page keeps working standalone: the customer writes, the window state is local.
    await page.click("#inbound-send");
    await page.locator("#timeline .msg.inbound").nth(1).waitFor();
    await page.uncheck("#worker-toggle");
    await page.locator('#worker-status[data-state="off"]').waitFor();
    assert.deepEqual(problems, []);
    await close();
  } finally {
    if (saved === undefined) delete process.env.WA_GUARD_WORKER_PORT;
    else process.env.WA_GUARD_WORKER_PORT = saved;
  }
});

test("sending: composeOutbound gives Twilio's exact parameters, or every violation", async () => {
  const { page, problems, close } = await openPage(h);
  const out = page.locator("#request-out");
  const row = (name) => out.locator("tr", { has: page.locator("th", { hasText: new RegExp(`^${name}$`) }) });
  await page.locator('#window-banner[data-state="open"]').waitFor();
  await page.fill("#free-text", "Your blender ships tomorrow.");
  await page.keyboard.press("Control+Enter");
  await row("Body").getByText("Your blender ships tomorrow.").waitFor();
  assert.match(await row("To").textContent(), /whatsapp:\+447700900123/);
  await page.locator("#timeline .msg.outbound", { hasText: "Your blender ships tomorrow." }).waitFor();
  assert.equal(await page.inputValue("#free-text"), "");
  // A marketing template to a US number is refused before Twilio would (63049).
  await page.click("#config-json-toggle");
  const cfg = JSON.parse(await page.inputValue("#config-json"));
  const ws = cfg.workstreams[0];
  ws.templates.push({ sid: "HX" + "ab".repeat(16), name: "promo", language: ws.language, category: "marketing", body: "Hello {{1}}, this week every plan in our store is half price for loyal customers like you." });
  await page.fill("#config-json", JSON.stringify(cfg, null, 2));
  await page.click("#config-json-apply");
  await page.fill("#e164-input", "+1 212 555 0123");
  await page.click("#e164-use");
  await page.check('input[name="mode"][value="template"]');
  await page.selectOption("#tpl-name", "promo");
  await page.fill("#tpl-var-1", "Sam");
  await page.locator("#tpl-preview", { hasText: "Hello Sam" }).waitFor();
  const before = await page.locator("#timeline .msg").count();
  await page.click("#send-template");
  await out.getByText("Not sent").waitFor();
  await out.locator(".code-badge", { hasText: "MARKETING_TEMPLATE_TO_US" }).waitFor();
  assert.equal(await page.locator("#timeline .msg").count(), before);
  await shotOf(page.locator("#conversation"), "compose-refused");
  // A utility template to the same number goes out by ContentSid, never as Body.
  await page.selectOption("#tpl-name", ws.templates[0].name);
  const vars = page.locator("#tpl-vars input");
  for (let i = 0; i < await vars.count(); i++) await vars.nth(i).fill(`v${i + 1}`);
  await page.click("#send-template");
  await row("ContentSid").waitFor();
  assert.equal(await row("Body").count(), 0);
  assert.match(await row("ContentVariables").textContent(), /"1":"v1"/);
  assert.deepEqual(problems, []);
  await close();
});

test("the subset entries load in Chromium from their own web builds (wa-guard/webhook, wa-guard/rules)", async () => {
  const { page, problems, close } = await openPage(h);
  const got = await page.evaluate(async () => {
    const webhook = await import("/pkg/webhook/web/wa_guard.js");
    const rules = await import("/pkg/rules/web/wa_guard.js");
    await webhook.default();
    await rules.default();
    const params = { Body: "Hi", From: "whatsapp:+447400123456" };
    const url = "https://edge.example.com/twilio/inbound";
    const signature = webhook.computeSignature({ authToken: "12345", url, params });
    let code;
    try { rules.parseE164("+1234567890123456"); } catch (e) { code = e.code; }
    return {
      valid: webhook.verifySignature({ authToken: "12345", signature, url, params }).valid,
      open: rules.windowState({ lastInboundAt: "2026-11-24T09:30:00Z", now: "2026-11-24T12:00:00Z" }).open,
      code,
      separate: !("verifySignature" in rules) && !("windowState" in webhook),
    };
  });
  assert.deepEqual(got, { valid: true, open: true, code: "E164_TOO_LONG", separate: true });
  assert.deepEqual(problems, []);
  await close();
});
