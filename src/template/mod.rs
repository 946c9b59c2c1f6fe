//! WhatsApp message templates (Twilio Content templates): validation, rendering, matching typed
//! text, and language selection.
//!
//! Spec: `shared/spec/templates.md`. Outside the 24-hour window an agent may send only an approved
//! template, by its Content SID (`HX` + 32 hex), with `ContentVariables` for its numbered
//! placeholders `{{1}}`, `{{2}}`, ….
//!
//! - [`validate`] checks a definition against WhatsApp's rules and reports **every** problem, each
//!   with its code, its path in the template (`body`, `sid`, `language`, `name`) and, inside the
//!   body, its character span.
//! - [`render`] / [`render_keyed`] check the variable values against Twilio's send-time rules and
//!   return the text and the exact `ContentVariables` JSON string.
//! - [`Registry`] is built once from the registered templates and then [`Registry::match_text`]es
//!   free text an agent typed (which templates could have produced it, with which values) and
//!   [`Registry::select`]s the template to send for a customer's locale.
//!
//! Spans are `[start, end)` in Unicode scalar values (Rust `char`s) of the string named by the
//! problem's path.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Meta's template categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Marketing,
    Utility,
    Authentication,
}

impl Category {
    /// The lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Marketing => "marketing",
            Category::Utility => "utility",
            Category::Authentication => "authentication",
        }
    }

    /// Parses the lowercase name (`marketing`, `utility`, `authentication`).
    pub fn parse(s: &str) -> Option<Category> {
        match s {
            "marketing" => Some(Category::Marketing),
            "utility" => Some(Category::Utility),
            "authentication" => Some(Category::Authentication),
            _ => None,
        }
    }
}

/// A registered template: one Twilio Content SID, one language, the WhatsApp-approved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    /// Content SID: `HX` + 32 hex digits (either case accepted; emitted lowercase).
    pub sid: String,
    /// Friendly name; the same name in several languages is several templates.
    pub name: String,
    /// WhatsApp template language code (`en`, `pt_BR`, …).
    pub language: String,
    /// The approved text with numbered placeholders `{{1}}`.
    pub body: String,
    /// Meta's category, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
}

impl Template {
    /// UTF-8 bytes of the template's strings (SID + name + language + body): what counts against
    /// [`MAX_REGISTRY_BYTES`].
    pub fn byte_len(&self) -> usize {
        self.sid
            .len()
            .saturating_add(self.name.len())
            .saturating_add(self.language.len())
            .saturating_add(self.body.len())
    }
}

