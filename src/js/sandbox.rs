//! JS bindings of [`crate::sandbox`]: `sandboxState`, `isSandboxJoin`.

use super::read::{invalid, read, SandboxInput};
use super::{now_ms, throw, to_js};
use wasm_bindgen::prelude::*;

/// A user's Twilio sandbox session at `now` (default: `Date.now()`) from the evidence: a `join`
/// message seen (known), other inbound messages through the sandbox number (inferred), a 63015
/// answer (not joined). Instants out are epoch milliseconds.
#[wasm_bindgen(js_name = sandboxState, unchecked_return_type = "SandboxState")]
pub fn sandbox_state(
    #[wasm_bindgen(unchecked_param_type = "SandboxStateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let i: SandboxInput = read(invalid("input"), input, "")?;
    to_js(&throw(crate::sandbox::sandbox_state(
        &i.evidence,
        i.now.unwrap_or_else(now_ms),
    ))?)
}

/// Whether an inbound body is the sandbox's `join <keyword>` command.
#[wasm_bindgen(js_name = isSandboxJoin)]
pub fn is_sandbox_join(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
) -> Result<bool, JsValue> {
    let s = super::string_arg(&body, "body", 4096)?;
    Ok(crate::sandbox::is_join_message(&s))
}

// `SandboxState` is generated (tsify, crate::sandbox). Hand-written: the input, which the
// bindings read by hand (the core's `SandboxEvidence` has no serde form).
#[wasm_bindgen(typescript_custom_section)]
const TS_SANDBOX: &str = r#"
/** Evidence about a user's Twilio sandbox session. */
export type SandboxEvidence =
  | {
      /** `join`: their `join <keyword>` reached the webhook; `inbound`: another message through the
       * sandbox number (only joined users' messages arrive); `notJoined`: Twilio answered 63015. */
      kind: "join" | "inbound" | "notJoined";
      at: Instant;
    }
  | {
      /** A status of a message sent to the user, as stored: wa-guard decides what it proves
       * (`errorCode` 63015: not joined; anything else: nothing). */
      kind: "status";
      at: Instant;
      errorCode?: number | null;
    };
export interface SandboxStateInput { evidence: SandboxEvidence[]; now?: Instant | null; }
"#;
