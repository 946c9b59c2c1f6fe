//! JS bindings of [`crate::content`]: `parseContentApi`, `templateEligibility`, and the Content
//! side of `renderTemplate` (called from `super::template`). No rule lives here.
//!
//! A ContentAndApprovals import crosses the boundary as **one JSON text** (a string argument as
//! it is, an object or array through one `JSON.stringify`) parsed by the core's own JSON parser:
//! measured on 10 pages × 500 templates (≈ 5 MB), this is what keeps `parseContentApi` far
//! under its 100 ms budget (see README "Content API"); the per-field readers of `read.rs` would
//! cross the boundary once per property (hundreds of thousands of calls).

use super::sys::{eligibility_input, stringify_bounded};
use super::{js_error, parse_json, read_string, threw, to_json};
use crate::content::json::Reader;
use crate::content::{self, ActionSummary, ContentTemplate, Json};
use crate::error::{Error, INVALID_ARGUMENT};
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

// Generated (tsify, crate::content): Approval, ContentTemplate, ContentImport, Reason,
// Eligibility. Hand-written: their public names, the content type and status unions, and
// Twilio's Content API objects, which the core keeps as raw JSON (`Json`), not as types.
#[wasm_bindgen(typescript_custom_section)]
const TS_CONTENT: &str = r#"
/** Twilio's content types on WhatsApp, in Twilio's complexity order (WhatsApp receives the last one a template carries). */
export type ContentTypeName = "twilio/text" | "twilio/media" | "twilio/location" | "twilio/quick-reply"
  | "twilio/call-to-action" | "twilio/list-picker" | "twilio/card" | "twilio/carousel" | "twilio/catalog"
  | "twilio/pay" | "twilio/flows" | "whatsapp/card" | "whatsapp/authentication";

/** Approval statuses (lowercase); an unknown one is kept as it came. */
export type ApprovalStatus = "unsubmitted" | "received" | "pending" | "approved" | "rejected" | "paused" | "disabled" | (string & {});

/** A button of call-to-action, card, whatsapp/card and carousel cards. */
export type ContentAction =
  | { type: "URL"; title: string; url: string }
  | { type: "PHONE_NUMBER"; title: string; phone: string }
  | { type: "COPY_CODE"; title?: string; code?: string }
  | { type: "QUICK_REPLY"; title: string; id?: string }
  | { type: "VOICE_CALL"; title: string };

/** The object of each content type, as Twilio returns it (unknown keys kept). */
export interface TwilioText { body: string }
export interface TwilioMedia { body?: string; media: string[] }
export interface TwilioLocation { latitude: number; longitude: number; label?: string; address?: string }
export interface TwilioQuickReply { body: string; actions: { title: string; id?: string }[] }
export interface TwilioCallToAction { body: string; actions: ContentAction[] }
export interface TwilioListPicker { body: string; button: string; items: { item: string; id: string; description?: string }[] }
export interface TwilioCard { title: string; subtitle?: string; media?: string[]; actions?: ContentAction[] }
export interface TwilioCarousel { body: string; cards: { title?: string; body?: string; media?: string; actions: ContentAction[] }[] }
export interface TwilioCatalog { body: string; title?: string; subtitle?: string; id?: string; items?: unknown[]; dynamic_items?: string }
export interface TwilioFlows { body: string; subtitle?: string; media_url?: string; type?: string; button_text?: string; pages?: unknown[] }
export interface WhatsAppCard { body: string; footer?: string; header_text?: string; media?: string[]; actions?: ContentAction[] }
export interface WhatsAppAuthentication { body?: string; add_security_recommendation?: boolean; code_expiration_minutes?: number; actions: { type: "COPY_CODE"; copy_code_text?: string }[] }
export interface ContentDefinitions {
  "twilio/text"?: TwilioText; "twilio/media"?: TwilioMedia; "twilio/location"?: TwilioLocation;
  "twilio/quick-reply"?: TwilioQuickReply; "twilio/call-to-action"?: TwilioCallToAction;
  "twilio/list-picker"?: TwilioListPicker; "twilio/card"?: TwilioCard; "twilio/carousel"?: TwilioCarousel;
  "twilio/catalog"?: TwilioCatalog; "twilio/pay"?: Record<string, unknown>; "twilio/flows"?: TwilioFlows;
  "whatsapp/card"?: WhatsAppCard; "whatsapp/authentication"?: WhatsAppAuthentication;
  [unknownType: string]: unknown;
}