/// `INPUT_TOO_LARGE` (no path) when `templates` is past [`MAX_REGISTRY_TEMPLATES`] or
/// [`MAX_REGISTRY_BYTES`]; a cheap pass over the lengths, before any other work.
fn check_set_size(templates: &[Template]) -> Result<()> {
    if templates.len() > MAX_REGISTRY_TEMPLATES {
        return Err(Error::too_large(
            "templates",
            MAX_REGISTRY_TEMPLATES,
            "templates",
        ));
    }
    let bytes = templates
        .iter()
        .fold(0usize, |n, t| n.saturating_add(t.byte_len()));
    if bytes > MAX_REGISTRY_BYTES {
        return Err(Error::too_large("templates", MAX_REGISTRY_BYTES, "bytes"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Meta's limit on a template body, in characters.
pub const MAX_BODY_CHARS: usize = 1024;
/// Twilio's limit on the variables of one content template.
pub const MAX_VARIABLES: usize = 100;
/// Twilio's limit on one variable value, in characters.
pub const MAX_VALUE_CHARS: usize = 1600;
/// Bodies longer than this (UTF-8 bytes) get only `TEMPLATE_BODY_TOO_LONG`: the placeholder rules
/// are not checked on them (they could never be approved anyway).
pub const MAX_ANALYZED_BODY_BYTES: usize = 16 * 1024;
/// Most templates a [`Registry`] (and [`validate_all`]) accepts (`INPUT_TOO_LARGE` past it).
pub const MAX_REGISTRY_TEMPLATES: usize = 50_000;
/// Most UTF-8 bytes of all templates together (SID + name + language + body of each, see
/// [`Template::byte_len`]) that a [`Registry`] or [`validate_all`] accepts: 16 MiB, checked before
/// anything is validated or compiled (`INPUT_TOO_LARGE` past it). Valid templates are at most
/// a few KB each, so this is far above any real set.
pub const MAX_REGISTRY_BYTES: usize = 16 * 1024 * 1024;
/// Longest template name, in characters: Meta's limit on a template name (512). Past it
/// [`validate`] reports `INPUT_TOO_LARGE` at `name` (a blocking problem).
pub const MAX_NAME_CHARS: usize = 512;
/// Longest text [`Registry::match_text`] accepts, in characters (`INPUT_TOO_LARGE` past it).
pub const MAX_MATCH_TEXT_CHARS: usize = 16_384;
/// Longest locale string [`normalize_locale`] accepts, in bytes.
pub const MAX_LOCALE_LEN: usize = 64;

// ---------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------

/// Aggregate: a template definition breaks one or more rules; `problems` lists each.
/// Sending it would fail with Twilio 63016/63027-family errors or Meta's template rejection.
pub const TEMPLATE_INVALID: &str = "TEMPLATE_INVALID";
/// Aggregate: a set of templates (a [`Registry`]'s input) has problems; paths are `[i].field`.
pub const TEMPLATES_INVALID: &str = "TEMPLATES_INVALID";
/// A `{{` without a matching `}}` (path `body`).
pub const TEMPLATE_PLACEHOLDER_UNCLOSED: &str = "TEMPLATE_PLACEHOLDER_UNCLOSED";
/// An empty placeholder `{{}}` (path `body`).
pub const TEMPLATE_PLACEHOLDER_EMPTY: &str = "TEMPLATE_PLACEHOLDER_EMPTY";
/// A placeholder key containing whitespace, e.g. `{{ 1 }}` (path `body`).
pub const TEMPLATE_PLACEHOLDER_SPACES: &str = "TEMPLATE_PLACEHOLDER_SPACES";
/// A named key such as `{{first_name}}`: Twilio's Content API allows them, WhatsApp templates use
/// numbers only (path `body`).
pub const TEMPLATE_PLACEHOLDER_NAMED: &str = "TEMPLATE_PLACEHOLDER_NAMED";
/// A number that is not a valid placeholder number: `{{0}}` or a leading zero `{{01}}` (path `body`).
pub const TEMPLATE_PLACEHOLDER_INVALID_NUMBER: &str = "TEMPLATE_PLACEHOLDER_INVALID_NUMBER";
/// Rule 1: the numbers used are not exactly 1..n (`{{1}} … {{3}}` without `{{2}}`); reported at
/// each placeholder whose number is above n (path `body`).
pub const TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL: &str = "TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL";
/// Rule 2 (Meta's approval rules): two placeholders separated only by whitespace
/// (`Hi {{1}} {{2}},`). Meta rejects such templates unless sample values are supplied.
pub const TEMPLATE_PLACEHOLDERS_ADJACENT: &str = "TEMPLATE_PLACEHOLDERS_ADJACENT";
/// Rule 3 (Meta's approval rules): the body starts with a placeholder (only whitespace before it).
pub const TEMPLATE_PLACEHOLDER_AT_START: &str = "TEMPLATE_PLACEHOLDER_AT_START";
/// Rule 3 (Meta's approval rules): the body ends with a placeholder; a placeholder followed only
/// by whitespace and punctuation (`… {{1}}.`) counts as at the end.
pub const TEMPLATE_PLACEHOLDER_AT_END: &str = "TEMPLATE_PLACEHOLDER_AT_END";
/// Rule 4 (Meta's approval rules): too many placeholders for the length: x placeholders need at
/// least 2x+1 words outside placeholders ("Too many variables for its length").
pub const TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH: &str =
    "TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH";
/// Rule 5: the body is longer than 1,024 characters (Meta's body limit); span = the excess.
pub const TEMPLATE_BODY_TOO_LONG: &str = "TEMPLATE_BODY_TOO_LONG";
/// Rule 5: more than 100 distinct variables (Twilio's limit).
pub const TEMPLATE_TOO_MANY_VARIABLES: &str = "TEMPLATE_TOO_MANY_VARIABLES";
/// The body is empty or only whitespace.
pub const TEMPLATE_BODY_EMPTY: &str = "TEMPLATE_BODY_EMPTY";
/// The Content SID is not `HX` + 32 hex digits (Twilio 21655 / 20404 otherwise).
pub const TEMPLATE_SID_INVALID: &str = "TEMPLATE_SID_INVALID";
/// Rule 6: the language is not one of WhatsApp's template language codes (Meta's list).
pub const TEMPLATE_LANGUAGE_UNSUPPORTED: &str = "TEMPLATE_LANGUAGE_UNSUPPORTED";
/// The friendly name is empty or only whitespace.
pub const TEMPLATE_NAME_EMPTY: &str = "TEMPLATE_NAME_EMPTY";
/// Two templates of a set share a Content SID (path `[i].sid`).
pub const TEMPLATE_DUPLICATE_SID: &str = "TEMPLATE_DUPLICATE_SID";
/// Two templates of a set share a name and a language, so selection would be ambiguous
/// (path `[i].language`).
pub const TEMPLATE_DUPLICATE_LANGUAGE: &str = "TEMPLATE_DUPLICATE_LANGUAGE";

/// Aggregate: variable values break Twilio's send-time rules (Twilio 21656 "ContentVariables
/// invalid" / 21658 otherwise); `problems` lists each, at path `variables.<n>` (the placeholder
/// number) with a span inside the value where it applies.
pub const VARIABLES_INVALID: &str = "VARIABLES_INVALID";
/// A value is empty or only whitespace.
pub const VARIABLE_EMPTY: &str = "VARIABLE_EMPTY";
/// A value contains a line break (`\n`, `\r`, vertical tab, form feed, U+0085, U+2028, U+2029).
pub const VARIABLE_NEWLINE: &str = "VARIABLE_NEWLINE";
/// A value contains a tab.
pub const VARIABLE_TAB: &str = "VARIABLE_TAB";
/// A value contains a run of more than 4 consecutive spaces.
pub const VARIABLE_TOO_MANY_SPACES: &str = "VARIABLE_TOO_MANY_SPACES";
/// A value is longer than 1,600 characters.
pub const VARIABLE_TOO_LONG: &str = "VARIABLE_TOO_LONG";
/// The template's text with its values substituted is longer than [`MAX_BODY_CHARS`] (1,024)
/// characters: WhatsApp refuses it at send time (Twilio 63021). Checked for every template, at
/// path `variables`, with a span over the excess in the rendered text.
pub const TEMPLATE_RENDERED_TOO_LONG: &str = "TEMPLATE_RENDERED_TOO_LONG";
/// A placeholder of the template has no value.
pub const VARIABLE_MISSING: &str = "VARIABLE_MISSING";
/// A value was given for a key the template does not have (Twilio rejects extra keys).
pub const VARIABLE_EXTRA: &str = "VARIABLE_EXTRA";

/// A locale string is not of the form `ll`, `ll_CC`, `ll-CC` (optionally with a script subtag).
pub const LOCALE_INVALID: &str = "LOCALE_INVALID";
/// No template with this name in the registry.
pub const TEMPLATE_NOT_FOUND: &str = "TEMPLATE_NOT_FOUND";
/// The template exists, but not in any of the languages tried (message and `problems` list them).
pub const TEMPLATE_LANGUAGE_UNAVAILABLE: &str = "TEMPLATE_LANGUAGE_UNAVAILABLE";

// ---------------------------------------------------------------------------------------------
// Languages, locales, SIDs
// ---------------------------------------------------------------------------------------------

use crate::languages::LANGUAGES;

mod registry;
pub use registry::*;

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

// ---------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------

/// One placeholder occurrence in a body.
#[derive(Debug, Clone, Copy)]
struct Token {
    /// Char offsets `[start, end)` of `{{…}}`.
    start: usize,
    end: usize,
    /// Byte offsets of the same.
    bstart: usize,
    bend: usize,
    /// The number, when the key is a valid placeholder number.
    number: Option<u32>,
}

/// The analysed body: placeholder tokens and the problems of the body (paths `body`).
struct Scan {
    tokens: Vec<Token>,
    problems: Vec<Error>,
    /// Distinct valid numbers used.
    numbers: NumSet,
}

/// A set of placeholder numbers: a bitmap for small ones, a list for the rest (no `BTreeSet`:
/// code size matters in wasm).
#[derive(Default)]
struct NumSet {
    small: Vec<bool>,
    big: Vec<u32>,
    len: usize,
}

impl NumSet {
    const SMALL: u32 = 4096;

    /// Inserts `v`; returns whether it was new.
    fn insert(&mut self, v: u32) -> bool {
        let new = if v < Self::SMALL {
            let i = v as usize;
            if self.small.len() <= i {
                self.small.resize(i + 1, false);
            }
            match self.small.get_mut(i) {
                Some(b) if !*b => {
                    *b = true;
                    true
                }
                _ => false,
            }
        } else if self.big.contains(&v) {
            false
        } else {
            self.big.push(v);
            true
        };
        self.len += usize::from(new);
        new
    }

    fn contains(&self, v: u32) -> bool {
        if v < Self::SMALL {
            self.small.get(v as usize).copied().unwrap_or(false)
        } else {
            self.big.contains(&v)
        }
    }
}

#[inline(never)]
fn body_err(code: &'static str, msg: &'static str, start: usize, end: usize) -> Error {
    Error::new(code, msg).at("body").with_span(start, end)
}

/// Characters that count as punctuation for rule 3 ("followed only by punctuation").
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '¡' | '¿'
                | '…'
                | '«'
                | '»'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '„'
                | '‚'
                | '‹'
                | '›'
                | '–'
                | '—'
                | '‐'
                | '·'
                | '、'
                | '。'
                | '，'
                | '！'
                | '？'
                | '：'
                | '；'
                | '・'
                | '।'
                | '؟'
                | '،'
                | '؛'
                | '۔'
                | '」'
                | '「'
                | '』'
                | '『'
                | '）'
                | '（'
        )
}

fn scan(body: &str) -> Scan {
    let cs: Vec<(usize, char)> = body.char_indices().collect();
    let n = cs.len();
    let ch = |i: usize| cs.get(i).map(|&(_, c)| c);
    let byte = |i: usize| cs.get(i).map_or(body.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut problems = Vec::new();
    let mut numbers = NumSet::default();
    let mut i = 0;
    while i < n {
        if !(ch(i) == Some('{') && ch(i + 1) == Some('{')) {
            i += 1;
            continue;
        }
        if ch(i + 2) == Some('{') {
            // In a run of braces the last two open the placeholder: `{{{1}}}` is `{` + `{{1}}` + `}`.
            i += 1;
            continue;
        }
        let mut j = i + 2;
        let mut close = None;
        while j + 1 < n {
            match (ch(j), ch(j + 1)) {
                (Some('}'), Some('}')) => {
                    close = Some(j);
                    break;
                }
                (Some('{'), Some('{')) => break,
                _ => j += 1,
            }
        }
        let Some(j) = close else {
            problems.push(body_err(
                TEMPLATE_PLACEHOLDER_UNCLOSED,
                "\"{{\" without a matching \"}}\"",
                i,
                i + 2,
            ));
            i += 2;
            continue;
        };
        let (start, end) = (i, j + 2);
        let key = body.get(byte(i + 2)..byte(j)).unwrap_or("");
        let mut number = None;
        let problem = if key.is_empty() {
            Some((
                TEMPLATE_PLACEHOLDER_EMPTY,
                "empty placeholder {{}}: write a number, e.g. {{1}}",
            ))
        } else if key.chars().any(char::is_whitespace) {
            Some((
                TEMPLATE_PLACEHOLDER_SPACES,
                "a placeholder key must not contain spaces: write {{1}}, not {{ 1 }}",
            ))
        } else if !key.bytes().all(|b| b.is_ascii_digit()) {
            Some((
                TEMPLATE_PLACEHOLDER_NAMED,
                "named placeholder: WhatsApp templates use numbered placeholders {{1}}, {{2}}, …",
            ))
        } else if key.starts_with('0') {
            Some((
                TEMPLATE_PLACEHOLDER_INVALID_NUMBER,
                "placeholder numbers start at 1 and have no leading zero",
            ))
        } else {
            let v = if key.len() > 9 {
                u32::MAX
            } else {
                key.parse::<u32>().unwrap_or(u32::MAX)
            };
            number = Some(v);
            numbers.insert(v);
            None
        };
        if let Some((code, msg)) = problem {
            problems.push(body_err(code, msg, start, end));
        }
        tokens.push(Token {
            start,
            end,
            bstart: byte(start),
            bend: byte(end),
            number,
        });
        i = end;
    }
    Scan {
        tokens,
        problems,
        numbers,
    }
}

/// Checks a template against WhatsApp's rules (spec `templates.md`) and returns **every** problem
/// (empty = valid). Paths are relative to the template (`body`, `sid`, `language`, `name`); body
/// problems carry the character span of the offending text.
///
/// Rules: placeholder syntax (`TEMPLATE_PLACEHOLDER_UNCLOSED`, `_EMPTY`, `_SPACES`, `_NAMED`,
/// `_INVALID_NUMBER`); numbers exactly 1..n in any order (`TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL`);
/// from Meta's approval rules: no two placeholders separated only by whitespace
/// (`TEMPLATE_PLACEHOLDERS_ADJACENT`), none at the start or end, where followed only by
/// punctuation counts as the end (`TEMPLATE_PLACEHOLDER_AT_START` / `_AT_END`), at least 2x+1
/// words outside x placeholders (`TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH`; a word is a
/// whitespace-separated run of literal text containing a character other than punctuation); body ≤ 1,024
/// characters (`TEMPLATE_BODY_TOO_LONG`), ≤ 100 variables (`TEMPLATE_TOO_MANY_VARIABLES`);
/// SID `HX` + 32 hex (`TEMPLATE_SID_INVALID`); a WhatsApp language code
/// (`TEMPLATE_LANGUAGE_UNSUPPORTED`); a non-empty name (`TEMPLATE_NAME_EMPTY`).
///
/// Limits: the name at most [`MAX_NAME_CHARS`] (512) characters (`INPUT_TOO_LARGE` at `name`, a
/// blocking problem); the SID and the language are bounded by their formats (34 characters; a
/// code of Meta's list), so a longer one is simply `TEMPLATE_SID_INVALID` /
/// `TEMPLATE_LANGUAGE_UNSUPPORTED`; a body past [`MAX_ANALYZED_BODY_BYTES`] gets only
/// `TEMPLATE_BODY_TOO_LONG` (its placeholders are not scanned). Every check is linear in the
/// template's size.
///
/// A placeholder may appear more than once (`{{1}}` twice takes the same value).
pub fn validate(t: &Template) -> Vec<Error> {
    let mut out = Vec::new();
    if t.name.trim().is_empty() {
        out.push(Error::new(TEMPLATE_NAME_EMPTY, "the template needs a name").at("name"));
    } else if t.name.len() > MAX_NAME_CHARS && t.name.chars().count() > MAX_NAME_CHARS {
        out.push(Error::too_large("the template name", MAX_NAME_CHARS, "characters").at("name"));
    }
    if let Err(e) = normalize_sid(&t.sid) {
        out.push(e.at("sid"));
    }
    if !is_whatsapp_language(&t.language) {
        let msg = match normalize_locale(&t.language) {
            Ok(n) if is_whatsapp_language(&n) => {
                format!("not a WhatsApp template language code: write \"{n}\"")
            }
            _ => "not a WhatsApp template language code (Meta's list: en, en_US, pt_BR, …)".into(),
        };
        out.push(Error::new(TEMPLATE_LANGUAGE_UNSUPPORTED, msg).at("language"));
    }
    out.extend(validate_body(&t.body).1);
    out
}

/// Every problem of a template body alone (paths `body`, character spans), as [`validate`]
/// reports them for the body: placeholder syntax, numbering, length and Meta's review rules.
/// Used by [`crate::content`] for the bodies of every Content type.
pub fn body_problems(body: &str) -> Vec<Error> {
    validate_body(body).1
}

/// Validates a body alone; returns the scan (when analysed) and the problems.
fn validate_body(body: &str) -> (Option<Scan>, Vec<Error>) {
    let mut out = Vec::new();
    if body.trim().is_empty() {
        out.push(body_err(
            TEMPLATE_BODY_EMPTY,
            "the template body is empty",
            0,
            body.chars().count(),
        ));
        return (None, out);
    }
    let nchars = body.chars().count();
    if nchars > MAX_BODY_CHARS {
        out.push(body_err(
            TEMPLATE_BODY_TOO_LONG,
            "the body is longer than WhatsApp's limit of 1,024 characters",
            MAX_BODY_CHARS,
            nchars,
        ));
    }
    if body.len() > MAX_ANALYZED_BODY_BYTES {
        return (None, out);
    }
    let sc = scan(body);
    out.extend(sc.problems.iter().cloned());
    let toks = &sc.tokens;

    // Rule 1: the numbers used are exactly 1..n.
    let n = sc.numbers.len;
    if let Some(missing) = (1..=n).find(|k| !sc.numbers.contains(*k as u32)) {
        for tok in toks {
            if tok.number.is_some_and(|v| v as usize > n) {
                out.push(
                    Error::new(
                        TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL,
                        format!("placeholders must be numbered 1..n without gaps: {{{{{missing}}}}} is missing"),
                    )
                    .at("body")
                    .with_span(tok.start, tok.end),
                );
            }
        }
    }
    // Rule 5: at most 100 variables.
    if n > MAX_VARIABLES {
        let mut seen = NumSet::default();
        let first_over = toks.iter().find(|t| {
            t.number.is_some_and(|v| {
                seen.insert(v);
                seen.len > MAX_VARIABLES
            })
        });
        let (s, e) = first_over.map_or((0, nchars), |t| (t.start, t.end));
        out.push(body_err(
            TEMPLATE_TOO_MANY_VARIABLES,
            "more than 100 variables (Twilio's limit)",
            s,
            e,
        ));
    }
    let lit = |a: usize, b: usize| body.get(a..b).unwrap_or("");
    // Rule 2: adjacency.
    for w in toks.windows(2) {
        if let [a, b] = w {
            if lit(a.bend, b.bstart).trim().is_empty() {
                out.push(body_err(
                    TEMPLATE_PLACEHOLDERS_ADJACENT,
                    "placeholders separated only by whitespace (Meta's approval rules)",
                    a.start,
                    b.end,
                ));
            }
        }
    }
    // Rule 3: start and end.
    if let Some(first) = toks.first() {
        if lit(0, first.bstart).trim().is_empty() {
            out.push(body_err(
                TEMPLATE_PLACEHOLDER_AT_START,
                "the body starts with a placeholder (Meta's approval rules)",
                first.start,
                first.end,
            ));
        }
    }
    if let Some(last) = toks.last() {
        if lit(last.bend, body.len())
            .chars()
            .all(|c| c.is_whitespace() || is_punctuation(c))
        {
            out.push(body_err(
                TEMPLATE_PLACEHOLDER_AT_END,
                "the body ends with a placeholder, or one followed only by punctuation (Meta's approval rules)",
                last.start,
                last.end,
            ));
        }
    }
    // Rule 4: density.
    let x = toks.len();
    if x > 0 {
        let mut words = 0usize;
        let mut from = 0;
        for tok in toks
            .iter()
            .map(|t| (t.bstart, t.bend))
            .chain([(body.len(), body.len())])
        {
            words += lit(from, tok.0)
                .split_whitespace()
                .filter(|w| w.chars().any(|c| !is_punctuation(c)))
                .count();
            from = tok.1;
        }
        if words < 2 * x + 1 {
            out.push(body_err(
                TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH,
                "too many placeholders for the length: x placeholders need 2x+1 words around them (Meta's approval rules)",
                0,
                nchars,
            ));
        }
    }
    (Some(sc), out)
}

fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((b, _)) => Cow::Owned(format!("{}…", s.get(..b).unwrap_or(""))),
        None => Cow::Borrowed(s),
    }
}

/// Validates a set of templates (e.g. a workstream's): each template's problems at `[i].field`,
/// plus duplicate SIDs (`TEMPLATE_DUPLICATE_SID`) and duplicate name + language pairs
/// (`TEMPLATE_DUPLICATE_LANGUAGE`). Empty = valid. Past [`MAX_REGISTRY_TEMPLATES`] or
/// [`MAX_REGISTRY_BYTES`] the only problem is `INPUT_TOO_LARGE` (no path: the set itself),
/// found before any template is looked at.
pub fn validate_all(templates: &[Template]) -> Vec<Error> {
    if let Err(e) = check_set_size(templates) {
        return vec![e];
    }
    let mut out = Vec::new();
    let mut sids = Vec::with_capacity(templates.len());
    let mut names = Vec::with_capacity(templates.len());
    for (i, t) in templates.iter().enumerate() {
        let prefix = format!("[{i}]");
        out.extend(validate(t).into_iter().map(|e| e.under(&prefix)));
        sids.push((t.sid.to_ascii_lowercase(), i as u32));
        names.push((name_key(&t.name, &t.language), i as u32));
    }
    for w in sort_keyed(sids).windows(2) {
        if let [(a, _), (b, j)] = w {
            if a == b {
                out.push(
                    Error::new(
                        TEMPLATE_DUPLICATE_SID,
                        "another template has the same Content SID",
                    )
                    .at(format!("[{j}].sid")),
                );
            }
        }
    }
    for w in sort_keyed(names).windows(2) {
        if let [(a, _), (b, j)] = w {
            if a == b {
                out.push(
                    Error::new(
                        TEMPLATE_DUPLICATE_LANGUAGE,
                        "another template has the same name and language",
                    )
                    .at(format!("[{j}].language")),
                );
            }
        }
    }
    out
}

/// The key of a (name, language) pair in sorted tables: `name` NUL `language`.
fn name_key(name: &str, language: &str) -> String {
    let mut k = String::with_capacity(name.len() + language.len() + 1);
    k.push_str(name);
    k.push('\0');
    k.push_str(language);
    k
}

/// The order of `0..n` sorted by `less`: one non-generic heapsort serves the whole module, as
/// each instantiation of `slice::sort` costs kilobytes of wasm.
fn sort_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    crate::util::heap_sort(&mut v, &|a, b| less(*a, *b));
    v
}

