//! Property tests (proptest, native only), one crate for every domain: each module states the
//! properties of one core module (`cargo test --test properties [config::]`). Example-based tests
//! stay beside them, one crate per domain (`tests/<domain>.rs`), run natively and in wasm.
#![cfg(not(target_arch = "wasm32"))]

mod config;
mod config_valid;
mod content;
mod form;
mod message;
mod number;
mod signature;
mod signature_body;
mod template;
mod window;
