//! JS bindings of [`crate::media`].
//!
//! Inputs are read by hand ([`super::read`]), results built by hand ([`super::out`]).

use super::read::Arg;
use super::{js_error, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::media::Direction;
use wasm_bindgen::prelude::*;

/// The `input` argument (errors: `INVALID_ARGUMENT` at the field's path).
const INPUT: Arg = Arg {
    code: INVALID_ARGUMENT,
    name: "input",
};

/// The verdict on an agent's outbound attachment or a customer's inbound one. Never throws on a
/// refused attachment (that is a verdict); throws `INVALID_ARGUMENT` on a malformed input.
#[wasm_bindgen(js_name = checkAttachment, unchecked_return_type = "AttachmentVerdict")]
pub fn check_attachment(
    #[wasm_bindgen(unchecked_param_type = "CheckAttachmentInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let i = throw(INPUT.lenient(input, ""))?;
    let direction = match throw(i.opt_string("direction"))?.as_deref() {
        Some("outbound") => Direction::Outbound,
        Some("inbound") => Direction::Inbound,
        _ => {
            return Err(js_error(
                &Error::new(
                    INVALID_ARGUMENT,
                    "direction must be \"outbound\" or \"inbound\"",
                )
                .at("direction"),
            ))
        }
    };
    let settings = throw(i.attachment_settings("settings"))?;
    let media = throw(i.media("media"))?;
    let caption = throw(i.opt_string("caption"))?;
    to_js(&crate::media::check_attachment(
        &settings,
        direction,
        &media,
        caption.as_deref(),
    ))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_MEDIA: &str = r#"
/** WhatsApp media kinds. */
export type MediaKind = "image" | "sticker" | "audio" | "video" | "document" | "contact";

/** One media item: its MIME type, and where known its size (bytes) and URL. */
export interface MediaItem {
  contentType: string;
  size?: number;
  url?: string;
  /** A WebP sticker is animated: limit 500 KB instead of 100 KB (unknown: static). */
  animated?: boolean;
}

/** "File attachments" on/off; when on, who may send them (same declaration as the config's). */
export interface AttachmentSettings {
  enabled?: boolean;
  customersMaySend?: boolean;
  agentsMaySend?: boolean;
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
 * `CAPTION_NOT_ALLOWED`, `MEDIA_URL_INVALID`). */
export interface AttachmentVerdict { allowed: boolean; kind?: MediaKind; problems: Problem[]; }
"#;
