//! # wa-guard
//!
//! Enforces the rules of the WhatsApp channel over Twilio, the way a contact-center product must:
//! webhook signatures (`X-Twilio-Signature`), the 24-hour customer service window, message
//! templates, E.164 numbers, media and attachment permissions, and the channel configuration.
//!
//! The crate is a pure-Rust core (every module below) plus one thin bindings module compiled for
//! `wasm32` only (`js`), which maps the core to JavaScript for the `wa-guard` npm package.
//! Every public function returns a coded [`error::Error`] on bad input; none panics.

pub mod config;
pub mod content;
pub mod conversation;
pub mod customer;
pub mod languages;
pub use wa_guard_webhook::error;
pub use wa_guard_webhook::form;
pub mod instant;
pub mod marketing;
pub mod media;
pub mod message;
pub mod number;
mod number_table;
pub mod sandbox;
pub use wa_guard_webhook::secret;
pub use wa_guard_webhook::signature;
pub use wa_guard_webhook::util;
pub mod template;
pub mod window;

#[cfg(target_arch = "wasm32")]
pub mod js;

pub use error::{Error, Problem, Result};

// The wasm heap: talc instead of Rust's default dlmalloc (3 KB gzip smaller, as fast here).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
