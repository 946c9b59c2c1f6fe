/* tslint:disable */
/* eslint-disable */

/** A character span `[start, end)` in a text, counted in Unicode scalar values. */
export interface Span { start: number; end: number; }

/** One problem found by a validator (also the shape of `WaGuardError.problems` items). */
export interface Problem {
    /** Stable machine-readable code, e.g. `E164_TOO_LONG`. */
    code: ErrorCode;
    message: string;
    /** JSON path of the offending field, e.g. `workstreams[2].templates[0].sid`. */
    path?: string;
    span?: Span;
    problems?: Problem[];
}

/** Every function of wa-guard throws this on bad input: an `Error` with a stable `code`.
 *  `e instanceof WaGuardError` and `isWaGuardError(e)` tell it from other errors. */
export class WaGuardError extends Error {
    private constructor();
    name: "WaGuardError";
    code: ErrorCode;
    path?: string;
    span?: Span;
    /** Every individual problem, for aggregate errors such as `CONFIG_INVALID`. */
    problems?: Problem[];
}



/** An instant: an ISO 8601 / RFC 3339 string with an offset (`"2026-11-24T09:30:00+01:00"`, `"…Z"`),
 * epoch milliseconds (an integer, e.g. `Date.now()`) or a `Date`. */
export type Instant = string | number | Date;
/** Input of `windowState`. */
export type WindowStateInput = WindowInput;
/** One conversation event. Only inbound messages and calls open or extend the window. */
export type ConversationEvent = EventInput;
/** Input of `conversationState`. */
export type ConversationStateInput = ConversationInput;



/** Evidence about a user's Twilio sandbox session. */
export type SandboxEvidence =
| {
    /** `join`: their `join <keyword>` reached the webhook; `inbound`: another message through the
     * sandbox number (only joined users' messages arrive); `notJoined`: Twilio answered 63015. */
    kind: "join" | "inbound" | "notJoined";
    at: Instant;
}
| {
    /** A status of a message sent to the user, as stored: wa-guard decides what it proves
     * (`errorCode` 63015: not joined; anything else: nothing). */
    kind: "status";
    at: Instant;
    errorCode?: number | null;
};
export interface SandboxStateInput { evidence: SandboxEvidence[]; now?: Instant | null; }



/** Free-form content (only inside the 24-hour window): a body and/or one media item (with its URL). */
export interface TextContent { body?: string; media?: MediaItem | MediaItem[]; }
/** A template of the workstream by Content SID (the `sid` of one of its templates), with values
 * in placeholder order or keyed by placeholder number (`{ "1": "Ana" }`), as `renderTemplate`. */
export interface TemplateContent { contentSid: string; variables?: TemplateVariables; }
/** A Content template as `parseContentApi` returns it, with its values; refused (with every reason) where the approval chart forbids it. */
export interface ContentTemplateContent { template: ContentTemplate; variables?: TemplateVariables; }

export interface ComposeOutboundInput {
    config: Config;
    workstreamId: string;
    /** The customer: `+E164` or `whatsapp:+E164`. */
    to: string;
    /** The customer's last inbound message; `null`/absent when they never wrote. Give the
     * conversation once: this, `events` or `state`. */
    lastInboundAt?: Instant | null;
    /** The conversation's events, as `conversationState` takes them. */
    events?: ConversationEvent[];
    /** What `conversationState` returned (its `lastInboundAt` is used). */
    state?: { lastInboundAt: Instant | null };
    /** Where Twilio posts status callbacks (absolute http(s) URL); default: the config's
     * `callbackBaseUrl` + `/twilio/status`. Only when the number's `settings.statusCallbacks` is on. */
    statusCallback?: string | null;
    /** Sandbox mode: when the customer sent `join <keyword>`. */
    sandboxJoinedAt?: Instant | null;
    /** Defaults to `Date.now()`. */
    now?: Instant | null;
    content: TextContent | TemplateContent | ContentTemplateContent;
}

/** The twilio SDK's `client.messages.create` options (names of its `MessageListInstanceCreateOptions`). */
export type MessagesCreateOptions = SdkCreateOptions & { to: string };



/** Meta's template categories. */
export type TemplateCategory = Category;

/** A rendered template, ready to send: `ContentSid` + `ContentVariables` (never `Body`/`MediaUrl`). */
export type RenderedTemplate = Rendered;

/** Result of `validateTemplate`: every problem, each with `code`, `path` and (in the body) `span`. */
export interface TemplateValidation {
    valid: boolean;
    problems: Problem[];
    /** Distinct placeholders of the body when the body is valid (`{{1}}` twice counts once), else null. */
    variableCount: number | null;
}

/** Values in placeholder order (`["Ana", "12:30"]`) or keyed by number (`{ "1": "Ana", "2": "12:30" }`). Strings only. */
export type TemplateVariables = string[] | { [key: string]: string };

/** One template that typed text matched, with the values extracted (leftmost-shortest split). */
export interface TemplateMatch {
    /** Content SID (hex lowercased). */
    sid: string;
    name: string;
    language: string;
    /** Values in placeholder order: `variables[0]` is `{{1}}`. */
    variables: string[];
    /** `ContentVariables` of those values. */
    contentVariables: string;
    /** Characters of literal text in the template (results are sorted by it, most first). */
    literalChars: number;
}

/** `TemplateRegistry.sendable`: the Content templates that may be sent now, and why not for the rest. */
export interface SendableTemplates {
    sendable: ContentTemplate[];
    refused: { sid: string; name: string; language: string; reasons: EligibilityReason[] }[];
}

/** A Content template typed text matched (a registry of Content templates returns these from `match`;
 * its `get` returns `ContentTemplate`, its `select` a `ContentTemplate` with `selectedBy` and `tried`:
 * cast, e.g. `reg.match(text) as unknown as ContentTemplateMatch[]`). */
export interface ContentTemplateMatch extends Omit<TemplateMatch, "contentVariables"> {
    contentType: string;
    /** Values by key. */
    values: { [key: string]: string };
    /** Keys the template uses elsewhere (a button URL, a header) that the text did not give. */
    missing: string[];
    /** Null while `missing` is not empty. */
    contentVariables: string | null;
}

/** The template `TemplateRegistry.select` picked, and how. */
export interface TemplateSelection extends Template {
    /** `locale`: exact locale (`pt_BR`); `language`: its base language (`pt`); `default`: the default language. */
    selectedBy: SelectedBy;
    /** Language codes tried, in order, up to the one found. */
    tried: string[];
}



/** Parameters of a form-encoded webhook: a repeated name carries an array of values. */
export type SignatureParams = Record<string, string | string[]>;

/** `URLSearchParams`, `FormData` (string values only: a file is an error) or a
 *  `Map<string, string>`: read through their `entries()` (typed by their `forEach`, which a plain
 *  `lib: ["es2022", "dom"]` declares). */
export interface ParamEntries { forEach(callback: (value: unknown, name: string) => void): void; }

/** What `params` accepts: an object, `URLSearchParams`, `FormData`, a `Map`, or `[name, value]` pairs. */
export type SignatureParamsInput = SignatureParams | ParamEntries | ReadonlyArray<readonly [string, string]>;

/** A raw body: text, or its bytes (`Uint8Array`, `ArrayBuffer`, Node's `Buffer`) read as UTF-8. */
export type SignatureBody = string | Uint8Array | ArrayBuffer;

/** A SharedKey of the account's Webhook Rules: its id (`webhooks_sharedkey_…`) and its secret. */
export interface SharedKeySecret {
    id: string;
    /** Never shown in results, errors or reports. */
    secret: string;
}

/** The secrets a verifier holds. Without a settings header a request is checked against the
 *  auth tokens (HMAC-SHA1); with one, against the shared key it names (or every shared key). At
 *  least one secret in all; unset entries (`undefined`, `null`, `""`) after the first auth token
 *  are skipped, so `[env.PRIMARY, env.SECONDARY]` works while the secondary is unset.
 *  `authToken` (one) and `authTokens` (several, primary first, at most 8) are exclusive. */
export type SignatureSecrets = {
    /** The account's SharedKeys (at most 50, ids unique). */
    sharedKeys?: Array<SharedKeySecret | null | undefined> | null;
} & (
| { authToken: string; authTokens?: undefined | null }
| { authTokens: Array<string | null | undefined>; authToken?: undefined | null }
| { authToken?: undefined | null; authTokens?: undefined | null }
);

/** A webhook to verify. */
export type SignatureRequest = SignatureSecrets & {
    /** The `X-Twilio-Signature` header; missing (`undefined`/`null`/`""`) is simply invalid. */
    signature?: string | null;
    /** The `X-Twilio-Webhooks-Signature-Settings` header (SharedKey webhooks); absent or `""`: the
     *  classic scheme. Read exactly as twilio 6.3.1 reads it; never an exception. */
    signatureSettings?: string | null;
    /** The full URL Twilio requested, query string included, exactly as configured in Twilio.
     *  At most 8192 bytes. */
    url: string;
    /** Decoded form parameters (at most 1000 values, 65536 bytes). Give `params` or `body`. */
    params?: SignatureParamsInput | null;
    /** The raw body: form-encoded (decoded here; at most 65536 bytes) or JSON/other (checked
     *  against the URL's `bodySHA256`; at most 1 MiB). */
    body?: SignatureBody | null;
    /** The request's Content-Type. Without it, a body is raw when the URL has `bodySHA256`. */
    contentType?: string | null;
};

/** Input of `computeSignature`: the signature Twilio sends for this request. */
export interface ComputeSignatureRequest {
    /** The auth token (classic scheme). Give `authToken` or `secret`. */
    authToken?: string;
    /** Any secret: an auth token or a SharedKey secret. */
    secret?: string;
    /** `HMAC_SHA1` (default) or `HMAC_SHA256` (case-insensitive, as twilio 6.3.1). */
    algorithm?: SignatureAlgorithm | Lowercase<SignatureAlgorithm>;
    url: string;
    params?: SignatureParamsInput | null;
    /** A raw body: form-encoded bodies are decoded and signed as params; any other body is signed
     *  through the URL's `bodySHA256`, which must be its SHA-256. Give `params` or `body`. */
    body?: SignatureBody | null;
    contentType?: string | null;
}

