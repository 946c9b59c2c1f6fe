// The demo page's "Import from Twilio" panel in headless Chromium: the public fixture (a
// ContentAndApprovals page as Twilio returns it) pasted, then every template checked as the page
// shows it: type, status, category, where it may be sent and why not, and the rendered preview.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startHarness, openPage, shotOf } from "./harness.mjs";

const FIXTURE = JSON.parse(readFileSync(new URL("../vectors/content-and-approvals.json", import.meta.url), "utf8"));

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.close(); });

test("pasting a ContentAndApprovals page shows each template, where it may be sent and why, and its preview", async () => {
  const { page, problems, close } = await openPage(h);
  const panel = page.locator("#import-panel");
  await page.fill("#import-json", JSON.stringify(FIXTURE.page, null, 2));
  await page.click("#import-run");
  await page.locator('#import-summary[data-count="8"]').waitFor();
  assert.match(await page.textContent("#import-summary"), /8 templates from the pasted JSON/);
  assert.equal(await page.locator("#import-problems li").count(), 0);
  assert.equal(await panel.locator(".tpl-card").count(), FIXTURE.expect.length);

  for (const x of FIXTURE.expect) {
    const item = FIXTURE.page.contents.find((c) => c.sid === x.sid);
    const card = panel.locator(`.tpl-card[data-sid="${x.sid}"]`);
    assert.equal(await card.count(), 1, x.friendlyName);
    assert.equal((await card.locator("h3").textContent()).trim(), item.approval_requests?.name || item.approval_requests?.whatsapp?.name || item.friendly_name);
    // Type: the one WhatsApp receives.
    assert.equal((await card.locator(".tpl-type code").first().textContent()).trim(), Object.keys(item.types).at(-1));
    // Status and category, flat or nested approval shape alike.
    const approval = item.approval_requests.whatsapp ?? item.approval_requests;
    assert.equal((await card.locator(".tpl-status .pill").textContent()).trim(), approval.status);
    assert.equal((await card.locator(".tpl-category").textContent()).trim(), approval.category || "—");
    // Where it may be sent, and the reason when not.
    for (const [where, key] of [["session", "insideWindow"], ["business", "outsideWindow"]]) {
      const li = card.locator(`.tpl-where > li[data-where="${where}"]`);
      assert.equal(await li.getAttribute("data-allowed"), String(x[key]), `${x.friendlyName} ${key}`);
      if (!x[key]) {
        const codes = await li.locator(".code-badge").allTextContents();
        assert.ok(codes.includes(x.reason), `${x.friendlyName} ${key}: ${codes} has ${x.reason}`);
      }
    }
    assert.equal(await card.locator('.tpl-preview[data-state="ok"]').count(), 1, `${x.friendlyName} preview`);
  }

  // Previews of every field, with the samples: text, buttons (URL with its value), list items.
  const card = (sid) => panel.locator(`.tpl-card[data-sid="${sid}"]`);
  const reminder = card("HXfdb017aa19c6ce72ae362409352892dd");
  assert.equal((await reminder.locator(".bubble-preview").textContent()).trim(),
    "Hello Sam, this is a reminder of your appointment tomorrow at 10:30 in our clinic.");
  const pay = card("HXa7d1cbda6cda5b1f2f7c4c0058ebfbee");
  const buttons = await pay.locator(".tpl-button").allTextContents();
  assert.ok(buttons.some((b) => /Pay now/.test(b) && /https:\/\/pay\.example\.com\/i\/inv-88/.test(b)), buttons.join(" | "));
  assert.ok(buttons.some((b) => /Call us/.test(b) && /\+442071838750/.test(b)), buttons.join(" | "));
  assert.match(await pay.locator(".tpl-vars").textContent(), /"2":"inv-88"/);
  const picker = card("HXcc026b458625b75443415f3b841e5a29");
  assert.deepEqual((await picker.locator(".tpl-item strong").allTextContents()), ["S", "M", "L"]);
  assert.match(await picker.locator('.tpl-field[data-field="button"]').textContent(), /Größe wählen/);
  const otp = card("HX8777f37c5226c39cab81c40183bf56b1");
  assert.match(await otp.locator('.tpl-field[data-field="code_expiration_minutes"]').textContent(), /5/);
  await shotOf(panel, "import-panel");

  // Not JSON: wa-guard's coded error, and the list is cleared.
  await page.fill("#import-json", "{ not json");
  await page.click("#import-run");
  await page.locator("#import-summary .code-badge", { hasText: "CONTENT_API_INVALID" }).waitFor();
  assert.equal(await panel.locator(".tpl-card").count(), 0);

  // A malformed item is a problem with its path; the rest is imported.
  const broken = structuredClone(FIXTURE.page);
  broken.contents[3].types = null;
  await page.fill("#import-json", JSON.stringify(broken));
  await page.click("#import-run");
  await page.locator('#import-summary[data-count="7"]').waitFor();
  const p = await page.locator("#import-problems li").allTextContents();
  assert.ok(p.some((t) => /CONTENT_ITEM_INVALID/.test(t) && /contents\[3\]\.types/.test(t)), p.join(" | "));

  // Narrow screens: the cards wrap, nothing scrolls sideways.
  await page.setViewportSize({ width: 420, height: 900 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scrolling at 420 px");
  assert.deepEqual(problems, []);
  await close();
});

test("without the local worker, fetching through it says so instead of failing", async () => {
  const { page, problems, close } = await openPage(h);
  // (The worker settings are hidden until worker mode is on; the panel reads them as they are.)
  await page.evaluate(() => { document.getElementById("worker-url").value = "http://127.0.0.1:9"; });
  await page.click("#import-worker");
  await page.locator("#import-summary .code-badge", { hasText: "WORKER_UNREACHABLE" }).waitFor();
  assert.deepEqual(problems, []);
  await close();
});
