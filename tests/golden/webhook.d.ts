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
 * How a configured secret differs from the one Twilio signed with (see `Alternative`).
 */
export type SignatureSecretFix = "trimmed" | "lowerCase";

/**
 * How the `X-Twilio-Signature` header looked.
 */
export type SignatureHeaderState = "wellFormed" | "missing" | "malformed";

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
 * The HMAC of a webhook signature.
 */
export type SignatureAlgorithm = "HMAC_SHA1" | "HMAC_SHA256";

/**
 * The URL variants tried, in order: twilio-node 6.3.1's six, then wa-guard's documented extras.
 */
export type SignatureCandidateKind = "withoutPort" | "withPort" | "normalizedWithoutPort" | "normalizedWithPort" | "legacyQueryWithoutPort" | "legacyQueryWithPort" | "credentialsStrippedWithoutPort" | "credentialsStrippedWithPort" | "fragmentStrippedWithoutPort" | "fragmentStrippedWithPort" | "credentialsAndFragmentStrippedWithoutPort" | "credentialsAndFragmentStrippedWithPort";

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
 * Why a request with a settings header cannot verify.
 */
export type SignatureRefusal = "unsupportedAlgorithm" | "noSharedKey";


/**
 * Computes the `X-Twilio-Signature` Twilio would send (tests, tooling): auth token or SharedKey
 * secret, HMAC-SHA1 or HMAC-SHA256, params or a raw body.
 */
export function computeSignature(request: ComputeSignatureRequest): string;

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

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly computeSignature: (a: any) => [number, number, number, number];
    readonly decodeForm: (a: any) => [number, number, number];
    readonly explainSignature: (a: any) => [number, number, number];
    readonly verifyRequest: (a: any, b: any) => any;
    readonly verifySignature: (a: any) => [number, number, number];
    readonly version: () => [number, number];
    readonly wasm_bindgen__convert__closures_____invoke__h37c478c72ec2e9f3: (a: number, b: number, c: any) => [number, number, number];
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
