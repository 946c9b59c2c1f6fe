//! E.164 numbers and WhatsApp addresses, natively and in wasm.
use wa_guard::error::INPUT_TOO_LARGE;
use wa_guard::number::*;

use wasm_bindgen_test::wasm_bindgen_test;

fn code(r: wa_guard::Result<E164>) -> &'static str {
    r.unwrap_err().code()
}

#[wasm_bindgen_test(unsupported = test)]
fn parses_strict_numbers_with_their_country() {
    let n = parse_e164("+14155238886").unwrap();
    assert_eq!(n.as_str(), "+14155238886");
    assert_eq!(n.country_code(), 1);
    assert_eq!(n.national_number(), "4155238886");
    assert_eq!(n.wa_id(), "14155238886");
    assert_eq!(n.regions().first(), Some(&"US"));
    assert!(n.regions().contains(&"CA"));
    assert!(n.is_sandbox());
    let uk = parse_e164("+442071838750").unwrap();
    assert_eq!(uk.regions(), vec!["GB", "GG", "IM", "JE"]);
    assert!(!uk.is_sandbox());
    assert_eq!(parse_e164("+4930123456").unwrap().regions(), vec!["DE"]);
    let free = parse_e164("+80012345678").unwrap();
    assert!(free.is_non_geographic());
    assert!(free.regions().is_empty());
    let info = uk.info();
    assert_eq!(info.country_calling_code, "44");
    assert_eq!(info.whatsapp_address, "whatsapp:+442071838750");
}

#[wasm_bindgen_test(unsupported = test)]
fn strict_errors_have_precise_codes_and_spans() {
    assert_eq!(code(parse_e164("")), E164_EMPTY);
    let e = parse_e164("14155238886").unwrap_err();
    assert_eq!((e.code(), e.span().unwrap().start), (E164_MISSING_PLUS, 0));
    assert!(parse_e164("whatsapp:+14155238886")
        .unwrap_err()
        .message()
        .contains("parseWhatsAppAddress"));
    assert!(parse_e164("0014155238886")
        .unwrap_err()
        .message()
        .contains("00"));
    let e = parse_e164("+1 415 523 8886").unwrap_err();
    assert_eq!(e.code(), E164_INVALID_CHARACTER);
    assert_eq!((e.span().unwrap().start, e.span().unwrap().end), (2, 3));
    assert_eq!(code(parse_e164("+1415523888a")), E164_INVALID_CHARACTER);
    assert_eq!(code(parse_e164("+")), E164_TOO_SHORT);
    assert_eq!(code(parse_e164("+2")), E164_TOO_SHORT); // 2x codes exist: incomplete
    assert_eq!(code(parse_e164("+0441234567")), E164_LEADING_ZERO);
    assert_eq!(code(parse_e164("+1234567890123456")), E164_TOO_LONG); // 16 digits
    let e = parse_e164("+2591234567").unwrap_err(); // 259 is unassigned
    assert_eq!(e.code(), E164_UNKNOWN_COUNTRY_CODE);
    assert_eq!(e.span().unwrap().end, 4);
    assert_eq!(code(parse_e164("+44")), E164_TOO_SHORT);
    assert_eq!(code(parse_e164("+44123456")), E164_TOO_SHORT); // GB: 7, 9 or 10
    assert_eq!(code(parse_e164("+4412345678")), E164_IMPOSSIBLE_LENGTH); // 8
    assert_eq!(code(parse_e164("+4412345678901")), E164_TOO_LONG); // 11 > 10
    let e = parse_e164("+4412345678").unwrap_err();
    assert!(e.message().contains("7, 9 or 10"), "{}", e.message());
    assert_eq!(
        code(parse_e164(&format!("+{}", "1".repeat(100)))),
        INPUT_TOO_LARGE
    );
    // A trunk prefix is not part of E.164: judged literally.
    assert_eq!(code(parse_e164("+4402071838750")), E164_TOO_LONG);
}

#[wasm_bindgen_test(unsupported = test)]
fn leading_digits_select_a_region_with_other_lengths() {
    // +599: Curaçao 7 or 8 digits; Caribbean Netherlands (3, 4, 7…) only 7.
    assert!(parse_e164("+59991234567").is_ok());
    assert_eq!(code(parse_e164("+59931234567")), E164_TOO_LONG);
    assert!(parse_e164("+5993123456").is_ok());
    // +290: St Helena 4 or 5; Tristan da Cunha (8…) only 4.
    assert!(parse_e164("+29022345").is_ok());
    assert_eq!(code(parse_e164("+29082345")), E164_TOO_LONG);
    assert!(is_possible_length(290, "8234"));
    assert!(!is_possible_length(999, "1234"));
}

