//! Message bodies, inbound webhook parsing and validation, status callbacks, outbound composition.
//! Spec: `shared/spec/messages.md`.
//!
//! | code | prevents |
//! |---|---|
//! | [`BODY_TOO_LONG`] | Twilio 21617 (body over 1,600 characters) |
//! | [`MESSAGE_EMPTY`] | Twilio 21619 (neither a body nor media) |
//! | [`INBOUND_INVALID`] | a malformed or forged inbound webhook (aggregate) |
//! | [`INBOUND_REJECTED`] | a webhook for another account or a number this channel does not serve (aggregate) |
//! | [`STATUS_INVALID`] | a malformed status callback (aggregate) |

use crate::config::{Config, SANDBOX_NUMBER};
use crate::error::{Error, Result};
use crate::media::{self, Direction, MediaItem, MediaKind, Verdict};
use crate::number::{self, E164};
use serde::Serialize;

/// Twilio's limit on `Body`, in characters (Unicode scalar values).
pub const MAX_BODY_CHARS: usize = 1600;
/// At most this many parameters in a webhook (`INPUT_TOO_LARGE` at `params` past it).
pub const MAX_PARAMS: usize = 200;
/// At most this many UTF-8 bytes of names and values together in a webhook's parameters:
/// [`crate::form::MAX_FORM_BYTES`] (64 KiB), so that whatever [`crate::form::decode`] accepts
/// fits (decoding never lengthens). `INPUT_TOO_LARGE` at `params` past it, before any parsing.
pub const MAX_PARAMS_BYTES: usize = crate::form::MAX_FORM_BYTES;
/// At most this many media items in an inbound message (`NumMedia`; Twilio's own maximum).
pub const MAX_INBOUND_MEDIA: usize = 10;

/// `Body` longer than 1,600 characters (Twilio 21617); `span` covers the excess.
pub const BODY_TOO_LONG: &str = "BODY_TOO_LONG";
/// Neither a body nor a media item (Twilio 21619); a blank body counts as none.
pub const MESSAGE_EMPTY: &str = "MESSAGE_EMPTY";
/// Aggregate: the inbound webhook's parameters are malformed; `problems` has each one.
pub const INBOUND_INVALID: &str = "INBOUND_INVALID";
/// A required parameter is absent (`path` names it).
pub const PARAMETER_MISSING: &str = "PARAMETER_MISSING";
/// A parameter appears twice: ambiguous (parameter pollution), refused.
pub const PARAMETER_DUPLICATE: &str = "PARAMETER_DUPLICATE";
/// A SID is not its two-letter prefix plus 32 hex digits.
pub const SID_INVALID: &str = "SID_INVALID";
/// `WaId` is not the digits of `From`.
pub const WAID_MISMATCH: &str = "WAID_MISMATCH";
/// `NumMedia` and the `MediaUrl{N}` / `MediaContentType{N}` parameters disagree, or one is malformed.
pub const MEDIA_PARAMETERS_INVALID: &str = "MEDIA_PARAMETERS_INVALID";
/// `Latitude` / `Longitude` missing one of the pair, not a decimal number, or out of range.
pub const LOCATION_INVALID: &str = "LOCATION_INVALID";
/// A numeric parameter (`NumSegments`, `ErrorCode`, …) is not a number.
pub const NUMBER_PARAMETER_INVALID: &str = "NUMBER_PARAMETER_INVALID";
/// Aggregate: the webhook is not for this channel; `problems` has each reason.
pub const INBOUND_REJECTED: &str = "INBOUND_REJECTED";
/// `AccountSid` is not the configured account.
pub const ACCOUNT_MISMATCH: &str = "ACCOUNT_MISMATCH";
/// `To` is not one of the configured numbers (nor the sandbox number with sandbox mode on).
pub const NUMBER_NOT_CONFIGURED: &str = "NUMBER_NOT_CONFIGURED";
/// The number is configured but disabled (`settings.enabled = false`).
pub const NUMBER_DISABLED: &str = "NUMBER_DISABLED";
/// No workstream serves the number.
pub const NO_WORKSTREAM: &str = "NO_WORKSTREAM";
/// Aggregate: a status callback is malformed.
pub const STATUS_INVALID: &str = "STATUS_INVALID";
/// `MessageStatus` is not one of Twilio's statuses.
pub const STATUS_UNKNOWN: &str = "STATUS_UNKNOWN";

/// Checks a message body: at most 1,600 characters, and a body or media (`has_media`).
/// Problems are at path `body`.
pub fn check_body(body: &str, has_media: bool) -> Vec<Error> {
    let mut problems = Vec::new();
    let n = body.chars().count();
    if n > MAX_BODY_CHARS {
        problems.push(
            Error::new(
                BODY_TOO_LONG,
                format!("the body has {n} characters; Twilio accepts at most {MAX_BODY_CHARS}"),
            )
            .at("body")
            .with_span(MAX_BODY_CHARS, n),
        );
    }
    if body.trim().is_empty() && !has_media {
        problems
            .push(Error::new(MESSAGE_EMPTY, "a message needs a body or a media item").at("body"));
    }
    problems
}

/// Whether `s` is `prefix` followed by 32 hex digits (`AC…`, `SM…`, `MG…`).
pub fn is_sid(s: &str, prefix: &str) -> bool {
    s.len() == 34
        && s.starts_with(prefix)
        && s.get(2..)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Parameters kept as sent, in order; serialised as an object (`{ "SmsSid": "SM…" }`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extra(pub Vec<(String, String)>);

impl Extra {
    /// The value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Whether a parameter is present.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A media item of an inbound message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct InboundMedia {
    /// `MediaUrl{N}` (fetching it needs the account's credentials).
    pub url: String,
    /// `MediaContentType{N}`.
    pub content_type: String,
    /// The WhatsApp kind, when the type is on the allow-list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<MediaKind>,
}

/// A quick-reply or call-to-action button the customer pressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct ButtonReply {
    /// `ButtonPayload`: the id given to the button in the template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// `ButtonText`: the button's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `ButtonType`: `REPLY` or `ACTION` (other values kept as sent).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A shared location. Coordinates are kept as the decimal strings Twilio sent (checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Decimal degrees, as sent (`Latitude`).
    pub latitude: String,
    /// Decimal degrees, as sent (`Longitude`).
    pub longitude: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `Address`, when shared.
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `Label` (place name), when shared.
    pub label: Option<String>,
}

/// The Click-to-WhatsApp ad or Facebook Page button the conversation came from (`Referral*`):
/// its presence starts the free entry point window (see the window module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralBody`: the ad's text.
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralHeadline`.
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralSourceId`: the ad or post id.
    pub source_id: Option<String>,
    /// `ad` or `post`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralSourceUrl`.
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralMediaId`.
    pub media_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralMediaContentType`.
    pub media_content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralMediaUrl`.
    pub media_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ReferralNumMedia`.
    pub num_media: Option<String>,
    /// Click-to-WhatsApp click id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctwa_clid: Option<String>,
}

/// The message the customer replied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct RepliedTo {
    /// `OriginalRepliedMessageSid`.
    pub sid: String,
    /// `OriginalRepliedMessageSender` (`whatsapp:+…`), as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
}

