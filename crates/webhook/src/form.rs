//! `application/x-www-form-urlencoded` decoding, strict.
//!
//! Twilio posts webhooks form-encoded. Decoding follows the WHATWG URL standard's
//! `application/x-www-form-urlencoded` parser (what `URLSearchParams` does): split on `&`, drop
//! empty pieces, split each on the first `=`, turn `+` into a space, then percent-decode as
//! UTF-8. Unlike `URLSearchParams`, a percent-escape that decodes to invalid UTF-8 is an error
//! (`FORM_INVALID_UTF8`) instead of a silent U+FFFD: a webhook body is never guessed at.

use crate::error::{Error, Result};
use std::borrow::Cow;

/// Largest form body [`decode`] / [`decode_borrowed`] accept, in bytes (Twilio's webhooks are a
/// few KB; 64 KiB is generous). `INPUT_TOO_LARGE` at `body` past it, before any decoding.
pub const MAX_FORM_BYTES: usize = 64 * 1024;
/// Most parameters accepted in one form body (`INPUT_TOO_LARGE` at `body` past it).
pub const MAX_FORM_PARAMS: usize = 1_000;

/// Code: a percent-escape decodes to bytes that are not UTF-8.
pub const FORM_INVALID_UTF8: &str = "FORM_INVALID_UTF8";

/// Decodes a form body into `(name, value)` pairs, in body order, repeats kept.
pub fn decode(body: &str) -> Result<Vec<(String, String)>> {
    Ok(decode_borrowed(body)?
        .into_iter()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect())
}

/// [`decode`] without copying what has nothing to decode: components without `+` or `%`
/// borrow from `body` (most webhook values: SIDs, numbers, statuses). Used on the signature hot
/// path.
pub fn decode_borrowed(body: &str) -> Result<Vec<(Cow<'_, str>, Cow<'_, str>)>> {
    if body.len() > MAX_FORM_BYTES {
        return Err(Error::too_large("form body", MAX_FORM_BYTES, "bytes").at("body"));
    }
    let bytes = body.as_bytes();
    // About one parameter per 32 bytes in webhooks: no counting pass, rarely a reallocation.
    let mut pairs = Vec::with_capacity((bytes.len() / 32 + 4).min(MAX_FORM_PARAMS));
    // One pass over the bytes (this is the webhook hot path): each piece's end, its first `=`,
    // and whether its name or value has a `+` or `%` to decode. `&` and `=` are ASCII, so every
    // cut falls on a character boundary.
    let mut piece = Piece::default();
    for (i, &b) in bytes.iter().enumerate() {
        // Most bytes are none of the four: one range test.
        if !matches!(b, b'%' | b'&' | b'+' | b'=') {
            continue;
        }
        match b {
            b'&' => {
                piece.push(body, i, &mut pairs)?;
                piece = Piece {
                    start: i + 1,
                    ..Piece::default()
                };
            }
            b'=' if piece.eq.is_none() => piece.eq = Some(i),
            _ if piece.eq.is_none() => piece.esc_name = true,
            _ => piece.esc_value = true,
        }
    }
    piece.push(body, bytes.len(), &mut pairs)?;
    Ok(pairs)
}

/// A piece `name=value` of a form body being scanned.
#[derive(Default)]
struct Piece {
    start: usize,
    eq: Option<usize>,
    esc_name: bool,
    esc_value: bool,
}

impl Piece {
    /// Decodes the piece ending at `end` (empty pieces are skipped) onto `pairs`.
    fn push<'a>(
        &self,
        body: &'a str,
        end: usize,
        pairs: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>,
    ) -> Result<()> {
        if end <= self.start {
            return Ok(());
        }
        if pairs.len() == MAX_FORM_PARAMS {
            return Err(Error::too_large("form body", MAX_FORM_PARAMS, "parameters").at("body"));
        }
        let mid = self.eq.unwrap_or(end);
        let name = component(body.get(self.start..mid).unwrap_or(""), self.esc_name)
            .map_err(|e| e.at("body"))?;
        let value = component(
            body.get((mid + 1).min(end)..end).unwrap_or(""),
            self.esc_value,
        )
        .map_err(|e| e.at(format!("body.{name}")))?;
        pairs.push((name, value));
        Ok(())
    }
}

