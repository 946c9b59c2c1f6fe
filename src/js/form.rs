//! JS bindings of [`crate::form`].

use super::{string_arg, throw, to_js};
use wasm_bindgen::prelude::*;

/// Decodes an `application/x-www-form-urlencoded` body into `[name, value]` pairs, in order,
/// repeats kept; a leading `?` (a query string) is dropped, as `URLSearchParams` does. Throws `FORM_INVALID_UTF8`, `INPUT_TOO_LARGE` (past 64 KiB or 1,000
/// parameters) or `INVALID_ARGUMENT` (not a string).
#[wasm_bindgen(js_name = decodeForm, unchecked_return_type = "Array<[string, string]>")]
pub fn decode_form(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let body = string_arg(&body, "body", crate::form::MAX_FORM_BYTES + 1)?;
    // A query string's leading `?` is dropped, as `URLSearchParams` does.
    let body = body.strip_prefix('?').unwrap_or(&body);
    to_js(&throw(crate::form::decode(body))?)
}
