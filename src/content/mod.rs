//! Templates as Twilio's Content API returns them: parsing, validation per content type, where a
//! template may be sent (the approval chart), and rendering of every field.
//!
//! Spec: `shared/spec/content-api.md`. Since 2025-04-01 every WhatsApp template is a Twilio
//! Content resource (`HX…`); a contact center's templates already live in Twilio, so wa-guard takes
//! exactly what `GET /v1/ContentAndApprovals` (or `GET /v1/Content`) returns.
//!
//! - [`parse_content_api`] reads a page (`{ contents, meta }`), an array of pages, an array of
//!   items or one item, and returns every template it could read plus every problem, each with
//!   its path (`contents[3].types`). A malformed item is a problem, not the end of the import.
//! - [`validate_definition`] (run by the parser on every type of every item) checks field limits,
//!   where `{{n}}` may stand and Meta's body rules ([`crate::template::body_problems`]).
//! - [`eligibility`] applies Twilio's approval-requirements chart: may this template be sent now,
//!   and if not, why (`TEMPLATE_NOT_APPROVED`, `TEMPLATE_SESSION_ONLY`, …).
//! - [`render`] substitutes values into every field of the type WhatsApp receives and returns the
//!   exact `ContentSid` + `ContentVariables`.
//!
//! Conservative by design: an unknown content type or approval status is kept and reported, and a
//! template carrying one is refused everywhere; nothing an import contains can make
//! [`eligibility`] allow a send the chart forbids.

mod eligibility;
mod render;
mod validate;

pub use eligibility::{eligibility, eligibility_of, ActionSummary, Eligibility, Reason};
pub use render::{render, ContentRendered};
pub use validate::validate_definition;

use crate::error::{join_path, Error, Result};
use crate::template;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Most bytes of JSON [`parse_content_api`] reads: 16 MiB (`INPUT_TOO_LARGE` before parsing).
/// A ContentAndApprovals page is capped at 1 MB by Twilio, so this is 16 full pages.
pub const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;
/// Most templates (items) one import may hold: 50,000 (`INPUT_TOO_LARGE`, checked before any
/// item is read), as for a [`crate::template::Registry`].
pub const MAX_IMPORT_TEMPLATES: usize = 50_000;
/// Longest placeholder key Twilio accepts (`{{first_name}}`): 16 characters.
pub const MAX_KEY_CHARS: usize = 16;
/// The rendered text of a template must stay within this many characters (Twilio 63021).
pub const MAX_RENDERED_CHARS: usize = 1024;
/// An authentication code (the value of `{{1}}` of `whatsapp/authentication`) has fewer than this
/// many characters.
pub const MAX_AUTH_CODE_CHARS: usize = 15;

// ---------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------