/** Options of `verifyRequest`: the secrets, and the URL Twilio called when a proxy rewrote it. */
export type VerifyRequestOptions = SignatureSecrets & {
    /** The public URL Twilio requested (default: `request.url`). */
    url?: string | null;
};

/** `verifyRequest`'s answer: the verdict, the raw body and, for form bodies, the parameters. */
export type RequestVerdict = SignatureVerdict & {
    /** The raw body as received (`""` for GET). */
    body: string;
    /** The decoded form parameters (form bodies only; repeated names as arrays). */
    params?: SignatureParams;
};



/** The result of `validateConfig` (the core's `Validation`). */
export type ConfigValidation = Validation;



/** Twilio's content types on WhatsApp, in Twilio's complexity order (WhatsApp receives the last one a template carries). */
export type ContentTypeName = "twilio/text" | "twilio/media" | "twilio/location" | "twilio/quick-reply"
| "twilio/call-to-action" | "twilio/list-picker" | "twilio/card" | "twilio/carousel" | "twilio/catalog"
| "twilio/pay" | "twilio/flows" | "whatsapp/card" | "whatsapp/authentication";

/** Approval statuses (lowercase); an unknown one is kept as it came. */
export type ApprovalStatus = "unsubmitted" | "received" | "pending" | "approved" | "rejected" | "paused" | "disabled" | (string & {});

/** A button of call-to-action, card, whatsapp/card and carousel cards. */
export type ContentAction =
| { type: "URL"; title: string; url: string }
| { type: "PHONE_NUMBER"; title: string; phone: string }
| { type: "COPY_CODE"; title?: string; code?: string }
| { type: "QUICK_REPLY"; title: string; id?: string }
| { type: "VOICE_CALL"; title: string };

/** The object of each content type, as Twilio returns it (unknown keys kept). */
export interface TwilioText { body: string }
export interface TwilioMedia { body?: string; media: string[] }
export interface TwilioLocation { latitude: number; longitude: number; label?: string; address?: string }
export interface TwilioQuickReply { body: string; actions: { title: string; id?: string }[] }
export interface TwilioCallToAction { body: string; actions: ContentAction[] }
export interface TwilioListPicker { body: string; button: string; items: { item: string; id: string; description?: string }[] }
export interface TwilioCard { title: string; subtitle?: string; media?: string[]; actions?: ContentAction[] }
export interface TwilioCarousel { body: string; cards: { title?: string; body?: string; media?: string; actions: ContentAction[] }[] }
export interface TwilioCatalog { body: string; title?: string; subtitle?: string; id?: string; items?: unknown[]; dynamic_items?: string }
export interface TwilioFlows { body: string; subtitle?: string; media_url?: string; type?: string; button_text?: string; pages?: unknown[] }
export interface WhatsAppCard { body: string; footer?: string; header_text?: string; media?: string[]; actions?: ContentAction[] }
export interface WhatsAppAuthentication { body?: string; add_security_recommendation?: boolean; code_expiration_minutes?: number; actions: { type: "COPY_CODE"; copy_code_text?: string }[] }
export interface ContentDefinitions {
    "twilio/text"?: TwilioText; "twilio/media"?: TwilioMedia; "twilio/location"?: TwilioLocation;
    "twilio/quick-reply"?: TwilioQuickReply; "twilio/call-to-action"?: TwilioCallToAction;
    "twilio/list-picker"?: TwilioListPicker; "twilio/card"?: TwilioCard; "twilio/carousel"?: TwilioCarousel;
    "twilio/catalog"?: TwilioCatalog; "twilio/pay"?: Record<string, unknown>; "twilio/flows"?: TwilioFlows;
    "whatsapp/card"?: WhatsAppCard; "whatsapp/authentication"?: WhatsAppAuthentication;
    [unknownType: string]: unknown;
}

/** An approval object of the Content API (snake_case, as Twilio returns it; every field may be null). */
export interface ContentApiApproval {
    name?: string | null; category?: string | null; content_type?: string | null; status?: string | null;
    rejection_reason?: string | null; allow_category_change?: boolean | null; [key: string]: unknown;
}

/** One item of `GET /v1/ContentAndApprovals` (or `GET /v1/Content`), exactly as Twilio returns it. */
export interface ContentApiItem {
    sid: string;
    account_sid?: string | null; friendly_name?: string | null; language?: string | null;
    variables?: { [key: string]: string } | null;
    types: ContentDefinitions;
    date_created?: string | null; date_updated?: string | null;
    /** Flat (ContentAndApprovals) or nested under `whatsapp` (`/v1/Content/{Sid}/ApprovalRequests`). */
    approval_requests?: ContentApiApproval | { whatsapp: ContentApiApproval } | null;
    [key: string]: unknown;
}

/** A rendered Content template: send exactly `ContentSid` + `ContentVariables`. */
export interface RenderedContent extends RenderedTemplate {
    /** The received type's object with every value substituted (buttons, media, header, list items …). */
    fields: Record<string, unknown>;
    contentType: string;
}

/** WhatsApp's approval of a Content template (flat or nested in Twilio's answer: read the same). */
export type ContentApproval = Approval;
/** One reason a template may not be sent now. */
export type EligibilityReason = Reason;
/** Result of `templateEligibility`. */
export type TemplateEligibility = Eligibility;



/** Webhook parameters: the form-encoded body, `[name, value]` pairs, or an object of strings. */
export type WebhookParams = string | Array<[string, string]> | Record<string, string>;

/** `validateInbound`'s result: the message and what to do with it. */
export interface ValidatedInbound extends InboundVerdict {
    inbound: Inbound;
}

/** `validateStatusCallback`'s answer: the parsed callback and where it is filed. */
export interface ValidatedStatusCallback extends StatusVerdict {
    status: StatusCallback;
}



export interface CheckAttachmentInput {
    /** `outbound`: an agent's attachment; `inbound`: a customer's. */
    direction: "outbound" | "inbound";
    settings: AttachmentSettings;
    media: MediaItem | MediaItem[];
    /** The text sent with the media (outbound). */
    caption?: string;
}

/** Allowed, or every reason why not (codes `ATTACHMENTS_DISABLED`, `AGENT_ATTACHMENTS_NOT_ALLOWED`,
 * `CUSTOMER_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED`, `MEDIA_TOO_LARGE`, `TOO_MANY_MEDIA`,
 * `CAPTION_NOT_ALLOWED`, `MEDIA_URL_INVALID`): the core's `Verdict`. */
export type AttachmentVerdict = Verdict;



export interface NumberInfo {
    /** `normalizeE164` only: the extension typed after the number (`ext. 123` → `"123"`), which a
     * WhatsApp address cannot carry. */
    extension?: string;
}


/**
 * "File attachments" on/off; when on, who may send them. Off means neither may.
 */
export interface AttachmentSettings {
    /**
     * Attachments on at all.
     */
    enabled?: boolean;
    /**
     * Customers may send attachments (only when `enabled`).
     */
    customersMaySend?: boolean;
    /**
     * Agents may send attachments (only when `enabled`).
     */
    agentsMaySend?: boolean;
}

/**
 * A Content template that may not be sent now, and why.
 */
export interface UnavailableTemplate {
    sid: string;
    name: string;
    language: string;
    /**
     * `TEMPLATE_NOT_APPROVED`, `TEMPLATE_SESSION_ONLY`, … with Twilio's error where documented.
     */
    reasons: Reason[];
}

/**
 * A WhatsApp sender and its per-number settings.
 */
export interface WhatsAppNumber {
    /**
     * Display name.
     */
    name: string;
    /**
     * E.164 with the leading `+`.
     */
    number: string;
    /**
     * Per-number settings, changeable later with `update_number_settings` (JS:
     * `updateNumberSettings`).
     */
    settings?: NumberSettings;
}

/**
 * A change to one number's settings: absent fields stay as they are; `messagingServiceSid: null`
 * removes the Messaging Service.
 */
export interface NumberSettingsPatch {
    /**
     * Whether the number takes traffic; absent: unchanged.
     */
    enabled?: boolean;
    /**
     * A string sets the Messaging Service, `null` removes it, absent keeps it
     * (`Some(None)`: remove; `Some(Some(sid))`: set; `None`: keep).
     */
    messagingServiceSid?: string | null;
    /**
     * Whether outbound sends ask for status callbacks; absent: unchanged.
     */
    statusCallbacks?: boolean;
}

/**
 * A conversation's window state and, given a workstream, what its agents may send.
 * Serialises as the `WindowState` object plus `actions` (when present).
 */
export interface ConversationState extends WindowState {
    /**
     * What an agent may send: present when a `workstream` was given.
     */
    actions?: AllowedActions;
}

/**
 * A media item of an inbound message.
 */
export interface InboundMedia {
    /**
     * `MediaUrl{N}` (fetching it needs the account's credentials).
     */
    url: string;
    /**
     * `MediaContentType{N}`.
     */
    contentType: string;
    /**
     * The WhatsApp kind, when the type is on the allow-list.
     */
    kind?: MediaKind;
}

/**
 * A parsed inbound WhatsApp message webhook.
 */
