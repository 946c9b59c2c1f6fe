//! The customer service window (24-hour session rule) and the free entry point window.
//!
//! Spec: `shared/spec/window.md`. In short:
//!
//! - Only the **customer's inbound** messages (or calls) open or extend the customer service window:
//!   `closes_at = last_inbound_at + 24h`. The business's own messages (agent replies, templates)
//!   never do. This is Meta's and Twilio's rule (the one WhatsApp enforces); wa-guard follows it,
//!   not the looser wording of the contact-center how-to the project started from.
//! - The window is open for `now < closes_at` and closed from `closes_at` on, to the millisecond.
//!   Instants are UTC epoch milliseconds; time zones, DST and leap days play no part.
//! - While open: free-form text and media. Always (open or closed): approved templates.
//! - The 72-hour **free entry point** (FEP) window is a pricing window reported beside it: it opens
//!   when the business replies within 24 hours to an inbound message that came from a
//!   Click-to-WhatsApp ad or a Facebook Page button (a `referral`). It never unlocks free-form.
//!
//! Time is injected: every function takes `now` (epoch ms). Only the JS bindings read the clock.
//!
//! Instants are read and written by [`crate::instant`] (ISO 8601 / RFC 3339 with an offset, or
//! epoch milliseconds, 2009..=9999); a bad one is a coded error carrying the JSON path of the
//! field (`events[3].at`).

use crate::error::{Error, Result, INVALID_ARGUMENT};
use core::fmt;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

pub use crate::conversation::{
    allowed_actions, AllowedActions, ConversationInput, ConversationState, Permission,
    TemplatePermission, UnavailableTemplate,
};
use crate::instant::{check_range, ser_instant, ser_opt_instant};
pub use crate::instant::{
    format_instant, parse_instant, Instant, INSTANT_INVALID, INSTANT_NO_OFFSET,
    INSTANT_OUT_OF_RANGE, MAX_INSTANT_LEN, MAX_INSTANT_MS, MIN_INSTANT_MS,
};

/// An event lies after `now` by more than the skew tolerance.
pub const EVENT_IN_FUTURE: &str = "EVENT_IN_FUTURE";
/// An event's `direction` is neither `inbound` nor `outbound`.
pub const EVENT_DIRECTION_INVALID: &str = "EVENT_DIRECTION_INVALID";
/// An event's `kind` is not `message`, `call` or `template` (or `template` on an inbound event:
/// customers do not send templates).
pub const EVENT_KIND_INVALID: &str = "EVENT_KIND_INVALID";
/// `entryPoint` contradicts `lastInboundAt` (the referral message is an inbound message, so it
/// cannot be later than the last inbound one, nor exist without it).
pub const ENTRY_POINT_INCONSISTENT: &str = "ENTRY_POINT_INCONSISTENT";

/// Reason: the customer service window is closed; free-form messages and media would fail with
/// Twilio error **63016** ("outside the allowed window"). Only templates may be sent.
pub const WINDOW_CLOSED: &str = "WINDOW_CLOSED";
/// Reason: the workstream's "File attachments" setting is off.
pub const ATTACHMENTS_DISABLED: &str = "ATTACHMENTS_DISABLED";
/// Reason: attachments are on, but agents may not send them in this workstream.
pub const AGENT_ATTACHMENTS_NOT_ALLOWED: &str = "AGENT_ATTACHMENTS_NOT_ALLOWED";
/// Reason: the workstream has no approved templates at all.
pub const NO_TEMPLATES: &str = "NO_TEMPLATES";
/// Reason: the workstream has templates, but none in the customer's language nor in its default
/// language.
pub const NO_TEMPLATE_FOR_LANGUAGE: &str = "NO_TEMPLATE_FOR_LANGUAGE";
/// Reason: the customer's number is a US number (+1) and the only templates left are marketing
/// templates, which Meta does not deliver to US numbers since 2025-04-01 (Twilio error 63049).
pub const MARKETING_TEMPLATES_NOT_DELIVERED: &str = "MARKETING_TEMPLATES_NOT_DELIVERED";
/// Reason: the workstream has Content templates in the languages tried, but none may be sent now
/// (Twilio's approval chart: not approved outside the window, session-only types, paused, …);
/// `templates.unavailable` says why for each.
pub const NO_TEMPLATE_SENDABLE: &str = "NO_TEMPLATE_SENDABLE";