/// A parsed inbound WhatsApp message webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Inbound {
    /// `MessageSid` (`SM`/`MM` + 32 hex).
    pub message_sid: String,
    /// `AccountSid`.
    pub account_sid: String,
    /// `MessagingServiceSid`, when the number belongs to a Messaging Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    /// The customer (`From` without `whatsapp:`): their number as received (`+5215512345678`:
    /// WhatsApp's own forms are kept), or their business-scoped user ID (`US.1349…`).
    pub from: String,
    /// Who the customer is: `{ address, number?, bsuid?, canonical }` (see [`crate::customer`]);
    /// `canonical` is the key for the conversation.
    pub customer: crate::customer::Customer,
    /// The business number (`To`), E.164.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string")
    )]
    pub to: E164,
    /// `Body` (empty when absent).
    pub body: String,
    /// `ProfileName`: the customer's WhatsApp display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_name: Option<String>,
    /// `WaId` (checked against `From`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// `MessageType` when sent, else derived: `location`, `button`, the media kind, or `text`.
    pub message_type: String,
    /// `MediaUrl{N}` / `MediaContentType{N}`, N from 0.
    pub media: Vec<InboundMedia>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `NumSegments`.
    pub num_segments: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ButtonPayload` / `ButtonText` / `ButtonType`.
    pub button: Option<ButtonReply>,
    /// `InteractiveData` (JSON text, kept as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interactive_data: Option<String>,
    /// `FlowData` (JSON text, kept as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow_data: Option<String>,
    /// `ChannelMetadata` (JSON text, kept as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_metadata: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `Latitude` / `Longitude` / `Address` / `Label`.
    pub location: Option<Location>,
    /// Present when the message came from an ad or a Page button.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `OriginalRepliedMessageSid` / `OriginalRepliedMessageSender`.
    pub replied_to: Option<RepliedTo>,
    /// `Forwarded=true`.
    pub forwarded: bool,
    /// `FrequentlyForwarded=true`.
    pub frequently_forwarded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `SmsStatus` (`received`).
    pub sms_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ApiVersion` (`2010-04-01`).
    pub api_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ExternalUserId`.
    pub external_user_id: Option<String>,
    /// Every parameter not listed above, kept as sent (Twilio adds parameters without notice).
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "Record<string, string>")
    )]
    pub extra: Extra,
}

/// Parameters read by [`parse_inbound`] (besides `MediaUrl{N}` / `MediaContentType{N}`).
const INBOUND_KNOWN: [&str; 38] = [
    "MessageSid",
    "AccountSid",
    "MessagingServiceSid",
    "From",
    "To",
    "Body",
    "NumMedia",
    "NumSegments",
    "ProfileName",
    "WaId",
    "Forwarded",
    "FrequentlyForwarded",
    "ButtonPayload",
    "ButtonText",
    "ButtonType",
    "InteractiveData",
    "FlowData",
    "ChannelMetadata",
    "Latitude",
    "Longitude",
    "Address",
    "Label",
    "ReferralBody",
    "ReferralHeadline",
    "ReferralSourceId",
    "ReferralSourceType",
    "ReferralSourceUrl",
    "ReferralMediaId",
    "ReferralMediaContentType",
    "ReferralMediaUrl",
    "ReferralNumMedia",
    "ReferralCtwaClid",
    "OriginalRepliedMessageSender",
    "OriginalRepliedMessageSid",
    "SmsStatus",
    "ApiVersion",
    "MessageType",
    "ExternalUserId",
];

/// The `Referral*` parameters whose presence marks a message from an ad or Page button.
const REFERRAL_MARKERS: [&str; 9] = [
    "ReferralBody",
    "ReferralHeadline",
    "ReferralSourceId",
    "ReferralSourceType",
    "ReferralSourceUrl",
    "ReferralMediaId",
    "ReferralMediaContentType",
    "ReferralMediaUrl",
    "ReferralCtwaClid",
];

/// Webhook parameters as a map, duplicates reported.
struct Params<'a> {
    map: Vec<(&'a str, &'a str)>,
    problems: Vec<Error>,
}

impl<'a> Params<'a> {
    fn new(params: &'a [(String, String)]) -> Result<Self> {
        if params.len() > MAX_PARAMS {
            return Err(Error::too_large("the webhook", MAX_PARAMS, "parameters").at("params"));
        }
        let bytes = params.iter().fold(0usize, |n, (k, v)| {
            n.saturating_add(k.len()).saturating_add(v.len())
        });
        if bytes > MAX_PARAMS_BYTES {
            return Err(Error::too_large("the webhook", MAX_PARAMS_BYTES, "bytes").at("params"));
        }
        let mut map: Vec<(&str, &str)> = Vec::with_capacity(params.len());
        let mut problems = Vec::new();
        for (k, v) in params {
            if map.iter().any(|(n, _)| n == k) {
                problems.push(
                    Error::new(PARAMETER_DUPLICATE, format!("{k} appears more than once"))
                        .at(k.clone()),
                );
            } else {
                map.push((k.as_str(), v.as_str()));
            }
        }
        Ok(Params { map, problems })
    }
    #[inline(never)]
    fn get(&self, k: &str) -> Option<&'a str> {
        self.map.iter().find(|(n, _)| *n == k).map(|(_, v)| *v)
    }
    #[inline(never)]
    fn opt(&self, k: &str) -> Option<String> {
        self.get(k).filter(|v| !v.is_empty()).map(str::to_string)
    }
    #[inline(never)]
    fn required(&mut self, k: &str) -> Option<&'a str> {
        let v = self.get(k).filter(|v| !v.is_empty());
        if v.is_none() {
            self.problems
                .push(Error::new(PARAMETER_MISSING, format!("{k} is missing")).at(k));
        }
        v
    }
    #[inline(never)]
    fn sid(&mut self, k: &str, prefixes: &[&str], required: bool) -> String {
        let v = if required {
            self.required(k)
        } else {
            self.get(k).filter(|v| !v.is_empty())
        };
        let Some(v) = v else {
            return String::new();
        };
        if !prefixes.iter().any(|p| is_sid(v, p)) {
            self.problems.push(
                Error::new(
                    SID_INVALID,
                    format!("{k} is not a SID (its two-letter prefix and 32 hex digits)"),
                )
                .at(k),
            );
        }
        v.to_string()
    }
    /// The sender: `whatsapp:+…` (strict E.164 or one of WhatsApp's forms) or `whatsapp:<BSUID>`;
    /// a number in `WaId` completes a BSUID sender.
    fn customer(&mut self) -> Option<crate::customer::Customer> {
        use crate::customer as c;
        let v = self.required("From")?;
        let bare = v.strip_prefix(number::WHATSAPP_PREFIX);
        let parsed = match bare {
            Some(b) if b.starts_with('+') => c::parse_customer(v).map_err(|e| {
                let by = number::WHATSAPP_PREFIX.len();
                e.map_span(|s| crate::error::Span {
                    start: s.start + by,
                    end: s.end + by,
                })
            }),
            Some(b) if c::is_bsuid(b) => c::parse_customer(v).map(|mut cust| {
                // A number alongside (WaId digits) identifies the customer better.
                let wa = self
                    .get("WaId")
                    .filter(|w| !w.is_empty() && !c::is_bsuid(w));
                if let Some(Ok((n, canon))) = wa.map(|w| c::parse_whatsapp_number(&format!("+{w}")))
                {
                    cust.number = Some(n);
                    cust.canonical = canon.as_str().to_string();
                }
                cust
            }),
            _ => number::parse_whatsapp_address(v).and_then(|n| c::parse_customer(n.as_str())),
        };
        match parsed {
            Ok(cust) => Some(cust),
            Err(e) => {
                self.problems.push(e.at("From"));
                None
            }
        }
    }
    #[inline(never)]
    fn address(&mut self, k: &str) -> Option<E164> {
        let v = self.required(k)?;
        match number::parse_whatsapp_address(v) {
            Ok(n) => Some(n),
            Err(e) => {
                self.problems.push(e.at(k));
                None
            }
        }
    }
    #[inline(never)]
    fn count(&mut self, k: &str) -> Option<u32> {
        let v = self.get(k)?;
        match v.parse::<u32>() {
            Ok(n) if v.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                self.problems.push(
                    Error::new(
                        NUMBER_PARAMETER_INVALID,
                        format!("{k} must be a whole number"),
                    )
                    .at(k),
                );
                None
            }
        }
    }
    #[inline(never)]
    fn flag(&self, k: &str) -> bool {
        self.get(k).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
    #[inline(never)]
    fn extra(&self, known: &[&str], media: bool) -> Extra {
        Extra(
            self.map
                .iter()
                .filter(|(k, _)| !(known.contains(k) || media && media_index(k).is_some()))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }
}

/// `MediaUrl3` → Some(3); `MediaContentType0` → Some(0).
fn media_index(k: &str) -> Option<usize> {
    let n = k
        .strip_prefix("MediaUrl")
        .or_else(|| k.strip_prefix("MediaContentType"))?;
    if n.is_empty() || n.len() > 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// A decimal coordinate within ±`max` degrees: `-?\d{1,3}(\.\d{1,15})?`.
fn is_coordinate(s: &str, max: u32) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |t: &str, n: usize| t.len() <= n && t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int, 3)
        || !digits(frac, 15)
        || (body.contains('.') && frac.is_empty())
    {
        return false;
    }
    let whole: u32 = int.parse().unwrap_or(u32::MAX);
    whole < max || (whole == max && frac.bytes().all(|b| b == b'0'))
}

/// Parses an inbound message webhook (its decoded form parameters, e.g. from
/// [`crate::form::decode`]) into an [`Inbound`]. Reports every problem at once
/// (`INBOUND_INVALID` with `problems`, each with the parameter name as `path`). Unknown
/// parameters are kept in `extra`, never refused. Limits, checked first: [`MAX_PARAMS`]
/// parameters and [`MAX_PARAMS_BYTES`] bytes (`INPUT_TOO_LARGE` at `params`).
pub fn parse_inbound(params: &[(String, String)]) -> Result<Inbound> {
    let mut p = Params::new(params)?;
    let message_sid = p.sid("MessageSid", &["SM", "MM"], true);
    let account_sid = p.sid("AccountSid", &["AC"], true);
    let service = p.sid("MessagingServiceSid", &["MG"], false);
    let customer = p.customer();
    let to = p.address("To");
    let wa_id = p.opt("WaId");
    let from_digits = customer
        .as_ref()
        .filter(|c| c.bsuid.is_none())
        .and_then(|c| c.number.as_deref())
        .and_then(|n| n.strip_prefix('+'));
    if let (Some(w), Some(f)) = (&wa_id, from_digits) {
        if w != f {
            p.problems.push(
                Error::new(WAID_MISMATCH, "WaId is not the number of From without +").at("WaId"),
            );
        }
    }
    let media = inbound_media(&mut p);
    let num_segments = p.count("NumSegments");
    let location = match (p.opt("Latitude"), p.opt("Longitude")) {
        (None, None) => None,
        (Some(lat), Some(lon)) if is_coordinate(&lat, 90) && is_coordinate(&lon, 180) => {
            Some(Location {
                latitude: lat,
                longitude: lon,
                address: p.opt("Address"),
                label: p.opt("Label"),
            })
        }
        _ => {
            p.problems.push(
                Error::new(
                    LOCATION_INVALID,
                    "Latitude and Longitude must both be decimal degrees within ±90 and ±180",
                )
                .at("Latitude"),
            );
            None
        }
    };
    let button = match (
        p.opt("ButtonPayload"),
        p.opt("ButtonText"),
        p.opt("ButtonType"),
    ) {
        (None, None, None) => None,
        (payload, text, kind) => Some(ButtonReply {
            payload,
            text,
            kind,
        }),
    };
    let referral = Referral {
        body: p.opt("ReferralBody"),
        headline: p.opt("ReferralHeadline"),
        source_id: p.opt("ReferralSourceId"),
        source_type: p.opt("ReferralSourceType"),
        source_url: p.opt("ReferralSourceUrl"),
        media_id: p.opt("ReferralMediaId"),
        media_content_type: p.opt("ReferralMediaContentType"),
        media_url: p.opt("ReferralMediaUrl"),
        num_media: p.opt("ReferralNumMedia"),
        ctwa_clid: p.opt("ReferralCtwaClid"),
    };
    // Twilio sends ReferralNumMedia=0 on ordinary messages: only the other fields mark a referral.
    let referral = REFERRAL_MARKERS
        .iter()
        .any(|k| p.get(k).is_some_and(|v| !v.is_empty()))
        .then_some(referral);
    let replied_to = p.opt("OriginalRepliedMessageSid").map(|sid| RepliedTo {
        sid,
        sender: p.opt("OriginalRepliedMessageSender"),
    });
    let message_type = p.opt("MessageType").unwrap_or_else(|| {
        if location.is_some() {
            "location".to_string()
        } else if button.is_some() {
            "button".to_string()
        } else if let Some(m) = media.first() {
            m.kind.map_or("media", kind_name).to_string()
        } else {
            "text".to_string()
        }
    });
    let mut extra = p.extra(&INBOUND_KNOWN, true);
    // Read only as part of a location / reply: kept in `extra` when that part is absent.
    let orphans: [(&str, bool); 4] = [
        ("ReferralNumMedia", referral.is_none()),
        ("Address", location.is_none()),
        ("Label", location.is_none()),
        ("OriginalRepliedMessageSender", replied_to.is_none()),
    ];
    for (k, orphan) in orphans {
        if let (true, Some(v)) = (orphan, p.get(k)) {
            extra.0.push((k.to_string(), v.to_string()));
        }
    }
    let (Some(customer), Some(to), true) = (customer, to, p.problems.is_empty()) else {
        return Err(Error::aggregate(
            INBOUND_INVALID,
            "the inbound webhook's parameters are not valid",
            p.problems,
        ));
    };
    Ok(Inbound {
        message_sid,
        account_sid,
        messaging_service_sid: (!service.is_empty()).then_some(service),
        from: customer
            .address
            .strip_prefix(number::WHATSAPP_PREFIX)
            .unwrap_or(&customer.address)
            .to_string(),
        customer,
        to,
        body: p.get("Body").unwrap_or_default().to_string(),
        profile_name: p.opt("ProfileName"),
        wa_id,
        message_type,
        media,
        num_segments,
        button,
        interactive_data: p.opt("InteractiveData"),
        flow_data: p.opt("FlowData"),
        channel_metadata: p.opt("ChannelMetadata"),
        location,
        referral,
        replied_to,
        forwarded: p.flag("Forwarded"),
        frequently_forwarded: p.flag("FrequentlyForwarded"),
        sms_status: p.opt("SmsStatus"),
        api_version: p.opt("ApiVersion"),
        external_user_id: p.opt("ExternalUserId"),
        extra,
    })
}

fn kind_name(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Image => "image",
        MediaKind::Sticker => "sticker",
        MediaKind::Audio => "audio",
        MediaKind::Video => "video",
        MediaKind::Document => "document",
        MediaKind::Contact => "contacts",
    }
}

fn inbound_media(p: &mut Params<'_>) -> Vec<InboundMedia> {
    let declared = p.count("NumMedia").unwrap_or(0) as usize;
    let present = p
        .map
        .iter()
        .filter_map(|(k, _)| media_index(k))
        .max()
        .map_or(0, |m| m + 1);
    if declared > MAX_INBOUND_MEDIA || present > MAX_INBOUND_MEDIA {
        p.problems.push(
            Error::new(
                MEDIA_PARAMETERS_INVALID,
                format!("at most {MAX_INBOUND_MEDIA} media items"),
            )
            .at("NumMedia"),
        );
        return Vec::new();
    }
    let mut media = Vec::new();
    for i in 0..declared.max(present) {
        let url = p.get(&format!("MediaUrl{i}")).filter(|v| !v.is_empty());
        let ct = p
            .get(&format!("MediaContentType{i}"))
            .filter(|v| !v.is_empty());
        match (url, ct, i < declared) {
            (Some(url), Some(ct), true) if media::is_media_url(url) => media.push(InboundMedia {
                url: url.to_string(),
                content_type: ct.to_string(),
                kind: media::media_kind(ct),
            }),
            (Some(_), Some(_), true) => p.problems.push(
                Error::new(
                    MEDIA_PARAMETERS_INVALID,
                    "the media URL is not an http(s) URL",
                )
                .at(format!("MediaUrl{i}")),
            ),
            (_, _, true) => p.problems.push(
                Error::new(
                    MEDIA_PARAMETERS_INVALID,
                    format!(
                        "NumMedia is {declared} but MediaUrl{i} or MediaContentType{i} is missing"
                    ),
                )
                .at(format!("MediaUrl{i}")),
            ),
            (_, _, false) => p.problems.push(
                Error::new(
                    MEDIA_PARAMETERS_INVALID,
                    format!("media item {i} present but NumMedia is {declared}"),
                )
                .at("NumMedia"),
            ),
        }
    }
    media
}

/// What to do with a valid inbound message under the channel configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct InboundVerdict {
    /// The workstream serving the number.
    pub workstream_id: String,
    /// The message came to Twilio's sandbox number.
    pub sandbox: bool,
    /// The customer's attachments may be delivered to the agent (true when there are none).
    pub deliver_media: bool,
    /// Why attachments are refused (`CUSTOMER_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED`, …).
    pub media_problems: Vec<crate::Problem>,
    /// The automated reply to send the customer when attachments were refused (configured text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_reply: Option<String>,
}

/// Checks an inbound message against the configuration: `AccountSid` is the configured account,
/// `To` is a configured, enabled number (or the sandbox number in sandbox mode) served by a
/// workstream. Errors: `INBOUND_REJECTED` with `ACCOUNT_MISMATCH`, `NUMBER_NOT_CONFIGURED`,
/// `NUMBER_DISABLED`, `NO_WORKSTREAM`. The customer's attachments are judged by the workstream's
/// settings and WhatsApp's limits: a refusal is part of the verdict (the text is still delivered).
pub fn validate_inbound(inbound: &Inbound, config: &Config) -> Result<InboundVerdict> {
    let mut problems = Vec::new();
    if inbound.account_sid != config.account.account_sid {
        problems.push(
            Error::new(
                ACCOUNT_MISMATCH,
                "the webhook is for another Twilio account",
            )
            .at("AccountSid"),
        );
    }
    let to = inbound.to.as_str();
    let sandbox = to == SANDBOX_NUMBER && config.sandbox.as_ref().is_some_and(|s| s.enabled);
    match config.numbers.iter().find(|n| n.number == to) {
        Some(n) if !n.settings.enabled => problems.push(
            Error::new(
                NUMBER_DISABLED,
                format!("{to} is disabled in the configuration"),
            )
            .at("To"),
        ),
        None if !sandbox => problems.push(
            Error::new(
                NUMBER_NOT_CONFIGURED,
                format!("{to} is not a number of this channel"),
            )
            .at("To"),
        ),
        _ => {}
    }
    let workstream = config.workstream_for_number(to);
    if workstream.is_none() && problems.is_empty() {
        problems.push(Error::new(NO_WORKSTREAM, format!("no workstream serves {to}")).at("To"));
    }
    let Some(ws) = workstream.filter(|_| problems.is_empty()) else {
        return Err(Error::aggregate(
            INBOUND_REJECTED,
            "the webhook is not for this channel",
            problems,
        ));
    };
    let items: Vec<MediaItem> = inbound
        .media
        .iter()
        .map(|m| MediaItem {
            content_type: m.content_type.clone(),
            size: None,
            url: Some(m.url.clone()),
            animated: false,
        })
        .collect();
    let verdict = if items.is_empty() {
        Verdict {
            allowed: true,
            kind: None,
            problems: Vec::new(),
        }
    } else {
        media::check_attachment(&ws.attachments, Direction::Inbound, &items, None)
    };
    Ok(InboundVerdict {
        workstream_id: ws.id.clone(),
        sandbox,
        deliver_media: verdict.allowed,
        auto_reply: if verdict.allowed {
            None
        } else {
            ws.automated_messages.attachment_refused.clone()
        },
        media_problems: verdict.problems,
    })
}

/// Twilio's message statuses (status callbacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Queued at Twilio.
    Queued,
    /// Being sent.
    Sending,
    /// Sent to WhatsApp.
    Sent,
    /// Failed (see `ErrorCode`).
    Failed,
    /// Delivered to the device.
    Delivered,
    /// Not delivered (see `ErrorCode`).
    Undelivered,
    /// Inbound, being received.
    Receiving,
    /// Inbound, received.
    Received,
    /// Accepted by a Messaging Service.
    Accepted,
    /// Scheduled for later.
    Scheduled,
    /// Read by the customer (WhatsApp/RCS only).
    Read,
    /// Partially delivered.
    PartiallyDelivered,
    /// Canceled before sending.
    Canceled,
}

/// Twilio's names of the statuses.
const STATUS_NAMES: [(&str, MessageStatus); 13] = [
    ("queued", MessageStatus::Queued),
    ("sending", MessageStatus::Sending),
    ("sent", MessageStatus::Sent),
    ("failed", MessageStatus::Failed),
    ("delivered", MessageStatus::Delivered),
    ("undelivered", MessageStatus::Undelivered),
    ("receiving", MessageStatus::Receiving),
    ("received", MessageStatus::Received),
    ("accepted", MessageStatus::Accepted),
    ("scheduled", MessageStatus::Scheduled),
    ("read", MessageStatus::Read),
    ("partially_delivered", MessageStatus::PartiallyDelivered),
    ("canceled", MessageStatus::Canceled),
];

impl MessageStatus {
    /// From Twilio's lowercase name.
    pub fn from_name(s: &str) -> Option<Self> {
        STATUS_NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|&(_, st)| st)
    }
    /// Twilio's lowercase name.
    pub fn name(self) -> &'static str {
        STATUS_NAMES
            .iter()
            .find(|(_, st)| *st == self)
            .map_or("", |(n, _)| n)
    }
    /// Its place along a message's life, for ordering callbacks that arrive out of order: a status
    /// never replaces one of a higher rank as the message's current status (`sent` after
    /// `delivered` changes nothing; `read` follows `delivered`). Outbound: scheduled 0, accepted 1,
    /// queued 2, sending 3, sent 4, failed / canceled 5, delivered / undelivered /
    /// partially delivered 6, read 7. Inbound: receiving 1, received 2.
    pub fn rank(self) -> u8 {
        match self {
            MessageStatus::Scheduled => 0,
            MessageStatus::Accepted | MessageStatus::Receiving => 1,
            MessageStatus::Queued | MessageStatus::Received => 2,
            MessageStatus::Sending => 3,
            MessageStatus::Sent => 4,
            MessageStatus::Failed | MessageStatus::Canceled => 5,
            MessageStatus::Delivered
            | MessageStatus::Undelivered
            | MessageStatus::PartiallyDelivered => 6,
            MessageStatus::Read => 7,
        }
    }
    /// No further status will follow (delivered can still become read on WhatsApp).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MessageStatus::Failed
                | MessageStatus::Undelivered
                | MessageStatus::Read
                | MessageStatus::Canceled
        )
    }
}

/// The rank of a status given by Twilio's name ([`MessageStatus::rank`]): how an edge worker orders
/// status callbacks that arrive out of order. Error: `STATUS_UNKNOWN` (path `status`).
pub fn status_rank(name: &str) -> Result<u8> {
    MessageStatus::from_name(name)
        .map(MessageStatus::rank)
        .ok_or_else(|| {
            Error::new(
                STATUS_UNKNOWN,
                "not one of Twilio's message statuses (queued, sent, delivered, read, …)",
            )
            .at("status")
        })
}

/// A parsed status callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct StatusCallback {
    /// `MessageSid`.
    pub message_sid: String,
    /// `AccountSid`.
    pub account_sid: String,
    /// `MessageStatus`.
    pub status: MessageStatus,
    /// `From` without the `whatsapp:` channel prefix: the business number, E.164, as in
    /// [`Inbound::to`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `To` without the `whatsapp:` channel prefix: the customer, E.164 (WhatsApp's own forms
    /// kept), as in [`Inbound::from`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `From` as sent (`whatsapp:+…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    /// `To` as sent (`whatsapp:+…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    /// Twilio error code (63016, 63049, …) on failed/undelivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ErrorMessage`.
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ChannelPrefix` (`whatsapp`).
    pub channel_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `ChannelToAddress` (masked recipient).
    pub channel_to_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `EventType`.
    pub event_type: Option<String>,
    /// Every other parameter, kept as sent.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "Record<string, string>")
    )]
    pub extra: Extra,
}

/// A status callback checked against the configuration ([`validate_status`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
pub struct StatusVerdict {
    /// The business number that sent the message (`From`, E.164).
    pub business: String,
    /// The customer's canonical key ([`crate::customer::Customer::canonical`] of `To`;
    /// `parseCustomer(To).canonical` in JS): the conversation the status belongs to, as
    /// [`InboundVerdict`]'s sender is keyed.
    pub customer: String,
}

/// Checks a parsed status callback against the configuration: it is for the configured account,
/// and names the business (`From`) and the customer (`To`) an edge worker files it under.
/// Errors: `ACCOUNT_MISMATCH` (path `AccountSid`: not a webhook of this channel), `STATUS_INVALID`
/// with a `PARAMETER_MISSING` problem for each of `From` / `To` that is absent, or the code of a
/// `To` that is no customer address (`CUSTOMER_ADDRESS_INVALID`, path `To`).
pub fn validate_status(status: &StatusCallback, config: &Config) -> Result<StatusVerdict> {
    if status.account_sid != config.account.account_sid {
        return Err(Error::new(
            ACCOUNT_MISMATCH,
            "the status callback is for another Twilio account",
        )
        .at("AccountSid"));
    }
    let (Some(business), Some(to)) = (&status.from, &status.to_address) else {
        let missing = [
            ("From", status.from.is_none()),
            ("To", status.to_address.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| {
            Error::new(
                PARAMETER_MISSING,
                format!("`{k}` is required to file the status"),
            )
            .at(k)
        })
        .collect();
        return Err(Error::aggregate(
            STATUS_INVALID,
            "the status callback does not name its sender and recipient",
            missing,
        ));
    };
    let customer = crate::customer::parse_customer(to).map_err(|e| e.at("To"))?;
    Ok(StatusVerdict {
        business: business.clone(),
        customer: customer.canonical,
    })
}

const STATUS_KNOWN: [&str; 10] = [
    "MessageSid",
    "AccountSid",
    "MessageStatus",
    "From",
    "To",
    "ErrorCode",
    "ErrorMessage",
    "ChannelPrefix",
    "ChannelToAddress",
    "EventType",
];

/// Parses a message status callback. Errors: `STATUS_INVALID` with every problem
/// (`PARAMETER_MISSING`, `SID_INVALID`, `STATUS_UNKNOWN`, `NUMBER_PARAMETER_INVALID`,
/// `PARAMETER_DUPLICATE`); `INPUT_TOO_LARGE` (at `params`, checked first) past [`MAX_PARAMS`]
/// parameters or [`MAX_PARAMS_BYTES`] bytes.
pub fn parse_status(params: &[(String, String)]) -> Result<StatusCallback> {
    let mut p = Params::new(params)?;
    let message_sid = p.sid("MessageSid", &["SM", "MM"], true);
    let account_sid = p.sid("AccountSid", &["AC"], true);
    let status = p.required("MessageStatus").and_then(|s| {
        let st = MessageStatus::from_name(s);
        if st.is_none() {
            p.problems.push(
                Error::new(
                    STATUS_UNKNOWN,
                    format!("\"{s}\" is not a Twilio message status"),
                )
                .at("MessageStatus"),
            );
        }
        st
    });
    let error_code = p.count("ErrorCode");
    let extra = p.extra(&STATUS_KNOWN, false);
    let (Some(status), true) = (status, p.problems.is_empty()) else {
        return Err(Error::aggregate(
            STATUS_INVALID,
            "the status callback's parameters are not valid",
            p.problems,
        ));
    };
    let (from_address, to_address) = (p.opt("From"), p.opt("To"));
    let bare = |a: &Option<String>| {
        a.as_deref().map(|a| {
            a.strip_prefix(number::WHATSAPP_PREFIX)
                .unwrap_or(a)
                .to_string()
        })
    };
    Ok(StatusCallback {
        message_sid,
        account_sid,
        status,
        from: bare(&from_address),
        to: bare(&to_address),
        from_address,
        to_address,
        error_code,
        error_message: p.opt("ErrorMessage"),
        channel_prefix: p.opt("ChannelPrefix"),
        channel_to_address: p.opt("ChannelToAddress"),
        event_type: p.opt("EventType"),
        extra,
    })
}

// ---------------------------------------------------------------------------------------------
// Outbound composition
// ---------------------------------------------------------------------------------------------

/// Aggregate: the outbound message breaks one or more rules; `problems` has every one, each with
/// its path in the request (`to`, `content.body`, `content.media[0].size`, `content.variables.2`, …).
pub const OUTBOUND_REJECTED: &str = "OUTBOUND_REJECTED";
/// No workstream has this id.
pub const WORKSTREAM_NOT_FOUND: &str = "WORKSTREAM_NOT_FOUND";
/// From and To are the same number (Twilio 63031).
pub const SAME_SENDER_AND_RECIPIENT: &str = "SAME_SENDER_AND_RECIPIENT";
/// A marketing template to a US number (+1 with a US area code, see [`crate::marketing`]): Meta
/// does not deliver them since 2025-04-01 (Twilio 63049). Canada and the Caribbean are not paused.
pub const MARKETING_TEMPLATE_TO_US: &str = "MARKETING_TEMPLATE_TO_US";
/// Sandbox mode: the recipient has not joined the sandbox (Twilio 63015).
pub const SANDBOX_NOT_JOINED: &str = "SANDBOX_NOT_JOINED";
/// Sandbox mode: the recipient joined more than 3 days ago; they must send `join <keyword>` again.
pub const SANDBOX_SESSION_EXPIRED: &str = "SANDBOX_SESSION_EXPIRED";
/// Sandbox sessions last 3 days after joining (see [`crate::sandbox`]).
pub const SANDBOX_SESSION_MS: i64 = crate::sandbox::SANDBOX_SESSION_MS;

/// What the agent sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A free-form message: a body and/or one media item (only inside the customer service window).
    Text {
        /// The text (the caption when media is attached).
        body: String,
        /// At most one item (WhatsApp).
        media: Vec<MediaItem>,
    },
    /// An approved template of the workstream, sent by Content SID; allowed at any time.
    Template {
        /// Content SID (`HX…`, either case).
        content_sid: String,
        /// Values in placeholder order, or keyed by placeholder number.
        variables: Variables,
    },
    /// A template as Twilio's Content API returns it ([`crate::content`]), with its values by
    /// key; sent only where the approval chart allows ([`crate::content::eligibility`]).
    ContentTemplate {
        template: Box<crate::content::ContentTemplate>,
        /// `(key, value)`: `("1", "Ana")`, or named keys.
        values: Vec<(String, String)>,
    },
}

/// A template's values: in placeholder order (`[0]` for `{{1}}`), or keyed by placeholder
/// number (`("1", "Ana")`), as [`crate::template::render`] and
/// [`crate::template::render_keyed`] take them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variables {
    /// `variables[0]` for `{{1}}`.
    Positional(Vec<String>),
    /// `(key, value)`: `("1", "Ana")`.
    Keyed(Vec<(String, String)>),
}

impl From<Vec<String>> for Variables {
    fn from(v: Vec<String>) -> Self {
        Variables::Positional(v)
    }
}

/// An outbound send request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundRequest {
    /// The workstream the agent works in; its number is the sender.
    pub workstream_id: String,
    /// The customer: `+E164` or `whatsapp:+E164` (strict).
    pub to: String,
    /// The conversation: the customer's last inbound message (epoch ms), `None` if they never
    /// wrote. Decides the 24-hour customer service window (see [`crate::window`]).
    pub last_inbound_at: Option<i64>,
    /// Sandbox mode only: when the customer joined (epoch ms), known or inferred: the
    /// `joined_at` of [`crate::sandbox::sandbox_state`]; `None` when not joined (or refuted by a
    /// 63015 answer).
    pub sandbox_joined_at: Option<i64>,
    /// What to send.
    pub content: Content,
    /// The current instant (epoch ms).
    pub now: i64,
    /// Where Twilio posts this message's status callbacks, when the sender's settings ask for
    /// them (`statusCallbacks`, default on): this URL, or else the config's
    /// `<callbackBaseUrl>/twilio/status` ([`crate::config::status_callback_url`]). A number
    /// whose `statusCallbacks` is off never gets one.
    pub status_callback: Option<String>,
}

/// A status callback URL that is not an absolute http(s) URL (path `statusCallback`).
pub const STATUS_CALLBACK_INVALID: &str = "STATUS_CALLBACK_INVALID";

/// The exact parameters of Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`),
/// named as Twilio names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "PascalCase")]
pub struct MessageParams {
    /// `whatsapp:+…` (the customer).
    pub to: String,
    /// `whatsapp:+…` (the business number), unless sent through a Messaging Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The number's Messaging Service, when configured (then no `From`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    /// Free-form text (never with `ContentSid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The template's Content SID (lowercase hex).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_sid: Option<String>,
    /// JSON string of the template values: `{"1":"Ana","2":"12:30"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_variables: Option<String>,
    /// One media URL (free-form only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// Where Twilio posts the message's status callbacks (when the number's settings ask).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_callback: Option<String>,
}

