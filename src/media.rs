//! Media and attachments: WhatsApp's limits per media type (through Twilio) and the workstream's
//! attachment permissions. Spec: `shared/spec/messages.md` ("Media", "Workstream attachment settings").
//!
//! [`check_attachment`] gives an agent's outbound attachment, or a customer's inbound one, a
//! [`Verdict`]: allowed, or every reason why not, each with a stable code.
//!
//! | code | prevents |
//! |---|---|
//! | [`ATTACHMENTS_DISABLED`] | the workstream's "File attachments" setting is off |
//! | [`AGENT_ATTACHMENTS_NOT_ALLOWED`] | agents may not send attachments in this workstream |
//! | [`CUSTOMER_ATTACHMENTS_NOT_ALLOWED`] | customers may not send attachments in this workstream |
//! | [`MEDIA_TYPE_NOT_ALLOWED`] | Twilio 12300 (unsupported `Content-Type`) |
//! | [`MEDIA_TOO_LARGE`] | Twilio 63034 (media exceeds the size limit) |
//! | [`TOO_MANY_MEDIA`] | WhatsApp delivers one media item per message (Twilio ignores the rest; 21623 past 10) |
//! | [`CAPTION_NOT_ALLOWED`] | a caption on audio, stickers, documents or contacts is dropped by WhatsApp |
//! | [`MEDIA_URL_INVALID`] | Twilio 11200/21620 (the media URL must be a public http(s) URL) |

use crate::config::AttachmentSettings;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The workstream's "File attachments" setting is off: neither side may send attachments.
pub const ATTACHMENTS_DISABLED: &str = "ATTACHMENTS_DISABLED";
/// Attachments are on, but agents may not send them.
pub const AGENT_ATTACHMENTS_NOT_ALLOWED: &str = "AGENT_ATTACHMENTS_NOT_ALLOWED";
/// Attachments are on, but customers may not send them (the message is delivered without the
/// attachment and the customer gets the workstream's automated reply).
pub const CUSTOMER_ATTACHMENTS_NOT_ALLOWED: &str = "CUSTOMER_ATTACHMENTS_NOT_ALLOWED";
/// The MIME type is not one WhatsApp accepts through Twilio (Twilio 12300).
pub const MEDIA_TYPE_NOT_ALLOWED: &str = "MEDIA_TYPE_NOT_ALLOWED";
/// Larger than the limit of its type: images 5 MB, WebP stickers 100 KB (500 KB animated),
/// everything else 16 MB (Twilio 63034).
pub const MEDIA_TOO_LARGE: &str = "MEDIA_TOO_LARGE";
/// More than one media item in one WhatsApp message.
pub const TOO_MANY_MEDIA: &str = "TOO_MANY_MEDIA";
/// A caption (the `Body` sent with the media) on a type that cannot carry one.
pub const CAPTION_NOT_ALLOWED: &str = "CAPTION_NOT_ALLOWED";
/// A caption (the `Body` sent with an image or video) longer than [`MAX_CAPTION_CHARS`]
/// (1,024) characters: WhatsApp refuses the message (Twilio 63021); `span` covers the excess.
pub const CAPTION_TOO_LONG: &str = "CAPTION_TOO_LONG";
/// The media URL is not an absolute `https://` (or `http://`) URL without spaces, ≤ 2,048 bytes.
pub const MEDIA_URL_INVALID: &str = "MEDIA_URL_INVALID";

/// Images: at most 5 MB (decimal megabytes, the conservative reading of Twilio's "5 MB").
pub const MAX_IMAGE_BYTES: u64 = 5_000_000;
/// Captions (the body sent with an image or video): at most 1,024 characters (Meta).
pub const MAX_CAPTION_CHARS: usize = 1024;
/// WebP stickers: at most 100 KB static (decimal, the conservative reading of Meta's "100 KB").
pub const MAX_STICKER_BYTES: u64 = 100_000;
/// WebP stickers the caller marks `animated: true`: at most 500 KB.
pub const MAX_ANIMATED_STICKER_BYTES: u64 = 500_000;
/// Every other type, and the whole message: at most 16 MB (decimal).
pub const MAX_MEDIA_BYTES: u64 = 16_000_000;
/// Media items per WhatsApp message.
pub const MAX_MEDIA_PER_MESSAGE: usize = 1;
/// Longest media URL accepted.
pub const MAX_URL_BYTES: usize = 2048;
/// Longest `Content-Type` accepted.
pub const MAX_CONTENT_TYPE_BYTES: usize = 255;
/// At most this many media items are examined (`INPUT_TOO_LARGE` past it; Twilio's own cap is 10).
pub const MAX_MEDIA_ITEMS: usize = 10;

