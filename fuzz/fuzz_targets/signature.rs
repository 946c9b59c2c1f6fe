//! libFuzzer target: see `fuzz/src/signature.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::signature::run(data));
