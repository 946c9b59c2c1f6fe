//! The customer service window, natively and in wasm.
use wa_guard::config::{AttachmentSettings, Workstream};
use wa_guard::template::Template;
use wa_guard::window::{self, *};

use wasm_bindgen_test::wasm_bindgen_test;

const H: i64 = 60 * 60 * 1000;
const MIN: i64 = 60 * 1000;

fn ms(s: &str) -> i64 {
    parse_instant(s).unwrap()
}

fn opts() -> Options {
    Options::default()
}

fn state(events: &[Event], now: i64) -> WindowState {
    conversation_state(events, now, &opts()).unwrap()
}

fn input(json: &str) -> ConversationInput {
    serde_json::from_str(json).unwrap()
}

fn eval(json: &str) -> Result<ConversationState, wa_guard::Error> {
    input(json).evaluate(ms("2026-11-24T12:00:00Z"))
}

// ---- instants -------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn parses_rfc3339_with_any_offset() {
    let utc = ms("2026-11-24T08:30:00Z");
    assert_eq!(utc, 1_795_509_000_000);
    for s in [
        "2026-11-24T09:30:00+01:00",
        "2026-11-24T03:30:00-05:00",
        "2026-11-24T09:30:00+0100",
        "2026-11-24T09:30:00+01",
        "2026-11-24T08:30Z",
        "2026-11-24T09:30+01:00",
        "2026-11-24t08:30:00z",
        "2026-11-24 08:30:00Z",
        "2026-11-24T14:15:00+05:45",
        "2026-11-24T08:30:00.000Z",
        "2026-11-24T08:30:00.0009999Z",
    ] {
        assert_eq!(parse_instant(s), Ok(utc), "{s}");
    }
    assert_eq!(ms("2026-11-24T08:30:00.123Z"), utc + 123);
    assert_eq!(
        ms("2026-11-24T08:30:00.1239Z"),
        utc + 123,
        "sub-ms digits truncate"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn rejects_what_is_not_an_instant_with_a_code() {
    for (s, code) in [
        ("2026-11-24T09:30:00", INSTANT_NO_OFFSET),
        ("2026-11-24 09:30", INSTANT_NO_OFFSET),
        ("2026-11-24", INSTANT_INVALID),
        ("", INSTANT_INVALID),
        ("yesterday", INSTANT_INVALID),
        ("1795509000000", INSTANT_INVALID),
        ("2026-02-29T00:00:00Z", INSTANT_INVALID),
        ("2026-11-24T24:00:01Z", INSTANT_INVALID),
        ("2026-11-24T09:30:00+24:00", INSTANT_INVALID),
        ("2026-11-24T09:30:00+1:00", INSTANT_INVALID),
        ("2026-11-24T09:30:00 +01:00", INSTANT_INVALID),
        ("2026-11-24T09:30:00Z ", INSTANT_INVALID),
        ("Tue, 24 Nov 2026 08:30:00 GMT", INSTANT_INVALID),
        ("1969-12-31T23:59:59Z", INSTANT_OUT_OF_RANGE),
        ("2008-12-31T23:59:59.999Z", INSTANT_OUT_OF_RANGE),
        ("２０２６-11-24T09:30:00Z", INSTANT_INVALID),
    ] {
        assert_eq!(parse_instant(s).unwrap_err().code(), code, "{s:?}");
    }
    let long = format!("2026-11-24T09:30:00.{}Z", "0".repeat(80));
    assert_eq!(parse_instant(&long).unwrap_err().code(), INSTANT_INVALID);
}

#[wasm_bindgen_test(unsupported = test)]
fn epoch_milliseconds_are_range_checked() {
    assert_eq!(
        Instant::Millis(MIN_INSTANT_MS).epoch_ms(),
        Ok(MIN_INSTANT_MS)
    );
    assert_eq!(format_instant(MIN_INSTANT_MS), "2009-01-01T00:00:00.000Z");
    assert_eq!(
        Instant::Millis(0).epoch_ms().unwrap_err().code(),
        INSTANT_OUT_OF_RANGE
    );
    assert_eq!(
        Instant::Millis(MAX_INSTANT_MS).epoch_ms(),
        Ok(MAX_INSTANT_MS)
    );
    assert_eq!(
        Instant::Millis(-1).epoch_ms().unwrap_err().code(),
        INSTANT_OUT_OF_RANGE
    );
    assert_eq!(
        Instant::Millis(MAX_INSTANT_MS + 1)
            .epoch_ms()
            .unwrap_err()
            .code(),
        INSTANT_OUT_OF_RANGE
    );
    assert_eq!(
        Instant::Fraction(1.5).epoch_ms().unwrap_err().code(),
        INSTANT_INVALID
    );
    assert_eq!(format_instant(MAX_INSTANT_MS), "9999-12-31T23:59:59.999Z");
    assert_eq!(format_instant(0), "1970-01-01T00:00:00.000Z");
}

/// WhatsApp did not exist before 2009: an earlier instant is a mistake, and a number that read as
/// epoch seconds is a plausible date is named as such (issue 21).
#[wasm_bindgen_test(unsupported = test)]
fn instants_before_2009_are_out_of_range_and_epoch_seconds_are_named() {
    let secs = 1_795_509_000; // 2026-11-24T08:30:00Z in seconds
    for (e, path) in [
        (Instant::Millis(secs).epoch_ms().unwrap_err(), None),
        (
            window_state(Some(secs), None, 1_795_509_000_000, &Options::default()).unwrap_err(),
            Some("lastInboundAt"),
        ),
        (
            conversation_state(
                &[Event::inbound(1_795_509_000_000)],
                secs,
                &Options::default(),
            )
            .unwrap_err(),
            Some("now"),
        ),
    ] {
        assert_eq!(e.code(), INSTANT_OUT_OF_RANGE);
        assert_eq!(e.path(), path);
        assert!(
            e.message()
                .contains("looks like epoch seconds; pass milliseconds (1795509000 * 1000)")
                && e.message().contains("2026-11-24T08:30:00.000Z"),
            "{}",
            e.message()
        );
    }
    // Out of range but not plausible seconds (1970 in ms, 2100+ in seconds, negative): no hint.
    for ms in [0, 1_000, 4_102_444_800, -1_795_509_000, MIN_INSTANT_MS - 1] {
        let e = Instant::Millis(ms).epoch_ms().unwrap_err();
        assert_eq!(e.code(), INSTANT_OUT_OF_RANGE);
        assert!(!e.message().contains("seconds"), "{ms}: {}", e.message());
        assert!(e.message().contains("2009"), "{}", e.message());
    }
    // The first second of 2009 in seconds is named; a date string never is.
    assert!(Instant::Millis(MIN_INSTANT_MS / 1000)
        .epoch_ms()
        .unwrap_err()
        .message()
        .contains("epoch seconds"));
    assert!(!parse_instant("2008-06-01T00:00:00Z")
        .unwrap_err()
        .message()
        .contains("seconds"));
}

#[wasm_bindgen_test(unsupported = test)]
fn instants_deserialise_from_numbers_and_strings_only() {
    let i: Instant = serde_json::from_str("1795509000000").unwrap();
    assert_eq!(i.epoch_ms(), Ok(1_795_509_000_000));
    let i: Instant = serde_json::from_str("1795509000000.0").unwrap();
    assert_eq!(i.epoch_ms(), Ok(1_795_509_000_000));
    let i: Instant = serde_json::from_str("\"2026-11-24T08:30:00Z\"").unwrap();
    assert_eq!(i.epoch_ms(), Ok(1_795_509_000_000));
    for bad in ["1.5", "true", "{}", "[1]", "1e300"] {
        let i: Instant = serde_json::from_str(bad).unwrap();
        assert_eq!(i.epoch_ms().unwrap_err().code(), INSTANT_INVALID, "{bad}");
    }
}

// ---- the 24-hour window ---------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn open_one_millisecond_before_24h_closed_at_24h() {
    let t = ms("2026-11-24T08:30:00.000Z");
    let before = state(&[Event::inbound(t)], t + 24 * H - 1);
    assert!(before.open);
    assert_eq!(before.remaining_ms, 1);
    assert_eq!(before.closes_at, Some(t + 24 * H));
    let at = state(&[Event::inbound(t)], t + 24 * H);
    assert!(!at.open);
    assert_eq!(at.remaining_ms, 0);
    assert!(!at.closing_soon);
    assert_eq!(at.closes_at, Some(t + 24 * H));
    let just_now = state(&[Event::inbound(t)], t);
    assert!(just_now.open);
    assert_eq!(just_now.remaining_ms, 24 * H);
}

