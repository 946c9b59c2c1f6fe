//! Form decoding: never panics; what decodes re-encodes to a body that decodes to the same pairs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_guard::form;

fuzz_target!(|body: &str| {
    let Ok(pairs) = form::decode(body) else {
        return;
    };
    let again = form::encode(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    // encode→decode is the identity on decoded pairs (when the re-encoded body is within limits).
    let back = form::decode(&again);
    if again.len() <= form::MAX_FORM_BYTES {
        assert_eq!(
            back.as_ref().ok(),
            Some(&pairs),
            "re-encoded body: {again:?}"
        );
    }
});
