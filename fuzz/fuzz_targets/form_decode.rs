//! libFuzzer target: see `fuzz/src/form_decode.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::form_decode::run(data));