#[wasm_bindgen_test(unsupported = test)]
fn only_inbound_messages_and_calls_open_or_extend_it() {
    let t = ms("2026-11-24T08:00:00Z");
    let s = state(
        &[
            Event::outbound(t),
            Event::outbound(t + H).kind(Kind::Template),
        ],
        t + 2 * H,
    );
    assert!(!s.open);
    assert_eq!(
        (s.opened_at, s.closes_at, s.last_inbound_at),
        (None, None, None)
    );

    // An agent reply after the customer's message does not move the close.
    let s = state(
        &[Event::inbound(t), Event::outbound(t + 20 * H)],
        t + 24 * H,
    );
    assert!(!s.open);
    // A call from the customer does.
    let s = state(
        &[
            Event::inbound(t),
            Event::inbound(t + 20 * H).kind(Kind::Call),
        ],
        t + 24 * H,
    );
    assert!(s.open);
    assert_eq!(s.closes_at, Some(t + 44 * H));
    assert_eq!(s.opened_at, Some(t));
    assert_eq!(s.last_inbound_at, Some(t + 20 * H));
}

#[wasm_bindgen_test(unsupported = test)]
fn opened_at_is_the_start_of_the_unbroken_window() {
    let t = ms("2026-11-20T00:00:00Z");
    // 0h, 23h59m (extends), then exactly 24h after that one (window had closed): new window.
    let second = t + 24 * H - MIN;
    let third = second + 24 * H;
    let s = state(
        &[
            Event::inbound(third),
            Event::inbound(t),
            Event::inbound(second),
        ],
        third + H,
    );
    assert_eq!(s.opened_at, Some(third));
    let s = state(&[Event::inbound(second), Event::inbound(t)], second + H);
    assert_eq!(s.opened_at, Some(t));
    // When closed, opened_at/closes_at describe the last window.
    let s = state(&[Event::inbound(second), Event::inbound(t)], third);
    assert!(!s.open);
    assert_eq!((s.opened_at, s.closes_at), (Some(t), Some(third)));
}

