//! JS bindings of [`crate::message`].

use super::out::{self, JsonObject};
use super::{threw, throw, to_json};
use crate::config::Config;
use crate::error::{Error, INVALID_ARGUMENT};
use crate::message::Inbound;
use wasm_bindgen::prelude::*;

/// A `config` argument (a shape error is `INVALID_ARGUMENT` at the path of the bad value).
const CONFIG_ARG: super::read::Arg = super::read::Arg {
    code: crate::error::INVALID_ARGUMENT,
    name: "config",
};

/// The `input` argument of `composeOutbound`.
const INPUT_ARG: super::read::Arg = super::read::Arg {
    code: crate::error::INVALID_ARGUMENT,
    name: "input",
};

/// Reads webhook parameters: a form-encoded body string, `[name, value]` pairs, or an object of
/// strings. At most [`crate::message::MAX_PARAMS`] + 1 are read (the core refuses more); strings
/// are capped like every string read from JS.
fn params(v: JsValue) -> Result<Vec<(String, String)>, JsValue> {
    use super::read::MAX_STRING_BYTES;
    let bad = |path: &str, what: &str| {
        super::js_error(&Error::new(INVALID_ARGUMENT, format!("{path} must be {what}")).at(path))
    };
    let text = |v: &JsValue, path: &dyn Fn() -> String| -> Result<String, JsValue> {
        if v.is_string() {
            super::string_arg(v, &path(), MAX_STRING_BYTES)
        } else {
            Err(bad(&path(), "a string"))
        }
    };
    if v.is_string() {
        let body = super::string_arg(&v, "params", crate::form::MAX_FORM_BYTES)?;
        return throw(crate::form::decode(&body));
    }
    let mut out = Vec::new();
    if js_sys::Array::is_array(&v) {
        // One item past the limit is read, so that the core reports it.
        let len = super::array_len(&v).ok_or_else(|| threw("params"))?;
        let n = len.min(crate::message::MAX_PARAMS + 1);
        let pairs = super::array_items(&v, n).map_err(|i| threw(&format!("params[{i}]")))?;
        for (i, pair) in pairs.into_iter().enumerate() {
            if !js_sys::Array::is_array(&pair) {
                return Err(bad(
                    &format!("params[{i}]"),
                    "a [name, value] pair of strings",
                ));
            }
            let item = |j: u32| {
                js_sys::Reflect::get_u32(&pair, j).map_err(|_| threw(&format!("params[{i}][{j}]")))
            };
            let k = text(&item(0)?, &|| format!("params[{i}][0]"))?;
            let val = text(&item(1)?, &|| format!("params[{i}][1]"))?;
            out.push((k, val));
        }
    } else if v.is_object() {
        let entries = super::entries(&v).ok_or_else(|| threw("params"))?;
        for (k, val) in entries.into_iter().take(crate::message::MAX_PARAMS + 1) {
            let k = text(&k, &|| "params".to_string())?;
            let val = text(&val, &|| format!("params.{k}"))?;
            out.push((k, val));
        }
    } else {
        return Err(bad(
            "params",
            "a form body, [name, value] pairs or an object of strings",
        ));
    }
    Ok(out)
}

/// Parses an inbound message webhook: the form-encoded body, `[name, value]` pairs (e.g.
/// `decodeForm(body)`), or an object of strings. Throws `INBOUND_INVALID` with every problem.
#[wasm_bindgen(js_name = parseInbound, unchecked_return_type = "Inbound")]
pub fn parse_inbound(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    super::parse_json(&inbound_json(&throw(crate::message::parse_inbound(
        &params(input)?,
    ))?))
}

