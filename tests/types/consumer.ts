// An example consumer of the built package, type-checked with `tsc --strict` by
// tests/js/types.test.mjs. Every exported API appears here with its real types; the
// `@ts-expect-error` lines prove that misuse is rejected (the types are not `any`).
// Extend it when you add an export.
import init, {
  version,
  decodeForm,
  parseE164,
  normalizeE164,
  parseWhatsAppAddress,
  formatWhatsAppAddress,
  windowState,
  conversationState,
  validateConfig,
  callbackUrl,
  signedUrl,
  statusCallbackUrl,
  sendTarget,
  updateNumberSettings,
  redactConfig,
  isWhatsAppLanguage,
  normalizeLocale,
  validateTemplate,
  renderTemplate,
  TemplateRegistry,
  parseContentApi,
  templateEligibility,
  type ContentImport,
  type SendTarget,
  type ContentApiItem,
  type UnavailableTemplate,
  type ContentTemplate,
  type TemplateEligibility,
  type RenderedContent,
  type ContentTemplateMatch,
  type SendableTemplates,
  type TemplateValidation,
  type RenderedTemplate,
  type TemplateMatch,
  type TemplateSelection,
  type Config,
  type Workstream,
  type Template,
  type TemplateCategory,
  type WindowState,
  type ConversationState,
  type ConversationEvent,
  type ConfigValidation,
  type Problem,
  type WaGuardError,
  type ErrorCode,
  isWaGuardError,
  type NumberInfo,
  verifySignature,
  verifyRequest,
  type RequestVerdict,
  computeSignature,
  explainSignature,
  checkAttachment,
  parseInbound,
  validateInbound,
  parseStatusCallback,
  validateStatusCallback,
  statusRank,
  composeOutbound,
  toMessagesCreate,
  type MessagesCreateOptions,
  type SignatureVerdict,
  type ValidatedStatusCallback,
  type SignatureReport,
  type AttachmentVerdict,
  type Inbound,
  type ValidatedInbound,
  type StatusCallback,
  type MessageParams,
  parseCustomer,
  sameCustomer,
  sandboxState,
  isSandboxJoin,
  type Customer,
  type SandboxState,
} from "../../pkg/web/wa_guard.js";

