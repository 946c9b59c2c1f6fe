//! Configuration: any JSON → `Config` → `validate` (every problem, with paths) and the callback URL.
//! Never panics; a valid configuration survives a JSON round trip and stays valid.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wa_guard::config::{self, Config};

fuzz_target!(|json: &str| {
    let Ok(c) = serde_json::from_str::<Config>(json) else {
        return;
    };
    let problems = config::validate(&c);
    for p in &problems {
        assert!(!p.code.is_empty() && p.path.is_some(), "{p:?}");
    }
    let _ = config::callback_url(&c, None);
    let _ = config::callback_url(&c, Some("https://edge.example.com"));
    if problems.is_empty() {
        let again: Config = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(again, c);
        assert!(config::validate(&again).is_empty());
    }
});