impl MessageParams {
    /// The parameters as `(name, value)` pairs in Twilio's names, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![("To", self.to.as_str())];
        let opt = [
            ("From", &self.from),
            ("MessagingServiceSid", &self.messaging_service_sid),
            ("Body", &self.body),
            ("ContentSid", &self.content_sid),
            ("ContentVariables", &self.content_variables),
            ("MediaUrl", &self.media_url),
            ("StatusCallback", &self.status_callback),
        ];
        out.extend(
            opt.iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
        );
        out
    }
    /// The form-encoded request body.
    pub fn to_form(&self) -> String {
        crate::form::encode(self.pairs())
    }
}

/// Who an agent's send goes between, as [`send_target`] (JS `sendTarget`) resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct SendTarget {
    /// The business number (E.164): the workstream's.
    pub business: String,
    /// The conversation key: the customer's canonical form (`+525512345678` for `+5215512345678`,
    /// or the business-scoped user ID).
    pub customer: String,
    /// The recipient as given (what the message is sent to).
    pub to: String,
    /// The id of the workstream serving the business number.
    pub workstream_id: String,
    /// Its index in `config.workstreams`.
    pub workstream_index: usize,
    /// Whether the business number is Twilio's sandbox number and the configuration is in sandbox
    /// mode (the sandbox's join rules apply).
    pub sandbox: bool,
}

