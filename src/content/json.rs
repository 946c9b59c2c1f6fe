//! A small JSON tree for Content API imports: parsed from text, written back as text.
//!
//! Why not serde_json: its parser, `Value` (a `BTreeMap` per object) and serializer added
//! ~75 KB gzip to the agent-UI entry (measured with `pkg-scripts/build`, see README "Size"),
//! most of the budget. This parser keeps what an import needs and nothing more: objects as
//! vectors (Twilio's key order kept), numbers as their text (no float parsing or formatting
//! code; written back exactly as they came), a nesting limit instead of unbounded recursion.
//! serde_json stays the oracle in the tests.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;

/// Writes `s` as a JSON string literal ([`crate::template::write_json_string`]). One call site
/// for the whole module: more callers of the shared writer changed LLVM's inlining of it in
/// the webhook entry (+50 B gzip there), which must not change.
#[inline(never)]
pub(crate) fn write_str(out: &mut String, s: &str) {
    // Most strings need no escape: copied whole after one scan of 8 bytes at a time (the shared
    // writer looks at each byte; a 5 MB import is written back whole).
    if plain_run_end(s.as_bytes(), 0, false) == s.len() {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    crate::template::write_json_string(out, s);
}

/// Writes `s` as a JSON string literal in ASCII: escaped as `JSON.stringify` does (`"`, `\\`,
/// control characters), and every non-ASCII character as `\uXXXX` too (UTF-16, so a character
/// beyond the BMP is a surrogate pair). The value is the same after `JSON.parse`; ASCII text is
/// what the JS side decodes fastest (V8 copies it into a one-byte string): for the bindings'
/// large results (`parseContentApi`).
pub(crate) fn write_ascii(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(s.len() + 2);
    out.push('"');
    let mut i = plain_run_end(b, 0, true);
    out.push_str(s.get(..i).unwrap_or(""));
    // (Most strings end here: copied whole.)
    while i < b.len() {
        // At a character to escape, then at the run after it that needs none (found eight bytes
        // at a time; a run ends at an ASCII byte or at the lead byte of a character).
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            _ => "",
        };
        if esc.is_empty() {
            for u in c.encode_utf16(&mut [0; 2]) {
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    let d = usize::from((*u >> shift) & 15);
                    out.push(char::from(*HEX.get(d).unwrap_or(&b'0')));
                }
            }
        } else {
            out.push_str(esc);
        }
        let end = plain_run_end(b, i, true);
        out.push_str(s.get(i..end).unwrap_or(""));
        i = end;
    }
    out.push('"');
}

/// The value of a run of 1–16 decimal digits (no sign, no fraction); `None` otherwise. (Not
/// `str::parse`: each of its instantiations costs wasm bytes.)
pub(crate) fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// The value of a run of 1–16 hex digits; `None` otherwise.
pub(crate) fn hex(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        crate::util::hex_value(b).map(|d| n * 16 + u64::from(d))
    })
}

/// Deepest nesting of arrays and objects [`Json::parse`] accepts (serde_json's default too).
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Its strings and numbers borrow the text it was parsed from ([`Json::parse`])
/// where they can (a string with an escape is decoded into its own `String`), so parsing a large
/// import allocates little more than its arrays and objects. `Json<'static>` owns everything
/// ([`Json::into_owned`]): what a [`super::ContentTemplate`] keeps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Json<'a> {
    #[default]
    Null,
    Bool(bool),
    /// A number, as its JSON text (`-0.1276`, `5`, `2.5e300`).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in document order (a repeated key: the last one counts, as in `JSON.parse`).
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Where and why text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset in the text.
    pub offset: usize,
    pub message: &'static str,
}

impl<'a> Json<'a> {
    /// The member `k` of an object (the last one when repeated).
    pub fn get(&self, k: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(m) => m.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Element `i` of an array.
    pub fn at(&self, i: usize) -> Option<&Json<'a>> {
        match self {
            Json::Array(a) => a.get(i),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Parses JSON text (RFC 8259; whitespace around the value allowed, nothing after it).
    pub fn parse(text: &'a str) -> Result<Json<'a>, JsonError> {
        let mut p = Parser {
            s: text,
            b: text.as_bytes(),
            i: 0,
            members: Vec::new(),
            elems: Vec::new(),
        };
        p.ws();
        let v = p.value(0)?;
        p.ws();
        if p.i < p.b.len() {
            return Err(p.err("unexpected text after the JSON value"));
        }
        Ok(v)
    }

    /// Appends the JSON text of `self`, in ASCII: strings escaped as `JSON.stringify` does, and
    /// non-ASCII characters as `\uXXXX` (the same values after `JSON.parse`).
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_ascii(out, s),
            Json::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write(out);
                }
                out.push(']');
            }
            Json::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_ascii(out, k);
                    out.push(':');
                    x.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The JSON text of `self`.
    pub fn to_json_string(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    /// A copy of `self` that owns every string.
    pub fn to_owned_json(&self) -> Json<'static> {
        let own = |s: &Cow<'_, str>| Cow::Owned(String::from(&**s));
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(*b),
            Json::Number(n) => Json::Number(own(n)),
            Json::String(s) => Json::String(own(s)),
            // (Loops, not `map` + `collect`: each of those is its own code in the wasm.)
            Json::Array(a) => {
                let mut v = Vec::with_capacity(a.len());
                for x in a {
                    v.push(x.to_owned_json());
                }
                Json::Array(v)
            }
            Json::Object(m) => {
                let mut v = Vec::with_capacity(m.len());
                for (k, x) in m {
                    v.push((own(k), x.to_owned_json()));
                }
                Json::Object(v)
            }
        }
    }

