//! The URL rewrites twilio-node 6.3.1 (unchanged since 6.2.0) applies when it builds its signature candidates, in Rust.
//!
//! - [`split`], [`remove_port`], [`add_port`]: the SDK's textual `splitUrl` / `removePort` /
//!   `addPort` (a regex split of `scheme://userinfo@host:port`, no normalisation).
//! - [`normalize`] (in [`super::whatwg`], the WHATWG half): what `new URL(u).toString()` returns.
//! - [`legacy_querystring`]: `querystring.stringify(querystring.parse(q))` of Node's legacy
//!   `querystring` module, applied to everything after the first `?`.
//!
//! Each function is checked against Node itself by the differential test
//! `tests/js/signature.test.mjs` (random URLs signed by twilio-node, which runs them in Node).

use std::borrow::Cow;

pub(crate) use super::whatwg::{already_normal, percent_decode_lossy, push_pct};
pub use super::whatwg::{normalize, NotNormalized};

/// The textual parts of a URL as twilio-node's `splitUrl` sees them: byte offsets into the URL.
/// `scheme://` is `..scheme_end`, userinfo (with its `@`) `scheme_end..host_start`, host
/// `host_start..port_start`, port (with its `:`) `port_start..port_end`, the rest `port_end..`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub scheme_end: usize,
    pub host_start: usize,
    pub port_start: usize,
    pub port_end: usize,
}

/// twilio-node's `splitUrl`: `^([a-z][a-z0-9+.-]*://)([^/?#]*)` (case-insensitive), the userinfo
/// ending at the authority's last `@`, the port starting at the first `:` after the last `]`.
/// `None` when the URL has no `scheme://` prefix.
pub fn split(url: &str) -> Option<Split> {
    let b = url.as_bytes();
    let first = *b.first()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut i = 1;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphanumeric() || c == b'+' || c == b'.' || c == b'-' {
            i += 1;
        } else {
            break;
        }
    }
    if !url.get(i..)?.starts_with("://") {
        return None;
    }
    let scheme_end = i + 3;
    let rest = url.get(scheme_end..)?;
    let auth_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..auth_len)?;
    let host_rel = authority.rfind('@').map_or(0, |at| at + 1);
    let host_port = authority.get(host_rel..)?;
    let search_from = host_port.rfind(']').map_or(0, |r| r + 1);
    let port_rel = host_port
        .get(search_from..)?
        .find(':')
        .map(|p| p + search_from);
    let host_start = scheme_end + host_rel;
    let port_end = scheme_end + auth_len;
    let port_start = port_rel.map_or(port_end, |p| host_start + p);
    Some(Split {
        scheme_end,
        host_start,
        port_start,
        port_end,
    })
}

/// twilio-node's `removePort`: the URL without its `:port` (any port), unchanged without `scheme://`.
pub fn remove_port(url: &str) -> Cow<'_, str> {
    match split(url) {
        Some(s) if s.port_start < s.port_end => {
            let (Some(head), Some(tail)) = (url.get(..s.port_start), url.get(s.port_end..)) else {
                return Cow::Borrowed(url);
            };
            let mut out = String::with_capacity(url.len());
            out.push_str(head);
            out.push_str(tail);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(url),
    }
}

/// twilio-node's `addPort`: adds `:443` (scheme `https`, any case) or `:80` (any other scheme)
/// when the URL has no port; unchanged otherwise or without `scheme://`.
pub fn add_port(url: &str) -> Cow<'_, str> {
    match split(url) {
        Some(s) if s.port_start == s.port_end => {
            let (Some(scheme), Some(head), Some(tail)) = (
                url.get(..s.scheme_end),
                url.get(..s.port_start),
                url.get(s.port_end..),
            ) else {
                return Cow::Borrowed(url);
            };
            let port = if scheme.eq_ignore_ascii_case("https://") {
                ":443"
            } else {
                ":80"
            };
            let mut out = String::with_capacity(url.len() + port.len());
            out.push_str(head);
            out.push_str(port);
            out.push_str(tail);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(url),
    }
}

/// Node's `querystring.escape`: UTF-8 percent-encoding (uppercase hex) of everything but
/// `A-Z a-z 0-9 - . _ ~ ! ' ( ) *`.
fn push_qs_escaped(out: &mut String, s: &str) {
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '-' | '.' | '_' | '~' | '!' | '\'' | '(' | ')' | '*')
        {
            out.push(c);
        } else {
            for &b in s.as_bytes().get(i..i + c.len_utf8()).unwrap_or_default() {
                push_pct(out, b);
            }
        }
    }
}