/// Length of the customer service window: 24 hours, in milliseconds.
pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// Length of the free entry point window: 72 hours, in milliseconds.
pub const ENTRY_POINT_MS: i64 = 72 * 60 * 60 * 1000;
/// How long after a referral message a business reply still opens the free entry point window.
pub const ENTRY_POINT_REPLY_MS: i64 = 24 * 60 * 60 * 1000;
/// Default "closing soon" threshold: one hour.
pub const DEFAULT_CLOSING_SOON_MS: i64 = 60 * 60 * 1000;
/// Default tolerance for events stamped after `now` (clock skew): five minutes.
pub const DEFAULT_SKEW_TOLERANCE_MS: i64 = 5 * 60 * 1000;
/// Largest accepted skew tolerance: one hour.
pub const MAX_SKEW_TOLERANCE_MS: i64 = 60 * 60 * 1000;
/// Most events accepted by [`conversation_state`] (`INPUT_TOO_LARGE` past it).
pub const MAX_EVENTS: usize = 100_000;

// ---------------------------------------------------------------------------------------------
// Events and options
// ---------------------------------------------------------------------------------------------

/// Who sent a message: the customer (`Inbound`) or the business (`Outbound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// What an event is. Inbound messages and calls open or extend the window; templates are
/// outbound only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Message,
    Call,
    Template,
}

/// A validated conversation event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub direction: Direction,
    /// Epoch milliseconds.
    pub at: i64,
    pub kind: Kind,
    /// The inbound message came from a Click-to-WhatsApp ad or a Facebook Page button (Twilio's
    /// `Referral*` webhook parameters).
    pub referral: bool,
}

impl Event {
    /// An inbound customer message at `at`.
    pub fn inbound(at: i64) -> Self {
        Event {
            direction: Direction::Inbound,
            at,
            kind: Kind::Message,
            referral: false,
        }
    }
    /// An outbound business message at `at`.
    pub fn outbound(at: i64) -> Self {
        Event {
            direction: Direction::Outbound,
            ..Event::inbound(at)
        }
    }
    /// The same event with `kind`.
    #[must_use]
    pub fn kind(self, kind: Kind) -> Self {
        Event { kind, ..self }
    }
    /// The same event marked as coming from an ad / Page button.
    #[must_use]
    pub fn with_referral(self) -> Self {
        Event {
            referral: true,
            ..self
        }
    }
    fn opens_window(&self) -> bool {
        self.direction == Direction::Inbound
    }
}

/// An event as given by a caller (JSON / JS): `{ direction, at, kind?, referral? }`.
/// Checked by [`EventInput::check`]; unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventInput {
    /// `"inbound"` or `"outbound"`.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "\"inbound\" | \"outbound\"")
    )]
    pub direction: String,
    /// When it was sent/received.
    pub at: Instant,
    /// `"message"` (default), `"call"` or `"template"` (outbound only).
    #[serde(default)]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "\"message\" | \"call\" | \"template\" | null")
    )]
    pub kind: Option<String>,
    /// Present/true when the inbound message came from an ad or a Page button: `true`, a
    /// non-empty string (e.g. `ReferralSourceType`) or an object (`{ sourceType, sourceId, … }`).
    #[serde(default)]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "boolean | string | { [key: string]: unknown } | null")
    )]
    pub referral: Option<Referral>,
}

/// Whether a `referral` field marks the message as coming from an ad: `true`, a non-empty
/// string or any object do; `false` and `""` do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referral(pub bool);

impl Referral {
    /// A referral given as text counts when it is not empty (a source id or URL).
    pub fn of_text(s: &str) -> Referral {
        Referral(!s.is_empty())
    }
    /// A referral given as an object (the message's referral fields) always counts.
    pub const OBJECT: Referral = Referral(true);
}

impl<'de> Deserialize<'de> for Referral {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Referral;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, a string or an object")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> core::result::Result<Referral, E> {
                Ok(Referral(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Referral, E> {
                Ok(Referral::of_text(v))
            }
            fn visit_unit<E: de::Error>(self) -> core::result::Result<Referral, E> {
                Ok(Referral(false))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> core::result::Result<Referral, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Referral::OBJECT)
            }
        }
        d.deserialize_any(V)
    }
}

