//! JS bindings of [`crate::message`].

use super::out;
use super::read::{invalid, read, Arg, ComposeInput, Params};
use super::{throw, to_js};
use crate::config::Config;
use crate::message::{Inbound, StatusCallback};
use crate::Problem;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `validateInbound`'s result: the message and the core's verdict on it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValidatedInbound<'a> {
    inbound: &'a Inbound,
    workstream_id: &'a str,
    sandbox: bool,
    deliver_media: bool,
    media_problems: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_reply: Option<&'a str>,
}

/// `validateStatusCallback`'s result: the callback and where it is filed.
#[derive(Serialize)]
struct ValidatedStatus<'a> {
    status: &'a StatusCallback,
    business: &'a str,
    customer: &'a str,
}

/// A `config` argument (a shape error is `INVALID_ARGUMENT` at the path of the bad value).
const CONFIG_ARG: Arg = invalid("config");

/// The `input` argument of `composeOutbound`.
const INPUT_ARG: Arg = invalid("input");

/// Webhook parameters (a form body, `[name, value]` pairs or an object of strings).
fn params(v: JsValue) -> Result<Vec<(String, String)>, JsValue> {
    read::<Params>(invalid("params"), v, "params").map(|p| p.0)
}

/// Parses an inbound message webhook: the form-encoded body, `[name, value]` pairs (e.g.
/// `decodeForm(body)`), or an object of strings. Throws `INBOUND_INVALID` with every problem.
#[wasm_bindgen(js_name = parseInbound, unchecked_return_type = "Inbound")]
pub fn parse_inbound(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&throw(crate::message::parse_inbound(&params(input)?))?)
}

/// Parses an inbound webhook and checks it against the configuration. Throws `INBOUND_INVALID`
/// or `INBOUND_REJECTED` (`ACCOUNT_MISMATCH`, `NUMBER_NOT_CONFIGURED`, …); refused attachments
/// are part of the result (`deliverMedia: false`, `mediaProblems`, `autoReply`).
#[wasm_bindgen(js_name = validateInbound, unchecked_return_type = "ValidatedInbound")]
pub fn validate_inbound(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let p = params(input)?;
    let config: Config = read(CONFIG_ARG, config, "")?;
    let inbound = throw(crate::message::parse_inbound(&p))?;
    let v = throw(crate::message::validate_inbound(&inbound, &config))?;
    to_js(&ValidatedInbound {
        inbound: &inbound,
        workstream_id: &v.workstream_id,
        sandbox: v.sandbox,
        deliver_media: v.deliver_media,
        media_problems: &v.media_problems,
        auto_reply: v.auto_reply.as_deref(),
    })
}

/// Parses a message status callback. Throws `STATUS_INVALID` with every problem.
#[wasm_bindgen(js_name = parseStatusCallback, unchecked_return_type = "StatusCallback")]
pub fn parse_status_callback(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = throw(crate::message::parse_status(&params(input)?))?;
    to_js(&s)
}

/// Parses a status callback and checks it against the configuration (the configured account;
/// `From` and `To` present) → `{ status, business, customer }`: the business number and the
/// customer's canonical key, under which an edge worker files it. Throws `STATUS_INVALID`,
/// `ACCOUNT_MISMATCH` (path `AccountSid`), `CUSTOMER_ADDRESS_INVALID`.
#[wasm_bindgen(js_name = validateStatusCallback, unchecked_return_type = "ValidatedStatusCallback")]
pub fn validate_status_callback(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let p = params(input)?;
    let config: Config = read(CONFIG_ARG, config, "")?;
    let s = throw(crate::message::parse_status(&p))?;
    let v = throw(crate::message::validate_status(&s, &config))?;
    to_js(&ValidatedStatus {
        status: &s,
        business: &v.business,
        customer: &v.customer,
    })
}

