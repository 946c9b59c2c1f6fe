//! The Twilio sandbox session (issue 22, item 8), natively and in wasm.
use wa_guard::sandbox::*;

use wasm_bindgen_test::wasm_bindgen_test;

const H: i64 = 3_600_000;
const D: i64 = 24 * H;

#[wasm_bindgen_test(unsupported = test)]
fn a_join_message_is_a_known_join_for_three_days() {
    let s = sandbox_state(&[SandboxEvidence::Join(0)], 3 * D - 1).unwrap();
    assert!(s.joined && !s.inferred);
    assert_eq!((s.joined_at, s.expires_at), (Some(0), Some(3 * D)));
    assert!(
        !sandbox_state(&[SandboxEvidence::Join(0)], 3 * D)
            .unwrap()
            .joined
    );
    // Nothing known: not joined.
    let s = sandbox_state(&[], 0).unwrap();
    assert!(!s.joined && s.joined_at.is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn an_inbound_message_is_an_inferred_join() {
    let ev = [
        SandboxEvidence::Inbound(10 * H),
        SandboxEvidence::Inbound(20 * H),
    ];
    let s = sandbox_state(&ev, 30 * H).unwrap();
    assert!(s.joined && s.inferred);
    // The earliest message of the session bounds it: the join was at the latest then.
    assert_eq!(
        (s.joined_at, s.expires_at),
        (Some(10 * H), Some(10 * H + 3 * D))
    );
    assert!(!sandbox_state(&ev, 10 * H + 3 * D).unwrap().joined);
    // A message after that session ended proves a new join.
    let ev = [SandboxEvidence::Inbound(0), SandboxEvidence::Inbound(4 * D)];
    let s = sandbox_state(&ev, 4 * D + H).unwrap();
    assert_eq!((s.joined, s.joined_at), (true, Some(4 * D)));
    // A join message later than an inferred join is known.
    let ev = [SandboxEvidence::Inbound(0), SandboxEvidence::Join(H)];
    let s = sandbox_state(&ev, 2 * H).unwrap();
    assert!(!s.inferred);
    assert_eq!(s.expires_at, Some(H + 3 * D));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_63015_answer_proves_not_joined_until_new_evidence() {
    let ev = [SandboxEvidence::Join(0), SandboxEvidence::NotJoined(H)];
    let s = sandbox_state(&ev, 2 * H).unwrap();
    assert!(!s.joined);
    assert_eq!((s.joined_at, s.not_joined_at), (None, Some(H)));
    let ev = [
        SandboxEvidence::Join(0),
        SandboxEvidence::NotJoined(H),
        SandboxEvidence::Inbound(2 * H),
    ];
    let s = sandbox_state(&ev, 3 * H).unwrap();
    assert!(s.joined && s.inferred);
    // Same instant: the refusal answers a send after the message.
    let ev = [SandboxEvidence::Inbound(H), SandboxEvidence::NotJoined(H)];
    assert!(!sandbox_state(&ev, 2 * H).unwrap().joined);
    // Evidence after now is ignored.
    assert!(
        !sandbox_state(&[SandboxEvidence::Join(5 * H)], H)
            .unwrap()
            .joined
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn join_messages_and_limits() {
    for b in ["join sun-river", "JOIN  sun-river ", "Join abc"] {
        assert!(is_join_message(b), "{b}");
    }
    for b in [
        "join",
        "join us today",
        "please join sun-river",
        "",
        "join sun_river!",
    ] {
        assert!(!is_join_message(b), "{b}");
    }
    let many = vec![SandboxEvidence::Inbound(0); MAX_SANDBOX_EVIDENCE + 1];
    assert_eq!(
        sandbox_state(&many, 0).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
}

// ---- issue 18, item 2: what a status proves is the core's, not the worker's ----

#[wasm_bindgen_test(unsupported = test)]
fn a_63015_status_proves_not_joined_and_other_statuses_nothing() {
    use wa_guard::sandbox::{SandboxEvidence, TWILIO_NOT_JOINED};
    assert_eq!(TWILIO_NOT_JOINED, 63015);
    assert_eq!(
        SandboxEvidence::from_status(Some(63015), 7),
        Some(SandboxEvidence::NotJoined(7))
    );
    assert_eq!(SandboxEvidence::from_status(Some(63016), 7), None);
    assert_eq!(SandboxEvidence::from_status(None, 7), None);
}