/// Whether `key` is a canonical JS array index (`"0"`, `"17"`, at most 4294967294): such keys
/// come first, in numeric order, when a JS object's keys are listed.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if key.len() > 1 && key.starts_with('0') {
        return None;
    }
    let n: u64 = key.parse().ok()?;
    u32::try_from(n).ok().filter(|&n| n != u32::MAX)
}

/// `querystring.stringify(querystring.parse(q))` (Node's legacy module, default options).
pub fn legacy_qs_reencode(q: &str) -> String {
    // parse: at most 1000 `&`-separated pieces; empty pieces skipped; `+` is a space; valid
    // percent-escapes decoded, bad UTF-8 replaced by U+FFFD. Keys keep first-insertion order.
    let mut keys: Vec<(Cow<'_, str>, Vec<Cow<'_, str>>)> = Vec::new();
    for piece in q.split('&').take(1000) {
        if piece.is_empty() {
            continue;
        }
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let k = qs_unescape(k);
        let v = qs_unescape(v);
        match keys.iter_mut().find(|(name, _)| *name == k) {
            Some((_, vals)) => vals.push(v),
            None => keys.push((k, vec![v])),
        }
    }
    // Object key order: array indices ascending first, then the others in insertion order.
    let mut indices: Vec<(u32, usize)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, (k, _))| array_index(k).map(|n| (n, i)))
        .collect();
    super::heap_sort(&mut indices, &|a, b| a.0 < b.0);
    let mut order: Vec<usize> = indices.into_iter().map(|(_, i)| i).collect();
    order.extend(
        (0..keys.len()).filter(|&i| keys.get(i).is_some_and(|(k, _)| array_index(k).is_none())),
    );
    let mut out = String::with_capacity(q.len() + 16);
    for i in order {
        let Some((k, vals)) = keys.get(i) else {
            continue;
        };
        for v in vals {
            if !out.is_empty() {
                out.push('&');
            }
            push_qs_escaped(&mut out, k);
            out.push('=');
            push_qs_escaped(&mut out, v);
        }
    }
    out
}

fn qs_unescape(s: &str) -> Cow<'_, str> {
    if s.contains('+') {
        let bytes = crate::util::percent_decode(s.as_bytes(), true);
        Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        percent_decode_lossy(s)
    }
}

/// True when [`legacy_querystring`] would return `url` unchanged because its query is already in
/// the legacy module's canonical form: `key=value` pieces of characters it never escapes, no
/// `+` or `%`, distinct keys, no array-index keys (which JS would move first), no fragment.
pub(crate) fn legacy_qs_is_identity(url: &str) -> bool {
    let Some(q) = url.find('?').and_then(|i| url.get(i + 1..)) else {
        return true;
    };
    if q.is_empty() {
        return true;
    }
    let plain = |c: u8| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.' | b'_' | b'~' | b'!' | b'\'' | b'(' | b')' | b'*'
            )
    };
    let mut keys: [&str; 8] = [""; 8];
    for (n, piece) in q.split('&').enumerate() {
        let Some((k, v)) = piece.split_once('=') else {
            return false;
        };
        let ok = |s: &str| s.bytes().all(plain);
        if n >= keys.len() || !ok(k) || !ok(v) || array_index(k).is_some() {
            return false;
        }
        if keys.get(..n).is_some_and(|seen| seen.contains(&k)) {
            return false;
        }
        if let Some(slot) = keys.get_mut(n) {
            *slot = k;
        }
    }
    true
}

/// twilio-node's `withLegacyQuerystring`: everything after the first `?` (fragment included)
/// re-encoded by [`legacy_qs_reencode`]; unchanged without a `?` or when it is the last character.
pub fn legacy_querystring(url: &str) -> Cow<'_, str> {
    match url.find('?') {
        Some(q) if q + 1 < url.len() => {
            let (Some(head), Some(query)) = (url.get(..=q), url.get(q + 1..)) else {
                return Cow::Borrowed(url);
            };
            let mut out = String::with_capacity(url.len() + 16);
            out.push_str(head);
            out.push_str(&legacy_qs_reencode(query));
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(url),
    }
}

/// The query of a URL as WHATWG splits it (after the first `?`, before the `#`), on the trimmed
/// URL without tabs/newlines: what `new URL(u).searchParams` parses.
pub(crate) fn query_of(url: &str) -> Option<String> {
    let trimmed = url
        .trim_matches(|c: char| c <= ' ')
        .replace(['\t', '\n', '\r'], "");
    let before_frag = trimmed.split('#').next().unwrap_or_default();
    let q = before_frag.find('?')?;
    Some(before_frag.get(q + 1..).unwrap_or_default().to_string())
}