/// A status's place along a message's life (0 scheduled … 7 read; inbound: 1 receiving, 2
/// received): a status never replaces one of a higher rank as the current one, so callbacks that
/// arrive out of order are ordered by it. Throws `STATUS_UNKNOWN`.
#[wasm_bindgen(js_name = statusRank)]
pub fn status_rank(
    #[wasm_bindgen(unchecked_param_type = "MessageStatus")] status: JsValue,
) -> Result<u8, JsValue> {
    let s = super::string_arg(&status, "status", 64)?;
    throw(crate::message::status_rank(&s))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_MESSAGE: &str = r#"
/** Webhook parameters: the form-encoded body, `[name, value]` pairs, or an object of strings. */
export type WebhookParams = string | Array<[string, string]> | Record<string, string>;

export interface InboundMedia { url: string; contentType: string; kind?: MediaKind; }
export interface ButtonReply { payload?: string; text?: string; type?: string; }
export interface Location { latitude: string; longitude: string; address?: string; label?: string; }
/** The ad / Page button the conversation came from (`Referral*`): starts the free entry point window. */
export interface Referral {
  body?: string; headline?: string; sourceId?: string; sourceType?: string; sourceUrl?: string;
  mediaId?: string; mediaContentType?: string; mediaUrl?: string; numMedia?: string; ctwaClid?: string;
}
export interface RepliedTo { sid: string; sender?: string; }

/** A parsed inbound WhatsApp message webhook. */
export interface Inbound {
  messageSid: string;
  accountSid: string;
  messagingServiceSid?: string;
  /** The customer as received, without `whatsapp:`: their number (WhatsApp's own forms kept,
   * e.g. Mexico's `+521…`), or their business-scoped user ID (`US.1349…`). */
  from: string;
  /** Who the customer is; `customer.canonical` is the conversation key. */
  customer: Customer;
  /** The business number, E.164. */
  to: string;
  body: string;
  profileName?: string;
  waId?: string;
  /** `MessageType`, or derived: `text`, `image`, `location`, `button`, … */
  messageType: string;
  media: InboundMedia[];
  numSegments?: number;
  button?: ButtonReply;
  interactiveData?: string;
  flowData?: string;
  channelMetadata?: string;
  location?: Location;
  referral?: Referral;
  repliedTo?: RepliedTo;
  forwarded: boolean;
  frequentlyForwarded: boolean;
  smsStatus?: string;
  apiVersion?: string;
  externalUserId?: string;
  /** Every other parameter, kept as sent. */
  extra: Record<string, string>;
}

/** `validateInbound`'s result: the message and what to do with it. */
export interface ValidatedInbound {
  inbound: Inbound;
  workstreamId: string;
  sandbox: boolean;
  /** The customer's attachments may be shown to the agent. */
  deliverMedia: boolean;
  /** Why not (`CUSTOMER_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED`, …). */
  mediaProblems: Problem[];
  /** The workstream's automated reply to send when attachments were refused. */
  autoReply?: string;
}

export type MessageStatus = "queued" | "sending" | "sent" | "failed" | "delivered" | "undelivered"
  | "receiving" | "received" | "accepted" | "scheduled" | "read" | "partially_delivered" | "canceled";

export interface StatusCallback {
  messageSid: string;
  accountSid: string;
  status: MessageStatus;
  /** The business number, E.164 (`From` without `whatsapp:`), as `Inbound.to`. */
  from?: string;
  /** The customer, E.164 (`To` without `whatsapp:`), as `Inbound.from`. */
  to?: string;
  /** `From` as sent: `whatsapp:+14155238886`. */
  fromAddress?: string;
  /** `To` as sent: `whatsapp:+447400123456`. */
  toAddress?: string;
  errorCode?: number;
  errorMessage?: string;
  channelPrefix?: string;
  channelToAddress?: string;
  eventType?: string;
  extra: Record<string, string>;
}

/** `validateStatusCallback`'s answer: the parsed callback and where it is filed. */
export interface ValidatedStatusCallback {
  status: StatusCallback;
  /** The business number that sent the message (`From`), E.164. */
  business: string;
  /** The customer's canonical key (`parseCustomer(To).canonical`): the conversation it belongs to. */
  customer: string;
}
"#;

/// Composes an outbound WhatsApp message: every rule applied (window, permissions, media, number,
/// template variables, From ≠ To, marketing to +1, sandbox). Returns Twilio's exact Messages API
/// parameters (with `StatusCallback` when the number's settings ask for status callbacks), or
/// throws `OUTBOUND_REJECTED` with ALL violations (`problems`, each with `code` and `path`).
/// The conversation is given as `lastInboundAt`, its `events` (as `conversationState` takes them)
/// or its `state` (what `conversationState` returned), at most one of them.
#[wasm_bindgen(js_name = composeOutbound, unchecked_return_type = "MessageParams")]
pub fn compose_outbound(
    #[wasm_bindgen(unchecked_param_type = "ComposeOutboundInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let i: ComposeInput = read(INPUT_ARG, input, "")?;
    let p = throw(crate::message::compose_outbound(&i.config, &i.request))?;
    super::parse_json(&out::str_map(p.pairs()))
}

/// The twilio SDK's `client.messages.create` options for `composeOutbound`'s Messages API
/// parameters (REST names → the SDK's: `To` → `to`, `ContentSid` → `contentSid`, `MediaUrl` →
/// `mediaUrl: [url]`, `StatusCallback` → `statusCallback`, …). Throws `INVALID_ARGUMENT` at a
/// parameter that is not one of them.
#[wasm_bindgen(js_name = toMessagesCreate, unchecked_return_type = "MessagesCreateOptions")]
pub fn to_messages_create(
    #[wasm_bindgen(unchecked_param_type = "MessageParams")] params: JsValue,
) -> Result<JsValue, JsValue> {
    let o = throw(crate::message::messages_create_options(&self::params(
        params,
    )?))?;
    to_js(&o)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_COMPOSE: &str = r#"
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

/** The exact parameters of Twilio's Messages API, in Twilio's names (POST them as a form, or
 * turn them into the twilio SDK's options with `toMessagesCreate`). */
export interface MessageParams {
  To: string;
  From?: string;
  MessagingServiceSid?: string;
  Body?: string;
  ContentSid?: string;
  /** A JSON string: `{"1":"Ana"}`. */
  ContentVariables?: string;
  MediaUrl?: string;
  /** Where Twilio posts status callbacks: set when the number's `settings.statusCallbacks` is on
   * (the default) and a URL is known (`statusCallback`, or the config's `callbackBaseUrl` +
   * `/twilio/status`). */
  StatusCallback?: string;
}

/** The twilio SDK's `client.messages.create` options (names of its `MessageListInstanceCreateOptions`). */
export interface MessagesCreateOptions {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  mediaUrl?: string[];
  statusCallback?: string;
}
"#;
