// The subset entries as a TypeScript consumer sees them (type-checked by tests/js/types.test.mjs):
// each declares its own exports with the whole package's types, and nothing of the other entry.
import initWebhook, { verifySignature, type SignatureVerdict } from "../../pkg/webhook/web/wa_guard.js";
import * as webhook from "../../pkg/webhook/web/wa_guard.js";
import initRules, { windowState, type WindowState } from "../../pkg/rules/web/wa_guard.js";
import * as rules from "../../pkg/rules/web/wa_guard.js";

export async function demo(): Promise<[boolean, boolean]> {
  await initWebhook();
  await initRules();
  const v: SignatureVerdict = verifySignature({ authToken: "t", url: "https://a.example/x", params: {}, signature: "s" });
  const w: WindowState = windowState({ lastInboundAt: "2026-11-24T09:30:00Z", now: "2026-11-24T12:00:00Z" });
  // @ts-expect-error the webhook entry has no window rules
  webhook.windowState;
  // @ts-expect-error the rules entry has no signature functions
  rules.verifySignature;
  return [v.valid, w.open];
}
