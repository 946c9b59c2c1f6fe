//! JS bindings of [`crate::number`].

use super::{throw, to_js};
use crate::number::NumberInfo;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `normalizeE164`'s result: the number's info and the extension typed after it.
#[derive(Serialize)]
struct Normalized<'a> {
    #[serde(flatten)]
    info: NumberInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<&'a str>,
}

/// Longest string accepted from JS here (the core's own limit, 64 bytes, is checked after).
const MAX_ARG_BYTES: usize = 1024;

fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    super::string_arg(v, what, MAX_ARG_BYTES)
}

/// Parses a strict E.164 number (`+14155238886`). Throws `E164_*` codes.
#[wasm_bindgen(js_name = parseE164, unchecked_return_type = "NumberInfo")]
pub fn parse_e164(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    to_js(&throw(crate::number::parse_e164(&s))?.info())
}

/// Normalises a typed or pasted number into E.164 (full-width and Arabic-Indic digits, bidi
/// marks, `tel:` URIs, `00` / the region's international prefix, …); national numbers need
/// `defaultRegion` (`"GB"`). An extension is returned as `extension`.
#[wasm_bindgen(js_name = normalizeE164, unchecked_return_type = "NumberInfo")]
pub fn normalize_e164(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] default_region: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    let region = if default_region.is_undefined() || default_region.is_null() {
        None
    } else {
        Some(string_arg(&default_region, "defaultRegion")?)
    };
    let (n, ext) = throw(crate::number::normalize_e164_parts(&s, region.as_deref()))?;
    to_js(&Normalized {
        info: n.info(),
        extension: ext.as_deref(),
    })
}

/// Parses a WhatsApp address `whatsapp:+E164`.
#[wasm_bindgen(js_name = parseWhatsAppAddress, unchecked_return_type = "NumberInfo")]
pub fn parse_whatsapp_address(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    to_js(&throw(crate::number::parse_whatsapp_address(&s))?.info())
}

/// Formats a strict E.164 number as a WhatsApp address (`whatsapp:+14155238886`).
#[wasm_bindgen(js_name = formatWhatsAppAddress)]
pub fn format_whatsapp_address(
    #[wasm_bindgen(unchecked_param_type = "string")] number: JsValue,
) -> Result<String, JsValue> {
    let s = string_arg(&number, "number")?;
    Ok(crate::number::whatsapp_address(&throw(
        crate::number::parse_e164(&s),
    )?))
}

// `NumberInfo` is generated from crate::number::NumberInfo (tsify). Hand-written: `extension`,
// which only `normalizeE164` adds to the object (no core type has it), by declaration merging.
#[wasm_bindgen(typescript_custom_section)]
const TS_NUMBER: &str = r#"
export interface NumberInfo {
  /** `normalizeE164` only: the extension typed after the number (`ext. 123` → `"123"`), which a
   * WhatsApp address cannot carry. */
  extension?: string;
}
"#;