/// A piece of a form body: borrowed when it has nothing to decode.
fn component(s: &str, escaped: bool) -> Result<Cow<'_, str>> {
    if escaped {
        decode_escaped(s).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(s))
    }
}

/// Decodes one form component: `+` is a space, `%XX` a byte, the result must be UTF-8.
/// A `%` not followed by two hex digits is kept as is (as `URLSearchParams` does).
/// Limit: [`MAX_FORM_BYTES`] (`INPUT_TOO_LARGE` past it, before decoding), like a whole body.
pub fn decode_component(s: &str) -> Result<String> {
    if s.len() > MAX_FORM_BYTES {
        return Err(Error::too_large("form component", MAX_FORM_BYTES, "bytes"));
    }
    decode_escaped(s)
}

fn decode_escaped(s: &str) -> Result<String> {
    let out = crate::util::percent_decode(s.as_bytes(), true);
    String::from_utf8(out).map_err(|_| {
        Error::new(
            FORM_INVALID_UTF8,
            "a percent-escape in the form body does not decode to UTF-8",
        )
    })
}

/// Encodes one form component the way `URLSearchParams` serialises: unreserved
/// `*-._` and alphanumerics kept, space as `+`, everything else percent-encoded as UTF-8.
///
/// No limit of its own, by design (infallible): one linear pass, and the output is at most 3 ×
/// the input's bytes. Its inputs are the crate's own outputs, already bounded by the limits of
/// the functions that produced them (see [`encode`]).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => crate::util::push_pct(&mut out, b),
        }
    }
    out
}

/// Encodes pairs as a form body (used for Twilio API requests and tests).
///
/// No limit of its own, by design (infallible): one linear pass; the output is at most 3 × the
/// bytes of the names and values, plus one `=` and one `&` per pair. Its caller in the crate,
/// [`crate::message::MessageParams::to_form`], encodes what
/// [`crate::message::compose_outbound`] produced, which is bounded by that function's checks
/// (a body ≤ 1,600 characters, ≤ 100 template values of ≤ 1,600 characters, numbers ≤ 64 bytes,
/// a media URL ≤ 2,048 bytes) and by the configuration's (a Messaging Service SID is 34
/// characters in a valid one): a few MB of output at the very most. A caller encoding its own
/// data bounds it itself.
pub fn encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (n, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(n));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_percent_and_utf8() {
        let p = decode("Body=Hello%2C+world+%F0%9F%98%80&To=whatsapp%3A%2B1&Empty=&Flag").unwrap();
        assert_eq!(
            p,
            vec![
                ("Body".into(), "Hello, world 😀".into()),
                ("To".into(), "whatsapp:+1".into()),
                ("Empty".into(), "".into()),
                ("Flag".into(), "".into()),
            ]
        );
    }

    #[test]
    fn keeps_repeats_and_skips_empty_pieces() {
        let p = decode("a=1&&a=2&").unwrap();
        assert_eq!(p, vec![("a".into(), "1".into()), ("a".into(), "2".into())]);
    }

    #[test]
    fn value_may_contain_equals() {
        assert_eq!(decode("a=b=c").unwrap(), vec![("a".into(), "b=c".into())]);
    }

    #[test]
    fn malformed_escape_is_kept_literally() {
        assert_eq!(decode("a=100%&b=%zz").unwrap()[1].1, "%zz");
    }

    #[test]
    fn invalid_utf8_is_a_coded_error() {
        let e = decode("a=%FF").unwrap_err();
        assert_eq!(e.code(), FORM_INVALID_UTF8);
    }

    #[test]
    fn limits_are_enforced_before_work() {
        let big = "a".repeat(MAX_FORM_BYTES + 1);
        assert_eq!(
            decode(&big).unwrap_err().code(),
            crate::error::INPUT_TOO_LARGE
        );
        let many = "a=1&".repeat(MAX_FORM_PARAMS + 1);
        assert_eq!(
            decode(&many).unwrap_err().code(),
            crate::error::INPUT_TOO_LARGE
        );
    }

    #[test]
    fn encode_round_trips() {
        let pairs = [
            ("Body", "Olá + 100% & more=yes"),
            ("To", "whatsapp:+14155238886"),
        ];
        let body = encode(pairs);
        let back = decode(&body).unwrap();
        assert_eq!(back[0].1, pairs[0].1);
        assert_eq!(back[1].1, pairs[1].1);
    }
}
