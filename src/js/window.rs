//! JS bindings of [`crate::window`]: `windowState`, `conversationState`.

use super::read::{invalid, read};
use super::{js_error, now_ms, throw, to_js};
use crate::error::Error;
use crate::window::{ConversationInput, WindowInput, MAX_EVENTS};
use wasm_bindgen::prelude::*;

/// The customer service window at `now` (default: `Date.now()`) from the customer's last inbound
/// message alone. Throws `INSTANT_INVALID`, `INSTANT_NO_OFFSET`, `INSTANT_OUT_OF_RANGE`,
/// `EVENT_IN_FUTURE`, `ENTRY_POINT_INCONSISTENT`, `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = windowState, unchecked_return_type = "WindowState")]
pub fn window_state(
    #[wasm_bindgen(unchecked_param_type = "WindowStateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: WindowInput = read(invalid("input"), input, "")?;
    to_js(&throw(input.evaluate(now_ms()))?)
}

/// The customer service window of a conversation from its events (any order), and with a
/// `workstream` what its agents may send. Throws the errors of `windowState` with paths such as
/// `events[3].at`, `EVENT_DIRECTION_INVALID`, `EVENT_KIND_INVALID`, and `INPUT_TOO_LARGE` past
/// 100,000 events (checked before the events are read).
#[wasm_bindgen(js_name = conversationState, unchecked_return_type = "ConversationState")]
pub fn conversation_state(
    #[wasm_bindgen(unchecked_param_type = "ConversationStateInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    // (A read that throws is reported by the reader below, with its path.)
    let events = super::prop(&input, "events").unwrap_or_default();
    if js_sys::Array::is_array(&events) && super::array_len(&events).is_some_and(|n| n > MAX_EVENTS)
    {
        return Err(js_error(
            &Error::too_large("events", MAX_EVENTS, "events").at("events"),
        ));
    }
    let input: ConversationInput = read(invalid("input"), input, "")?;
    to_js(&throw(input.evaluate(now_ms()))?)
}

// Generated (tsify, crate::window and crate::conversation): the inputs WindowInput,
// EntryPointInput, EventInput, ConversationInput (read by hand in read.rs, with the same shape)
// and the results WindowState, EntryPointState, Permission, TemplatePermission,
// UnavailableTemplate, AllowedActions, ConversationState. Hand-written: `Instant` (JS-only: a
// `Date` too) and the inputs' public names.
#[wasm_bindgen(typescript_custom_section)]
const TS_WINDOW: &str = r#"
/** An instant: an ISO 8601 / RFC 3339 string with an offset (`"2026-11-24T09:30:00+01:00"`, `"…Z"`),
 * epoch milliseconds (an integer, e.g. `Date.now()`) or a `Date`. */
export type Instant = string | number | Date;
/** Input of `windowState`. */
export type WindowStateInput = WindowInput;
/** One conversation event. Only inbound messages and calls open or extend the window. */
export type ConversationEvent = EventInput;
/** Input of `conversationState`. */
export type ConversationStateInput = ConversationInput;
"#;