export interface Inbound {
    /**
     * `MessageSid` (`SM`/`MM` + 32 hex).
     */
    messageSid: string;
    /**
     * `AccountSid`.
     */
    accountSid: string;
    /**
     * `MessagingServiceSid`, when the number belongs to a Messaging Service.
     */
    messagingServiceSid?: string;
    /**
     * The customer (`From` without `whatsapp:`): their number as received (`+5215512345678`:
     * WhatsApp's own forms are kept), or their business-scoped user ID (`US.1349…`).
     */
    from: string;
    /**
     * Who the customer is: `{ address, number?, bsuid?, canonical }` (see `customer`);
     * `canonical` is the key for the conversation.
     */
    customer: Customer;
    /**
     * The business number (`To`), E.164.
     */
    to: string;
    /**
     * `Body` (empty when absent).
     */
    body: string;
    /**
     * `ProfileName`: the customer's WhatsApp display name.
     */
    profileName?: string;
    /**
     * `WaId` (checked against `From`).
     */
    waId?: string;
    /**
     * `MessageType` when sent, else derived: `location`, `button`, the media kind, or `text`.
     */
    messageType: string;
    /**
     * `MediaUrl{N}` / `MediaContentType{N}`, N from 0.
     */
    media: InboundMedia[];
    /**
     * `NumSegments`.
     */
    numSegments?: number;
    /**
     * `ButtonPayload` / `ButtonText` / `ButtonType`.
     */
    button?: ButtonReply;
    /**
     * `InteractiveData` (JSON text, kept as sent).
     */
    interactiveData?: string;
    /**
     * `FlowData` (JSON text, kept as sent).
     */
    flowData?: string;
    /**
     * `ChannelMetadata` (JSON text, kept as sent).
     */
    channelMetadata?: string;
    /**
     * `Latitude` / `Longitude` / `Address` / `Label`.
     */
    location?: Location;
    /**
     * Present when the message came from an ad or a Page button.
     */
    referral?: Referral;
    /**
     * `OriginalRepliedMessageSid` / `OriginalRepliedMessageSender`.
     */
    repliedTo?: RepliedTo;
    /**
     * `Forwarded=true`.
     */
    forwarded: boolean;
    /**
     * `FrequentlyForwarded=true`.
     */
    frequentlyForwarded: boolean;
    /**
     * `SmsStatus` (`received`).
     */
    smsStatus?: string;
    /**
     * `ApiVersion` (`2010-04-01`).
     */
    apiVersion?: string;
    /**
     * `ExternalUserId`.
     */
    externalUserId?: string;
    /**
     * Every parameter not listed above, kept as sent (Twilio adds parameters without notice).
     */
    extra: Record<string, string>;
}

/**
 * A parsed status callback.
 */
export interface StatusCallback {
    /**
     * `MessageSid`.
     */
    messageSid: string;
    /**
     * `AccountSid`.
     */
    accountSid: string;
    /**
     * `MessageStatus`.
     */
    status: MessageStatus;
    /**
     * `From` without the `whatsapp:` channel prefix: the business number, E.164, as in
     * `Inbound.to`.
     */
    from?: string;
    /**
     * `To` without the `whatsapp:` channel prefix: the customer, E.164 (WhatsApp's own forms
     * kept), as in `Inbound.from`.
     */
    to?: string;
    /**
     * `From` as sent (`whatsapp:+…`).
     */
    fromAddress?: string;
    /**
     * `To` as sent (`whatsapp:+…`).
     */
    toAddress?: string;
    /**
     * Twilio error code (63016, 63049, …) on failed/undelivered.
     */
    errorCode?: number;
    /**
     * `ErrorMessage`.
     */
    errorMessage?: string;
    /**
     * `ChannelPrefix` (`whatsapp`).
     */
    channelPrefix?: string;
    /**
     * `ChannelToAddress` (masked recipient).
     */
    channelToAddress?: string;
    /**
     * `EventType`.
     */
    eventType?: string;
    /**
     * Every other parameter, kept as sent.
     */
    extra: Record<string, string>;
}

/**
 * A quick-reply or call-to-action button the customer pressed.
 */
export interface ButtonReply {
    /**
     * `ButtonPayload`: the id given to the button in the template.
     */
    payload?: string;
    /**
     * `ButtonText`: the button's label.
     */
    text?: string;
    /**
     * `ButtonType`: `REPLY` or `ACTION` (other values kept as sent).
     */
    type?: string;
}

/**
 * A registered template: one Twilio Content SID, one language, the WhatsApp-approved text.
 */
export interface Template {
    /**
     * Content SID: `HX` + 32 hex digits (either case accepted; emitted lowercase).
     */
    sid: string;
    /**
     * Friendly name; the same name in several languages is several templates.
     */
    name: string;
    /**
     * WhatsApp template language code (`en`, `pt_BR`, …).
     */
    language: string;
    /**
     * The approved text with numbered placeholders `{{1}}`.
     */
    body: string;
    /**
     * Meta's category, when known.
     */
    category?: Category;
}

/**
 * A rendered template, ready to send by Content SID.
 */
export interface Rendered {
    /**
     * The text the customer will see.
     */
    text: string;
    /**
     * The `ContentVariables` parameter: a JSON **string** of an object with string keys,
     * `{"1":"Ana","2":"12:30"}` (keys 1..n in order, exactly what `JSON.stringify` produces).
     */
    contentVariables: string;
    /**
     * The Content SID to send (`ContentSid`), hex lowercased.
     */
    contentSid: string;
}

/**
 * A secret and algorithm other than the ones the request was checked with that would have
 * verified it as it is (the header names another key or algorithm, or is missing or extra).
 */
export interface SignatureAlternative {
    /**
     * The algorithm.
     */
    algorithm: SignatureAlgorithm;
    /**
     * The auth token, when it was one.
     */
    tokenIndex?: number;
    /**
     * The shared key, when it was one.
     */
    keyId?: string;
    /**
     * Set when the configured secret verifies only once changed this way (it was stored with
     * surrounding whitespace or in the wrong letter case); the secret itself is never shown.
     */
    secretFix?: SignatureSecretFix;
}

/**
 * A shared location. Coordinates are kept as the decimal strings Twilio sent (checked).
 */
export interface Location {
    /**
     * Decimal degrees, as sent (`Latitude`).
     */
    latitude: string;
    /**
     * Decimal degrees, as sent (`Longitude`).
     */
    longitude: string;
    /**
     * `Address`, when shared.
     */
    address?: string;
    /**
     * `Label` (place name), when shared.
     */
    label?: string;
}

/**
 * A status callback checked against the configuration (`validate_status`).
 */
export interface StatusVerdict {
    /**
     * The business number that sent the message (`From`, E.164).
     */
    business: string;
    /**
     * The customer's canonical key (`customer.Customer.canonical` of `To`;
     * `parseCustomer(To).canonical` in JS): the conversation the status belongs to, as
     * `InboundVerdict`'s sender is keyed.
     */
    customer: string;
}

/**
 * A variation that would have matched.
 */
export interface SignatureDiagnosis {
    /**
     * The changes, together (see `Variation.advice`).
     */
    variations: SignatureVariation[];
    /**
     * The auth token that matched (when the request was checked against auth tokens).
     */
    tokenIndex?: number;
    /**
     * The shared key that matched (when the request was checked against shared keys).
     */
    keyId?: string;
    /**
     * The URL that matched (password redacted).
     */
    url: string;
}

/**
 * A workstream: the routing unit agents work in.
 */
export interface Workstream {
    /**
     * Stable identifier (unique in the config).
     */
    id: string;
    /**
     * Display name.
     */
    name: string;
    /**
     * The WhatsApp number it serves (E.164, one of `numbers`).
     */
    number: string;
    /**
     * Default language (WhatsApp template language code), used when the customer's has no template.
     */
    language: string;
    /**
     * File attachment settings.
     */
    attachments?: AttachmentSettings;
    /**
     * Approved templates usable in this workstream.
     */
    templates?: Template[];
    /**
     * Templates as Twilio's Content API holds them: each a `GET /v1/ContentAndApprovals` item
     * exactly as Twilio returns it (`types`, `approval_requests`) or a template as
     * `parseContentApi` returned it (`definitions`, `approval`). Validated like an import
     * (problems at `workstreams[i].contentTemplates[j].definitions["twilio/card"]…`); which of
     * them may be sent is decided per send by Twilio's approval chart, not assumed.
     */
    contentTemplates?: (ContentApiItem | ContentTemplate)[];
    /**
     * Automated messages sent on the workstream's behalf.
     */
    automatedMessages?: AutomatedMessages;
}

/**
 * An event as given by a caller (JSON / JS): `{ direction, at, kind?, referral? }`.
 * Checked by `EventInput.check`; unknown fields are rejected.
 */
export interface EventInput {
    /**
     * `"inbound"` or `"outbound"`.
     */
    direction: "inbound" | "outbound";
    /**
     * When it was sent/received.
     */
    at: Instant;
    /**
     * `"message"` (default), `"call"` or `"template"` (outbound only).
     */
    kind?: "message" | "call" | "template" | null;
    /**
     * Present/true when the inbound message came from an ad or a Page button: `true`, a
     * non-empty string (e.g. `ReferralSourceType`) or an object (`{ sourceType, sourceId, … }`).
     */
    referral?: boolean | string | { [key: string]: unknown } | null;
}

/**
 * Diagnostic report of `explain` (`explainSignature`). Its `valid` is always `verify`'s
 * verdict. No secret in it; URL passwords shown as `***`.
 */
