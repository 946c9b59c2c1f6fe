//! The URL rewrites twilio-node 6.3.1 (unchanged since 6.2.0) applies when it builds its signature candidates, in Rust.
//!
//! - [`split`], [`remove_port`], [`add_port`]: the SDK's textual `splitUrl` / `removePort` /
//!   `addPort` (a regex split of `scheme://userinfo@host:port`, no normalisation).
//! - [`normalize`]: what `new URL(u).toString()` returns (WHATWG URL Standard, as Node 20's parser
//!   implements it), for `http:` and `https:` URLs whose host is ASCII. Non-ASCII (IDNA) hosts,
//!   `xn--` labels and other schemes are [`Normalized::Unsupported`]: the caller then skips the
//!   normalised candidates (Twilio only calls `http(s)` URLs, and its hosts are ASCII).
//! - [`legacy_querystring`]: `querystring.stringify(querystring.parse(q))` of Node's legacy
//!   `querystring` module, applied to everything after the first `?`.
//!
//! Each function is checked against Node itself by `tests/vectors/signature-url.json` (generated
//! from Node) and by the differential test `tests/js/signature.test.mjs`.

use crate::form::hex_value as hex_val;
use std::borrow::Cow;
use std::fmt::Write as _;

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

/// Why a URL has no WHATWG normalisation here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNormalized {
    /// `new URL()` throws on it.
    Invalid,
    /// Valid or not, outside what this module implements (non-`http(s)` scheme, non-ASCII or
    /// `xn--` host).
    Unsupported,
}

/// Result of [`normalize`].
pub type Normalized = Result<String, NotNormalized>;

/// Bytes that `new URL()` percent-encodes, per component (Node 20).
#[derive(Clone, Copy)]
enum Set {
    Userinfo,
    Path,
    Query,
    Fragment,
}

fn must_encode(set: Set, b: u8) -> bool {
    if !(0x20..=0x7e).contains(&b) {
        return true;
    }
    match set {
        Set::Fragment => matches!(b, b' ' | b'"' | b'<' | b'>' | b'`'),
        Set::Query => matches!(b, b' ' | b'"' | b'#' | b'<' | b'>' | b'\''),
        Set::Path => matches!(
            b,
            b' ' | b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}'
        ),
        Set::Userinfo => matches!(
            b,
            b' ' | b'"'
                | b'#'
                | b'<'
                | b'>'
                | b'?'
                | b'`'
                | b'{'
                | b'}'
                | b'/'
                | b':'
                | b';'
                | b'='
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'^'
                | b'|'
        ),
    }
}

/// The hex digit of a nibble (`n` < 16).
pub(crate) fn hex_char(n: u8, upper: bool) -> char {
    char::from(match n {
        0..=9 => b'0' + n,
        10..=15 if upper => b'A' + n - 10,
        10..=15 => b'a' + n - 10,
        _ => b'?',
    })
}

fn push_pct(out: &mut String, b: u8) {
    out.push('%');
    out.push(hex_char(b >> 4, true));
    out.push(hex_char(b & 15, true));
}

fn push_encoded(out: &mut String, s: &str, set: Set) {
    for (i, c) in s.char_indices() {
        if c.is_ascii() && !must_encode(set, c as u8) {
            out.push(c);
        } else {
            let len = c.len_utf8();
            for &b in s.as_bytes().get(i..i + len).unwrap_or_default() {
                push_pct(out, b);
            }
        }
    }
}

