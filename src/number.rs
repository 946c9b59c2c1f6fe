//! E.164 numbers and WhatsApp addresses (`whatsapp:+E164`). Spec: `shared/spec/messages.md`.
//!
//! - [`parse_e164`] is strict: `+`, a country calling code assigned in libphonenumber's metadata,
//!   and a national significant number whose length is *possible* for that code (its
//!   `possibleLengths`), at most 15 digits in all. Its verdict agrees with libphonenumber-js
//!   `isPossiblePhoneNumber` (see `tests/js/number-agreement.test.mjs` for the measured rate and
//!   the documented exceptions).
//! - [`normalize_e164`] is lenient: it accepts what people type (`+1 (415) 523-8886`,
//!   `0049 30 1234567`, `whatsapp:+…`, `020 7183 8750` with a default region) and returns the
//!   strict form.
//! - [`parse_whatsapp_address`] / [`whatsapp_address`] read and write Twilio's `whatsapp:+E164`;
//!   [`parse_wa_id`] reads the inbound `WaId` (the number without `+`).
//!
//! The country calling codes, their regions, trunk prefixes and possible lengths come from
//! `number_table.rs`, generated from libphonenumber's metadata by `pkg-scripts/gen-number-table.mjs`.
//!
//! A wrong number sent to Twilio fails with 21211 (invalid `To`) or 63003/63024 (invalid
//! WhatsApp recipient); these checks catch it before the request.

use crate::error::{Error, Result};
use crate::number_table::{
    CALLING_CODES, IDD_PREFIXES, LENGTH_OVERRIDES, REGIONS, REGION_RULES, TRUNK_PREFIXES,
};
use core::fmt;
use serde::{Serialize, Serializer};

/// The input is empty (or only separators).
pub const E164_EMPTY: &str = "E164_EMPTY";
/// The strict form must start with `+` (Twilio 21211 otherwise).
pub const E164_MISSING_PLUS: &str = "E164_MISSING_PLUS";
/// A character other than an ASCII digit after the `+` (strict), or a character that is neither a
/// digit nor a separator (lenient); `span` points at it.
pub const E164_INVALID_CHARACTER: &str = "E164_INVALID_CHARACTER";
/// More than 15 digits (E.164's maximum), or longer than any number of the country code.
pub const E164_TOO_LONG: &str = "E164_TOO_LONG";
/// Fewer digits than the shortest number of the country code (or no country code yet).
pub const E164_TOO_SHORT: &str = "E164_TOO_SHORT";
/// The first digit after `+` is 0: no country calling code starts with 0.
pub const E164_LEADING_ZERO: &str = "E164_LEADING_ZERO";
/// The leading 1–3 digits are not an assigned country calling code.
pub const E164_UNKNOWN_COUNTRY_CODE: &str = "E164_UNKNOWN_COUNTRY_CODE";
/// The length of the national number is between the country code's shortest and longest but not
/// one of its possible lengths (libphonenumber's `INVALID_LENGTH`).
pub const E164_IMPOSSIBLE_LENGTH: &str = "E164_IMPOSSIBLE_LENGTH";
/// A national-format number (no `+`, no `00`) and no default region to read it in.
pub const E164_MISSING_COUNTRY_CODE: &str = "E164_MISSING_COUNTRY_CODE";
/// The number has an extension (`ext. 123`, `;ext=123`): a WhatsApp number has none
/// ([`normalize_e164`]; [`normalize_e164_parts`] returns it instead).
pub const E164_EXTENSION: &str = "E164_EXTENSION";
/// The default region is not a known ISO 3166-1 alpha-2 region with a calling code.
pub const E164_UNKNOWN_REGION: &str = "E164_UNKNOWN_REGION";
/// A WhatsApp address must be `whatsapp:+<E.164>` (Twilio 63003/21211 otherwise).
pub const WHATSAPP_ADDRESS_INVALID: &str = "WHATSAPP_ADDRESS_INVALID";

