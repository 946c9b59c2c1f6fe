//! JS bindings of [`crate::media`].
//!
//! Inputs are read by hand ([`read`]) rather than through serde: serde-wasm-bindgen's
//! deserialisers (and the float formatting of their error messages) cost tens of KB of wasm.

use super::{js_error, to_js};
use crate::config::AttachmentSettings;
use crate::error::{Error, INVALID_ARGUMENT};
use crate::media::{Direction, MediaItem};
use wasm_bindgen::prelude::*;

/// Small readers of plain JS objects, with `INVALID_ARGUMENT` errors naming the path.
pub(crate) mod read {
    use super::*;

    /// `INVALID_ARGUMENT` at `path`.
    pub(crate) fn bad(path: &str, what: &str) -> JsValue {
        js_error(&Error::new(INVALID_ARGUMENT, format!("{path} must be {what}")).at(path))
    }

    /// `obj[key]`; `undefined` when `obj` is not an object.
    pub(crate) fn field(obj: &JsValue, key: &str) -> JsValue {
        if !obj.is_object() {
            return JsValue::UNDEFINED;
        }
        js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// An object, or `INVALID_ARGUMENT`.
    pub(crate) fn object(v: &JsValue, path: &str) -> Result<(), JsValue> {
        if v.is_object() && !js_sys::Array::is_array(v) {
            Ok(())
        } else {
            Err(bad(path, "an object"))
        }
    }

    /// An optional string (`undefined`/`null` → `None`).
    pub(crate) fn opt_string(v: &JsValue, path: &str) -> Result<Option<String>, JsValue> {
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string().map(Some).ok_or_else(|| bad(path, "a string"))
    }

    /// A required string.
    pub(crate) fn string(v: &JsValue, path: &str) -> Result<String, JsValue> {
        opt_string(v, path)?.ok_or_else(|| bad(path, "a string"))
    }

    /// An optional boolean (absent → `false`).
    pub(crate) fn flag(v: &JsValue, path: &str) -> Result<bool, JsValue> {
        if v.is_undefined() || v.is_null() {
            return Ok(false);
        }
        v.as_bool().ok_or_else(|| bad(path, "a boolean"))
    }

    /// An optional whole number ≥ 0 (at most 2^53).
    pub(crate) fn opt_count(v: &JsValue, path: &str) -> Result<Option<u64>, JsValue> {
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if (0.0..=9_007_199_254_740_992.0).contains(&n) && n.fract() == 0.0 => {
                Ok(Some(n as u64))
            }
            _ => Err(bad(path, "a whole number of bytes (0 or more)")),
        }
    }

    /// An array's items, or a single value as a one-item list; `undefined` → empty.
    pub(crate) fn list(v: &JsValue) -> Vec<JsValue> {
        if v.is_undefined() || v.is_null() {
            Vec::new()
        } else if js_sys::Array::is_array(v) {
            js_sys::Array::from(v).iter().collect()
        } else {
            vec![v.clone()]
        }
    }

    /// `{ enabled?, customersMaySend?, agentsMaySend? }`.
    pub(crate) fn attachment_settings(
        v: &JsValue,
        path: &str,
    ) -> Result<AttachmentSettings, JsValue> {
        object(v, path)?;
        Ok(AttachmentSettings {
            enabled: flag(&field(v, "enabled"), &format!("{path}.enabled"))?,
            customers_may_send: flag(
                &field(v, "customersMaySend"),
                &format!("{path}.customersMaySend"),
            )?,
            agents_may_send: flag(&field(v, "agentsMaySend"), &format!("{path}.agentsMaySend"))?,
        })
    }

    /// `MediaItem | MediaItem[]` (at most 10 items are read; more is refused later by the core).
    pub(crate) fn media(v: &JsValue, path: &str) -> Result<Vec<MediaItem>, JsValue> {
        let items = list(v);
        let mut out = Vec::with_capacity(items.len().min(11));
        for (i, item) in items
            .iter()
            .take(crate::media::MAX_MEDIA_ITEMS + 1)
            .enumerate()
        {
            let at = format!("{path}[{i}]");
            object(item, &at)?;
            out.push(MediaItem {
                content_type: string(&field(item, "contentType"), &format!("{at}.contentType"))?,
                size: opt_count(&field(item, "size"), &format!("{at}.size"))?,
                url: opt_string(&field(item, "url"), &format!("{at}.url"))?,
            });
        }
        Ok(out)
    }
}

/// Wraps a single item in an array: `{ media: {…} }` → a copy with `media: [{…}]` (an untagged
/// serde enum would do the same at a cost of kilobytes of wasm).
pub(crate) fn one_or_many(input: JsValue, field: &str) -> JsValue {
    let v = read::field(&input, field);
    if v.is_undefined() || v.is_null() || js_sys::Array::is_array(&v) {
        return input;
    }
    let key = JsValue::from_str(field);
    let copy = js_sys::Object::assign(&js_sys::Object::new(), input.unchecked_ref());
    let _ = js_sys::Reflect::set(&copy, &key, &js_sys::Array::of1(&v));
    copy.into()
}

/// The verdict on an agent's outbound attachment or a customer's inbound one. Never throws on a
/// refused attachment (that is a verdict); throws `INVALID_ARGUMENT` on a malformed input.
#[wasm_bindgen(js_name = checkAttachment, unchecked_return_type = "AttachmentVerdict")]
pub fn check_attachment(
    #[wasm_bindgen(unchecked_param_type = "CheckAttachmentInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    read::object(&input, "input")?;
    let direction = match read::field(&input, "direction").as_string().as_deref() {
        Some("outbound") => Direction::Outbound,
        Some("inbound") => Direction::Inbound,
        _ => return Err(read::bad("direction", "\"outbound\" or \"inbound\"")),
    };
    let settings = read::attachment_settings(&read::field(&input, "settings"), "settings")?;
    let media = read::media(&read::field(&input, "media"), "media")?;
    let caption = read::opt_string(&read::field(&input, "caption"), "caption")?;
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
export interface MediaItem { contentType: string; size?: number; url?: string; }

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
