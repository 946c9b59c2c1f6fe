//! JS bindings of [`crate::form`].

use super::{throw, to_js};
use wasm_bindgen::prelude::*;

/// Decodes an `application/x-www-form-urlencoded` body into `[name, value]` pairs, in order,
/// repeats kept. Throws `FORM_INVALID_UTF8` or `INPUT_TOO_LARGE`.
#[wasm_bindgen(js_name = decodeForm, unchecked_return_type = "Array<[string, string]>")]
pub fn decode_form(body: &str) -> Result<JsValue, JsValue> {
    to_js(&throw(crate::form::decode(body))?)
}
