//! The conversation window: instants (parse/format round trip), `conversationState` and
//! `windowState` inputs as JSON (what JS sends), and raw event lists checked against the 24-hour
//! rule. Never panics; every success satisfies the window's invariants.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/conversation.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::window::{
    conversation_state, format_instant, parse_instant, ConversationInput, Direction, Event, Kind,
    Options, WindowInput, MAX_INSTANT_MS, WINDOW_MS,
};

const CLOCK: i64 = 1_795_000_000_000; // 2026-11-18

#[derive(Arbitrary, Debug)]
struct RawEvent {
    inbound: bool,
    at: i64,
    kind: u8,
    referral: bool,
}

#[derive(Arbitrary, Debug)]
enum Input<'a> {
    Instant(&'a str),
    Conversation(&'a str),
    Window(&'a str),
    Events {
        now: i64,
        closing_soon_ms: Option<i64>,
        skew_ms: Option<i64>,
        events: Vec<RawEvent>,
    },
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <Input<'_>>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(input: Input<'_>) {
    match input {
        Input::Instant(s) => {
            if let Ok(ms) = parse_instant(s) {
                assert!((0..=MAX_INSTANT_MS).contains(&ms), "{s:?} → {ms}");
                let f = format_instant(ms);
                assert_eq!(parse_instant(&f), Ok(ms), "format {f:?} of {s:?}");
            }
        }
        Input::Conversation(s) => {
            if let Ok(i) = serde_json::from_str::<ConversationInput>(s) {
                let _ = i.evaluate(CLOCK);
            }
        }
        Input::Window(s) => {
            if let Ok(i) = serde_json::from_str::<WindowInput>(s) {
                let _ = i.evaluate(CLOCK);
            }
        }
        Input::Events {
            now,
            closing_soon_ms,
            skew_ms,
            events,
        } => {
            let Ok(opts) = Options::new(closing_soon_ms, skew_ms) else {
                return;
            };
            let events: Vec<Event> = events
                .iter()
                .map(|e| {
                    let ev = if e.inbound {
                        Event::inbound(e.at)
                    } else {
                        Event::outbound(e.at)
                    };
                    let ev = ev.kind(match e.kind % 3 {
                        0 => Kind::Message,
                        1 => Kind::Call,
                        _ => Kind::Template,
                    });
                    if e.referral {
                        ev.with_referral()
                    } else {
                        ev
                    }
                })
                .collect();
            let Ok(st) = conversation_state(&events, now, &opts) else {
                return;
            };
            // The 24-hour rule, recomputed from the events (skew-clamped events count as `now`).
            let last_in = events
                .iter()
                .filter(|e| e.direction == Direction::Inbound)
                .map(|e| e.at.min(now))
                .max();
            assert_eq!(st.last_inbound_at, last_in, "{events:?} at {now}");
            let open = last_in.is_some_and(|t| now < t.saturating_add(WINDOW_MS));
            assert_eq!(st.open, open, "{events:?} at {now}");
            assert!(st.remaining_ms >= 0 && st.remaining_ms <= WINDOW_MS);
            assert!(!st.closing_soon || st.open);
            if st.open {
                assert_eq!(st.closes_at, last_in.map(|t| t + WINDOW_MS));
            }
        }
    }
}