/// The input is not JSON, not an object or array, or not a ContentAndApprovals page / item; or
/// a page's `contents` is not an array. The whole import fails (path `input` or `contents`).
pub const CONTENT_API_INVALID: &str = "CONTENT_API_INVALID";
/// One item could not be read (not an object, no valid `sid`, no `types` object, no type at all):
/// reported at its path and left out; the rest of the import goes on.
pub const CONTENT_ITEM_INVALID: &str = "CONTENT_ITEM_INVALID";
/// A content type wa-guard does not know (kept as it is; the template is refused everywhere).
pub const CONTENT_TYPE_UNKNOWN: &str = "CONTENT_TYPE_UNKNOWN";
/// An approval status outside Twilio's list (kept; treated as not approved).
pub const APPROVAL_STATUS_UNKNOWN: &str = "APPROVAL_STATUS_UNKNOWN";
/// A category outside `UTILITY`, `MARKETING`, `AUTHENTICATION` (e.g. a pre-2023 `TRANSACTIONAL`):
/// kept as it is, never guessed.
pub const TEMPLATE_CATEGORY_UNKNOWN: &str = "TEMPLATE_CATEGORY_UNKNOWN";
/// A field has the wrong JSON type (a number where a string belongs, …) or an invalid value.
pub const CONTENT_FIELD_INVALID: &str = "CONTENT_FIELD_INVALID";
/// A field the type needs is missing or empty (`body` of `twilio/text`, `media`, …).
pub const CONTENT_FIELD_MISSING: &str = "CONTENT_FIELD_MISSING";
/// A field is longer than the type allows (the stricter of Twilio's and Meta's limits).
pub const CONTENT_FIELD_TOO_LONG: &str = "CONTENT_FIELD_TOO_LONG";
/// Too many or too few actions, items or cards, or too many of one kind of button.
pub const CONTENT_ITEM_COUNT: &str = "CONTENT_ITEM_COUNT";
/// A placeholder in a field that may not hold one (footers, phone numbers, button titles, …).
pub const CONTENT_VARIABLE_NOT_ALLOWED: &str = "CONTENT_VARIABLE_NOT_ALLOWED";
/// A placeholder in a URL anywhere but at its end, right after a `/`.
pub const CONTENT_URL_VARIABLE_POSITION: &str = "CONTENT_URL_VARIABLE_POSITION";
/// A placeholder in a media URL before the end of its domain.
pub const CONTENT_MEDIA_VARIABLE_POSITION: &str = "CONTENT_MEDIA_VARIABLE_POSITION";
/// A button of a kind wa-guard does not know (kept; an unapproved in-session send is refused).
pub const CONTENT_ACTION_UNKNOWN: &str = "CONTENT_ACTION_UNKNOWN";
/// Eligibility: the template is not approved and the window is closed (63016).
pub const TEMPLATE_NOT_APPROVED: &str = "TEMPLATE_NOT_APPROVED";
/// Eligibility: list-picker, location and pay can only be sent inside an open window (63016).
pub const TEMPLATE_SESSION_ONLY: &str = "TEMPLATE_SESSION_ONLY";
/// Eligibility: the type (or its buttons) needs an approved template even inside the window.
pub const TEMPLATE_APPROVAL_REQUIRED: &str = "TEMPLATE_APPROVAL_REQUIRED";
/// Eligibility: WhatsApp paused the template (recurring negative feedback): sent to no one.
pub const TEMPLATE_PAUSED: &str = "TEMPLATE_PAUSED";
/// Eligibility: WhatsApp disabled the template (policy): sent to no one.
pub const TEMPLATE_DISABLED: &str = "TEMPLATE_DISABLED";
/// Render: the rendered text is longer than 1,024 characters (63021).
pub const TEMPLATE_RENDERED_TOO_LONG: &str = "TEMPLATE_RENDERED_TOO_LONG";
/// Render: a value placed in a URL contains whitespace or a control character.
pub const VARIABLE_URL_INVALID: &str = "VARIABLE_URL_INVALID";
/// Render: an authentication code of 15 characters or more.
pub const VARIABLE_CODE_TOO_LONG: &str = "VARIABLE_CODE_TOO_LONG";

/// Every code this module raises, for the README's table and the registry test.
pub const CODES: [&str; 20] = [
    CONTENT_API_INVALID,
    CONTENT_ITEM_INVALID,
    CONTENT_TYPE_UNKNOWN,
    APPROVAL_STATUS_UNKNOWN,
    TEMPLATE_CATEGORY_UNKNOWN,
    CONTENT_FIELD_INVALID,
    CONTENT_FIELD_MISSING,
    CONTENT_FIELD_TOO_LONG,
    CONTENT_ITEM_COUNT,
    CONTENT_VARIABLE_NOT_ALLOWED,
    CONTENT_URL_VARIABLE_POSITION,
    CONTENT_MEDIA_VARIABLE_POSITION,
    CONTENT_ACTION_UNKNOWN,
    TEMPLATE_NOT_APPROVED,
    TEMPLATE_SESSION_ONLY,
    TEMPLATE_APPROVAL_REQUIRED,
    TEMPLATE_PAUSED,
    TEMPLATE_DISABLED,
    TEMPLATE_RENDERED_TOO_LONG,
    VARIABLE_URL_INVALID,
];