/// Longest input accepted by the parsers, in bytes (`INPUT_TOO_LARGE` past it).
pub const MAX_INPUT_BYTES: usize = 64;
/// At most this many digits in an E.164 number.
pub const MAX_DIGITS: usize = 15;
/// The prefix of WhatsApp addresses on Twilio.
pub const WHATSAPP_PREFIX: &str = "whatsapp:";

/// A strictly valid E.164 number (`+` and digits), whose country code is assigned and whose length
/// is possible for it. Build it with [`parse_e164`] or [`normalize_e164`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164 {
    text: String,
    cc_len: u8,
}

impl E164 {
    /// The number with its `+`: `+14155238886`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// The digits without `+`: the WhatsApp id (`WaId`) of the number.
    pub fn digits(&self) -> &str {
        self.text.get(1..).unwrap_or_default()
    }
    /// The WhatsApp id (`WaId`): the number without `+`.
    pub fn wa_id(&self) -> &str {
        self.digits()
    }
    /// The country calling code, e.g. 44.
    pub fn country_code(&self) -> u16 {
        self.digits()
            .get(..usize::from(self.cc_len))
            .and_then(|c| c.parse().ok())
            .unwrap_or_default()
    }
    /// The national significant number (after the country code).
    pub fn national_number(&self) -> &str {
        self.digits()
            .get(usize::from(self.cc_len)..)
            .unwrap_or_default()
    }
    /// The regions (ISO 3166-1 alpha-2) sharing the country code, main region first; empty for a
    /// non-geographic code (800, 808, 870, 878, 881, 882, 883, 888, 979).
    pub fn regions(&self) -> Vec<&'static str> {
        calling_code_regions(self.country_code())
    }
    /// The one region (ISO 3166-1 alpha-2) the number belongs to, where libphonenumber's data
    /// decides it: the only region of its calling code, or, for a shared code, the region its
    /// leading digits select (a +1 number by its area code: `+14165550123` → `CA`,
    /// `+18765550123` → `JM`, `+12125550123` → `US`). `None` for a non-geographic code and for
    /// leading digits no region of a shared code has numbers with (an unassigned area code).
    pub fn region(&self) -> Option<&'static str> {
        number_region(self.country_code(), self.national_number())
    }
    /// Whether the country code is non-geographic (international freephone, satellite, …).
    pub fn is_non_geographic(&self) -> bool {
        self.regions().is_empty()
    }
    /// Whether this is Twilio's shared WhatsApp sandbox number.
    pub fn is_sandbox(&self) -> bool {
        self.text == crate::config::SANDBOX_NUMBER
    }
    /// A serialisable description (what `parseE164` returns to JS).
    pub fn info(&self) -> NumberInfo {
        NumberInfo {
            number: self.text.clone(),
            country_calling_code: self.country_code().to_string(),
            national_number: self.national_number().to_string(),
            regions: self.regions(),
            region: self.region(),
            non_geographic: self.is_non_geographic(),
            wa_id: self.wa_id().to_string(),
            whatsapp_address: whatsapp_address(self),
        }
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for E164 {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// What is known about a parsed number (camelCase in JSON/JS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct NumberInfo {
    /// `+14155238886`.
    pub number: String,
    /// `"1"`.
    pub country_calling_code: String,
    /// `"4155238886"`.
    pub national_number: String,
    /// Regions sharing the calling code, main first (`["US", "AG", …]`); empty if non-geographic.
    pub regions: Vec<&'static str>,
    /// The number's own region, where the data decides it (see [`E164::region`]).
    pub region: Option<&'static str>,
    /// Non-geographic calling code.
    pub non_geographic: bool,
    /// The number without `+`, as in the inbound `WaId`.
    pub wa_id: String,
    /// `whatsapp:+14155238886`.
    pub whatsapp_address: String,
}

/// Parses a strict E.164 number: `+`, then only digits, an assigned country calling code, a
/// possible length for it, at most 15 digits. Errors carry a `span` (in characters) where it helps.
///
/// ```
/// let n = wa_guard::number::parse_e164("+442071838750").unwrap();
/// assert_eq!((n.country_code(), n.national_number()), (44, "2071838750"));
/// assert_eq!(wa_guard::number::parse_e164("+44 20").unwrap_err().code(), "E164_INVALID_CHARACTER");
/// ```
pub fn parse_e164(input: &str) -> Result<E164> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::too_large("a phone number", MAX_INPUT_BYTES, "bytes"));
    }
    if input.is_empty() {
        return Err(Error::new(E164_EMPTY, "the phone number is empty"));
    }
    let Some(digits) = input.strip_prefix('+') else {
        let hint = if input.starts_with(WHATSAPP_PREFIX) {
            "; this is a WhatsApp address: use parseWhatsAppAddress, or normalizeE164"
        } else if input.starts_with("00") {
            "; replace the international prefix 00 with +, or use normalizeE164"
        } else {
            "; national numbers need normalizeE164 with a default region"
        };
        return Err(Error::new(
            E164_MISSING_PLUS,
            format!("an E.164 number starts with + and the country calling code{hint}"),
        )
        .with_span(0, 1));
    };
    if let Some((i, c)) = digits
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(Error::new(
            E164_INVALID_CHARACTER,
            format!("'{c}' is not allowed in an E.164 number: only + and digits (no spaces or punctuation)"),
        )
        .with_span(i + 1, i + 2));
    }
    check_digits(digits)
}

