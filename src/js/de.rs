//! A small serde `Deserializer` over a `JsValue`, used by [`super::from_js`].
//!
//! Why not serde-wasm-bindgen's: its type errors format the offending number with `f64`'s
//! `Display` (serde's `Unexpected::Float`), which drags ~20 KB of float-printing code into the
//! `.wasm`; and it reads only the fields a struct declares, so `#[serde(deny_unknown_fields)]`
//! never fires. This one names JS types in words, reads a `Date` as its epoch milliseconds, reads
//! an object's own enumerable keys (so unknown fields are reported), limits nesting to
//! [`MAX_DEPTH`] levels (a hostile value cannot exhaust the stack), treats `undefined` properties as absent, and reports the JSON path of the
//! offending value (`workstreams[2].templates[0].sid`).

use crate::error::join_path;
use core::fmt;
use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

/// A deserialisation error: a message and the path of the offending value.
#[derive(Debug)]
pub(crate) struct DeError {
    pub(crate) message: String,
    pub(crate) path: Option<String>,
}

impl DeError {
    fn under(mut self, seg: &str) -> Self {
        self.path = Some(join_path(seg, self.path.as_deref()));
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

/// Names a value kind without printing it (no float formatting).
fn kind(u: &Unexpected<'_>) -> &'static str {
    match u {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) => "an integer",
        Unexpected::Float(_) => "a number with a fraction",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Unit | Unexpected::Option => "null",
        Unexpected::Seq => "an array",
        Unexpected::Map => "an object",
        _ => "a value of another type",
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            path: None,
        }
    }
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("expected {exp}, got {}", kind(&unexp)))
    }
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("expected {exp}, got another {}", kind(&unexp)))
    }
}

type R<T> = Result<T, DeError>;

/// Deserialises one JS value at a nesting depth.
pub(crate) struct De(pub(crate) JsValue, pub(crate) u32);

impl De {
    /// The top-level value of an argument.
    pub(crate) fn new(v: JsValue) -> Self {
        De(v, 0)
    }
}

/// Deepest nesting of arrays and objects read (`INPUT_TOO_LARGE` past it).
pub(crate) const MAX_DEPTH: u32 = 64;

/// The depth of the values inside one at `depth`.
fn nested(depth: u32) -> R<u32> {
    if depth >= MAX_DEPTH {
        return Err(de::Error::custom(format_args!(
            "{TOO_LARGE}values are nested deeper than {MAX_DEPTH} levels"
        )));
    }
    Ok(depth + 1)
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// An object that can stand for a struct or map: not an array, function, `Map`, `Set`, `Date`,
/// `RegExp`, `ArrayBuffer` or typed array (whose data are not own enumerable properties).
fn is_plain_object(v: &JsValue) -> bool {
    v.is_object()
        && !v.is_function()
        && !js_sys::Array::is_array(v)
        && !v.is_instance_of::<js_sys::Map>()
        && !v.is_instance_of::<js_sys::Set>()
        && !v.is_instance_of::<js_sys::Date>()
        && !v.is_instance_of::<js_sys::RegExp>()
        && !v.is_instance_of::<js_sys::ArrayBuffer>()
        && !js_sys::ArrayBuffer::is_view(v)
}

/// Not generic (one copy in the `.wasm`): an error when `v` is an object but not a plain one.
#[inline(never)]
fn check_plain(v: &JsValue) -> R<()> {
    if is_absent(v) || !v.is_object() || is_plain_object(v) {
        return Ok(());
    }
    Err(de::Error::custom(if js_sys::Array::is_array(v) {
        "expected an object, got an array"
    } else {
        "expected a plain object, got a Map, Set, Date or other built-in object"
    }))
}

/// Marks a message as a limit error: `from_js` strips it and uses the code `INPUT_TOO_LARGE`
/// (a marker rather than a field: a bigger `DeError` costs ~2 KB in the generic code).
pub(crate) const TOO_LARGE: &str = "\u{0}too large\u{0}";

/// Longest string read from a JS object, in UTF-8 bytes (every documented field limit is lower;
/// this bounds the copy into wasm memory before the domain checks run).
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;
/// Most items read from one JS array (domain limits such as 100,000 events are checked too).
pub(crate) const MAX_ARRAY_LEN: usize = 100_000;

/// Reads a JS string (the caller checked `is_string`): past [`MAX_STRING_BYTES`] is
/// `INPUT_TOO_LARGE` (checked on the UTF-16 length before copying); a lone surrogate is an error,
/// not a silent U+FFFD.
#[inline(never)] // one copy, not one per visitor
fn check_array_len(arr: &js_sys::Array) -> R<()> {
    if arr.length() as usize > MAX_ARRAY_LEN {
        return Err(de::Error::custom(format_args!(
            "{TOO_LARGE}an array is longer than the limit of {MAX_ARRAY_LEN} items"
        )));
    }
    Ok(())
}

#[inline(never)] // one copy, not one per visitor
fn read_string(v: &JsValue) -> R<String> {
    let js: &js_sys::JsString = v.unchecked_ref();
    let too_large = || {
        de::Error::custom(format_args!(
            "{TOO_LARGE}a string is larger than the limit of {MAX_STRING_BYTES} bytes"
        ))
    };
    if js.length() as usize > MAX_STRING_BYTES {
        return Err(too_large());
    }
    let s = v.as_string().unwrap_or_default();
    if s.len() > MAX_STRING_BYTES {
        return Err(too_large());
    }
    let has_replacement =
        !s.is_ascii() && s.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes());
    if has_replacement && !js.is_well_formed() {
        return Err(de::Error::custom(
            "a string contains a lone UTF-16 surrogate (not valid Unicode text)",
        ));
    }
    Ok(s)
}

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// What a JS value is, for serde.
enum Value {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Seq),
    Map(Map),
    Other,
}