/// `new URL(url).toString()` for `http(s)` URLs with an ASCII host (see the module docs).
pub fn normalize(url: &str) -> Normalized {
    // Leading/trailing C0 controls and spaces are trimmed; tabs and newlines removed anywhere.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: Cow<'_, str> = if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(trimmed)
    };
    let s: &str = &cleaned;

    // Scheme.
    let colon = s.find(':').ok_or(NotNormalized::Invalid)?;
    let scheme = s.get(..colon).ok_or(NotNormalized::Invalid)?;
    let mut chars = scheme.bytes();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.')
    {
        return Err(NotNormalized::Invalid);
    }
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(NotNormalized::Unsupported);
    };
    let rest = s
        .get(colon + 1..)
        .ok_or(NotNormalized::Invalid)?
        .trim_start_matches(['/', '\\']);

    // Authority: up to the first `/`, `\`, `?` or `#`; the userinfo ends at its last `@`.
    let auth_len = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest
        .split_at_checked(auth_len)
        .ok_or(NotNormalized::Invalid)?;
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(at) => (
            authority.get(..at),
            authority.get(at + 1..).ok_or(NotNormalized::Invalid)?,
        ),
        None => (None, authority),
    };
    if userinfo.is_some() && host_port.is_empty() {
        return Err(NotNormalized::Invalid);
    }
    // Host and port: the port starts at the first `:` outside brackets.
    let mut in_brackets = false;
    let mut port_at = None;
    for (i, c) in host_port.bytes().enumerate() {
        match c {
            b'[' => in_brackets = true,
            b']' => in_brackets = false,
            b':' if !in_brackets => {
                port_at = Some(i);
                break;
            }
            _ => {}
        }
    }
    let (host, port) = match port_at {
        Some(p) => (
            host_port.get(..p).ok_or(NotNormalized::Invalid)?,
            host_port.get(p + 1..),
        ),
        None => (host_port, None),
    };
    if host.is_empty() {
        return Err(NotNormalized::Invalid);
    }
    let host = parse_host(host)?;
    let port = match port {
        None | Some("") => None,
        Some(p) => {
            if !p.bytes().all(|c| c.is_ascii_digit()) {
                return Err(NotNormalized::Invalid);
            }
            let mut n: u32 = 0;
            for d in p.bytes() {
                n = n * 10 + u32::from(d - b'0');
                if n > 65_535 {
                    return Err(NotNormalized::Invalid);
                }
            }
            let default = if https { 443 } else { 80 };
            (n != default).then_some(n)
        }
    };

    // Path, query, fragment.
    let (before_frag, fragment) = match after.find('#') {
        Some(h) => (
            after.get(..h).unwrap_or_default(),
            Some(after.get(h + 1..).unwrap_or_default()),
        ),
        None => (after, None),
    };
    let (path, query) = match before_frag.find('?') {
        Some(q) => (
            before_frag.get(..q).unwrap_or_default(),
            Some(before_frag.get(q + 1..).unwrap_or_default()),
        ),
        None => (before_frag, None),
    };

    let mut out = String::with_capacity(url.len() + 16);
    out.push_str(if https { "https://" } else { "http://" });
    if let Some(ui) = userinfo {
        let (user, pass) = match ui.find(':') {
            Some(c) => (
                ui.get(..c).unwrap_or_default(),
                ui.get(c + 1..).unwrap_or_default(),
            ),
            None => (ui, ""),
        };
        if !user.is_empty() || !pass.is_empty() {
            push_encoded(&mut out, user, Set::Userinfo);
            if !pass.is_empty() {
                out.push(':');
                push_encoded(&mut out, pass, Set::Userinfo);
            }
            out.push('@');
        }
    }
    out.push_str(&host);
    if let Some(p) = port {
        let _ = write!(out, ":{p}");
    }
    push_path(&mut out, path);
    if let Some(q) = query {
        out.push('?');
        push_encoded(&mut out, q, Set::Query);
    }
    if let Some(f) = fragment {
        out.push('#');
        push_encoded(&mut out, f, Set::Fragment);
    }
    Ok(out)
}

/// A cheap, conservative test that [`normalize`] would return `url` unchanged: lowercase
/// `http(s)://`, no userinfo, a lowercase LDH host whose last label starts with a letter (so not
/// an IPv4 address), a non-default port without leading zero, a path without dot segments and
/// nothing that WHATWG would encode or rewrite (non-ASCII, spaces, quotes, `<>`, backticks,
/// braces, backslashes, a fragment). `false` means "don't know": the caller then normalises.
pub(crate) fn already_normal(url: &str) -> bool {
    let (rest, default_port) = if let Some(r) = url.strip_prefix("https://") {
        (r, "443")
    } else if let Some(r) = url.strip_prefix("http://") {
        (r, "80")
    } else {
        return false;
    };
    let Some(slash) = rest.find(['/', '?', '#']) else {
        return false;
    };
    // `find` returns a char boundary: `split_at_checked` never fails here, but unlike `split_at`
    // it carries no panic path (~3 KB of formatting code in the .wasm).
    let Some((authority, tail)) = rest.split_at_checked(slash) else {
        return false;
    };
    if !tail.starts_with('/') {
        return false;
    }
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let ldh = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.';
    let last = host.rsplit('.').next().unwrap_or_default();
    if host.is_empty()
        || !host.bytes().all(ldh)
        || !last.bytes().next().is_some_and(|c| c.is_ascii_lowercase())
        || host.split('.').any(|l| l.starts_with("xn--"))
    {
        return false;
    }
    if authority.contains(':')
        && (port.is_empty()
            || port.starts_with('0')
            || port.len() > 5
            || !port.bytes().all(|c| c.is_ascii_digit())
            || port == default_port
            || port.parse::<u32>().map_or(true, |p| p > 65_535))
    {
        return false;
    }
    let plain = |c: u8| {
        (0x21..=0x7e).contains(&c)
            && !matches!(
                c,
                b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'\'' | b'\\' | b'#'
            )
    };
    if !tail.bytes().all(plain) {
        return false;
    }
    let path = tail.split('?').next().unwrap_or_default();
    !path
        .split('/')
        .any(|seg| seg == "." || seg == ".." || has_encoded_dot(seg))
}

