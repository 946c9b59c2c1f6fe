//! Template languages (WhatsApp's codes, locales normalised to them) and Content SIDs.

use super::*;
use crate::languages::LANGUAGES;
/// WhatsApp's template language codes (Meta's list of 2026-05-21, [`crate::languages`]), sorted.
pub fn whatsapp_languages() -> &'static [&'static str] {
    &LANGUAGES
}

/// Whether `code` is exactly one of WhatsApp's template language codes (`en`, `pt_BR`, `fil`, …).
/// Case and separator matter: use [`normalize_locale`] first for user input.
pub fn is_whatsapp_language(code: &str) -> bool {
    LANGUAGES.binary_search(&code).is_ok()
}

/// Normalises a locale string to WhatsApp's `ll_CC` form: `pt-BR`, `pt_br`, `PT-br` → `pt_BR`;
/// `EN` → `en`; `zh-Hant-TW` → `zh_TW` (a 4-letter script subtag is dropped); `es-419` → `es_419`.
/// Language: 2–3 letters; region: 2 letters or 3 digits; surrounding whitespace is ignored.
/// Anything else is `LOCALE_INVALID`. The result need not be a WhatsApp language (see
/// [`is_whatsapp_language`]).
pub fn normalize_locale(locale: &str) -> Result<String> {
    if locale.len() > MAX_LOCALE_LEN {
        return Err(Error::too_large("locale", MAX_LOCALE_LEN, "bytes"));
    }
    let bad = || {
        Error::new(
            LOCALE_INVALID,
            "not a locale like \"pt_BR\", \"pt-BR\" or \"pt\"",
        )
    };
    let alpha = |p: &[u8], n: usize| p.len() == n && p.iter().all(u8::is_ascii_alphabetic);
    let mut parts = locale.trim().as_bytes().split(|&b| b == b'-' || b == b'_');
    let lang = parts.next().unwrap_or(&[]);
    if !alpha(lang, 2) && !alpha(lang, 3) {
        return Err(bad());
    }
    let mut out: String = lang
        .iter()
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    let mut next = parts.next();
    if next.is_some_and(|script| alpha(script, 4)) {
        next = parts.next();
    }
    if let Some(region) = next {
        let digits = region.len() == 3 && region.iter().all(u8::is_ascii_digit);
        if !alpha(region, 2) && !digits {
            return Err(bad());
        }
        out.push('_');
        out.extend(region.iter().map(|b| char::from(b.to_ascii_uppercase())));
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(out)
}

/// Checks a Content SID (`HX` + 32 hex digits, either case) and returns it with lowercase hex,
/// the form Twilio emits. Errors: `TEMPLATE_SID_INVALID` (with the span of the first bad
/// character where there is one).
pub fn normalize_sid(sid: &str) -> Result<String> {
    let err = |msg: &'static str| Error::new(TEMPLATE_SID_INVALID, msg);
    let n = sid.chars().count();
    if !sid.starts_with("HX") {
        let msg = if sid.starts_with("MG") {
            "a Content SID starts with HX (this is a Messaging Service SID)"
        } else {
            "a Content SID starts with HX"
        };
        return Err(err(msg).with_span(0, n.min(2)));
    }
    if let Some((i, _)) = sid
        .chars()
        .enumerate()
        .skip(2)
        .find(|(_, c)| !c.is_ascii_hexdigit())
    {
        return Err(err("a Content SID is HX + 32 hex digits: not a hex digit").with_span(i, i + 1));
    }
    if n != 34 {
        return Err(err("a Content SID is HX + exactly 32 hex digits").with_span(n.min(34), n));
    }
    let mut out = String::from("HX");
    out.push_str(&sid.get(2..).unwrap_or("").to_ascii_lowercase());
    Ok(out)
}
