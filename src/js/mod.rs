//! JavaScript bindings (wasm32 only): the one place that knows about JS.
//!
//! Each submodule maps one core module to JS: camelCase names, plain objects in and out
//! (deserialised *inside* the function from `JsValue`, so a bad shape is a coded error rather than
//! a leak or a trap), and `Error` objects carrying `code`, `path`, `span` and `problems`.
//! No business rule lives here.

// The webhook exports (feature `js-webhook`, the `wa-guard/webhook` entry).
#[cfg(feature = "js-rules")]
pub mod callback;
#[cfg(feature = "js-webhook")]
pub mod form;
#[cfg(feature = "js-webhook")]
pub mod signature;
#[cfg(feature = "js-rules")]
pub mod target;
// The agent-UI rules (feature `js-rules`, the `wa-guard/rules` entry).
#[cfg(feature = "js-rules")]
pub mod config;
#[cfg(feature = "js-rules")]
pub mod content;
#[cfg(feature = "js-rules")]
pub mod customer;
#[cfg(feature = "js-rules")]
pub mod media;
#[cfg(feature = "js-rules")]
pub mod message;
#[cfg(feature = "js-rules")]
pub mod number;
#[cfg(feature = "js-rules")]
mod out;
#[cfg(feature = "js-rules")]
#[doc(hidden)] // public only for the differential tests (tests/wasm_readers.rs)
pub mod read;
#[cfg(feature = "js-rules")]
pub mod sandbox;
#[cfg(feature = "js-rules")]
pub mod template;
#[cfg(feature = "js-rules")]
pub mod window;

pub(crate) mod sys;

use crate::error::{Error, INVALID_ARGUMENT};
use serde::Serialize;
use sys::TextEncoder;
use wasm_bindgen::prelude::*;

/// Converts a core error to a JS `Error` with `code`, `path`, `span` and `problems` properties.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&message(e));
    let obj: &JsValue = err.as_ref();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), v);
    };
    set("code", &JsValue::from_str(e.code()));
    set("name", &JsValue::from_str("WaGuardError"));
    if let Some(p) = &e.path() {
        set("path", &JsValue::from_str(p));
    }
    if let Some(s) = &e.span() {
        if let Ok(v) = to_js(s) {
            set("span", &v);
        }
    }
    if !e.problems().is_empty() {
        if let Ok(v) = to_js(&e.problems()) {
            set("problems", &v);
        }
    }
    err.into()
}

/// An error's message; an aggregate error's names its problems, so a log line or an uncaught
/// error says what is wrong: `…: WINDOW_CLOSED (content), BODY_TOO_LONG (content.body)`.
/// (The webhook exports raise no aggregate errors: their entry keeps the message as is.)
#[cfg(not(feature = "js-rules"))]
fn message(e: &Error) -> String {
    e.message().to_string()
}

/// An error's message; an aggregate error's names its problems, so a log line or an uncaught
/// error says what is wrong: `…: WINDOW_CLOSED (content), BODY_TOO_LONG (content.body)`.
#[cfg(feature = "js-rules")]
fn message(e: &Error) -> String {
    const SHOWN: usize = 5;
    let mut m = e.message().to_string();
    for (i, p) in e.problems().iter().take(SHOWN).enumerate() {
        m.push_str(if i == 0 { ": " } else { ", " });
        m.push_str(p.code());
        if let Some(path) = &p.path() {
            m.push_str(" (");
            m.push_str(path);
            m.push(')');
        }
    }
    if e.problems().len() > SHOWN {
        m.push_str(", and ");
        m.push_str(&(e.problems().len() - SHOWN).to_string());
        m.push_str(" more");
    }
    m
}

/// What went wrong when a getter or proxy trap threw (every such error says it the same way).
pub(crate) const THREW: &str = "cannot be read: a getter or proxy threw";

/// The JS error of a read at `path` whose getter or proxy trap threw.
pub(crate) fn threw(path: &str) -> JsValue {
    js_error(&threw_error(path))
}

/// [`threw`] as a core error.
pub(crate) fn threw_error(path: &str) -> Error {
    Error::new(INVALID_ARGUMENT, format!("{path} {THREW}")).at(path.to_string())
}

/// Property `k` of `v` (`undefined` when absent); `None` when reading it threw.
#[cfg(feature = "js-rules")]
pub(crate) fn prop(v: &JsValue, k: &str) -> Option<JsValue> {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).ok()
}

