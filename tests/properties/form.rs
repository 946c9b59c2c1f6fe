#![cfg(not(target_arch = "wasm32"))]
//! Property tests of form decoding: the hand-written decoder agrees with the `percent-encoding`
//! crate (the reference) on any input, and encode → decode is the identity.
use proptest::collection::vec;
use proptest::prelude::*;
use wa_guard::form;

// The reference decoder is the fuzz target's (one oracle for both); only `reference` is used here.
#[allow(dead_code)]
#[path = "../../fuzz/src/form_decode.rs"]
mod form_decode;
use form_decode::reference;

/// Text rich in escapes: valid and broken `%XX`, `+`, multi-byte characters.
fn component() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            "[a-zA-Z0-9=._~-]{1,4}",
            Just("+".to_string()),
            Just("%".to_string()),
            "%[0-9a-fA-F]{2}",
            "%[0-9a-fA-FgG]{0,1}",
            "%[c-fC-F][0-9a-fA-F]%[89abAB][0-9a-fA-F]",
            "\\PC{1,2}",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn decode_component_agrees_with_the_reference(s in component()) {
        let ours = form::decode_component(&s);
        match reference(&s) {
            Some(r) => prop_assert_eq!(ours.ok(), Some(r)),
            None => prop_assert_eq!(ours.map_err(|e| e.code()), Err(form::FORM_INVALID_UTF8)),
        }
    }

    #[test]
    fn encode_then_decode_is_the_identity(pairs in vec(("\\PC{0,12}", "\\PC{0,24}"), 0..20)) {
        let body = form::encode(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let back = form::decode(&body).unwrap();
        prop_assert_eq!(back, pairs);
    }

    #[test]
    fn decode_never_panics_and_errors_are_coded(body in "\\PC{0,64}|[a-z=&%+0-9A-F]{0,64}") {
        if let Err(e) = form::decode(&body) {
            prop_assert!(e.code() == form::FORM_INVALID_UTF8 || e.code() == "INPUT_TOO_LARGE");
        }
    }
}
