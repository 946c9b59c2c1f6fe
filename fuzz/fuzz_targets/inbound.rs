//! Inbound webhooks: a form body (what Twilio posts) → decode → parse_inbound / parse_status →
//! validate_inbound against the sample configuration. Never panics; errors are coded.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use wa_guard::config::Config;
use wa_guard::{form, message};

fn config() -> &'static Option<Config> {
    static C: OnceLock<Option<Config>> = OnceLock::new();
    C.get_or_init(|| serde_json::from_str(include_str!("../../www/sample-config.json")).ok())
}

fuzz_target!(|body: &str| {
    let Ok(params) = form::decode(body) else {
        return;
    };
    match message::parse_inbound(&params) {
        Ok(inbound) => {
            if let Some(c) = config() {
                if let Err(e) = message::validate_inbound(&inbound, c) {
                    assert!(!e.code.is_empty());
                }
            }
        }
        Err(e) => assert!(!e.code.is_empty()),
    }
    if let Err(e) = message::parse_status(&params) {
        assert!(!e.code.is_empty());
    }
});