/// `Object.keys(v)` as strings; `None` when it threw.
#[cfg(feature = "js-rules")]
pub(crate) fn keys(v: &JsValue) -> Option<Vec<String>> {
    let keys = sys::object_keys(v).ok()?;
    // An array the engine just made, of strings: reading it runs no caller code.
    Some(
        keys.iter()
            .map(|k| k.as_string().unwrap_or_default())
            .collect(),
    )
}

/// `Object.entries(v)` as `(name, value)` (names still in JS: a caller reads them against its
/// own limits); `None` when it threw.
#[cfg(feature = "js-rules")]
pub(crate) fn entries(v: &JsValue) -> Option<Vec<(JsValue, JsValue)>> {
    let entries = sys::object_entries(v).ok()?;
    // Arrays the engine just made: reading them runs no caller code.
    let pair = |e: JsValue| {
        let e: js_sys::Array = e.unchecked_into();
        (e.get(0), e.get(1))
    };
    Some(entries.iter().map(pair).collect())
}

/// The `length` of an array (a `Proxy` may trap it); `None` when reading it threw.
#[cfg(feature = "js-rules")]
pub(crate) fn array_len(arr: &JsValue) -> Option<usize> {
    let n = arr
        .unchecked_ref::<sys::Lengthy>()
        .length()
        .ok()?
        .as_f64()
        .unwrap_or(0.0);
    // Array lengths are integers below 2^32: the cast neither truncates nor wraps.
    Some(n as usize)
}

/// Items `0..n` of an array; `Err(i)` when reading item `i` threw.
#[cfg(feature = "js-rules")]
pub(crate) fn array_items(arr: &JsValue, n: usize) -> Result<Vec<JsValue>, usize> {
    (0..n)
        .map(|i| js_sys::Reflect::get_u32(arr, i as u32).map_err(|_| i))
        .collect()
}

/// Maps a core result's error to a JS error.
pub(crate) fn throw<T>(r: crate::Result<T>) -> Result<T, JsValue> {
    r.map_err(js_err)
}

/// [`js_error`] of an owned error, out of line: every `throw::<T>` and `FromJs` instance calls
/// it instead of inlining the error's drop (wasm bytes).
#[inline(never)]
pub(crate) fn js_err(e: Error) -> JsValue {
    js_error(&e)
}

/// Reads a string argument from JS, checking it the same way for every export:
/// not a string → `INVALID_ARGUMENT`; longer than `max_bytes` UTF-8 bytes → `INPUT_TOO_LARGE`
/// (checked on the UTF-16 length *before* copying into wasm memory, then exactly); a lone
/// surrogate (not well-formed UTF-16, so not representable in UTF-8) → `INVALID_ARGUMENT`
/// rather than a silent U+FFFD. `what` is the argument's name, used as the error path.
///
/// Take `JsValue` (with `#[wasm_bindgen(unchecked_param_type = "string")]`) and call this instead
/// of taking `&str`: wasm-bindgen's `&str` glue throws an uncoded `TypeError` on a number,
/// `undefined` or an object (or silently encodes a `String` object).
#[allow(dead_code)] // used by the domain bindings
pub(crate) fn string_arg(v: &JsValue, what: &str, max_bytes: usize) -> Result<String, JsValue> {
    read_string(v, what, max_bytes).map_err(js_err)
}

