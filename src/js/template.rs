//! JS bindings of [`crate::template`]: `validateTemplate`, `renderTemplate`, `normalizeLocale`,
//! `isWhatsAppLanguage` and the `TemplateRegistry` class. No rule lives here.

use super::{js_error, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::template::{self, Registry, Template, MAX_REGISTRY_TEMPLATES, MAX_VARIABLES};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TEMPLATES: &str = r#"
/** Meta's template categories. */
export type TemplateCategory = "marketing" | "utility" | "authentication";

/** A registered WhatsApp template (Twilio Content template): one SID, one language. */
export interface Template {
  /** Content SID: `HX` + 32 hex digits (either case). */
  sid: string;
  /** Friendly name; the same name in several languages is several templates. */
  name: string;
  /** WhatsApp template language code: `en`, `pt_BR`, … */
  language: string;
  /** The WhatsApp-approved text with numbered placeholders `{{1}}`, `{{2}}`, … */
  body: string;
  category?: TemplateCategory;
}

/** Result of `validateTemplate`: every problem, each with `code`, `path` and (in the body) `span`. */
export interface TemplateValidation {
  valid: boolean;
  problems: Problem[];
  /** Distinct placeholders of the body when the body is valid (`{{1}}` twice counts once), else null. */
  variableCount: number | null;
}

/** Values in placeholder order (`["Ana", "12:30"]`) or keyed by number (`{ "1": "Ana", "2": "12:30" }`). Strings only. */
export type TemplateVariables = string[] | { [key: string]: string };

/** A rendered template, ready to send: `ContentSid` + `ContentVariables` (never `Body`/`MediaUrl`). */
export interface RenderedTemplate {
  /** The text the customer will see. */
  text: string;
  /** Twilio's `ContentVariables` parameter: a JSON string, `{"1":"Ana","2":"12:30"}`. */
  contentVariables: string;
  /** Twilio's `ContentSid` parameter (hex lowercased). */
  contentSid: string;
}

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

/** The template `TemplateRegistry.select` picked, and how. */
export interface TemplateSelection extends Template {
  /** `locale`: exact locale (`pt_BR`); `language`: its base language (`pt`); `default`: the default language. */
  selectedBy: "locale" | "language" | "default";
  /** Language codes tried, in order, up to the one found. */
  tried: string[];
}
"#;

fn bad_arg(path: &str, msg: &str) -> JsValue {
    js_error(&Error::new(INVALID_ARGUMENT, format!("{path}: {msg}")).at(path.to_string()))
}

fn string_arg(v: &JsValue, path: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| bad_arg(path, "expected a string"))
}

fn optional_string_arg(v: &JsValue, path: &str) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string_arg(v, path).map(Some)
    }
}

/// The variables argument: an array of strings, or an object keyed by placeholder number.
enum Vars {
    List(Vec<String>),
    Keyed(Vec<(String, String)>),
}

fn vars_from_js(v: &JsValue) -> Result<Vars, JsValue> {
    let too_large =
        || js_error(&Error::too_large("variables", MAX_VARIABLES, "values").at("variables"));
    if js_sys::Array::is_array(v) {
        let arr: &js_sys::Array = v.unchecked_ref();
        if arr.length() as usize > MAX_VARIABLES {
            return Err(too_large());
        }
        let mut out = Vec::with_capacity(arr.length() as usize);
        for (i, item) in arr.iter().enumerate() {
            out.push(string_arg(&item, &format!("variables[{i}]"))?);
        }
        return Ok(Vars::List(out));
    }
    if v.is_object() && !v.is_function() {
        let obj: &js_sys::Object = v.unchecked_ref();
        let keys = js_sys::Object::keys(obj);
        if keys.length() as usize > MAX_VARIABLES {
            return Err(too_large());
        }
        let mut out = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let k = key.as_string().unwrap_or_default();
            let val = js_sys::Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
            out.push((k.clone(), string_arg(&val, &format!("variables.{k}"))?));
        }
        return Ok(Vars::Keyed(out));
    }
    Err(bad_arg(
        "variables",
        "expected an array of strings or an object like { \"1\": \"Ana\" }",
    ))
}

