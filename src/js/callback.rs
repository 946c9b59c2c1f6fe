//! JS bindings of the callback URLs a worker needs per request: `signedUrl` (the URL Twilio
//! signed) and `statusCallbackUrl` (an agent send's status callback). Not in `wa-guard/webhook`:
//! measured, `signedUrl` with its base-URL check would add 2.6 KB gzip to that entry (0.9 KB with a
//! lighter check), past its budget; the worker loads the whole package.

use super::{opt_string_arg, string_arg, throw};
use crate::config::{self, MAX_URL_LEN};
use wasm_bindgen::prelude::*;

/// The URL Twilio signed for a webhook received at `requestUrl`: with `callbackBaseUrl` (the
/// public base behind a proxy or tunnel) its origin replaces the received one; the path and query
/// stay as received, byte for byte. Throws `URL_NOT_ABSOLUTE`, `CALLBACK_BASE_URL_INVALID`,
/// `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = signedUrl)]
pub fn signed_url(
    #[wasm_bindgen(js_name = "requestUrl", unchecked_param_type = "string")] request_url: JsValue,
    #[wasm_bindgen(
        js_name = "callbackBaseUrl",
        unchecked_optional_param_type = "string | null"
    )]
    callback_base_url: JsValue,
) -> Result<String, JsValue> {
    let url = string_arg(&request_url, "requestUrl", 2 * MAX_URL_LEN)?;
    let base = opt_string_arg(&callback_base_url, "callbackBaseUrl", MAX_URL_LEN)?;
    throw(config::signed_url(&url, base.as_deref()))
}

/// The status-callback URL of an agent send: `<callbackBaseUrl or the request's origin>/twilio/status`,
/// plus `?send=<sendKey>` (percent-encoded) when a key is given. Throws as `signedUrl`.
#[wasm_bindgen(js_name = statusCallbackUrl)]
pub fn status_callback_url(
    #[wasm_bindgen(js_name = "requestUrl", unchecked_param_type = "string")] request_url: JsValue,
    #[wasm_bindgen(
        js_name = "callbackBaseUrl",
        unchecked_optional_param_type = "string | null"
    )]
    callback_base_url: JsValue,
    #[wasm_bindgen(js_name = "sendKey", unchecked_optional_param_type = "string | null")]
    send_key: JsValue,
) -> Result<String, JsValue> {
    let url = string_arg(&request_url, "requestUrl", 2 * MAX_URL_LEN)?;
    let base = opt_string_arg(&callback_base_url, "callbackBaseUrl", MAX_URL_LEN)?;
    let key = opt_string_arg(&send_key, "sendKey", MAX_URL_LEN)?;
    throw(config::status_callback_url_for(
        &url,
        base.as_deref(),
        key.as_deref(),
    ))
}
