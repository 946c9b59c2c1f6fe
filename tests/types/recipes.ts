// The package README's recipes (js/README.md) as a `tsc --strict` user writes them, on a plain
// browser-and-ES2022 project: `lib: ["es2022", "dom"]` (no `esnext`, so no `Symbol.dispose`).
// Type-checked by tests/js/types.test.mjs; the `@ts-expect-error` lines prove mistakes are caught.
import { verifyRequest, verifySignature, computeSignature, type SignatureVerdict } from "../../pkg/webhook/workerd/index.js";
import init, {
  conversationState,
  composeOutbound,
  toMessagesCreate,
  type MessageParams,
  normalizeE164,
  validateConfig,
  isWaGuardError,
  WaGuardError,
  TemplateRegistry,
  type ErrorCode,
  type Config,
  type ConfigValidation,
} from "../../pkg/rules/web/wa_guard.js";
import initNode from "../../pkg/node/wa_guard.js";

// Cloudflare Worker recipe: env secrets may be unset.
interface Env { TWILIO_AUTH_TOKEN: string; TWILIO_AUTH_TOKEN_SECONDARY?: string }
export const worker = {
  async fetch(request: Request, env: Env): Promise<Response> {
    const verdict = await verifyRequest(request, { authTokens: [env.TWILIO_AUTH_TOKEN, env.TWILIO_AUTH_TOKEN_SECONDARY] });
    if (!verdict.valid) return new Response("Forbidden", { status: 403 });
    return new Response("<Response/>", { headers: { "Content-Type": "text/xml" } });
  },
};

// Headers in hand: nullable header values, natural params and bodies.
export async function check(request: Request, token: string): Promise<SignatureVerdict> {
  const url = request.url;
  const body = new Uint8Array(await request.arrayBuffer());
  const byBytes = verifySignature({ authToken: token, url, body, signature: request.headers.get("X-Twilio-Signature"), contentType: request.headers.get("Content-Type") });
  const text = new TextDecoder().decode(body);
  verifySignature({ authToken: token, url, signature: request.headers.get("X-Twilio-Signature"), params: new URLSearchParams(text) });
  verifySignature({ authToken: token, url, signature: "", params: new Map([["Body", "Hi"]]) });
  verifySignature({ authToken: token, url, signature: "", params: [["Body", "Hi"], ["To", "whatsapp:+1"]] });
  verifySignature({ authToken: token, url, signature: "", params: await request.formData() });
  computeSignature({ authToken: token, url, body: body.buffer });
  // @ts-expect-error a number is not a body
  verifySignature({ authToken: token, url, signature: "", body: 42 });
  return byBytes;
}

// Agent UI recipe.
export async function agentUi(config: Config): Promise<void> {
  await init();
  await initNode(); // the same call is a no-op in Node
  const now = "2026-11-25T09:00:00Z";
  const workstream = config.workstreams?.[0];
  const state = conversationState({ events: [{ direction: "inbound", at: "2026-11-24T08:30:00Z" }], now, workstream, customerLanguage: "pt-BR" });
  const open: boolean = state.open;
  void open;
  try {
    composeOutbound({ config, workstreamId: "support", to: "+447400123456", now, lastInboundAt: null, content: { body: "Hi" } });
  } catch (e: unknown) {
    if (isWaGuardError(e)) {
      const code: ErrorCode = e.code;
      if (code === "OUTBOUND_REJECTED") for (const p of e.problems ?? []) console.log(p.code, p.path);
      // @ts-expect-error not a documented code
      if (e.code === "WINDOW_CLOSD") console.log("typo");
    }
    if (e instanceof WaGuardError) console.log(e.code, e.path);
  }
  // The conversation as its events or state, keyed values, the SDK's options.
  const events = [{ direction: "inbound" as const, at: "2026-11-24T08:30:00Z" }];
  const send: MessageParams = composeOutbound({ config, workstreamId: "support", to: "+447400123456", now, events,
    content: { contentSid: state.actions?.templates.templateSids[0] ?? "", variables: { 1: "Ana", 2: "#12345" } } });
  composeOutbound({ config, workstreamId: "support", to: "+447400123456", now, state, statusCallback: null, content: { body: "Hi" } });
  const statusCallback: string | undefined = send.StatusCallback;
  const opts = toMessagesCreate(send);
  const media: string[] | undefined = opts.mediaUrl;
  void [statusCallback, media];
  // @ts-expect-error the SDK's name is contentSid
  void opts.ContentSid;
  // Optional parameters are optional.
  normalizeE164("+1 415 523 8886");
  normalizeE164("020 7183 8750", "GB");
  // validateConfig takes whatever JSON.parse gave.
  const parsed: unknown = JSON.parse("{}");
  const v: ConfigValidation = validateConfig(parsed);
  void v;
  // A registry is freed explicitly (no `using`, which needs Symbol.dispose from esnext).
  const reg = new TemplateRegistry(workstream?.templates ?? []);
  reg.free();
}