/// `(key, id)` pairs sorted by key, then id.
pub(crate) fn sort_keyed(v: Vec<(String, u32)>) -> Vec<(String, u32)> {
    let order = sort_order(v.len(), &|a, b| v.get(a) < v.get(b));
    let mut slots: Vec<Option<(String, u32)>> = v.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Number of distinct variables of a template body (`{{1}}` twice counts once); Meta's review
/// rules do not matter here.
/// `TEMPLATE_INVALID` when the body breaks a rule.
pub fn variable_count(body: &str) -> Result<usize> {
    compile(body).map(|c| c.n_vars)
}

// ---------------------------------------------------------------------------------------------
// Compiled templates, values, rendering
// ---------------------------------------------------------------------------------------------

/// A valid body split into literals and placeholder slots: `lit[0] {{slot[0]}} lit[1] … lit[k]`.
#[derive(Debug, Clone)]
struct Compiled {
    /// The literal parts as written (for rendering); `slots.len() + 1` of them.
    lits: Vec<String>,
    /// Variable index (0-based: `{{1}}` → 0) of each placeholder occurrence.
    slots: Vec<usize>,
    n_vars: usize,
    /// Literals for matching: `\r\n` → `\n`, the last one with trailing whitespace removed.
    mlits: Vec<String>,
    /// Characters of literal text (the specificity of a match).
    literal_chars: usize,
    /// Whether a variable occurs more than once.
    repeats: bool,
}

/// Whether a problem comes from Meta's approval review (rules 2–4: adjacency, start/end,
/// density). [`validate`] reports them, but they do not stop [`render`], [`variable_count`] or a
/// [`Registry`]: Meta approves such templates when sample values are supplied (Twilio's Content
/// Template Builder asks for them), e.g. authentication templates that start with the code.
pub fn is_meta_review_problem(code: &str) -> bool {
    matches!(
        code,
        TEMPLATE_PLACEHOLDERS_ADJACENT
            | TEMPLATE_PLACEHOLDER_AT_START
            | TEMPLATE_PLACEHOLDER_AT_END
            | TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH
    )
}

/// The problems that make a template unusable (all but Meta's review rules).
fn blocking(problems: Vec<Error>) -> Vec<Error> {
    problems
        .into_iter()
        .filter(|e| !is_meta_review_problem(e.code()))
        .collect()
}

fn compile(body: &str) -> Result<Compiled> {
    let (sc, problems) = validate_body(body);
    let problems = blocking(problems);
    let sc = match sc {
        Some(sc) if problems.is_empty() => sc,
        _ => return Err(template_invalid(problems)),
    };
    let mut lits = Vec::with_capacity(sc.tokens.len() + 1);
    let mut slots = Vec::with_capacity(sc.tokens.len());
    let mut from = 0;
    for t in &sc.tokens {
        lits.push(body.get(from..t.bstart).unwrap_or("").to_string());
        slots.push(t.number.unwrap_or(1).saturating_sub(1) as usize);
        from = t.bend;
    }
    lits.push(body.get(from..).unwrap_or("").to_string());
    let mut mlits: Vec<String> = lits.iter().map(|l| crlf_to_lf(l).into_owned()).collect();
    if let Some(last) = mlits.last_mut() {
        let keep = last.trim_end().len();
        last.truncate(keep);
    }
    let literal_chars = mlits.iter().map(|l| l.chars().count()).sum();
    let n_vars = sc.numbers.len;
    Ok(Compiled {
        repeats: slots.len() > n_vars,
        lits,
        slots,
        n_vars,
        mlits,
        literal_chars,
    })
}

fn template_invalid(problems: Vec<Error>) -> Error {
    aggregate(
        TEMPLATE_INVALID,
        "the template breaks WhatsApp's rules",
        problems,
    )
}

/// An aggregate error whose message is `what` plus the first problem's message.
#[inline(never)]
fn aggregate(code: &'static str, what: &str, problems: Vec<Error>) -> Error {
    let mut msg = String::from(what);
    if let Some(p) = problems.first() {
        msg.push_str(": ");
        msg.push_str(p.message());
        if problems.len() > 1 {
            msg.push_str(" (and more: see problems)");
        }
    }
    Error::aggregate(code, msg, problems)
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Checks one value against Twilio's send-time rules; `key` is its placeholder number (for the
/// path `variables.<key>`). Returns every problem (empty = fine).
pub fn check_value(key: &str, value: &str) -> Vec<Error> {
    let mut out = Vec::new();
    let mut push = |code, msg, start, end| out.push(var_err(code, key, msg).with_span(start, end));
    let (mut newline, mut tab, mut spaces) = (false, false, false);
    let mut run = 0usize;
    let mut count = 0usize;
    let mut blank = true;
    for (i, c) in value.chars().enumerate() {
        count = i + 1;
        blank &= c.is_whitespace();
        if is_line_break(c) && !newline {
            newline = true;
            push(
                VARIABLE_NEWLINE,
                "the value contains a line break (Twilio 21656, and 63013: WhatsApp channel policy)",
                i,
                i + 1,
            );
        }
        if c == '\t' && !tab {
            tab = true;
            push(
                VARIABLE_TAB,
                "the value contains a tab (Twilio 21656, and 63013: WhatsApp channel policy)",
                i,
                i + 1,
            );
        }
        run = if c == ' ' { run + 1 } else { 0 };
        if run == 5 && !spaces {
            spaces = true;
            push(
                VARIABLE_TOO_MANY_SPACES,
                "the value has more than 4 spaces in a row (Twilio 21656, and 63013: WhatsApp channel policy)",
                i + 1 - 5,
                i + 1,
            );
        }
    }
    if count > MAX_VALUE_CHARS {
        push(
            VARIABLE_TOO_LONG,
            "the value is longer than 1,600 characters",
            MAX_VALUE_CHARS,
            count,
        );
    }
    if blank {
        out.insert(
            0,
            var_err(VARIABLE_EMPTY, key, "the value is empty (Twilio 21656)").with_span(0, count),
        );
    }
    out
}

/// A problem of the value of placeholder `key`, at `variables.<key>`.
#[inline(never)]
fn var_err(code: &'static str, key: &str, msg: &'static str) -> Error {
    let mut path = String::from("variables.");
    path.push_str(key);
    Error::new(code, msg).at(path)
}

/// A rendered template, ready to send by Content SID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    /// The text the customer will see.
    pub text: String,
    /// The `ContentVariables` parameter: a JSON **string** of an object with string keys,
    /// `{"1":"Ana","2":"12:30"}` (keys 1..n in order, exactly what `JSON.stringify` produces).
    pub content_variables: String,
    /// The Content SID to send (`ContentSid`), hex lowercased.
    pub content_sid: String,
}

/// Writes `s` as a JSON string literal (quotes included), escaping exactly like
/// `JSON.stringify` / serde_json: `"` `\` and the short escapes `\b \f \n \r \t`, other control
/// characters below U+0020 as `\u00xx` (lowercase hex); everything else verbatim (UTF-8).
pub fn write_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    // Runs of characters that need no escape are copied whole (every character to escape is
    // ASCII, so each run ends on a character boundary); one `push` per character was half the
    // time of `decodeForm` and of every result the bindings serialise.
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or_default());
        run = i + 1;
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(*HEX.get(usize::from(b >> 4)).unwrap_or(&b'0')));
            out.push(char::from(*HEX.get(usize::from(b & 15)).unwrap_or(&b'0')));
        } else {
            out.push_str(esc);
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// The `ContentVariables` JSON string for values in placeholder order 1..n.
///
/// No limit of its own (infallible, one linear pass; each value grows at most 6× when escaped):
/// [`render`] and [`Registry::match_text`] call it with at most [`MAX_VARIABLES`] values, checked
/// before; a caller passing its own values bounds them itself.
pub fn content_variables<S: AsRef<str>>(values: &[S]) -> String {
    let mut out =
        String::with_capacity(2 + values.iter().map(|v| v.as_ref().len() + 10).sum::<usize>());
    out.push('{');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(&(i + 1).to_string());
        out.push_str("\":");
        write_json_string(&mut out, v.as_ref());
    }
    out.push('}');
    out
}

