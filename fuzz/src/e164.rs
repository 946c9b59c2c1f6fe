//! E.164 parse/normalise and WhatsApp addresses: never panic; every success is a strict number
//! that round-trips (parse(format(x)) = x), and normalising is idempotent.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/e164.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::number::{
    normalize_e164, parse_e164, parse_wa_id, parse_whatsapp_address, whatsapp_address, E164,
};

const REGIONS: [Option<&str>; 6] = [
    None,
    Some("GB"),
    Some("US"),
    Some("BR"),
    Some("IN"),
    Some("xx"),
];

fn check(n: &E164, region: Option<&str>) {
    let s = n.as_str();
    assert!(s.starts_with('+') && s.len() <= 16, "not strict: {s:?}");
    assert_eq!(
        parse_e164(s).as_ref(),
        Ok(n),
        "parse(format(x)) != x for {s:?}"
    );
    assert_eq!(parse_whatsapp_address(&whatsapp_address(n)).as_ref(), Ok(n));
    assert_eq!(parse_wa_id(n.wa_id()).as_ref(), Ok(n));
    assert_eq!(
        normalize_e164(s, region).as_ref(),
        Ok(n),
        "normalise not idempotent: {s:?}"
    );
    assert_eq!(format!("+{}{}", n.country_code(), n.national_number()), s);
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <(u8, &str)>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(data: (u8, &str)) {
    let (r, input) = data;
    let region = REGIONS[usize::from(r) % REGIONS.len()];
    if let Ok(n) = parse_e164(input) {
        assert_eq!(n.as_str(), input, "strict parse changed the text");
        check(&n, region);
    }
    if let Ok(n) = normalize_e164(input, region) {
        check(&n, region);
    }
    if let Ok(n) = parse_whatsapp_address(input) {
        assert_eq!(whatsapp_address(&n), input);
        check(&n, region);
    }
    if let Ok(n) = parse_wa_id(input) {
        check(&n, region);
    }
    // Region codes are input too.
    let _ = normalize_e164("020 7183 8750", Some(input));
}
