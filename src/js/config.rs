//! JS bindings of [`crate::config`]: `validateConfig`, `callbackUrl`, `updateNumberSettings`,
//! `redactConfig`.

use super::read::{self, invalid, read, Arg};
use super::{js_error, opt_string_arg, string_arg, throw, to_js};
use crate::config::{self, Config, NumberSettingsPatch, CONFIG_SHAPE_INVALID, MAX_URL_LEN};
use wasm_bindgen::prelude::*;

/// The `config` argument: a wrong shape is `CONFIG_SHAPE_INVALID` at the path of the bad value.
const CONFIG: Arg = Arg {
    code: CONFIG_SHAPE_INVALID,
    name: "config",
};

pub(crate) fn config_arg(v: JsValue) -> Result<Config, JsValue> {
    read(CONFIG, v, "")
}

/// Validates a configuration: `{ valid, problems }`, every problem with a `code` and the JSON
/// `path` of the offending field (`workstreams[2].templates[0].sid`). Shape problems (a field of
/// the wrong type, missing or unknown) are problems too (`CONFIG_SHAPE_INVALID`, every one); the
/// rules are checked once the shape is right. Throws only for what is not a config at all: not
/// a plain object (`CONFIG_SHAPE_INVALID`), or past a size limit (`INPUT_TOO_LARGE`).
#[wasm_bindgen(js_name = validateConfig, unchecked_return_type = "ConfigValidation")]
pub fn validate_config(
    // Any value: an admin UI validates whatever `JSON.parse` gave it.
    #[wasm_bindgen(unchecked_param_type = "unknown")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let (c, shape) = throw(read::config_problems(CONFIG, config))?;
    if shape.is_empty() {
        to_js(&config::validation(&c))
    } else {
        to_js(&config::Validation {
            valid: false,
            problems: shape,
        })
    }
}

/// The inbound callback URL to paste into Twilio (`<base>/twilio/inbound`), from `baseUrl` or
/// else the config's `callbackBaseUrl`. Throws `CALLBACK_BASE_URL_MISSING`,
/// `CALLBACK_BASE_URL_INVALID`, `CONFIG_SHAPE_INVALID`.
#[wasm_bindgen(js_name = callbackUrl)]
pub fn callback_url(
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
    #[wasm_bindgen(js_name = "baseUrl", unchecked_optional_param_type = "string | null")]
    base_url: JsValue,
) -> Result<String, JsValue> {
    let c = config_arg(config)?;
    let base = opt_string_arg(&base_url, "baseUrl", MAX_URL_LEN)?;
    throw(config::callback_url(&c, base.as_deref()))
}

/// A deep copy of a JSON-shaped JS value (already checked to be a config).
fn copy_json(v: &JsValue) -> Result<js_sys::Object, JsValue> {
    let text = js_sys::JSON::stringify(v)
        .map_err(|_| js_error(&crate::Error::new(CONFIG_SHAPE_INVALID, "config: not JSON")))?;
    js_sys::JSON::parse(&String::from(text))
        .map(JsCast::unchecked_into)
        .map_err(|_| js_error(&crate::Error::new(CONFIG_SHAPE_INVALID, "config: not JSON")))
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Changes the settings of one number (E.164, as configured): a new, valid config (a copy of the
/// argument with that number's `settings` replaced), or throws `CONFIG_INVALID` with every
/// problem (nothing applied), `NUMBER_NOT_FOUND`, `CONFIG_SHAPE_INVALID`, `INVALID_ARGUMENT`
/// (patch shape).
#[wasm_bindgen(js_name = updateNumberSettings, unchecked_return_type = "Config")]
pub fn update_number_settings(
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] number: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberSettingsPatch")] patch: JsValue,
) -> Result<JsValue, JsValue> {
    let c = config_arg(config.clone())?;
    let number = string_arg(&number, "number", crate::number::MAX_INPUT_BYTES)?;
    let patch: NumberSettingsPatch = read(invalid("patch"), patch, "")?;
    let next = throw(config::update_number_settings(&c, &number, &patch))?;
    // The result keeps the caller's JSON as it was, except for the one `settings` object
    // (cheaper in wasm bytes than serialising a whole config).
    let out = copy_json(&config)?;
    let i = next.numbers.iter().position(|n| n.number == number);
    if let Some((i, n)) = i.and_then(|i| next.numbers.get(i).map(|n| (i, n))) {
        let numbers = get(&out, "numbers");
        let entry = js_sys::Reflect::get_u32(&numbers, i as u32).unwrap_or(JsValue::UNDEFINED);
        set(&entry, "settings", &to_js(&n.settings)?);
    }
    Ok(out.into())
}

/// The config for display: a copy whose auth tokens, when set, read `"[REDACTED]"`.
#[wasm_bindgen(js_name = redactConfig, unchecked_return_type = "Config")]
pub fn redact_config(
    #[wasm_bindgen(unchecked_param_type = "Config")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let redacted = config_arg(config.clone())?.redacted();
    let out = copy_json(&config)?;
    set(&out, "account", &to_js(&redacted.account)?);
    Ok(out.into())
}

// Generated from the core's types by tsify (`derive(tsify::Tsify)` in crate::config): Account,
// NumberSettings, WhatsAppNumber, AttachmentSettings, AutomatedMessages, Workstream, Sandbox,
// NumberSettingsPatch, Config, Validation. Hand-written: only the result's public name.
#[wasm_bindgen(typescript_custom_section)]
const TS_CONFIG: &str = r#"
/** The result of `validateConfig` (the core's `Validation`). */
export type ConfigValidation = Validation;
"#;
