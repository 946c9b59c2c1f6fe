//! JS bindings of [`crate::media`].

use super::read::{invalid, read, AttachmentInput};
use super::to_js;
use wasm_bindgen::prelude::*;

/// The verdict on an agent's outbound attachment or a customer's inbound one. Never throws on a
/// refused attachment (that is a verdict); throws `INVALID_ARGUMENT` on a malformed input.
#[wasm_bindgen(js_name = checkAttachment, unchecked_return_type = "AttachmentVerdict")]
pub fn check_attachment(
    #[wasm_bindgen(unchecked_param_type = "CheckAttachmentInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let i: AttachmentInput = read(invalid("input"), input, "")?;
    let caption = i.caption.as_deref();
    to_js(&crate::media::check_attachment(
        &i.settings,
        i.direction,
        &i.media,
        caption,
    ))
}

// Generated (tsify): MediaKind, MediaItem, AttachmentSettings, Verdict (crate::media, crate::config).
// Hand-written: checkAttachment's input bag (read by `read::FromJs`), and the result's public name.
#[wasm_bindgen(typescript_custom_section)]
const TS_MEDIA: &str = r#"
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
"#;
