//! JS binding of [`crate::message::send_target`]: who an agent's send goes between.

use super::config::config_arg;
use super::{opt_string_arg, throw, to_js};
use crate::message;
use wasm_bindgen::prelude::*;

/// Longest `to`, `from` or `workstream` argument, in bytes.
const MAX_PARTY_BYTES: usize = 1_024;

/// Who an agent's send goes between: `to` (the customer, as an agent names them) and the business
/// side, by `from` (a configured business number) or `workstream` (an id; `from` wins). →
/// `SendTarget` `{ business, customer (the conversation key), to, workstreamId, workstreamIndex,
/// sandbox }`. Throws, each at its field: `PARAMETER_MISSING`, `E164_*`,
/// `WHATSAPP_ADDRESS_INVALID`, `NUMBER_NOT_CONFIGURED`, `WORKSTREAM_NOT_FOUND`,
/// `CONFIG_SHAPE_INVALID`, `INVALID_ARGUMENT`, `INPUT_TOO_LARGE`.
#[wasm_bindgen(js_name = sendTarget, unchecked_return_type = "SendTarget")]
pub fn send_target(
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] to: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] from: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] workstream: JsValue,
) -> Result<JsValue, JsValue> {
    let c = config_arg(config)?;
    let to = opt_string_arg(&to, "to", MAX_PARTY_BYTES)?;
    let from = opt_string_arg(&from, "from", MAX_PARTY_BYTES)?;
    let workstream = opt_string_arg(&workstream, "workstream", MAX_PARTY_BYTES)?;
    let t = throw(message::send_target(
        &c,
        to.as_deref(),
        from.as_deref(),
        workstream.as_deref(),
    ))?;
    to_js(&t)
}