/** An approval object of the Content API (snake_case, as Twilio returns it; every field may be null). */
export interface ContentApiApproval {
  name?: string | null; category?: string | null; content_type?: string | null; status?: string | null;
  rejection_reason?: string | null; allow_category_change?: boolean | null; [key: string]: unknown;
}

/** One item of `GET /v1/ContentAndApprovals` (or `GET /v1/Content`), exactly as Twilio returns it. */
export interface ContentApiItem {
  sid: string;
  account_sid?: string | null; friendly_name?: string | null; language?: string | null;
  variables?: { [key: string]: string } | null;
  types: ContentDefinitions;
  date_created?: string | null; date_updated?: string | null;
  /** Flat (ContentAndApprovals) or nested under `whatsapp` (`/v1/Content/{Sid}/ApprovalRequests`). */
  approval_requests?: ContentApiApproval | { whatsapp: ContentApiApproval } | null;
  [key: string]: unknown;
}

/** A rendered Content template: send exactly `ContentSid` + `ContentVariables`. */
export interface RenderedContent extends RenderedTemplate {
  /** The received type's object with every value substituted (buttons, media, header, list items …). */
  fields: Record<string, unknown>;
  contentType: string;
}

/** WhatsApp's approval of a Content template (flat or nested in Twilio's answer: read the same). */
export type ContentApproval = Approval;
/** One reason a template may not be sent now. */
export type EligibilityReason = Reason;
/** Result of `templateEligibility`. */
export type TemplateEligibility = Eligibility;
"#;

/// Most values `stringifyBounded` (src/js/sys/content.js) visits.
const MAX_VALUES: u32 = 4 * 1024 * 1024;

/// The JSON text of an import argument: a string as it is, anything else through
/// `stringifyBounded` (which throws on cycles, BigInts and past its budget: `CONTENT_API_INVALID`).
fn json_text(v: &JsValue) -> Result<String, JsValue> {
    let invalid = |msg: &str| js_error(&Error::new(content::CONTENT_API_INVALID, msg).at("input"));
    if v.is_string() {
        return read_string(v, "input", content::MAX_IMPORT_BYTES).map_err(|e| js_error(&e));
    }
    let s = stringify_bounded(v, MAX_VALUES).map_err(|_| {
        invalid("the input cannot be read as JSON (a cycle, a BigInt, a getter that threw, or more than 4,194,304 values)")
    })?;
    if !s.is_string() {
        return Err(invalid(
            "expected a ContentAndApprovals page, an array of pages or items, or one item",
        ));
    }
    read_string(&s, "input", content::MAX_IMPORT_BYTES).map_err(|e| js_error(&e))
}

/// Reads Twilio Content API JSON: a `GET /v1/ContentAndApprovals` page, an array of pages, an
/// array of items or one item (as objects, or as JSON text). Returns `{ templates, problems }`.
/// Throws `CONTENT_API_INVALID` (not a page), `INPUT_TOO_LARGE` (16 MiB, 50,000 templates).
#[wasm_bindgen(js_name = parseContentApi, unchecked_return_type = "ContentImport")]
pub fn parse_content_api(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let text = json_text(&input)?;
    // The result is about as long as the input (the definitions and samples come back whole).
    let mut out = String::with_capacity(text.len() + text.len() / 4 + 1024);
    out.push_str("{\"templates\":");
    let problems = content::write_content_api(&text, &mut out).map_err(|e| js_error(&e))?;
    drop(text);
    out.push_str(",\"problems\":");
    out.push_str(&to_json(&problems)?);
    out.push('}');
    parse_json(&out)
}

fn bad_arg(path: &str, msg: &str) -> JsValue {
    js_error(&Error::new(INVALID_ARGUMENT, format!("{path}: {msg}")).at(path.to_string()))
}

/// Whether a template argument is a Content template (has `definitions`).
pub(crate) fn is_content(v: &JsValue) -> bool {
    v.is_object() && super::prop(v, "definitions").is_some_and(|d| d.is_object())
}

/// A whole Content template, through one `JSON.stringify` and serde.
pub(crate) fn template_arg(v: &JsValue, path: &str) -> crate::Result<ContentTemplate> {
    let s = stringify_bounded(v, MAX_VALUES).map_err(|_| super::threw_error(path))?;
    let s = read_string(&s, path, content::MAX_IMPORT_BYTES)?;
    let v = Json::parse(&s).map_err(|_| super::threw_error(path))?;
    ContentTemplate::from_json(&v, path)
}

