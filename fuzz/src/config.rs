//! Configuration: any JSON → `Config` → `validate` (every problem, with paths) and the callback URL.
//! Never panics; a valid configuration survives a JSON round trip and stays valid.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/config.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::config::{self, Config};

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <&str>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(json: &str) {
    let Ok(c) = serde_json::from_str::<Config>(json) else {
        return;
    };
    let problems = config::validate(&c);
    for p in &problems {
        assert!(!p.code().is_empty() && p.path().is_some(), "{p:?}");
    }
    let _ = config::callback_url(&c, None);
    let _ = config::callback_url(&c, Some("https://edge.example.com"));
    if problems.is_empty() {
        let again: Config = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
        assert!(config::validate(&again).is_empty());
    }
}
