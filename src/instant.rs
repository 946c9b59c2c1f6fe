//! Instants: what callers give (epoch milliseconds or an ISO 8601 / RFC 3339 string with an
//! offset) and how wa-guard writes them (RFC 3339, UTC, milliseconds).
//!
//! Accepted: `2026-11-24T09:30:00+01:00`, `…Z`, also `+0100`, `+01` and minute precision
//! `2026-11-24T09:30Z`, or an integer count of epoch milliseconds, between
//! 2009-01-01T00:00:00.000Z (WhatsApp did not exist before) and 9999-12-31T23:59:59.999Z; epoch
//! *seconds* are named as such in the error. chrono is the test oracle (it costs 6.5–9 KB of
//! wasm and rejects offsets this parser promises: see README "Dependencies").

use crate::error::{Error, Result};
use core::fmt;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serializer};

/// An instant could not be parsed (not ISO 8601 / RFC 3339 with an offset, not an integer count of
/// epoch milliseconds).
pub const INSTANT_INVALID: &str = "INSTANT_INVALID";
/// An ISO 8601 date-time without an offset (`2026-11-24T09:30:00`): its instant is ambiguous.
pub const INSTANT_NO_OFFSET: &str = "INSTANT_NO_OFFSET";
/// An instant before 2009-01-01T00:00:00Z (WhatsApp did not exist) or after
/// 9999-12-31T23:59:59.999Z. A number that read as epoch seconds is a date in 2009..2100 gets
/// the message "… looks like epoch seconds; pass milliseconds (x * 1000) …".
pub const INSTANT_OUT_OF_RANGE: &str = "INSTANT_OUT_OF_RANGE";
/// Longest accepted instant string, in bytes.
pub const MAX_INSTANT_LEN: usize = 64;
/// Smallest accepted instant: 2009-01-01T00:00:00.000Z (WhatsApp did not exist before; an earlier
/// instant is a mistake, most often epoch seconds read as milliseconds).
pub const MIN_INSTANT_MS: i64 = 1_230_768_000_000;
/// 2100-01-01T00:00:00.000Z: epoch seconds up to here are plausible dates (the hint of
/// `INSTANT_OUT_OF_RANGE`).
const PLAUSIBLE_SECONDS_END_MS: i64 = 4_102_444_800_000;
/// Largest accepted instant: 9999-12-31T23:59:59.999Z.
pub const MAX_INSTANT_MS: i64 = 253_402_300_799_999;

// ---------------------------------------------------------------------------------------------
// Instants
// ---------------------------------------------------------------------------------------------

/// An instant as given by a caller: epoch milliseconds or an ISO 8601 string. Convert it with
/// [`Instant::epoch_ms`]. Deserialises from a JSON/JS number or string; other JSON types are kept
/// as [`Instant::Invalid`] so that the error carries the field's path.
#[derive(Debug, Clone, PartialEq)]
pub enum Instant {
    /// Epoch milliseconds.
    Millis(i64),
    /// A number that is not an integer (always rejected: `INSTANT_INVALID`).
    Fraction(f64),
    /// An ISO 8601 / RFC 3339 string with an offset.
    Text(String),
    /// Any other JSON type (boolean, object, array), named (always rejected: `INSTANT_INVALID`).
    Invalid(&'static str),
}

impl Instant {
    /// The instant in epoch milliseconds, or a coded error (without a path: add it with
    /// [`Error::under`]).
    pub fn epoch_ms(&self) -> Result<i64> {
        match self {
            Instant::Millis(ms) => check_range(*ms),
            Instant::Fraction(_) => Err(Error::new(
                INSTANT_INVALID,
                "epoch milliseconds must be an integer",
            )),
            Instant::Text(s) => parse_instant(s),
            Instant::Invalid(what) => Err(Error::new(
                INSTANT_INVALID,
                format!("expected an ISO 8601 string or epoch milliseconds, got {what}"),
            )),
        }
    }
}

impl Instant {
    /// A JSON or JS number: integral values within ±2^53 are exact millisecond counts; anything
    /// else (a fraction, NaN, ±∞, beyond 2^53) is not a millisecond count.
    pub fn from_number(v: f64) -> Instant {
        if v.is_finite() && v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
            Instant::Millis(v as i64)
        } else {
            Instant::Fraction(v)
        }
    }
}