/// A workstream's configured Content template (`contentTemplates[j]`): a Content API item
/// (`types`) or a template as `parseContentApi` returned it (`definitions`); errors at `path`.
pub(crate) fn configured_template(v: &JsValue, path: &str) -> crate::Result<ContentTemplate> {
    let unreadable = || {
        Error::new(
            content::CONTENT_ITEM_INVALID,
            "the Content template cannot be read as JSON",
        )
        .at(path)
    };
    let s = stringify_bounded(v, MAX_VALUES).map_err(|_| unreadable())?;
    let s = read_string(&s, path, content::MAX_IMPORT_BYTES)?;
    let v = Json::parse(&s).map_err(|_| unreadable())?;
    ContentTemplate::from_config(v, path)
}

/// Where a Content template may be sent now (Twilio's approval chart): `{ allowed, reasons }`.
/// `options.windowOpen` (boolean) says whether the customer's 24-hour window is open. Throws
/// `INVALID_ARGUMENT` for a template that is not an object or a missing `windowOpen`.
#[wasm_bindgen(js_name = templateEligibility, unchecked_return_type = "TemplateEligibility")]
pub fn template_eligibility(
    #[wasm_bindgen(unchecked_param_type = "ContentTemplate")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ windowOpen: boolean }")] options: JsValue,
) -> Result<JsValue, JsValue> {
    // One crossing: the type, the status, the buttons and `windowOpen` as JSON text (a getter
    // that threw, or more than 1,000 buttons: the template cannot be read). `JSON.stringify`
    // escapes lone surrogates, so the text is well-formed; its strings are read in place.
    let text = eligibility_input(&template, &options)
        .map_err(|_| threw("template"))?
        .ok_or_else(|| bad_arg("template", "expected a Content template object"))?;
    if text.len() > content::MAX_IMPORT_BYTES {
        let e = Error::too_large("template", content::MAX_IMPORT_BYTES, "bytes").at("template");
        return Err(js_error(&e));
    }
    let (ct, status, summary, open) = eligibility_fields(&text).ok_or_else(|| threw("template"))?;
    let open = open.ok_or_else(|| bad_arg("options.windowOpen", "is required (a boolean)"))?;
    // (256 bytes: longer than any content type or status.)
    let field = |x: &Field<'_>, path: &str| match x {
        Some(x) if x.len() <= 256 => Ok(()),
        _ => Err(bad_arg(path, "must be a string of at most 256 bytes")),
    };
    field(&ct, "template.contentType")?;
    field(&status, "template.approval.status")?;
    let (ct, status) = (ct.unwrap_or_default(), status.unwrap_or_default());
    let e = content::eligibility_of(&lower(&ct), &lower(status.trim()), &summary, open);
    parse_json(&e.to_json_string())
}

/// `s` in ASCII lowercase, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// A content type or status as `eligibilityInput` wrote it (a string; anything else: `None`).
type Field<'a> = Option<Cow<'a, str>>;

/// Reads `eligibilityInput`'s text: the type, the status, the buttons' summary, `windowOpen`.
fn eligibility_fields(text: &str) -> Option<(Field<'_>, Field<'_>, ActionSummary, Option<bool>)> {
    let mut r = Reader::new(text);
    r.expect(b'[')?;
    let ct = r.str_or_other()?;
    r.expect(b',')?;
    let status = r.str_or_other()?;
    r.expect(b',')?;
    r.expect(b'[')?;
    let mut buttons = Vec::new();
    if !r.eat(b']') {
        loop {
            r.expect(b'[')?;
            let kind = r.str_or_other()?;
            r.expect(b',')?;
            let title = r.str_or_other()?;
            r.expect(b']')?;
            buttons.push((kind, title));
            if r.eat(b']') {
                break;
            }
            r.expect(b',')?;
        }
    }
    r.expect(b',')?;
    let open = r.bool_or_other()?;
    r.expect(b']')?;
    r.at_end().then_some(())?;
    let mut summary = ActionSummary::default();
    let mut kinds = Vec::new();
    for (kind, title) in &buttons {
        summary.add(&mut kinds, kind.as_deref().unwrap_or(""), title.as_deref());
    }
    Some((ct, status, summary, open))
}

/// `renderTemplate` of a Content template (`values` keyed, positional ones as `"1"`, `"2"`, …).
pub(crate) fn render(t: &ContentTemplate, values: &[(String, String)]) -> Result<JsValue, JsValue> {
    let r = content::render(t, values).map_err(|e| js_error(&e))?;
    parse_json(&r.to_json_string())
}
