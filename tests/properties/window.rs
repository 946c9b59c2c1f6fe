#![cfg(not(target_arch = "wasm32"))]
//! Properties of the conversation window, and regressions found by fuzzing (`fuzz/`).
use proptest::collection::vec;
use proptest::prelude::*;
use wa_guard::window::{
    conversation_state, format_instant, parse_instant, window_state, Event, Options,
    INSTANT_OUT_OF_RANGE, MAX_INSTANT_MS, MIN_INSTANT_MS, WINDOW_MS,
};

/// Fuzz crash (conversation target): `now` far outside the instant range overflowed
/// `closes_at - now` (a panic in debug builds, a wrapped, wrong state in release/wasm).
#[test]
fn regression_out_of_range_now_is_a_coded_error_not_an_overflow() {
    let opts = Options::default();
    let t0 = MIN_INSTANT_MS;
    for now in [i64::MIN, -1, t0 - 1, MAX_INSTANT_MS + 1, i64::MAX] {
        let e = conversation_state(&[Event::inbound(t0 + 1_000)], now, &opts).unwrap_err();
        assert_eq!((e.code(), e.path()), (INSTANT_OUT_OF_RANGE, Some("now")));
        let e = window_state(Some(t0 + 1_000), None, now, &opts).unwrap_err();
        assert_eq!(e.code(), INSTANT_OUT_OF_RANGE);
    }
    for at in [i64::MIN, -1, 0, t0 - 1, i64::MAX] {
        let e = conversation_state(
            &[Event::outbound(t0), Event::inbound(at)],
            t0 + 5_000,
            &opts,
        )
        .unwrap_err();
        assert_eq!(e.code(), INSTANT_OUT_OF_RANGE);
        assert_eq!(e.path(), Some("[1].at"));
    }
}

fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        MIN_INSTANT_MS..=MAX_INSTANT_MS,
        any::<i64>(),
        Just(MIN_INSTANT_MS),
        Just(MAX_INSTANT_MS)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// parse(format(ms)) = ms over the whole accepted range.
    #[test]
    fn instants_round_trip(ms in MIN_INSTANT_MS..=MAX_INSTANT_MS) {
        prop_assert_eq!(parse_instant(&format_instant(ms)), Ok(ms));
    }

    /// Any events at any `now`: a coded error or a state that follows the 24-hour rule.
    #[test]
    fn the_24_hour_rule(now in instant(), evs in vec((any::<bool>(), instant()), 0..12)) {
        let events: Vec<Event> = evs
            .iter()
            .map(|&(inbound, at)| if inbound { Event::inbound(at) } else { Event::outbound(at) })
            .collect();
        match conversation_state(&events, now, &Options::default()) {
            Err(e) => prop_assert!(!e.code().is_empty()),
            Ok(st) => {
                let last = events
                    .iter()
                    .filter(|e| e.direction == wa_guard::window::Direction::Inbound)
                    .map(|e| e.at.min(now))
                    .max();
                prop_assert_eq!(st.last_inbound_at, last);
                prop_assert_eq!(st.open, last.is_some_and(|t| now < t + WINDOW_MS));
                prop_assert!((0..=WINDOW_MS).contains(&st.remaining_ms));
                prop_assert!(!st.closing_soon || st.open);
            }
        }
    }
}