impl From<i64> for Instant {
    fn from(ms: i64) -> Self {
        Instant::Millis(ms)
    }
}

impl From<&str> for Instant {
    fn from(s: &str) -> Self {
        Instant::Text(s.to_string())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        d.deserialize_any(InstantVisitor)
    }
}

struct InstantVisitor;

impl<'de> Visitor<'de> for InstantVisitor {
    type Value = Instant;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 string or epoch milliseconds")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> core::result::Result<Instant, E> {
        Ok(Instant::Millis(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> core::result::Result<Instant, E> {
        Ok(i64::try_from(v).map_or(Instant::Millis(i64::MAX), Instant::Millis))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<Instant, E> {
        Ok(Instant::from_number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> core::result::Result<Instant, E> {
        Ok(Instant::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> core::result::Result<Instant, E> {
        Ok(Instant::Text(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> core::result::Result<Instant, E> {
        Ok(Instant::Invalid("a boolean"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> core::result::Result<Instant, A::Error> {
        while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Instant::Invalid("an object"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> core::result::Result<Instant, A::Error> {
        while s.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Instant::Invalid("an array"))
    }
}

/// A number of epoch milliseconds in range; out of range, with the epoch-seconds hint.
pub(crate) fn check_range(ms: i64) -> Result<i64> {
    check_text_range(ms).map_err(|e| seconds_hint(e, ms))
}

fn check_text_range(ms: i64) -> Result<i64> {
    if (MIN_INSTANT_MS..=MAX_INSTANT_MS).contains(&ms) {
        Ok(ms)
    } else {
        Err(Error::new(
            INSTANT_OUT_OF_RANGE,
            "instant outside 2009-01-01T00:00:00Z..9999-12-31T23:59:59.999Z (WhatsApp did not exist before 2009)",
        ))
    }
}

/// A number of epoch milliseconds out of range that, read as epoch **seconds**, is a plausible
/// date (2009..2100): the message says so.
fn seconds_hint(e: Error, ms: i64) -> Error {
    if (MIN_INSTANT_MS / 1000..PLAUSIBLE_SECONDS_END_MS / 1000).contains(&ms) {
        return e.with_message(format!(
            "{ms} looks like epoch seconds; pass milliseconds ({ms} * 1000), which are {}",
            format_instant(ms * 1000)
        ));
    }
    e
}

/// Parses an ISO 8601 / RFC 3339 date-time with an offset into epoch milliseconds (sub-millisecond
/// digits are truncated).
///
/// Accepted: RFC 3339 (`2026-11-24T09:30:00Z`, `2026-11-24T09:30:00.123+01:00`, `t` or a space as
/// the separator, `z`) and the ISO 8601 extended forms with offsets `+0100` and `+01` and minute
/// precision (`2026-11-24T09:30Z`). Leap seconds (`:60`) are rejected. Errors: `INSTANT_INVALID`,
/// `INSTANT_NO_OFFSET` (a valid date-time without an offset), `INSTANT_OUT_OF_RANGE`.
///
/// Hand-written rather than chrono's parser to save wasm bytes; the tests check it against chrono.
pub fn parse_instant(s: &str) -> Result<i64> {
    if s.len() > MAX_INSTANT_LEN {
        return Err(Error::new(
            INSTANT_INVALID,
            format!("instant strings are at most {MAX_INSTANT_LEN} bytes"),
        ));
    }
    match parse_date_time(s.as_bytes()) {
        Ok(ms) => check_text_range(ms),
        Err(true) => Err(Error::new(
            INSTANT_NO_OFFSET,
            format!("`{s}` has no offset (add `Z` for UTC or e.g. `+01:00`)"),
        )),
        Err(false) => Err(Error::new(
            INSTANT_INVALID,
            format!("`{s}` is not an ISO 8601 date-time such as 2026-11-24T09:30:00Z"),
        )),
    }
}

/// A byte cursor over an instant string.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    /// Consumes one byte if it is one of `set`.
    fn eat(&mut self, set: &[u8]) -> Option<u8> {
        let c = self.peek().filter(|c| set.contains(c))?;
        self.i += 1;
        Some(c)
    }
    /// Exactly `n` ASCII digits.
    fn num(&mut self, n: usize) -> Option<i64> {
        let digits = self.b.get(self.i..self.i + n)?;
        let mut v = 0i64;
        for d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(d - b'0');
        }
        self.i += n;
        Some(v)
    }
}

/// `Ok(epoch ms)`, or `Err(true)` for a valid date-time lacking only an offset, `Err(false)` for
/// anything else.
fn parse_date_time(b: &[u8]) -> core::result::Result<i64, bool> {
    let mut c = Cursor { b, i: 0 };
    let fields = (|| {
        let y = c.num(4)?;
        c.eat(b"-")?;
        let mo = c.num(2)?;
        c.eat(b"-")?;
        let d = c.num(2)?;
        c.eat(b"Tt ")?;
        let h = c.num(2)?;
        c.eat(b":")?;
        let mi = c.num(2)?;
        let (mut sec, mut milli) = (0, 0);
        if c.eat(b":").is_some() {
            sec = c.num(2)?;
            if c.eat(b".").is_some() {
                let start = c.i;
                while c.peek().is_some_and(|d| d.is_ascii_digit()) {
                    if c.i - start < 3 {
                        milli = milli * 10 + i64::from(c.peek()? - b'0');
                    }
                    c.i += 1;
                }
                match c.i - start {
                    0 => return None,
                    1 => milli *= 100,
                    2 => milli *= 10,
                    _ => {}
                }
            }
        }
        let valid = (1..=12).contains(&mo)
            && (1..=days_in_month(y, mo)).contains(&d)
            && h <= 23
            && mi <= 59
            && sec <= 59;
        valid.then(|| {
            days_from_civil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + milli
        })
    })()
    .ok_or(false)?;
    let offset_min = match c.eat(b"Zz+-") {
        None if c.i == b.len() => return Err(true),
        None => return Err(false),
        Some(b'Z' | b'z') => 0,
        Some(sign) => {
            let hh = c.num(2).ok_or(false)?;
            let mm = if c.eat(b":").is_some() || c.peek().is_some() {
                c.num(2).ok_or(false)?
            } else {
                0
            };
            if hh > 23 || mm > 59 {
                return Err(false);
            }
            if sign == b'-' {
                -(hh * 60 + mm)
            } else {
                hh * 60 + mm
            }
        }
    };
    if c.i != b.len() {
        return Err(false);
    }
    Ok(fields - offset_min * 60_000)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats epoch milliseconds as ISO 8601 in UTC with millisecond precision
/// (`2026-11-24T08:30:00.000Z`). Instants before 1970 or after year 9999 are clamped to that
/// range (accepted instants are within [`MIN_INSTANT_MS`]..=[`MAX_INSTANT_MS`]).
pub fn format_instant(ms: i64) -> String {
    // Instants computed here may run up to 72 hours past MAX_INSTANT_MS: allow year 10000.
    let ms = ms.clamp(0, MAX_INSTANT_MS + 4 * 86_400_000);
    let (days, ms_of_day) = (ms / 86_400_000, ms % 86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, min, sec, milli) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}.{milli:03}Z")
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`), for non-negative day counts.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(crate) fn ser_instant<S: Serializer>(ms: &i64, s: S) -> core::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format_instant(*ms))
}

pub(crate) fn ser_opt_instant<S: Serializer>(
    ms: &Option<i64>,
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => s.serialize_str(&format_instant(*ms)),
        None => s.serialize_none(),
    }
}
