//! The fuzz targets' bodies, one module per target, each with `run(data: &[u8])`: the
//! libFuzzer binaries in `fuzz_targets/` call them, and so does the stable smoke test of the main
//! crate (`tests/fuzz_smoke.rs`, in `pkg-scripts/test`).
pub mod config;
pub mod content;
pub mod conversation;
pub mod e164;
pub mod form_decode;
pub mod inbound;
pub mod signature;
pub mod template;
