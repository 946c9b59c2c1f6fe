//! Results to JS through JSON text (used by the bindings, `src/js`): core values are serialised to a JSON string here and turned
//! into plain JS objects by one `JSON.parse` call.
//!
//! Why not serde-wasm-bindgen's serializer: it builds the result one `Reflect.set` at a time, each
//! field a call into JS with its own glue, which cost ~8 KB gzip of `.wasm` across the result
//! types. Appending to a string is a few bytes of code per field. The output is what
//! serde-wasm-bindgen's `json_compatible()` gave: structs and maps as objects, `None` as `null`,
//! unit variants as strings. The core's results hold no floats (no float formatting either).

use core::fmt::{self, Display};
use serde::ser::{self, Serialize};

/// The only failure: a type this serializer does not support (a float, bytes): a bug, not input.
#[derive(Debug)]
pub(crate) struct Unsupported(pub(crate) String);

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

type R = Result<(), Unsupported>;

/// Serialises `v` as JSON text.
pub(crate) fn to_string<T: Serialize + ?Sized>(v: &T) -> Result<String, Unsupported> {
    let mut w = Json(String::with_capacity(256));
    v.serialize(&mut w)?;
    Ok(w.0)
}

/// The JSON text being written.
pub(crate) struct Json(String);

impl Json {
    /// A JSON string literal.
    #[inline(never)]
    fn string(&mut self, s: &str) {
        crate::template::write_json_string(&mut self.0, s);
    }

    #[inline(never)]
    fn int(&mut self, n: i128) {
        push_int(&mut self.0, n);
    }

    /// Opens an object or array; `first` tracks whether a comma is due.
    fn open(&mut self, c: char) -> Compound<'_> {
        self.0.push(c);
        Compound {
            w: self,
            first: true,
        }
    }
}

/// An object or array being written.
pub(crate) struct Compound<'a> {
    w: &'a mut Json,
    first: bool,
}

impl Compound<'_> {
    #[inline(never)]
    fn comma(&mut self) {
        if !self.first {
            self.w.0.push(',');
        }
        self.first = false;
    }

    #[inline(never)]
    fn key(&mut self, k: &str) {
        self.comma();
        self.w.string(k);
        self.w.0.push(':');
    }
}

/// Appends the decimal digits of `n` (no `fmt` machinery).
pub(crate) fn push_int(out: &mut String, n: i128) {
    if n < 0 {
        out.push('-');
    }
    let mut m = n.unsigned_abs();
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (m % 10) as u8;
        }
        m /= 10;
        if m == 0 || i == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

fn unsupported(what: &str) -> Unsupported {
    Unsupported(format!("cannot serialise {what} to JSON here"))
}

impl<'a> ser::Serializer for &'a mut Json {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> R {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.int(v.into());
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> R {
        Err(unsupported("a float"))
    }
    fn serialize_f64(self, _: f64) -> R {
        Err(unsupported("a float"))
    }
    fn serialize_char(self, v: char) -> R {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> R {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        let mut c = self.open('{');
        c.key(variant);
        v.serialize(&mut *c.w)?;
        c.w.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open('['))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open('['))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open('['))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(unsupported("a tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open('{'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Unsupported> {
        Ok(self.open('{'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(unsupported("a struct variant"))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.comma();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        self.w.0.push(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R {
        // Keys are strings (JSON object keys): written as any string value is.
        self.comma();
        k.serialize(&mut *self.w)?;
        self.w.0.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        self.w.0.push('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, k: &'static str, v: &T) -> R {
        self.key(k);
        v.serialize(&mut *self.w)
    }
    fn end(self) -> R {
        self.w.0.push('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::to_string;
    use crate::error::Error;
    use serde::Serialize;

    /// Every value must serialise exactly as serde_json does.
    fn same<T: Serialize>(v: &T) {
        let want = serde_json::to_string(v).unwrap();
        assert_eq!(to_string(v).unwrap(), want);
    }

    #[test]
    fn scalars_strings_and_options_match_serde_json() {
        for n in [
            0i64,
            1,
            -1,
            9,
            10,
            99,
            100,
            -100,
            i64::MAX,
            i64::MIN,
            9_007_199_254_740_993,
        ] {
            same(&n);
        }
        same(&u64::MAX);
        same(&true);
        same(&false);
        same(&Option::<String>::None);
        same(&Some("x"));
        for s in [
            "",
            "plain",
            "quote \" back\\slash",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}",
            "é中😀",
            "\u{2028}\u{2029}\u{7f}",
            // Escapes at either end and between multi-byte characters (runs are copied whole).
            "\"",
            "\"a\\",
            "é\n中\u{1}😀\u{1f}",
            "\u{0}\u{0}x\u{0}",
        ] {
            same(&s);
        }
        same(&'\n');
        same(&vec![("a", 1), ("b", 2)]);
        same(&Vec::<u8>::new());
        let mut m = std::collections::BTreeMap::new();
        m.insert("k\"1", vec![Some(1), None]);
        m.insert("k2", vec![]);
        same(&m);
    }

    #[test]
    fn results_of_the_core_match_serde_json() {
        let e = Error::aggregate(
            "CODE",
            "message with \"quotes\"",
            vec![Error::new("INNER", "x"), Error::new("INNER2", "y").at("z")],
        )
        .at("a[0].b")
        .with_span(3, 7);
        same(&e);
        same(&crate::config::validation(
            &serde_json::from_str(include_str!("../tests/vectors/messages-config.json")).unwrap(),
        ));
        let t0 = crate::window::MIN_INSTANT_MS;
        let w = crate::window::window_state(
            Some(t0),
            None,
            t0 + 3_600_000,
            &crate::window::Options::default(),
        )
        .unwrap();
        same(&w);
        same(&crate::number::parse_e164("+14155238886").unwrap().info());
        let pairs = crate::form::decode("Body=Hi+there&To=whatsapp%3A%2B1").unwrap();
        same(&pairs);
        let inbound = crate::message::parse_inbound(
            &crate::form::decode(include_str!("../tests/vectors/inbound/media.form")).unwrap(),
        )
        .unwrap();
        same(&inbound);
    }

    #[test]
    fn floats_are_refused_not_guessed() {
        assert!(to_string(&1.5f64).is_err());
    }
}