/// Strict checks on the digits after `+` (ASCII digits only).
fn check_digits(digits: &str) -> Result<E164> {
    if digits.is_empty() {
        return Err(Error::new(E164_TOO_SHORT, "no digits after +"));
    }
    if digits.starts_with('0') {
        return Err(Error::new(
            E164_LEADING_ZERO,
            "no country calling code starts with 0 (an international or trunk prefix is not part of E.164)",
        )
        .with_span(1, 2));
    }
    if digits.len() > MAX_DIGITS {
        return Err(Error::new(
            E164_TOO_LONG,
            format!(
                "{} digits: E.164 numbers have at most {MAX_DIGITS}",
                digits.len()
            ),
        )
        .with_span(MAX_DIGITS + 1, digits.len() + 1));
    }
    let Some((cc, mask)) = split_calling_code(digits) else {
        let partial = digits.len() < 3
            && CALLING_CODES
                .iter()
                .any(|&(c, ..)| c.to_string().starts_with(digits));
        if partial {
            return Err(Error::new(
                E164_TOO_SHORT,
                "the country calling code is incomplete",
            ));
        }
        let end = digits.len().min(3);
        return Err(Error::new(
            E164_UNKNOWN_COUNTRY_CODE,
            format!(
                "+{} does not begin with an assigned country calling code",
                digits.get(..end).unwrap_or_default()
            ),
        )
        .with_span(1, end + 1));
    };
    let cc_len = cc_digits(cc);
    let national = digits.get(cc_len..).unwrap_or_default();
    let mask = length_mask(cc, national, mask);
    let len = national.len();
    let (min, max) = (
        mask.trailing_zeros() as usize,
        31 - mask.leading_zeros() as usize,
    );
    let expected = describe_lengths(mask);
    let region = calling_code_regions(cc)
        .first()
        .copied()
        .unwrap_or("non-geographic");
    let problem = if len < min {
        Some(E164_TOO_SHORT)
    } else if len > max {
        Some(E164_TOO_LONG)
    } else if mask & (1 << len) == 0 {
        Some(E164_IMPOSSIBLE_LENGTH)
    } else {
        None
    };
    if let Some(code) = problem {
        return Err(Error::new(
            code,
            format!("+{cc} ({region}) national numbers have {expected} digits; this one has {len}"),
        )
        .with_span(cc_len + 1, digits.len() + 1));
    }
    Ok(E164 {
        text: format!("+{digits}"),
        cc_len: u8::try_from(cc_len).unwrap_or_default(),
    })
}

/// The calling code a digit string begins with (greedy 1-, 2-, 3-digit match; the set is a prefix
/// code) and the main region's possible-lengths mask.
fn split_calling_code(digits: &str) -> Option<(u16, u32)> {
    (1..=3).find_map(|n| {
        let cc: u16 = digits.get(..n)?.parse().ok()?;
        calling_code(cc).map(|(_, mask, ..)| (cc, mask))
    })
}