impl EventInput {
    /// Validates one event; errors carry paths relative to the event (`at`, `direction`, `kind`).
    pub fn check(&self) -> Result<Event> {
        let direction = match self.direction.as_str() {
            "inbound" => Direction::Inbound,
            "outbound" => Direction::Outbound,
            _ => {
                return Err(Error::new(
                    EVENT_DIRECTION_INVALID,
                    "direction must be \"inbound\" or \"outbound\"",
                )
                .at("direction"))
            }
        };
        let kind = match self.kind.as_deref() {
            None | Some("message") => Kind::Message,
            Some("call") => Kind::Call,
            Some("template") if direction == Direction::Outbound => Kind::Template,
            Some("template") => {
                return Err(Error::new(
                    EVENT_KIND_INVALID,
                    "customers do not send templates: a template event is outbound",
                )
                .at("kind"))
            }
            Some(_) => {
                return Err(Error::new(
                    EVENT_KIND_INVALID,
                    "kind must be \"message\", \"call\" or \"template\"",
                )
                .at("kind"))
            }
        };
        let at = self.at.epoch_ms().map_err(|e| e.under("at"))?;
        Ok(Event {
            direction,
            at,
            kind,
            referral: self.referral.is_some_and(|r| r.0) && direction == Direction::Inbound,
        })
    }
}

/// Thresholds, with documented defaults (see [`Options::default`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `closingSoon` is true while the window is open with at most this many ms left.
    /// Default [`DEFAULT_CLOSING_SOON_MS`] (1 hour); 0 ..= 24 hours.
    pub closing_soon_ms: i64,
    /// Events up to this many ms after `now` count as `now` (clock skew); later ones are
    /// `EVENT_IN_FUTURE`. Default [`DEFAULT_SKEW_TOLERANCE_MS`] (5 minutes); 0 ..= 1 hour.
    pub skew_tolerance_ms: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            closing_soon_ms: DEFAULT_CLOSING_SOON_MS,
            skew_tolerance_ms: DEFAULT_SKEW_TOLERANCE_MS,
        }
    }
}

impl Options {
    /// Options from optional caller values, range-checked (`INVALID_ARGUMENT` with the field's
    /// path: `closingSoonMs`, `skewToleranceMs`).
    pub fn new(closing_soon_ms: Option<i64>, skew_tolerance_ms: Option<i64>) -> Result<Self> {
        let d = Options::default();
        let closing_soon_ms = closing_soon_ms.unwrap_or(d.closing_soon_ms);
        let skew_tolerance_ms = skew_tolerance_ms.unwrap_or(d.skew_tolerance_ms);
        if !(0..=WINDOW_MS).contains(&closing_soon_ms) {
            return Err(Error::new(
                INVALID_ARGUMENT,
                "closingSoonMs must be between 0 and 86400000 (24 hours)",
            )
            .at("closingSoonMs"));
        }
        if !(0..=MAX_SKEW_TOLERANCE_MS).contains(&skew_tolerance_ms) {
            return Err(Error::new(
                INVALID_ARGUMENT,
                "skewToleranceMs must be between 0 and 3600000 (1 hour)",
            )
            .at("skewToleranceMs"));
        }
        Ok(Options {
            closing_soon_ms,
            skew_tolerance_ms,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/// The customer service window at `now`, and the free entry point window beside it.
/// Serialises (JSON / JS) with camelCase names, instants as ISO 8601 UTC strings with millisecond
/// precision, and durations in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct WindowState {
    /// The instant the state was computed for.
    #[serde(serialize_with = "ser_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string")
    )]
    pub now: i64,
    /// Free-form messages may be sent: `now < closes_at`.
    pub open: bool,
    /// Start of the current (or, when closed, the last) window: the inbound message after which
    /// the window stayed open without a gap. `None` when the customer never wrote.
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub opened_at: Option<i64>,
    /// The customer's last inbound message or call.
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub last_inbound_at: Option<i64>,
    /// `last_inbound_at + 24h` (in the past when closed). `None` when the customer never wrote.
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub closes_at: Option<i64>,
    /// Milliseconds until `closes_at`; 0 when closed.
    pub remaining_ms: i64,
    /// Open with at most `closing_soon_ms` left.
    pub closing_soon: bool,
    /// The 72-hour free entry point window (pricing information only).
    pub entry_point: EntryPointState,
}

/// The free entry point window: information for pricing; it never permits free-form messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct EntryPointState {
    /// The FEP window is open at `now`: messages (templates included) are free of charge.
    pub open: bool,
    /// When the business reply that opened the last FEP window was sent (ISO 8601 UTC,
    /// `2026-11-24T08:30:00.000Z`).
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub opened_at: Option<i64>,
    /// `opened_at + 72h`.
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub closes_at: Option<i64>,
    /// Milliseconds until `closes_at`; 0 when closed.
    pub remaining_ms: i64,
    /// A referral message awaits a reply: replying before this instant opens a FEP window.
    #[serde(serialize_with = "ser_opt_instant")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string | null")
    )]
    pub reply_by: Option<i64>,
}

