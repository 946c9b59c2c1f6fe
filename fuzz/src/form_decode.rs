//! Form decoding: never panics; agrees with the `percent-encoding` crate on every component; what
//! decodes re-encodes to a body that decodes to the same pairs.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/form_decode.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::form;

/// The reference decoder: `+` → space, then `percent-encoding`'s `percent_decode`, then strict
/// UTF-8. Also the oracle of the property tests (`tests/properties/form.rs`).
pub fn reference(s: &str) -> Option<String> {
    let bytes: Vec<u8> = s
        .bytes()
        .map(|b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&bytes)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <&str>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(body: &str) {
    // Past MAX_FORM_BYTES decode_component is INPUT_TOO_LARGE (never reached with -max_len=8192).
    if body.len() <= form::MAX_FORM_BYTES {
        assert_eq!(
            form::decode_component(body).ok(),
            reference(body),
            "{body:?}"
        );
    }
    let Ok(pairs) = form::decode(body) else {
        return;
    };
    let again = form::encode(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    // encode→decode is the identity on decoded pairs (when the re-encoded body is within limits).
    if again.len() <= form::MAX_FORM_BYTES {
        assert_eq!(
            form::decode(&again).ok().as_ref(),
            Some(&pairs),
            "re-encoded: {again:?}"
        );
    }
}
