//! JS bindings of [`crate::template`]: `validateTemplate`, `renderTemplate`, `normalizeLocale`,
//! `isWhatsAppLanguage` and the `TemplateRegistry` class. No rule lives here.

use super::out::{self, str_array, JsonObject};
use super::read::{invalid, keyed, read, FromJs};
use super::{js_error, opt_string_arg, string_arg, threw, throw, to_js, to_json};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::message::Variables;
use crate::template::{self, Registry, Template, MAX_REGISTRY_TEMPLATES};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Generated (tsify, crate::template): Category, Template, Rendered, SelectedBy. Hand-written: the
// public names of Category and Rendered, and the results whose shape no core type has (validation
// with `variableCount`, matches, selections).

/// `validateTemplate`'s result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TemplateValidation<'a> {
    valid: bool,
    problems: &'a [crate::Problem],
    variable_count: Option<usize>,
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TEMPLATES: &str = r#"
/** Meta's template categories. */
export type TemplateCategory = Category;

/** A rendered template, ready to send: `ContentSid` + `ContentVariables` (never `Body`/`MediaUrl`). */
export type RenderedTemplate = Rendered;

/** Result of `validateTemplate`: every problem, each with `code`, `path` and (in the body) `span`. */
export interface TemplateValidation {
  valid: boolean;
  problems: Problem[];
  /** Distinct placeholders of the body when the body is valid (`{{1}}` twice counts once), else null. */
  variableCount: number | null;
}

/** Values in placeholder order (`["Ana", "12:30"]`) or keyed by number (`{ "1": "Ana", "2": "12:30" }`). Strings only. */
export type TemplateVariables = string[] | { [key: string]: string };

/** One template that typed text matched, with the values extracted (leftmost-shortest split). */
export interface TemplateMatch {
  /** Content SID (hex lowercased). */
  sid: string;
  name: string;
  language: string;
  /** Values in placeholder order: `variables[0]` is `{{1}}`. */
  variables: string[];
  /** `ContentVariables` of those values. */
  contentVariables: string;
  /** Characters of literal text in the template (results are sorted by it, most first). */
  literalChars: number;
}

/** `TemplateRegistry.sendable`: the Content templates that may be sent now, and why not for the rest. */
export interface SendableTemplates {
  sendable: ContentTemplate[];
  refused: { sid: string; name: string; language: string; reasons: EligibilityReason[] }[];
}

/** A Content template typed text matched (a registry of Content templates returns these from `match`;
 * its `get` returns `ContentTemplate`, its `select` a `ContentTemplate` with `selectedBy` and `tried`:
 * cast, e.g. `reg.match(text) as unknown as ContentTemplateMatch[]`). */
export interface ContentTemplateMatch extends Omit<TemplateMatch, "contentVariables"> {
  contentType: string;
  /** Values by key. */
  values: { [key: string]: string };
  /** Keys the template uses elsewhere (a button URL, a header) that the text did not give. */
  missing: string[];
  /** Null while `missing` is not empty. */
  contentVariables: string | null;
}

/** The template `TemplateRegistry.select` picked, and how. */
export interface TemplateSelection extends Template {
  /** `locale`: exact locale (`pt_BR`); `language`: its base language (`pt`); `default`: the default language. */
  selectedBy: SelectedBy;
  /** Language codes tried, in order, up to the one found. */
  tried: string[];
}
"#;

fn bad_arg(path: &str, msg: &str) -> JsValue {
    js_error(&Error::new(INVALID_ARGUMENT, format!("{path}: {msg}")).at(path.to_string()))
}

/// Most UTF-8 bytes of any one string read from JS here (template fields, values, texts, names):
/// past it `INPUT_TOO_LARGE` before the copy. The core's own limits are smaller and coded.
const MAX_STRING_BYTES: usize = 64 * 1024;

// Results are built by hand as JSON text (`super::out`).

/// A `Template` as a plain object; `sid` given (the normalised one where known).
fn template_obj(t: &Template, sid: &str) -> JsonObject {
    let mut o = JsonObject::new();
    o.str("sid", sid);
    o.str("name", &t.name);
    o.str("language", &t.language);
    o.str("body", &t.body);
    if let Some(c) = t.category {
        o.str("category", c.as_str());
    }
    o
}

