//! WhatsApp's own number forms and business-scoped user IDs (issue 22, items 6 and 7), natively
//! and in wasm. The BSUID payloads are HYPOTHETICAL: Twilio has not documented how it carries
//! BSUIDs (see README "Customers"); they test the assumption, not a capture.
use wa_guard::customer::*;
use wa_guard::form;
use wa_guard::message::{parse_inbound, INBOUND_INVALID};

use wasm_bindgen_test::wasm_bindgen_test;

fn inbound(from: &str, wa_id: Option<&str>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut p = form::decode(include_str!("vectors/inbound/text.form")).unwrap();
    p.retain(|(k, _)| k != "From" && k != "WaId");
    p.push(("From".into(), from.into()));
    if let Some(w) = wa_id {
        p.push(("WaId".into(), w.into()));
    }
    for (k, v) in extra {
        p.push(((*k).into(), (*v).into()));
    }
    p
}

#[wasm_bindgen_test(unsupported = test)]
fn mexican_senders_are_accepted_and_kept_as_received() {
    // Twilio's inbound From for a Mexican mobile: whatsapp:+521 + 10 digits (13 digits).
    let m = parse_inbound(&inbound(
        "whatsapp:+5215512345678",
        Some("5215512345678"),
        &[],
    ))
    .unwrap();
    assert_eq!(m.from, "+5215512345678");
    assert_eq!(m.customer.number.as_deref(), Some("+5215512345678"));
    assert_eq!(m.customer.canonical, "+525512345678");
    assert_eq!(m.customer.address, "whatsapp:+5215512345678");
    assert!(m.customer.bsuid.is_none());
    // The strict parser still refuses it (libphonenumber: too long).
    assert_eq!(
        wa_guard::number::parse_e164("+5215512345678")
            .unwrap_err()
            .code(),
        "E164_TOO_LONG"
    );
    // A WaId that is not the From digits is still refused.
    let e = parse_inbound(&inbound(
        "whatsapp:+5215512345678",
        Some("525512345678"),
        &[],
    ))
    .unwrap_err();
    assert_eq!(e.problems()[0].code(), "WAID_MISMATCH");
    // Not every 13-digit +52 number: only +521 + 10 digits.
    let e = parse_inbound(&inbound("whatsapp:+5225512345678", None, &[])).unwrap_err();
    assert_eq!(
        (e.problems()[0].code(), e.problems()[0].path()),
        ("E164_TOO_LONG", Some("From"))
    );
    assert_eq!(e.problems()[0].span().map(|s| s.start), Some(12)); // after "whatsapp:+52"
}

#[wasm_bindgen_test(unsupported = test)]
fn canonical_keys_join_the_forms_of_one_customer() {
    let same = |a, b| same_customer(a, b).unwrap();
    assert!(same("+5215512345678", "+525512345678"));
    assert!(same("whatsapp:+5215512345678", "whatsapp:+525512345678"));
    assert!(same("+5491123456789", "+541123456789"));
    assert!(same("+5511987654321", "+551187654321"));
    // Brazilian landlines (8 digits starting 2–5) get no 9.
    assert!(!same("+551132654321", "+5511932654321"));
    assert_eq!(
        parse_customer("+551132654321").unwrap().canonical,
        "+551132654321"
    );
    assert!(!same("+525512345678", "+525512345679"));
    assert!(!same("+14155550100", "US.13491208655302741918"));
    assert!(same(
        "US.13491208655302741918",
        "whatsapp:US.13491208655302741918"
    ));
    let e = same_customer("+14155550100", "hello").unwrap_err();
    assert_eq!((e.code(), e.path()), (CUSTOMER_ADDRESS_INVALID, Some("b")));
    assert_eq!(
        same_customer("+1", "+14155550100").unwrap_err().path(),
        Some("a")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn bsuids() {
    assert!(is_bsuid("US.13491208655302741918"));
    assert!(is_bsuid("US.ENT.9f3a2b"));
    assert!(is_bsuid(&format!("BR.{}", "a".repeat(128))));
    assert!(!is_bsuid(&format!("BR.{}", "a".repeat(129))));
    assert!(!is_bsuid("us.1349"));
    assert!(!is_bsuid("US."));
    assert!(!is_bsuid("US-1349"));
    assert!(!is_bsuid("US.13-49"));
    assert!(!is_bsuid(""));
}

#[wasm_bindgen_test(unsupported = test)]
fn hypothetical_bsuid_sender_without_waid_is_not_refused() {
    // HYPOTHETICAL payload: a username user, number withheld, From = whatsapp:<BSUID>, no WaId,
    // and a parameter Twilio might add for it (kept in `extra`).
    let p = inbound(
        "whatsapp:US.13491208655302741918",
        None,
        &[
            ("BusinessScopedUserId", "US.13491208655302741918"),
            ("Username", "@maria"),
        ],
    );
    let m = parse_inbound(&p).unwrap();
    assert_eq!(m.from, "US.13491208655302741918");
    assert_eq!(m.customer.bsuid.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(m.customer.canonical, "US.13491208655302741918");
    assert!(m.customer.number.is_none() && m.wa_id.is_none());
    assert_eq!(
        m.extra.get("BusinessScopedUserId"),
        Some("US.13491208655302741918")
    );
    assert_eq!(m.extra.get("Username"), Some("@maria"));
    // HYPOTHETICAL: a BSUID sender whose number Twilio still gives in WaId: the number is the key.
    let m = parse_inbound(&inbound("whatsapp:MX.99887766", Some("5215512345678"), &[])).unwrap();
    assert_eq!(m.customer.bsuid.as_deref(), Some("MX.99887766"));
    assert_eq!(m.customer.number.as_deref(), Some("+5215512345678"));
    assert_eq!(m.customer.canonical, "+525512345678");
}

#[wasm_bindgen_test(unsupported = test)]
fn numbers_without_waid_and_bad_senders() {
    let m = parse_inbound(&inbound("whatsapp:+447400123456", None, &[])).unwrap();
    assert_eq!(m.customer.canonical, "+447400123456");
    // Still refused: neither a number nor a BSUID, or no whatsapp: prefix (as before).
    for from in ["whatsapp:maria", "+447400123456", "whatsapp:", "US.1349"] {
        let e = parse_inbound(&inbound(from, None, &[])).unwrap_err();
        assert_eq!(e.code(), INBOUND_INVALID, "{from}");
        assert_eq!(e.problems()[0].path(), Some("From"), "{from}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn digits_without_plus_keep_the_strict_code() {
    assert_eq!(
        parse_customer("5511987650003").unwrap_err().code(),
        "E164_MISSING_PLUS"
    );
    assert_eq!(
        parse_customer("maria").unwrap_err().code(),
        CUSTOMER_ADDRESS_INVALID
    );
    assert_eq!(
        parse_customer(&"+1".repeat(150)).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
}
