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
pub mod json;
mod registry;
mod render;
mod validate;

pub use eligibility::{eligibility, eligibility_of, ActionSummary, Eligibility, Reason};
pub use registry::{ContentMatch, ContentRegistry};
pub use render::{render, ContentRendered};
pub use validate::validate_definition;

use crate::error::{join_path, Error, Result};
use crate::template;
use json::write_str;
pub use json::Json;
use serde::Serialize;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(serialize_with = "pairs")]
    pub samples: Vec<(String, String)>,
    /// Every placeholder key used in any type (`"1"`, `"2"`, … numerically, then named ones).
    #[serde(default)]
    pub variables: Vec<String>,
    /// Each type's object exactly as Twilio returned it (unknown keys and `null`s included).
    pub definitions: Json,
    /// `date_updated` (ISO 8601 UTC), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<String>,
}

/// A configured template (a Content API item or a parsed template, see
/// [`ContentTemplate::from_config`]), for native users of [`crate::config::Config`].
impl<'de> serde::Deserialize<'de> for ContentTemplate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let v = <Json as serde::Deserialize>::deserialize(d)?;
        ContentTemplate::from_config(v, "").map_err(|e| {
            let at = e.path().filter(|p| !p.is_empty()).unwrap_or("template");
            serde::de::Error::custom(format!("{} ({at}): {}", e.code(), e.message()))
        })
    }
}

impl ContentTemplate {
    /// The type WhatsApp receives, when known.
    pub fn known_type(&self) -> Option<ContentType> {
        ContentType::parse(&self.content_type)
    }

    /// The object of the type WhatsApp receives.
    pub fn definition(&self) -> Option<&Json> {
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
        def.get(key).and_then(Json::as_str)
    }

