//! Secrets (auth tokens) that never show up in logs, errors or `Debug` output.

use core::fmt;
use serde::{Deserialize, Serialize};

/// A secret string, such as a Twilio auth token. `Debug` and `Display` print `[REDACTED]`;
/// only [`Secret::expose`] gives the value, and only serialisation (persisting a config) writes it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The secret value. Call it only where the secret is used (HMAC key, HTTP Basic auth).
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("e194669bd11ac3fffcfd4c41b1b927c4");
        assert_eq!(format!("{s:?} {s}"), "[REDACTED] [REDACTED]");
        assert_eq!(s.expose(), "e194669bd11ac3fffcfd4c41b1b927c4");
    }
}
