//! The channel configuration model: account, WhatsApp numbers, workstreams, templates, sandbox.
//!
//! Spec: `shared/spec/config.md`. The JSON form is versioned (`"version": 1`) and camelCase;
//! unknown fields are rejected (a misspelt `attachment` must not silently turn attachments off).
//! [`validate`] reports every problem at once, each with a code and its JSON path
//! (`workstreams[2].templates[0].sid`); [`callback_url`] derives the URL to paste into Twilio;
//! [`update_number_settings`] changes one number's settings all-or-nothing; [`Config::redacted`]
//! is the form to display. Auth tokens never appear in `Debug`, `Display` or any error.

use crate::error::Error;
use crate::secret::Secret;
use crate::template::Template;
use core::fmt;
use serde::{Deserialize, Deserializer, Serialize};

/// The channel configuration, JSON form version 1. Unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Version of the JSON form; 1.
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(type = "1"))]
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

/// The Twilio account. The auth tokens may be left out and supplied by the environment (a secret
/// binding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    /// `AC` + 32 hex.
    pub account_sid: String,
    /// Primary auth token (32 hex); absent when supplied by a secret store. Never shown by
    /// `redactConfig` nor in errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string")
    )]
    pub auth_token: Option<Secret>,
    /// Secondary auth token during rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "string")
    )]
    pub secondary_auth_token: Option<Secret>,
}

/// A WhatsApp sender and its per-number settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatsAppNumber {
    /// Display name.
    pub name: String,
    /// E.164 with the leading `+`.
    pub number: String,
    /// Per-number settings, changeable later with `update_number_settings` (JS:
    /// `updateNumberSettings`).
    #[serde(default)]
    pub settings: NumberSettings,
}

/// Settings of one number that can be changed after set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
    /// Templates as Twilio's Content API holds them: each a `GET /v1/ContentAndApprovals` item
    /// exactly as Twilio returns it (`types`, `approval_requests`) or a template as
    /// `parseContentApi` returned it (`definitions`, `approval`). Validated like an import
    /// (problems at `workstreams[i].contentTemplates[j].definitions["twilio/card"]…`); which of
    /// them may be sent is decided per send by Twilio's approval chart, not assumed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "(ContentApiItem | ContentTemplate)[]")
    )]
    pub content_templates: Vec<crate::content::ContentTemplate>,
    /// Automated messages sent on the workstream's behalf.
    #[serde(default)]
    pub automated_messages: AutomatedMessages,
}

/// "File attachments" on/off; when on, who may send them. Off means neither may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutomatedMessages {
    /// Reply to a customer whose attachment was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_refused: Option<String>,
}