fn cc_digits(cc: u16) -> usize {
    match cc {
        0..=9 => 1,
        10..=99 => 2,
        _ => 3,
    }
}

fn calling_code(cc: u16) -> Option<(u16, u32, u16, u8)> {
    CALLING_CODES
        .binary_search_by_key(&cc, |&(c, ..)| c)
        .ok()
        .and_then(|i| CALLING_CODES.get(i).copied())
}

/// Possible lengths for a national number: the main region's, unless the number starts with the
/// leading digits of another region sharing the code (libphonenumber selects that region).
fn length_mask(cc: u16, national: &str, main: u32) -> u32 {
    LENGTH_OVERRIDES
        .iter()
        .find(|&&(c, prefix, _)| c == cc && national.starts_with(prefix))
        .map_or(main, |&(.., m)| m)
}

/// Whether a national significant number has a possible length for a calling code.
pub fn is_possible_length(cc: u16, national: &str) -> bool {
    calling_code(cc).is_some_and(|(_, main, ..)| {
        let len = national.len();
        len < 32 && length_mask(cc, national, main) & (1 << len) != 0
    })
}

/// "7, 9 or 10".
fn describe_lengths(mask: u32) -> String {
    let mut out = String::new();
    let mut left = mask.count_ones();
    for l in (0..32u32).filter(|l| mask & (1 << l) != 0) {
        out.push_str(&l.to_string());
        left -= 1;
        out.push_str(match left {
            0 => "",
            1 => " or ",
            _ => ", ",
        });
    }
    if out.is_empty() {
        out.push_str("no");
    }
    out
}

/// The regions sharing a calling code (main first); empty for non-geographic or unknown codes.
pub fn calling_code_regions(cc: u16) -> Vec<&'static str> {
    let Some((_, _, first, n)) = calling_code(cc) else {
        return Vec::new();
    };
    let start = usize::from(first);
    REGIONS
        .get(start..start + usize::from(n))
        .unwrap_or_default()
        .iter()
        .filter_map(|(r, _)| core::str::from_utf8(r).ok())
        .collect()
}

/// The region of a national number of calling code `cc` (see [`E164::region`]).
pub fn number_region(cc: u16, national: &str) -> Option<&'static str> {
    let regions = calling_code_regions(cc);
    if regions.len() < 2 {
        return regions.first().copied();
    }
    let &(_, rules) = REGION_RULES.iter().find(|&&(c, _)| c == cc)?;
    // Unpack the rules (see `REGION_RULES`): the current prefix's digits are `digits[..len]`.
    let mut digits = [0u8; 16];
    let mut len = 0;
    for &b in rules {
        match b {
            b'a'..=b'z' => len = usize::from(b - b'a'),
            b'0'..=b'9' => {
                *digits.get_mut(len)? = b;
                len += 1;
            }
            _ => {
                let prefix = digits.get(..len).and_then(|d| core::str::from_utf8(d).ok());
                if national.get(..len).and_then(prefix_value) == prefix.and_then(prefix_value)
                    && prefix.is_some()
                {
                    return regions.get(usize::from(b.wrapping_sub(b'A'))).copied();
                }
            }
        }
    }
    None
}

/// The value of a leading-digit prefix as the region rules compare it ("" is 0).
fn prefix_value(p: &str) -> Option<u32> {
    if p.is_empty() {
        Some(0)
    } else {
        p.parse::<u32>().ok()
    }
}

/// The calling code, trunk prefix and uppercase code of a region (case-insensitive ISO 3166-1
/// alpha-2).
fn region_info(region: &str) -> Option<(u16, &'static str, [u8; 2])> {
    let r = region.as_bytes();
    if r.len() != 2 {
        return None;
    }
    let up = [
        r.first()?.to_ascii_uppercase(),
        r.get(1)?.to_ascii_uppercase(),
    ];
    CALLING_CODES.iter().find_map(|&(cc, _, first, n)| {
        let start = usize::from(first);
        REGIONS
            .get(start..start + usize::from(n))?
            .iter()
            .find(|(code, _)| *code == up)
            .map(|&(_, t)| {
                (
                    cc,
                    TRUNK_PREFIXES.get(usize::from(t)).copied().unwrap_or(""),
                    up,
                )
            })
    })
}