/// WhatsApp media kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// image/jpeg, image/png (≤ 5 MB, caption allowed).
    Image,
    /// image/webp (stickers only, no caption).
    Sticker,
    /// audio/ogg (opus), audio/amr, audio/3gpp, audio/aac, audio/mpeg (no caption).
    Audio,
    /// video/mp4, video/3gpp (caption allowed).
    Video,
    /// PDF and Office documents (no filename or caption through Twilio).
    Document,
    /// vCard.
    Contact,
}

impl MediaKind {
    /// Size limit of the kind, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::Image => MAX_IMAGE_BYTES,
            _ => MAX_MEDIA_BYTES,
        }
    }
    /// Whether a caption (the `Body` sent with the media) is delivered with this kind.
    pub fn caption_allowed(self) -> bool {
        matches!(self, MediaKind::Image | MediaKind::Video)
    }
    /// The kind's name: `image`, `sticker`, `audio`, `video`, `document`, `contact`.
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Sticker => "sticker",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
            MediaKind::Document => "document",
            MediaKind::Contact => "contact",
        }
    }
}

/// The allow-list: MIME type → kind.
const TYPES: [(&str, MediaKind); 17] = [
    ("image/jpeg", MediaKind::Image),
    ("image/png", MediaKind::Image),
    ("image/webp", MediaKind::Sticker),
    ("audio/ogg", MediaKind::Audio),
    ("audio/amr", MediaKind::Audio),
    ("audio/3gpp", MediaKind::Audio),
    ("audio/aac", MediaKind::Audio),
    ("audio/mpeg", MediaKind::Audio),
    ("video/mp4", MediaKind::Video),
    ("video/3gpp", MediaKind::Video),
    ("application/pdf", MediaKind::Document),
    ("application/msword", MediaKind::Document),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        MediaKind::Document,
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        MediaKind::Document,
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        MediaKind::Document,
    ),
    ("text/vcard", MediaKind::Contact),
    ("text/x-vcard", MediaKind::Contact),
];

/// Who sends the attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// An agent's attachment, to the customer.
    Outbound,
    /// A customer's attachment, received in the inbound webhook.
    Inbound,
}

/// One media item: its MIME type, and where known its size and URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct MediaItem {
    /// `Content-Type`, e.g. `image/jpeg` (parameters such as `; codecs=opus` allowed).
    pub content_type: String,
    /// Size in bytes, when known (outbound: the file the agent picked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The URL Twilio fetches (outbound `MediaUrl`) or serves (inbound `MediaUrl{N}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A WebP sticker is animated (limit 500 KB instead of 100 KB). Unknown (`false`): static.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub animated: bool,
}

/// The verdict on an attachment: allowed, or every reason why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// No problem found.
    pub allowed: bool,
    /// The kind of the (first) media item, when its type is on the allow-list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<MediaKind>,
    /// Every reason, each with a code and the path of the offending field (`media[0].size`).
    pub problems: Vec<crate::Problem>,
}

impl Verdict {
    /// `Ok(kind)` when allowed, else an aggregate `ATTACHMENT_REFUSED` error with every problem.
    pub fn into_result(self) -> Result<Option<MediaKind>> {
        if self.allowed {
            Ok(self.kind)
        } else {
            Err(Error::aggregate(
                ATTACHMENT_REFUSED,
                "the attachment cannot be sent",
                self.problems,
            ))
        }
    }
}

/// Aggregate code of [`Verdict::into_result`].
pub const ATTACHMENT_REFUSED: &str = "ATTACHMENT_REFUSED";