/// Reads a template object property by property (no serde: deserialisers cost wasm bytes and
/// give vaguer paths). Unknown properties are ignored.
fn template_arg(v: &JsValue, path: &str) -> Result<Template, JsValue> {
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(bad_arg(
            path,
            "expected an object { sid, name, language, body }",
        ));
    }
    let field = |k: &str| -> Result<Option<String>, JsValue> {
        let x = js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        if x.is_undefined() || x.is_null() {
            Ok(None)
        } else {
            x.as_string()
                .map(Some)
                .ok_or_else(|| bad_arg(&format!("{path}.{k}"), "expected a string"))
        }
    };
    let required = |k: &str| -> Result<String, JsValue> {
        field(k)?.ok_or_else(|| bad_arg(&format!("{path}.{k}"), "is required (a string)"))
    };
    let category = match field("category")? {
        None => None,
        Some(c) => Some(template::Category::parse(&c).ok_or_else(|| {
            bad_arg(
                &format!("{path}.category"),
                "expected \"marketing\", \"utility\" or \"authentication\"",
            )
        })?),
    };
    Ok(Template {
        sid: required("sid")?,
        name: required("name")?,
        language: required("language")?,
        body: required("body")?,
        category,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Validation {
    valid: bool,
    problems: Vec<Error>,
    variable_count: Option<usize>,
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
    to_js(&Validation {
        valid: problems.is_empty(),
        problems,
        variable_count,
    })
}

/// Renders a template with values (array in placeholder order, or `{ "1": … }`) and returns
/// `{ text, contentVariables, contentSid }`. Throws `TEMPLATE_INVALID`, `VARIABLES_INVALID`
/// (with `problems`), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = renderTemplate, unchecked_return_type = "RenderedTemplate")]
pub fn render_template(
    #[wasm_bindgen(unchecked_param_type = "Template")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TemplateVariables")] variables: JsValue,
) -> Result<JsValue, JsValue> {
    let t = template_arg(&template, "template")?;
    let r = match vars_from_js(&variables)? {
        Vars::List(v) => template::render(&t, &v),
        Vars::Keyed(v) => template::render_keyed(&t, &v),
    };
    to_js(&throw(r)?)
}

/// Normalises a locale to WhatsApp's `ll_CC` form (`pt-BR`, `pt_br` → `pt_BR`). Throws
/// `LOCALE_INVALID`.
#[wasm_bindgen(js_name = normalizeLocale)]
pub fn normalize_locale(
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
) -> Result<String, JsValue> {
    let l = string_arg(&locale, "locale")?;
    throw(template::normalize_locale(&l))
}

/// Whether `code` is exactly one of WhatsApp's template language codes (`en`, `pt_BR`, …).
#[wasm_bindgen(js_name = isWhatsAppLanguage)]
pub fn is_whatsapp_language(code: JsValue) -> bool {
    code.as_string()
        .is_some_and(|c| template::is_whatsapp_language(&c))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchJs<'a> {
    sid: &'a str,
    name: &'a str,
    language: &'a str,
    variables: Vec<String>,
    content_variables: String,
    literal_chars: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SelectionJs<'a> {
    sid: &'a str,
    name: &'a str,
    language: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<template::Category>,
    selected_by: template::SelectedBy,
    tried: Vec<String>,
}

/// The registered templates, indexed once: match typed text, select by language, render by SID.
/// Call `.free()` when done with it (it lives in wasm memory).
#[wasm_bindgen]
pub struct TemplateRegistry {
    inner: Registry,
}

#[wasm_bindgen]
impl TemplateRegistry {
    /// Builds the registry from an array of templates (at most 50,000). Throws `TEMPLATES_INVALID`
    /// listing every problem (paths `[i].field`: rules of `validateTemplate`, duplicate SIDs,
    /// duplicate name + language), `INPUT_TOO_LARGE` or `INVALID_ARGUMENT`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Template[]")] templates: JsValue,
    ) -> Result<TemplateRegistry, JsValue> {
        if !js_sys::Array::is_array(&templates) {
            return Err(bad_arg("templates", "expected an array of templates"));
        }
        let arr: &js_sys::Array = templates.unchecked_ref();
        if arr.length() as usize > MAX_REGISTRY_TEMPLATES {
            return Err(js_error(
                &Error::too_large("templates", MAX_REGISTRY_TEMPLATES, "templates").at("templates"),
            ));
        }
        let mut ts = Vec::with_capacity(arr.length() as usize);
        for (i, t) in arr.iter().enumerate() {
            ts.push(template_arg(&t, &format!("templates[{i}]"))?);
        }
        Ok(TemplateRegistry {
            inner: throw(Registry::new(ts))?,
        })
    }

    /// Number of templates.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.inner.len() as u32
    }

    /// The template with this Content SID (either case), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Template | undefined")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sid: JsValue,
    ) -> Result<JsValue, JsValue> {
        let sid = string_arg(&sid, "sid")?;
        match self.inner.get(&sid) {
            Some(t) => to_js(t),
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
        let text = string_arg(&text, "text")?;
        let found = throw(self.inner.match_text(&text))?;
        let out: Vec<MatchJs<'_>> = found
            .into_iter()
            .map(|m| MatchJs {
                sid: m.sid,
                name: &m.template.name,
                language: &m.template.language,
                content_variables: m.content_variables(),
                variables: m.variables,
                literal_chars: m.literal_chars,
            })
            .collect();
        to_js(&out)
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
        let name = string_arg(&name, "name")?;
        let lang = optional_string_arg(&language, "language")?;
        let def = optional_string_arg(&default_language, "defaultLanguage")?;
        let s = throw(self.inner.select(&name, lang.as_deref(), def.as_deref()))?;
        to_js(&SelectionJs {
            sid: s.sid,
            name: &s.template.name,
            language: &s.template.language,
            body: &s.template.body,
            category: s.template.category,
            selected_by: s.selected_by,
            tried: s.tried,
        })
    }

    /// Renders the template with this SID (see `renderTemplate`). Throws `TEMPLATE_NOT_FOUND`,
    /// `VARIABLES_INVALID`, `INPUT_TOO_LARGE`, `INVALID_ARGUMENT`.
    #[wasm_bindgen(unchecked_return_type = "RenderedTemplate")]
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] sid: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TemplateVariables")] variables: JsValue,
    ) -> Result<JsValue, JsValue> {
        let sid = string_arg(&sid, "sid")?;
        let r = match vars_from_js(&variables)? {
            Vars::List(v) => self.inner.render(&sid, &v),
            Vars::Keyed(v) => self.inner.render_keyed(&sid, &v),
        };
        to_js(&throw(r)?)
    }
}