/// An [`Inbound`] as the JSON text of a plain object (camelCase, absent fields left out).
fn inbound_json(m: &Inbound) -> String {
    let mut o = JsonObject::new();
    o.str("messageSid", &m.message_sid);
    o.str("accountSid", &m.account_sid);
    o.opt("messagingServiceSid", m.messaging_service_sid.as_deref());
    o.str("from", &m.from);
    o.raw("customer", &super::customer::customer_json(&m.customer));
    o.str("to", m.to.as_str());
    o.str("body", &m.body);
    o.opt("profileName", m.profile_name.as_deref());
    o.opt("waId", m.wa_id.as_deref());
    o.str("messageType", &m.message_type);
    let media = m.media.iter().map(|item| {
        let mut i = JsonObject::new();
        i.str("url", &item.url);
        i.str("contentType", &item.content_type);
        i.opt("kind", item.kind.map(crate::media::MediaKind::name));
        i.json()
    });
    o.raw("media", &out::array(media));
    if let Some(n) = m.num_segments {
        o.num("numSegments", n);
    }
    if let Some(b) = &m.button {
        let mut x = JsonObject::new();
        x.opt("payload", b.payload.as_deref());
        x.opt("text", b.text.as_deref());
        x.opt("type", b.kind.as_deref());
        o.raw("button", &x.json());
    }
    o.opt("interactiveData", m.interactive_data.as_deref());
    o.opt("flowData", m.flow_data.as_deref());
    o.opt("channelMetadata", m.channel_metadata.as_deref());
    if let Some(l) = &m.location {
        let mut x = JsonObject::new();
        x.str("latitude", &l.latitude);
        x.str("longitude", &l.longitude);
        x.opt("address", l.address.as_deref());
        x.opt("label", l.label.as_deref());
        o.raw("location", &x.json());
    }
    if let Some(r) = &m.referral {
        let mut x = JsonObject::new();
        for (k, v) in [
            ("body", &r.body),
            ("headline", &r.headline),
            ("sourceId", &r.source_id),
            ("sourceType", &r.source_type),
            ("sourceUrl", &r.source_url),
            ("mediaId", &r.media_id),
            ("mediaContentType", &r.media_content_type),
            ("mediaUrl", &r.media_url),
            ("numMedia", &r.num_media),
            ("ctwaClid", &r.ctwa_clid),
        ] {
            x.opt(k, v.as_deref());
        }
        o.raw("referral", &x.json());
    }
    if let Some(r) = &m.replied_to {
        let mut x = JsonObject::new();
        x.str("sid", &r.sid);
        x.opt("sender", r.sender.as_deref());
        o.raw("repliedTo", &x.json());
    }
    o.bool("forwarded", m.forwarded);
    o.bool("frequentlyForwarded", m.frequently_forwarded);
    o.opt("smsStatus", m.sms_status.as_deref());
    o.opt("apiVersion", m.api_version.as_deref());
    o.opt("externalUserId", m.external_user_id.as_deref());
    o.raw("extra", &extra_json(&m.extra));
    o.json()
}

fn extra_json(e: &crate::message::Extra) -> String {
    out::str_map(e.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))
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
    let config: Config = throw(super::read::config(CONFIG_ARG, config, ""))?;
    let inbound = throw(crate::message::parse_inbound(&p))?;
    let verdict = throw(crate::message::validate_inbound(&inbound, &config))?;
    let mut o = JsonObject::new();
    o.raw("inbound", &inbound_json(&inbound));
    o.str("workstreamId", &verdict.workstream_id);
    o.bool("sandbox", verdict.sandbox);
    o.bool("deliverMedia", verdict.deliver_media);
    o.raw("mediaProblems", &to_json(&verdict.media_problems)?);
    o.opt("autoReply", verdict.auto_reply.as_deref());
    o.js()
}

/// Parses a message status callback. Throws `STATUS_INVALID` with every problem.
#[wasm_bindgen(js_name = parseStatusCallback, unchecked_return_type = "StatusCallback")]
pub fn parse_status_callback(
    #[wasm_bindgen(unchecked_param_type = "WebhookParams")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = throw(crate::message::parse_status(&params(input)?))?;
    status_obj(&s).js()
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
    let config: Config = throw(super::read::config(CONFIG_ARG, config, ""))?;
    let s = throw(crate::message::parse_status(&p))?;
    let v = throw(crate::message::validate_status(&s, &config))?;
    let mut o = JsonObject::new();
    o.raw("status", &status_obj(&s).json());
    o.str("business", &v.business);
    o.str("customer", &v.customer);
    o.js()
}