/// Window state from the customer's last inbound instant alone (`None`: never wrote).
/// `opened_at` is then the last inbound instant (nothing earlier is known).
///
/// `entry_point`: `(referral_at, replied_at)` when the conversation started from an ad or Page
/// button: the referral message's instant and the business's first reply, if any.
/// Errors: `EVENT_IN_FUTURE`, `ENTRY_POINT_INCONSISTENT`, `INSTANT_OUT_OF_RANGE` (`now` or an
/// instant outside 2009..=9999, see [`MIN_INSTANT_MS`]; epoch seconds are named as such).
pub fn window_state(
    last_inbound_at: Option<i64>,
    entry_point: Option<(i64, Option<i64>)>,
    now: i64,
    opts: &Options,
) -> Result<WindowState> {
    check_range(now).map_err(|e| e.at("now"))?;
    let mut events = Vec::with_capacity(3);
    if let Some(at) = last_inbound_at {
        events.push((Event::inbound(at), "lastInboundAt"));
    }
    if let Some((referral_at, replied_at)) = entry_point {
        if last_inbound_at.map_or(true, |last| referral_at > last) {
            return Err(Error::new(
                ENTRY_POINT_INCONSISTENT,
                "entryPoint.referralAt is an inbound message: lastInboundAt must be given and not earlier",
            )
            .at("entryPoint.referralAt"));
        }
        events.push((
            Event::inbound(referral_at).with_referral(),
            "entryPoint.referralAt",
        ));
        if let Some(r) = replied_at {
            events.push((Event::outbound(r), "entryPoint.repliedAt"));
        }
    }
    let mut clamped = Vec::with_capacity(events.len());
    for (e, path) in events {
        clamped.push(clamp(e, now, opts).map_err(|err| err.at(path))?);
    }
    let mut state = compute(&mut clamped, now, opts);
    state.opened_at = state.last_inbound_at;
    Ok(state)
}

/// Window state from a conversation's events, in any order, at `now`.
/// Errors (with the path `[i].at` of the event, prefix it with `events`): `EVENT_IN_FUTURE`,
/// `INSTANT_OUT_OF_RANGE` (also for `now`, path `now`: instants must be within 2009..=9999);
/// `INPUT_TOO_LARGE` past [`MAX_EVENTS`].
pub fn conversation_state(events: &[Event], now: i64, opts: &Options) -> Result<WindowState> {
    if events.len() > MAX_EVENTS {
        return Err(Error::too_large("events", MAX_EVENTS, "events"));
    }
    check_range(now).map_err(|e| e.at("now"))?;
    let mut clamped = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        clamped.push(clamp(*e, now, opts).map_err(|err| err.at(format!("[{i}].at")))?);
    }
    Ok(compute(&mut clamped, now, opts))
}

/// An event at most the skew tolerance after `now` counts as `now`; later is an error.
fn clamp(e: Event, now: i64, opts: &Options) -> Result<Event> {
    // Instants out of range would overflow the window arithmetic (`at + 24h`, `closes_at - now`).
    check_range(e.at)?;
    if e.at > now.saturating_add(opts.skew_tolerance_ms) {
        return Err(Error::new(
            EVENT_IN_FUTURE,
            format!(
                "event at {} is after now ({}) by more than the skew tolerance of {} ms",
                format_instant(e.at),
                format_instant(now),
                opts.skew_tolerance_ms
            ),
        ));
    }
    Ok(Event {
        at: e.at.min(now),
        ..e
    })
}

fn compute(events: &mut [Event], now: i64, opts: &Options) -> WindowState {
    // A total order, so that the result never depends on the input order: at the same
    // millisecond, the customer's message comes before the business's reply.
    // (Heap sort rather than `sort_unstable`: the same result, ~2 KB less .wasm.)
    let key = |e: &Event| (e.at, e.direction as u8, e.kind as u8, e.referral);
    crate::util::heap_sort(events, &|a, b| key(a) < key(b));
    let mut opened_at = None;
    let mut last_inbound: Option<i64> = None;
    for e in events.iter().filter(|e| e.opens_window()) {
        // An inbound message at or after the previous window's close starts a new window.
        if last_inbound.map_or(true, |prev| e.at >= prev + WINDOW_MS) {
            opened_at = Some(e.at);
        }
        last_inbound = Some(e.at);
    }
    let closes_at = last_inbound.map(|t| t + WINDOW_MS);
    let remaining_ms = closes_at.map_or(0, |c| (c - now).max(0));
    let open = remaining_ms > 0;
    WindowState {
        now,
        open,
        opened_at,
        last_inbound_at: last_inbound,
        closes_at,
        remaining_ms,
        closing_soon: open && remaining_ms <= opts.closing_soon_ms,
        entry_point: entry_point(events, now),
    }
}