/// The country calling code of a region (`"GB"` → 44), case-insensitive.
pub fn region_calling_code(region: &str) -> Option<u16> {
    region_info(region).map(|(cc, ..)| cc)
}

/// Normalises what people type into strict E.164, refusing an extension
/// (`E164_EXTENSION`: a WhatsApp address has none; [`normalize_e164_parts`] returns it instead).
/// See [`normalize_e164_parts`] for what is read. Idempotent.
///
/// ```
/// use wa_guard::number::normalize_e164;
/// assert_eq!(normalize_e164("+1 (415) 523-8886", None).unwrap().as_str(), "+14155238886");
/// assert_eq!(normalize_e164("0049 30 1234567", None).unwrap().as_str(), "+49301234567");
/// assert_eq!(normalize_e164("020 7183 8750", Some("GB")).unwrap().as_str(), "+442071838750");
/// assert_eq!(normalize_e164("011 44 20 7183 8750", Some("US")).unwrap().as_str(), "+442071838750");
/// assert_eq!(normalize_e164("+44 20 7183 8750 ext. 12", None).unwrap_err().code(), "E164_EXTENSION");
/// ```
pub fn normalize_e164(input: &str, default_region: Option<&str>) -> Result<E164> {
    let (n, ext) = normalize_e164_parts(input, default_region)?;
    match ext {
        None => Ok(n),
        Some(ext) => Err(Error::new(
            E164_EXTENSION,
            format!("the number has an extension ({ext}): a WhatsApp number has none"),
        )),
    }
}

/// The digit a character stands for: ASCII, full-width, Arabic-Indic and Extended Arabic-Indic
/// (Persian/Urdu) digits.
fn digit_value(c: char) -> Option<char> {
    let base = match c {
        '0'..='9' => return Some(c),
        '\u{FF10}'..='\u{FF19}' => 0xFF10,
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_digit(u32::from(c) - base, 10)
}

/// Characters skipped between digits: spaces of every width, dashes, dots, slashes, brackets,
/// tildes, and invisible marks (bidi controls, zero-width spaces, soft hyphen, word joiner, BOM).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{a0}'
            | '\u{ad}'
            | '\u{2000}'..='\u{200F}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2028}'..='\u{202F}'
            | '\u{2053}'
            | '\u{205F}'..='\u{206F}'
            | '\u{2212}'
            | '\u{223C}'
            | '\u{3000}'
            | '\u{30FC}'
            | '\u{FEFF}'
            | '\u{FF08}'
            | '\u{FF09}'
            | '\u{FF0D}'
            | '\u{FF0E}'
            | '\u{FF0F}'
            | '\u{FF3B}'
            | '\u{FF3D}'
            | '\u{FF5E}'
            | '-'
            | '.'
            | '/'
            | '~'
            | '('
            | ')'
            | '['
            | ']'
    )
}

/// Words that introduce an extension (lowercase): `ext.`, `ext`, `extn`, `extension`, `x`, `#`,
/// `;ext=` (RFC 3966), as libphonenumber reads them.
const EXTENSION_MARKERS: [&str; 7] = [";ext=", "extension", "extn", "ext", "x", "#", ","];

/// If `rest` (lowercase ASCII compared) starts an extension, its digits; `Err` when a marker is
/// followed by something other than 1–20 digits.
fn read_extension(rest: &[char]) -> Option<String> {
    let text: String = rest.iter().collect();
    let marker = EXTENSION_MARKERS.iter().find(|m| {
        text.get(..m.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(m))
    })?;
    let after = text.get(marker.len()..)?;
    let after = after.trim_start_matches(['.', ':', ' ', '\u{a0}']);
    let after = after.trim_end();
    let digits: Option<String> = after.chars().map(digit_value).collect();
    digits.filter(|d| !d.is_empty() && d.len() <= 20)
}

/// The trunk prefix of a calling code's main region.
fn main_trunk_prefix(cc: u16) -> &'static str {
    calling_code(cc)
        .and_then(|(_, _, first, _)| REGIONS.get(usize::from(first)))
        .and_then(|&(_, t)| TRUNK_PREFIXES.get(usize::from(t)).copied())
        .unwrap_or("")
}