/// Resolves who a send goes between: `to` (the customer: E.164, `whatsapp:` address, WhatsApp's
/// own number forms or a business-scoped user ID) and the business side, named by `from` (a
/// configured business number) or `workstream` (a workstream id; `from` wins when both are given).
/// Errors, each at its field: `PARAMETER_MISSING` (`to`; `from` when neither is given), the
/// customer's and number's codes (`E164_*`, `WHATSAPP_ADDRESS_INVALID`, …), `NUMBER_NOT_CONFIGURED`
/// (`from`), `WORKSTREAM_NOT_FOUND` (`workstream`).
pub fn send_target(
    config: &Config,
    to: Option<&str>,
    from: Option<&str>,
    workstream: Option<&str>,
) -> Result<SendTarget> {
    let Some(to) = to else {
        return Err(Error::new(PARAMETER_MISSING, "to: the customer is required").at("to"));
    };
    let customer = crate::customer::parse_customer(to).map_err(|e| e.at("to"))?;
    let find = |pred: &dyn Fn(&crate::config::Workstream) -> bool| {
        config.workstreams.iter().enumerate().find(|(_, w)| pred(w))
    };
    let (index, ws) = match (from, workstream) {
        (Some(from), _) => {
            let n = crate::number::parse_e164(from).map_err(|e| e.at("from"))?;
            find(&|w| w.number == n.as_str()).ok_or_else(|| {
                Error::new(
                    NUMBER_NOT_CONFIGURED,
                    "from: not a configured business number",
                )
                .at("from")
            })?
        }
        (None, Some(id)) => find(&|w| w.id == id).ok_or_else(|| {
            Error::new(
                WORKSTREAM_NOT_FOUND,
                "workstream: no workstream has this id",
            )
            .at("workstream")
        })?,
        (None, None) => {
            return Err(Error::new(
                PARAMETER_MISSING,
                "from (a business number) or workstream (an id) is required",
            )
            .at("from"))
        }
    };
    let sandbox = config.sandbox.as_ref().is_some_and(|s| s.enabled)
        && ws.number == crate::config::SANDBOX_NUMBER;
    Ok(SendTarget {
        business: ws.number.clone(),
        customer: customer.canonical,
        to: to.to_owned(),
        workstream_id: ws.id.clone(),
        workstream_index: index,
        sandbox,
    })
}