fn render_compiled(
    c: &Compiled,
    sid: String,
    values: &[Option<&str>],
    extra: Vec<Error>,
) -> Result<Rendered> {
    // In placeholder order, bad keys last.
    let mut problems = Vec::new();
    for i in 0..values.len().max(c.n_vars) {
        let key = (i + 1).to_string();
        match (values.get(i).copied().flatten(), i < c.n_vars) {
            (None, true) => problems.push(var_err(
                VARIABLE_MISSING,
                &key,
                "no value for this placeholder",
            )),
            (Some(v), true) => problems.extend(check_value(&key, v)),
            (Some(_), false) => problems.push(var_err(
                VARIABLE_EXTRA,
                &key,
                "the template has no such placeholder",
            )),
            (None, false) => {}
        }
    }
    problems.extend(extra);
    if !problems.is_empty() {
        return Err(aggregate(
            VARIABLES_INVALID,
            "the variables break Twilio's rules",
            problems,
        ));
    }
    let vals: Vec<&str> = values
        .iter()
        .take(c.n_vars)
        .map(|v| v.unwrap_or(""))
        .collect();
    let mut text = String::with_capacity(
        c.lits.iter().map(String::len).sum::<usize>() + vals.iter().map(|v| v.len()).sum::<usize>(),
    );
    for (i, lit) in c.lits.iter().enumerate() {
        text.push_str(lit);
        if let Some(slot) = c.slots.get(i) {
            text.push_str(vals.get(*slot).copied().unwrap_or(""));
        }
    }
    let n = text.chars().count();
    if n > MAX_BODY_CHARS {
        return Err(Error::new(
            TEMPLATE_RENDERED_TOO_LONG,
            format!("with its values the template has {n} characters; WhatsApp accepts at most {MAX_BODY_CHARS} (Twilio 63021)"),
        )
        .at("variables")
        .with_span(MAX_BODY_CHARS, n));
    }
    Ok(Rendered {
        text,
        content_variables: content_variables(&vals),
        content_sid: sid,
    })
}