// ---------------------------------------------------------------------------------------------
// Content types
// ---------------------------------------------------------------------------------------------

/// The content types WhatsApp supports, in Twilio's complexity order: when a template carries
/// several, WhatsApp receives the last (most complex) one present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContentType {
    Text,
    Media,
    Location,
    QuickReply,
    CallToAction,
    ListPicker,
    Card,
    Carousel,
    Catalog,
    Pay,
    Flows,
    WhatsAppCard,
    WhatsAppAuthentication,
}

const TYPE_NAMES: [(&str, ContentType); 13] = [
    ("twilio/text", ContentType::Text),
    ("twilio/media", ContentType::Media),
    ("twilio/location", ContentType::Location),
    ("twilio/quick-reply", ContentType::QuickReply),
    ("twilio/call-to-action", ContentType::CallToAction),
    ("twilio/list-picker", ContentType::ListPicker),
    ("twilio/card", ContentType::Card),
    ("twilio/carousel", ContentType::Carousel),
    ("twilio/catalog", ContentType::Catalog),
    ("twilio/pay", ContentType::Pay),
    ("twilio/flows", ContentType::Flows),
    ("whatsapp/card", ContentType::WhatsAppCard),
    (
        "whatsapp/authentication",
        ContentType::WhatsAppAuthentication,
    ),
];

impl ContentType {
    /// Twilio's name (`twilio/quick-reply`); exact, lowercase.
    pub fn parse(s: &str) -> Option<ContentType> {
        TYPE_NAMES.iter().find(|(n, _)| *n == s).map(|&(_, t)| t)
    }

    /// Twilio's name.
    pub fn as_str(self) -> &'static str {
        TYPE_NAMES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |&(n, _)| n)
    }
}

// ---------------------------------------------------------------------------------------------
// Approval
// ---------------------------------------------------------------------------------------------

/// Twilio's approval statuses (lowercase), in no particular order.
pub const STATUSES: [&str; 7] = [
    "unsubmitted",
    "received",
    "pending",
    "approved",
    "rejected",
    "paused",
    "disabled",
];

/// Meta's current categories, as Twilio writes them.
pub const CATEGORIES: [&str; 3] = ["UTILITY", "MARKETING", "AUTHENTICATION"];

