//! Inbound webhooks: a form body (what Twilio posts) → decode → parse_inbound / parse_status →
//! validate_inbound against the sample configuration. Never panics; errors are coded.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/inbound.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use std::sync::OnceLock;
use wa_guard::config::Config;
use wa_guard::{form, message};

fn config() -> &'static Option<Config> {
    static C: OnceLock<Option<Config>> = OnceLock::new();
    C.get_or_init(|| serde_json::from_str(include_str!("../../www/sample-config.json")).ok())
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <&str>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(body: &str) {
    let Ok(params) = form::decode(body) else {
        return;
    };
    match message::parse_inbound(&params) {
        Ok(inbound) => {
            if let Some(c) = config() {
                if let Err(e) = message::validate_inbound(&inbound, c) {
                    assert!(!e.code().is_empty());
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty()),
    }
    if let Err(e) = message::parse_status(&params) {
        assert!(!e.code().is_empty());
    }
}