/// Renders a template with values in placeholder order (`values[0]` for `{{1}}`, …).
///
/// Errors: `TEMPLATE_INVALID` (with every [`validate`] problem except Meta's review rules, see
/// [`is_meta_review_problem`]) when the template breaks a rule;
/// `INPUT_TOO_LARGE` for more than 100 values; `VARIABLES_INVALID` with every problem
/// (`VARIABLE_EMPTY`, `VARIABLE_NEWLINE`, `VARIABLE_TAB`, `VARIABLE_TOO_MANY_SPACES`,
/// `VARIABLE_TOO_LONG`, `VARIABLE_MISSING`, `VARIABLE_EXTRA`, at `variables.<n>`);
/// `TEMPLATE_RENDERED_TOO_LONG` (Twilio 63021, at `variables`) when the text with the values is
/// longer than 1,024 characters.
pub fn render<S: AsRef<str>>(t: &Template, values: &[S]) -> Result<Rendered> {
    if values.len() > MAX_VARIABLES {
        return Err(Error::too_large("variables", MAX_VARIABLES, "values").at("variables"));
    }
    let vals: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_ref())).collect();
    render_checked(t, &vals, Vec::new())
}

fn render_checked(t: &Template, vals: &[Option<&str>], extra: Vec<Error>) -> Result<Rendered> {
    let problems = blocking(validate(t));
    if !problems.is_empty() {
        return Err(template_invalid(problems));
    }
    let c = compile(&t.body)?;
    let sid = normalize_sid(&t.sid).map_err(|e| e.at("sid"))?;
    render_compiled(&c, sid, vals, extra)
}