/// The kind of a MIME type on WhatsApp's allow-list (case-insensitive; parameters ignored), or
/// `None`. `audio/ogg` with a `codecs` parameter other than opus is refused.
///
/// ```
/// use wa_guard::media::{media_kind, MediaKind};
/// assert_eq!(media_kind("image/JPEG"), Some(MediaKind::Image));
/// assert_eq!(media_kind("audio/ogg; codecs=opus"), Some(MediaKind::Audio));
/// assert_eq!(media_kind("image/gif"), None);
/// ```
pub fn media_kind(content_type: &str) -> Option<MediaKind> {
    let mut parts = content_type.split(';');
    let essence = parts.next()?.trim();
    let (_, kind) = TYPES
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(essence))?;
    if essence.eq_ignore_ascii_case("audio/ogg") {
        for p in parts {
            let (k, v) = p.split_once('=')?;
            if k.trim().eq_ignore_ascii_case("codecs")
                && !unquote(v.trim()).eq_ignore_ascii_case("opus")
            {
                return None;
            }
        }
    }
    Some(*kind)
}

/// `audio/ogg` with a `codecs` parameter that is not opus.
fn ogg_with_other_codec(content_type: &str) -> bool {
    let mut parts = content_type.split(';');
    parts
        .next()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("audio/ogg"))
        && parts.any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("codecs")
                    && !unquote(v.trim()).eq_ignore_ascii_case("opus")
            })
        })
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
}

/// Whether a URL is an absolute http(s) URL Twilio can fetch: scheme, a host, no whitespace or
/// control characters, at most [`MAX_URL_BYTES`].
pub fn is_media_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    url.len() <= MAX_URL_BYTES
        && rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !host.starts_with(':')
        })
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The verdict on media items sent by `direction` under a workstream's `settings`:
/// permissions first, then one item per message, then each item's type, size, URL, and whether
/// `caption` (the body sent with it, outbound) can go with its kind. Every problem is reported.
///
/// Inbound sizes are usually unknown (Twilio does not send them) and then not checked; inbound
/// captions are the customer's text and never refused.
///
/// ```
/// use wa_guard::config::AttachmentSettings;
/// use wa_guard::media::{check_attachment, Direction, MediaItem};
/// let on = AttachmentSettings { enabled: true, customers_may_send: true, agents_may_send: true };
/// let pdf = MediaItem { content_type: "application/pdf".into(), size: Some(20_000), url: None, animated: false };
/// assert!(check_attachment(&on, Direction::Outbound, &[pdf.clone()], None).allowed);
/// let v = check_attachment(&on, Direction::Outbound, &[pdf], Some("see attached"));
/// assert_eq!(v.problems[0].code(), "CAPTION_NOT_ALLOWED");
/// ```
pub fn check_attachment(
    settings: &AttachmentSettings,
    direction: Direction,
    media: &[MediaItem],
    caption: Option<&str>,
) -> Verdict {
    let mut problems = Vec::new();
    if media.len() > MAX_MEDIA_ITEMS {
        problems.push(Error::too_large("media", MAX_MEDIA_ITEMS, "items").at("media"));
        return Verdict {
            allowed: false,
            kind: None,
            problems,
        };
    }
    if !settings.enabled {
        problems.push(Error::new(
            ATTACHMENTS_DISABLED,
            "file attachments are turned off for this workstream",
        ));
    } else {
        match direction {
            Direction::Outbound if !settings.agents_may_send => problems.push(Error::new(
                AGENT_ATTACHMENTS_NOT_ALLOWED,
                "agents may not send attachments in this workstream",
            )),
            Direction::Inbound if !settings.customers_may_send => problems.push(Error::new(
                CUSTOMER_ATTACHMENTS_NOT_ALLOWED,
                "customers may not send attachments in this workstream",
            )),
            _ => {}
        }
    }
    if media.len() > MAX_MEDIA_PER_MESSAGE {
        problems.push(
            Error::new(
                TOO_MANY_MEDIA,
                format!(
                    "{} media items: a WhatsApp message carries one (send the others as separate messages)",
                    media.len()
                ),
            )
            .at(format!("media[{MAX_MEDIA_PER_MESSAGE}]")),
        );
    }
    let mut first_kind = None;
    for (i, item) in media.iter().enumerate() {
        let kind = check_item(item, direction, caption, &mut problems, i);
        if i == 0 {
            first_kind = kind;
        }
    }
    Verdict {
        allowed: problems.is_empty(),
        kind: first_kind,
        problems,
    }
}

