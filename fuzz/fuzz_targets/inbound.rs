//! libFuzzer target: see `fuzz/src/inbound.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::inbound::run(data));
