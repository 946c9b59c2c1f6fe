//! Form decoding, natively and in wasm.
use wa_guard::form;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test(unsupported = test)]
fn decodes_a_real_twilio_body() {
    let body = "Body=Hello%2C+I+need+help+with+my+order+%2312345+%26+it+has+not+arrived+yet.&To=whatsapp%3A%2B14155238886";
    let pairs = form::decode(body).unwrap();
    assert_eq!(
        pairs[0].1,
        "Hello, I need help with my order #12345 & it has not arrived yet."
    );
    assert_eq!(pairs[1].1, "whatsapp:+14155238886");
}

#[wasm_bindgen_test(unsupported = test)]
fn rejects_invalid_utf8_with_a_code() {
    assert_eq!(
        form::decode("Body=%C3%28").unwrap_err().code(),
        form::FORM_INVALID_UTF8
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn decode_component_is_capped_like_a_body() {
    let at = "a".repeat(form::MAX_FORM_BYTES);
    assert_eq!(form::decode_component(&at).unwrap(), at);
    let e = form::decode_component(&format!("{at}a")).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", None));
    // The body limits, exactly at and one past.
    assert!(form::decode(&at).is_ok());
    let e = form::decode(&format!("{at}a")).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", Some("body")));
}
