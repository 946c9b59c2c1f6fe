//! What JS sees of the bindings: run in Node and in headless Chromium by `pkg-scripts/test`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn prop(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wa_guard::js::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_a_code_and_path() {
    let err = wa_guard::js::form::decode_form("a=%FF".into()).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("FORM_INVALID_UTF8")
    );
    assert_eq!(prop(&err, "path").as_string().as_deref(), Some("body.a"));
}

#[wasm_bindgen_test]
fn results_are_plain_arrays() {
    let v = wa_guard::js::form::decode_form("a=1&b=x+y".into()).unwrap();
    let arr: js_sys::Array = v.dyn_into().unwrap();
    assert_eq!(arr.length(), 2);
    let second: js_sys::Array = arr.get(1).dyn_into().unwrap();
    assert_eq!(second.get(1).as_string().as_deref(), Some("x y"));
}

#[wasm_bindgen_test]
fn string_arguments_refuse_wrong_types_lone_surrogates_and_oversize_with_codes() {
    let code = |v: JsValue| {
        let e = wa_guard::js::form::decode_form(v).unwrap_err();
        assert!(e.is_instance_of::<js_sys::Error>());
        prop(&e, "code").as_string().unwrap_or_default()
    };
    assert_eq!(code(JsValue::from_f64(42.0)), "INVALID_ARGUMENT");
    assert_eq!(code(JsValue::UNDEFINED), "INVALID_ARGUMENT");
    assert_eq!(code(JsValue::NULL), "INVALID_ARGUMENT");
    assert_eq!(code(js_sys::Array::new().into()), "INVALID_ARGUMENT");
    assert_eq!(code(js_sys::Object::new().into()), "INVALID_ARGUMENT");
    // "a=\uD800": a lone surrogate, built from UTF-16 code units.
    let lone = js_sys::JsString::from_char_code(&[0x61, 0x3d, 0xD800]);
    assert_eq!(code(lone.into()), "INVALID_ARGUMENT");
    let huge = "a".repeat(wa_guard::form::MAX_FORM_BYTES + 1);
    assert_eq!(code(JsValue::from_str(&huge)), "INPUT_TOO_LARGE");
    // A real U+FFFD is text, not a surrogate: accepted.
    let ok = wa_guard::js::form::decode_form("a=%EF%BF%BD\u{FFFD}".into()).unwrap();
    let arr: js_sys::Array = ok.dyn_into().unwrap();
    let first: js_sys::Array = arr.get(0).dyn_into().unwrap();
    assert_eq!(
        first.get(1).as_string().as_deref(),
        Some("\u{FFFD}\u{FFFD}")
    );
}

// ---- issue 18: a result written by hand for JS is the core type's serde form, field for field ----

/// The JS value as JSON (what `JSON.stringify` gives), read back with serde_json.
fn as_json(v: &JsValue) -> serde_json::Value {
    let text = js_sys::JSON::stringify(v).unwrap();
    serde_json::from_str(&String::from(text)).unwrap()
}

#[wasm_bindgen_test]
fn inbound_messages_reach_js_as_the_core_serialises_them() {
    for (name, body) in [
        ("text", include_str!("vectors/inbound/text.form")),
        ("media", include_str!("vectors/inbound/media.form")),
        ("button", include_str!("vectors/inbound/button.form")),
        ("location", include_str!("vectors/inbound/location.form")),
        ("referral", include_str!("vectors/inbound/referral.form")),
    ] {
        let js = wa_guard::js::message::parse_inbound(body.into()).unwrap();
        let pairs = wa_guard::form::decode(body).unwrap();
        let core = wa_guard::message::parse_inbound(&pairs).unwrap();
        assert_eq!(as_json(&js), serde_json::to_value(&core).unwrap(), "{name}");
    }
}

#[wasm_bindgen_test]
fn status_callbacks_reach_js_as_the_core_serialises_them() {
    for (name, body) in [
        ("delivered", include_str!("vectors/status/delivered.form")),
        ("failed", include_str!("vectors/status/failed-63016.form")),
    ] {
        let js = wa_guard::js::message::parse_status_callback(body.into()).unwrap();
        let pairs = wa_guard::form::decode(body).unwrap();
        let core = wa_guard::message::parse_status(&pairs).unwrap();
        assert_eq!(as_json(&js), serde_json::to_value(&core).unwrap(), "{name}");
    }
}
