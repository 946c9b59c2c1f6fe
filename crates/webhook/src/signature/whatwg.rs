//! What `new URL(u).toString()` returns (the WHATWG URL Standard, as Node 20's parser implements
//! it), for `http:` and `https:` URLs whose host is ASCII: the normalised signature candidates of
//! twilio-node 6.3.1. Non-ASCII (IDNA) hosts, `xn--` labels and other schemes are
//! [`NotNormalized::Unsupported`]: the caller then skips the normalised candidates (Twilio only
//! calls `http(s)` URLs, and its hosts are ASCII). The SDK's own textual rewrites are in
//! [`super::url`]. Checked against Node's own `new URL()` by the differential test
//! `tests/js/signature.test.mjs` (random URLs signed by twilio-node).

use crate::util::hex_value as hex_val;
pub(crate) use crate::util::push_pct;
use std::borrow::Cow;
use std::fmt::Write as _;

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

fn percent_decode_bytes(s: &[u8]) -> Vec<u8> {
    crate::util::percent_decode(s, false)
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
