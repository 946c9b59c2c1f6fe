//! JS bindings of [`crate::number`].

use super::{js_error, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use wasm_bindgen::prelude::*;

/// A string argument, or `INVALID_ARGUMENT` naming it.
pub(crate) fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        js_error(&Error::new(INVALID_ARGUMENT, format!("{what} must be a string")).at(what))
    })
}

/// Parses a strict E.164 number (`+14155238886`). Throws `E164_*` codes.
#[wasm_bindgen(js_name = parseE164, unchecked_return_type = "NumberInfo")]
pub fn parse_e164(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let s = string_arg(&input, "input")?;
    to_js(&throw(crate::number::parse_e164(&s))?.info())
}

/// Normalises a typed number into E.164; national numbers need `defaultRegion` (`"GB"`).
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
    to_js(&throw(crate::number::normalize_e164(&s, region.as_deref()))?.info())
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

#[wasm_bindgen(typescript_custom_section)]
const TS_NUMBER: &str = r#"
/** A strictly valid E.164 number and what is known about it. */
export interface NumberInfo {
  /** `+14155238886` */
  number: string;
  /** `"1"` */
  countryCallingCode: string;
  /** `"4155238886"` */
  nationalNumber: string;
  /** Regions (ISO 3166-1 alpha-2) sharing the calling code, main region first; empty if non-geographic. */
  regions: string[];
  nonGeographic: boolean;
  /** The number without `+`, as in the inbound `WaId`. */
  waId: string;
  /** `whatsapp:+14155238886` */
  whatsappAddress: string;
}
"#;
