// The demo page driving the real edge worker (www/worker/dev.mjs on workerd, with its test clock
// and local fake Twilio API): webhooks signed by the page, window state from the worker. Webhooks
// run on the worker's real clock; the page's simulated clock moves the agent routes only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startHarness, openPage, shotOf } from "./harness.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

function freePort() {
  return new Promise((ok) => { const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); }); });
}

let h, worker, port, savedPort;
before(async () => {
  port = await freePort();
  worker = spawn(process.execPath, [`${root}www/worker/dev.mjs`, "--port", String(port), "--test-clock"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker did not start:\n${log}`)), 20000);
    const onData = (d) => { log += d; if (/edge worker on workerd/.test(log)) { clearTimeout(timer); ok(); } };
    worker.stdout.on("data", onData);
    worker.stderr.on("data", (d) => { log += d; });
    worker.on("exit", (code) => { clearTimeout(timer); fail(new Error(`worker exited (${code}):\n${log}`)); });
  });
  worker.removeAllListeners("exit");
  savedPort = process.env.WA_GUARD_WORKER_PORT;
  process.env.WA_GUARD_WORKER_PORT = String(port);
  h = await startHarness();
});
after(async () => {
  await h?.close();
  if (worker && worker.exitCode === null) {
    const done = new Promise((ok) => worker.once("exit", ok));
    worker.kill("SIGTERM");
    await done;
  }
  if (savedPort === undefined) delete process.env.WA_GUARD_WORKER_PORT;
  else process.env.WA_GUARD_WORKER_PORT = savedPort;
});

test("worker mode: the customer's messages go to the worker as signed webhooks, the window state comes back from it", async () => {
  const { page, problems, close } = await openPage(h);
  await page.evaluate((p) => { document.getElementById("worker-url").value = `http://127.0.0.1:${p}`; }, port);
  await page.check("#worker-toggle");
  await page.locator('#worker-status[data-state="online"]').waitFor();
  // A fresh customer for this run, so the worker's stored conversation starts empty.
  const customer = `+4477009${String(Date.now()).slice(-5)}`;
  await page.fill("#e164-input", customer);
  await page.click("#e164-use");
  await page.fill("#inbound-text", "Is my order on its way?");
  await page.click("#inbound-send");
  await page.locator("#worker-last", { hasText: "HTTP 200" }).waitFor();
  await page.locator('#window-banner[data-state="open"]', { hasText: "from worker" }).waitFor();
  assert.match(await page.textContent("#worker-text"), /follows the simulated clock/);
  // The worker's clock follows the page's: a day later the worker says closed.
  await page.click("#advance-day");
  await page.locator('#window-banner[data-state="closed"]', { hasText: "from worker" }).waitFor();
  assert.equal(await page.locator("#send-text").isDisabled(), true);
  // A customer's message is always recorded at the real instant: back to the real time to go on.
  await page.click("#clock-reset");
  await page.fill("#inbound-text", "Hello?");
  await page.click("#inbound-send");
  await page.locator('#window-banner[data-state="open"]', { hasText: "from worker" }).waitFor();
  // An agent reply goes out through the worker to (the fake) Twilio.
  await page.fill("#free-text", "Yes, it ships today.");
  await page.click("#send-text");
  await page.locator("#request-out").getByText("Sent through the worker").waitFor({ timeout: 10000 });
  await shotOf(page.locator("#conversation"), "worker-mode");
  assert.deepEqual(problems, []);
  await close();
});

test("Import from Twilio through the worker: it fetches every page of the Content API and the panel shows the templates", async () => {
  const { page, problems, close } = await openPage(h);
  await page.evaluate((p) => { document.getElementById("worker-url").value = `http://127.0.0.1:${p}`; }, port);
  await page.click("#import-worker");
  // dev.mjs serves the public fixture 3 items a page: 8 templates over 3 pages.
  await page.locator('#import-summary[data-count="8"]').waitFor({ timeout: 15000 });
  assert.match(await page.textContent("#import-summary"), /8 templates from the local worker \(3 pages/);
  const card = page.locator('.tpl-card[data-sid="HXcc026b458625b75443415f3b841e5a29"]');
  assert.equal(await card.locator('.tpl-where > li[data-where="business"]').getAttribute("data-allowed"), "false");
  assert.deepEqual(await card.locator('.tpl-where > li[data-where="business"] .code-badge').allTextContents(), ["TEMPLATE_SESSION_ONLY"]);
  assert.equal(await card.locator('.tpl-where > li[data-where="session"]').getAttribute("data-allowed"), "true");
  assert.deepEqual(problems, []);
  await close();
});