/// Composes an outbound WhatsApp message: applies every rule and returns Twilio's exact
/// parameters, or `OUTBOUND_REJECTED` listing ALL violations with their paths:
///
/// - the workstream exists (`WORKSTREAM_NOT_FOUND`); its number is configured and enabled
///   (`NUMBER_NOT_CONFIGURED`, `NUMBER_DISABLED`, or an `E164_*` code at `workstream.number`);
/// - the recipient is a strict E.164 number or WhatsApp address (`E164_*` /
///   `WHATSAPP_ADDRESS_INVALID` at `to`), not the sender (`SAME_SENDER_AND_RECIPIENT`, 63031);
/// - free-form text and media only inside the 24-hour window (`WINDOW_CLOSED`, 63016; window
///   errors such as `EVENT_IN_FUTURE` at `lastInboundAt`); body rules (`BODY_TOO_LONG` 21617,
///   `MESSAGE_EMPTY`); agents' attachment permission and WhatsApp media limits
///   (`ATTACHMENTS_DISABLED`, `AGENT_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED` 12300,
///   `MEDIA_TOO_LARGE` 63034, `TOO_MANY_MEDIA`, `CAPTION_NOT_ALLOWED`, `MEDIA_URL_INVALID`);
/// - templates: one of the workstream's (`TEMPLATE_NOT_FOUND`), rendered with valid values
///   (`VARIABLE_*` at `content.variables.N`, 21656), no marketing template to a US
///   number (`MARKETING_TEMPLATE_TO_US`, 63049; other +1 countries are not paused);
/// - sandbox mode (workstream on the sandbox number): the recipient joined, within 3 days
///   (`SANDBOX_NOT_JOINED` 63015, `SANDBOX_SESSION_EXPIRED`).
pub fn compose_outbound(config: &Config, req: &OutboundRequest) -> Result<MessageParams> {
    let mut problems = Vec::new();
    let to = parse_recipient(&req.to).map_err(|e| e.at("to"));
    let Some(ws) = config.workstream(&req.workstream_id) else {
        problems.push(
            Error::new(
                WORKSTREAM_NOT_FOUND,
                format!(
                    "no workstream \"{}\" in the configuration",
                    req.workstream_id
                ),
            )
            .at("workstreamId"),
        );
        problems.extend(to.err());
        return Err(rejected(problems));
    };
    // The sender: the workstream's number, configured and enabled (or the sandbox number).
    let sandbox = ws.number == SANDBOX_NUMBER && config.sandbox.as_ref().is_some_and(|s| s.enabled);
    let from = number::parse_e164(&ws.number).map_err(|e| e.at("workstream.number"));
    let settings = config
        .numbers
        .iter()
        .find(|n| n.number == ws.number)
        .map(|n| &n.settings);
    match settings {
        Some(s) if !s.enabled => problems.push(
            Error::new(NUMBER_DISABLED, format!("{} is disabled", ws.number))
                .at("workstream.number"),
        ),
        None if !sandbox => problems.push(
            Error::new(
                NUMBER_NOT_CONFIGURED,
                format!("{} is not a number of this channel", ws.number),
            )
            .at("workstream.number"),
        ),
        _ => {}
    }
    let (to_address, to) = match to {
        Ok((a, n)) => (Some(a), Ok(n)),
        Err(e) => (None, Err(e)),
    };
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => {
            if crate::customer::canonical_number(&f) == t {
                problems.push(
                    Error::new(
                        SAME_SENDER_AND_RECIPIENT,
                        "the recipient is the workstream's own number (Twilio 63031)",
                    )
                    .at("to"),
                );
            }
            (Some(f), Some(t))
        }
        (f, t) => {
            let (f, t) = (
                f.map_err(|e| problems.push(e)).ok(),
                t.map_err(|e| problems.push(e)).ok(),
            );
            (f, t)
        }
    };
    if sandbox {
        match req.sandbox_joined_at {
            None => problems.push(
                Error::new(
                    SANDBOX_NOT_JOINED,
                    "sandbox mode: the recipient has not joined the sandbox (Twilio 63015)",
                )
                .at("sandboxJoinedAt"),
            ),
            Some(j) if req.now >= j.saturating_add(SANDBOX_SESSION_MS) => problems.push(
                Error::new(
                    SANDBOX_SESSION_EXPIRED,
                    "sandbox mode: the recipient joined more than 3 days ago and must send the join keyword again",
                )
                .at("sandboxJoinedAt"),
            ),
            _ => {}
        }
    }
    let mut params = MessageParams {
        to: to_address.unwrap_or_default(),
        ..MessageParams::default()
    };
    match settings.and_then(|s| s.messaging_service_sid.clone()) {
        Some(mg) => params.messaging_service_sid = Some(mg),
        None => params.from = from.as_ref().map(number::whatsapp_address),
    }
    // Status callbacks: on by default (a sandbox number without settings too).
    if settings.map_or(true, |s| s.status_callbacks) {
        match &req.status_callback {
            Some(url) if !media::is_media_url(url) => problems.push(
                Error::new(
                    STATUS_CALLBACK_INVALID,
                    "the status callback URL must be an absolute http(s) URL without spaces (at most 2048 bytes)",
                )
                .at("statusCallback"),
            ),
            Some(url) => params.status_callback = Some(url.clone()),
            None => params.status_callback = crate::config::status_callback_url(config),
        }
    }
    match &req.content {
        Content::Text { body, media } => {
            let window = crate::window::window_state(
                req.last_inbound_at,
                None,
                req.now,
                &crate::window::Options::default(),
            );
            match window {
                Ok(w) if !w.open => problems.push(
                    Error::new(
                        crate::window::WINDOW_CLOSED,
                        "the 24-hour customer service window is closed: only templates may be sent until the customer writes (Twilio 63016)",
                    )
                    .at("content"),
                ),
                Ok(_) => {}
                Err(e) => problems.push(e.at("lastInboundAt")),
            }
            problems.extend(
                check_body(body, !media.is_empty())
                    .into_iter()
                    .map(|e| e.under("content")),
            );
            if !media.is_empty() {
                let caption = Some(body.as_str());
                let v =
                    media::check_attachment(&ws.attachments, Direction::Outbound, media, caption);
                // The caption is this request's `content.body`.
                problems.extend(v.problems.into_iter().map(|e| {
                    let e = if e.path() == Some("caption") {
                        e.at("body")
                    } else {
                        e
                    };
                    e.under("content")
                }));
            }
            if !body.is_empty() {
                params.body = Some(body.clone());
            }
            params.media_url = media.first().and_then(|m| m.url.clone());
            if params.media_url.is_none() && !media.is_empty() {
                problems.push(
                    Error::new(
                        PARAMETER_MISSING,
                        "the media item needs the URL Twilio fetches it from",
                    )
                    .at("content.media[0].url"),
                );
            }
        }
        Content::ContentTemplate { .. } => {} // below
        Content::Template {
            content_sid: sid,
            variables,
        } => {
            let wanted = sid.to_ascii_lowercase();
            let template = ws
                .templates
                .iter()
                .find(|t| t.sid.to_ascii_lowercase() == wanted);
            // A configured Content template (`contentTemplates`; SIDs stored lowercased): the
            // chart applies as for `Content::ContentTemplate`; the values go to its keys in order
            // ("1", "2", … then named ones), and one past them is reported as extra.
            let configured = ws
                .content_templates
                .iter()
                .find(|t| t.sid.to_ascii_lowercase() == wanted);
            match (template, configured) {
                (None, Some(t)) => {
                    let values: Vec<(String, String)> = match variables {
                        Variables::Keyed(v) => v.clone(),
                        Variables::Positional(v) => v
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                let k = match t.variables.get(i) {
                                    Some(k) => k.clone(),
                                    None => (i + 1).to_string(),
                                };
                                (k, v.clone())
                            })
                            .collect(),
                    };
                    let to = to.as_ref();
                    send_content_template(
                        t,
                        &values,
                        "content.contentSid",
                        req,
                        to,
                        &mut params,
                        &mut problems,
                    );
                }
                (None, None) => problems.push(
                    Error::new(
                        crate::template::TEMPLATE_NOT_FOUND,
                        format!("{sid} is not a template of workstream \"{}\"", ws.id),
                    )
                    .at("content.contentSid"),
                ),
                (Some(t), _) => {
                    if t.category == Some(crate::template::Category::Marketing)
                        && to.as_ref().is_some_and(crate::marketing::marketing_paused)
                    {
                        problems.push(
                            Error::new(
                                MARKETING_TEMPLATE_TO_US,
                                "Meta does not deliver marketing templates to US numbers (+1 with a US area code; Twilio 63049)",
                            )
                            .at("content.contentSid"),
                        );
                    }
                    let rendered = match variables {
                        Variables::Positional(v) => crate::template::render(t, v),
                        Variables::Keyed(v) => crate::template::render_keyed(t, v),
                    };
                    match rendered {
                        Ok(r) => {
                            params.content_sid = Some(r.content_sid);
                            params.content_variables = Some(r.content_variables);
                        }
                        // More than 100 values, or too long once rendered (63021): at
                        // `content.variables`, not at the template.
                        Err(e)
                            if e.code() == crate::error::INPUT_TOO_LARGE
                                || e.code() == crate::template::TEMPLATE_RENDERED_TOO_LONG =>
                        {
                            problems.push(e.under("content"))
                        }
                        Err(e)
                            if e.problems().is_empty()
                                || e.code() == crate::template::TEMPLATE_INVALID =>
                        {
                            // The registered template itself is broken: one problem, details inside.
                            problems.push(e.at("content.contentSid"))
                        }
                        Err(e) => problems
                            .extend(e.into_problems().into_iter().map(|p| p.under("content"))),
                    }
                }
            }
        }
    }
    if let Content::ContentTemplate {
        template: t,
        values,
    } = &req.content
    {
        let to = to.as_ref();
        send_content_template(
            t,
            values,
            "content.template",
            req,
            to,
            &mut params,
            &mut problems,
        );
    }
    if problems.is_empty() {
        Ok(params)
    } else {
        Err(rejected(problems))
    }
}