/// Renders with values keyed by placeholder number as strings (`[("1", "Ana"), ("2", "12:30")]`,
/// the shape of a JS object `{ "1": "Ana" }`). Keys that are not a placeholder of the template
/// are `VARIABLE_EXTRA`; otherwise like [`render`].
pub fn render_keyed<K: AsRef<str>, V: AsRef<str>>(
    t: &Template,
    values: &[(K, V)],
) -> Result<Rendered> {
    let (vals, extra) = keyed_values(values)?;
    render_checked(t, &vals, extra)
}

/// Turns keyed values into positional ones; bad keys become `VARIABLE_EXTRA` problems.
fn keyed_values<K: AsRef<str>, V: AsRef<str>>(
    values: &[(K, V)],
) -> Result<(Vec<Option<&str>>, Vec<Error>)> {
    if values.len() > MAX_VARIABLES {
        return Err(Error::too_large("variables", MAX_VARIABLES, "values").at("variables"));
    }
    let mut vals: Vec<Option<&str>> = Vec::new();
    let mut extra = Vec::new();
    for (k, v) in values {
        let k = k.as_ref();
        let n = if !k.is_empty()
            && k.len() <= 3
            && !k.starts_with('0')
            && k.bytes().all(|b| b.is_ascii_digit())
        {
            k.parse::<usize>().ok().filter(|n| *n <= MAX_VARIABLES)
        } else {
            None
        };
        match n {
            Some(n) => {
                if vals.len() < n {
                    vals.resize(n, None);
                }
                if let Some(slot) = vals.get_mut(n - 1) {
                    *slot = Some(v.as_ref());
                }
            }
            None => extra.push(var_err(
                VARIABLE_EXTRA,
                &truncate(k, 20),
                "not a placeholder number (keys are \"1\", \"2\", …)",
            )),
        }
    }
    Ok((vals, extra))
}