/// The `variables` argument: an array of strings, or an object keyed by placeholder number.
fn vars(v: JsValue) -> Result<Variables, JsValue> {
    read(invalid("variables"), v, "variables")
}

/// A template argument at `path` (`template`, `templates[i]`).
fn template_arg<T: FromJs>(v: &JsValue, path: &str) -> Result<T, JsValue> {
    read(invalid("template"), v.clone(), path)
}

/// Checks a template against WhatsApp's rules and returns `{ valid, problems, variableCount }`,
/// listing every problem (codes `TEMPLATE_*`, paths `body`/`sid`/`language`/`name`, body spans).
/// Throws `INVALID_ARGUMENT` only when the argument is not a template object.
#[wasm_bindgen(js_name = validateTemplate, unchecked_return_type = "TemplateValidation")]
pub fn validate_template(
    #[wasm_bindgen(unchecked_param_type = "Template")] template: JsValue,
) -> Result<JsValue, JsValue> {
    let t = template_arg(&template, "template")?;
    let problems = template::validate(&t);
    let variable_count = template::variable_count(&t.body).ok();
    to_js(&TemplateValidation {
        valid: problems.is_empty(),
        problems: &problems,
        variable_count,
    })
}

/// Renders a template with values (array in placeholder order, or `{ "1": … }`) and returns
/// `{ text, contentVariables, contentSid }`. Throws `TEMPLATE_INVALID`, `VARIABLES_INVALID`
/// (with `problems`), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = renderTemplate, unchecked_return_type = "RenderedTemplate | RenderedContent")]
pub fn render_template(
    #[wasm_bindgen(unchecked_param_type = "Template | ContentTemplate")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TemplateVariables")] variables: JsValue,
) -> Result<JsValue, JsValue> {
    if super::content::is_content(&template) {
        let t = template_arg(&template, "template")?;
        return super::content::render(&t, &keyed(vars(variables)?));
    }
    let t = template_arg(&template, "template")?;
    let r = match vars(variables)? {
        Variables::Positional(v) => template::render(&t, &v),
        Variables::Keyed(v) => template::render_keyed(&t, &v),
    };
    to_js(&throw(r)?)
}

/// Normalises a locale to WhatsApp's `ll_CC` form (`pt-BR`, `pt_br` → `pt_BR`). Throws
/// `LOCALE_INVALID`.
#[wasm_bindgen(js_name = normalizeLocale)]
pub fn normalize_locale(
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
) -> Result<String, JsValue> {
    let l = string_arg(&locale, "locale", template::MAX_LOCALE_LEN)?;
    throw(template::normalize_locale(&l))
}

