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

#[wasm_bindgen(typescript_custom_section)]
const TS_WINDOW: &str = r#"
/** An instant: an ISO 8601 / RFC 3339 string with an offset (`"2026-11-24T09:30:00+01:00"`, `"…Z"`),
 * epoch milliseconds (an integer, e.g. `Date.now()`) or a `Date`. */
export type Instant = string | number | Date;

/** The conversation started from a Click-to-WhatsApp ad or a Facebook Page button. */
export interface EntryPointInput {
  /** The customer's message that carried the `Referral*` parameters. */
  referralAt: Instant;
  /** The business's first reply to it, if any. */
  repliedAt?: Instant | null;
}

/** Input of `windowState`. */
export interface WindowStateInput {
  /** The customer's last inbound message or call; `null` when they never wrote. */
  lastInboundAt: Instant | null;
  /** Defaults to `Date.now()`. */
  now?: Instant | null;
  entryPoint?: EntryPointInput | null;
  /** `closingSoon` threshold in ms (default 3600000 = 1 hour; 0..86400000). */
  closingSoonMs?: number | null;
  /** Events up to this many ms after `now` count as `now` (default 300000 = 5 minutes; 0..3600000). */
  skewToleranceMs?: number | null;
}

/** One conversation event. Only inbound messages and calls open or extend the window. */
export interface ConversationEvent {
  direction: "inbound" | "outbound";
  at: Instant;
  /** Default `"message"`; `"template"` is outbound only. */
  kind?: "message" | "call" | "template" | null;
  /** Set (true, a non-empty string or an object of the `Referral*` values) when the inbound
   * message came from an ad or a Page button. */
  referral?: boolean | string | { [key: string]: unknown } | null;
}

/** Input of `conversationState`. */
export interface ConversationStateInput {
  /** At most 100,000, in any order. */
  events: ConversationEvent[];
  /** Defaults to `Date.now()`. */
  now?: Instant | null;
  /** When given, the result has `actions` for an agent of this workstream. */
  workstream?: Workstream | null;
  closingSoonMs?: number | null;
  skewToleranceMs?: number | null;
  /** The customer's locale (`pt_BR`, `pt-BR`, `es`), to pick templates. */
  customerLanguage?: string | null;
  /** The customer's number (E.164 or `whatsapp:+E164`): marketing templates are left out for US
   * numbers (+1 with a US area code; US territories and unassigned area codes count as US), which
   * Meta does not deliver them to (Twilio error 63049). Canada and the Caribbean keep them. */
  customerNumber?: string | null;
}

/** The 72-hour free entry point window: pricing information, never a permission. */
export interface EntryPointState {
  open: boolean;
  /** ISO 8601 UTC (`2026-11-24T08:30:00.000Z`). */
  openedAt: string | null;
  closesAt: string | null;
  remainingMs: number;
  /** A referral message awaits a reply: replying before this opens a free entry point window. */
  replyBy: string | null;
}

/** The customer service window at `now`. Instants are ISO 8601 UTC strings with ms precision. */
export interface WindowState {
  now: string;
  /** Free-form messages may be sent (`now < closesAt`). */
  open: boolean;
  /** Start of the current (or last) window; `windowState` only knows `lastInboundAt`. */
  openedAt: string | null;
  lastInboundAt: string | null;
  /** `lastInboundAt + 24h`. */
  closesAt: string | null;
  /** 0 when closed. */
  remainingMs: number;
  /** Open with at most `closingSoonMs` left. */
  closingSoon: boolean;
  entryPoint: EntryPointState;
}

/** Whether one kind of send is allowed; each reason has a stable `code` (`WINDOW_CLOSED`, …). */
export interface Permission {
  allowed: boolean;
  reasons: Problem[];
}

export interface TemplatePermission extends Permission {
  /** The language picked (customer's, its base language, or the workstream default). */
  language?: string;
  /** Content SIDs of the workstream's templates in that language. */
  templateSids: string[];
  /** Marketing templates left out for a US customer number (+1, US area code; Twilio error 63049). */
  excludedSids: string[];
  /** The workstream's Content templates in the languages tried that may not be sent now, each with
   * the reasons of Twilio's approval chart; absent when there are none. (`templateSids` lists only
   * what may be sent now.) */
  unavailable?: UnavailableTemplate[];
}

/** A Content template that may not be sent now, and why. */
export interface UnavailableTemplate {
  sid: string;
  name: string;
  language: string;
  reasons: EligibilityReason[];
}

/** What an agent may send now. */
export interface AllowedActions {
  freeText: Permission;
  attachments: Permission;
  templates: TemplatePermission;
}

export interface ConversationState extends WindowState {
  /** Present when a `workstream` was given. */
  actions?: AllowedActions;
}
"#;
