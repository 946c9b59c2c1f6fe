#![cfg(not(target_arch = "wasm32"))]
//! Properties of numbers and addresses (native only: proptest).
use proptest::prelude::*;
use wa_guard::number::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever is typed, normalising never panics, and normalising a result changes nothing.
    #[test]
    fn normalize_is_idempotent(s in "[+0-9 ().\\-]{0,24}|whatsapp:\\+[0-9 ]{0,18}", region in prop::option::of("GB|US|DE|RU|HU|IT|FR|IN|BR|XX")) {
        if let Ok(n) = normalize_e164(&s, region.as_deref()) {
            let again = normalize_e164(n.as_str(), region.as_deref()).unwrap();
            prop_assert_eq!(&again, &n);
            prop_assert_eq!(parse_e164(n.as_str()).unwrap(), n);
        }
    }

    /// parse(format(x)) = x for numbers, WhatsApp addresses and WaIds.
    #[test]
    fn parse_format_round_trips(digits in "[1-9][0-9]{1,14}") {
        if let Ok(n) = parse_e164(&format!("+{digits}")) {
            prop_assert_eq!(n.as_str(), format!("+{digits}"));
            prop_assert_eq!(parse_e164(&n.to_string()).unwrap(), n.clone());
            prop_assert_eq!(parse_whatsapp_address(&whatsapp_address(&n)).unwrap(), n.clone());
            prop_assert_eq!(parse_wa_id(n.wa_id()).unwrap(), n.clone());
            prop_assert_eq!(format!("+{}{}", n.country_code(), n.national_number()), n.as_str());
        }
    }

    /// Arbitrary text never panics and always yields a coded error or a strict number.
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        for r in [parse_e164(&s), normalize_e164(&s, Some("GB")), parse_whatsapp_address(&s), parse_wa_id(&s)] {
            match r {
                Ok(n) => prop_assert!(n.as_str().starts_with('+')),
                Err(e) => prop_assert!(!e.code().is_empty()),
            }
        }
    }
}
