// The package's TypeScript declarations (pkg/**/web/wa_guard.d.ts) equal the reviewed golden files
// in tests/golden/: a change to a type users see, generated (tsify, from the Rust types) or
// hand-written (src/js), shows up here as a diff to review. To take an intended change:
// `node pkg-scripts/golden.mjs --write` after pkg-scripts/build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { entries, difference } from "../../pkg-scripts/golden.mjs";

const root = new URL("../../", import.meta.url);

for (const entry of Object.keys(entries)) {
  test(`${entry}: the built .d.ts equals ${entries[entry][1]}`, () => {
    const d = difference(entry);
    if (d) assert.fail(d);
  });
}

// Every type name the entries exported before the types were generated (users import them):
// generated, aliased or hand-written, each is still declared, and only in its entries.
const split = (s) => s.trim().split(/\s+/);
const both = split(`
  ErrorCode Problem Span WaGuardError
`);
const webhookOnly = split(`
  ComputeSignatureRequest ParamEntries RequestVerdict SharedKeySecret SignatureAlgorithm
  SignatureBody SignatureCandidateKind SignatureParams SignatureParamsInput SignatureReport
  SignatureRequest SignatureSecrets SignatureVariation SignatureVerdict VerifyRequestOptions
`);
const rulesOnly = split(`
  Account AllowedActions ApprovalStatus AttachmentSettings AttachmentVerdict AutomatedMessages
  ButtonReply CheckAttachmentInput ComposeOutboundInput Config ConfigValidation ContentAction
  ContentApiApproval ContentApiItem ContentApproval ContentDefinitions ContentImport ContentTemplate
  ContentTemplateContent ContentTemplateMatch ContentTypeName ConversationEvent ConversationState
  ConversationStateInput Customer EligibilityReason EntryPointInput EntryPointState Inbound
  InboundMedia Instant Location MediaItem MediaKind MessageParams MessageStatus
  MessagesCreateOptions NumberInfo NumberSettings NumberSettingsPatch Permission Referral
  RenderedContent RenderedTemplate RepliedTo Sandbox SandboxEvidence SandboxState SandboxStateInput
  SendableTemplates StatusCallback Template TemplateCategory TemplateContent TemplateEligibility
  TemplateMatch TemplatePermission TemplateRegistry TemplateSelection TemplateValidation
  TemplateVariables TextContent TwilioCallToAction TwilioCard TwilioCarousel TwilioCatalog
  TwilioFlows TwilioListPicker TwilioLocation TwilioMedia TwilioQuickReply TwilioText
  UnavailableTemplate ValidatedInbound ValidatedStatusCallback WebhookParams WhatsAppAuthentication
  WhatsAppCard WhatsAppNumber WindowState WindowStateInput Workstream
`);
const expected = {
  "wa-guard": [...both, ...webhookOnly, ...rulesOnly],
  "wa-guard/webhook": both.concat(webhookOnly),
  "wa-guard/rules": both.concat(rulesOnly),
};
for (const [entry, names] of Object.entries(expected)) {
  test(`${entry}: every public type name is declared`, () => {
    const dts = readFileSync(new URL(entries[entry][0], root), "utf8");
    const declared = new Set([...dts.matchAll(/^export (?:interface|type|class) (\w+)/gm)].map((m) => m[1]));
    assert.deepEqual(names.filter((n) => !declared.has(n)), [], `${entry}: missing type names`);
  });
}
test("the webhook entry declares none of the rules entry's types", () => {
  const dts = readFileSync(new URL(entries["wa-guard/webhook"][0], root), "utf8");
  const declared = new Set([...dts.matchAll(/^export (?:interface|type|class) (\w+)/gm)].map((m) => m[1]));
  assert.deepEqual(rulesOnly.filter((n) => declared.has(n)), []);
});
