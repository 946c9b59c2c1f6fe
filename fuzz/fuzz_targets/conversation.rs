//! libFuzzer target: see `fuzz/src/conversation.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wa_guard_fuzz::conversation::run(data));
