#!/usr/bin/env node
// Runs the edge worker locally on real workerd (Miniflare API), on 127.0.0.1, with the sample
// channel configuration, demo secrets, and a local fake Twilio Messages API (unless --twilio-api).
//
//   node www/worker/dev.mjs [--port 8787] [--config www/sample-config.json] [--twilio-api URL]
//                           [--upstream URL] [--test-clock]
//
// --test-clock enables X-Test-Now on the agent routes for requests carrying
// `X-Test-Clock-Secret: demo-test-clock-secret` (the public base here is loopback, as it must be).
//
// Needs the package built first (pkg-scripts/build). pkg-scripts/demo runs this.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { repoRoot, workerOptions } from "./miniflare-options.mjs";
import { startFakeTwilio } from "./fake-twilio.mjs";

/** Demo-only secrets: never use them for a real account. */
export const DEMO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
export const DEMO_AGENT_TOKEN = "demo-agent-token";
export const DEMO_TEST_CLOCK_SECRET = "demo-test-clock-secret";
export const DEMO_API_KEY_SID = "SK" + "0123456789abcdef".repeat(2);
export const DEMO_API_KEY_SECRET = "demo-api-key-secret";
/** Demo-only Standard Webhooks secret that signs deliveries to --upstream. */
export const DEMO_UPSTREAM_SECRET = "whsec_ZGVtby1vbmx5LXVwc3RyZWFtLXNpZ25pbmcta2V5";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    config: { type: "string" },
    "twilio-api": { type: "string" },
    upstream: { type: "string" },
    "test-clock": { type: "boolean", default: false },
  },
});

const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dev.mjs: invalid --port ${args.port}`);
  process.exit(2);
}
if (!existsSync(`${repoRoot}pkg/workerd/index.js`)) {
  console.error("dev.mjs: pkg/ is missing: run pkg-scripts/build first");
  process.exit(1);
}

const configPath = args.config ?? `${repoRoot}www/sample-config.json`;
const configText = readFileSync(configPath, "utf8");
const config = JSON.parse(configText);

// Fail fast, before starting anything, when the config is broken (the worker would answer 500).
const require = createRequire(import.meta.url);
const wa = await import(`${repoRoot}pkg/node/wa_guard.js`);
const { problems } = wa.validateConfig(config);
if (problems.length) {
  console.error(`dev.mjs: ${configPath} is invalid:`);
  for (const p of problems) console.error(`  ${p.path ?? "(root)"}: ${p.code} ${p.message}`);
  process.exit(1);
}

let fake = null;
let twilioApi = args["twilio-api"];
if (!twilioApi) {
  fake = await startFakeTwilio({
    accounts: { [config.account.accountSid]: DEMO_AUTH_TOKEN },
    apiKeys: { [DEMO_API_KEY_SID]: { secret: DEMO_API_KEY_SECRET, account: config.account.accountSid } },
  });
  twilioApi = fake.url;
  // The Content API too: the public fixture (a ContentAndApprovals page as Twilio returns it),
  // served 3 items a page, for POST /templates/refresh and the page's "Import from Twilio" panel.
  const fixture = JSON.parse(readFileSync(new URL("../../tests/vectors/content-and-approvals.json", import.meta.url), "utf8"));
  fake.setContent(fixture.page.contents, { pageSize: 3 });
}

const pagePort = process.env.WA_GUARD_PAGE_PORT ?? "8080";
const publicBase = `http://127.0.0.1:${port}`;
const bindings = {
  WA_GUARD_CONFIG: configText,
  TWILIO_AUTH_TOKEN: DEMO_AUTH_TOKEN,
  AGENT_API_TOKEN: DEMO_AGENT_TOKEN,
  ...(fake ? { TWILIO_API_KEY_SID: DEMO_API_KEY_SID, TWILIO_API_KEY_SECRET: DEMO_API_KEY_SECRET } : {}),
  PUBLIC_BASE_URL: publicBase,
  ALLOWED_ORIGINS: `http://127.0.0.1:${pagePort},http://localhost:${pagePort}`,
  TWILIO_API_BASE: twilioApi,
  ...(fake ? { CONTENT_API_BASE: fake.url } : {}),
  ...(args.upstream ? { UPSTREAM_URL: args.upstream, UPSTREAM_SIGNING_SECRET: DEMO_UPSTREAM_SECRET } : {}),
  ...(args["test-clock"] ? { ALLOW_TEST_CLOCK: "1", TEST_CLOCK_SECRET: DEMO_TEST_CLOCK_SECRET } : {}),
};

const mf = new Miniflare(workerOptions({ bindings, port }));
const url = await mf.ready;

// A ready-to-paste signed webhook, signed the way Twilio signs (official SDK).
const twilio = require("twilio");
const ws = config.workstreams?.[0];
const sample = {
  AccountSid: config.account.accountSid,
  MessageSid: "SM" + "0".repeat(31) + "1",
  From: "whatsapp:+5511987654321",
  To: `whatsapp:${ws?.number ?? config.numbers?.[0]?.number}`,
  Body: "Hello from the demo",
  NumMedia: "0",
  WaId: "5511987654321",
  ProfileName: "Demo customer",
};
const inboundUrl = `${publicBase}/twilio/inbound`;
const sig = twilio.getExpectedTwilioSignature(DEMO_AUTH_TOKEN, inboundUrl, sample);
const form = new URLSearchParams(sample).toString();

console.log(`wa-guard edge worker on workerd: ${url}`);
console.log(`  config:        ${configPath}`);
console.log(`  Twilio API:    ${twilioApi}${fake ? " (local fake)" : ""}`);
console.log(`  demo secrets:  TWILIO_AUTH_TOKEN=${DEMO_AUTH_TOKEN} AGENT_API_TOKEN=${DEMO_AGENT_TOKEN}`);
if (args["test-clock"]) console.log(`  test clock:    X-Test-Now on agent routes with X-Test-Clock-Secret: ${DEMO_TEST_CLOCK_SECRET}`);
if (args.upstream) console.log(`  upstream:      ${args.upstream} (deliveries signed with UPSTREAM_SIGNING_SECRET=${DEMO_UPSTREAM_SECRET})`);
console.log(`  try: curl -si ${inboundUrl} -H 'X-Twilio-Signature: ${sig}' --data '${form}'`);
console.log(`       curl -s ${publicBase}/conversations/${encodeURIComponent(sample.To.slice(9))}/%2B5511987654321/window -H 'Authorization: Bearer ${DEMO_AGENT_TOKEN}'`);

const stop = async () => {
  await mf.dispose().catch(() => {});
  await fake?.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