/// Whether `seg` has a `%2e` / `%2E` (a byte scan: `str::contains(&str)` brings ~2 KB of
/// substring-search code into the .wasm).
fn has_encoded_dot(seg: &str) -> bool {
    seg.as_bytes()
        .windows(3)
        .any(|w| matches!(w, [b'%', b'2', b'e' | b'E']))
}

fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

fn is_double_dot(s: &str) -> bool {
    matches!(s.len(), 2 | 4 | 6)
        && (s == ".."
            || s.eq_ignore_ascii_case(".%2e")
            || s.eq_ignore_ascii_case("%2e.")
            || s.eq_ignore_ascii_case("%2e%2e"))
}

/// The WHATWG path of a special URL: `\` is `/`, dot segments resolved, path set encoded.
fn push_path(out: &mut String, path: &str) {
    // `path` is empty or starts with `/` or `\`.
    let body = path.get(1..).unwrap_or_default();
    let mut segments: Vec<&str> = Vec::new();
    if !path.is_empty() {
        let mut pieces = body.split(['/', '\\']).peekable();
        while let Some(seg) = pieces.next() {
            let last = pieces.peek().is_none();
            if is_double_dot(seg) {
                segments.pop();
                if last {
                    segments.push("");
                }
            } else if is_single_dot(seg) {
                if last {
                    segments.push("");
                }
            } else {
                segments.push(seg);
            }
        }
    }
    if segments.is_empty() {
        out.push('/');
        return;
    }
    for seg in segments {
        out.push('/');
        push_encoded(out, seg, Set::Path);
    }
}

/// Percent-decodes valid `%XX` escapes into bytes, leaving anything else as is.
fn percent_decode_bytes(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if b == b'%' {
            if let (Some(h), Some(l)) = (
                s.get(i + 1).copied().and_then(hex_val),
                s.get(i + 2).copied().and_then(hex_val),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Percent-decodes then decodes UTF-8 lossily (U+FFFD for bad sequences).
pub(crate) fn percent_decode_lossy(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(String::from_utf8_lossy(&percent_decode_bytes(s.as_bytes())).into_owned())
}

fn parse_host(host: &str) -> Result<String, NotNormalized> {
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or(NotNormalized::Invalid)?;
        let addr = parse_ipv6(inner.as_bytes()).ok_or(NotNormalized::Invalid)?;
        return Ok(format!("[{}]", serialize_ipv6(&addr)));
    }
    let decoded = percent_decode_bytes(host.as_bytes());
    if !decoded.is_ascii() {
        return Err(NotNormalized::Unsupported);
    }
    let mut domain = String::from_utf8_lossy(&decoded).into_owned();
    domain.make_ascii_lowercase();
    if domain.bytes().any(|b| {
        b <= 0x20
            || b == 0x7f
            || matches!(
                b,
                b'#' | b'%'
                    | b'/'
                    | b':'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'@'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'^'
                    | b'|'
            )
    }) {
        return Err(NotNormalized::Invalid);
    }
    if domain.split('.').any(|l| l.starts_with("xn--")) {
        return Err(NotNormalized::Unsupported);
    }
    if ends_in_number(&domain) {
        let v4 = parse_ipv4(&domain).ok_or(NotNormalized::Invalid)?;
        let [a, b, c, d] = v4.to_be_bytes();
        return Ok(format!("{a}.{b}.{c}.{d}"));
    }
    Ok(domain)
}

fn ends_in_number(domain: &str) -> bool {
    let mut labels: Vec<&str> = domain.split('.').collect();
    if labels.last() == Some(&"") {
        if labels.len() == 1 {
            return false;
        }
        labels.pop();
    }
    let Some(last) = labels.last() else {
        return false;
    };
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    parse_ipv4_number(last).is_some()
}

/// One IPv4 part: decimal, `0x` hex or `0` octal. `None` on failure; saturates past `u64`.
fn parse_ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) =
        if let Some(h) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (h, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (part.get(1..).unwrap_or_default(), 8)
        } else {
            (part, 10)
        };
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix)?);
        n = n.saturating_mul(u64::from(radix)).saturating_add(d);
    }
    Some(n)
}