/// Twilio's shared WhatsApp sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// Aggregate error: the configuration breaks rules; `problems` lists each one.
pub const CONFIG_INVALID: &str = "CONFIG_INVALID";
/// The JSON does not have the shape of a configuration (wrong type, missing or unknown field).
pub const CONFIG_SHAPE_INVALID: &str = "CONFIG_SHAPE_INVALID";
/// `version` is not a version this build understands (1).
pub const CONFIG_VERSION_UNSUPPORTED: &str = "CONFIG_VERSION_UNSUPPORTED";
/// Account SID is not `AC` + 32 hex (Twilio rejects the credentials: error 20003).
pub const ACCOUNT_SID_INVALID: &str = "ACCOUNT_SID_INVALID";
/// An auth token is present but not 32 hex characters (every signature check would fail).
/// The message never contains the token.
pub const AUTH_TOKEN_INVALID: &str = "AUTH_TOKEN_INVALID";
/// Messaging Service SID is not `MG` + 32 hex (Twilio error 21703 / 21704 at send time).
pub const MESSAGING_SERVICE_SID_INVALID: &str = "MESSAGING_SERVICE_SID_INVALID";
/// A display name is empty (or only whitespace).
pub const NAME_EMPTY: &str = "NAME_EMPTY";
/// Two numbers of the account are the same E.164 number.
pub const NUMBER_DUPLICATE: &str = "NUMBER_DUPLICATE";
/// A workstream id is empty, too long or has characters other than letters, digits, `_`, `-`,
/// `.` (ids are used as keys and in URLs).
pub const WORKSTREAM_ID_INVALID: &str = "WORKSTREAM_ID_INVALID";
/// Two workstreams have the same id.
pub const WORKSTREAM_ID_DUPLICATE: &str = "WORKSTREAM_ID_DUPLICATE";
/// A workstream's number is not one of the account's `numbers`.
pub const WORKSTREAM_NUMBER_UNKNOWN: &str = "WORKSTREAM_NUMBER_UNKNOWN";
/// Two workstreams serve the same number: an inbound message must route to exactly one.
pub const NUMBER_SHARED_BY_WORKSTREAMS: &str = "NUMBER_SHARED_BY_WORKSTREAMS";
/// A workstream's default language is not a WhatsApp template language code.
pub const LANGUAGE_UNSUPPORTED: &str = "LANGUAGE_UNSUPPORTED";
/// A workstream has templates but none in its default language (the fallback of the language
/// selection rule would find nothing).
pub const DEFAULT_LANGUAGE_WITHOUT_TEMPLATE: &str = "DEFAULT_LANGUAGE_WITHOUT_TEMPLATE";
/// An automated message is empty or longer than 1,600 characters (Twilio error 21617).
pub const AUTOMATED_MESSAGE_INVALID: &str = "AUTOMATED_MESSAGE_INVALID";
/// The callback base URL is not an absolute `https://` URL (`http://` only for localhost /
/// 127.0.0.1), or has credentials, a query or a fragment.
pub const CALLBACK_BASE_URL_INVALID: &str = "CALLBACK_BASE_URL_INVALID";
/// No callback base URL: neither given nor in the configuration.
pub const CALLBACK_BASE_URL_MISSING: &str = "CALLBACK_BASE_URL_MISSING";
/// Sandbox mode is on but the sandbox number (+14155238886) is not among the numbers.
pub const SANDBOX_NUMBER_MISSING: &str = "SANDBOX_NUMBER_MISSING";
/// The sandbox number is configured but sandbox mode is off: it is Twilio's shared number, not a
/// sender of the account.
pub const SANDBOX_NOT_ENABLED: &str = "SANDBOX_NOT_ENABLED";
/// Sandbox mode is on and the join keyword is missing or not one word of letters, digits and `-`
/// (users send `join <keyword>`).
pub const SANDBOX_JOIN_KEYWORD_INVALID: &str = "SANDBOX_JOIN_KEYWORD_INVALID";
/// `update_number_settings` was given a number the configuration does not have.
pub const NUMBER_NOT_FOUND: &str = "NUMBER_NOT_FOUND";

/// The JSON form version this build reads and writes.
pub const VERSION: u32 = 1;
/// Most numbers in a configuration.
pub const MAX_NUMBERS: usize = 1_000;
/// Most workstreams in a configuration.
pub const MAX_WORKSTREAMS: usize = 1_000;
/// Most templates in a configuration, all workstreams together.
pub const MAX_TEMPLATES: usize = 10_000;
/// Longest display name, workstream id, join keyword or other short string, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// Longest workstream id, in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Longest automated message (Twilio's body limit), in characters.
pub const MAX_MESSAGE_CHARS: usize = 1_600;
/// Longest callback base URL, in bytes.
pub const MAX_URL_LEN: usize = 2_048;
/// What redacted tokens read as.
pub const REDACTED: &str = "[REDACTED]";
/// Path of the inbound webhook below the callback base URL.
pub const INBOUND_PATH: &str = "/twilio/inbound";
/// Path of the status-callback webhook below the callback base URL.
pub const STATUS_PATH: &str = "/twilio/status";
/// Name of the query parameter that carries an agent send's idempotency key on its status callback.
pub const SEND_KEY_PARAM: &str = "send";

