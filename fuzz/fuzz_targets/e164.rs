//! libFuzzer target: see `fuzz/src/e164.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::e164::run(data));