export interface SignatureReport {
    /**
     * The verdict, exactly as `verify` returns it; nothing in the report changes it.
     */
    valid: boolean;
    /**
     * The verdict's algorithm (see `Verdict.algorithm`).
     */
    algorithm: SignatureAlgorithm | null;
    /**
     * Shared key that matched, when valid.
     */
    keyId?: string;
    /**
     * Token that matched, when valid.
     */
    tokenIndex?: number;
    /**
     * URL that matched, when valid (password redacted).
     */
    matchedUrl?: string;
    /**
     * Candidate that matched, when valid.
     */
    matchedBy?: SignatureCandidateKind;
    /**
     * True when only a documented extension candidate matched (twilio-node would reject).
     */
    extension: boolean;
    /**
     * The header's shape.
     */
    header: SignatureHeaderState;
    /**
     * How the payload was treated.
     */
    payload: SignaturePayloadKind;
    /**
     * For raw bodies: the body-hash check.
     */
    bodyHash?: SignatureBodyHash;
    /**
     * Every candidate URL tried, in order (passwords redacted).
     */
    candidates: SignatureCandidate[];
    /**
     * Changes that would have matched, fewest changes first (empty when valid).
     */
    wouldMatch: SignatureDiagnosis[];
    /**
     * The settings header, when present (SharedKey scheme).
     */
    settings?: SignatureSettingsReport;
    /**
     * When invalid: other secrets or algorithms that verify the request as it is.
     */
    wouldVerifyWith: SignatureAlternative[];
    /**
     * Plain-language advice.
     */
    hints: string[];
}

/**
 * How `Registry.select` found the template.
 */
export type SelectedBy = "locale" | "language" | "default";

/**
 * How a configured secret differs from the one Twilio signed with (see `Alternative`).
 */
export type SignatureSecretFix = "trimmed" | "lowerCase";

/**
 * How the `X-Twilio-Signature` header looked.
 */
export type SignatureHeaderState = "wellFormed" | "missing" | "malformed";

/**
 * Input of `conversationState` (JS): `{ events, now?, workstream?, closingSoonMs?,
 * skewToleranceMs?, customerLanguage? }`.
 */
export interface ConversationInput {
    /**
     * The events, in any order (at most 100,000).
     */
    events: EventInput[];
    /**
     * Defaults to the clock (`Date.now()` in JS).
     */
    now?: Instant | null;
    /**
     * When given, the result has `actions` for an agent of this workstream.
     */
    workstream?: Workstream | null;
    /**
     * As in `windowState`.
     */
    closingSoonMs?: number | null;
    /**
     * As in `windowState`.
     */
    skewToleranceMs?: number | null;
    /**
     * The customer's locale (`pt_BR`, `pt-BR`, `es`), to pick templates.
     */
    customerLanguage?: string | null;
    /**
     * The customer's number (E.164 or `whatsapp:+E164`): marketing templates are left out for
     * US numbers (+1 with a US area code; US territories and unassigned area codes count as US),
     * which Meta does not deliver them to (Twilio error 63049). Canada and the Caribbean keep
     * them.
     */
    customerNumber?: string | null;
}

/**
 * Input of `windowState` (JS): `{ lastInboundAt, now?, entryPoint?, closingSoonMs?,
 * skewToleranceMs? }`.
 */
export interface WindowInput {
    /**
     * The customer's last inbound message; `null`: never wrote. Required (a missing field is an
     * error, so that a misspelt or forgotten argument is not read as "never wrote").
     */
    lastInboundAt: Instant | null;
    /**
     * Defaults to the clock (`Date.now()` in JS).
     */
    now?: Instant | null;
    /**
     * The conversation started from an ad / Page button.
     */
    entryPoint?: EntryPointInput | null;
    /**
     * `closingSoon` threshold in ms (default 3600000 = 1 hour; 0..86400000).
     */
    closingSoonMs?: number | null;
    /**
     * Events up to this many ms after `now` count as `now` (default 300000 = 5 minutes;
     * 0..3600000).
     */
    skewToleranceMs?: number | null;
}

/**
 * May the template be sent now, and if not, every reason.
 */
export interface Eligibility {
    /**
     * The template may be sent now.
     */
    allowed: boolean;
    /**
     * Every reason it may not; empty when allowed.
     */
    reasons: Reason[];
}

/**
 * Meta's template categories.
 */
export type Category = "marketing" | "utility" | "authentication";

/**
 * One Content template as read from Twilio.
 */
export interface ContentTemplate {
    /**
     * Content SID, `HX` + 32 hex (lowercased).
     */
    sid: string;
    /**
     * The approval name, else the friendly name.
     */
    name: string;
    /**
     * Twilio's `friendly_name` (empty when absent).
     */
    friendlyName: string;
    /**
     * Meta's template language code (`en`, `pt_BR`), as Twilio has it (empty when absent).
     */
    language: string;
    /**
     * The type WhatsApp will receive: the most complex known type present (Twilio's order), or
     * the first unknown type when there is one (such a template is refused everywhere).
     */
    contentType: ContentTypeName | (string & {});
    /**
     * Every type present: known ones in complexity order, then unknown ones.
     */
    types: string[];
    /**
     * WhatsApp's approval.
     */
    approval: Approval;
    /**
     * Twilio's `variables`: the sample of each key, which Twilio sends when a value is omitted.
     */
    samples: { [key: string]: string };
    /**
     * Every placeholder key used in any type (`"1"`, `"2"`, … numerically, then named ones).
     */
    variables: string[];
    /**
     * Each type's object exactly as Twilio returned it (unknown keys and `null`s included).
     */
    definitions: ContentDefinitions;
    /**
     * `date_updated` (ISO 8601 UTC), when given.
     */
    dateUpdated?: string;
}

/**
 * One URL to check the signature against.
 */
export interface SignatureCandidate {
    /**
     * Which rewrite produced it (the first one, when several give the same URL).
     */
    kind: SignatureCandidateKind;
    /**
     * The URL.
     */
    url: string;
}

/**
 * One change to the request that would have made the signature match.
 */
export type SignatureVariation = "schemeSwapped" | "trailingSlashToggled" | "queryDropped" | "urlTrimmed" | "paramsIgnored" | "queryParamsRemoved" | "valuesTrimmed" | "bodyAsRaw" | "bodyAsForm";

/**
 * One media item: its MIME type, and where known its size and URL.
 */
export interface MediaItem {
    /**
     * `Content-Type`, e.g. `image/jpeg` (parameters such as `; codecs=opus` allowed).
     */
    contentType: string;
    /**
     * Size in bytes, when known (outbound: the file the agent picked).
     */
    size?: number;
    /**
     * The URL Twilio fetches (outbound `MediaUrl`) or serves (inbound `MediaUrl{N}`).
     */
    url?: string;
    /**
     * A WebP sticker is animated (limit 500 KB instead of 100 KB). Unknown (`false`): static.
     */
    animated?: boolean;
}

/**
 * Result of `verify`. Serialises to `{ valid, algorithm, keyId?, tokenIndex?, matchedUrl? }`.
 */
export interface SignatureVerdict {
    /**
     * True when a secret's signature of a candidate URL equals the header (and, for raw bodies,
     * the body hash matches).
     */
    valid: boolean;
    /**
     * The algorithm the request was checked with: `HMAC_SHA1` without a settings header, else
     * the header's; `None` when the header names an unsupported algorithm (always invalid).
     */
    algorithm: SignatureAlgorithm | null;
    /**
     * The id of the SharedKey that matched, when valid and signed with one.
     */
    keyId?: string;
    /**
     * Index of the first auth token that matched (primary = 0), when valid and signed with one.
     */
    tokenIndex?: number;
    /**
     * The candidate URL that matched (first in candidate order), when valid.
     */
    matchedUrl?: string;
}

/**
 * Settings of one number that can be changed after set-up.
 */
export interface NumberSettings {
    /**
     * Whether the number takes traffic (inbound and outbound). Default true.
     */
    enabled?: boolean;
    /**
     * Messaging Service (`MG` + 32 hex) to send from instead of the number itself.
     */
    messagingServiceSid?: string;
    /**
     * Whether outbound sends ask Twilio for status callbacks. Default true.
     */
    statusCallbacks?: boolean;
}

/**
 * Templates usable now.
 */
export interface TemplatePermission {
    /**
     * A template may be sent.
     */
    allowed: boolean;
    /**
     * Every reason none may, each with a stable `code`; empty when allowed.
     */
    reasons: Problem[];
    /**
     * The language picked: the customer's, else its base language, else the workstream default.
     */
    language?: string;
    /**
     * Content SIDs of the workstream's templates in that language.
     */
    templateSids: string[];
    /**
     * Marketing templates left out because the customer's number is a US number (+1 with a US
     * area code, see `marketing`): Meta does not deliver them (Twilio error 63049).
     * Empty otherwise (Canada and the Caribbean keep them).
     */
    excludedSids: string[];
    /**
     * The workstream's Content templates in the languages tried (up to the one picked) that
     * may not be sent now, each with the reasons of Twilio's approval chart
     * (`content.eligibility`). Absent from the JSON when empty.
     */
    unavailable?: UnavailableTemplate[];
}

/**
 * Texts sent automatically.
 */
export interface AutomatedMessages {
    /**
     * Reply to a customer whose attachment was refused.
     */
    attachmentRefused?: string;
}

/**
 * The Click-to-WhatsApp ad or Facebook Page button the conversation came from (`Referral*`):
 * its presence starts the free entry point window (see the window module).
 */
export interface Referral {
    /**
     * `ReferralBody`: the ad's text.
     */
    body?: string;
    /**
     * `ReferralHeadline`.
     */
    headline?: string;
    /**
     * `ReferralSourceId`: the ad or post id.
     */
    sourceId?: string;
    /**
     * `ad` or `post`.
     */
    sourceType?: string;
    /**
     * `ReferralSourceUrl`.
     */
    sourceUrl?: string;
    /**
     * `ReferralMediaId`.
     */
    mediaId?: string;
    /**
     * `ReferralMediaContentType`.
     */
    mediaContentType?: string;
    /**
     * `ReferralMediaUrl`.
     */
    mediaUrl?: string;
    /**
     * `ReferralNumMedia`.
     */
    numMedia?: string;
    /**
     * Click-to-WhatsApp click id.
     */
    ctwaClid?: string;
}

/**
 * The HMAC of a webhook signature.
 */
export type SignatureAlgorithm = "HMAC_SHA1" | "HMAC_SHA256";

/**
 * The Twilio account. The auth tokens may be left out and supplied by the environment (a secret
 * binding).
 */