fn check_item(
    item: &MediaItem,
    direction: Direction,
    caption: Option<&str>,
    problems: &mut Vec<Error>,
    i: usize,
) -> Option<MediaKind> {
    let at = |field: &str| format!("media[{i}].{field}");
    if item.content_type.len() > MAX_CONTENT_TYPE_BYTES {
        problems.push(
            Error::too_large("contentType", MAX_CONTENT_TYPE_BYTES, "bytes").at(at("contentType")),
        );
        return None;
    }
    let kind = media_kind(&item.content_type);
    if kind.is_none() {
        problems.push(
            Error::new(
                MEDIA_TYPE_NOT_ALLOWED,
                format!(
                    "\"{}\" is not a media type WhatsApp accepts (JPEG/PNG images, WebP stickers, OGG-opus/AMR/3GPP/AAC/MP3 audio, MP4/3GPP video, PDF/Word/PowerPoint/Excel documents, vCards)",
                    item.content_type
                ),
            )
            .at(at("contentType")),
        );
    }
    if kind.is_none() && ogg_with_other_codec(&item.content_type) {
        if let Some(last) = problems.pop() {
            problems.push(last.with_message(format!(
                "\"{}\": WhatsApp plays OGG audio only with the opus codec (Twilio 12300 / 63019 otherwise)",
                item.content_type
            )));
        }
    }
    if let (Some(k), Some(size)) = (kind, item.size) {
        let (max, what) = match k {
            MediaKind::Sticker if item.animated => {
                (MAX_ANIMATED_STICKER_BYTES, "an animated sticker")
            }
            MediaKind::Sticker => (
                MAX_STICKER_BYTES,
                "a sticker (static unless marked animated: true)",
            ),
            _ => (k.max_bytes(), k.name()),
        };
        if size > max {
            problems.push(
                Error::new(
                    MEDIA_TOO_LARGE,
                    format!("{size} bytes: a WhatsApp {what} may have at most {max} bytes (Twilio 63034)"),
                )
                .at(at("size")),
            );
        }
    } else if let (None, Some(size)) = (kind, item.size) {
        if size > MAX_MEDIA_BYTES {
            problems.push(
                Error::new(
                    MEDIA_TOO_LARGE,
                    format!(
                        "{size} bytes: a WhatsApp message may have at most {MAX_MEDIA_BYTES} bytes"
                    ),
                )
                .at(at("size")),
            );
        }
    }
    if let Some(url) = &item.url {
        if !is_media_url(url) {
            problems.push(
                Error::new(
                    MEDIA_URL_INVALID,
                    "the media URL must be an absolute http(s) URL without spaces (at most 2048 bytes)",
                )
                .at(at("url")),
            );
        }
    }
    if let (Direction::Outbound, Some(k), Some(c)) = (direction, kind, caption) {
        let n = c.chars().count();
        if i == 0 && k.caption_allowed() && n > MAX_CAPTION_CHARS {
            problems.push(
                Error::new(
                    CAPTION_TOO_LONG,
                    format!("the caption has {n} characters; WhatsApp accepts at most {MAX_CAPTION_CHARS} with an image or video (Twilio 63021)"),
                )
                .at("caption")
                .with_span(MAX_CAPTION_CHARS, n),
            );
        }
        if i == 0 && !c.trim().is_empty() && !k.caption_allowed() {
            problems.push(
                Error::new(
                    CAPTION_NOT_ALLOWED,
                    format!(
                        "WhatsApp shows no caption with a {}: send the text as a separate message",
                        k.name()
                    ),
                )
                .at("caption"),
            );
        }
    }
    kind
}
