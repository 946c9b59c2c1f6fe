//! The webhook hot path of [wa-guard](../wa_guard/index.html): Twilio signature verification
//! (`signature`), form decoding (`form`), the auth-token wrapper (`secret`) and the coded error
//! type every wa-guard module returns (`error`).
//!
//! It is a crate of its own only so that it can be compiled with `opt-level = "s"` while the rest
//! of wa-guard is compiled with `opt-level = "z"`: a worker verifies every webhook, and an agent
//! UI downloads every byte. At "z" verification was 1.2x the twilio SDK's speed instead of 1.6x. Use it through `wa-guard`, which re-exports these
//! modules at the same paths (`wa_guard::signature`, `wa_guard::error`, …).

pub mod error;
pub mod form;
pub mod secret;
pub mod signature;
pub mod util;

pub use error::{Error, Problem, Result};