fn classify(v: JsValue, depth: u32) -> R<Value> {
    // Most common kinds first: each test is a call into JS.
    if v.is_string() {
        return Ok(Value::Str(read_string(&v)?));
    }
    let n = match v.as_f64() {
        Some(n) => Some(n),
        // A `Date` reads as its epoch milliseconds (NaN when invalid).
        None if v.is_object() => v.dyn_ref::<js_sys::Date>().map(js_sys::Date::get_time),
        None => None,
    };
    if let Some(n) = n {
        return Ok(if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
            Value::Int(n as i64)
        } else {
            Value::Float(n)
        });
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if is_absent(&v) {
        return Ok(Value::Unit);
    }
    if let Some(arr) = v.dyn_ref::<js_sys::Array>() {
        check_array_len(arr)?;
        return Ok(Value::Seq(Seq {
            arr: arr.clone(),
            i: 0,
            depth: nested(depth)?,
        }));
    }
    if v.is_object() && !v.is_function() {
        let obj: js_sys::Object = v.unchecked_into();
        let keys = js_sys::Object::keys(&obj);
        return Ok(Value::Map(Map {
            obj,
            keys,
            i: 0,
            value: None,
            key: String::new(),
            depth: nested(depth)?,
        }));
    }
    Ok(Value::Other)
}

/// The kind of a JS value in words, for type errors (no value printed: no float formatting).
fn kind_of(v: &JsValue) -> &'static str {
    match classify_kind(v) {
        Kind::Absent if v.is_null() => "null",
        Kind::Absent => "undefined",
        Kind::Bool => "a boolean",
        Kind::Num(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => "an integer",
        Kind::Num(_) => "a number with a fraction",
        Kind::Str => "a string",
        Kind::Arr => "an array",
        Kind::Obj => "an object",
        Kind::Other => "a function, symbol or bigint",
    }
}

enum Kind {
    Absent,
    Bool,
    Num(f64),
    Str,
    Arr,
    Obj,
    Other,
}

fn classify_kind(v: &JsValue) -> Kind {
    if v.is_string() {
        Kind::Str
    } else if let Some(n) = v.as_f64() {
        Kind::Num(n)
    } else if v.as_bool().is_some() {
        Kind::Bool
    } else if is_absent(v) {
        Kind::Absent
    } else if js_sys::Array::is_array(v) {
        Kind::Arr
    } else if v.is_object() && !v.is_function() {
        Kind::Obj
    } else {
        Kind::Other
    }
}

/// `expected {what}, got {kind of v}`. Not generic: one copy in the .wasm.
#[inline(never)]
fn wrong_type(what: &str, v: &JsValue) -> DeError {
    de::Error::custom(format_args!("expected {what}, got {}", kind_of(v)))
}

// The typed entry points below read the JS value with non-generic helpers and call only the one
// `visit_*` method the type asks for: each derived visitor is instantiated for one kind of value
// instead of all of them (as `deserialize_any` would), which keeps the generic code small.
impl De {
    #[inline(never)]
    fn take_string(self) -> R<String> {
        if self.0.is_string() {
            read_string(&self.0)
        } else {
            Err(wrong_type("a string", &self.0))
        }
    }

    #[inline(never)]
    fn take_map(self) -> R<Map> {
        check_plain(&self.0)?;
        match classify(self.0.clone(), self.1)? {
            Value::Map(m) => Ok(m),
            _ => Err(wrong_type("an object", &self.0)),
        }
    }

    #[inline(never)]
    fn take_seq(self) -> R<Seq> {
        match classify(self.0.clone(), self.1)? {
            Value::Seq(s) => Ok(s),
            _ => Err(wrong_type("an array", &self.0)),
        }
    }

    #[inline(never)]
    fn take_bool(self) -> R<bool> {
        self.0
            .as_bool()
            .ok_or_else(|| wrong_type("a boolean", &self.0))
    }

    /// A whole number (a `Date` reads as its epoch milliseconds).
    #[inline(never)]
    fn take_int(self) -> R<i64> {
        match classify(self.0.clone(), self.1)? {
            Value::Int(n) => Ok(n),
            _ => Err(wrong_type("a whole number", &self.0)),
        }
    }

