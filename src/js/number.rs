//! JS bindings of [`crate::number`].

use super::out::{str_array, JsonObject};
use super::throw;
use crate::number::E164;
use wasm_bindgen::prelude::*;

/// Longest string accepted from JS here (the core's own limit, 64 bytes, is checked after).
const MAX_ARG_BYTES: usize = 1024;

fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    super::string_arg(v, what, MAX_ARG_BYTES)
}

/// A number as the `NumberInfo` object.
fn info_js(n: &E164) -> Result<JsValue, JsValue> {
    info_obj(n).js()
}

fn info_obj(n: &E164) -> JsonObject {
    let mut o = JsonObject::new();
    o.str("number", n.as_str());
    o.str("countryCallingCode", &n.country_code().to_string());
    o.str("nationalNumber", n.national_number());
    o.raw("regions", &str_array(n.regions()));
    match n.region() {
        Some(r) => o.str("region", r),
        None => o.raw("region", "null"),
    }
    o.bool("nonGeographic", n.is_non_geographic());
    o.str("waId", n.wa_id());
    o.str("whatsappAddress", &crate::number::whatsapp_address(n));
    o
}

/// Parses a strict E.164 number (`+14155238886`). Throws `E164_*` codes.
#[wasm_bindgen(js_name = parseE164, unchecked_return_type = "NumberInfo")]
pub fn parse_e164(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    info_js(&throw(crate::number::parse_e164(&s))?)
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
    let mut o = info_obj(&n);
    o.opt("extension", ext.as_deref());
    o.js()
}

/// Parses a WhatsApp address `whatsapp:+E164`.
#[wasm_bindgen(js_name = parseWhatsAppAddress, unchecked_return_type = "NumberInfo")]
pub fn parse_whatsapp_address(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    info_js(&throw(crate::number::parse_whatsapp_address(&s))?)
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