export async function main(): Promise<void> {
  await init();
  const v: string = version();

  // Forms
  const pairs: Array<[string, string]> = decodeForm("Body=Hi");
  const [first]: [string, string] = pairs[0];

  // Numbers
  const n: NumberInfo = parseE164("+14155238886");
  const e164: string = n.number;
  const norm: NumberInfo = normalizeE164("020 7183 8750", "GB");
  normalizeE164("+442071838750", null);
  const wa: NumberInfo = parseWhatsAppAddress("whatsapp:+14155238886");
  const addr: string = formatWhatsAppAddress(wa.number);
  // @ts-expect-error numbers are strings
  parseE164(14155238886);
  const region: string | null = n.region;
  const ext: string | undefined = norm.extension;

  // Customers and the sandbox (issue 22)
  const c: Customer = parseCustomer("whatsapp:+5215512345678");
  const key: string = c.canonical;
  const bsuid: string | undefined = c.bsuid;
  const same: boolean = sameCustomer("+5215512345678", "+525512345678");
  const sb: SandboxState = sandboxState({ evidence: [{ kind: "inbound", at: Date.now() }] });
  const until: number | undefined = sb.expiresAt;
  const joins: boolean = isSandboxJoin("join plenty-mouse");
  // @ts-expect-error the evidence kinds are a closed set
  sandboxState({ evidence: [{ kind: "joined", at: 0 }] });

  // Templates
  const known: boolean = isWhatsAppLanguage("pt_BR");
  const locale: string = normalizeLocale("pt-br");
  const tpl: Template = { sid: "HX" + "a".repeat(32), name: "hi", language: "en", body: "Hi {{1}}, thanks for your message." };
  const tv: TemplateValidation = validateTemplate(tpl);
  const vars: number | null = tv.variableCount;
  const rendered: RenderedTemplate = renderTemplate(tpl, ["Ana"]);
  renderTemplate(tpl, { "1": "Ana" });
  const contentVariables: string = rendered.contentVariables;
  // @ts-expect-error variables are strings
  renderTemplate(tpl, [1]);
  const registry = new TemplateRegistry([tpl]);
  const matches: TemplateMatch[] = registry.match("Hi Ana, thanks for your message.");
  const sel: TemplateSelection = registry.select("hi", "pt-BR", "en");
  const by: "locale" | "language" | "default" = sel.selectedBy;
  const size: number = registry.size;
  const got: Template | undefined = registry.get(tpl.sid);
  registry.render(tpl.sid, ["Ana"]);
  registry.free();

  // Content API
  const imported: ContentImport = parseContentApi({ contents: [], meta: {} });
  parseContentApi('{"contents": []}');
  const ct: ContentTemplate | undefined = imported.templates[0];
  if (ct) {
    const el: TemplateEligibility = templateEligibility(ct, { windowOpen: false });
    const codes: string[] = el.reasons.map((r) => r.code);
    const err: number | null = el.reasons[0]?.twilioError ?? null;
    // @ts-expect-error windowOpen is required
    templateEligibility(ct, {});
    const rc = renderTemplate(ct, { 1: "Ana" }) as RenderedContent;
    const fields: Record<string, unknown> = rc.fields;
    const creg = new TemplateRegistry(imported.templates);
    const cm = creg.match("Hello Ana") as unknown as ContentTemplateMatch[];
    const missing: string[] | undefined = cm[0]?.missing;
    const now: SendableTemplates = creg.sendable({ windowOpen: true });
    const refusedCodes: string[] = now.refused.flatMap((x) => x.reasons.map((r) => r.code));
    creg.free();
  }

  // Window
  const w: WindowState = windowState({ lastInboundAt: "2026-11-24T09:30:00+01:00", now: Date.now() });
  const open: boolean = w.open;
  const closesAt: string | null = w.closesAt;
  const remaining: number = w.remainingMs;
  const fep: boolean = w.entryPoint.open;
  windowState({ lastInboundAt: null, entryPoint: { referralAt: new Date(), repliedAt: 0 }, closingSoonMs: 600_000 });
  // @ts-expect-error lastInboundAt is required (null: never wrote)
  windowState({});
  // @ts-expect-error instants are strings, numbers or Dates
  windowState({ lastInboundAt: true });

  const events: ConversationEvent[] = [
    { direction: "inbound", at: "2026-11-24T08:30:00Z", referral: { sourceType: "ad" } },
    { direction: "outbound", at: 1795509300000, kind: "template" },
  ];
  // @ts-expect-error direction is "inbound" | "outbound"
  const bad: ConversationEvent = { direction: "sideways", at: 0 };

  const config: Config = await (await fetch("/sample-config.json")).json();
  const ws: Workstream | undefined = config.workstreams?.[0];
  const s: ConversationState = conversationState({
    events,
    now: "2026-11-25T09:00:00Z",
    workstream: ws,
    customerLanguage: "pt-BR",
    customerNumber: "whatsapp:+14155550123",
    skewToleranceMs: 300_000,
  });
  if (s.actions) {
    const allowed: boolean = s.actions.freeText.allowed;
    const codes: string[] = s.actions.attachments.reasons.map((r: Problem) => r.code);
    const sids: string[] = s.actions.templates.templateSids;
    const excluded: string[] = s.actions.templates.excludedSids;
    const lang: string | undefined = s.actions.templates.language;
    // Content templates that may not be sent now, with the chart's reasons.
    const why: UnavailableTemplate[] = s.actions.templates.unavailable ?? [];
    const whyCodes: string[] = why.flatMap((u) => u.reasons.map((r) => r.code));
  }
  // A workstream holds Content templates as Twilio returns them, or as parseContentApi did.
  const item: ContentApiItem = {
    sid: "HX" + "0".repeat(32), friendly_name: "hi", language: "en",
    types: { "twilio/text": { body: "Hi {{1}}, thanks for writing." } },
    approval_requests: { whatsapp: { status: "approved", category: "UTILITY" } },
  };
  if (ws) {
    const withContent: Workstream = { ...ws, contentTemplates: [item, ...imported.templates] };
    conversationState({ events, workstream: withContent });
    // @ts-expect-error a Content API item has types
    const noTypes: ContentApiItem = { sid: "HX" };
  }

  // Configuration
  const result: ConfigValidation = validateConfig(config);
  if (!result.valid) for (const p of result.problems) console.log(p.code, p.path ?? "", p.message);
  const url: string = callbackUrl(config);
  callbackUrl(config, "https://edge.example.com");
  const signed: string = signedUrl("http://127.0.0.1:8787/twilio/inbound?x=1", config.callbackBaseUrl);
  const statusUrl: string = statusCallbackUrl("http://127.0.0.1:8787/agent/messages", null, "key-1");
  // @ts-expect-error the request URL is a string
  signedUrl(new URL("http://127.0.0.1:8787/"));
  const target: SendTarget = sendTarget(config, "whatsapp:+5215512345678", "+14155550123");
  const targetKey: string = target.customer;
  const index: number = target.workstreamIndex;
  const sandboxed: boolean = target.sandbox;
  sendTarget(config, "+447700900123", null, "support");
  void [signed, statusUrl, targetKey, index, sandboxed];
  const next: Config = updateNumberSettings(config, "+14155550123", { enabled: false, messagingServiceSid: null });
  // @ts-expect-error unknown patch field
  updateNumberSettings(config, "+14155550123", { enable: false });
  const shown: Config = redactConfig(next);
  const token: string | undefined = shown.account.authToken;
  const category: TemplateCategory | undefined = shown.workstreams?.[0]?.templates?.[0]?.category;
  const t: Template = { sid: "HX" + "0".repeat(32), name: "hi", language: "en", body: "Hi {{1}}, thanks for writing." };
  // @ts-expect-error version is 1
  const v2: Config = { version: 2, account: { accountSid: "AC" } };
  // @ts-expect-error categories are Meta's three
  const c2: TemplateCategory = "promotional";

  // Signatures
  const sig: string = computeSignature({ authToken: "12345", url: "https://example.com/x", params: { a: ["1", "2"], b: "3" } });
  const verdict: SignatureVerdict = verifySignature({ authTokens: ["12345", "67890"], signature: sig, url: "https://example.com/x", body: "a=1&a=2&b=3" });
  const tokenIndex: number | undefined = verdict.tokenIndex;
  void verifyRequest(new Request("https://example.com/x", { method: "POST", body: "a=1" }), { authTokens: ["12345", undefined] })
    .then((r) => { const b: string = r.body; const ok: boolean = r.valid; void [b, ok]; });
  const report: SignatureReport = explainSignature({ authToken: "12345", signature: "", url: "https://example.com/x", body: "{}", contentType: "application/json" });
  const hints: string[] = report.hints;
  // @ts-expect-error authToken and authTokens are exclusive
  verifySignature({ authToken: "a", authTokens: ["b"], url: "https://example.com" });
  // @ts-expect-error the URL is required
  computeSignature({ authToken: "12345" });
  // SharedKeys: the settings header, SHA-256, a Fetch Request verified whole.
  const sk = { id: "webhooks_sharedkey_1", secret: "s" };
  const v256: SignatureVerdict = verifySignature({ sharedKeys: [sk], signatureSettings: null, signature: null, url: "https://example.com/x", params: {} });
  const alg: "HMAC_SHA1" | "HMAC_SHA256" | null = v256.algorithm;
  const keyId: string | undefined = v256.keyId;
  computeSignature({ secret: "s", algorithm: "HMAC_SHA256", url: "https://example.com/x", body: "a=1", contentType: "application/x-www-form-urlencoded" });
  // @ts-expect-error only Twilio's two algorithms
  computeSignature({ secret: "s", algorithm: "HMAC_SHA512", url: "https://example.com/x" });
  const headers = new Headers();
  verifySignature({ authTokens: ["12345", undefined], url: "https://example.com/x", signature: headers.get("x-twilio-signature"), contentType: headers.get("content-type"), body: "" });
  const rv: Promise<RequestVerdict> = verifyRequest(new Request("https://example.com/x"), { authTokens: ["12345"], sharedKeys: [sk] });
  rv.then((r) => { const b: string = r.body; const p = r.params?.Body; return [b, p]; });

  // Media and messages
  const av: AttachmentVerdict = checkAttachment({ direction: "outbound", settings: { enabled: true, agentsMaySend: true }, media: { contentType: "image/jpeg", size: 1000 } });
  const avCodes: string[] = av.problems.map((p: Problem) => p.code);
  // @ts-expect-error direction is "inbound" | "outbound"
  checkAttachment({ direction: "up", settings: {}, media: [] });
  const inbound: Inbound = parseInbound("MessageSid=SM00000000000000000000000000000000&From=whatsapp%3A%2B14155550123");
  const from: string = inbound.from;
  const vin: ValidatedInbound = validateInbound({ From: "whatsapp:+14155550123" }, config);
  const deliver: boolean = vin.deliverMedia;
  const status: StatusCallback = parseStatusCallback([["MessageStatus", "read"]]);
  const st: string = status.status;
  const later: boolean = statusRank(status.status) > statusRank("sent");
  const filed: ValidatedStatusCallback = validateStatusCallback("AccountSid=AC", config);
  const conversationKey: string = filed.customer + filed.business + filed.status.messageSid;
  // @ts-expect-error: not a Twilio status
  statusRank("Delivered");
  const params: MessageParams = composeOutbound({ config, workstreamId: "support", to: "+14155550123", lastInboundAt: Date.now(), content: { body: "Hello" } });
  composeOutbound({ config, workstreamId: "support", to: "+14155550123", content: { contentSid: "HX" + "0".repeat(32), variables: ["Ana"] } });
  composeOutbound({ config, workstreamId: "support", to: "+14155550123", events: [{ direction: "inbound", at: Date.now() }], statusCallback: "https://e.example.com/s", content: { contentSid: "HX" + "0".repeat(32), variables: { 1: "Ana" } } });
  // @ts-expect-error one name per concept: contentSid
  composeOutbound({ config, workstreamId: "support", to: "+14155550123", content: { sid: "HX" + "0".repeat(32) } });
  const sdk: MessagesCreateOptions = toMessagesCreate(params);
  const mediaUrls: string[] | undefined = sdk.mediaUrl;
  const sbAddr: string | undefined = status.toAddress;
  void [mediaUrls, sbAddr];
  const body: string | undefined = params.Body;
  // @ts-expect-error template variables are strings
  composeOutbound({ config, workstreamId: "support", to: "+1", content: { contentSid: "HX", variables: [1] } });
  void [tokenIndex, hints, avCodes, from, deliver, st, body];

  // Errors
  try {
    windowState({ lastInboundAt: "later" });
  } catch (err) {
    const e = err as WaGuardError;
    const code: string = e.code;
    const path: string | undefined = e.path;
    const problems: Problem[] | undefined = e.problems;
    void [code, path, problems];
  }
  try {
    decodeForm("a=%FF");
  } catch (err) {
    if (isWaGuardError(err)) {
      const c: ErrorCode = err.code;
      void c;
    }
  }
  void [known, locale, vars, contentVariables, matches, by, size, got];
  void [v, first, e164, norm, addr, open, closesAt, remaining, fep, bad, url, token, category, t, v2, c2];
}
