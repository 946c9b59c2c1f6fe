//! JS bindings of [`crate::media`].
//!
//! Inputs are read by hand ([`read`]) rather than through serde: serde-wasm-bindgen's
//! deserialisers (and the float formatting of their error messages) cost tens of KB of wasm.

use super::{js_error, to_js};
use crate::config::AttachmentSettings;
use crate::error::{Error, INVALID_ARGUMENT};
use crate::media::{Direction, MediaItem};
use wasm_bindgen::prelude::*;

/// Results built by hand with `Reflect::set` rather than serde: one small non-generic helper
/// instead of a serializer instantiation per result type (wasm bytes).
pub(crate) mod out {
    use wasm_bindgen::JsValue;

    /// A plain JS object under construction.
    pub(crate) struct Obj(pub(crate) js_sys::Object);

    impl Obj {
        pub(crate) fn new() -> Self {
            Obj(js_sys::Object::new())
        }
        pub(crate) fn set(&self, k: &str, v: &JsValue) {
            let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(k), v);
        }
        pub(crate) fn str(&self, k: &str, v: &str) {
            self.set(k, &JsValue::from_str(v));
        }
        /// Sets `k` only when there is a value (absent fields stay absent, like serde's skip).
        pub(crate) fn opt(&self, k: &str, v: Option<&str>) {
            if let Some(v) = v {
                self.str(k, v);
            }
        }
        pub(crate) fn bool(&self, k: &str, v: bool) {
            self.set(k, &JsValue::from_bool(v));
        }
        pub(crate) fn num(&self, k: &str, v: f64) {
            self.set(k, &JsValue::from_f64(v));
        }
        pub(crate) fn js(self) -> JsValue {
            self.0.into()
        }
    }

    /// `[(name, value)]` → `{ name: value }`.
    pub(crate) fn str_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> JsValue {
        let o = Obj::new();
        for (k, v) in pairs {
            o.str(k, v);
        }
        o.js()
    }

    /// `[String]` → `string[]`.
    pub(crate) fn str_array<'a>(items: impl IntoIterator<Item = &'a str>) -> JsValue {
        let a = js_sys::Array::new();
        for s in items {
            a.push(&JsValue::from_str(s));
        }
        a.into()
    }
}

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

    /// Longest string read from a JS object here (INPUT_TOO_LARGE past it, before copying).
    pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;

    /// An optional string (`undefined`/`null` → `None`).
    pub(crate) fn opt_string(v: &JsValue, path: &str) -> Result<Option<String>, JsValue> {
        crate::js::opt_string_arg(v, path, MAX_STRING_BYTES)
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

    /// Fails with `INVALID_ARGUMENT` on a key of `obj` not in `allowed` (typos are errors).
    pub(crate) fn known_keys(obj: &JsValue, allowed: &[&str], path: &str) -> Result<(), JsValue> {
        let obj: &js_sys::Object = obj.unchecked_ref();
        for k in js_sys::Object::keys(obj).iter() {
            let k = k.as_string().unwrap_or_default();
            if !allowed.contains(&k.as_str()) {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                return Err(js_error(
                    &Error::new(INVALID_ARGUMENT, format!("unknown field {at}")).at(at),
                ));
            }
        }
        Ok(())
    }

    /// An optional instant: ISO 8601 string, epoch milliseconds or a `Date` (`null` → `None`).
    pub(crate) fn instant(v: &JsValue, path: &str) -> Result<Option<i64>, JsValue> {
        use crate::window::Instant;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        let i = if let Some(s) = v.as_string() {
            Instant::Text(s)
        } else if let Some(d) = v.dyn_ref::<js_sys::Date>() {
            Instant::Millis(d.get_time() as i64)
        } else if let Some(n) = v.as_f64() {
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Instant::Millis(n as i64)
            } else {
                Instant::Fraction(n)
            }
        } else {
            Instant::Invalid("another type")
        };
        i.epoch_ms().map(Some).map_err(|e| js_error(&e.at(path)))
    }

    /// An array of strings (absent → empty).
    pub(crate) fn strings(v: &JsValue, path: &str) -> Result<Vec<String>, JsValue> {
        if v.is_undefined() || v.is_null() {
            return Ok(Vec::new());
        }
        if !js_sys::Array::is_array(v) {
            return Err(bad(path, "an array of strings"));
        }
        js_sys::Array::from(v)
            .iter()
            .enumerate()
            .map(|(i, s)| {
                s.as_string()
                    .ok_or_else(|| bad(&format!("{path}[{i}]"), "a string"))
            })
            .collect()
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
    verdict_js(&crate::media::check_attachment(
        &settings,
        direction,
        &media,
        caption.as_deref(),
    ))
}

/// `{ allowed, kind?, problems }`.
pub(crate) fn verdict_js(v: &crate::media::Verdict) -> Result<JsValue, JsValue> {
    let o = out::Obj::new();
    o.bool("allowed", v.allowed);
    o.opt("kind", v.kind.map(crate::media::MediaKind::name));
    o.set("problems", &to_js(&v.problems)?);
    Ok(o.js())
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