/// `new URL(u).searchParams.get(name)`: the first value of `name` in the query, form-decoded
/// (`+` is a space, escapes decoded, bad UTF-8 replaced).
pub(crate) fn search_param(url: &str, name: &str) -> Option<String> {
    let q = query_of(url)?;
    for piece in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let k = k.replace('+', " ");
        if percent_decode_lossy(&k) == name {
            let v = v.replace('+', " ");
            return Some(percent_decode_lossy(&v).into_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_like_the_sdk() {
        let u = "https://user:pw@[::1]:8443/p?q";
        let s = split(u).unwrap();
        assert_eq!(&u[..s.scheme_end], "https://");
        assert_eq!(&u[s.host_start..s.port_start], "[::1]");
        assert_eq!(&u[s.port_start..s.port_end], ":8443");
        assert_eq!(remove_port(u), "https://user:pw@[::1]/p?q");
        assert_eq!(add_port("HTTPS://a/x"), "HTTPS://a:443/x");
        assert_eq!(add_port("ftp://a"), "ftp://a:80");
        assert_eq!(add_port("https://a:/x"), "https://a:/x");
        assert_eq!(remove_port("https://a:/x"), "https://a/x");
        assert_eq!(remove_port("no-scheme/x:80"), "no-scheme/x:80");
    }

    #[test]
    fn normalizes_like_node() {
        let cases = [
            (
                "HTTPS://User:P@ss@Ex%41mple.COM:0443/a/./b/../c?q='x'^`{}|\"<>#f`'\"<> ",
                "https://User:P%40ss@example.com/a/c?q=%27x%27^`{}|%22%3C%3E#f%60'%22%3C%3E",
            ),
            ("http:\\\\a\\b", "http://a/b"),
            (
                "https://[2001:DB8:0:0:0::1]:8443/",
                "https://[2001:db8::1]:8443/",
            ),
            ("https://[::ffff:1.2.3.4]/", "https://[::ffff:102:304]/"),
            ("https://[0:0:1:0:0:0:0:0]/", "https://[0:0:1::]/"),
            ("http://0x7f.1/", "http://127.0.0.1/"),
            ("https://:@a/", "https://a/"),
            ("https://a:/", "https://a/"),
            ("http://a/%2e%2E/x/%2e", "http://a/x/"),
            (
                "https://a/\u{e9}?\u{e9}#\u{e9}",
                "https://a/%C3%A9?%C3%A9#%C3%A9",
            ),
            ("  https://a.com/x\t\n  ", "https://a.com/x"),
            ("https://a:b:c@h/", "https://a:b%3Ac@h/"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input).as_deref(), Ok(want), "{input}");
        }
        for bad in [
            "http://1.2.3.4.5/",
            "http://foo.123/",
            "https://a:65536/",
            "https://user@/p",
            "https://a%20b/",
        ] {
            assert_eq!(normalize(bad), Err(NotNormalized::Invalid), "{bad}");
        }
        assert_eq!(
            normalize("https://\u{e9}.com/"),
            Err(NotNormalized::Unsupported)
        );
    }

    #[test]
    fn already_normal_implies_normalize_is_identity() {
        for u in [
            "https://edge.example.com/twilio/inbound?workstream=support",
            "http://a.b-c.example:8080/x/y.z/?q=1&r=%41+b",
            "https://example.com/",
        ] {
            assert!(already_normal(u), "{u}");
            assert_eq!(normalize(u).as_deref(), Ok(u));
        }
        for u in [
            "https://EXAMPLE.com/",
            "https://example.com",
            "https://example.com:443/",
            "https://u@example.com/",
            "https://1.2.3.4/",
            "https://example.com/a/../b",
            "https://example.com/?q='",
            "https://example.com/#f",
            "HTTPS://example.com/",
        ] {
            assert!(!already_normal(u), "{u}");
        }
    }

    #[test]
    fn legacy_querystring_like_node() {
        assert_eq!(
            legacy_qs_reencode("b=1&2=x&1=y&b=2&&=&c&%zz%41=%E2%82&+a+=+b+&10=1&01=2&4294967294=a&4294967295=b"),
            "1=y&2=x&10=1&4294967294=a&b=1&b=2&=&c=&%25zzA=%EF%BF%BD&%20a%20=%20b%20&01=2&4294967295=b"
        );
        assert_eq!(legacy_querystring("https://a/?"), "https://a/?");
        assert_eq!(
            legacy_querystring("https://a/?x=1#ct=5"),
            "https://a/?x=1%23ct%3D5"
        );
    }
}
