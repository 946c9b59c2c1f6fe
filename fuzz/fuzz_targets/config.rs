//! libFuzzer target: see `fuzz/src/config.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::config::run(data));