/// [`string_arg`] with a core error (path `what`).
pub(crate) fn read_string(v: &JsValue, what: &str, max_bytes: usize) -> crate::Result<String> {
    let Some(js) = v.dyn_ref::<js_sys::JsString>() else {
        return Err(Error::new(
            INVALID_ARGUMENT,
            format!("{what} must be a string, got {}", js_type(v)),
        )
        .at(what.to_string()));
    };
    // UTF-8 needs at least one byte per UTF-16 unit: past the limit already, don't copy.
    if js.length() as usize > max_bytes {
        return Err(Error::too_large(what, max_bytes, "bytes").at(what.to_string()));
    }
    let s = copy_string(js);
    if s.len() > max_bytes {
        return Err(Error::too_large(what, max_bytes, "bytes").at(what.to_string()));
    }
    // The encoder turns lone surrogates into U+FFFD, which only non-ASCII text can hold: then ask
    // JS whether the text was real (`isWellFormed`, native: a byte scan here for U+FFFD was 10 ms
    // of a 5 MB Content API import).
    if !s.is_ascii() && !js.is_well_formed() {
        return Err(Error::new(
            INVALID_ARGUMENT,
            format!("{what} contains a lone UTF-16 surrogate (not valid Unicode text)"),
        )
        .at(what.to_string()));
    }
    Ok(s)
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Copies a JS string into wasm memory as UTF-8 (lone surrogates become U+FFFD, as with
/// wasm-bindgen's own copy). Long strings (a webhook body) are encoded by the engine's native
/// `TextEncoder.encodeInto` straight into a Rust buffer: wasm-bindgen's glue walks them one
/// UTF-16 unit at a time in JS, which was a fifth of `verifySignature`'s time.
fn copy_string(js: &js_sys::JsString) -> String {
    let units = js.length() as usize;
    if units < 256 {
        return String::from(js);
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    let mut buf = vec![0u8; units * 3];
    let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
        &wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer(),
        buf.as_ptr() as u32,
        buf.len() as u32,
    );
    let written = ENCODER.with(|e| e.encode_into(js, &view)).written();
    buf.truncate(written as usize);
    // encodeInto writes well-formed UTF-8; anything else (never seen) falls back to the glue.
    String::from_utf8(buf).unwrap_or_else(|_| String::from(js))
}

/// Like [`string_arg`], but `undefined` and `null` read as `None`.
#[allow(dead_code)] // used by the domain bindings
pub(crate) fn opt_string_arg(
    v: &JsValue,
    what: &str,
    max_bytes: usize,
) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    string_arg(v, what, max_bytes).map(Some)
}

/// A short name of a JS value's type for error messages (`number`, `array`, `null`, …).
pub(crate) fn js_type(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if v.is_undefined() {
        "undefined"
    } else if js_sys::Array::is_array(v) {
        "array"
    } else if v.is_string() {
        "string"
    } else if v.as_f64().is_some() {
        "number"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "bigint"
    } else if v.is_symbol() {
        "symbol"
    } else if v.is_function() {
        "function"
    } else {
        "object"
    }
}

/// Serialises a core value to a plain JS object (objects, not `Map`s), through JSON text.
pub(crate) fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    parse_json(&to_json(v)?)
}

/// A core value's JSON text.
#[cfg_attr(not(feature = "js-rules"), allow(dead_code))] // used by the rules bindings
pub(crate) fn to_json<T: Serialize + ?Sized>(v: &T) -> Result<String, JsValue> {
    serde_json::to_string(v).map_err(|_| internal("not representable as JSON"))
}

/// `JSON.parse` of a result's JSON text (written by this crate, so it always parses).
pub(crate) fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| internal("invalid JSON"))
}

fn internal(what: &str) -> JsValue {
    js_error(&Error::new(
        "INTERNAL",
        format!("could not build the result: {what}"),
    ))
}

/// The real clock, in epoch milliseconds (`Date.now()`).
#[allow(dead_code)] // used by the domain bindings
pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The package version, from Cargo.toml.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

// Hand-written: `WaGuardError` is the JS class the bindings throw (no Rust type), and `Problem` /
// `Span` are its serialised form, typed with the `ErrorCode` union that pkg-scripts/glue.mjs
// generates from src/error-codes.json (the core's `code` is a plain `&'static str`).
#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &str = r#"
/** A character span `[start, end)` in a text, counted in Unicode scalar values. */
export interface Span { start: number; end: number; }

/** One problem found by a validator (also the shape of `WaGuardError.problems` items). */
export interface Problem {
  /** Stable machine-readable code, e.g. `E164_TOO_LONG`. */
  code: ErrorCode;
  message: string;
  /** JSON path of the offending field, e.g. `workstreams[2].templates[0].sid`. */
  path?: string;
  span?: Span;
  problems?: Problem[];
}

/** Every function of wa-guard throws this on bad input: an `Error` with a stable `code`.
 *  `e instanceof WaGuardError` and `isWaGuardError(e)` tell it from other errors. */
export class WaGuardError extends Error {
  private constructor();
  name: "WaGuardError";
  code: ErrorCode;
  path?: string;
  span?: Span;
  /** Every individual problem, for aggregate errors such as `CONFIG_INVALID`. */
  problems?: Problem[];
}
"#;