#[wasm_bindgen_test(unsupported = test)]
fn normalizes_what_people_type() {
    let n = |s: &str, r: Option<&str>| normalize_e164(s, r).map(|n| n.as_str().to_string());
    assert_eq!(n("+1 (415) 523-8886", None).unwrap(), "+14155238886");
    assert_eq!(n("0049 30 1234567", None).unwrap(), "+49301234567");
    assert_eq!(n("whatsapp:+14155238886", None).unwrap(), "+14155238886");
    assert_eq!(
        n(" WhatsApp:+1.415.523.8886 ", None).unwrap(),
        "+14155238886"
    );
    assert_eq!(n("tel:+44-20-7183-8750", None).unwrap(), "+442071838750");
    assert_eq!(n("+44 (0)20 7183 8750", None).unwrap(), "+442071838750");
    assert_eq!(n("020 7183 8750", Some("GB")).unwrap(), "+442071838750");
    assert_eq!(n("020 7183 8750", Some("gb")).unwrap(), "+442071838750");
    assert_eq!(n("(415) 523-8886", Some("US")).unwrap(), "+14155238886");
    assert_eq!(n("1 415 523 8886", Some("US")).unwrap(), "+14155238886");
    assert_eq!(n("8 (916) 123-45-67", Some("RU")).unwrap(), "+79161234567");
    assert_eq!(n("06 1 234 5678", Some("HU")).unwrap(), "+3612345678");
    // No trunk prefix in Italy: the 0 is part of the number.
    assert_eq!(n("06 1234 5678", Some("IT")).unwrap(), "+390612345678");
    assert_eq!(n("+14155238886", None).unwrap(), "+14155238886");
}

#[wasm_bindgen_test(unsupported = test)]
fn normalize_errors_have_codes() {
    let c = |s: &str, r: Option<&str>| normalize_e164(s, r).unwrap_err().code();
    assert_eq!(c("020 7183 8750", None), E164_MISSING_COUNTRY_CODE);
    assert_eq!(c("020 7183 8750", Some("XX")), E164_UNKNOWN_REGION);
    assert_eq!(c("020 7183 8750", Some("GBR")), E164_UNKNOWN_REGION);
    assert_eq!(c(" - ", None), E164_EMPTY);
    let e = normalize_e164("+1 415 CALL NOW", None).unwrap_err();
    assert_eq!(
        (e.code(), e.span().unwrap().start),
        (E164_INVALID_CHARACTER, 7)
    );
    let e = normalize_e164("whatsapp:+1 41x", None).unwrap_err();
    assert_eq!(e.span().unwrap().start, 14);
    assert_eq!(c("+1 415 523 88", None), E164_TOO_SHORT);
    assert_eq!(c("++14155238886", None), E164_INVALID_CHARACTER);
    assert_eq!(c("00 259 1234567", None), E164_UNKNOWN_COUNTRY_CODE);
    assert_eq!(c(&"1".repeat(65), None), INPUT_TOO_LARGE);
}

#[wasm_bindgen_test(unsupported = test)]
fn whatsapp_addresses_and_wa_ids() {
    let n = parse_whatsapp_address("whatsapp:+447400123456").unwrap();
    assert_eq!(n.as_str(), "+447400123456");
    assert_eq!(whatsapp_address(&n), "whatsapp:+447400123456");
    assert_eq!(
        code(parse_whatsapp_address("+447400123456")),
        WHATSAPP_ADDRESS_INVALID
    );
    assert_eq!(
        code(parse_whatsapp_address("sms:+447400123456")),
        WHATSAPP_ADDRESS_INVALID
    );
    let e = parse_whatsapp_address("whatsapp:+44 7400123456").unwrap_err();
    assert_eq!(
        (e.code(), e.span().unwrap().start),
        (E164_INVALID_CHARACTER, 12)
    );
    assert_eq!(
        code(parse_whatsapp_address(&"whatsapp:+1".repeat(20))),
        INPUT_TOO_LARGE
    );
    assert_eq!(parse_wa_id("447400123456").unwrap(), n);
    assert_eq!(code(parse_wa_id("+447400123456")), E164_INVALID_CHARACTER);
    let e = parse_wa_id("4474001234x6").unwrap_err();
    assert_eq!(e.span().unwrap().start, 10);
    assert_eq!(code(parse_wa_id(&"4".repeat(70))), INPUT_TOO_LARGE);
}

#[wasm_bindgen_test(unsupported = test)]
fn regions_and_calling_codes() {
    assert_eq!(region_calling_code("GB"), Some(44));
    assert_eq!(region_calling_code("ca"), Some(1));
    assert_eq!(region_calling_code("ZZ"), None);
    assert_eq!(calling_code_regions(7), vec!["RU", "KZ"]);
    assert!(calling_code_regions(259).is_empty());
}

// ---- the number's own region (issue 22, item 1) ------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn region_of_a_plus_one_number_is_decided_by_its_area_code() {
    let region = |n: &str| parse_e164(n).unwrap().region();
    assert_eq!(region("+12125550123"), Some("US"));
    assert_eq!(region("+14155238886"), Some("US"));
    assert_eq!(region("+14165550123"), Some("CA"));
    assert_eq!(region("+16045550123"), Some("CA"));
    assert_eq!(region("+18765550123"), Some("JM"));
    assert_eq!(region("+12465550123"), Some("BB"));
    assert_eq!(region("+17875550123"), Some("PR"));
    assert_eq!(region("+18095550123"), Some("DO"));
    assert_eq!(region("+16715550123"), Some("GU"));
    // An unassigned area code: the data does not decide.
    assert_eq!(region("+19995550123"), None);
    // Other codes: the only region, or the one the leading digits select.
    assert_eq!(region("+442071838750"), Some("GB"));
    assert_eq!(region("+447624123456"), Some("IM"));
    assert_eq!(region("+77012345678"), Some("KZ"));
    assert_eq!(region("+79123456789"), Some("RU"));
    assert_eq!(region("+5511987654321"), Some("BR"));
    assert_eq!(region("+80012345678"), None); // non-geographic
    let info = parse_e164("+14165550123").unwrap().info();
    assert_eq!(
        (info.region, info.regions.first().copied()),
        (Some("CA"), Some("US"))
    );
}