/// FEP windows, events sorted by time: a referral inbound message answered by an outbound
/// message or template (not a call) within 24 hours opens a 72-hour window at the reply. A reply
/// while a FEP window is open does not open another one.
fn entry_point(events: &[Event], now: i64) -> EntryPointState {
    let mut fep: Option<i64> = None; // start of the last FEP window
    let mut waiting: Option<i64> = None; // unanswered referral message
    for e in events {
        match e.direction {
            // The latest unanswered referral message gives the most time to reply.
            Direction::Inbound if e.referral => waiting = Some(e.at),
            Direction::Outbound if e.kind != Kind::Call => {
                if let Some(r) = waiting.take() {
                    let in_fep = fep.is_some_and(|s| e.at < s + ENTRY_POINT_MS);
                    if e.at < r + ENTRY_POINT_REPLY_MS && !in_fep {
                        fep = Some(e.at);
                    }
                }
            }
            _ => {}
        }
    }
    let closes_at = fep.map(|s| s + ENTRY_POINT_MS);
    let remaining_ms = closes_at.map_or(0, |c| (c - now).max(0));
    let open = remaining_ms > 0;
    let reply_by = waiting
        .map(|r| r + ENTRY_POINT_REPLY_MS)
        .filter(|&by| now < by && !open);
    EntryPointState {
        open,
        opened_at: fep,
        closes_at,
        remaining_ms,
        reply_by,
    }
}

// ---------------------------------------------------------------------------------------------
// Caller-facing inputs (JSON / JS)
// ---------------------------------------------------------------------------------------------

/// Input of `windowState` (JS): `{ lastInboundAt, now?, entryPoint?, closingSoonMs?,
/// skewToleranceMs? }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WindowInput {
    /// The customer's last inbound message; `null`: never wrote. Required (a missing field is an
    /// error, so that a misspelt or forgotten argument is not read as "never wrote").
    #[serde(deserialize_with = "nullable")]
    pub last_inbound_at: Option<Instant>,
    /// Defaults to the clock (`Date.now()` in JS).
    #[serde(default)]
    pub now: Option<Instant>,
    /// The conversation started from an ad / Page button.
    #[serde(default)]
    pub entry_point: Option<EntryPointInput>,
    /// `closingSoon` threshold in ms (default 3600000 = 1 hour; 0..86400000).
    #[serde(default)]
    pub closing_soon_ms: Option<i64>,
    /// Events up to this many ms after `now` count as `now` (default 300000 = 5 minutes;
    /// 0..3600000).
    #[serde(default)]
    pub skew_tolerance_ms: Option<i64>,
}

fn nullable<'de, D: Deserializer<'de>>(d: D) -> core::result::Result<Option<Instant>, D::Error> {
    Option::<Instant>::deserialize(d)
}

/// `{ referralAt, repliedAt? }`: the referral message and the business's first reply.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntryPointInput {
    /// The customer's message that carried the `Referral*` parameters.
    pub referral_at: Instant,
    /// The business's first reply to it, if any.
    #[serde(default)]
    pub replied_at: Option<Instant>,
}

pub(crate) fn resolve_now(now: Option<&Instant>, clock_ms: i64) -> Result<i64> {
    match now {
        Some(i) => i.epoch_ms().map_err(|e| e.at("now")),
        None => check_range(clock_ms).map_err(|e| e.at("now")),
    }
}

impl WindowInput {
    /// Validates the input and computes the state; `clock_ms` is used when `now` is absent.
    pub fn evaluate(&self, clock_ms: i64) -> Result<WindowState> {
        let opts = Options::new(self.closing_soon_ms, self.skew_tolerance_ms)?;
        let now = resolve_now(self.now.as_ref(), clock_ms)?;
        let last = match &self.last_inbound_at {
            Some(i) => Some(i.epoch_ms().map_err(|e| e.at("lastInboundAt"))?),
            None => None,
        };
        let entry = match &self.entry_point {
            Some(ep) => {
                let r = ep
                    .referral_at
                    .epoch_ms()
                    .map_err(|e| e.at("entryPoint.referralAt"))?;
                let replied = match &ep.replied_at {
                    Some(i) => Some(i.epoch_ms().map_err(|e| e.at("entryPoint.repliedAt"))?),
                    None => None,
                };
                Some((r, replied))
            }
            None => None,
        };
        window_state(last, entry, now, &opts)
    }
}

/// The real clock in epoch milliseconds (native builds; the JS bindings use `Date.now()`).
#[cfg(not(target_arch = "wasm32"))]
pub fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