/// The international (IDD) prefixes of a region, longest first (`"00"` unless listed).
fn idd_prefixes(region: [u8; 2]) -> impl Iterator<Item = &'static str> {
    IDD_PREFIXES
        .split(';')
        .find_map(|e| e.strip_prefix(core::str::from_utf8(&region).ok()?))
        .unwrap_or("00")
        .split('|')
}

/// Normalises what people type and paste into strict E.164, and the extension if there is one.
///
/// Read: ASCII, full-width, Arabic-Indic and Persian digits; spaces of every width, dashes,
/// dots, slashes and brackets; bidi and other invisible marks; a `whatsapp:` or `tel:` prefix
/// (RFC 3966 parameters other than `ext` are ignored); `+` or full-width `＋`; the `00`
/// international prefix; a trunk `(0)` after the country code only where that country's trunk
/// prefix is 0 (`+44 (0)20 …`); a national number in `default_region` (ISO 3166-1 alpha-2),
/// without its trunk prefix (`020 7183 8750` in GB), or after that region's own international
/// prefix (`011 44 …` in the US, `8 10 …` in Russia); an extension (`ext. 123`, `x123`,
/// `;ext=123`, `#123`), returned. The number is then checked like [`parse_e164`].
///
/// Errors: `E164_INVALID_CHARACTER` (with the span of the character), `E164_EMPTY`,
/// `E164_MISSING_COUNTRY_CODE`, `E164_UNKNOWN_REGION`, and the strict checks' codes.
pub fn normalize_e164_parts(
    input: &str,
    default_region: Option<&str>,
) -> Result<(E164, Option<String>)> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::too_large("a phone number", MAX_INPUT_BYTES, "bytes"));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    // Leading blanks and invisible marks, then `whatsapp:` / `tel:` (case-insensitive).
    let skip_blank = |i: &mut usize| {
        while chars
            .get(*i)
            .is_some_and(|&c| is_separator(c) && c != '(' && c != '[')
        {
            *i += 1;
        }
    };
    skip_blank(&mut i);
    let mut tel = false;
    for prefix in [WHATSAPP_PREFIX, "tel:"] {
        let head: String = chars.iter().skip(i).take(prefix.len()).collect();
        if head.eq_ignore_ascii_case(prefix) {
            tel |= prefix == "tel:";
            i += prefix.len();
            skip_blank(&mut i);
        }
    }
    let mut plus = false;
    let mut digits = String::with_capacity(16);
    let mut extension = None;
    while let Some(&c) = chars.get(i) {
        if let Some(d) = digit_value(c) {
            digits.push(d);
        } else if (c == '+' || c == '\u{FF0B}') && digits.is_empty() && !plus {
            plus = true;
        } else if c == '(' && trunk_in_brackets(&chars, i, plus, &digits) {
            i += 2; // "(0)": a trunk prefix after the country code, where it is 0
        } else if is_separator(c) {
        } else if let Some(ext) = (!digits.is_empty())
            .then(|| read_extension(chars.get(i..).unwrap_or_default()))
            .flatten()
        {
            extension = Some(ext);
            break;
        } else if tel && c == ';' {
            break; // other RFC 3966 parameters (phone-context, isub): not part of the number
        } else {
            return Err(Error::new(
                E164_INVALID_CHARACTER,
                format!("'{c}' is not part of a phone number"),
            )
            .with_span(i, i + 1));
        }
        i += 1;
    }
    if digits.is_empty() {
        return Err(Error::new(E164_EMPTY, "the phone number has no digits"));
    }
    let strict = if plus {
        check_digits(&digits)
    } else if let Some(region) = default_region {
        let Some((cc, trunk, code)) = region_info(region) else {
            return Err(Error::new(
                E164_UNKNOWN_REGION,
                format!("\"{region}\" is not a region with a country calling code"),
            ));
        };
        // The region's own international prefix, when a country code follows (not a 0).
        let intl = idd_prefixes(code).find_map(|p| {
            digits
                .strip_prefix(p)
                .filter(|rest| !rest.is_empty() && !rest.starts_with('0'))
        });
        match intl {
            Some(rest) => check_digits(rest),
            None => {
                let national = match digits.strip_prefix(trunk) {
                    Some(n) if !trunk.is_empty() && is_possible_length(cc, n) => n,
                    _ => digits.as_str(),
                };
                check_digits(&format!("{cc}{national}"))
            }
        }
    } else if let Some(intl) = digits.strip_prefix("00") {
        check_digits(intl)
    } else {
        return Err(Error::new(
            E164_MISSING_COUNTRY_CODE,
            "a national number (no + or 00) needs a default region to be read in",
        ));
    };
    // Spans of the strict check refer to the rebuilt number, not to the input: drop them.
    strict.map(|n| (n, extension)).map_err(Error::without_span)
}

