//! The results still built by hand as JSON text, then one `JSON.parse`: `TemplateRegistry`'s
//! (`get`, `match`, `select`, `sendable`: a Content template's JSON comes from the core's own
//! writer, spliced in as it is) and `composeOutbound`'s parameters (their order kept). Every other
//! result goes through its core type's `Serialize` derive and `serde_json` (`super::to_js`).
//!
//! Why not the derives here too: on `wa-guard/rules` the derives cost +1.12 KB gzip for the
//! results moved so far (README "Dependencies"), and that entry is at its size limit; the speed is
//! the same either way (`node benches/js/bench.mjs`: `parseE164` 75-76k ops/s, `match` 10.7-13.8 µs,
//! both before and after). `JSON.parse` makes every key an own data property, so a parameter named
//! `__proto__` is kept as one.

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