export interface Account {
    /**
     * `AC` + 32 hex.
     */
    accountSid: string;
    /**
     * Primary auth token (32 hex); absent when supplied by a secret store. Never shown by
     * `redactConfig` nor in errors.
     */
    authToken?: string;
    /**
     * Secondary auth token during rotation.
     */
    secondaryAuthToken?: string;
}

/**
 * The URL variants tried, in order: twilio-node 6.3.1's six, then wa-guard's documented extras.
 */
export type SignatureCandidateKind = "withoutPort" | "withPort" | "normalizedWithoutPort" | "normalizedWithPort" | "legacyQueryWithoutPort" | "legacyQueryWithPort" | "credentialsStrippedWithoutPort" | "credentialsStrippedWithPort" | "fragmentStrippedWithoutPort" | "fragmentStrippedWithPort" | "credentialsAndFragmentStrippedWithoutPort" | "credentialsAndFragmentStrippedWithPort";

/**
 * The WhatsApp approval of a template (flat or nested in the API: both read the same).
 */
export interface Approval {
    /**
     * Lowercase status: one of `STATUSES`, or an unknown one kept as it came (lowercased).
     * `unsubmitted` when the item has no approval object (or an empty one, or `/v1/Content`).
     */
    status: ApprovalStatus;
    /**
     * `UTILITY`, `MARKETING`, `AUTHENTICATION`, or an unknown (legacy) category kept as it came;
     * `None` (null) when empty or absent.
     */
    category: string | null;
    /**
     * WhatsApp's reason for a rejection; `None` (null) when empty or absent.
     */
    rejectionReason: string | null;
    /**
     * The approval name (`approval_requests.name`), `None` (null) when empty.
     */
    name: string | null;
    /**
     * The type submitted for approval (`approval_requests.content_type`), `None` (null) when
     * empty.
     */
    contentType: string | null;
}

/**
 * The body-hash check of a raw-body request.
 */
export interface SignatureBodyHash {
    /**
     * The URL's `bodySHA256` value, if any.
     */
    expected?: string;
    /**
     * The hex SHA-256 of the body.
     */
    actual: string;
    /**
     * Whether they are equal (and the URL parses, as twilio-node requires).
     */
    matches: boolean;
}

/**
 * The channel configuration, JSON form version 1. Unknown fields are rejected.
 */
export interface Config {
    /**
     * Version of the JSON form; 1.
     */
    version: 1;
    /**
     * The Twilio account.
     */
    account: Account;
    /**
     * Public base URL of the edge worker (`https://edge.example.com`); the inbound callback URL
     * is derived from it.
     */
    callbackBaseUrl?: string;
    /**
     * The WhatsApp senders of the account.
     */
    numbers?: WhatsAppNumber[];
    /**
     * Routing units; each serves one number.
     */
    workstreams?: Workstream[];
    /**
     * Twilio's shared WhatsApp sandbox, when the channel is being tried out.
     */
    sandbox?: Sandbox;
}

/**
 * The customer service window at `now`, and the free entry point window beside it.
 * Serialises (JSON / JS) with camelCase names, instants as ISO 8601 UTC strings with millisecond
 * precision, and durations in milliseconds.
 */
export interface WindowState {
    /**
     * The instant the state was computed for.
     */
    now: string;
    /**
     * Free-form messages may be sent: `now < closes_at`.
     */
    open: boolean;
    /**
     * Start of the current (or, when closed, the last) window: the inbound message after which
     * the window stayed open without a gap. `None` when the customer never wrote.
     */
    openedAt: string | null;
    /**
     * The customer's last inbound message or call.
     */
    lastInboundAt: string | null;
    /**
     * `last_inbound_at + 24h` (in the past when closed). `None` when the customer never wrote.
     */
    closesAt: string | null;
    /**
     * Milliseconds until `closes_at`; 0 when closed.
     */
    remainingMs: number;
    /**
     * Open with at most `closing_soon_ms` left.
     */
    closingSoon: boolean;
    /**
     * The 72-hour free entry point window (pricing information only).
     */
    entryPoint: EntryPointState;
}

/**
 * The exact parameters of Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`),
 * named as Twilio names them.
 */
export interface MessageParams {
    /**
     * `whatsapp:+…` (the customer).
     */
    To: string;
    /**
     * `whatsapp:+…` (the business number), unless sent through a Messaging Service.
     */
    From?: string;
    /**
     * The number's Messaging Service, when configured (then no `From`).
     */
    MessagingServiceSid?: string;
    /**
     * Free-form text (never with `ContentSid`).
     */
    Body?: string;
    /**
     * The template's Content SID (lowercase hex).
     */
    ContentSid?: string;
    /**
     * JSON string of the template values: `{"1":"Ana","2":"12:30"}`.
     */
    ContentVariables?: string;
    /**
     * One media URL (free-form only).
     */
    MediaUrl?: string;
    /**
     * Where Twilio posts the message's status callbacks (when the number's settings ask).
     */
    StatusCallback?: string;
}

/**
 * The free entry point window: information for pricing; it never permits free-form messages.
 */
export interface EntryPointState {
    /**
     * The FEP window is open at `now`: messages (templates included) are free of charge.
     */
    open: boolean;
    /**
     * When the business reply that opened the last FEP window was sent (ISO 8601 UTC,
     * `2026-11-24T08:30:00.000Z`).
     */
    openedAt: string | null;
    /**
     * `opened_at + 72h`.
     */
    closesAt: string | null;
    /**
     * Milliseconds until `closes_at`; 0 when closed.
     */
    remainingMs: number;
    /**
     * A referral message awaits a reply: replying before this instant opens a FEP window.
     */
    replyBy: string | null;
}

/**
 * The message the customer replied to.
 */
export interface RepliedTo {
    /**
     * `OriginalRepliedMessageSid`.
     */
    sid: string;
    /**
     * `OriginalRepliedMessageSender` (`whatsapp:+…`), as sent.
     */
    sender?: string;
}

/**
 * The options of the twilio SDK's `client.messages.create` (`MessageListInstanceCreateOptions`
 * of twilio-node 6), from `messages_create_options`.
 */
export interface SdkCreateOptions {
    to?: string;
    from?: string;
    messagingServiceSid?: string;
    body?: string;
    contentSid?: string;
    contentVariables?: string;
    mediaUrl?: string[];
    statusCallback?: string;
}

/**
 * The result of validating a configuration (what `validateConfig` returns to JS).
 */
export interface Validation {
    /**
     * No problems.
     */
    valid: boolean;
    /**
     * Every problem, with code and path.
     */
    problems: Problem[];
}

/**
 * The verdict on an attachment: allowed, or every reason why not.
 */
export interface Verdict {
    /**
     * No problem found.
     */
    allowed: boolean;
    /**
     * The kind of the (first) media item, when its type is on the allow-list.
     */
    kind?: MediaKind;
    /**
     * Every reason, each with a code and the path of the offending field (`media[0].size`).
     */
    problems: Problem[];
}

/**
 * Twilio's message statuses (status callbacks).
 */
export type MessageStatus = "queued" | "sending" | "sent" | "failed" | "delivered" | "undelivered" | "receiving" | "received" | "accepted" | "scheduled" | "read" | "partially_delivered" | "canceled";

/**
 * Twilio's shared WhatsApp sandbox.
 */
export interface Sandbox {
    /**
     * Sandbox mode on.
     */
    enabled: boolean;
    /**
     * The keyword users send as `join <keyword>`.
     */
    joinKeyword?: string;
}

/**
 * What `parse_content_api` read: the templates, and every problem found (with paths).
 */
export interface ContentImport {
    /**
     * The templates that could be read.
     */
    templates: ContentTemplate[];
    /**
     * Every problem, with its path (`contents[3].types`).
     */
    problems: Problem[];
}

/**
 * What an agent of a workstream may send at `now`.
 */
export interface AllowedActions {
    /**
     * Free-form text: while the window is open.
     */
    freeText: Permission;
    /**
     * Media: window open AND attachments on AND agents may send them.
     */
    attachments: Permission;
    /**
     * Approved templates: always, when the workstream has one for the customer's language or
     * its default language.
     */
    templates: TemplatePermission;
}

/**
 * What is known about a parsed number (camelCase in JSON/JS).
 */
export interface NumberInfo {
    /**
     * `+14155238886`.
     */
    number: string;
    /**
     * `"1"`.
     */
    countryCallingCode: string;
    /**
     * `"4155238886"`.
     */
    nationalNumber: string;
    /**
     * Regions sharing the calling code, main first (`["US", "AG", …]`); empty if non-geographic.
     */
    regions: string[];
    /**
     * The number's own region, where the data decides it (see `E164.region`).
     */
    region: string | null;
    /**
     * Non-geographic calling code.
     */
    nonGeographic: boolean;
    /**
     * The number without `+`, as in the inbound `WaId`.
     */
    waId: string;
    /**
     * `whatsapp:+14155238886`.
     */
    whatsappAddress: string;
}

/**
 * What is known about a user's sandbox session at `now`.
 */
export interface SandboxState {
    /**
     * Sends may go out: a join known or inferred, not expired, not refuted by a later 63015.
     */
    joined: boolean;
    /**
     * The join is inferred from inbound messages (no `join` message was seen).
     */
    inferred: boolean;
    /**
     * The known join's instant, or the earliest inbound message the inferred join rests on.
     */
    joinedAt?: number;
    /**
     * When the session ends (an upper bound when inferred).
     */
    expiresAt?: number;
    /**
     * The last 63015 answer, when it is the newest evidence.
     */
    notJoinedAt?: number;
}

/**
 * What the settings header said, for `Report`.
 */
