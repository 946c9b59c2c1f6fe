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
/// At most this many parameters in a webhook (`INPUT_TOO_LARGE` past it).
pub const MAX_PARAMS: usize = 200;
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
            .span(MAX_BODY_CHARS, n),
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
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub latitude: String,
    pub longitude: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The Click-to-WhatsApp ad or Facebook Page button the conversation came from (`Referral*`):
/// its presence starts the free entry point window (see the window module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// `ad` or `post`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_media: Option<String>,
    /// Click-to-WhatsApp click id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctwa_clid: Option<String>,
}

/// The message the customer replied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[serde(rename_all = "camelCase")]
pub struct Inbound {
    /// `MessageSid` (`SM`/`MM` + 32 hex).
    pub message_sid: String,
    /// `AccountSid`.
    pub account_sid: String,
    /// `MessagingServiceSid`, when the number belongs to a Messaging Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    /// The customer (`From`, `whatsapp:+…`).
    pub from: E164,
    /// The business number (`To`).
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
    pub num_segments: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
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
    pub location: Option<Location>,
    /// Present when the message came from an ad or a Page button.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replied_to: Option<RepliedTo>,
    /// `Forwarded=true`.
    pub forwarded: bool,
    /// `FrequentlyForwarded=true`.
    pub frequently_forwarded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_user_id: Option<String>,
    /// Every parameter not listed above, kept as sent (Twilio adds parameters without notice).
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

/// Webhook parameters as a map, duplicates reported.
struct Params<'a> {
    map: Vec<(&'a str, &'a str)>,
    problems: Vec<Error>,
}

impl<'a> Params<'a> {
    fn new(params: &'a [(String, String)]) -> Result<Self> {
        if params.len() > MAX_PARAMS {
            return Err(Error::too_large("the webhook", MAX_PARAMS, "parameters"));
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
                    format!(
                        "{k} must be {} followed by 32 hex digits",
                        prefixes.join(" or ")
                    ),
                )
                .at(k),
            );
        }
        v.to_string()
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
/// parameters are kept in `extra`, never refused.
pub fn parse_inbound(params: &[(String, String)]) -> Result<Inbound> {
    let mut p = Params::new(params)?;
    let message_sid = p.sid("MessageSid", &["SM", "MM"], true);
    let account_sid = p.sid("AccountSid", &["AC"], true);
    let service = p.sid("MessagingServiceSid", &["MG"], false);
    let from = p.address("From");
    let to = p.address("To");
    let wa_id = p.opt("WaId");
    if let (Some(w), Some(f)) = (&wa_id, &from) {
        if w != f.wa_id() {
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
    let referral = (Referral {
        num_media: None,
        ..referral.clone()
    } != Referral::default())
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
    let (Some(from), Some(to), true) = (from, to, p.problems.is_empty()) else {
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
        from,
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
#[serde(rename_all = "camelCase")]
pub struct InboundVerdict {
    /// The workstream serving the number.
    pub workstream_id: String,
    /// The message came to Twilio's sandbox number.
    pub sandbox: bool,
    /// The customer's attachments may be delivered to the agent (true when there are none).
    pub deliver_media: bool,
    /// Why attachments are refused (`CUSTOMER_ATTACHMENTS_NOT_ALLOWED`, `MEDIA_TYPE_NOT_ALLOWED`, …).
    pub media_problems: Vec<Error>,
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
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Queued,
    Sending,
    Sent,
    Failed,
    Delivered,
    Undelivered,
    Receiving,
    Received,
    Accepted,
    Scheduled,
    Read,
    PartiallyDelivered,
    Canceled,
}

impl MessageStatus {
    /// From Twilio's lowercase name.
    pub fn from_name(s: &str) -> Option<Self> {
        use MessageStatus::*;
        Some(match s {
            "queued" => Queued,
            "sending" => Sending,
            "sent" => Sent,
            "failed" => Failed,
            "delivered" => Delivered,
            "undelivered" => Undelivered,
            "receiving" => Receiving,
            "received" => Received,
            "accepted" => Accepted,
            "scheduled" => Scheduled,
            "read" => Read,
            "partially_delivered" => PartiallyDelivered,
            "canceled" => Canceled,
            _ => return None,
        })
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

/// A parsed status callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCallback {
    pub message_sid: String,
    pub account_sid: String,
    pub status: MessageStatus,
    /// `From`, as sent (`whatsapp:+…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `To`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Twilio error code (63016, 63049, …) on failed/undelivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_to_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Every other parameter, kept as sent.
    pub extra: Extra,
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
/// `PARAMETER_DUPLICATE`).
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
    Ok(StatusCallback {
        message_sid,
        account_sid,
        status,
        from: p.opt("From"),
        to: p.opt("To"),
        error_code,
        error_message: p.opt("ErrorMessage"),
        channel_prefix: p.opt("ChannelPrefix"),
        channel_to_address: p.opt("ChannelToAddress"),
        event_type: p.opt("EventType"),
        extra,
    })
}