fn status_obj(s: &crate::message::StatusCallback) -> JsonObject {
    let mut o = JsonObject::new();
    o.str("messageSid", &s.message_sid);
    o.str("accountSid", &s.account_sid);
    o.str("status", s.status.name());
    o.opt("from", s.from.as_deref());
    o.opt("to", s.to.as_deref());
    o.opt("fromAddress", s.from_address.as_deref());
    o.opt("toAddress", s.to_address.as_deref());
    if let Some(c) = s.error_code {
        o.num("errorCode", c);
    }
    o.opt("errorMessage", s.error_message.as_deref());
    o.opt("channelPrefix", s.channel_prefix.as_deref());
    o.opt("channelToAddress", s.channel_to_address.as_deref());
    o.opt("eventType", s.event_type.as_deref());
    o.raw("extra", &extra_json(&s.extra));
    o
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
    let i = throw(INPUT_ARG.obj(
        input,
        "",
        &[
            "config",
            "workstreamId",
            "to",
            "lastInboundAt",
            "events",
            "state",
            "sandboxJoinedAt",
            "now",
            "content",
            "statusCallback",
        ],
    ))?;
    let config: Config = throw(super::read::config(CONFIG_ARG, throw(i.get("config"))?, ""))?;
    let now = throw(i.opt_epoch_ms("now"))?.unwrap_or_else(super::now_ms);
    let last_inbound_at = last_inbound(&i, now)?;
    let status_callback = throw(i.opt_string("statusCallback"))?;
    let content_arg = throw(i.get("content"))?;
    let content = if content_arg.is_object()
        && super::prop(&content_arg, "template").is_some_and(|t| !t.is_undefined())
    {
        // A Content template (as parseContentApi returns it): { template, variables }.
        let t = super::prop(&content_arg, "template").unwrap_or(JsValue::UNDEFINED);
        let template = super::content::template_arg(&t, "content.template")?;
        let vars = super::prop(&content_arg, "variables").unwrap_or(JsValue::UNDEFINED);
        let values = if vars.is_undefined() || vars.is_null() {
            Vec::new()
        } else {
            super::template::keyed_values(&vars)?
        };
        crate::message::Content::ContentTemplate {
            template: Box::new(template),
            values,
        }
    } else {
        content(content_arg)?
    };
    let req = crate::message::OutboundRequest {
        workstream_id: throw(i.string("workstreamId"))?,
        to: throw(i.string("to"))?,
        last_inbound_at,
        sandbox_joined_at: throw(i.opt_epoch_ms("sandboxJoinedAt"))?,
        content,
        now,
        status_callback,
    };
    let p = throw(crate::message::compose_outbound(&config, &req))?;
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
    let mut x = JsonObject::new();
    x.opt("to", o.to.as_deref());
    x.opt("from", o.from.as_deref());
    x.opt("messagingServiceSid", o.messaging_service_sid.as_deref());
    x.opt("body", o.body.as_deref());
    x.opt("contentSid", o.content_sid.as_deref());
    x.opt("contentVariables", o.content_variables.as_deref());
    if !o.media_url.is_empty() {
        x.raw(
            "mediaUrl",
            &out::str_array(o.media_url.iter().map(String::as_str)),
        );
    }
    x.opt("statusCallback", o.status_callback.as_deref());
    x.js()
}

/// `{ body?, media? }` or `{ contentSid, variables? }` (positional or keyed values).
fn content(v: JsValue) -> Result<crate::message::Content, JsValue> {
    use crate::message::{Content, Variables};
    let c = throw(INPUT_ARG.obj(v, "content", &["body", "media", "contentSid", "variables"]))?;
    let sid = throw(c.opt_string("contentSid"))?;
    let body = throw(c.opt_string("body"))?;
    let media = throw(c.media("media"))?;
    let vars = throw(c.get("variables"))?;
    Ok(match (sid, body) {
        (Some(content_sid), None) if media.is_empty() => Content::Template {
            content_sid,
            variables: if super::read::is_absent(&vars) {
                Variables::Positional(Vec::new())
            } else {
                match super::template::vars_at(&vars, "content.variables")? {
                    super::template::Vars::List(v) => Variables::Positional(v),
                    super::template::Vars::Keyed(v) => Variables::Keyed(v),
                }
            },
        },
        (None, body) if vars.is_undefined() => Content::Text {
            body: body.unwrap_or_default(),
            media,
        },
        _ => {
            return Err(super::js_error(
                &Error::new(
                    INVALID_ARGUMENT,
                    "content is either { body, media } (free-form) or { contentSid, variables } (a template), not both",
                )
                .at("content"),
            ))
        }
    })
}

/// The customer's last inbound instant from `lastInboundAt`, `events` (the window rules of
/// `conversationState`, errors at `events[i]…`) or `state.lastInboundAt`: at most one of them.
fn last_inbound(i: &super::read::Obj, now: i64) -> Result<Option<i64>, JsValue> {
    let mut given = None;
    for k in ["lastInboundAt", "events", "state"] {
        if !throw(i.get(k))?.is_undefined() {
            if let Some(first) = given {
                return Err(super::js_error(
                    &Error::new(
                        INVALID_ARGUMENT,
                        format!("give the conversation once: `{first}` or `{k}`, not both"),
                    )
                    .at(k),
                ));
            }
            given = Some(k);
        }
    }
    match given {
        Some("events") => {
            let input = crate::window::ConversationInput {
                events: throw(super::read::events(INPUT_ARG, i, true))?,
                now: Some(crate::window::Instant::Millis(now)),
                workstream: None,
                closing_soon_ms: None,
                skew_tolerance_ms: None,
                customer_language: None,
                customer_number: None,
            };
            Ok(throw(input.evaluate(now))?.window.last_inbound_at)
        }
        Some("state") => {
            let st = throw(INPUT_ARG.lenient(throw(i.get("state"))?, "state"))?;
            throw(st.opt_epoch_ms("lastInboundAt"))
        }
        _ => throw(i.opt_epoch_ms("lastInboundAt")),
    }
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
