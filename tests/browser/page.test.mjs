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
