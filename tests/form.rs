//! Form decoding, natively and in wasm.
use wa_guard::form;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn decodes_a_real_twilio_body() {
    let body = "Body=Hello%2C+I+need+help+with+my+order+%2312345+%26+it+has+not+arrived+yet.&To=whatsapp%3A%2B14155238886";
    let pairs = form::decode(body).unwrap();
    assert_eq!(
        pairs[0].1,
        "Hello, I need help with my order #12345 & it has not arrived yet."
    );
    assert_eq!(pairs[1].1, "whatsapp:+14155238886");
}

#[test]
fn rejects_invalid_utf8_with_a_code() {
    assert_eq!(
        form::decode("Body=%C3%28").unwrap_err().code,
        form::FORM_INVALID_UTF8
    );
}
