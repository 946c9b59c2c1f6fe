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
    let err = wa_guard::js::form::decode_form("a=%FF").unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("FORM_INVALID_UTF8")
    );
    assert_eq!(prop(&err, "path").as_string().as_deref(), Some("body.a"));
}

#[wasm_bindgen_test]
fn results_are_plain_arrays() {
    let v = wa_guard::js::form::decode_form("a=1&b=x+y").unwrap();
    let arr: js_sys::Array = v.dyn_into().unwrap();
    assert_eq!(arr.length(), 2);
    let second: js_sys::Array = arr.get(1).dyn_into().unwrap();
    assert_eq!(second.get(1).as_string().as_deref(), Some("x y"));
}
