//! libFuzzer target: see `fuzz/src/content.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::content::run(data));