    /// The sample of placeholder `key` (what Twilio sends when its value is omitted).
    pub fn sample(&self, key: &str) -> Option<&str> {
        self.samples
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The `twilio/text` fallback's body, when the template has one.
    pub fn text_fallback(&self) -> Option<&str> {
        self.definitions
            .get("twilio/text")
            .and_then(|d| d.get("body"))
            .and_then(Json::as_str)
    }
}

/// What [`parse_content_api`] read: the templates, and every problem found (with paths).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentImport {
    pub templates: Vec<ContentTemplate>,
    pub problems: Vec<crate::Problem>,
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

/// Byte offset of the first `cc` (two `c`s) in `b` at or after `from`. (A byte scan: a `&str`
/// pattern brings the two-way searcher and its panic paths, kilobytes of wasm.)
pub(crate) fn find_pair(b: &[u8], from: usize, c: u8) -> Option<usize> {
    let mut i = from;
    while i + 1 < b.len() {
        if b.get(i) == Some(&c) && b.get(i + 1) == Some(&c) {
            return Some(i);
        }
        i += 1;
    }
    None
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
    while let Some(mut start) = find_pair(b, i, b'{') {
        while matches!(b.get(start + 2), Some(b'{')) {
            start += 1;
        }
        let from = start + 2;
        match find_pair(b, from, b'}').map(|at| at - from) {
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

/// Inserts `x` into `v`, kept in [`key_order`] by `key` (no `sort`: its code is large in wasm).
pub(crate) fn insert_ordered<T>(v: &mut Vec<T>, x: T, key: impl Fn(&T) -> &str) {
    let at = v
        .iter()
        .position(|y| key_order(key(&x), key(y)) == core::cmp::Ordering::Less)
        .unwrap_or(v.len());
    v.insert(at, x);
}

/// `(key, value)` pairs as a JSON object (serde).
fn pairs<S: serde::Serializer>(
    v: &[(String, String)],
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, x) in v {
        m.serialize_entry(k, x)?;
    }
    m.end()
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
pub(crate) fn each_string<'a>(v: &'a Json, path: &mut String, f: &mut dyn FnMut(&str, &'a str)) {
    match v {
        Json::String(s) => f(path, s),
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
                each_string(x, path, f);
                path.truncate(len);
            }
        }
        Json::Object(o) => {
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
    key_path("types[", name)
}

/// `prefix` + `name` as a JSON string + `]`: `definitions["twilio/text"]`.
fn key_path(prefix: &str, name: &str) -> String {
    let mut p = String::from(prefix);
    write_str(&mut p, name);
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
    let v = Json::parse(json).map_err(|e| {
        invalid(
            "input",
            format!("not JSON: {} at byte {}", e.message, e.offset),
        )
    })?;
    parse_content_owned(v)
}

/// [`parse_content_api`] of an already parsed JSON value.
pub fn parse_content_value(v: &Json) -> Result<ContentImport> {
    parse_content_owned(v.clone())
}

/// [`parse_content_api`] of a parsed value it may take apart: each item's type definitions are
/// moved into its template, not copied (a 5 MB import is mostly definitions).
fn parse_content_owned(mut v: Json) -> Result<ContentImport> {
    let mut items: Vec<(String, &mut Json)> = Vec::new();
    match &mut v {
        v @ Json::Object(_) => collect_object(v, "", &mut items)?,
        Json::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                let p = format!("[{i}]");
                if x.is_object() && x.get("contents").is_some() {
                    collect_object(x, &p, &mut items)?;
                } else {
                    items.push((p, x));
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
    v: &'a mut Json,
    prefix: &str,
    items: &mut Vec<(String, &'a mut Json)>,
) -> Result<()> {
    if v.get("contents").is_none() {
        if v.get("sid").is_some() || v.get("types").is_some() {
            items.push((prefix.to_string(), v));
            return Ok(());
        }
        return Err(invalid(
            if prefix.is_empty() { "input" } else { prefix },
            "neither a ContentAndApprovals page (contents) nor a Content item (sid, types)",
        ));
    }
    match v.get_mut("contents") {
        Some(Json::Array(a)) => {
            if a.len() > MAX_IMPORT_TEMPLATES {
                return Err(
                    Error::too_large("the import", MAX_IMPORT_TEMPLATES, "templates").at("input"),
                );
            }
            items.reserve(a.len());
            let dot = if prefix.is_empty() { "" } else { "." };
            for (i, x) in a.iter_mut().enumerate() {
                items.push((format!("{prefix}{dot}contents[{i}]"), x));
            }
            Ok(())
        }
        _ => Err(invalid(
            &format!(
                "{prefix}{}contents",
                if prefix.is_empty() { "" } else { "." }
            ),
            "a page's contents must be an array of Content items",
        )),
    }
}

/// A problem at `rel` under the item at `base`.
pub(crate) fn problem(code: &'static str, msg: impl Into<String>, base: &str, rel: &str) -> Error {
    Error::new(code, msg).at(join_path(base, Some(rel)))
}

/// A string field: `None` when absent or `null`; a problem when another type.
fn opt_str<'a>(o: &'a Json, key: &str, base: &str, problems: &mut Vec<Error>) -> Option<&'a str> {
    match o.get(key) {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s),
        Some(_) => {
            problems.push(problem(
                CONTENT_FIELD_INVALID,
                "must be a string",
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

/// The problems of one type's definition at `tpath`: validation per type, or an unknown type.
fn check_definition(name: &str, def: &Json, tpath: &str, problems: &mut Vec<Error>) {
    match ContentType::parse(name) {
        Some(t) => validate_definition(t, def, tpath, problems),
        None => problems.push(
            Error::new(
                CONTENT_TYPE_UNKNOWN,
                format!("unknown content type {name}: kept, but the template is refused until wa-guard knows what WhatsApp receives"),
            )
            .at(tpath),
        ),
    }
}

/// A missing or unknown template language, at `path.language`.
fn check_language(language: &str, path: &str, problems: &mut Vec<Error>) {
    if language.is_empty() {
        problems.push(problem(
            CONTENT_FIELD_MISSING,
            "the item has no language",
            path,
            "language",
        ));
    } else if !template::is_whatsapp_language(language) {
        problems.push(problem(
            template::TEMPLATE_LANGUAGE_UNSUPPORTED,
            format!("{language} is not a WhatsApp template language code"),
            path,
            "language",
        ));
    }
}

/// An unknown approval status or category, at `base.status` / `base.category`.
fn check_approval(status: &str, category: Option<&str>, base: &str, problems: &mut Vec<Error>) {
    if !STATUSES.contains(&status) {
        problems.push(problem(
            APPROVAL_STATUS_UNKNOWN,
            format!("unknown approval status {status}: read as not approved"),
            base,
            "status",
        ));
    }
    if let Some(c) = category.filter(|c| !CATEGORIES.contains(c)) {
        problems.push(problem(
            TEMPLATE_CATEGORY_UNKNOWN,
            format!("unknown category {c} (Meta re-mapped the pre-2023 categories): kept as it is, not guessed"),
            base,
            "category",
        ));
    }
}

/// Reads one item at `path`; `None` (with a `CONTENT_ITEM_INVALID` problem) when it cannot be
/// used at all.
fn read_item(item: &mut Json, path: &str, problems: &mut Vec<Error>) -> Option<ContentTemplate> {
    let Json::Object(_) = item else {
        problems.push(
            Error::new(CONTENT_ITEM_INVALID, "a Content item must be an object")
                .at(if path.is_empty() { "input" } else { path }),
        );
        return None;
    };
    let sid = match item.get("sid") {
        Some(Json::String(s)) => match template::normalize_sid(s) {
            Ok(s) => s,
            Err(e) => {
                problems.push(problem(CONTENT_ITEM_INVALID, e.message(), path, "sid"));
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
    let Some(Json::Object(types)) = item.get_mut("types") else {
        problems.push(problem(
            CONTENT_ITEM_INVALID,
            "the item has no types object (e.g. {\"twilio/text\": {\"body\": \"…\"}})",
            path,
            "types",
        ));
        return None;
    };
    let types = core::mem::take(types);
    let o = &*item;
    let mut definitions: Vec<(String, Json)> = Vec::with_capacity(types.len());
    for (name, def) in types {
        let tpath = join_path(path, Some(&type_path(&name)));
        if !def.is_object() {
            problems.push(
                Error::new(
                    CONTENT_FIELD_INVALID,
                    "a content type's definition must be an object",
                )
                .at(tpath),
            );
            continue;
        }
        check_definition(&name, &def, &tpath, problems);
        match definitions.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = def,
            None => definitions.push((name, def)),
        }
    }
    let Some((content_type, type_names)) = received(&definitions) else {
        problems.push(problem(
            CONTENT_ITEM_INVALID,
            "the item has no content type that can be read",
            path,
            "types",
        ));
        return None;
    };

    let friendly_name = opt_str(o, "friendly_name", path, problems)
        .unwrap_or("")
        .to_string();
    let language = opt_str(o, "language", path, problems)
        .unwrap_or("")
        .to_string();
    check_language(&language, path, problems);
    let approval = read_approval(o.get("approval_requests"), path, problems);
    let name = approval
        .name
        .clone()
        .unwrap_or_else(|| friendly_name.clone());

    let mut samples: Vec<(String, String)> = Vec::new();
    match o.get("variables") {
        None | Some(Json::Null) => {}
        Some(Json::Object(vars)) => {
            for (k, v) in vars {
                match v {
                    Json::String(s) => {
                        samples.retain(|(x, _)| x != k);
                        insert_ordered(&mut samples, (k.clone(), s.clone()), |p| &p.0);
                    }
                    Json::Null => {}
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
    let variables = keys_of(&definitions);
    let definitions = Json::Object(definitions);
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
fn read_approval(v: Option<&Json>, path: &str, problems: &mut Vec<Error>) -> Approval {
    let (o, base) = match v {
        None | Some(Json::Null) => return Approval::unsubmitted(),
        Some(o @ Json::Object(_)) => match o.get("whatsapp") {
            Some(w @ Json::Object(_)) => (w, join_path(path, Some("approval_requests.whatsapp"))),
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
    let category = non_empty(opt_str(o, "category", &base, problems));
    check_approval(&status, category.as_deref(), &base, problems);
    Approval {
        status,
        category,
        rejection_reason: non_empty(opt_str(o, "rejection_reason", &base, problems)),
        name: non_empty(opt_str(o, "name", &base, problems)),
        content_type: non_empty(opt_str(o, "content_type", &base, problems)),
    }
}

/// The type WhatsApp receives and every type present (known ones in Twilio's complexity order,
/// then unknown ones), from a `types` / `definitions` object; `None` when it has no type.
fn received(defs: &[(String, Json)]) -> Option<(String, Vec<String>)> {
    let mut types: Vec<String> = TYPE_NAMES
        .iter()
        .filter(|(n, _)| defs.iter().any(|(d, _)| d == n))
        .map(|(n, _)| n.to_string())
        .collect();
    let unknown: Vec<String> = defs
        .iter()
        .filter(|(d, _)| ContentType::parse(d).is_none())
        .map(|(d, _)| d.clone())
        .collect();
    let ct = unknown.first().or(types.last())?.clone();
    types.extend(unknown);
    Some((ct, types))
}

/// Every placeholder key used in the definitions, in [`key_order`].
fn keys_of(defs: &[(String, Json)]) -> Vec<String> {
    // (No paths here: building one per string was a tenth of an import's reading time.)
    fn walk(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::String(s) if find_pair(s.as_bytes(), 0, b'{').is_some() => {
                for p in placeholders(s) {
                    if !out.iter().any(|k| k == p.key) {
                        insert_ordered(out, p.key.to_string(), |k| k);
                    }
                }
            }
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Json::Object(o) => o.iter().for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    let mut variables: Vec<String> = Vec::new();
    for (_, def) in defs {
        walk(def, &mut variables);
    }
    variables
}

fn write_opt(out: &mut String, k: &str, v: Option<&str>) {
    out.push(',');
    write_str(out, k);
    out.push(':');
    match v {
        Some(v) => write_str(out, v),
        None => out.push_str("null"),
    }
}

impl ContentTemplate {
    /// Appends the template's JSON (camelCase keys, `definitions` exactly as Twilio sent them),
    /// as the bindings return it.
    pub fn write_json(&self, out: &mut String) {
        out.push_str("{\"sid\":");
        write_str(out, &self.sid);
        for (k, v) in [
            ("name", &self.name),
            ("friendlyName", &self.friendly_name),
            ("language", &self.language),
            ("contentType", &self.content_type),
        ] {
            out.push(',');
            write_str(out, k);
            out.push(':');
            write_str(out, v);
        }
        out.push_str(",\"types\":[");
        for (i, t) in self.types.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, t);
        }
        out.push_str("],\"approval\":{\"status\":");
        let a = &self.approval;
        write_str(out, &a.status);
        write_opt(out, "category", a.category.as_deref());
        write_opt(out, "rejectionReason", a.rejection_reason.as_deref());
        write_opt(out, "name", a.name.as_deref());
        write_opt(out, "contentType", a.content_type.as_deref());
        out.push_str("},\"samples\":{");
        for (i, (k, v)) in self.samples.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k);
            out.push(':');
            write_str(out, v);
        }
        out.push_str("},\"variables\":[");
        for (i, k) in self.variables.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k);
        }
        out.push_str("],\"definitions\":");
        self.definitions.write(out);
        if let Some(d) = &self.date_updated {
            out.push_str(",\"dateUpdated\":");
            write_str(out, d);
        }
        out.push('}');
    }

    /// Reads a configured Content template (a workstream's `contentTemplates[j]`, at `path`): a
    /// Content API item as Twilio returns it (`types`, `approval_requests`), or a template as
    /// [`ContentTemplate::write_json`] writes it (`definitions`). Only an unreadable one is an
    /// error (`CONTENT_ITEM_INVALID` / `INVALID_ARGUMENT` at its path); the other problems are
    /// [`ContentTemplate::problems`], which the configuration's validation reports.
    pub fn from_config(mut v: Json, path: &str) -> Result<ContentTemplate> {
        if !v.is_object() {
            return Err(Error::new(
                CONTENT_ITEM_INVALID,
                "expected a Content API item or a parsed Content template",
            )
            .at(path));
        }
        if v.get("definitions").is_some() {
            return ContentTemplate::from_json(&v, path);
        }
        let mut problems = Vec::new();
        match read_item(&mut v, path, &mut problems) {
            Some(t) => Ok(t),
            None => Err(problems.into_iter().next().unwrap_or_else(|| {
                Error::new(CONTENT_ITEM_INVALID, "not a Content template").at(path)
            })),
        }
    }

    /// Every problem of the template as [`parse_content_api`] would report it (each type's
    /// definition, unknown types, the language, the approval's status and category), at `path`
    /// + `definitions["twilio/card"]…`, `language`, `approval.status`, `approval.category`.
    pub fn problems(&self, path: &str) -> Vec<Error> {
        let mut out = Vec::new();
        for (name, def) in self.definitions.as_object().unwrap_or(&[]) {
            let rel = key_path("definitions[", name);
            check_definition(name, def, &join_path(path, Some(&rel)), &mut out);
        }
        check_language(&self.language, path, &mut out);
        check_approval(
            &self.approval.status,
            self.approval.category.as_deref(),
            &join_path(path, Some("approval")),
            &mut out,
        );
        out
    }

    /// Reads a template in the shape [`ContentTemplate::write_json`] writes (what
    /// `parseContentApi` returned to JS, possibly stored and read back). The received type, the
    /// type list and the placeholder keys are recomputed from `definitions`, never trusted: a
    /// caller cannot drop a placeholder (Twilio would send its sample) or pick the type. Other
    /// fields of the wrong type read as absent. `INVALID_ARGUMENT` at `path.sid` /
    /// `path.definitions` when those are missing or invalid.
    pub fn from_json(v: &Json, path: &str) -> Result<ContentTemplate> {
        let bad = |k: &str, msg: &str| {
            let at = join_path(path, Some(k));
            Error::new(crate::error::INVALID_ARGUMENT, format!("{at}: {msg}")).at(at)
        };
        let text = |o: &Json, k: &str| {
            o.get(k)
                .and_then(Json::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
        };
        let sid = v.get("sid").and_then(Json::as_str).unwrap_or("");
        let sid = template::normalize_sid(sid).map_err(|e| bad("sid", e.message()))?;
        let defs = v
            .get("definitions")
            .and_then(Json::as_object)
            .unwrap_or(&[]);
        let Some((content_type, types)) = received(defs) else {
            return Err(bad("definitions", "expected an object of content types"));
        };
        let ap = v.get("approval").unwrap_or(&Json::Null);
        let mut samples = Vec::new();
        for (k, x) in v.get("samples").and_then(Json::as_object).unwrap_or(&[]) {
            if let Json::String(x) = x {
                samples.retain(|(y, _): &(String, String)| y != k);
                insert_ordered(&mut samples, (k.clone(), x.clone()), |p| &p.0);
            }
        }
        let friendly_name = text(v, "friendlyName").unwrap_or_default();
        Ok(ContentTemplate {
            sid,
            name: text(v, "name").unwrap_or_else(|| friendly_name.clone()),
            friendly_name,
            language: text(v, "language").unwrap_or_default(),
            content_type,
            types,
            approval: Approval {
                status: text(ap, "status")
                    .map(|s| s.trim().to_ascii_lowercase())
                    .unwrap_or_else(|| "unsubmitted".into()),
                category: text(ap, "category"),
                rejection_reason: text(ap, "rejectionReason"),
                name: text(ap, "name"),
                content_type: text(ap, "contentType"),
            },
            samples,
            variables: keys_of(defs),
            definitions: Json::Object(defs.to_vec()),
            date_updated: text(v, "dateUpdated"),
        })
    }
}