/// The twilio SDK's `client.messages.create` options for Messages API parameters (as
/// [`compose_outbound`] returns them, by their REST names): `From` → `from`, `To` → `to`,
/// `MessagingServiceSid` → `messagingServiceSid`, `Body` → `body`, `ContentSid` → `contentSid`,
/// `ContentVariables` → `contentVariables`, `StatusCallback` → `statusCallback`, and `MediaUrl`
/// (may repeat) → `mediaUrl`, an array. Errors: `INVALID_ARGUMENT` at the parameter: a name
/// that is none of these, a duplicate (other than `MediaUrl`), `To` missing.
pub fn messages_create_options(rest: &[(String, String)]) -> Result<SdkCreateOptions> {
    use crate::error::INVALID_ARGUMENT;
    let mut o = SdkCreateOptions::default();
    for (k, v) in rest {
        let slot = match k.as_str() {
            "To" => &mut o.to,
            "From" => &mut o.from,
            "MessagingServiceSid" => &mut o.messaging_service_sid,
            "Body" => &mut o.body,
            "ContentSid" => &mut o.content_sid,
            "ContentVariables" => &mut o.content_variables,
            "StatusCallback" => &mut o.status_callback,
            "MediaUrl" => {
                o.media_url.push(v.clone());
                continue;
            }
            _ => {
                return Err(Error::new(
                    INVALID_ARGUMENT,
                    format!("`{k}` is not a Messages API parameter of composeOutbound (To, From, MessagingServiceSid, Body, ContentSid, ContentVariables, MediaUrl, StatusCallback)"),
                )
                .at(k.clone()))
            }
        };
        if slot.is_some() {
            return Err(
                Error::new(INVALID_ARGUMENT, format!("`{k}` is given twice")).at(k.clone()),
            );
        }
        *slot = Some(v.clone());
    }
    if o.to.is_none() {
        return Err(Error::new(INVALID_ARGUMENT, "`To` is missing").at("To"));
    }
    Ok(o)
}