export interface SignatureSettingsReport {
    /**
     * The `key=` value.
     */
    keyId?: string;
    /**
     * Whether `key=` names a configured shared key (then only that key is tried).
     */
    keyKnown: boolean;
    /**
     * The `algorithm=` value as written (absent: `HMAC_SHA1`).
     */
    algorithmName?: string;
    /**
     * Why the header cannot verify anything, if it cannot.
     */
    refused?: SignatureRefusal;
}

/**
 * What the signature covered besides the URL.
 */
export type SignaturePayloadKind = "none" | "params" | "formBody" | "rawBody";

/**
 * What to do with a valid inbound message under the channel configuration.
 */
export interface InboundVerdict {
    /**
     * The workstream serving the number.
     */
    workstreamId: string;
    /**
     * The message came to Twilio's sandbox number.
     */
    sandbox: boolean;
    /**
     * The customer's attachments may be delivered to the agent (true when there are none).
     */
    deliverMedia: boolean;
    /**
     * Why attachments are refused (`CUSTOMER_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED`, …).
     */
    mediaProblems: Problem[];
    /**
     * The automated reply to send the customer when attachments were refused (configured text).
     */
    autoReply?: string;
}

/**
 * WhatsApp media kinds.
 */
export type MediaKind = "image" | "sticker" | "audio" | "video" | "document" | "contact";

/**
 * Whether one kind of send is allowed, and if not, why (each reason a coded `Error` a UI can
 * show: `WINDOW_CLOSED`, `ATTACHMENTS_DISABLED`, …).
 */
export interface Permission {
    /**
     * The send is allowed.
     */
    allowed: boolean;
    /**
     * Every reason it is not allowed, each with a stable `code`; empty when allowed.
     */
    reasons: Problem[];
}

/**
 * Who a customer is: their number (as received, and its canonical form) or their BSUID.
 */
export interface Customer {
    /**
     * The address as received (`whatsapp:+5215512345678`, `whatsapp:US.1349…`, `+5215512345678`).
     */
    address: string;
    /**
     * The number as received (`+5215512345678`), when known.
     */
    number?: string;
    /**
     * The business-scoped user ID (`US.13491208655302741918`), when the sender is one.
     */
    bsuid?: string;
    /**
     * The key under which the forms of one customer are equal: the canonical number
     * (`+525512345678`) when the number is known, else the BSUID.
     */
    canonical: string;
}

/**
 * Who an agent's send goes between, as `send_target` (JS `sendTarget`) resolves it.
 */
export interface SendTarget {
    /**
     * The business number (E.164): the workstream's.
     */
    business: string;
    /**
     * The conversation key: the customer's canonical form (`+525512345678` for `+5215512345678`,
     * or the business-scoped user ID).
     */
    customer: string;
    /**
     * The recipient as given (what the message is sent to).
     */
    to: string;
    /**
     * The id of the workstream serving the business number.
     */
    workstreamId: string;
    /**
     * Its index in `config.workstreams`.
     */
    workstreamIndex: number;
    /**
     * Whether the business number is Twilio's sandbox number and the configuration is in sandbox
     * mode (the sandbox's join rules apply).
     */
    sandbox: boolean;
}

/**
 * Why a request with a settings header cannot verify.
 */
export type SignatureRefusal = "unsupportedAlgorithm" | "noSharedKey";

/**
 * Why a template may not be sent now.
 */
export interface Reason {
    /**
     * `TEMPLATE_NOT_APPROVED`, `TEMPLATE_SESSION_ONLY`, `TEMPLATE_APPROVAL_REQUIRED`,
     * `TEMPLATE_PAUSED`, `TEMPLATE_DISABLED` or `CONTENT_TYPE_UNKNOWN`.
     */
    code: "TEMPLATE_NOT_APPROVED" | "TEMPLATE_SESSION_ONLY" | "TEMPLATE_APPROVAL_REQUIRED" | "TEMPLATE_PAUSED" | "TEMPLATE_DISABLED" | "CONTENT_TYPE_UNKNOWN";
    /**
     * What to tell the agent.
     */
    message: string;
    /**
     * The Twilio error the send would fail with, where one is documented (63016), else null.
     */
    twilioError: number | null;
}

/**
 * `{ referralAt, repliedAt? }`: the referral message and the business's first reply.
 */
export interface EntryPointInput {
    /**
     * The customer's message that carried the `Referral*` parameters.
     */
    referralAt: Instant;
    /**
     * The business's first reply to it, if any.
     */
    repliedAt?: Instant | null;
}


/**
 * The registered templates, indexed once: match typed text, select by language, render by SID.
 * Call `.free()` when done with it (it lives in wasm memory).
 */
export class TemplateRegistry {
    free(): void;
    /**
     * The template with this Content SID (either case), or `undefined`.
     */
    get(sid: string): Template | undefined;
    /**
     * Every template `text` could be a rendering of, most specific first, with the values
     * (leftmost-shortest split; `\r\n` = `\n`; trailing whitespace ignored). `[]` when none.
     * Throws `INPUT_TOO_LARGE` past 16,384 characters.
     */
    match(text: string): TemplateMatch[];
    /**
     * Builds the registry from an array of templates (at most 50,000 and 16 MiB of strings in
     * all). Throws `TEMPLATES_INVALID`
     * listing every problem (paths `[i].field`: rules of `validateTemplate`, duplicate SIDs,
     * duplicate name + language), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
     */
    constructor(templates: Template[] | ContentTemplate[]);
    /**
     * Renders the template with this SID (see `renderTemplate`). Throws `TEMPLATE_NOT_FOUND`,
     * `VARIABLES_INVALID`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
     */
    render(sid: string, variables: TemplateVariables): RenderedTemplate;
    /**
     * The template named `name` for a customer locale: exact locale, then base language, then
     * `defaultLanguage`. Locales may be `pt-BR`/`pt_br`; either may be null/undefined. Throws
     * `TEMPLATE_NOT_FOUND`, `TEMPLATE_LANGUAGE_UNAVAILABLE` (lists what was tried),
     * `LOCALE_INVALID`.
     */
    select(name: string, language: string | null | undefined, defaultLanguage: string | null | undefined): TemplateSelection;
    /**
     * Content registries: what may be sent now (`sendable`: the templates) and, for every other
     * template, why not (`refused`: `{ sid, name, language, reasons }`), by Twilio's approval
     * chart with the window open or closed. `[]` / `[]` for a registry of SID + body templates.
     * Throws `INVALID_ARGUMENT` without a boolean `windowOpen`.
     */
    sendable(options: { windowOpen: boolean }): SendableTemplates;
    /**
     * Number of templates.
     */
    readonly size: number;
}

/**
 * The inbound callback URL to paste into Twilio (`<base>/twilio/inbound`), from `baseUrl` or
 * else the config's `callbackBaseUrl`. Throws `CALLBACK_BASE_URL_MISSING`,
 * `CALLBACK_BASE_URL_INVALID`, `CONFIG_SHAPE_INVALID`.
 */
export function callbackUrl(config: Config, baseUrl?: string | null): string;

/**
 * The verdict on an agent's outbound attachment or a customer's inbound one. Never throws on a
 * refused attachment (that is a verdict); throws `INVALID_ARGUMENT` on a malformed input.
 */
export function checkAttachment(input: CheckAttachmentInput): AttachmentVerdict;

/**
 * Composes an outbound WhatsApp message: every rule applied (window, permissions, media, number,
 * template variables, From ≠ To, marketing to +1, sandbox). Returns Twilio's exact Messages API
 * parameters (with `StatusCallback` when the number's settings ask for status callbacks), or
 * throws `OUTBOUND_REJECTED` with ALL violations (`problems`, each with `code` and `path`).
 * The conversation is given as `lastInboundAt`, its `events` (as `conversationState` takes them)
 * or its `state` (what `conversationState` returned), at most one of them.
 */
export function composeOutbound(input: ComposeOutboundInput): MessageParams;

/**
 * Computes the `X-Twilio-Signature` Twilio would send (tests, tooling): auth token or SharedKey
 * secret, HMAC-SHA1 or HMAC-SHA256, params or a raw body.
 */
export function computeSignature(request: ComputeSignatureRequest): string;

/**
 * The customer service window of a conversation from its events (any order), and with a
 * `workstream` what its agents may send. Throws the errors of `windowState` with paths such as
 * `events[3].at`, `EVENT_DIRECTION_INVALID`, `EVENT_KIND_INVALID`, and `INPUT_TOO_LARGE` past
 * 100,000 events (checked before the events are read).
 */
export function conversationState(input: ConversationStateInput): ConversationState;

/**
 * Decodes an `application/x-www-form-urlencoded` body into `[name, value]` pairs, in order,
 * repeats kept; a leading `?` (a query string) is dropped, as `URLSearchParams` does. Throws `FORM_INVALID_UTF8`, `INPUT_TOO_LARGE` (past 64 KiB or 1,000
 * parameters) or `INVALID_ARGUMENT` (not a string).
 */
export function decodeForm(body: string): Array<[string, string]>;

/**
 * Explains a verdict: the settings header as read, candidates tried, body-hash check, which
 * other secret or algorithm would have verified it, and which variation (scheme, trailing
 * slash, query, params, body handling) would have matched. Never changes the verdict and never
 * includes a secret.
 */
export function explainSignature(request: SignatureRequest): SignatureReport;

/**
 * Formats a strict E.164 number as a WhatsApp address (`whatsapp:+14155238886`).
 */
export function formatWhatsAppAddress(number: string): string;

/**
 * Whether an inbound body is the sandbox's `join <keyword>` command.
 */
export function isSandboxJoin(body: string): boolean;

/**
 * Whether `code` is exactly one of WhatsApp's template language codes (`en`, `pt_BR`, …).
 * Throws `INVALID_ARGUMENT` for a non-string.
 */
export function isWhatsAppLanguage(code: string): boolean;

/**
 * Normalises a typed or pasted number into E.164 (full-width and Arabic-Indic digits, bidi
 * marks, `tel:` URIs, `00` / the region's international prefix, …); national numbers need
 * `defaultRegion` (`"GB"`). An extension is returned as `extension`.
 */