    /// `self`, owning every string (the ones it borrowed are copied).
    pub fn into_owned(self) -> Json<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(own(n)),
            Json::String(s) => Json::String(own(s)),
            Json::Array(a) => Json::Array(a.into_iter().map(Json::into_owned).collect()),
            Json::Object(m) => Json::Object(
                m.into_iter()
                    .map(|(k, x)| (own(k), x.into_owned()))
                    .collect(),
            ),
        }
    }
}

/// Native users may serialise templates with serde (numbers as integers where they are, else
/// as floats). The bindings write JSON by hand ([`Json::write`]).
impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => {
                if let Ok(u) = n.parse::<u64>() {
                    s.serialize_u64(u)
                } else if let Ok(i) = n.parse::<i64>() {
                    s.serialize_i64(i)
                } else {
                    s.serialize_f64(n.parse::<f64>().unwrap_or(0.0))
                }
            }
            Json::String(x) => s.serialize_str(x),
            Json::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Json::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, x) in m {
                    map.serialize_entry(k, x)?;
                }
                map.end()
            }
        }
    }
}

/// Native users may read templates with serde (a configuration's `contentTemplates`); numbers
/// keep the text serde gives them. (The bindings parse JSON text with [`Json::parse`].)
impl<'de> serde::Deserialize<'de> for Json<'static> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json<'static>, D::Error> {
        use serde::de::{MapAccess, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json<'static>;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json<'static>, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json<'static>, E> {
                Ok(Json::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Json<'static>, D::Error> {
                <Json<'static> as serde::Deserialize>::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json<'static>, E> {
                Ok(Json::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json<'static>, E> {
                Ok(Json::Number(Cow::Owned(n.to_string())))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json<'static>, E> {
                Ok(Json::Number(Cow::Owned(n.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Json<'static>, E> {
                if !n.is_finite() {
                    return Err(E::custom("a JSON number must be finite"));
                }
                Ok(Json::Number(Cow::Owned(n.to_string())))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json<'static>, E> {
                Ok(Json::String(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Json<'static>, E> {
                Ok(Json::String(Cow::Owned(s)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json<'static>, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Array(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Json<'static>, A::Error> {
                let mut v: Vec<(Cow<'static, str>, Json<'static>)> = Vec::new();
                while let Some((k, x)) = m.next_entry::<String, Json<'static>>()? {
                    v.retain(|(y, _)| *y != k);
                    v.push((Cow::Owned(k), x));
                }
                Ok(Json::Object(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// The end of the run of bytes from `from` that need no handling in a JSON string (not `"`, `\\`
/// or a control character; with `ascii`, not a byte of a non-ASCII character either): eight
/// bytes at a time (SWAR), then byte by byte. A byte at a time was a third of a 5 MB import's
/// parse time in wasm.
#[inline]
fn plain_run_end(b: &[u8], from: usize, ascii: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `x` is zero / below 0x20 (exact for bytes below 0x80; a byte at or above
    // 0x80 never sets the flag here since `!x & HIGH` masks it out).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let high = if ascii { HIGH } else { 0 };
    let mut i = from;
    while let Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) = b.get(i..i + 8) {
        let x = u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
        let hit = zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | (x & high);
        if hit != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 || (ascii && c >= 0x80) {
            break;
        }
        i += 1;
    }
    i
}

/// Reads JSON text piece by piece, strings borrowed from the text where they have no escape
/// (no tree, almost no allocation): for the small fixed-shape texts the JS glue writes with
/// `JSON.stringify` (no whitespace), e.g. `templateEligibility`'s input. `None`: not that shape.
#[allow(dead_code)] // used by the JS bindings
pub(crate) struct Reader<'a>(Parser<'a>);

#[allow(dead_code)] // used by the JS bindings
impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Reader<'a> {
        Reader(Parser {
            s: text,
            b: text.as_bytes(),
            i: 0,
            members: Vec::new(),
            elems: Vec::new(),
        })
    }

    /// Skips the byte `c` if it comes next; whether it did.
    pub(crate) fn eat(&mut self, c: u8) -> bool {
        let hit = self.0.peek() == Some(c);
        self.0.i += usize::from(hit);
        hit
    }

    /// The byte `c`, or `None`.
    pub(crate) fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }

    /// Any JSON value (skipped): `Some(None)`; a string: `Some(Some(text))`.
    pub(crate) fn str_or_other(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.0.peek() == Some(b'"') {
            return self.0.string_cow().ok().map(Some);
        }
        self.0.value(0).ok().map(|_| None)
    }

    /// `true` / `false`: `Some(Some(b))`; any other value (skipped): `Some(None)`.
    pub(crate) fn bool_or_other(&mut self) -> Option<Option<bool>> {
        match self.0.value(0).ok()? {
            Json::Bool(b) => Some(Some(b)),
            _ => Some(None),
        }
    }

    /// Whether the whole text was read.
    pub(crate) fn at_end(&self) -> bool {
        self.0.i == self.0.b.len()
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// The members and elements of the objects and arrays being read, innermost last: each is
    /// moved into a vector of its exact size when it closes (growing one vector per object was
    /// most of the parser's allocations).
    members: Vec<(Cow<'a, str>, Json<'a>)>,
    elems: Vec<Json<'a>>,
}

impl<'a> Parser<'a> {
    fn err(&self, message: &'static str) -> JsonError {
        JsonError {
            offset: self.i,
            message,
        }
    }

    // (Inlined: the module is compiled for size, and a call per byte of a 6 MB import showed in
    // its profile.)
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips whitespace: one inlined comparison when there is none (`JSON.stringify`'s text).
    #[inline(always)]
    fn ws(&mut self) {
        if self.peek().is_some_and(|c| c <= b' ') {
            self.ws_run();
        }
    }

    fn ws_run(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn lit(&mut self, word: &str, v: Json<'a>) -> Result<Json<'a>, JsonError> {
        if matches!(self.b.get(self.i..self.i + word.len()), Some(w) if w == word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        match self.peek() {
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                self.i += 1;
                self.ws();
                if matches!(self.peek(), Some(b'}')) {
                    self.i += 1;
                    return Ok(Json::Object(Vec::new()));
                }
                let from = self.members.len();
                loop {
                    self.ws();
                    if !matches!(self.peek(), Some(b'"')) {
                        return Err(self.err("expected a string key"));
                    }
                    let k = self.string_cow()?;
                    self.ws();
                    if !matches!(self.peek(), Some(b':')) {
                        return Err(self.err("expected ':'"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    self.members.push((k, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(self.members.split_off(from)));
                        }
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                self.i += 1;
                self.ws();
                if matches!(self.peek(), Some(b']')) {
                    self.i += 1;
                    return Ok(Json::Array(Vec::new()));
                }
                let from = self.elems.len();
                loop {
                    self.ws();
                    let v = self.value(depth + 1)?;
                    self.elems.push(v);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Array(self.elems.split_off(from)));
                        }
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => self.string_cow().map(Json::String),
            Some(b't') => self.lit("true", Json::Bool(true)),
            Some(b'f') => self.lit("false", Json::Bool(false)),
            Some(b'n') => self.lit("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.err("unexpected end of the text")),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let from = self.i;
        if matches!(self.peek(), Some(b'-')) {
            self.i += 1;
        }
        let lead = self.peek();
        let n = self.digits();
        if n == 0 || (matches!(lead, Some(b'0')) && n > 1) {
            return Err(self.err("invalid number"));
        }
        if matches!(self.peek(), Some(b'.')) {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(Json::Number(Cow::Borrowed(
            self.s.get(from..self.i).unwrap_or("0"),
        )))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| hex(h).and_then(|v| u32::try_from(v).ok()))
            .ok_or_else(|| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    /// A string borrowed from the text when it has no escape; `self.i` at its opening quote.
    /// (Inlined into [`Parser::value`]: a call per key and string, returning its `Result` through
    /// memory, was ~4 % of a 6 MB import's time in wasm; +50 B.)
    #[inline(always)]
    fn string_cow(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let end = plain_run_end(self.b, self.i + 1, false);
        if matches!(self.b.get(end), Some(b'"')) {
            let out = self.s.get(self.i + 1..end).unwrap_or("");
            self.i = end + 1;
            return Ok(Cow::Borrowed(out));
        }
        self.string().map(Cow::Owned)
    }

    /// A string with an escape, decoded; `self.i` at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let run_end = |b: &[u8], i: usize| plain_run_end(b, i, false);
        let mut out = String::new();
        loop {
            let run = self.i;
            self.i = run_end(self.b, self.i);
            // The run ends at an ASCII byte (or the end): a character boundary.
            out.push_str(self.s.get(run..self.i).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let e = self.peek().ok_or_else(|| self.err("unfinished escape"))?;
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if !matches!(self.b.get(self.i..self.i + 2), Some(b"\\u")) {
                                    return Err(self.err("lone UTF-16 surrogate"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone UTF-16 surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp).ok_or_else(|| self.err("lone UTF-16 surrogate"))?
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.err("control character in a string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}