    #[inline(never)]
    fn take_f64(self) -> R<f64> {
        match classify(self.0.clone(), self.1)? {
            Value::Int(n) => Ok(n as f64),
            Value::Float(n) => Ok(n),
            _ => Err(wrong_type("a number", &self.0)),
        }
    }
}

impl<'de> de::Deserializer<'de> for De {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        // The JS inspection is not generic (one copy in the .wasm); only the dispatch is.
        match classify(self.0, self.1)? {
            Value::Unit => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(n) => visitor.visit_i64(n),
            Value::Float(n) => visitor.visit_f64(n),
            Value::Str(s) => visitor.visit_string(s),
            Value::Seq(seq) => visitor.visit_seq(seq),
            Value::Map(map) => visitor.visit_map(map),
            Value::Other => Err(de::Error::invalid_type(
                Unexpected::Other("a function, symbol or bigint"),
                &visitor,
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        if is_absent(&self.0) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> R<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        let depth = nested(self.1)?;
        if self.0.is_string() {
            return visitor.visit_enum(read_string(&self.0)?.into_deserializer());
        }
        // Externally tagged: `{ "Variant": value }`.
        if self.0.is_object() && !js_sys::Array::is_array(&self.0) {
            let obj: js_sys::Object = self.0.unchecked_into();
            let keys = js_sys::Object::keys(&obj);
            if keys.length() == 1 {
                let key = keys.get(0).as_string().unwrap_or_default();
                let value = js_sys::Reflect::get(&obj, &JsValue::from_str(&key))
                    .unwrap_or(JsValue::UNDEFINED);
                return visitor.visit_enum(Enum { key, value, depth });
            }
        }
        Err(de::Error::custom(format_args!(
            "expected {}",
            &visitor as &dyn de::Expected
        )))
    }

    // Objects are read from plain objects only: an array, `Map`, `Set`, `Date`, typed array… in
    // an object's place is a type error, not an object with no fields.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        visitor.visit_map(self.take_map()?)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_map(self.take_map()?)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_seq(self.take_seq()?)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> R<V::Value> {
        visitor.visit_seq(self.take_seq()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_string(self.take_string()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_string(self.take_string()?)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_string(self.take_string()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_bool(self.take_bool()?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_i64(self.take_int()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_f64(self.take_f64()?)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i128 u128 f32 char bytes byte_buf
        unit unit_struct tuple_struct ignored_any
    }
}

struct Seq {
    arr: js_sys::Array,
    i: u32,
    depth: u32,
}

impl<'de> SeqAccess<'de> for Seq {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        if self.i >= self.arr.length() {
            return Ok(None);
        }
        let i = self.i;
        self.i += 1;
        seed.deserialize(De(self.arr.get(i), self.depth))
            .map(Some)
            .map_err(|e| e.under(&format!("[{i}]")))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.arr.length().saturating_sub(self.i) as usize)
    }
}

struct Map {
    obj: js_sys::Object,
    keys: js_sys::Array,
    i: u32,
    key: String,
    value: Option<JsValue>,
    depth: u32,
}

impl Map {
    /// Moves to the next key whose value is not `undefined` (`{ now: undefined }` means "not
    /// given", as in JSON); false at the end. Not generic: one copy in the .wasm.
    fn advance(&mut self) -> bool {
        while self.i < self.keys.length() {
            let k = self.keys.get(self.i);
            self.i += 1;
            // Look the value up with the key as JS gave it (no re-encoding of the name).
            let value = js_sys::Reflect::get(&self.obj, &k).unwrap_or_default();
            if !value.is_undefined() {
                self.value = Some(value);
                self.key = k.as_string().unwrap_or_default();
                return true;
            }
        }
        false
    }
}

impl<'de> MapAccess<'de> for Map {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        if !self.advance() {
            return Ok(None);
        }
        seed.deserialize(self.key.as_str().into_deserializer())
            .map(Some)
            .map_err(|e: DeError| e.under(&self.key))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        let v = self.value.take().unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(De(v, self.depth))
            .map_err(|e| e.under(&self.key))
    }
}

struct Enum {
    key: String,
    value: JsValue,
    depth: u32,
}

impl<'de> EnumAccess<'de> for Enum {
    type Error = DeError;
    type Variant = Variant;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> R<(S::Value, Variant)> {
        let key = self.key;
        let v = seed
            .deserialize(key.as_str().into_deserializer())
            .map_err(|e: DeError| e.under(&key))?;
        Ok((
            v,
            Variant {
                key,
                value: self.value,
                depth: self.depth,
            },
        ))
    }
}

struct Variant {
    key: String,
    value: JsValue,
    depth: u32,
}

impl<'de> VariantAccess<'de> for Variant {
    type Error = DeError;
    fn unit_variant(self) -> R<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> R<T::Value> {
        seed.deserialize(De(self.value, self.depth))
            .map_err(|e| e.under(&self.key))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> R<V::Value> {
        de::Deserializer::deserialize_any(De(self.value, self.depth), visitor)
            .map_err(|e| e.under(&self.key))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        de::Deserializer::deserialize_any(De(self.value, self.depth), visitor)
            .map_err(|e| e.under(&self.key))
    }
}
