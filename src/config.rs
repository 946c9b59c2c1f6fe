//! The channel configuration model: account, WhatsApp numbers, workstreams, templates, sandbox.
//!
//! Spec: `shared/spec/config.md`. The JSON form is versioned (`"version": 1`) and camelCase.
//! Validation (`validate`) reports every problem at once, each with its JSON path.

use crate::secret::Secret;
use crate::template::Template;
use serde::{Deserialize, Serialize};

/// The configuration, JSON form version 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Version of the JSON form; 1.
    pub version: u32,
    /// The Twilio account.
    pub account: Account,
    /// Public base URL of the edge worker (`https://edge.example.com`); the inbound callback URL
    /// is derived from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_base_url: Option<String>,
    /// The WhatsApp senders of the account.
    #[serde(default)]
    pub numbers: Vec<WhatsAppNumber>,
    /// Routing units; each serves one number.
    #[serde(default)]
    pub workstreams: Vec<Workstream>,
    /// Twilio's shared WhatsApp sandbox, when the channel is being tried out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<Sandbox>,
}

/// The Twilio account. The auth tokens may be left out and supplied by the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// `AC` + 32 hex.
    pub account_sid: String,
    /// Primary auth token (32 hex); absent when supplied by a secret store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_token: Option<Secret>,
    /// Secondary auth token during rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_auth_token: Option<Secret>,
}

/// A WhatsApp sender and its per-number settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatsAppNumber {
    /// Display name.
    pub name: String,
    /// E.164 with the leading `+`.
    pub number: String,
    /// Per-number settings, changeable later with `update_number_settings`.
    #[serde(default)]
    pub settings: NumberSettings,
}

/// Settings of one number that can be changed after set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberSettings {
    /// Whether the number takes traffic (inbound and outbound). Default true.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Messaging Service (`MG` + 32 hex) to send from instead of the number itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_service_sid: Option<String>,
    /// Whether outbound sends ask Twilio for status callbacks. Default true.
    #[serde(default = "yes")]
    pub status_callbacks: bool,
}

impl Default for NumberSettings {
    fn default() -> Self {
        NumberSettings {
            enabled: true,
            messaging_service_sid: None,
            status_callbacks: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// A workstream: the routing unit agents work in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workstream {
    /// Stable identifier (unique in the config).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The WhatsApp number it serves (E.164, one of `numbers`).
    pub number: String,
    /// Default language (WhatsApp template language code), used when the customer's has no template.
    pub language: String,
    /// File attachment settings.
    #[serde(default)]
    pub attachments: AttachmentSettings,
    /// Approved templates usable in this workstream.
    #[serde(default)]
    pub templates: Vec<Template>,
    /// Automated messages sent on the workstream's behalf.
    #[serde(default)]
    pub automated_messages: AutomatedMessages,
}

/// "File attachments" on/off; when on, who may send them. Off means neither may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentSettings {
    /// Attachments on at all.
    #[serde(default)]
    pub enabled: bool,
    /// Customers may send attachments (only when `enabled`).
    #[serde(default)]
    pub customers_may_send: bool,
    /// Agents may send attachments (only when `enabled`).
    #[serde(default)]
    pub agents_may_send: bool,
}

impl AttachmentSettings {
    /// Customers may send attachments: on, and allowed for customers.
    pub fn customer_allowed(&self) -> bool {
        self.enabled && self.customers_may_send
    }
    /// Agents may send attachments: on, and allowed for agents.
    pub fn agent_allowed(&self) -> bool {
        self.enabled && self.agents_may_send
    }
}

/// Texts sent automatically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AutomatedMessages {
    /// Reply to a customer whose attachment was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_refused: Option<String>,
}

/// Twilio's shared WhatsApp sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sandbox {
    /// Sandbox mode on.
    pub enabled: bool,
    /// The keyword users send as `join <keyword>`.
    #[serde(default)]
    pub join_keyword: String,
}

/// Twilio's shared WhatsApp sandbox number.
pub const SANDBOX_NUMBER: &str = "+14155238886";

impl Config {
    /// The workstream serving a business number, if any.
    pub fn workstream_for_number(&self, number: &str) -> Option<&Workstream> {
        self.workstreams.iter().find(|w| w.number == number)
    }
    /// A workstream by id.
    pub fn workstream(&self, id: &str) -> Option<&Workstream> {
        self.workstreams.iter().find(|w| w.id == id)
    }
}
