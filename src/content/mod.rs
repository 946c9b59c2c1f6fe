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
use std::borrow::Cow;

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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    /// Lowercase status: one of [`STATUSES`], or an unknown one kept as it came (lowercased).
    /// `unsubmitted` when the item has no approval object (or an empty one, or `/v1/Content`).
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "ApprovalStatus")
    )]
    pub status: String,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`, or an unknown (legacy) category kept as it came;
    /// `None` (null) when empty or absent.
    pub category: Option<String>,
    /// WhatsApp's reason for a rejection; `None` (null) when empty or absent.
    pub rejection_reason: Option<String>,
    /// The approval name (`approval_requests.name`), `None` (null) when empty.
    pub name: Option<String>,
    /// The type submitted for approval (`approval_requests.content_type`), `None` (null) when
    /// empty.
    pub content_type: Option<String>,
}

impl Approval {
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct ContentTemplate {
    /// Content SID, `HX` + 32 hex (lowercased).
    pub sid: String,
    /// The approval name, else the friendly name.
    pub name: String,
    /// Twilio's `friendly_name` (empty when absent).
    pub friendly_name: String,
    /// Meta's template language code (`en`, `pt_BR`), as Twilio has it (empty when absent).
    pub language: String,
    /// The type WhatsApp will receive: the most complex known type present (Twilio's order), or
    /// the first unknown type when there is one (such a template is refused everywhere).
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "ContentTypeName | (string & {})")
    )]
    pub content_type: String,
    /// Every type present: known ones in complexity order, then unknown ones.
    pub types: Vec<String>,
    /// WhatsApp's approval.
    pub approval: Approval,
    /// Twilio's `variables`: the sample of each key, which Twilio sends when a value is omitted.
    #[serde(serialize_with = "pairs")]
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "{ [key: string]: string }")
    )]
    pub samples: Vec<(String, String)>,
    /// Every placeholder key used in any type (`"1"`, `"2"`, … numerically, then named ones).
    pub variables: Vec<String>,
    /// Each type's object exactly as Twilio returned it (unknown keys and `null`s included).
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "ContentDefinitions")
    )]
    pub definitions: Json<'static>,
    /// `date_updated` (ISO 8601 UTC), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_updated: Option<String>,
}

/// A configured template (a Content API item or a parsed template, see
/// [`ContentTemplate::from_config`]), for native users of [`crate::config::Config`].
impl<'de> serde::Deserialize<'de> for ContentTemplate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        let v = <Json<'static> as serde::Deserialize>::deserialize(d)?;
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
    pub fn definition(&self) -> Option<&Json<'static>> {
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
pub struct ContentImport {
    /// The templates that could be read.
    pub templates: Vec<ContentTemplate>,
    /// Every problem, with its path (`contents[3].types`).
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
    let mut i = 0;
    while let Some(p) = next_placeholder(s, i) {
        i = p.end;
        out.push(p);
    }
    out
}

/// The first well-formed placeholder of `s` at or after byte `i` (see [`placeholders`]).
fn next_placeholder(s: &str, mut i: usize) -> Option<Placeholder<'_>> {
    let b = s.as_bytes();
    while let Some(mut start) = find_pair(b, i, b'{') {
        while matches!(b.get(start + 2), Some(b'{')) {
            start += 1;
        }
        let from = start + 2;
        let len = find_pair(b, from, b'}')? - from;
        let key = s.get(from..from + len).unwrap_or("");
        if is_key(key) {
            return Some(Placeholder {
                start,
                end: from + len + 2,
                key,
            });
        }
        i = from;
    }
    None
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
pub(crate) fn each_string<'a>(
    v: &'a Json<'_>,
    path: &mut String,
    f: &mut dyn FnMut(&str, &'a str),
) {
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
    let v = parse_text(json)?;
    parse_content_value(&v)
}

/// [`parse_content_api`] of an already parsed JSON value.
pub fn parse_content_value(v: &Json<'_>) -> Result<ContentImport> {
    let mut out = ContentImport {
        templates: Vec::new(),
        problems: Vec::new(),
    };
    let items = import_items(v)?;
    out.templates.reserve(items.len());
    for (path, item) in items {
        if let Some(t) = read_item(item, &path, &mut out.problems) {
            out.templates.push(t.to_template());
        }
    }
    Ok(out)
}

/// [`parse_content_api`] written straight as JSON, as the bindings return it: appends the
/// templates' array (each as [`ContentTemplate::write_json`] writes it) to `out` and returns
/// the problems. Strings are written in ASCII (non-ASCII characters as `\uXXXX`: the same
/// values after `JSON.parse`, decoded fastest by JS). No [`ContentTemplate`] is built: each
/// template is read in place from the parsed text and written out (what keeps a 6 MB import
/// near its time budget, see README "Content API").
pub fn write_content_api(json: &str, out: &mut String) -> Result<Vec<crate::Problem>> {
    let v = parse_text(json)?;
    let items = import_items(&v)?;
    let mut problems = Vec::new();
    out.push('[');
    let mut first = true;
    for (path, item) in items {
        if let Some(t) = read_item(item, &path, &mut problems) {
            if !first {
                out.push(',');
            }
            first = false;
            t.write_json(out);
        }
    }
    out.push(']');
    Ok(problems)
}

/// The JSON tree of an import's text, its size checked first.
fn parse_text(json: &str) -> Result<Json<'_>> {
    if json.len() > MAX_IMPORT_BYTES {
        return Err(
            Error::too_large("the Content API JSON", MAX_IMPORT_BYTES, "bytes").at("input"),
        );
    }
    Json::parse(json).map_err(|e| {
        invalid(
            "input",
            format!("not JSON: {} at byte {}", e.message, e.offset),
        )
    })
}

/// Every item of an import with its path, its count checked before any item is read.
fn import_items<'t>(v: &'t Json<'t>) -> Result<Vec<(String, &'t Json<'t>)>> {
    let mut items: Vec<(String, &'t Json<'t>)> = Vec::new();
    match v {
        Json::Object(_) => collect_object(v, "", &mut items)?,
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
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
    Ok(items)
}

fn collect_object<'t>(
    v: &'t Json<'t>,
    prefix: &str,
    items: &mut Vec<(String, &'t Json<'t>)>,
) -> Result<()> {
    let Some(contents) = v.get("contents") else {
        if v.get("sid").is_some() || v.get("types").is_some() {
            items.push((prefix.to_string(), v));
            return Ok(());
        }
        return Err(invalid(
            if prefix.is_empty() { "input" } else { prefix },
            "neither a ContentAndApprovals page (contents) nor a Content item (sid, types)",
        ));
    };
    let dot = if prefix.is_empty() { "" } else { "." };
    match contents {
        Json::Array(a) => {
            if a.len() > MAX_IMPORT_TEMPLATES {
                return Err(
                    Error::too_large("the import", MAX_IMPORT_TEMPLATES, "templates").at("input"),
                );
            }
            items.reserve(a.len());
            let mut base = String::with_capacity(prefix.len() + 9);
            base.push_str(prefix);
            base.push_str(dot);
            base.push_str("contents[");
            for (i, x) in a.iter().enumerate() {
                let mut p = String::with_capacity(base.len() + 6);
                p.push_str(&base);
                push_index(&mut p, i);
                items.push((p, x));
            }
            Ok(())
        }
        _ => Err(invalid(
            &format!("{prefix}{dot}contents"),
            "a page's contents must be an array of Content items",
        )),
    }
}

/// Appends `i` in decimal and `]` (no formatting machinery: one path per item).
fn push_index(p: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or(&[]) {
        p.push(char::from(d));
    }
    p.push(']');
}

/// Whether `s` is a Content SID in its normal form: `HX` + 32 lowercase hex digits.
fn is_normal_sid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 34
        && b.starts_with(b"HX")
        && b.iter()
            .skip(2)
            .all(|&c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// A problem at `rel` under the item at `base`.
pub(crate) fn problem(code: &'static str, msg: impl Into<String>, base: &str, rel: &str) -> Error {
    Error::new(code, msg).at(join_path(base, Some(rel)))
}

/// A string field: `None` when absent or `null`; a problem when another type.
fn opt_str<'t>(
    o: &'t Json<'_>,
    key: &str,
    base: &str,
    problems: &mut Vec<Error>,
) -> Option<&'t str> {
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

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// The problems of one type's definition at `tpath`: validation per type, or an unknown type.
fn check_definition(name: &str, def: &Json<'_>, tpath: &str, problems: &mut Vec<Error>) {
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

/// A template as read from an item, borrowing the parsed JSON: what [`ContentTemplate`] holds,
/// without a copy of any string. [`parse_content_api`] makes a [`ContentTemplate`] of it;
/// [`write_content_api`] writes it out directly; [`ContentTemplate::write_json`] writes through
/// it (one writer).
struct Item<'t> {
    sid: Cow<'t, str>,
    name: &'t str,
    friendly_name: &'t str,
    language: &'t str,
    content_type: &'t str,
    types: Vec<&'t str>,
    status: Cow<'t, str>,
    category: Option<&'t str>,
    rejection_reason: Option<&'t str>,
    approval_name: Option<&'t str>,
    approval_type: Option<&'t str>,
    samples: Vec<(&'t str, &'t str)>,
    variables: Vec<&'t str>,
    definitions: Vec<(&'t str, &'t Json<'t>)>,
    date_updated: Option<&'t str>,
}

/// Reads one item at `path`; `None` (with a `CONTENT_ITEM_INVALID` problem) when it cannot be
/// used at all.
fn read_item<'t>(item: &'t Json<'t>, path: &str, problems: &mut Vec<Error>) -> Option<Item<'t>> {
    let Json::Object(_) = item else {
        problems.push(
            Error::new(CONTENT_ITEM_INVALID, "a Content item must be an object")
                .at(if path.is_empty() { "input" } else { path }),
        );
        return None;
    };
    let o = item;
    let sid = match o.get("sid") {
        // Borrowed when already in its normal form (HX + 32 lowercase hex), as Twilio writes it.
        Some(Json::String(s)) if is_normal_sid(s) => Cow::Borrowed(&**s),
        Some(Json::String(s)) => match template::normalize_sid(s) {
            Ok(n) => Cow::Owned(n),
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
    let Some(Json::Object(types)) = o.get("types") else {
        problems.push(problem(
            CONTENT_ITEM_INVALID,
            "the item has no types object (e.g. {\"twilio/text\": {\"body\": \"…\"}})",
            path,
            "types",
        ));
        return None;
    };
    let mut definitions: Vec<(&'t str, &'t Json<'t>)> = Vec::with_capacity(types.len());
    for (name, def) in types {
        if !def.is_object() {
            problems.push(
                Error::new(
                    CONTENT_FIELD_INVALID,
                    "a content type's definition must be an object",
                )
                .at(join_path(path, Some(&type_path(name)))),
            );
            continue;
        }
        // Checked with paths relative to the definition, put under its path only when there is
        // a problem (two strings per definition were built for nothing on a clean import).
        let before = problems.len();
        check_definition(name, def, "", problems);
        if problems.len() > before {
            let tpath = join_path(path, Some(&type_path(name)));
            for e in problems.iter_mut().skip(before) {
                let rel = core::mem::replace(e, Error::new(CONTENT_FIELD_INVALID, ""));
                *e = rel.under(&tpath);
            }
        }
        match definitions.iter_mut().find(|(n, _)| *n == &**name) {
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

    let friendly_name = opt_str(o, "friendly_name", path, problems).unwrap_or("");
    let language = opt_str(o, "language", path, problems).unwrap_or("");
    check_language(language, path, problems);
    let approval = read_approval(o.get("approval_requests"), path, problems);
    let (status, category, rejection_reason, approval_name, approval_type) =
        approval.unwrap_or((Cow::Borrowed("unsubmitted"), None, None, None, None));

    let mut samples: Vec<(&'t str, &'t str)> = Vec::new();
    match o.get("variables") {
        None | Some(Json::Null) => {}
        Some(Json::Object(vars)) => {
            for (k, v) in vars {
                match v {
                    Json::String(s) => {
                        samples.retain(|(x, _)| *x != &**k);
                        insert_ordered(&mut samples, (&**k, &**s), |p| p.0);
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
    let date_updated = opt_str(o, "date_updated", path, problems);
    Some(Item {
        sid,
        name: approval_name.unwrap_or(friendly_name),
        friendly_name,
        language,
        content_type,
        types: type_names,
        status,
        category,
        rejection_reason,
        approval_name,
        approval_type,
        samples,
        variables,
        definitions,
        date_updated,
    })
}

/// An approval as read: status, category, rejection reason, name, content type.
type ApprovalFields<'t> = (
    Cow<'t, str>,
    Option<&'t str>,
    Option<&'t str>,
    Option<&'t str>,
    Option<&'t str>,
);

/// The approval, flat (`ContentAndApprovals`) or nested under `whatsapp`
/// (`/v1/Content/{Sid}/ApprovalRequests`); absent, `null` or `{}` = unsubmitted (`None`).
fn read_approval<'t>(
    v: Option<&'t Json<'t>>,
    path: &str,
    problems: &mut Vec<Error>,
) -> Option<ApprovalFields<'t>> {
    // Problems are found at paths relative to the item and put under its path only when there is
    // one (a path string per item was built for nothing on a clean import).
    let (o, base) = match v {
        None | Some(Json::Null) => return None,
        Some(o @ Json::Object(_)) => match o.get("whatsapp") {
            Some(w @ Json::Object(_)) => (w, "approval_requests.whatsapp"),
            _ => (o, "approval_requests"),
        },
        Some(_) => {
            problems.push(problem(
                CONTENT_FIELD_INVALID,
                "approval_requests must be an object: read as unsubmitted",
                path,
                "approval_requests",
            ));
            return None;
        }
    };
    let before = problems.len();
    let status = match opt_str(o, "status", base, problems).map(str::trim) {
        None | Some("") => Cow::Borrowed("unsubmitted"),
        Some(s) if !s.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(s),
        Some(s) => Cow::Owned(s.to_ascii_lowercase()),
    };
    let category = non_empty(opt_str(o, "category", base, problems));
    check_approval(&status, category, base, problems);
    let fields = (
        status,
        category,
        non_empty(opt_str(o, "rejection_reason", base, problems)),
        non_empty(opt_str(o, "name", base, problems)),
        non_empty(opt_str(o, "content_type", base, problems)),
    );
    for e in problems.iter_mut().skip(before) {
        let rel = core::mem::replace(e, Error::new(CONTENT_FIELD_INVALID, ""));
        *e = rel.under(path);
    }
    Some(fields)
}

/// The type WhatsApp receives and every type present (known ones in Twilio's complexity order,
/// then unknown ones), from the members of a `types` / `definitions` object; `None` when it has
/// no type.
fn received<'t>(defs: &[(&'t str, &'t Json<'t>)]) -> Option<(&'t str, Vec<&'t str>)> {
    let mut types: Vec<&'t str> = Vec::with_capacity(defs.len());
    // One type (most items): it is the one received, known or not.
    if let [(d, _)] = defs {
        types.push(d);
        return Some((d, types));
    }
    for &(n, _) in TYPE_NAMES.iter() {
        if defs.iter().any(|&(d, _)| d == n) {
            types.push(n);
        }
    }
    let known = types.len();
    for &(d, _) in defs {
        if ContentType::parse(d).is_none() {
            types.push(d);
        }
    }
    // The first unknown type, else the most complex known one.
    let ct = *types.get(known).or(types.last())?;
    Some((ct, types))
}

/// Every placeholder key used in the definitions, in [`key_order`].
fn keys_of<'t>(defs: &[(&'t str, &'t Json<'t>)]) -> Vec<&'t str> {
    // (No paths here: building one per string was a tenth of an import's reading time.)
    fn walk<'t>(v: &'t Json<'t>, out: &mut Vec<&'t str>) {
        match v {
            Json::String(s) => {
                // (No vector of the placeholders: an allocation per string with one.)
                let mut i = 0;
                while let Some(p) = next_placeholder(s, i) {
                    i = p.end;
                    if !out.contains(&p.key) {
                        insert_ordered(out, p.key, |k: &&str| *k);
                    }
                }
            }
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Json::Object(o) => o.iter().for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    let mut variables: Vec<&'t str> = Vec::new();
    for &(_, def) in defs {
        walk(def, &mut variables);
    }
    variables
}

fn write_opt(out: &mut String, k: &str, v: Option<&str>) {
    out.push_str(k);
    match v {
        Some(v) => json::write_ascii(out, v),
        None => out.push_str("null"),
    }
}

/// Owned copies of `v`'s strings.
fn owned(v: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(v.len());
    for s in v {
        out.push(s.to_string());
    }
    out
}

/// The members of a `definitions` / `types` object (none when it is not one).
fn def_refs<'t>(d: Option<&'t Json<'t>>) -> Vec<(&'t str, &'t Json<'t>)> {
    let m = d.and_then(Json::as_object).unwrap_or(&[]);
    let mut out = Vec::with_capacity(m.len());
    for (n, x) in m {
        out.push((&**n, x));
    }
    out
}

/// `v`'s strings, borrowed.
fn strs(v: &[String]) -> Vec<&str> {
    let mut out = Vec::with_capacity(v.len());
    for s in v {
        out.push(s.as_str());
    }
    out
}

impl Item<'_> {
    /// The owned template.
    fn to_template(&self) -> ContentTemplate {
        let own = |s: &str| s.to_string();
        let opt = |s: Option<&str>| s.map(own);
        // (Loops, not `map` + `collect`: each of those is its own code in the wasm.)
        let mut samples = Vec::with_capacity(self.samples.len());
        for &(k, v) in &self.samples {
            samples.push((own(k), own(v)));
        }
        let mut definitions = Vec::with_capacity(self.definitions.len());
        for &(n, d) in &self.definitions {
            definitions.push((Cow::Owned(own(n)), d.to_owned_json()));
        }
        ContentTemplate {
            sid: own(&self.sid),
            name: own(self.name),
            friendly_name: own(self.friendly_name),
            language: own(self.language),
            content_type: own(self.content_type),
            types: owned(&self.types),
            approval: Approval {
                status: own(&self.status),
                category: opt(self.category),
                rejection_reason: opt(self.rejection_reason),
                name: opt(self.approval_name),
                content_type: opt(self.approval_type),
            },
            samples,
            variables: owned(&self.variables),
            definitions: Json::Object(definitions),
            date_updated: opt(self.date_updated),
        }
    }

    /// Appends the template's JSON (see [`ContentTemplate::write_json`]), every string in ASCII
    /// ([`json::write_ascii`]).
    fn write_json(&self, out: &mut String) {
        let w = json::write_ascii;
        out.push_str("{\"sid\":");
        w(out, &self.sid);
        for (k, v) in [
            (",\"name\":", self.name),
            (",\"friendlyName\":", self.friendly_name),
            (",\"language\":", self.language),
            (",\"contentType\":", self.content_type),
        ] {
            out.push_str(k);
            w(out, v);
        }
        out.push_str(",\"types\":[");
        for (i, t) in self.types.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            w(out, t);
        }
        out.push_str("],\"approval\":{\"status\":");
        w(out, &self.status);
        write_opt(out, ",\"category\":", self.category);
        write_opt(out, ",\"rejectionReason\":", self.rejection_reason);
        write_opt(out, ",\"name\":", self.approval_name);
        write_opt(out, ",\"contentType\":", self.approval_type);
        out.push_str("},\"samples\":{");
        for (i, (k, v)) in self.samples.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            w(out, k);
            out.push(':');
            w(out, v);
        }
        out.push_str("},\"variables\":[");
        for (i, k) in self.variables.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            w(out, k);
        }
        out.push_str("],\"definitions\":{");
        for (i, (n, d)) in self.definitions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            w(out, n);
            out.push(':');
            d.write(out);
        }
        out.push('}');
        if let Some(d) = self.date_updated {
            out.push_str(",\"dateUpdated\":");
            w(out, d);
        }
        out.push('}');
    }
}

impl ContentTemplate {
    /// A borrowed view of the template (for the one writer).
    fn item(&self) -> Item<'_> {
        let a = &self.approval;
        Item {
            sid: Cow::Borrowed(&self.sid),
            name: &self.name,
            friendly_name: &self.friendly_name,
            language: &self.language,
            content_type: &self.content_type,
            types: strs(&self.types),
            status: Cow::Borrowed(&a.status),
            category: a.category.as_deref(),
            rejection_reason: a.rejection_reason.as_deref(),
            approval_name: a.name.as_deref(),
            approval_type: a.content_type.as_deref(),
            samples: self
                .samples
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
            variables: strs(&self.variables),
            definitions: def_refs(Some(&self.definitions)),
            date_updated: self.date_updated.as_deref(),
        }
    }

    /// Appends the template's JSON (camelCase keys, `definitions` exactly as Twilio sent them),
    /// as the bindings return it, in ASCII (non-ASCII characters as `\\uXXXX`: the same values
    /// after `JSON.parse`, decoded faster by JS). `definitions` that is not an object (never the
    /// case for a template this crate read) is written as `{}`.
    pub fn write_json(&self, out: &mut String) {
        self.item().write_json(out);
    }

    /// Reads a configured Content template (a workstream's `contentTemplates[j]`, at `path`): a
    /// Content API item as Twilio returns it (`types`, `approval_requests`), or a template as
    /// [`ContentTemplate::write_json`] writes it (`definitions`). Only an unreadable one is an
    /// error (`CONTENT_ITEM_INVALID` / `INVALID_ARGUMENT` at its path); the other problems are
    /// [`ContentTemplate::problems`], which the configuration's validation reports.
    pub fn from_config(v: Json<'_>, path: &str) -> Result<ContentTemplate> {
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
        match read_item(&v, path, &mut problems) {
            Some(t) => Ok(t.to_template()),
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
    pub fn from_json(v: &Json<'_>, path: &str) -> Result<ContentTemplate> {
        fn text<'v>(o: &'v Json<'_>, k: &str) -> Option<&'v str> {
            o.get(k)
                .and_then(Json::as_str)
                .filter(|s| !s.trim().is_empty())
        }
        let bad = |k: &str, msg: &str| {
            let at = join_path(path, Some(k));
            Error::new(crate::error::INVALID_ARGUMENT, format!("{at}: {msg}")).at(at)
        };
        let sid = v.get("sid").and_then(Json::as_str).unwrap_or("");
        let sid = template::normalize_sid(sid).map_err(|e| bad("sid", e.message()))?;
        let definitions = def_refs(v.get("definitions"));
        let Some((content_type, types)) = received(&definitions) else {
            return Err(bad("definitions", "expected an object of content types"));
        };
        let ap = v.get("approval").unwrap_or(&Json::Null);
        let mut samples: Vec<(&str, &str)> = Vec::new();
        for (k, x) in v.get("samples").and_then(Json::as_object).unwrap_or(&[]) {
            if let Json::String(x) = x {
                samples.retain(|(y, _)| *y != &**k);
                insert_ordered(&mut samples, (&**k, &**x), |p| p.0);
            }
        }
        let friendly_name = text(v, "friendlyName").unwrap_or("");
        let item = Item {
            sid: Cow::Owned(sid),
            name: text(v, "name").unwrap_or(friendly_name),
            friendly_name,
            language: text(v, "language").unwrap_or(""),
            content_type,
            types,
            status: text(ap, "status").map_or(Cow::Borrowed("unsubmitted"), |s| {
                Cow::Owned(s.trim().to_ascii_lowercase())
            }),
            category: text(ap, "category"),
            rejection_reason: text(ap, "rejectionReason"),
            approval_name: text(ap, "name"),
            approval_type: text(ap, "contentType"),
            samples,
            variables: keys_of(&definitions),
            definitions,
            date_updated: text(v, "dateUpdated"),
        };
        Ok(item.to_template())
    }
}
