//! JS bindings of [`crate::message`].

use super::{from_js, throw, to_js};
use crate::config::Config;
use crate::error::{Error, INVALID_ARGUMENT};
use crate::message::{Inbound, InboundVerdict};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Reads webhook parameters: a form-encoded body string, `[name, value]` pairs, or an object.
fn params(v: JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if let Some(body) = v.as_string() {
        return throw(crate::form::decode(&body));
    }
    if js_sys::Array::is_array(&v) {
        let mut out = Vec::new();
        for (i, pair) in js_sys::Array::from(&v).iter().enumerate() {
            let (k, val) = (
                js_sys::Reflect::get(&pair, &JsValue::from(0))
                    .ok()
                    .and_then(|k| k.as_string()),
                js_sys::Reflect::get(&pair, &JsValue::from(1))
                    .ok()
                    .and_then(|v| v.as_string()),
            );
            match (pair.is_object(), k, val) {
                (true, Some(k), Some(val)) => out.push((k, val)),
                _ => {
                    return Err(super::media::read::bad(
                        &format!("params[{i}]"),
                        "a [name, value] pair of strings",
                    ))
                }
            }
            if out.len() > crate::message::MAX_PARAMS {
                break;
            }
        }
        return Ok(out);
    }
    if !v.is_object() {
        return Err(super::js_error(
            &Error::new(
                INVALID_ARGUMENT,
                "params must be a form body, [name, value] pairs or an object of strings",
            )
            .at("params"),
        ));
    }
    let mut out = Vec::new();
    for entry in js_sys::Object::entries(v.unchecked_ref::<js_sys::Object>()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (k, val) = (pair.get(0).as_string(), pair.get(1).as_string());
        match (k, val) {
            (Some(k), Some(val)) => out.push((k, val)),
            (Some(k), None) => {
                return Err(super::js_error(
                    &Error::new(INVALID_ARGUMENT, format!("params.{k} must be a string"))
                        .at(format!("params.{k}")),
                ))
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Parses an inbound message webhook: the form-encoded body, `[name, value]` pairs (e.g.
/// `decodeForm(body)`), or an object of strings. Throws `INBOUND_INVALID` with every problem.
#[wasm_bindgen(js_name = parseInbound, unchecked_return_type = "Inbound")]
pub fn parse_inbound(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&throw(crate::message::parse_inbound(&params(input)?))?)
}

/// `validateInbound`'s result: the verdict's fields beside the message (by hand: `flatten` costs
/// kilobytes of wasm).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Validated {
    inbound: Inbound,
    workstream_id: String,
    sandbox: bool,
    deliver_media: bool,
    media_problems: Vec<crate::Error>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_reply: Option<String>,
}

impl Validated {
    fn new(inbound: Inbound, v: InboundVerdict) -> Self {
        Validated {
            inbound,
            workstream_id: v.workstream_id,
            sandbox: v.sandbox,
            deliver_media: v.deliver_media,
            media_problems: v.media_problems,
            auto_reply: v.auto_reply,
        }
    }
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
    let config: Config = from_js(config, "config")?;
    let inbound = throw(crate::message::parse_inbound(&p))?;
    let verdict = throw(crate::message::validate_inbound(&inbound, &config))?;
    to_js(&Validated::new(inbound, verdict))
}

/// Parses a message status callback. Throws `STATUS_INVALID` with every problem.
#[wasm_bindgen(js_name = parseStatusCallback, unchecked_return_type = "StatusCallback")]
pub fn parse_status_callback(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&throw(crate::message::parse_status(&params(input)?))?)
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
  /** The customer, E.164. */
  from: string;
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
  from?: string;
  to?: string;
  errorCode?: number;
  errorMessage?: string;
  channelPrefix?: string;
  channelToAddress?: string;
  eventType?: string;
  extra: Record<string, string>;
}
"#;

/// Composes an outbound WhatsApp message: every rule applied (window, permissions, media, number,
/// template variables, From ≠ To, marketing to +1, sandbox). Returns Twilio's exact Messages API
/// parameters, or throws `OUTBOUND_REJECTED` with ALL violations (`problems`, each with `code`
/// and `path`).
#[wasm_bindgen(js_name = composeOutbound, unchecked_return_type = "MessageParams")]
pub fn compose_outbound(
    #[wasm_bindgen(unchecked_param_type = "ComposeOutboundInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    use super::media::read;
    read::object(&input, "input")?;
    read::known_keys(
        &input,
        &[
            "config",
            "workstreamId",
            "to",
            "lastInboundAt",
            "sandboxJoinedAt",
            "now",
            "content",
        ],
        "",
    )?;
    let config: Config = from_js(read::field(&input, "config"), "config")?;
    let c = read::field(&input, "content");
    read::object(&c, "content")?;
    read::known_keys(&c, &["body", "media", "sid", "variables"], "content")?;
    let sid = read::opt_string(&read::field(&c, "sid"), "content.sid")?;
    let body = read::opt_string(&read::field(&c, "body"), "content.body")?;
    let media = read::media(&read::field(&c, "media"), "content.media")?;
    let variables = read::strings(&read::field(&c, "variables"), "content.variables")?;
    let content = match (sid, body) {
        (Some(sid), None) if media.is_empty() => crate::message::Content::Template { sid, variables },
        (None, body) if variables.is_empty() => crate::message::Content::Text {
            body: body.unwrap_or_default(),
            media,
        },
        _ => {
            return Err(super::js_error(
                &Error::new(
                    INVALID_ARGUMENT,
                    "content is either { body, media } (free-form) or { sid, variables } (a template), not both",
                )
                .at("content"),
            ))
        }
    };
    let req = crate::message::OutboundRequest {
        workstream_id: read::string(&read::field(&input, "workstreamId"), "workstreamId")?,
        to: read::string(&read::field(&input, "to"), "to")?,
        last_inbound_at: read::instant(&read::field(&input, "lastInboundAt"), "lastInboundAt")?,
        sandbox_joined_at: read::instant(
            &read::field(&input, "sandboxJoinedAt"),
            "sandboxJoinedAt",
        )?,
        content,
        now: read::instant(&read::field(&input, "now"), "now")?.unwrap_or_else(super::now_ms),
    };
    to_js(&throw(crate::message::compose_outbound(&config, &req))?)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_COMPOSE: &str = r#"
/** Free-form content (only inside the 24-hour window): a body and/or one media item (with its URL). */
export interface TextContent { body?: string; media?: MediaItem | MediaItem[]; }
/** A template of the workstream by Content SID, with values in placeholder order. */
export interface TemplateContent { sid: string; variables?: string[]; }

export interface ComposeOutboundInput {
  config: Config;
  workstreamId: string;
  /** The customer: `+E164` or `whatsapp:+E164`. */
  to: string;
  /** The customer's last inbound message; `null`/absent when they never wrote. */
  lastInboundAt?: Instant | null;
  /** Sandbox mode: when the customer sent `join <keyword>`. */
  sandboxJoinedAt?: Instant | null;
  /** Defaults to `Date.now()`. */
  now?: Instant | null;
  content: TextContent | TemplateContent;
}

/** The exact parameters of Twilio's Messages API, in Twilio's names. */
export interface MessageParams {
  To: string;
  From?: string;
  MessagingServiceSid?: string;
  Body?: string;
  ContentSid?: string;
  /** A JSON string: `{"1":"Ana"}`. */
  ContentVariables?: string;
  MediaUrl?: string;
}
"#;