/// Whether `chars[i..]` is `(0)` right after a complete country code whose main region's trunk
/// prefix is 0 (after `+` or `00`).
fn trunk_in_brackets(chars: &[char], i: usize, plus: bool, digits: &str) -> bool {
    let after_cc = if plus {
        Some(digits)
    } else {
        digits.strip_prefix("00")
    };
    let cc = after_cc
        .filter(|d| !d.is_empty() && d.len() <= 3)
        .and_then(|d| d.parse::<u16>().ok())
        .filter(|&cc| calling_code(cc).is_some());
    cc.is_some_and(|cc| main_trunk_prefix(cc) == "0")
        && chars.get(i + 1).copied().and_then(digit_value) == Some('0')
        && chars.get(i + 2) == Some(&')')
}

/// Parses a Twilio WhatsApp address `whatsapp:+<E.164>` (strict).
///
/// ```
/// let n = wa_guard::number::parse_whatsapp_address("whatsapp:+14155238886").unwrap();
/// assert_eq!(n.wa_id(), "14155238886");
/// ```
pub fn parse_whatsapp_address(input: &str) -> Result<E164> {
    if input.len() > MAX_INPUT_BYTES + WHATSAPP_PREFIX.len() {
        return Err(Error::too_large(
            "a WhatsApp address",
            MAX_INPUT_BYTES + WHATSAPP_PREFIX.len(),
            "bytes",
        ));
    }
    let Some(number) = input.strip_prefix(WHATSAPP_PREFIX) else {
        return Err(Error::new(
            WHATSAPP_ADDRESS_INVALID,
            "a WhatsApp address is whatsapp:+ and an E.164 number",
        ));
    };
    parse_e164(number).map_err(|e| shift_span(e, WHATSAPP_PREFIX.len()))
}

/// Formats a number as a Twilio WhatsApp address: `whatsapp:+14155238886`.
pub fn whatsapp_address(number: &E164) -> String {
    format!("{WHATSAPP_PREFIX}{}", number.as_str())
}

/// Parses an inbound `WaId` (the number's digits without `+`).
pub fn parse_wa_id(input: &str) -> Result<E164> {
    if input.starts_with('+') {
        return Err(
            Error::new(E164_INVALID_CHARACTER, "a WaId is the number without +").with_span(0, 1),
        );
    }
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::too_large("a WaId", MAX_INPUT_BYTES, "bytes"));
    }
    parse_e164(&format!("+{input}")).map_err(|e| {
        e.map_span(|s| crate::error::Span {
            start: s.start.saturating_sub(1),
            end: s.end.saturating_sub(1),
        })
    })
}

fn shift_span(e: Error, by: usize) -> Error {
    e.map_span(|s| crate::error::Span {
        start: s.start + by,
        end: s.end + by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_consistent() {
        assert!(CALLING_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        let regions: usize = CALLING_CODES.iter().map(|c| usize::from(c.3)).sum();
        assert_eq!(regions, REGIONS.len());
        assert!(CALLING_CODES.iter().all(|c| c.1 != 0));
    }

    #[test]
    fn describes_lengths() {
        assert_eq!(describe_lengths(0x680), "7, 9 or 10");
        assert_eq!(describe_lengths(0x400), "10");
    }
}
