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

// Generated (tsify, crate::message): InboundMedia, ButtonReply, Location, Referral, RepliedTo,
// Inbound, InboundVerdict, MessageStatus, StatusCallback, StatusVerdict. Hand-written: the webhook
// parameters (JS-only shapes), and the results the bindings assemble from two core values.
#[wasm_bindgen(typescript_custom_section)]
const TS_MESSAGE: &str = r#"
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

// Generated (tsify, crate::message): MessageParams, SdkCreateOptions. Hand-written: the input of
// `composeOutbound` (read by hand), and `MessagesCreateOptions`, whose `to` is always set (the
// core's field is an Option only for its builder).
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

/** The twilio SDK's `client.messages.create` options (names of its `MessageListInstanceCreateOptions`). */
export type MessagesCreateOptions = SdkCreateOptions & { to: string };
"#;
