//! WhatsApp message templates (Twilio Content templates): the definition an admin registers.
//!
//! Spec: `shared/spec/templates.md`. Validation, rendering, matching and language selection
//! live here too.

use serde::{Deserialize, Serialize};

/// Meta's template categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Marketing,
    Utility,
    Authentication,
}

/// A registered template: one Twilio Content SID, one language, the WhatsApp-approved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    /// Content SID: `HX` + 32 hex digits (either case accepted; emitted lowercase).
    pub sid: String,
    /// Friendly name; the same name in several languages is several templates.
    pub name: String,
    /// WhatsApp template language code (`en`, `pt_BR`, …).
    pub language: String,
    /// The approved text with numbered placeholders `{{1}}`.
    pub body: String,
    /// Meta's category, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
}
