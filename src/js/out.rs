//! Results built by hand as JSON text, then one `JSON.parse`.
//!
//! A result crosses into JS as one string (one UTF-8 decode) instead of two string copies (two
//! `TextDecoder` calls) and a `Reflect.set` per field: those were most of the time of `parseE164`
//! and `TemplateRegistry.match`. And one small non-generic builder serves every result type,
//! rather than a serializer instantiation per type (wasm bytes). `JSON.parse` makes every key an
//! own data property, so a webhook parameter named `__proto__` is kept as one (`Reflect.set`
//! would have tried to set the object's prototype and dropped it).

use crate::template::write_json_string;
use wasm_bindgen::JsValue;

/// A JSON object under construction (keys in the order set).
pub(crate) struct JsonObject(String);

impl JsonObject {
    pub(crate) fn new() -> Self {
        JsonObject(String::from("{"))
    }
    fn key(&mut self, k: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        write_json_string(&mut self.0, k);
        self.0.push(':');
    }
    /// `k` set to JSON text: an object or array of this module, or `serde_json::to_string`'s.
    pub(crate) fn raw(&mut self, k: &str, json: &str) {
        self.key(k);
        self.0.push_str(json);
    }
    pub(crate) fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        write_json_string(&mut self.0, v);
    }
    pub(crate) fn num(&mut self, k: &str, v: u32) {
        self.key(k);
        self.0.push_str(&v.to_string());
    }
    /// The object's JSON text.
    pub(crate) fn json(mut self) -> String {
        self.0.push('}');
        self.0
    }
    /// The object, as JS.
    pub(crate) fn js(self) -> Result<JsValue, JsValue> {
        super::parse_json(&self.json())
    }
}

/// A JSON array of `items`, each written by `write`.
fn seq<T>(items: impl IntoIterator<Item = T>, mut write: impl FnMut(&mut String, T)) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(&mut out, item);
    }
    out.push(']');
    out
}

/// JSON texts → their JSON array.
pub(crate) fn array(items: impl IntoIterator<Item = String>) -> String {
    seq(items, |out, item| out.push_str(&item))
}

/// `[String]` → `string[]`, as JSON text.
pub(crate) fn str_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    seq(items, write_json_string)
}

/// `[(name, value)]` → `{ name: value }`, as JSON text.
pub(crate) fn str_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut o = JsonObject::new();
    for (k, v) in pairs {
        o.str(k, v);
    }
    o.json()
}
