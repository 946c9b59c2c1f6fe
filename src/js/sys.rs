//! The raw JS bindings (wasm32 only): every `extern "C"` block of the bindings in one module, as
//! workers-rs keeps them in `worker-sys`. The domain files (`src/js/<domain>.rs`) use these and
//! never declare their own; the JS helpers they import are plain ES modules next to this file
//! (`sys/webhook.js`, `sys/content.js`), copied by wasm-bindgen into each target's `snippets/`.
//! Every call that can run a caller's code (a getter, a proxy trap) is `catch`.

use wasm_bindgen::prelude::*;

// Reading a caller's value can run the caller's code: a getter, a `Proxy` trap. When that code
// throws, the exception must not unwind through wasm (Rust's clean-up would not run, and the
// caller would get an uncoded error): these calls are `catch`, and a throw becomes a coded
// `INVALID_ARGUMENT` (`super::threw`).

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub(crate) fn object_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub(crate) fn object_entries(o: &JsValue) -> Result<js_sys::Array, JsValue>;
}

#[cfg(feature = "js-rules")]
#[wasm_bindgen]
extern "C" {
    /// Anything with a `length` (read through a `catch` getter: no property-name string to pass).
    pub(crate) type Lengthy;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn length(this: &Lengthy) -> Result<JsValue, JsValue>;
}

// Native UTF-8 encoding of long strings (`super::copy_string`).
#[wasm_bindgen]
extern "C" {
    pub(crate) type TextEncoder;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    pub(crate) fn encode_into(
        this: &TextEncoder,
        s: &js_sys::JsString,
        dest: &js_sys::Uint8Array,
    ) -> EncodeIntoResult;
    pub(crate) type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn written(this: &EncodeIntoResult) -> f64;
}

// ---- the webhook bindings (`wa-guard/webhook`) ----

#[cfg(feature = "js-webhook")]
#[wasm_bindgen]
extern "C" {
    /// A request object, read by direct property access: no key string crosses the boundary
    /// (`Reflect.get` with a key decoded from wasm memory each time costs more than the HMAC).
    pub(crate) type Fields;
    #[wasm_bindgen(method, getter, catch, js_name = authTokens)]
    pub(crate) fn auth_tokens(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = authToken)]
    pub(crate) fn auth_token(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn url(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn signature(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn params(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn body(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = contentType)]
    pub(crate) fn content_type(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = sharedKeys)]
    pub(crate) fn shared_keys(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = signatureSettings)]
    pub(crate) fn signature_settings(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn secret(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn algorithm(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn id(this: &Fields) -> Result<JsValue, JsValue>;

    /// The verdict object, written by direct property assignment.
    pub(crate) type Verdict;
    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_valid(this: &Verdict, v: bool);
    #[wasm_bindgen(method, setter)]
    pub(crate) fn set_algorithm(this: &Verdict, v: JsValue);
    #[wasm_bindgen(method, setter, js_name = keyId)]
    pub(crate) fn set_key_id(this: &Verdict, v: &str);
    #[wasm_bindgen(method, setter, js_name = tokenIndex)]
    pub(crate) fn set_token_index(this: &Verdict, v: u32);
    #[wasm_bindgen(method, setter, js_name = matchedUrl)]
    pub(crate) fn set_matched_url(this: &Verdict, v: &str);
    #[wasm_bindgen(method, setter, js_name = matchedUrl)]
    pub(crate) fn set_matched_url_js(this: &Verdict, v: &JsValue);
}

#[cfg(feature = "js-webhook")]
#[wasm_bindgen]
extern "C" {
    /// A `verifyRequest` options object.
    pub(crate) type Options;
    #[wasm_bindgen(method, getter, catch)]
    pub(crate) fn url(this: &Options) -> Result<JsValue, JsValue>;
}

// Marshalling only (no rule): a params object of strings and string arrays as ONE string,
// `SEP name SEP value SEP …` with SEP a character none of them contains (NUL nearly always), so
// it crosses into wasm in one copy instead of ~10 calls per parameter; or the first problem, by
// path, as `[path, message]`, `[path, 0]` (a getter or proxy threw), `[path, 1]` (more than
// `maxValues` values) or `[path, 2]` (more than `maxUnits` UTF-16 units, so more bytes too; the
// exact UTF-8 budget is the core's).
#[cfg(feature = "js-webhook")]
#[wasm_bindgen(module = "/src/js/sys/webhook.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = flatParams)]
    pub(crate) fn flat_params(
        o: &JsValue,
        max_values: u32,
        max_units: u32,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = natural)]
    pub(crate) fn natural_js(x: &JsValue, kind: u32, max: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = secrets)]
    pub(crate) fn secrets_js(x: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fastRequest)]
    pub(crate) fn fast_js(x: &JsValue, max_values: u32, max_units: u32) -> JsValue;
    #[wasm_bindgen(js_name = takeUrl)]
    pub(crate) fn take_url() -> JsValue;
}

// Marshalling only: settles the body's text promise into one call of `finish` (with the text,
// or `undefined` when reading failed), so the one-shot closure is always called, hence freed.
#[cfg(feature = "js-webhook")]
#[wasm_bindgen(module = "/src/js/sys/webhook.js")]
extern "C" {
    #[wasm_bindgen(js_name = afterText)]
    pub(crate) fn after_text(p: &js_sys::Promise, finish: &JsValue) -> js_sys::Promise;
}

// ---- the Content API bindings (`wa-guard/rules`) ----

// `JSON.stringify` with a budget of values: an object graph that shares references (`{ v, a: [v] }`
// nested) expands exponentially in plain `JSON.stringify`, which would then run for minutes and
// gigabytes before failing. The budget, 4,194,304 values, is above any import within the limits
// (50,000 templates of ~60 values each: 3 million) and bounds the time of a hostile graph to
// seconds. The values are counted by a walk in JS first, then the graph is stringified plainly: a
// replacer function (one call from the engine per value) made the stringify of a 5 MB import
// three times slower. A cycle makes `JSON.stringify` throw as before; the walk stops at the budget
// (a cycle reaches it too), so it always ends. (No call into wasm per value: it would cost more
// than the import.)
//
// `eligibilityInput` reads what Twilio's chart needs of a template object, as one JSON text:
// `[contentType, status, [[type, title] per button], windowOpen]`, or `null` when the template
// is not a (non-array) object (no rule here: the core applies the chart).
#[cfg(feature = "js-rules")]
#[wasm_bindgen(module = "/src/js/sys/content.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = stringifyBounded)]
    pub(crate) fn stringify_bounded(v: &JsValue, max: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = eligibilityInput)]
    pub(crate) fn eligibility_input(
        t: &JsValue,
        options: &JsValue,
    ) -> Result<Option<String>, JsValue>;
}