/// The WhatsApp approval of a template (flat or nested in the API: both read the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    /// Lowercase status: one of [`STATUSES`], or an unknown one kept as it came (lowercased).
    /// `unsubmitted` when the item has no approval object (or an empty one, or `/v1/Content`).
    pub status: String,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`, or an unknown (legacy) category kept as it came;
    /// `None` when empty or absent.
    #[serde(default)]
    pub category: Option<String>,
    /// WhatsApp's reason for a rejection; `None` when empty or absent.
    #[serde(default)]
    pub rejection_reason: Option<String>,
    /// The approval name (`approval_requests.name`), `None` when empty.
    #[serde(default)]
    pub name: Option<String>,
    /// The type submitted for approval (`approval_requests.content_type`), `None` when empty.
    #[serde(default)]
    pub content_type: Option<String>,
}

impl Approval {
    fn unsubmitted() -> Approval {
        Approval {
            status: "unsubmitted".into(),
            category: None,
            rejection_reason: None,
            name: None,
            content_type: None,
        }
    }

    /// Whether WhatsApp approved the template.
    pub fn is_approved(&self) -> bool {
        self.status == "approved"
    }

    /// Meta's category when it is one of the current three.
    pub fn template_category(&self) -> Option<template::Category> {
        match self.category.as_deref() {
            Some("UTILITY") => Some(template::Category::Utility),
            Some("MARKETING") => Some(template::Category::Marketing),
            Some("AUTHENTICATION") => Some(template::Category::Authentication),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

/// One Content template as read from Twilio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentTemplate {
    /// Content SID, `HX` + 32 hex (lowercased).
    pub sid: String,
    /// The approval name, else the friendly name.
    pub name: String,
    /// Twilio's `friendly_name` (empty when absent).
    #[serde(default)]
    pub friendly_name: String,
    /// Meta's template language code (`en`, `pt_BR`), as Twilio has it (empty when absent).
    #[serde(default)]
    pub language: String,
    /// The type WhatsApp will receive: the most complex known type present (Twilio's order), or
    /// the first unknown type when there is one (such a template is refused everywhere).
    pub content_type: String,
    /// Every type present: known ones in complexity order, then unknown ones.
    pub types: Vec<String>,
    /// WhatsApp's approval.
    pub approval: Approval,
    /// Twilio's `variables`: the sample of each key, which Twilio sends when a value is omitted.
    #[serde(default)]
    pub samples: BTreeMap<String, String>,
    /// Every placeholder key used in any type (`"1"`, `"2"`, … numerically, then named ones).
    #[serde(default)]
    pub variables: Vec<String>,
    /// Each type's object exactly as Twilio returned it (unknown keys and `null`s included).
    pub definitions: Map<String, Value>,
    /// `date_updated` (ISO 8601 UTC), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<String>,
}

impl ContentTemplate {
    /// The type WhatsApp receives, when known.
    pub fn known_type(&self) -> Option<ContentType> {
        ContentType::parse(&self.content_type)
    }

    /// The object of the type WhatsApp receives.
    pub fn definition(&self) -> Option<&Value> {
        self.definitions.get(&self.content_type)
    }

    /// The body WhatsApp shows (the received type's `body`, a card's `title`, a location's
    /// `label`), when it has one.
    pub fn body(&self) -> Option<&str> {
        let def = self.definition()?;
        let key = match self.known_type() {
            Some(ContentType::Card) => "title",
            Some(ContentType::Location) => "label",
            _ => "body",
        };
        def.get(key).and_then(Value::as_str)
    }

    /// The `twilio/text` fallback's body, when the template has one.
    pub fn text_fallback(&self) -> Option<&str> {
        self.definitions
            .get("twilio/text")
            .and_then(|d| d.get("body"))
            .and_then(Value::as_str)
    }
}

/// What [`parse_content_api`] read: the templates, and every problem found (with paths).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContentImport {
    pub templates: Vec<ContentTemplate>,
    pub problems: Vec<Error>,
}

// ---------------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------------

/// One `{{key}}` in a string: byte offsets `[start, end)` and the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placeholder<'a> {
    pub start: usize,
    pub end: usize,
    pub key: &'a str,
}

/// Whether `k` is a placeholder key Twilio accepts: 1–16 ASCII letters, digits or `_`.
fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= MAX_KEY_CHARS
        && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The well-formed placeholders of `s`, in order (`{{{1}}}` is `{` + `{{1}}` + `}`, as in
/// [`crate::template`]). Malformed braces are literal text here; [`validate_definition`] reports them in
/// bodies.
pub(crate) fn placeholders(s: &str) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = s.get(i..).and_then(|r| r.find("{{")) {
        let mut start = i + off;
        while b.get(start + 2) == Some(&b'{') {
            start += 1;
        }
        let from = start + 2;
        match s.get(from..).and_then(|r| r.find("}}")) {
            Some(len) => {
                let key = s.get(from..from + len).unwrap_or("");
                if is_key(key) {
                    out.push(Placeholder {
                        start,
                        end: from + len + 2,
                        key,
                    });
                    i = from + len + 2;
                } else {
                    i = from;
                }
            }
            None => break,
        }
    }
    out
}

/// Orders placeholder keys: numbers numerically, then names.
pub(crate) fn key_order(a: &str, b: &str) -> core::cmp::Ordering {
    let num = |k: &str| {
        if k.bytes().all(|c| c.is_ascii_digit()) {
            k.trim_start_matches('0').len()
        } else {
            usize::MAX
        }
    };
    let (na, nb) = (num(a), num(b));
    na.cmp(&nb).then_with(|| a.cmp(b))
}

/// Calls `f` on every string inside `v`, with its path relative to `v`.
pub(crate) fn each_string<'a>(v: &'a Value, path: &mut String, f: &mut dyn FnMut(&str, &'a str)) {
    match v {
        Value::String(s) => f(path, s),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
                each_string(x, path, f);
                path.truncate(len);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                each_string(x, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// The path of type `name` under `types`: `types["twilio/text"]`.
pub(crate) fn type_path(name: &str) -> String {
    let mut p = String::from("types[");
    template::write_json_string(&mut p, name);
    p.push(']');
    p
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

fn invalid(path: &str, msg: impl Into<String>) -> Error {
    Error::new(CONTENT_API_INVALID, msg).at(path)
}

/// Reads Twilio Content API JSON text: one `GET /v1/ContentAndApprovals` (or `/v1/Content`) page
/// `{ "contents": [...], "meta": {...} }`, an array of pages, an array of items, or one item.
///
/// Errors (the whole import): past [`MAX_IMPORT_BYTES`] or [`MAX_IMPORT_TEMPLATES`] items
/// `INPUT_TOO_LARGE` (the bytes before parsing, the count before reading any item); not JSON,
/// not an object or array, an object that is neither a page nor an item, or a `contents` that
/// is not an array: `CONTENT_API_INVALID` with its path (`input`, `contents`, `[1].contents`).
///
/// Everything else is a problem in the result, with its path (`contents[3].types`); an item that
/// cannot be read at all (`CONTENT_ITEM_INVALID`) is left out, every other problem leaves the
/// template in. `null`s and unknown keys are tolerated.
pub fn parse_content_api(json: &str) -> Result<ContentImport> {
    if json.len() > MAX_IMPORT_BYTES {
        return Err(
            Error::too_large("the Content API JSON", MAX_IMPORT_BYTES, "bytes").at("input"),
        );
    }
    let v: Value =
        serde_json::from_str(json).map_err(|e| invalid("input", format!("not JSON: {e}")))?;
    parse_content_value(&v)
}

/// [`parse_content_api`] of an already parsed JSON value.
pub fn parse_content_value(v: &Value) -> Result<ContentImport> {
    let mut items: Vec<(String, &Value)> = Vec::new();
    match v {
        Value::Object(_) => collect_object(v, "", &mut items)?,
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("[{i}]");
                match x {
                    Value::Object(o) if o.contains_key("contents") => {
                        collect_object(x, &p, &mut items)?;
                    }
                    _ => items.push((p, x)),
                }
                if items.len() > MAX_IMPORT_TEMPLATES {
                    break;
                }
            }
        }
        _ => {
            return Err(invalid(
                "input",
                "expected a ContentAndApprovals page, an array of pages or items, or one item",
            ))
        }
    }
    if items.len() > MAX_IMPORT_TEMPLATES {
        return Err(Error::too_large("the import", MAX_IMPORT_TEMPLATES, "templates").at("input"));
    }
    let mut out = ContentImport {
        templates: Vec::with_capacity(items.len()),
        problems: Vec::new(),
    };
    for (path, item) in items {
        if let Some(t) = read_item(item, &path, &mut out.problems) {
            out.templates.push(t);
        }
    }
    Ok(out)
}

fn collect_object<'a>(
    v: &'a Value,
    prefix: &str,
    items: &mut Vec<(String, &'a Value)>,
) -> Result<()> {
    let Value::Object(o) = v else {
        return Err(invalid("input", "expected an object"));
    };
    match o.get("contents") {
        Some(Value::Array(a)) => {
            if a.len() > MAX_IMPORT_TEMPLATES {
                return Err(
                    Error::too_large("the import", MAX_IMPORT_TEMPLATES, "templates").at("input"),
                );
            }
            items.reserve(a.len());
            let dot = if prefix.is_empty() { "" } else { "." };
            for (i, x) in a.iter().enumerate() {
                items.push((format!("{prefix}{dot}contents[{i}]"), x));
            }
            Ok(())
        }
        Some(_) => Err(invalid(
            &format!(
                "{prefix}{}contents",
                if prefix.is_empty() { "" } else { "." }
            ),
            "a page's contents must be an array of Content items",
        )),
        None if o.contains_key("sid") || o.contains_key("types") => {
            items.push((prefix.to_string(), v));
            Ok(())
        }
        None => Err(invalid(
            if prefix.is_empty() { "input" } else { prefix },
            "neither a ContentAndApprovals page (contents) nor a Content item (sid, types)",
        )),
    }
}

/// A problem at `rel` under the item at `base`.
pub(crate) fn problem(code: &'static str, msg: impl Into<String>, base: &str, rel: &str) -> Error {
    Error::new(code, msg).at(join_path(base, Some(rel)))
}

/// A string field: `None` when absent or `null`; a problem when another type.
fn opt_str<'a>(
    o: &'a Map<String, Value>,
    key: &str,
    base: &str,
    problems: &mut Vec<Error>,
) -> Option<&'a str> {
    match o.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            problems.push(problem(
                CONTENT_FIELD_INVALID,
                format!("{key} must be a string"),
                base,
                key,
            ));
            None
        }
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty()).map(str::to_string)
}

/// Reads one item at `path`; `None` (with a `CONTENT_ITEM_INVALID` problem) when it cannot be
/// used at all.
fn read_item(item: &Value, path: &str, problems: &mut Vec<Error>) -> Option<ContentTemplate> {
    let Value::Object(o) = item else {
        problems.push(
            Error::new(CONTENT_ITEM_INVALID, "a Content item must be an object")
                .at(if path.is_empty() { "input" } else { path }),
        );
        return None;
    };
    let sid = match o.get("sid") {
        Some(Value::String(s)) => match template::normalize_sid(s) {
            Ok(s) => s,
            Err(e) => {
                problems.push(problem(CONTENT_ITEM_INVALID, e.message, path, "sid"));
                return None;
            }
        },
        _ => {
            problems.push(problem(
                CONTENT_ITEM_INVALID,
                "the item has no Content SID (sid: HX + 32 hex)",
                path,
                "sid",
            ));
            return None;
        }
    };
    let Some(Value::Object(types)) = o.get("types") else {
        problems.push(problem(
            CONTENT_ITEM_INVALID,
            "the item has no types object (e.g. {\"twilio/text\": {\"body\": \"…\"}})",
            path,
            "types",
        ));
        return None;
    };
    let mut definitions = Map::new();
    let mut known: Vec<ContentType> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for (name, def) in types {
        let tpath = join_path(path, Some(&type_path(name)));
        if !def.is_object() {
            problems.push(
                Error::new(
                    CONTENT_FIELD_INVALID,
                    format!("the {name} definition must be an object"),
                )
                .at(tpath),
            );
            continue;
        }
        match ContentType::parse(name) {
            Some(t) => {
                known.push(t);
                validate_definition(t, def, &tpath, problems);
            }
            None => {
                problems.push(
                    Error::new(
                        CONTENT_TYPE_UNKNOWN,
                        format!("unknown content type {name}: kept, but the template is refused until wa-guard knows what WhatsApp receives"),
                    )
                    .at(tpath),
                );
                unknown.push(name.clone());
            }
        }
        definitions.insert(name.clone(), def.clone());
    }
    known.sort();
    let content_type = match (unknown.first(), known.last()) {
        (Some(u), _) => u.clone(),
        (None, Some(k)) => k.as_str().to_string(),
        (None, None) => {
            problems.push(problem(
                CONTENT_ITEM_INVALID,
                "the item has no content type that can be read",
                path,
                "types",
            ));
            return None;
        }
    };
    let mut type_names: Vec<String> = known.iter().map(|t| t.as_str().to_string()).collect();
    type_names.extend(unknown);

    let friendly_name = opt_str(o, "friendly_name", path, problems)
        .unwrap_or("")
        .to_string();
    let language = opt_str(o, "language", path, problems)
        .unwrap_or("")
        .to_string();
    if language.is_empty() {
        problems.push(problem(
            CONTENT_FIELD_MISSING,
            "the item has no language",
            path,
            "language",
        ));
    } else if !template::is_whatsapp_language(&language) {
        problems.push(problem(
            template::TEMPLATE_LANGUAGE_UNSUPPORTED,
            format!("{language} is not a WhatsApp template language code"),
            path,
            "language",
        ));
    }
    let approval = read_approval(o.get("approval_requests"), path, problems);
    let name = approval
        .name
        .clone()
        .unwrap_or_else(|| friendly_name.clone());

    let mut samples = BTreeMap::new();
    match o.get("variables") {
        None | Some(Value::Null) => {}
        Some(Value::Object(vars)) => {
            for (k, v) in vars {
                match v {
                    Value::String(s) => {
                        samples.insert(k.clone(), s.clone());
                    }
                    Value::Null => {}
                    _ => problems.push(problem(
                        CONTENT_FIELD_INVALID,
                        "a sample value must be a string",
                        path,
                        &format!("variables.{k}"),
                    )),
                }
            }
        }
        Some(_) => problems.push(problem(
            CONTENT_FIELD_INVALID,
            "variables must be an object of samples",
            path,
            "variables",
        )),
    }
    let mut variables: Vec<String> = Vec::new();
    let mut scratch = String::new();
    for def in definitions.values() {
        each_string(def, &mut scratch, &mut |_, s| {
            for p in placeholders(s) {
                if !variables.iter().any(|k| k == p.key) {
                    variables.push(p.key.to_string());
                }
            }
        });
    }
    variables.sort_by(|a, b| key_order(a, b));
    let date_updated = opt_str(o, "date_updated", path, problems).map(str::to_string);
    Some(ContentTemplate {
        sid,
        name,
        friendly_name,
        language,
        content_type,
        types: type_names,
        approval,
        samples,
        variables,
        definitions,
        date_updated,
    })
}

/// The approval, flat (`ContentAndApprovals`) or nested under `whatsapp`
/// (`/v1/Content/{Sid}/ApprovalRequests`); absent, `null` or `{}` = unsubmitted.
fn read_approval(v: Option<&Value>, path: &str, problems: &mut Vec<Error>) -> Approval {
    let (o, base) = match v {
        None | Some(Value::Null) => return Approval::unsubmitted(),
        Some(Value::Object(o)) => match o.get("whatsapp") {
            Some(Value::Object(w)) => (w, join_path(path, Some("approval_requests.whatsapp"))),
            _ => (o, join_path(path, Some("approval_requests"))),
        },
        Some(_) => {
            problems.push(problem(
                CONTENT_FIELD_INVALID,
                "approval_requests must be an object: read as unsubmitted",
                path,
                "approval_requests",
            ));
            return Approval::unsubmitted();
        }
    };
    let status = match opt_str(o, "status", &base, problems).map(str::trim) {
        None | Some("") => "unsubmitted".to_string(),
        Some(s) => s.to_ascii_lowercase(),
    };
    if !STATUSES.contains(&status.as_str()) {
        problems.push(problem(
            APPROVAL_STATUS_UNKNOWN,
            format!("unknown approval status {status}: read as not approved"),
            &base,
            "status",
        ));
    }
    let category = non_empty(opt_str(o, "category", &base, problems));
    if let Some(c) = &category {
        if !CATEGORIES.contains(&c.as_str()) {
            problems.push(problem(
                TEMPLATE_CATEGORY_UNKNOWN,
                format!("unknown category {c} (Meta re-mapped the pre-2023 categories): kept as it is, not guessed"),
                &base,
                "category",
            ));
        }
    }
    Approval {
        status,
        category,
        rejection_reason: non_empty(opt_str(o, "rejection_reason", &base, problems)),
        name: non_empty(opt_str(o, "name", &base, problems)),
        content_type: non_empty(opt_str(o, "content_type", &base, problems)),
    }
}
