//! libFuzzer target: see `fuzz/src/template.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::template::run(data));