export function normalizeE164(input: string, default_region?: string | null): NumberInfo;

/**
 * Normalises a locale to WhatsApp's `ll_CC` form (`pt-BR`, `pt_br` → `pt_BR`). Throws
 * `LOCALE_INVALID`.
 */
export function normalizeLocale(locale: string): string;

/**
 * Reads Twilio Content API JSON: a `GET /v1/ContentAndApprovals` page, an array of pages, an
 * array of items or one item (as objects, or as JSON text). Returns `{ templates, problems }`.
 * Throws `CONTENT_API_INVALID` (not a page), `INPUT_TOO_LARGE` (16 MiB, 50,000 templates).
 */
export function parseContentApi(input: unknown): ContentImport;

/**
 * Reads a customer address: `whatsapp:+…` / `+…` (E.164 or WhatsApp's own forms, e.g. Mexico's
 * `+521…`) or a business-scoped user ID. Throws `CUSTOMER_ADDRESS_INVALID` or `E164_*`.
 */
export function parseCustomer(address: string): Customer;

/**
 * Parses a strict E.164 number (`+14155238886`). Throws `E164_*` codes.
 */
export function parseE164(input: string): NumberInfo;

/**
 * Parses an inbound message webhook: the form-encoded body, `[name, value]` pairs (e.g.
 * `decodeForm(body)`), or an object of strings. Throws `INBOUND_INVALID` with every problem.
 */
export function parseInbound(input: WebhookParams): Inbound;

/**
 * Parses a message status callback. Throws `STATUS_INVALID` with every problem.
 */
export function parseStatusCallback(input: WebhookParams): StatusCallback;

/**
 * Parses a WhatsApp address `whatsapp:+E164`.
 */
export function parseWhatsAppAddress(input: string): NumberInfo;

/**
 * The config for display: a copy whose auth tokens, when set, read `"[REDACTED]"`.
 */
export function redactConfig(config: Config): Config;

/**
 * Renders a template with values (array in placeholder order, or `{ "1": … }`) and returns
 * `{ text, contentVariables, contentSid }`. Throws `TEMPLATE_INVALID`, `VARIABLES_INVALID`
 * (with `problems`), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
 */
export function renderTemplate(template: Template | ContentTemplate, variables: TemplateVariables): RenderedTemplate | RenderedContent;

/**
 * Whether two customer addresses are the same customer (equal canonical keys):
 * `sameCustomer("+5215512345678", "whatsapp:+525512345678") === true`.
 */
export function sameCustomer(a: string, b: string): boolean;

/**
 * A user's Twilio sandbox session at `now` (default: `Date.now()`) from the evidence: a `join`
 * message seen (known), other inbound messages through the sandbox number (inferred), a 63015
 * answer (not joined). Instants out are epoch milliseconds.
 */
export function sandboxState(input: SandboxStateInput): SandboxState;

/**
 * Who an agent's send goes between: `to` (the customer, as an agent names them) and the business
 * side, by `from` (a configured business number) or `workstream` (an id; `from` wins). →
 * `SendTarget` `{ business, customer (the conversation key), to, workstreamId, workstreamIndex,
 * sandbox }`. Throws, each at its field: `PARAMETER_MISSING`, `E164_*`,
 * `WHATSAPP_ADDRESS_INVALID`, `NUMBER_NOT_CONFIGURED`, `WORKSTREAM_NOT_FOUND`,
 * `CONFIG_SHAPE_INVALID`, `INVALID_ARGUMENT`, `INPUT_TOO_LARGE`.
 */
export function sendTarget(config: Config, to?: string | null, from?: string | null, workstream?: string | null): SendTarget;

/**
 * The URL Twilio signed for a webhook received at `requestUrl`: with `callbackBaseUrl` (the
 * public base behind a proxy or tunnel) its origin replaces the received one; the path and query
 * stay as received, byte for byte. Throws `URL_NOT_ABSOLUTE`, `CALLBACK_BASE_URL_INVALID`,
 * `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
 */
export function signedUrl(requestUrl: string, callbackBaseUrl?: string | null): string;

/**
 * The status-callback URL of an agent send: `<callbackBaseUrl or the request's origin>/twilio/status`,
 * plus `?send=<sendKey>` (percent-encoded) when a key is given. Throws as `signedUrl`.
 */
export function statusCallbackUrl(requestUrl: string, callbackBaseUrl?: string | null, sendKey?: string | null): string;

/**
 * A status's place along a message's life (0 scheduled … 7 read; inbound: 1 receiving, 2
 * received): a status never replaces one of a higher rank as the current one, so callbacks that
 * arrive out of order are ordered by it. Throws `STATUS_UNKNOWN`.
 */
export function statusRank(status: MessageStatus): number;

/**
 * Where a Content template may be sent now (Twilio's approval chart): `{ allowed, reasons }`.
 * `options.windowOpen` (boolean) says whether the customer's 24-hour window is open. Throws
 * `INVALID_ARGUMENT` for a template that is not an object or a missing `windowOpen`.
 */
export function templateEligibility(template: ContentTemplate, options: { windowOpen: boolean }): TemplateEligibility;

/**
 * The twilio SDK's `client.messages.create` options for `composeOutbound`'s Messages API
 * parameters (REST names → the SDK's: `To` → `to`, `ContentSid` → `contentSid`, `MediaUrl` →
 * `mediaUrl: [url]`, `StatusCallback` → `statusCallback`, …). Throws `INVALID_ARGUMENT` at a
 * parameter that is not one of them.
 */
export function toMessagesCreate(params: MessageParams): MessagesCreateOptions;

/**
 * Changes the settings of one number (E.164, as configured): a new, valid config (a copy of the
 * argument with that number's `settings` replaced), or throws `CONFIG_INVALID` with every
 * problem (nothing applied), `NUMBER_NOT_FOUND`, `CONFIG_SHAPE_INVALID`, `INVALID_ARGUMENT`
 * (patch shape).
 */
export function updateNumberSettings(config: Config, number: string, patch: NumberSettingsPatch): Config;

/**
 * Validates a configuration: `{ valid, problems }`, every problem with a `code` and the JSON
 * `path` of the offending field (`workstreams[2].templates[0].sid`). Shape problems (a field of
 * the wrong type, missing or unknown) are problems too (`CONFIG_SHAPE_INVALID`, every one); the
 * rules are checked once the shape is right. Throws only for what is not a config at all: not
 * a plain object (`CONFIG_SHAPE_INVALID`), or past a size limit (`INPUT_TOO_LARGE`).
 */
export function validateConfig(config: unknown): ConfigValidation;

/**
 * Parses an inbound webhook and checks it against the configuration. Throws `INBOUND_INVALID`
 * or `INBOUND_REJECTED` (`ACCOUNT_MISMATCH`, `NUMBER_NOT_CONFIGURED`, …); refused attachments
 * are part of the result (`deliverMedia: false`, `mediaProblems`, `autoReply`).
 */
export function validateInbound(input: WebhookParams, config: Config): ValidatedInbound;

/**
 * Parses a status callback and checks it against the configuration (the configured account;
 * `From` and `To` present) → `{ status, business, customer }`: the business number and the
 * customer's canonical key, under which an edge worker files it. Throws `STATUS_INVALID`,
 * `ACCOUNT_MISMATCH` (path `AccountSid`), `CUSTOMER_ADDRESS_INVALID`.
 */
export function validateStatusCallback(input: WebhookParams, config: Config): ValidatedStatusCallback;

/**
 * Checks a template against WhatsApp's rules and returns `{ valid, problems, variableCount }`,
 * listing every problem (codes `TEMPLATE_*`, paths `body`/`sid`/`language`/`name`, body spans).
 * Throws `INVALID_ARGUMENT` only when the argument is not a template object.
 */
export function validateTemplate(template: Template): TemplateValidation;

/**
 * Verifies a Fetch API `Request` whole (Workers, Deno, Bun, Node 18+, service workers): reads
 * the method, URL, `X-Twilio-Signature`, `X-Twilio-Webhooks-Signature-Settings` and
 * `Content-Type` headers and a clone of the body (the caller can still read it), and answers the
 * verdict with the raw `body` and, for form bodies, the decoded `params`. `options.url`
 * overrides the URL when a proxy rewrote it. Rejects with a coded error (`INVALID_ARGUMENT`:
 * not a Request, or its body already read; `INPUT_TOO_LARGE`; the secrets' errors); never throws.
 */
export function verifyRequest(request: Request, options: VerifyRequestOptions): Promise<RequestVerdict>;

/**
 * Verifies a Twilio webhook's `X-Twilio-Signature`: with the auth tokens (HMAC-SHA1) when there
 * is no `X-Twilio-Webhooks-Signature-Settings` header, else with the SharedKey and algorithm it
 * names; twilio-node 6.3.1's URL candidates plus the documented extensions. An invalid or
 * missing signature is `{ valid: false }`; throws `INVALID_ARGUMENT`, `AUTH_TOKEN_MISSING`,
 * `SHARED_KEY_MISSING` or `INPUT_TOO_LARGE` for bad arguments only.
 */
export function verifySignature(request: SignatureRequest): SignatureVerdict;

/**
 * The package version, from Cargo.toml.
 */
export function version(): string;

/**
 * The customer service window at `now` (default: `Date.now()`) from the customer's last inbound
 * message alone. Throws `INSTANT_INVALID`, `INSTANT_NO_OFFSET`, `INSTANT_OUT_OF_RANGE`,
 * `EVENT_IN_FUTURE`, `ENTRY_POINT_INCONSISTENT`, `INVALID_ARGUMENT`.
 */