fn parse_ipv4(domain: &str) -> Option<u32> {
    let mut parts: Vec<&str> = domain.split('.').collect();
    if parts.last() == Some(&"") && parts.len() > 1 {
        parts.pop();
    }
    if parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(4);
    for p in &parts {
        numbers.push(parse_ipv4_number(p)?);
    }
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|&n| n > 255) {
        return None;
    }
    let limit = 1u64 << (8 * (5 - numbers.len()));
    if *last >= limit {
        return None;
    }
    let mut v = *last;
    for (i, &n) in init.iter().enumerate() {
        v += n << (8 * (3 - i));
    }
    u32::try_from(v).ok()
}

/// The WHATWG IPv6 parser (the text between the brackets).
fn parse_ipv6(s: &[u8]) -> Option<[u16; 8]> {
    let mut addr = [0u16; 8];
    let mut piece: usize = 0;
    let mut compress: Option<usize> = None;
    let mut p = 0;
    let at = |i: usize| s.get(i).copied();
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return None;
        }
        p = 2;
        piece = 1;
        compress = Some(1);
    }
    while let Some(c) = at(p) {
        if piece == 8 {
            return None;
        }
        if c == b':' {
            if compress.is_some() {
                return None;
            }
            p += 1;
            piece += 1;
            compress = Some(piece);
            continue;
        }
        let mut value: u16 = 0;
        let mut length = 0;
        while length < 4 {
            match at(p).and_then(hex_val) {
                Some(h) => {
                    value = value * 16 + u16::from(h);
                    p += 1;
                    length += 1;
                }
                None => break,
            }
        }
        match at(p) {
            Some(b'.') => {
                if length == 0 {
                    return None;
                }
                p -= length;
                if piece > 6 {
                    return None;
                }
                let mut seen = 0;
                while at(p).is_some() {
                    let mut v4: Option<u16> = None;
                    if seen > 0 {
                        if at(p) == Some(b'.') && seen < 4 {
                            p += 1;
                        } else {
                            return None;
                        }
                    }
                    if !at(p).is_some_and(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    while let Some(d) = at(p).filter(u8::is_ascii_digit) {
                        let n = u16::from(d - b'0');
                        v4 = match v4 {
                            None => Some(n),
                            Some(0) => return None,
                            Some(x) => Some(x * 10 + n),
                        };
                        if v4 > Some(255) {
                            return None;
                        }
                        p += 1;
                    }
                    let slot = addr.get_mut(piece)?;
                    *slot = *slot * 0x100 + v4.unwrap_or(0);
                    seen += 1;
                    if seen == 2 || seen == 4 {
                        piece += 1;
                    }
                }
                if seen != 4 {
                    return None;
                }
                break;
            }
            Some(b':') => {
                p += 1;
                at(p)?;
            }
            Some(_) => return None,
            None => {}
        }
        *addr.get_mut(piece)? = value;
        piece += 1;
    }
    match compress {
        Some(c) => {
            let mut swaps = piece - c;
            piece = 7;
            while piece != 0 && swaps > 0 {
                addr.swap(piece, c + swaps - 1);
                piece -= 1;
                swaps -= 1;
            }
        }
        None if piece != 8 => return None,
        None => {}
    }
    Some(addr)
}

fn serialize_ipv6(addr: &[u16; 8]) -> String {
    // The first longest run of at least two zero pieces is compressed.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < 8 {
        if addr.get(i) == Some(&0) {
            let start = i;
            while addr.get(i) == Some(&0) {
                i += 1;
            }
            let len = i - start;
            if len > 1 && best.map_or(true, |(_, l)| len > l) {
                best = Some((start, len));
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::with_capacity(39);
    let mut ignore0 = false;
    for (i, &piece) in addr.iter().enumerate() {
        if ignore0 && piece == 0 {
            continue;
        }
        ignore0 = false;
        if best.map(|(s, _)| s) == Some(i) {
            out.push_str(if i == 0 { "::" } else { ":" });
            ignore0 = true;
            continue;
        }
        let _ = write!(out, "{piece:x}");
        if i != 7 {
            out.push(':');
        }
    }
    out
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
        let spaced = s.replace('+', " ");
        Cow::Owned(percent_decode_lossy(&spaced).into_owned())
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