/// `prefix` followed by exactly 32 hex digits (either case).
fn is_sid(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_token(s: &Secret) -> bool {
    let t = s.expose();
    t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check_name(out: &mut Vec<Error>, name: &str, path: String) {
    if name.trim().is_empty() {
        out.push(Error::new(NAME_EMPTY, "the name is empty").at(path));
    } else if name.chars().count() > MAX_NAME_CHARS {
        out.push(Error::too_large("the name", MAX_NAME_CHARS, "characters").at(path));
    }
}

/// Checks a callback base URL: absolute, `https://` (or `http://` for `localhost` / `127.0.0.1`
/// / `[::1]`), a host, an optional port and path; no credentials, query or fragment.
/// Errors: `CALLBACK_BASE_URL_INVALID`, `INPUT_TOO_LARGE` (no path set).
pub fn check_base_url(url: &str) -> Result<(), Error> {
    if url.len() > MAX_URL_LEN {
        return Err(Error::too_large(
            "the callback base URL",
            MAX_URL_LEN,
            "bytes",
        ));
    }
    let bad = |why: &str| {
        Error::new(
            CALLBACK_BASE_URL_INVALID,
            format!("the callback base URL {why}"),
        )
    };
    let lower = url.to_ascii_lowercase();
    let (https, rest) = if let Some(r) = lower.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(bad("must be an absolute https:// URL"));
    };
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("must not contain spaces or control characters"));
    }
    if rest.contains(['?', '#']) {
        return Err(bad("must not have a query or a fragment"));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("must not contain credentials"));
    }
    // Host and optional port (`[::1]:8787`, `example.com:443`).
    let v6 = authority.starts_with('[');
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let Some((h, after)) = inner.split_once(']') else {
            return Err(bad("has an unclosed ["));
        };
        match after {
            "" => (h, None),
            p => (
                h,
                Some(
                    p.strip_prefix(':')
                        .ok_or_else(|| bad("has an invalid port"))?,
                ),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(p) = port {
        let n = if (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse::<u32>().unwrap_or(0)
        } else {
            0
        };
        if !(1..=65_535).contains(&n) {
            return Err(bad("has an invalid port"));
        }
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let host_ok = if v6 {
        host.contains(':')
            && host
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !host.is_empty() && host.len() <= 253 && host.split('.').all(label_ok)
    };
    if !host_ok {
        return Err(bad("has an invalid host"));
    }
    let local = matches!(host, "localhost" | "127.0.0.1" | "::1");
    if !https && !local {
        return Err(bad("must use https (http only for localhost / 127.0.0.1)"));
    }
    Ok(())
}

/// The problems of a workstream's Content templates (each as `parseContentApi` reports them, at
/// `contentTemplates[j]…`), plus a SID used twice in the workstream, by two Content templates or
/// by a Content template and a configured one (`TEMPLATE_DUPLICATE_SID`).
fn content_template_problems(w: &Workstream, prefix: &str) -> Vec<Error> {
    let mut out = Vec::new();
    for (j, t) in w.content_templates.iter().enumerate() {
        let path = format!("{prefix}[{j}]");
        out.extend(t.problems(&path));
        let earlier = w.content_templates.iter().take(j).any(|u| u.sid == t.sid)
            || w.templates
                .iter()
                .any(|u| u.sid.eq_ignore_ascii_case(&t.sid));
        if earlier {
            out.push(
                Error::new(
                    crate::template::TEMPLATE_DUPLICATE_SID,
                    format!("{} is already a template of this workstream", t.sid),
                )
                .at(format!("{path}.sid")),
            );
        }
    }
    out
}

/// Every problem of a configuration, each with a code and its JSON path; empty means valid.
///
/// Rules (spec `shared/spec/config.md`): version 1; SIDs `AC`/`MG` + 32 hex; tokens 32 hex when
/// present; names not empty; numbers strict E.164 (the `number` module's codes, e.g.
/// `E164_MISSING_PLUS`) and unique; workstream ids valid and unique; each workstream's number one of
/// the numbers, and no number served by two workstreams; default languages in WhatsApp's list;
/// templates valid per the `template` module (SID, body rules, language, unique SIDs and (name,
/// language) pairs within a workstream), Content templates (`contentTemplates`) as
/// `parseContentApi` validates an item ([`crate::content::ContentTemplate::problems`]) with SIDs
/// unique in the workstream, and the default language has a template when there are
/// templates; automated messages 1..=1,600 characters; the callback base URL absolute https (http
/// for localhost); sandbox: on ⇒ the sandbox number is configured and a join keyword is set, off
/// ⇒ the sandbox number is not used. Past the documented limits ([`MAX_NUMBERS`],
/// [`MAX_WORKSTREAMS`], [`MAX_TEMPLATES`]) the only problem is `INPUT_TOO_LARGE`; field limits
/// are problems among the others, `INPUT_TOO_LARGE` at the field: names past [`MAX_NAME_CHARS`],
/// numbers (of `numbers` and of workstreams) past [`crate::number::MAX_INPUT_BYTES`], the
/// callback base URL past [`MAX_URL_LEN`], a workstream's templates past
/// [`crate::template::MAX_REGISTRY_BYTES`] (at `workstreams[i].templates`), template names past
/// [`crate::template::MAX_NAME_CHARS`].
pub fn validate(config: &Config) -> Vec<Error> {
    let mut out = Vec::new();
    if config.numbers.len() > MAX_NUMBERS {
        return vec![Error::too_large("numbers", MAX_NUMBERS, "numbers").at("numbers")];
    }
    if config.workstreams.len() > MAX_WORKSTREAMS {
        return vec![
            Error::too_large("workstreams", MAX_WORKSTREAMS, "workstreams").at("workstreams"),
        ];
    }
    let templates: usize = config
        .workstreams
        .iter()
        .map(|w| w.templates.len().saturating_add(w.content_templates.len()))
        .fold(0, usize::saturating_add);
    if templates > MAX_TEMPLATES {
        return vec![
            Error::too_large("templates", MAX_TEMPLATES, "templates (all workstreams)")
                .at("workstreams"),
        ];
    }

    if config.version != VERSION {
        out.push(
            Error::new(
                CONFIG_VERSION_UNSUPPORTED,
                format!(
                    "version {} is not supported; this build reads version {VERSION}",
                    config.version
                ),
            )
            .at("version"),
        );
    }

    // Account.
    let a = &config.account;
    if !is_sid(&a.account_sid, "AC") {
        out.push(
            Error::new(
                ACCOUNT_SID_INVALID,
                "an Account SID is AC followed by 32 hexadecimal digits",
            )
            .at("account.accountSid"),
        );
    }
    for (token, path) in [
        (&a.auth_token, "account.authToken"),
        (&a.secondary_auth_token, "account.secondaryAuthToken"),
    ] {
        if let Some(t) = token {
            if !is_token(t) {
                out.push(
                    Error::new(
                        AUTH_TOKEN_INVALID,
                        "an auth token is 32 hexadecimal characters",
                    )
                    .at(path),
                );
            }
        }
    }

    if let Some(url) = &config.callback_base_url {
        if let Err(e) = check_base_url(url) {
            out.push(e.at("callbackBaseUrl"));
        }
    }

    // Numbers: valid, unique.
    let sandbox_on = config.sandbox.as_ref().is_some_and(|s| s.enabled);
    let mut seen: Vec<(&str, usize)> = Vec::with_capacity(config.numbers.len());
    for (i, n) in config.numbers.iter().enumerate() {
        let at = |f: &str| format!("numbers[{i}].{f}");
        check_name(&mut out, &n.name, at("name"));
        match crate::number::parse_e164(&n.number) {
            Err(e) => out.push(e.at(at("number"))),
            Ok(_) => {
                if seen.iter().any(|(s, _)| *s == n.number) {
                    out.push(
                        Error::new(
                            NUMBER_DUPLICATE,
                            format!("{} is configured twice", n.number),
                        )
                        .at(at("number")),
                    );
                } else {
                    seen.push((&n.number, i));
                }
                if n.number == SANDBOX_NUMBER && !sandbox_on {
                    out.push(
                        Error::new(
                            SANDBOX_NOT_ENABLED,
                            "the sandbox number is Twilio's shared number: turn sandbox mode on to use it",
                        )
                        .at(at("number")),
                    );
                }
            }
        }
        if let Some(mg) = &n.settings.messaging_service_sid {
            if !is_sid(mg, "MG") {
                out.push(
                    Error::new(
                        MESSAGING_SERVICE_SID_INVALID,
                        "a Messaging Service SID is MG followed by 32 hexadecimal digits",
                    )
                    .at(at("settings.messagingServiceSid")),
                );
            }
        }
    }

    // Workstreams.
    let mut ids: Vec<&str> = Vec::with_capacity(config.workstreams.len());
    let mut served: Vec<&str> = Vec::with_capacity(config.workstreams.len());
    for (i, w) in config.workstreams.iter().enumerate() {
        let prefix = format!("workstreams[{i}]");
        let at = |f: &str| format!("{prefix}.{f}");
        let id_ok = !w.id.is_empty()
            && w.id.len() <= MAX_ID_LEN
            && w.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if !id_ok {
            out.push(
                Error::new(
                    WORKSTREAM_ID_INVALID,
                    "a workstream id is 1 to 64 letters, digits, '_', '-' or '.'",
                )
                .at(at("id")),
            );
        } else if ids.contains(&w.id.as_str()) {
            out.push(
                Error::new(
                    WORKSTREAM_ID_DUPLICATE,
                    format!("another workstream has the id `{}`", w.id),
                )
                .at(at("id")),
            );
        } else {
            ids.push(&w.id);
        }
        check_name(&mut out, &w.name, at("name"));
        if w.number.len() > crate::number::MAX_INPUT_BYTES {
            // Checked before the lookups below compare it with every configured number.
            out.push(
                Error::too_large("the number", crate::number::MAX_INPUT_BYTES, "bytes")
                    .at(at("number")),
            );
        } else if !config.numbers.iter().any(|n| n.number == w.number) {
            out.push(
                Error::new(
                    WORKSTREAM_NUMBER_UNKNOWN,
                    format!("`{}` is not one of the configured numbers", w.number),
                )
                .at(at("number")),
            );
        } else if served.contains(&w.number.as_str()) {
            out.push(
                Error::new(
                    NUMBER_SHARED_BY_WORKSTREAMS,
                    format!(
                        "{} already serves another workstream: a message must route to exactly one",
                        w.number
                    ),
                )
                .at(at("number")),
            );
        } else {
            served.push(&w.number);
        }
        let language_ok = crate::template::is_whatsapp_language(&w.language);
        if !language_ok {
            out.push(
                Error::new(
                    LANGUAGE_UNSUPPORTED,
                    format!(
                        "`{}` is not a WhatsApp template language code (e.g. en, es, pt_BR)",
                        w.language
                    ),
                )
                .at(at("language")),
            );
        }
        let tpl_prefix = at("templates");
        out.extend(
            crate::template::validate_all(&w.templates)
                .into_iter()
                .map(|e| e.under(&tpl_prefix)),
        );
        out.extend(content_template_problems(w, &at("contentTemplates")));
        let has_templates = !w.templates.is_empty() || !w.content_templates.is_empty();
        let in_default = w.templates.iter().any(|t| t.language == w.language)
            || w.content_templates.iter().any(|t| t.language == w.language);
        if language_ok && has_templates && !in_default {
            out.push(
                Error::new(
                    DEFAULT_LANGUAGE_WITHOUT_TEMPLATE,
                    format!("no template is in the default language `{}`", w.language),
                )
                .at(at("language")),
            );
        }
        if let Some(m) = &w.automated_messages.attachment_refused {
            let n = m.chars().count();
            if m.trim().is_empty() || n > MAX_MESSAGE_CHARS {
                out.push(
                    Error::new(
                        AUTOMATED_MESSAGE_INVALID,
                        "an automated message has 1 to 1,600 characters (Twilio error 21617)",
                    )
                    .at(at("automatedMessages.attachmentRefused")),
                );
            }
        }
    }

    // Sandbox.
    if let Some(sb) = config.sandbox.as_ref().filter(|s| s.enabled) {
        if !config.numbers.iter().any(|n| n.number == SANDBOX_NUMBER) {
            out.push(
                Error::new(
                    SANDBOX_NUMBER_MISSING,
                    format!(
                        "sandbox mode needs the sandbox number {SANDBOX_NUMBER} among the numbers"
                    ),
                )
                .at("sandbox"),
            );
        }
        let k = &sb.join_keyword;
        let ok = !k.is_empty()
            && k.len() <= MAX_ID_LEN
            && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !k.starts_with('-');
        if !ok {
            out.push(
                Error::new(
                    SANDBOX_JOIN_KEYWORD_INVALID,
                    "the sandbox join keyword is one word of letters, digits and '-' (users send `join <keyword>`)",
                )
                .at("sandbox.joinKeyword"),
            );
        }
    }
    out
}

/// The result of validating a configuration (what `validateConfig` returns to JS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
pub struct Validation {
    /// No problems.
    pub valid: bool,
    /// Every problem, with code and path.
    pub problems: Vec<crate::Problem>,
}

/// [`validate`] as a [`Validation`].
pub fn validation(config: &Config) -> Validation {
    let problems = validate(config);
    Validation {
        valid: problems.is_empty(),
        problems,
    }
}

/// [`validate`] as a `Result`: `CONFIG_INVALID` with every problem.
pub fn check(config: &Config) -> Result<(), Error> {
    let problems = validate(config);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

fn invalid(problems: Vec<Error>) -> Error {
    let n = problems.len();
    Error::aggregate(
        CONFIG_INVALID,
        format!(
            "the configuration has {n} problem{}",
            if n == 1 { "" } else { "s" }
        ),
        problems,
    )
}

/// The status callback URL of outbound messages: `<callbackBaseUrl>/twilio/status` (the edge
/// worker's route; a trailing `/` of the base is dropped), `None` without a valid base URL.
pub fn status_callback_url(config: &Config) -> Option<String> {
    let base = config.callback_base_url.as_deref()?;
    check_base_url(base).ok()?;
    Some(format!("{}{STATUS_PATH}", base.trim_end_matches('/')))
}

/// Code: a request URL is not an absolute `http://` / `https://` URL (`scheme://host/…`).
pub const URL_NOT_ABSOLUTE: &str = "URL_NOT_ABSOLUTE";

/// Splits an absolute `http(s)://` URL into its origin (`scheme://host[:port]`) and the rest (path and
/// query exactly as given). Errors: `URL_NOT_ABSOLUTE`, `INPUT_TOO_LARGE` (path `requestUrl`).
fn split_origin(url: &str) -> Result<(&str, &str), Error> {
    if url.len() > 2 * MAX_URL_LEN {
        return Err(Error::too_large("the request URL", 2 * MAX_URL_LEN, "bytes").at("requestUrl"));
    }
    // Byte-wise, without an index that could panic (a panic path costs the webhook entry ~4 KB).
    let b = url.as_bytes();
    let has = |p: &[u8]| b.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    let scheme = if has(b"https://") {
        8
    } else if has(b"http://") {
        7
    } else {
        0
    };
    let host_end = b
        .iter()
        .skip(scheme)
        .position(|c| matches!(c, b'/' | b'?' | b'#'))
        .map_or(b.len(), |i| scheme + i);
    let bad = scheme == 0 || host_end == scheme || b.iter().any(|&c| c <= b' ' || c == 0x7f);
    match (bad, url.get(..host_end), url.get(host_end..)) {
        (false, Some(origin), Some(rest)) => Ok((origin, rest)),
        _ => Err(Error::new(
            URL_NOT_ABSOLUTE,
            "the request URL must be the absolute http(s) URL the worker received (https://host/path?query)",
        )
        .at("requestUrl")),
    }
}

/// The URL Twilio signed for a webhook received at `request_url`: behind a proxy or tunnel the
/// scheme and host a worker sees are not the public ones, so the configuration's `callbackBaseUrl`
/// (`callback_base_url`, when set) replaces the origin; the path and query are always the received ones, byte for byte
/// (Twilio signs them as it requested them). Without `callbackBaseUrl`, `request_url` itself.
/// Errors: `URL_NOT_ABSOLUTE`, `INPUT_TOO_LARGE` (path `requestUrl`), `CALLBACK_BASE_URL_INVALID`
/// (path `callbackBaseUrl`).
pub fn signed_url(request_url: &str, callback_base_url: Option<&str>) -> Result<String, Error> {
    let (_, tail) = split_origin(request_url)?;
    match callback_base_url {
        None => Ok(request_url.to_owned()),
        Some(base) => {
            check_base_url(base).map_err(|e| e.at("callbackBaseUrl"))?;
            Ok(format!("{}{tail}", base.trim_end_matches('/')))
        }
    }
}

/// The status-callback URL of an agent send made through a worker reached at `request_url`:
/// `<callbackBaseUrl or the request's origin>/twilio/status`, with `?send=<key>` (percent-encoded)
/// when `send_key` is given, so the callback can reconcile a send whose outcome was unknown.
/// Errors: as [`signed_url`].
pub fn status_callback_url_for(
    request_url: &str,
    callback_base_url: Option<&str>,
    send_key: Option<&str>,
) -> Result<String, Error> {
    let (origin, _) = split_origin(request_url)?;
    let base = match callback_base_url {
        Some(b) => {
            check_base_url(b).map_err(|e| e.at("callbackBaseUrl"))?;
            b.trim_end_matches('/')
        }
        None => origin,
    };
    let mut url = format!("{base}{STATUS_PATH}");
    if let Some(key) = send_key {
        url.push('?');
        url.push_str(SEND_KEY_PARAM);
        url.push('=');
        // encodeURIComponent's set: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( )
        for b in key.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                url.push(b as char);
            } else {
                crate::util::push_pct(&mut url, b);
            }
        }
    }
    Ok(url)
}

/// The inbound callback URL to paste into Twilio's "A message comes in" field (sandbox too):
/// `<base>/twilio/inbound`, from `base_url` or else the configuration's `callbackBaseUrl`
/// (a trailing `/` is dropped). Errors: `CALLBACK_BASE_URL_MISSING`, `CALLBACK_BASE_URL_INVALID`
/// (path `baseUrl` or `callbackBaseUrl`).
pub fn callback_url(config: &Config, base_url: Option<&str>) -> Result<String, Error> {
    let (base, path) = match (base_url, &config.callback_base_url) {
        (Some(b), _) => (b, "baseUrl"),
        (None, Some(b)) => (b.as_str(), "callbackBaseUrl"),
        (None, None) => {
            return Err(Error::new(
                CALLBACK_BASE_URL_MISSING,
                "no callback base URL: pass one or set callbackBaseUrl",
            )
            .at("baseUrl"))
        }
    };
    check_base_url(base).map_err(|e| e.at(path))?;
    Ok(format!("{}{INBOUND_PATH}", base.trim_end_matches('/')))
}

/// A change to one number's settings: absent fields stay as they are; `messagingServiceSid: null`
/// removes the Messaging Service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NumberSettingsPatch {
    /// Whether the number takes traffic; absent: unchanged.
    #[serde(default)]
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub enabled: Option<bool>,
    /// A string sets the Messaging Service, `null` removes it, absent keeps it
    /// (`Some(None)`: remove; `Some(Some(sid))`: set; `None`: keep).
    #[serde(default, deserialize_with = "set_or_clear")]
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub messaging_service_sid: Option<Option<String>>,
    /// Whether outbound sends ask for status callbacks; absent: unchanged.
    #[serde(default)]
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub status_callbacks: Option<bool>,
}

