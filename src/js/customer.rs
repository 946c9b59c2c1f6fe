//! JS bindings of [`crate::customer`].

use super::{throw, to_js};
use wasm_bindgen::prelude::*;

/// Longest string accepted from JS here (the core's own limit, 200 bytes, is checked after).
const MAX_ARG_BYTES: usize = 1024;

/// Reads a customer address: `whatsapp:+…` / `+…` (E.164 or WhatsApp's own forms, e.g. Mexico's
/// `+521…`) or a business-scoped user ID. Throws `CUSTOMER_ADDRESS_INVALID` or `E164_*`.
#[wasm_bindgen(js_name = parseCustomer, unchecked_return_type = "Customer")]
pub fn parse_customer(
    #[wasm_bindgen(unchecked_param_type = "string")] address: JsValue,
) -> Result<JsValue, JsValue> {
    let s = super::string_arg(&address, "address", MAX_ARG_BYTES)?;
    let c = throw(crate::customer::parse_customer(&s))?;
    to_js(&c)
}

/// Whether two customer addresses are the same customer (equal canonical keys):
/// `sameCustomer("+5215512345678", "whatsapp:+525512345678") === true`.
#[wasm_bindgen(js_name = sameCustomer)]
pub fn same_customer(
    #[wasm_bindgen(unchecked_param_type = "string")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] b: JsValue,
) -> Result<bool, JsValue> {
    let a = super::string_arg(&a, "a", MAX_ARG_BYTES)?;
    let b = super::string_arg(&b, "b", MAX_ARG_BYTES)?;
    throw(crate::customer::same_customer(&a, &b))
}

// `Customer` is generated from crate::customer::Customer (tsify).