/// A tiny deterministic generator (no `rand` in the wasm build).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn event_order_does_not_matter() {
    let mut rng = Lcg(42);
    let base = ms("2026-11-01T00:00:00Z");
    for round in 0..200 {
        let n = 1 + rng.next(12) as usize;
        let mut events: Vec<Event> = (0..n)
            .map(|_| {
                let at = base + rng.next(96) as i64 * H / 2 + rng.next(1000) as i64;
                let e = if rng.next(2) == 0 {
                    Event::inbound(at)
                } else {
                    Event::outbound(at)
                };
                if rng.next(4) == 0 {
                    e.with_referral()
                } else {
                    e
                }
            })
            .collect();
        let now = base + 48 * H;
        let expected = state(&events, now);
        // Independent oracle for the main rule.
        let last = events
            .iter()
            .filter(|e| e.direction == Direction::Inbound)
            .map(|e| e.at)
            .max();
        assert_eq!(expected.closes_at, last.map(|l| l + WINDOW_MS));
        assert_eq!(expected.open, last.is_some_and(|l| now < l + WINDOW_MS));
        for _ in 0..5 {
            for i in (1..events.len()).rev() {
                let j = rng.next(i as u64 + 1) as usize;
                events.swap(i, j);
            }
            assert_eq!(state(&events, now), expected, "round {round}");
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn closing_soon_uses_the_threshold() {
    let t = ms("2026-11-24T08:00:00Z");
    let close = t + 24 * H;
    assert!(state(&[Event::inbound(t)], close - H).closing_soon);
    assert!(!state(&[Event::inbound(t)], close - H - 1).closing_soon);
    let o = Options::new(Some(10 * MIN), None).unwrap();
    let s = conversation_state(&[Event::inbound(t)], close - 10 * MIN, &o).unwrap();
    assert!(s.closing_soon);
    let s = conversation_state(&[Event::inbound(t)], close - 10 * MIN - 1, &o).unwrap();
    assert!(!s.closing_soon);
    let zero = Options::new(Some(0), None).unwrap();
    assert!(
        !conversation_state(&[Event::inbound(t)], close - 1, &zero)
            .unwrap()
            .closing_soon
    );
    assert_eq!(
        Options::new(Some(-1), None).unwrap_err().path(),
        Some("closingSoonMs")
    );
    assert_eq!(
        Options::new(None, Some(2 * H)).unwrap_err().path(),
        Some("skewToleranceMs")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn events_within_skew_count_as_now_beyond_are_errors() {
    let now = ms("2026-11-24T12:00:00Z");
    let s = state(&[Event::inbound(now + 5 * MIN)], now);
    assert_eq!(s.last_inbound_at, Some(now));
    assert_eq!(s.closes_at, Some(now + 24 * H));
    let e = conversation_state(
        &[Event::inbound(now - H), Event::outbound(now + 5 * MIN + 1)],
        now,
        &opts(),
    )
    .unwrap_err();
    assert_eq!(e.code(), EVENT_IN_FUTURE);
    assert_eq!(e.path(), Some("[1].at"));
    let strict = Options::new(None, Some(0)).unwrap();
    assert_eq!(
        conversation_state(&[Event::inbound(now + 1)], now, &strict)
            .unwrap_err()
            .code(),
        EVENT_IN_FUTURE
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn leap_day_is_just_24_hours() {
    let s = state(
        &[Event::inbound(ms("2028-02-28T12:00:00Z"))],
        ms("2028-02-29T11:59:59.999Z"),
    );
    assert!(s.open);
    assert_eq!(s.closes_at, Some(ms("2028-02-29T12:00:00Z")));
    let s = state(
        &[Event::inbound(ms("2028-02-29T23:30:00-03:00"))],
        ms("2028-03-01T12:00:00Z"),
    );
    assert_eq!(
        format_instant(s.closes_at.unwrap()),
        "2028-03-02T02:30:00.000Z"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn dst_changes_play_no_part() {
    // Europe springs forward on 2026-03-29 (01:00Z): the window is 24 real hours, so it closes at
    // 13:00 local summer time for a message sent at 12:00 local winter time.
    let t = ms("2026-03-28T12:00:00+01:00");
    let s = state(&[Event::inbound(t)], ms("2026-03-29T12:59:59.999+02:00"));
    assert!(s.open);
    assert_eq!(s.remaining_ms, 1);
    assert_eq!(s.closes_at, Some(ms("2026-03-29T13:00:00+02:00")));
    // The US falls back on 2026-11-01: 09:00 EDT + 24h = 08:00 EST.
    let t = ms("2026-10-31T09:00:00-04:00");
    let s = state(&[Event::inbound(t)], ms("2026-11-01T08:00:00-05:00"));
    assert!(!s.open);
    assert_eq!(
        format_instant(s.closes_at.unwrap()),
        "2026-11-01T13:00:00.000Z"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn window_state_from_the_last_inbound_instant() {
    let t = ms("2026-11-24T08:30:00Z");
    let s = window::window_state(Some(t), None, t + H, &opts()).unwrap();
    assert!(s.open);
    assert_eq!(s.opened_at, Some(t));
    assert_eq!(s.remaining_ms, 23 * H);
    let s = window::window_state(None, None, t, &opts()).unwrap();
    assert!(!s.open);
    assert_eq!(s.closes_at, None);
    let e = window::window_state(Some(t + H), None, t, &opts()).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (EVENT_IN_FUTURE, Some("lastInboundAt"))
    );
    let e = window::window_state(Some(t), Some((t + 1, None)), t + H, &opts()).unwrap_err();
    assert_eq!(e.code(), ENTRY_POINT_INCONSISTENT);
}

// ---- free entry point ------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn entry_point_opens_on_a_reply_within_24h_and_lasts_72h() {
    let r = ms("2026-11-20T10:00:00Z");
    let reply = r + 23 * H;
    let events = [Event::inbound(r).with_referral(), Event::outbound(reply)];
    let s = state(&events, reply + 72 * H - 1);
    assert!(!s.open, "customer service window long closed");
    assert!(s.entry_point.open);
    assert_eq!(s.entry_point.opened_at, Some(reply));
    assert_eq!(s.entry_point.closes_at, Some(reply + 72 * H));
    assert_eq!(s.entry_point.remaining_ms, 1);
    assert!(!state(&events, reply + 72 * H).entry_point.open);

    // A reply at exactly 24h is too late; a call is not a reply.
    let s = state(
        &[
            Event::inbound(r).with_referral(),
            Event::outbound(r + H).kind(Kind::Call),
            Event::outbound(r + 24 * H),
        ],
        r + 25 * H,
    );
    assert_eq!(s.entry_point, EntryPointState::default());
    // No referral: no entry point.
    let s = state(&[Event::inbound(r), Event::outbound(r + H)], r + 2 * H);
    assert!(!s.entry_point.open);
    assert_eq!(s.entry_point.opened_at, None);
}

#[wasm_bindgen_test(unsupported = test)]
fn entry_point_reply_by_while_a_referral_awaits_a_reply() {
    let r = ms("2026-11-20T10:00:00Z");
    let s = state(&[Event::inbound(r).with_referral()], r + H);
    assert_eq!(s.entry_point.reply_by, Some(r + 24 * H));
    assert!(!s.entry_point.open);
    let s = state(&[Event::inbound(r).with_referral()], r + 24 * H);
    assert_eq!(s.entry_point.reply_by, None);
    // Reported through windowState's entryPoint too.
    let s =
        window::window_state(Some(r + 2 * H), Some((r, Some(r + H))), r + 3 * H, &opts()).unwrap();
    assert!(s.entry_point.open);
    assert_eq!(s.entry_point.closes_at, Some(r + 73 * H));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_second_referral_inside_an_open_entry_point_does_not_restart_it() {
    let r = ms("2026-11-20T10:00:00Z");
    let s = state(
        &[
            Event::inbound(r).with_referral(),
            Event::outbound(r + H),
            Event::inbound(r + 30 * H).with_referral(),
            Event::outbound(r + 31 * H),
        ],
        r + 40 * H,
    );
    assert_eq!(s.entry_point.opened_at, Some(r + H));
    // After it closed, a new referral + reply opens a new one.
    let s = state(
        &[
            Event::inbound(r).with_referral(),
            Event::outbound(r + H),
            Event::inbound(r + 80 * H).with_referral(),
            Event::outbound(r + 81 * H),
        ],
        r + 90 * H,
    );
    assert_eq!(s.entry_point.opened_at, Some(r + 81 * H));
}

// ---- allowed actions -------------------------------------------------------------------------

fn template(sid_digit: char, name: &str, language: &str) -> Template {
    Template {
        sid: format!("HX{}", sid_digit.to_string().repeat(32)),
        name: name.into(),
        language: language.into(),
        body: "Hello {{1}}, your order is ready for pickup today.".into(),
        category: None,
    }
}

fn workstream(attachments: AttachmentSettings, templates: Vec<Template>) -> Workstream {
    Workstream {
        id: "support".into(),
        name: "Support".into(),
        number: "+14155550100".into(),
        language: "en".into(),
        attachments,
        templates,
        content_templates: Vec::new(),
        automated_messages: Default::default(),
    }
}

fn codes(p: &Permission) -> Vec<&str> {
    p.reasons.iter().map(|e| e.code()).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn actions_follow_window_and_attachment_settings() {
    let t = ms("2026-11-24T08:00:00Z");
    let open = state(&[Event::inbound(t)], t + H);
    let closed = state(&[Event::inbound(t)], t + 24 * H);
    let all_on = AttachmentSettings {
        enabled: true,
        customers_may_send: true,
        agents_may_send: true,
    };
    let ws = workstream(all_on, vec![template('a', "order_ready", "en")]);
    let a = allowed_actions(&open, &ws, None, None).unwrap();
    assert!(a.free_text.allowed && a.attachments.allowed && a.templates.allowed);
    assert!(a.free_text.reasons.is_empty());

    let a = allowed_actions(&closed, &ws, None, None).unwrap();
    assert!(!a.free_text.allowed);
    assert_eq!(codes(&a.free_text), [WINDOW_CLOSED]);
    assert!(a.free_text.reasons[0].message().contains("63016"));
    assert_eq!(codes(&a.attachments), [WINDOW_CLOSED]);
    assert!(a.templates.allowed, "templates are always allowed");

    let off = workstream(AttachmentSettings::default(), vec![]);
    let a = allowed_actions(&closed, &off, None, None).unwrap();
    assert_eq!(codes(&a.attachments), [WINDOW_CLOSED, ATTACHMENTS_DISABLED]);
    let customers_only = AttachmentSettings {
        agents_may_send: false,
        ..all_on
    };
    let a = allowed_actions(&open, &workstream(customers_only, vec![]), None, None).unwrap();
    assert_eq!(codes(&a.attachments), [AGENT_ATTACHMENTS_NOT_ALLOWED]);
    assert!(a.free_text.allowed);
    assert!(!a.templates.allowed);
    assert_eq!(a.templates.reasons[0].code(), NO_TEMPLATES);
}

#[wasm_bindgen_test(unsupported = test)]
fn templates_by_customer_language_then_default() {
    let t = ms("2026-11-24T08:00:00Z");
    let closed = state(&[Event::inbound(t)], t + 30 * H);
    let ws = workstream(
        AttachmentSettings::default(),
        vec![
            template('a', "order_ready", "en"),
            template('b', "order_ready", "pt_BR"),
            template('c', "order_ready", "es"),
        ],
    );
    let pick = |lang: Option<&str>| allowed_actions(&closed, &ws, lang, None).unwrap().templates;
    assert_eq!(pick(Some("pt-BR")).language.as_deref(), Some("pt_BR"));
    assert_eq!(
        pick(Some("pt-BR")).template_sids,
        [format!("HX{}", "b".repeat(32))]
    );
    assert_eq!(pick(Some("es_MX")).language.as_deref(), Some("es"));
    assert_eq!(pick(Some("de")).language.as_deref(), Some("en"));
    assert_eq!(pick(None).language.as_deref(), Some("en"));

    let e = allowed_actions(&closed, &ws, Some("portuguese"), None).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (wa_guard::template::LOCALE_INVALID, Some("customerLanguage"))
    );
    let mut ws_no_default = ws.clone();
    ws_no_default.language = "fr".into();
    ws_no_default.templates.retain(|t| t.language == "es");
    let p = allowed_actions(&closed, &ws_no_default, Some("de"), None)
        .unwrap()
        .templates;
    assert!(!p.allowed);
    assert_eq!(p.reasons[0].code(), NO_TEMPLATE_FOR_LANGUAGE);
    assert!(p.template_sids.is_empty());
}

// ---- caller-facing input (JSON, as from JS) ---------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn conversation_input_from_json_with_paths() {
    let s = eval(
        r#"{"events":[{"direction":"outbound","at":"2026-11-24T09:00:00Z","kind":"template"},
                      {"direction":"inbound","at":1795514400000}],"now":"2026-11-24T11:00:00+01:00"}"#,
    )
    .unwrap();
    assert!(s.window.open);
    assert_eq!(s.actions, None);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["now"], "2026-11-24T10:00:00.000Z");
    assert_eq!(json["closesAt"], "2026-11-25T10:00:00.000Z");
    assert_eq!(json["remainingMs"], 24 * H);
    assert_eq!(json["entryPoint"]["openedAt"], serde_json::Value::Null);
    assert!(json.get("actions").is_none());

    for (events, code, path) in [
        (
            r#"[{"direction":"sideways","at":1795509000000}]"#,
            EVENT_DIRECTION_INVALID,
            "events[0].direction",
        ),
        (
            r#"[{"direction":"inbound","at":1795509000000},{"direction":"inbound","at":"soon"}]"#,
            INSTANT_INVALID,
            "events[1].at",
        ),
        (
            r#"[{"direction":"inbound","at":"2026-11-24T12:00:00"}]"#,
            INSTANT_NO_OFFSET,
            "events[0].at",
        ),
        (
            r#"[{"direction":"inbound","at":1.5}]"#,
            INSTANT_INVALID,
            "events[0].at",
        ),
        (
            r#"[{"direction":"inbound","at":true}]"#,
            INSTANT_INVALID,
            "events[0].at",
        ),
        (
            r#"[{"direction":"inbound","at":1795509000000,"kind":"sticker"}]"#,
            EVENT_KIND_INVALID,
            "events[0].kind",
        ),
        (
            r#"[{"direction":"inbound","at":1795509000000,"kind":"template"}]"#,
            EVENT_KIND_INVALID,
            "events[0].kind",
        ),
        (
            r#"[{"direction":"inbound","at":1795509000000},{"direction":"inbound","at":1795509000000},{"direction":"inbound","at":1795509000000},{"direction":"outbound","at":"2026-11-24T12:05:01Z"}]"#,
            EVENT_IN_FUTURE,
            "events[3].at",
        ),
    ] {
        let e = eval(&format!(r#"{{"events":{events}}}"#)).unwrap_err();
        assert_eq!((e.code(), e.path()), (code, Some(path)), "{events}");
    }
    let e = eval(r#"{"events":[],"now":"later"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), (INSTANT_INVALID, Some("now")));
    let e = eval(r#"{"events":[],"closingSoonMs":-5}"#).unwrap_err();
    assert_eq!(e.path(), Some("closingSoonMs"));
    assert!(serde_json::from_str::<ConversationInput>(r#"{"events":[],"nowMs":1}"#).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn conversation_input_with_a_workstream_has_actions() {
    let s = eval(
        r#"{"events":[{"direction":"inbound","at":"2026-11-23T12:30:00Z","referral":{"sourceType":"ad"}},
                      {"direction":"outbound","at":"2026-11-23T12:31:00Z"}],
            "customerLanguage":"es-MX",
            "workstream":{"id":"sales","name":"Sales","number":"+14155550100","language":"en",
              "attachments":{"enabled":true,"agentsMaySend":true},
              "templates":[{"sid":"HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","name":"hi","language":"es","body":"Hola {{1}}, gracias por escribirnos hoy."}]}}"#,
    )
    .unwrap();
    assert!(s.window.closing_soon);
    assert!(s.window.entry_point.open);
    let a = s.actions.unwrap();
    assert!(a.attachments.allowed);
    assert_eq!(a.templates.language.as_deref(), Some("es"));
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["freeText"]["allowed"], true);
    assert_eq!(
        json["templates"]["templateSids"][0],
        "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn window_input_from_json() {
    let w: WindowInput = serde_json::from_str(
        r#"{"lastInboundAt":"2026-11-24T08:30:00Z","now":1795595399999,"entryPoint":{"referralAt":"2026-11-24T08:30:00Z"}}"#,
    )
    .unwrap();
    let s = w.evaluate(0).unwrap();
    assert!(s.open);
    assert_eq!(s.remaining_ms, 1);
    assert_eq!(s.entry_point.reply_by, Some(ms("2026-11-25T08:30:00Z")));
    let w: WindowInput = serde_json::from_str(r#"{"lastInboundAt":null}"#).unwrap();
    let s = w.evaluate(ms("2026-11-24T08:30:00Z")).unwrap();
    assert_eq!(format_instant(s.now), "2026-11-24T08:30:00.000Z");
    assert!(!s.open);
    let w: WindowInput = serde_json::from_str(r#"{"lastInboundAt":"noon"}"#).unwrap();
    assert_eq!(
        w.evaluate(ms("2026-11-24T08:30:00Z")).unwrap_err().path(),
        Some("lastInboundAt")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn too_many_events_is_input_too_large() {
    let t0 = MIN_INSTANT_MS;
    let events = vec![Event::inbound(t0); MAX_EVENTS + 1];
    assert_eq!(
        conversation_state(&events, 1, &opts()).unwrap_err().code(),
        wa_guard::error::INPUT_TOO_LARGE
    );
    let events = vec![Event::inbound(t0); MAX_EVENTS];
    assert!(
        !conversation_state(&events, t0 + 24 * H, &opts())
            .unwrap()
            .open
    );
}

// ---- the hand-written parser and formatter against chrono ---------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn parser_agrees_with_chrono_on_rfc3339_and_mutations() {
    let mut rng = Lcg(7);
    let alphabet = b"0123456789-:.+TZtz x";
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..20_000 {
        let ms = rng.next(MAX_INSTANT_MS as u64 / 1000) as i64 * 1000 + rng.next(1000) as i64;
        let offset_min = rng.next(24 * 60 * 2 - 1) as i64 - (24 * 60 - 1);
        let dt = chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .with_timezone(&chrono::FixedOffset::east_opt(offset_min as i32 * 60).unwrap());
        let mut s = dt.to_rfc3339_opts(chrono::SecondsFormat::Millis, rng.next(2) == 0);
        if rng.next(2) == 0 {
            let mut b = s.into_bytes();
            for _ in 0..1 + rng.next(2) {
                let i = rng.next(b.len() as u64) as usize;
                b[i] = alphabet[rng.next(alphabet.len() as u64) as usize];
            }
            s = String::from_utf8(b).unwrap();
        }
        let oracle = chrono::DateTime::parse_from_rfc3339(&s)
            .ok()
            .filter(|_| !s.contains(":60"))
            .map(|d| d.timestamp_millis())
            .filter(|ms| (MIN_INSTANT_MS..=MAX_INSTANT_MS).contains(ms));
        let mine = parse_instant(&s).ok();
        // chrono's RFC 3339 parser takes "+hh:mm" only; ours also "+hhmm"/"+hh" (ISO 8601).
        if mine.is_some() && oracle.is_none() {
            let tail = &s[s.len() - 5..];
            assert!(
                !tail.contains(':') || parse_instant(&s).unwrap() < MIN_INSTANT_MS,
                "accepted {s:?} that chrono rejects"
            );
            continue;
        }
        assert_eq!(mine, oracle, "{s:?}");
        if mine.is_some() {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    assert!(
        accepted > 5_000 && rejected > 2_000,
        "{accepted} / {rejected}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn formatter_agrees_with_chrono() {
    let mut rng = Lcg(11);
    for i in 0..20_000 {
        let ms = match i {
            0 => 0,
            1 => MAX_INSTANT_MS,
            2 => ms("2028-02-29T23:59:59.999Z"),
            _ => rng.next(MAX_INSTANT_MS as u64) as i64,
        };
        let expected = chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        assert_eq!(format_instant(ms), expected);
        if ms >= MIN_INSTANT_MS {
            assert_eq!(parse_instant(&expected), Ok(ms));
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn same_millisecond_events_give_the_same_state_in_any_order() {
    let t = ms("2026-11-20T10:00:00Z");
    let a = [Event::inbound(t).with_referral(), Event::outbound(t)];
    let b = [Event::outbound(t), Event::inbound(t).with_referral()];
    let (sa, sb) = (state(&a, t + H), state(&b, t + H));
    assert_eq!(sa, sb);
    assert!(
        sa.entry_point.open,
        "the reply at the same millisecond answers the referral"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn marketing_templates_are_left_out_for_us_numbers_63049() {
    let t = ms("2026-11-24T08:00:00Z");
    let closed = state(&[Event::inbound(t)], t + 30 * H);
    let mut promo = template('a', "promo", "en");
    promo.category = Some(wa_guard::template::Category::Marketing);
    let mut update = template('b', "update", "en");
    update.category = Some(wa_guard::template::Category::Utility);
    let ws = workstream(AttachmentSettings::default(), vec![promo.clone(), update]);
    let us = wa_guard::number::parse_e164("+14155550123").unwrap();
    let br = wa_guard::number::parse_e164("+5511955550123").unwrap();

    let p = allowed_actions(&closed, &ws, None, Some(&us))
        .unwrap()
        .templates;
    assert!(p.allowed);
    assert_eq!(p.template_sids, [format!("HX{}", "b".repeat(32))]);
    assert_eq!(p.excluded_sids, [promo.sid.clone()]);
    let p = allowed_actions(&closed, &ws, None, Some(&br))
        .unwrap()
        .templates;
    assert_eq!(p.template_sids.len(), 2);
    assert!(p.excluded_sids.is_empty());

    // Only marketing templates and a US customer: nothing can be sent, with the reason.
    let only_promo = workstream(AttachmentSettings::default(), vec![promo.clone()]);
    let p = allowed_actions(&closed, &only_promo, None, Some(&us))
        .unwrap()
        .templates;
    assert!(!p.allowed);
    assert_eq!(p.reasons[0].code(), MARKETING_TEMPLATES_NOT_DELIVERED);
    assert!(p.reasons[0].message().contains("63049"));
    assert_eq!(p.excluded_sids, [promo.sid]);
    // Canada, Jamaica and the other non-US +1 countries keep marketing templates (issue 22);
    // the US territories and an unassigned +1 area code are treated as the US.
    for n in [
        "+14165550123",
        "+16045550123",
        "+18765550123",
        "+12465550123",
        "+18685550123",
    ] {
        let other = wa_guard::number::parse_e164(n).unwrap();
        let p = allowed_actions(&closed, &only_promo, None, Some(&other))
            .unwrap()
            .templates;
        assert!(p.allowed && p.excluded_sids.is_empty(), "{n}");
    }
    for n in [
        "+17875550123",
        "+16715550123",
        "+13405550123",
        "+19995550123",
    ] {
        let paused = wa_guard::number::parse_e164(n).unwrap();
        let p = allowed_actions(&closed, &only_promo, None, Some(&paused))
            .unwrap()
            .templates;
        assert!(!p.allowed, "{n}");
    }
    // Unknown number: nothing is left out.
    assert!(
        allowed_actions(&closed, &only_promo, None, None)
            .unwrap()
            .templates
            .allowed
    );
}

// ---- input limits (issue 11) -----------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn allowed_actions_caps_the_workstream_templates() {
    let t = ms("2026-11-24T08:00:00Z");
    let open = state(&[Event::inbound(t)], t + H);
    let one = template('a', "order_ready", "en");
    let at = workstream(
        AttachmentSettings::default(),
        vec![one.clone(); wa_guard::config::MAX_TEMPLATES],
    );
    let a = allowed_actions(&open, &at, None, None).unwrap();
    assert_eq!(
        a.templates.template_sids.len(),
        wa_guard::config::MAX_TEMPLATES
    );

    let past = workstream(
        AttachmentSettings::default(),
        vec![one; wa_guard::config::MAX_TEMPLATES + 1],
    );
    let e = allowed_actions(&open, &past, None, None).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (
            wa_guard::error::INPUT_TOO_LARGE,
            Some("workstream.templates")
        )
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn conversation_input_checks_the_workstream_size_before_the_events() {
    let t = ms("2026-11-24T08:00:00Z");
    let one = template('a', "order_ready", "en");
    let input = |n: usize, at: &str| ConversationInput {
        // An event in the future: an error only if the events are looked at.
        events: vec![EventInput {
            direction: "inbound".into(),
            at: Instant::from(at),
            kind: None,
            referral: None,
        }],
        now: Some(Instant::from(t)),
        workstream: Some(workstream(
            AttachmentSettings::default(),
            vec![one.clone(); n],
        )),
        closing_soon_ms: None,
        skew_tolerance_ms: None,
        customer_language: None,
        customer_number: None,
    };
    let max = wa_guard::config::MAX_TEMPLATES;
    assert!(input(max, "2026-11-24T07:00:00Z").evaluate(t).is_ok());
    assert_eq!(
        input(max, "2027-01-01T00:00:00Z")
            .evaluate(t)
            .unwrap_err()
            .code(),
        EVENT_IN_FUTURE
    );
    let e = input(max + 1, "2027-01-01T00:00:00Z")
        .evaluate(t)
        .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (
            wa_guard::error::INPUT_TOO_LARGE,
            Some("workstream.templates")
        )
    );
}

// ---- Content templates in `actions.templates` (Twilio's approval chart, issue 23) -------------

use serde_json::{json, Value};

fn content_item(n: usize, ty: &str, def: Value, status: &str, lang: &str) -> Value {
    json!({
        "sid": format!("HX{n:032x}"), "account_sid": "AC00000000000000000000000000000000",
        "friendly_name": format!("t{n}"), "language": lang, "variables": {"1": "Sam"},
        "types": { ty: def },
        "approval_requests": { "name": format!("t{n}"), "category": "UTILITY", "content_type": ty,
            "status": status, "rejection_reason": "", "allow_category_change": true }
    })
}

/// `conversationState(...).actions.templates` (the JSON input, as from JS) with these Content
/// templates, the window open (an inbound message an hour ago) or closed (30 hours ago).
fn content_permission(
    items: Vec<Value>,
    open: bool,
    customer_language: Option<&str>,
    customer_number: Option<&str>,
) -> TemplatePermission {
    let now = if open {
        "2026-11-24T09:00:00Z"
    } else {
        "2026-11-25T14:00:00Z"
    };
    let v = json!({
        "events": [{ "direction": "inbound", "at": "2026-11-24T08:00:00Z" }],
        "now": now,
        "workstream": { "id": "support", "name": "Support", "number": "+14155550100",
            "language": "en", "contentTemplates": items },
        "customerLanguage": customer_language,
        "customerNumber": customer_number,
    });
    let input: ConversationInput = serde_json::from_value(v).unwrap();
    let s = input.evaluate(0).unwrap();
    assert_eq!(s.window.open, open);
    s.actions.unwrap().templates
}

/// Ok when template `n` is listed as sendable now, else the codes of its reasons.
fn sendable(n: usize, ty: &str, def: Value, status: &str, open: bool) -> Result<(), Vec<String>> {
    let p = content_permission(
        vec![content_item(n, ty, def, status, "en")],
        open,
        None,
        None,
    );
    let sid = format!("HX{n:032x}");
    if p.template_sids.contains(&sid) {
        assert!(p.allowed && p.unavailable.is_empty());
        return Ok(());
    }
    assert!(!p.allowed);
    assert_eq!(codes_of(&p.reasons), ["NO_TEMPLATE_SENDABLE"]);
    let u = p
        .unavailable
        .iter()
        .find(|u| u.sid == sid)
        .expect("listed as unavailable");
    for r in &u.reasons {
        assert!(!r.message.is_empty());
    }
    Err(u.reasons.iter().map(|r| r.code.to_string()).collect())
}

fn codes_of(e: &[wa_guard::Error]) -> Vec<&str> {
    e.iter().map(|e| e.code()).collect()
}

fn buttons(kinds: &[&str]) -> Value {
    Value::Array(
        kinds
            .iter()
            .enumerate()
            .map(|(i, k)| match *k {
                "URL" => json!({"type": "URL", "title": format!("Open {i}"), "url": "https://example.com/o/{{1}}"}),
                "PHONE_NUMBER" => json!({"type": "PHONE_NUMBER", "title": "Call us", "phone": "+14155550100"}),
                k => json!({"type": k, "title": format!("Button {i}"), "id": format!("b{i}")}),
            })
            .collect(),
    )
}

fn def_of(ty: &str, actions: Value) -> Value {
    match ty {
        "twilio/media" => {
            json!({"body": "Your invoice {{1}}", "media": ["https://example.com/i/{{1}}.pdf"]})
        }
        "twilio/location" => json!({"latitude": 52.5, "longitude": 13.4, "label": "Our shop"}),
        "twilio/list-picker" => {
            json!({"body": "Pick a size", "button": "Sizes", "items": [{"item": "S", "id": "s"}]})
        }
        "twilio/card" => json!({"title": "Hello {{1}}", "actions": actions}),
        "twilio/carousel" => {
            json!({"body": "Deals", "cards": [{"title": "A", "body": "a", "actions": buttons(&["URL"])}]})
        }
        "twilio/flows" => {
            json!({"body": "Book", "button_text": "Start", "type": "NAVIGATE", "pages": []})
        }
        "whatsapp/authentication" => {
            json!({"add_security_recommendation": true, "actions": [{"type": "COPY_CODE", "copy_code_text": "Copy"}]})
        }
        "twilio/pay" => json!({"body": "Pay"}),
        _ => json!({"body": "Hello {{1}}, your order is ready.", "actions": actions}),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_chart_text_media_quick_reply_catalog_through_conversation_state() {
    for (n, ty) in [
        "twilio/text",
        "twilio/media",
        "twilio/quick-reply",
        "twilio/catalog",
    ]
    .into_iter()
    .enumerate()
    {
        let def = def_of(ty, buttons(&["QUICK_REPLY", "QUICK_REPLY"]));
        assert_eq!(
            sendable(n, ty, def.clone(), "approved", true),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, def.clone(), "approved", false),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, def.clone(), "pending", true),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, def, "pending", false),
            Err(vec!["TEMPLATE_NOT_APPROVED".into()]),
            "{ty}"
        );
    }
    // An unapproved quick-reply in session: at most 3 buttons.
    let qr = |k: usize| json!({"body": "Rate us", "actions": (0..k).map(|i| json!({"title": format!("R{i}"), "id": format!("r{i}")})).collect::<Vec<_>>()});
    assert_eq!(
        sendable(9, "twilio/quick-reply", qr(3), "unsubmitted", true),
        Ok(())
    );
    assert_eq!(
        sendable(9, "twilio/quick-reply", qr(4), "unsubmitted", true),
        Err(vec!["TEMPLATE_APPROVAL_REQUIRED".into()])
    );
    // The 63016 of a business-initiated send is carried with the reason.
    let p = content_permission(
        vec![content_item(
            1,
            "twilio/text",
            def_of("twilio/text", json!([])),
            "rejected",
            "en",
        )],
        false,
        None,
        None,
    );
    assert_eq!(p.unavailable[0].reasons[0].twilio_error, Some(63016));
    assert_eq!(p.unavailable[0].name, "t1");
}

#[wasm_bindgen_test(unsupported = test)]
fn content_chart_location_list_picker_pay_through_conversation_state() {
    for (n, ty) in ["twilio/location", "twilio/list-picker", "twilio/pay"]
        .into_iter()
        .enumerate()
    {
        for status in ["approved", "unsubmitted"] {
            let def = def_of(ty, json!([]));
            assert_eq!(sendable(n, ty, def.clone(), status, true), Ok(()), "{ty}");
            assert_eq!(
                sendable(n, ty, def, status, false),
                Err(vec!["TEMPLATE_SESSION_ONLY".into()]),
                "{ty} {status}"
            );
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_chart_call_to_action_card_whatsapp_card_through_conversation_state() {
    for (n, ty) in ["twilio/call-to-action", "twilio/card", "whatsapp/card"]
        .into_iter()
        .enumerate()
    {
        let many = def_of(ty, buttons(&["URL", "URL", "PHONE_NUMBER"]));
        assert_eq!(
            sendable(n, ty, many.clone(), "approved", true),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, many.clone(), "approved", false),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, many.clone(), "unsubmitted", true),
            Err(vec!["TEMPLATE_APPROVAL_REQUIRED".into()]),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, many, "unsubmitted", false),
            Err(vec!["TEMPLATE_APPROVAL_REQUIRED".into()]),
            "{ty}"
        );
        let one_url = def_of(ty, buttons(&["URL"]));
        assert_eq!(
            sendable(n, ty, one_url.clone(), "unsubmitted", true),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, one_url, "unsubmitted", false),
            Err(vec!["TEMPLATE_NOT_APPROVED".into()]),
            "{ty}"
        );
        let phone = def_of(ty, buttons(&["PHONE_NUMBER"]));
        assert_eq!(
            sendable(n, ty, phone, "rejected", true),
            Err(vec!["TEMPLATE_APPROVAL_REQUIRED".into()]),
            "{ty}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_chart_carousel_flows_authentication_through_conversation_state() {
    for (n, ty) in ["twilio/carousel", "twilio/flows", "whatsapp/authentication"]
        .into_iter()
        .enumerate()
    {
        let def = def_of(ty, json!([]));
        assert_eq!(
            sendable(n, ty, def.clone(), "approved", true),
            Ok(()),
            "{ty}"
        );
        assert_eq!(
            sendable(n, ty, def.clone(), "approved", false),
            Ok(()),
            "{ty}"
        );
        for open in [true, false] {
            assert_eq!(
                sendable(n, ty, def.clone(), "pending", open),
                Err(vec!["TEMPLATE_APPROVAL_REQUIRED".into()]),
                "{ty} {open}"
            );
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_paused_disabled_and_unknown_types_are_never_sendable() {
    let def = def_of("twilio/text", json!([]));
    for open in [true, false] {
        // (Closed, the template is also not approved: both reasons are listed.)
        let e = sendable(1, "twilio/text", def.clone(), "paused", open).unwrap_err();
        assert_eq!(e[0], "TEMPLATE_PAUSED");
        let e = sendable(1, "twilio/text", def.clone(), "disabled", open).unwrap_err();
        assert_eq!(e[0], "TEMPLATE_DISABLED");
        assert_eq!(e.len(), if open { 1 } else { 2 });
        let e = sendable(
            2,
            "twilio/hologram",
            json!({"body": "hi"}),
            "approved",
            open,
        )
        .unwrap_err();
        assert!(e.contains(&"CONTENT_TYPE_UNKNOWN".to_string()), "{e:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_fixture_verdicts_through_conversation_state() {
    let f: Value =
        serde_json::from_str(include_str!("vectors/content-and-approvals.json")).unwrap();
    let items = f["page"]["contents"].as_array().unwrap();
    for x in f["expect"].as_array().unwrap() {
        let sid = x["sid"].as_str().unwrap();
        let item = items.iter().find(|i| i["sid"] == sid).unwrap();
        let lang = item["language"].as_str().unwrap();
        for (open, key) in [(true, "insideWindow"), (false, "outsideWindow")] {
            // The whole page configured; the customer speaks the template's language.
            let p = content_permission(items.clone(), open, Some(lang), None);
            let ok = p.template_sids.iter().any(|s| s == sid);
            assert_eq!(ok, x[key].as_bool().unwrap(), "{sid} {key}");
            if !ok {
                let u = p.unavailable.iter().find(|u| u.sid == sid).unwrap();
                assert_eq!(u.reasons[0].code, x["reason"].as_str().unwrap(), "{sid}");
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn content_templates_fall_back_by_language_and_mix_with_configured_ones() {
    // The customer's language has only a list-picker: outside the window it cannot be sent, so
    // the default language's approved template is offered, and the picker is listed with why.
    let items = vec![
        content_item(
            1,
            "twilio/list-picker",
            def_of("twilio/list-picker", json!([])),
            "unsubmitted",
            "de",
        ),
        content_item(
            2,
            "twilio/text",
            def_of("twilio/text", json!([])),
            "approved",
            "en",
        ),
    ];
    let p = content_permission(items.clone(), false, Some("de"), None);
    assert!(p.allowed);
    assert_eq!(p.language.as_deref(), Some("en"));
    assert_eq!(p.template_sids, [format!("HX{:032x}", 2)]);
    assert_eq!(p.unavailable.len(), 1);
    assert_eq!(p.unavailable[0].reasons[0].code, "TEMPLATE_SESSION_ONLY");
    // Inside the window the picker is sendable in the customer's own language.
    let p = content_permission(items, true, Some("de"), None);
    assert_eq!(p.language.as_deref(), Some("de"));
    assert!(p.unavailable.is_empty());
    // Marketing Content templates are left out for a US number (63049).
    let mut m = content_item(
        3,
        "twilio/text",
        def_of("twilio/text", json!([])),
        "approved",
        "en",
    );
    m["approval_requests"]["category"] = json!("MARKETING");
    let p = content_permission(vec![m.clone()], true, None, Some("+12025550143"));
    assert!(!p.allowed);
    assert_eq!(codes_of(&p.reasons), ["MARKETING_TEMPLATES_NOT_DELIVERED"]);
    assert_eq!(p.excluded_sids, [format!("HX{:032x}", 3)]);
    let p = content_permission(vec![m], true, None, Some("+442071838750"));
    assert!(p.allowed);

    // Configured templates and Content templates together.
    let t = ms("2026-11-24T08:00:00Z");
    let closed = state(&[Event::inbound(t)], t + 30 * H);
    let mut ws = workstream(
        AttachmentSettings::default(),
        vec![template('a', "order_ready", "en")],
    );
    let c: Value = content_item(
        4,
        "twilio/text",
        def_of("twilio/text", json!([])),
        "pending",
        "en",
    );
    ws.content_templates
        .push(serde_json::from_value(c).unwrap());
    let a = allowed_actions(&closed, &ws, None, None).unwrap();
    assert_eq!(a.templates.template_sids, [format!("HX{}", "a".repeat(32))]);
    assert_eq!(a.templates.unavailable[0].sid, format!("HX{:032x}", 4));
    // Serialised: `unavailable` with `code`, `message`, `twilioError`.
    let j = serde_json::to_value(&a.templates).unwrap();
    assert_eq!(
        j["unavailable"][0]["reasons"][0]["code"],
        "TEMPLATE_NOT_APPROVED"
    );
    assert_eq!(j["unavailable"][0]["reasons"][0]["twilioError"], 63016);
    // Without Content templates the JSON is as before (no `unavailable`).
    ws.content_templates.clear();
    let j = serde_json::to_value(&allowed_actions(&closed, &ws, None, None).unwrap().templates)
        .unwrap();
    assert!(j.get("unavailable").is_none());
}