export function windowState(input: WindowStateInput): WindowState;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_templateregistry_free: (a: number, b: number) => void;
    readonly callbackUrl: (a: any, b: any) => [number, number, number, number];
    readonly checkAttachment: (a: any) => [number, number, number];
    readonly composeOutbound: (a: any) => [number, number, number];
    readonly computeSignature: (a: any) => [number, number, number, number];
    readonly conversationState: (a: any) => [number, number, number];
    readonly decodeForm: (a: any) => [number, number, number];
    readonly explainSignature: (a: any) => [number, number, number];
    readonly formatWhatsAppAddress: (a: any) => [number, number, number, number];
    readonly isSandboxJoin: (a: any) => [number, number, number];
    readonly isWhatsAppLanguage: (a: any) => [number, number, number];
    readonly normalizeE164: (a: any, b: any) => [number, number, number];
    readonly normalizeLocale: (a: any) => [number, number, number, number];
    readonly parseContentApi: (a: any) => [number, number, number];
    readonly parseCustomer: (a: any) => [number, number, number];
    readonly parseE164: (a: any) => [number, number, number];
    readonly parseInbound: (a: any) => [number, number, number];
    readonly parseStatusCallback: (a: any) => [number, number, number];
    readonly parseWhatsAppAddress: (a: any) => [number, number, number];
    readonly redactConfig: (a: any) => [number, number, number];
    readonly renderTemplate: (a: any, b: any) => [number, number, number];
    readonly sameCustomer: (a: any, b: any) => [number, number, number];
    readonly sandboxState: (a: any) => [number, number, number];
    readonly sendTarget: (a: any, b: any, c: any, d: any) => [number, number, number];
    readonly signedUrl: (a: any, b: any) => [number, number, number, number];
    readonly statusCallbackUrl: (a: any, b: any, c: any) => [number, number, number, number];
    readonly statusRank: (a: any) => [number, number, number];
    readonly templateEligibility: (a: any, b: any) => [number, number, number];
    readonly templateregistry_get: (a: number, b: any) => [number, number, number];
    readonly templateregistry_match: (a: number, b: any) => [number, number, number];
    readonly templateregistry_new: (a: any) => [number, number, number];
    readonly templateregistry_render: (a: number, b: any, c: any) => [number, number, number];
    readonly templateregistry_select: (a: number, b: any, c: any, d: any) => [number, number, number];
    readonly templateregistry_sendable: (a: number, b: any) => [number, number, number];
    readonly templateregistry_size: (a: number) => number;
    readonly toMessagesCreate: (a: any) => [number, number, number];
    readonly updateNumberSettings: (a: any, b: any, c: any) => [number, number, number];
    readonly validateConfig: (a: any) => [number, number, number];
    readonly validateInbound: (a: any, b: any) => [number, number, number];
    readonly validateStatusCallback: (a: any, b: any) => [number, number, number];
    readonly validateTemplate: (a: any) => [number, number, number];
    readonly verifyRequest: (a: any, b: any) => any;
    readonly verifySignature: (a: any) => [number, number, number];
    readonly version: () => [number, number];
    readonly windowState: (a: any) => [number, number, number];
    readonly wasm_bindgen__convert__closures_____invoke__hfba334ca231ac018: (a: number, b: number, c: any) => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_destroy_closure: (a: number, b: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;

/** Every documented error code (`WaGuardError.code`, `Problem.code`). */
export type ErrorCode = "ACCOUNT_MISMATCH" | "ACCOUNT_SID_INVALID" | "AGENT_ATTACHMENTS_NOT_ALLOWED" | "APPROVAL_STATUS_UNKNOWN" | "ATTACHMENTS_DISABLED" | "ATTACHMENT_REFUSED" | "AUTH_TOKEN_INVALID" | "AUTH_TOKEN_MISSING" | "AUTOMATED_MESSAGE_INVALID" | "BODY_TOO_LONG" | "CALLBACK_BASE_URL_INVALID" | "CALLBACK_BASE_URL_MISSING" | "CAPTION_NOT_ALLOWED" | "CAPTION_TOO_LONG" | "CONFIG_INVALID" | "CONFIG_SHAPE_INVALID" | "CONFIG_VERSION_UNSUPPORTED" | "CONTENT_ACTION_UNKNOWN" | "CONTENT_API_INVALID" | "CONTENT_FIELD_INVALID" | "CONTENT_FIELD_MISSING" | "CONTENT_FIELD_TOO_LONG" | "CONTENT_ITEM_COUNT" | "CONTENT_ITEM_INVALID" | "CONTENT_MEDIA_VARIABLE_POSITION" | "CONTENT_TYPE_UNKNOWN" | "CONTENT_URL_VARIABLE_POSITION" | "CONTENT_VARIABLE_NOT_ALLOWED" | "CUSTOMER_ADDRESS_INVALID" | "CUSTOMER_ATTACHMENTS_NOT_ALLOWED" | "DEFAULT_LANGUAGE_WITHOUT_TEMPLATE" | "E164_EMPTY" | "E164_EXTENSION" | "E164_IMPOSSIBLE_LENGTH" | "E164_INVALID_CHARACTER" | "E164_LEADING_ZERO" | "E164_MISSING_COUNTRY_CODE" | "E164_MISSING_PLUS" | "E164_TOO_LONG" | "E164_TOO_SHORT" | "E164_UNKNOWN_COUNTRY_CODE" | "E164_UNKNOWN_REGION" | "ENTRY_POINT_INCONSISTENT" | "EVENT_DIRECTION_INVALID" | "EVENT_IN_FUTURE" | "EVENT_KIND_INVALID" | "FORM_INVALID_UTF8" | "INBOUND_INVALID" | "INBOUND_REJECTED" | "INPUT_TOO_LARGE" | "INSTANT_INVALID" | "INSTANT_NO_OFFSET" | "INSTANT_OUT_OF_RANGE" | "INTERNAL" | "INVALID_ARGUMENT" | "LANGUAGE_UNSUPPORTED" | "LOCALE_INVALID" | "LOCATION_INVALID" | "MARKETING_TEMPLATES_NOT_DELIVERED" | "MARKETING_TEMPLATE_TO_US" | "MEDIA_PARAMETERS_INVALID" | "MEDIA_TOO_LARGE" | "MEDIA_TYPE_NOT_ALLOWED" | "MEDIA_URL_INVALID" | "MESSAGE_EMPTY" | "MESSAGING_SERVICE_SID_INVALID" | "NAME_EMPTY" | "NOT_INITIALIZED" | "NO_TEMPLATES" | "NO_TEMPLATE_FOR_LANGUAGE" | "NO_TEMPLATE_SENDABLE" | "NO_WORKSTREAM" | "NUMBER_DISABLED" | "NUMBER_DUPLICATE" | "NUMBER_NOT_CONFIGURED" | "NUMBER_NOT_FOUND" | "NUMBER_PARAMETER_INVALID" | "NUMBER_SHARED_BY_WORKSTREAMS" | "OUTBOUND_REJECTED" | "PARAMETER_DUPLICATE" | "PARAMETER_MISSING" | "REGISTRY_FREED" | "SAME_SENDER_AND_RECIPIENT" | "SANDBOX_JOIN_KEYWORD_INVALID" | "SANDBOX_NOT_ENABLED" | "SANDBOX_NOT_JOINED" | "SANDBOX_NUMBER_MISSING" | "SANDBOX_SESSION_EXPIRED" | "SHARED_KEY_MISSING" | "SID_INVALID" | "STATUS_CALLBACK_INVALID" | "STATUS_INVALID" | "STATUS_UNKNOWN" | "TEMPLATES_INVALID" | "TEMPLATE_APPROVAL_REQUIRED" | "TEMPLATE_BODY_EMPTY" | "TEMPLATE_BODY_TOO_LONG" | "TEMPLATE_CATEGORY_UNKNOWN" | "TEMPLATE_DISABLED" | "TEMPLATE_DUPLICATE_LANGUAGE" | "TEMPLATE_DUPLICATE_SID" | "TEMPLATE_INVALID" | "TEMPLATE_LANGUAGE_UNAVAILABLE" | "TEMPLATE_LANGUAGE_UNSUPPORTED" | "TEMPLATE_NAME_EMPTY" | "TEMPLATE_NOT_APPROVED" | "TEMPLATE_NOT_FOUND" | "TEMPLATE_PAUSED" | "TEMPLATE_PLACEHOLDERS_ADJACENT" | "TEMPLATE_PLACEHOLDER_AT_END" | "TEMPLATE_PLACEHOLDER_AT_START" | "TEMPLATE_PLACEHOLDER_EMPTY" | "TEMPLATE_PLACEHOLDER_INVALID_NUMBER" | "TEMPLATE_PLACEHOLDER_NAMED" | "TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL" | "TEMPLATE_PLACEHOLDER_SPACES" | "TEMPLATE_PLACEHOLDER_UNCLOSED" | "TEMPLATE_RENDERED_TOO_LONG" | "TEMPLATE_SESSION_ONLY" | "TEMPLATE_SID_INVALID" | "TEMPLATE_TOO_MANY_VARIABLES" | "TOO_MANY_MEDIA" | "URL_NOT_ABSOLUTE" | "VARIABLES_INVALID" | "VARIABLE_CODE_TOO_LONG" | "VARIABLE_EMPTY" | "VARIABLE_EXTRA" | "VARIABLE_MISSING" | "VARIABLE_NEWLINE" | "VARIABLE_TAB" | "VARIABLE_TOO_LONG" | "VARIABLE_TOO_MANY_SPACES" | "VARIABLE_URL_INVALID" | "WAID_MISMATCH" | "WHATSAPP_ADDRESS_INVALID" | "WINDOW_CLOSED" | "WORKSTREAM_ID_DUPLICATE" | "WORKSTREAM_ID_INVALID" | "WORKSTREAM_NOT_FOUND" | "WORKSTREAM_NUMBER_UNKNOWN";
/** Whether `e` is an error thrown by wa-guard. */
export function isWaGuardError(e: unknown): e is WaGuardError;