#[cfg(test)]
mod tests {
    use super::registry::Keys;
    use super::*;

    #[test]
    fn languages_are_sorted_and_unique() {
        assert!(LANGUAGES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn prefix_search_finds_every_prefix() {
        let keys = sort_keyed(
            ["", "a", "ab", "abc", "abd", "b", "abcd", "abcz!", "ac"]
                .iter()
                .map(|s| (s.to_string(), 0))
                .collect(),
        );
        let keys = Keys::new(keys.into_iter().map(|(k, _)| k).collect());
        let find = |t: &str| -> Vec<&str> {
            keys.prefixing(t.as_bytes())
                .into_iter()
                .map(|i| keys.keys[i as usize].as_str())
                .collect()
        };
        assert_eq!(find("abcz"), vec!["abc", "ab", "a", ""]);
        assert_eq!(find("abcd"), vec!["abcd", "abc", "ab", "a", ""]);
        assert_eq!(find("abx"), vec!["ab", "a", ""]);
        assert_eq!(find("b"), vec!["b", ""]);
        assert_eq!(find(""), vec![""]);
        let none = Keys::new(vec!["x".into()]);
        assert!(none.prefixing(b"a").is_empty());
        // Brute force agrees on every short text over a small alphabet.
        let texts = [
            "", "a", "ab", "abc", "abcz!x", "acd", "ba", "zz", "abd", "abcdz",
        ];
        for t in texts {
            let mut want: Vec<&str> = keys
                .keys
                .iter()
                .map(String::as_str)
                .filter(|k| t.starts_with(k))
                .collect();
            want.sort_by_key(|k| std::cmp::Reverse(k.len()));
            assert_eq!(find(t), want, "{t}");
        }
    }

    #[test]
    fn sort_order_sorts() {
        let v = [5, 3, 9, 1, 1, 0, 7, 3, 2, 8];
        let order = sort_order(v.len(), &|a, b| (v[a], a) < (v[b], b));
        let sorted: Vec<i32> = order.iter().map(|&i| v[i]).collect();
        assert_eq!(sorted, vec![0, 1, 1, 2, 3, 3, 5, 7, 8, 9]);
        assert_eq!(&order[1..3], &[3, 4]);
        assert!(sort_order(0, &|_, _| false).is_empty());
    }
}
