// The demo page in headless Chromium: every panel driven the way an agent or admin would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, openPage, shot } from "./harness.mjs";

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

test("the page loads without console errors and looks like a product", async () => {
  const { page, problems, close } = await openPage(h);
  assert.match(await page.textContent("#version"), /wa-guard \d+\.\d+\.\d+/);
  await shot(page, "page-desktop");
  await page.setViewportSize({ width: 420, height: 900 });
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