fn set_or_clear<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Applies `patch` to the settings of `number` (E.164, as configured) and returns the new,
/// valid configuration; `config` itself is never changed. Errors: `NUMBER_NOT_FOUND` (path
/// `number`), or `CONFIG_INVALID` listing every problem of the patched configuration (nothing
/// is applied).
pub fn update_number_settings(
    config: &Config,
    number: &str,
    patch: &NumberSettingsPatch,
) -> Result<Config, Error> {
    let mut next = config.clone();
    let Some(n) = next.numbers.iter_mut().find(|n| n.number == number) else {
        return Err(Error::new(
            NUMBER_NOT_FOUND,
            format!("`{number}` is not one of the configured numbers"),
        )
        .at("number"));
    };
    if let Some(e) = patch.enabled {
        n.settings.enabled = e;
    }
    if let Some(mg) = &patch.messaging_service_sid {
        n.settings.messaging_service_sid = mg.clone();
    }
    if let Some(s) = patch.status_callbacks {
        n.settings.status_callbacks = s;
    }
    check(&next)?;
    Ok(next)
}

impl Config {
    /// A copy for display: auth tokens that are set read `[REDACTED]`.
    pub fn redacted(&self) -> Config {
        let mut c = self.clone();
        for s in [
            &mut c.account.auth_token,
            &mut c.account.secondary_auth_token,
        ]
        .into_iter()
        .flatten()
        {
            *s = Secret::new(REDACTED);
        }
        c
    }
}

/// A one-line summary (`Display`) without secrets: account SID, counts, sandbox mode.
impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "wa-guard config v{}: account {}, {} number(s), {} workstream(s), auth token {}",
            self.version,
            self.account.account_sid,
            self.numbers.len(),
            self.workstreams.len(),
            if self.account.auth_token.is_some() {
                REDACTED
            } else {
                "from the environment"
            },
        )?;
        if self.sandbox.as_ref().is_some_and(|s| s.enabled) {
            f.write_str(", sandbox on")?;
        }
        Ok(())
    }
}