/// Whether `code` is exactly one of WhatsApp's template language codes (`en`, `pt_BR`, …).
/// Throws `INVALID_ARGUMENT` for a non-string.
#[wasm_bindgen(js_name = isWhatsAppLanguage)]
pub fn is_whatsapp_language(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<bool, JsValue> {
    let c = string_arg(&code, "code", MAX_STRING_BYTES)?;
    Ok(template::is_whatsapp_language(&c))
}

/// The registered templates, indexed once: match typed text, select by language, render by SID.
/// Call `.free()` when done with it (it lives in wasm memory).
#[wasm_bindgen]
pub struct TemplateRegistry {
    inner: Registry,
    /// Set when built from Content templates (`parseContentApi`'s): then every method serves them.
    content: Option<crate::content::ContentRegistry>,
}

/// A Content template's JSON with extra members appended (`,"k":v…` without braces).
fn content_obj(t: &crate::content::ContentTemplate, extra: &str) -> String {
    let mut s = String::new();
    t.write_json(&mut s);
    if !extra.is_empty() {
        s.pop();
        s.push(',');
        s.push_str(extra);
        s.push('}');
    }
    s
}

#[wasm_bindgen]
impl TemplateRegistry {
    /// Builds the registry from an array of templates (at most 50,000 and 16 MiB of strings in
    /// all). Throws `TEMPLATES_INVALID`
    /// listing every problem (paths `[i].field`: rules of `validateTemplate`, duplicate SIDs,
    /// duplicate name + language), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Template[] | ContentTemplate[]")] templates: JsValue,
    ) -> Result<TemplateRegistry, JsValue> {
        if !js_sys::Array::is_array(&templates) {
            return Err(bad_arg("templates", "expected an array of templates"));
        }
        let len = super::array_len(&templates).ok_or_else(|| threw("templates"))?;
        if len > MAX_REGISTRY_TEMPLATES {
            return Err(js_error(
                &Error::too_large("templates", MAX_REGISTRY_TEMPLATES, "templates").at("templates"),
            ));
        }
        let first = js_sys::Reflect::get_u32(&templates, 0).map_err(|_| threw("templates[0]"))?;
        if len > 0 && super::content::is_content(&first) {
            // Content templates, as parseContentApi returns them (all of them: no mixing).
            let mut ts = Vec::with_capacity(len);
            for i in 0..len {
                let at = format!("templates[{i}]");
                let t = js_sys::Reflect::get_u32(&templates, i as u32).map_err(|_| threw(&at))?;
                if !super::content::is_content(&t) {
                    return Err(bad_arg(&at, "expected a Content template like templates[0] (no mixing of the two kinds)"));
                }
                ts.push(template_arg(&t, &at)?);
            }
            return Ok(TemplateRegistry {
                inner: throw(Registry::new(Vec::new()))?,
                content: Some(throw(crate::content::ContentRegistry::new(ts))?),
            });
        }
        let mut ts = Vec::with_capacity(len);
        let mut bytes = 0usize;
        for i in 0..len {
            let at = format!("templates[{i}]");
            let t = js_sys::Reflect::get_u32(&templates, i as u32).map_err(|_| threw(&at))?;
            let t: Template = template_arg(&t, &at)?;
            // Stop copying as soon as the core's total-size limit is passed.
            bytes = bytes.saturating_add(t.byte_len());
            if bytes > template::MAX_REGISTRY_BYTES {
                let e = Error::too_large("templates", template::MAX_REGISTRY_BYTES, "bytes");
                return Err(js_error(&e.at("templates")));
            }
            ts.push(t);
        }
        Ok(TemplateRegistry {
            inner: throw(Registry::new(ts))?,
            content: None,
        })
    }

    /// Number of templates.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.content.as_ref().map_or(self.inner.len(), |c| c.len()) as u32
    }

    /// The template with this Content SID (either case), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Template | undefined")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sid: JsValue,
    ) -> Result<JsValue, JsValue> {
        let sid = string_arg(&sid, "sid", MAX_STRING_BYTES)?;
        if let Some(c) = &self.content {
            return match c.get(&sid) {
                Some(t) => super::parse_json(&content_obj(t, "")),
                None => Ok(JsValue::UNDEFINED),
            };
        }
        match self.inner.get(&sid) {
            Some(t) => {
                let sid = template::normalize_sid(&t.sid).unwrap_or_else(|_| t.sid.clone());
                template_obj(t, &sid).js()
            }
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Every template `text` could be a rendering of, most specific first, with the values
    /// (leftmost-shortest split; `\r\n` = `\n`; trailing whitespace ignored). `[]` when none.
    /// Throws `INPUT_TOO_LARGE` past 16,384 characters.
    #[wasm_bindgen(js_name = match, unchecked_return_type = "TemplateMatch[]")]
    pub fn match_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_arg(&text, "text", MAX_STRING_BYTES)?;
        if let Some(c) = &self.content {
            let found = throw(c.match_text(&text))?;
            let matches = found.iter().map(|m| {
                let mut o = JsonObject::new();
                o.str("sid", &m.template.sid);
                o.str("name", &m.template.name);
                o.str("language", &m.template.language);
                o.str("contentType", &m.template.content_type);
                o.raw(
                    "variables",
                    &str_array(m.values.iter().map(|(_, v)| v.as_str())),
                );
                o.raw(
                    "values",
                    &out::str_map(m.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
                );
                o.raw("missing", &str_array(m.missing.iter().map(String::as_str)));
                if m.missing.is_empty() {
                    let vals: Vec<&str> = m.values.iter().map(|(_, v)| v.as_str()).collect();
                    o.str("contentVariables", &template::content_variables(&vals));
                } else {
                    o.raw("contentVariables", "null");
                }
                o.num("literalChars", m.literal_chars as u32);
                o.json()
            });
            return super::parse_json(&out::array(matches));
        }
        let found = throw(self.inner.match_text(&text))?;
        let matches = found.iter().map(|m| {
            let mut o = JsonObject::new();
            o.str("sid", m.sid);
            o.str("name", &m.template.name);
            o.str("language", &m.template.language);
            o.raw(
                "variables",
                &str_array(m.variables.iter().map(String::as_str)),
            );
            o.str("contentVariables", &m.content_variables());
            o.num("literalChars", m.literal_chars as u32);
            o.json()
        });
        super::parse_json(&out::array(matches))
    }

    /// The template named `name` for a customer locale: exact locale, then base language, then
    /// `defaultLanguage`. Locales may be `pt-BR`/`pt_br`; either may be null/undefined. Throws
    /// `TEMPLATE_NOT_FOUND`, `TEMPLATE_LANGUAGE_UNAVAILABLE` (lists what was tried),
    /// `LOCALE_INVALID`.
    #[wasm_bindgen(unchecked_return_type = "TemplateSelection")]
    pub fn select(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] language: JsValue,
        #[wasm_bindgen(js_name = defaultLanguage, unchecked_param_type = "string | null | undefined")]
        default_language: JsValue,
    ) -> Result<JsValue, JsValue> {
        let name = string_arg(&name, "name", MAX_STRING_BYTES)?;
        let lang = opt_string_arg(&language, "language", MAX_STRING_BYTES)?;
        let def = opt_string_arg(&default_language, "defaultLanguage", MAX_STRING_BYTES)?;
        if let Some(c) = &self.content {
            let (t, by, tried) = throw(c.select(&name, lang.as_deref(), def.as_deref()))?;
            let mut extra = JsonObject::new();
            extra.str("selectedBy", by.as_str());
            extra.raw("tried", &str_array(tried.iter().map(String::as_str)));
            let extra = extra.json();
            let inner = extra.get(1..extra.len() - 1).unwrap_or("");
            return super::parse_json(&content_obj(t, inner));
        }
        let s = throw(self.inner.select(&name, lang.as_deref(), def.as_deref()))?;
        let mut o = template_obj(s.template, s.sid);
        o.str("selectedBy", s.selected_by.as_str());
        o.raw("tried", &str_array(s.tried.iter().map(String::as_str)));
        o.js()
    }

    /// Renders the template with this SID (see `renderTemplate`). Throws `TEMPLATE_NOT_FOUND`,
    /// `VARIABLES_INVALID`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
    #[wasm_bindgen(unchecked_return_type = "RenderedTemplate")]
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sid: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TemplateVariables")] variables: JsValue,
    ) -> Result<JsValue, JsValue> {
        let sid = string_arg(&sid, "sid", MAX_STRING_BYTES)?;
        if let Some(c) = &self.content {
            let t = c.get(&sid).ok_or_else(|| {
                js_error(
                    &Error::new(template::TEMPLATE_NOT_FOUND, "no template has this SID").at("sid"),
                )
            })?;
            return super::content::render(t, &keyed(vars(variables)?));
        }
        let r = match vars(variables)? {
            Variables::Positional(v) => self.inner.render(&sid, &v),
            Variables::Keyed(v) => self.inner.render_keyed(&sid, &v),
        };
        to_js(&throw(r)?)
    }

    /// Content registries: what may be sent now (`sendable`: the templates) and, for every other
    /// template, why not (`refused`: `{ sid, name, language, reasons }`), by Twilio's approval
    /// chart with the window open or closed. `[]` / `[]` for a registry of SID + body templates.
    /// Throws `INVALID_ARGUMENT` without a boolean `windowOpen`.
    #[wasm_bindgen(unchecked_return_type = "SendableTemplates")]
    pub fn sendable(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ windowOpen: boolean }")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let open = if options.is_object() {
            super::prop(&options, "windowOpen").and_then(|v| v.as_bool())
        } else {
            None
        };
        let open = open.ok_or_else(|| bad_arg("options.windowOpen", "is required (a boolean)"))?;
        let (mut ok, mut refused) = (Vec::new(), Vec::new());
        for (t, e) in self.content.iter().flat_map(|c| c.eligibility(open)) {
            if e.allowed {
                ok.push(content_obj(t, ""));
            } else {
                let mut o = JsonObject::new();
                o.str("sid", &t.sid);
                o.str("name", &t.name);
                o.str("language", &t.language);
                o.raw("reasons", &to_json(&e.reasons)?);
                refused.push(o.json());
            }
        }
        let mut o = JsonObject::new();
        o.raw("sendable", &out::array(ok));
        o.raw("refused", &out::array(refused));
        o.js()
    }
}