/// The options of the twilio SDK's `client.messages.create` (`MessageListInstanceCreateOptions`
/// of twilio-node 6), from [`messages_create_options`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct SdkCreateOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_sid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_variables: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub media_url: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_callback: Option<String>,
}

/// A Content template's send: every reason of the approval chart given the window (each a
/// problem at `at`), marketing templates to US numbers (63049), then exactly `ContentSid` +
/// `ContentVariables`.
fn send_content_template(
    t: &crate::content::ContentTemplate,
    values: &[(String, String)],
    at: &str,
    req: &OutboundRequest,
    to: Option<&E164>,
    params: &mut MessageParams,
    problems: &mut Vec<Error>,
) {
    let open = match crate::window::window_state(
        req.last_inbound_at,
        None,
        req.now,
        &crate::window::Options::default(),
    ) {
        Ok(w) => w.open,
        Err(e) => {
            problems.push(e.at("lastInboundAt"));
            false
        }
    };
    // Every reason the chart gives, each a problem with its code (TEMPLATE_NOT_APPROVED,
    // TEMPLATE_SESSION_ONLY, TEMPLATE_APPROVAL_REQUIRED, TEMPLATE_PAUSED, …).
    for r in crate::content::eligibility(t, open).reasons {
        problems.push(Error::new(r.code, r.message).at(at));
    }
    if t.approval.template_category() == Some(crate::template::Category::Marketing)
        && to.is_some_and(crate::marketing::marketing_paused)
    {
        problems.push(
            Error::new(
                MARKETING_TEMPLATE_TO_US,
                "Meta does not deliver marketing templates to US numbers (+1 with a US area code; Twilio 63049)",
            )
            .at(at),
        );
    }
    match crate::content::render(t, values) {
        Ok(r) => {
            params.content_sid = Some(r.content_sid);
            params.content_variables = Some(r.content_variables);
        }
        Err(e) if e.problems().is_empty() => problems.push(e.at("content")),
        Err(e) => problems.extend(e.into_problems().into_iter().map(|p| p.under("content"))),
    }
}

fn rejected(problems: Vec<Error>) -> Error {
    Error::aggregate(
        OUTBOUND_REJECTED,
        format!("the message cannot be sent: {} problem(s)", problems.len()),
        problems,
    )
}

/// `+E164` or `whatsapp:+E164`, strictly, or one of WhatsApp's own number forms (Mexico's
/// `+521…`, see [`crate::customer`]): the `whatsapp:` address to send to (the number as given)
/// and the canonical number the rules judge.
fn parse_recipient(s: &str) -> Result<(String, E164)> {
    let strict = if s.starts_with(number::WHATSAPP_PREFIX) {
        number::parse_whatsapp_address(s)
    } else {
        number::parse_e164(s)
    };
    match strict {
        Ok(n) => Ok((
            number::whatsapp_address(&n),
            crate::customer::canonical_number(&n),
        )),
        Err(e) => {
            let bare = s.strip_prefix(number::WHATSAPP_PREFIX).unwrap_or(s);
            crate::customer::parse_whatsapp_number(bare)
                .map(|(text, canonical)| (format!("{}{text}", number::WHATSAPP_PREFIX), canonical))
                .map_err(|_| e)
        }
    }
}
