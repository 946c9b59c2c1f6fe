// Browser test harness: the demo page served by pkg-scripts/serve.mjs on 127.0.0.1 (a free port),
// Debian's Chromium driven headless by playwright-core, console errors collected per page,
// screenshots written to test-output/.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../pkg-scripts/serve.mjs";

export const OUT = fileURLToPath(new URL("../../test-output/", import.meta.url));
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Starts the page server and the browser; `close()` stops both. */
export async function startHarness() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer(0);
  const { port } = server.address();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ARGS, headless: true });
  return {
    base: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * Opens the demo page in a fresh context and waits until it is ready. `problems` collects console
 * errors and warnings, uncaught exceptions, failed requests and HTTP errors.
 */
export async function openPage(h, { width = 1360, height = 1000 } = {}) {
  const context = await h.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${h.base}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, problems, close: () => context.close() };
}

/** The names the loaded wa-guard build exports. */
export async function exportsOf(page) {
  return page.evaluate(async () => Object.keys(await import("/pkg/web/wa_guard.js")));
}

/** Saves a full-page screenshot as test-output/<name>.png. */
export async function shot(page, name) {
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
}

/** Saves a screenshot of one element (a panel) as test-output/<name>.png. */
export async function shotOf(locator, name) {
  await locator.screenshot({ path: `${OUT}${name}.png` });
}
