//! A template definition checked against WhatsApp's and Meta's rules: the placeholder scan, every
//! problem with its path and span, and sets of templates.

use super::*;
/// One placeholder occurrence in a body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    /// Char offsets `[start, end)` of `{{…}}`.
    start: usize,
    end: usize,
    /// Byte offsets of the same.
    pub(super) bstart: usize,
    pub(super) bend: usize,
    /// The number, when the key is a valid placeholder number.
    pub(super) number: Option<u32>,
}

/// The analysed body: placeholder tokens and the problems of the body (paths `body`).
pub(super) struct Scan {
    pub(super) tokens: Vec<Token>,
    problems: Vec<Error>,
    /// Distinct valid numbers used.
    pub(super) numbers: NumSet,
}

/// A set of placeholder numbers: a bitmap for small ones, a list for the rest (no `BTreeSet`:
/// code size matters in wasm).
#[derive(Default)]
pub(super) struct NumSet {
    small: Vec<bool>,
    big: Vec<u32>,
    pub(super) len: usize,
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
    // Bytes, not chars: `{` and `}` are ASCII, so two adjacent brace bytes are two adjacent brace
    // characters. (A `Vec` of `char_indices` per body was a tenth of a 6 MB Content API import.)
    let b = body.as_bytes();
    let n = b.len();
    let at = |i: usize| b.get(i).copied();
    // The char offset of byte offset `to` (never below the last one asked), counted on from the
    // last one: a character starts at every byte that is not a UTF-8 continuation byte.
    let (mut last, mut count) = (0usize, 0usize);
    let mut char_at = |to: usize| {
        let run = b.get(last..to).unwrap_or(&[]);
        count += run.iter().filter(|&&x| x & 0xC0 != 0x80).count();
        last = to;
        count
    };
    let mut tokens = Vec::new();
    let mut problems = Vec::new();
    let mut numbers = NumSet::default();
    let mut i = 0;
    while i < n {
        if !(at(i) == Some(b'{') && at(i + 1) == Some(b'{')) {
            i += 1;
            continue;
        }
        if at(i + 2) == Some(b'{') {
            // In a run of braces the last two open the placeholder: `{{{1}}}` is `{` + `{{1}}` + `}`.
            i += 1;
            continue;
        }
        let mut j = i + 2;
        let mut close = None;
        while j + 1 < n {
            match (at(j), at(j + 1)) {
                (Some(b'}'), Some(b'}')) => {
                    close = Some(j);
                    break;
                }
                (Some(b'{'), Some(b'{')) => break,
                _ => j += 1,
            }
        }
        let start = char_at(i);
        let Some(j) = close else {
            problems.push(body_err(
                TEMPLATE_PLACEHOLDER_UNCLOSED,
                "\"{{\" without a matching \"}}\"",
                start,
                start + 2,
            ));
            i += 2;
            continue;
        };
        let end = char_at(j + 2);
        let key = body.get(i + 2..j).unwrap_or("");
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
            bstart: i,
            bend: j + 2,
            number,
        });
        i = j + 2;
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
pub(super) fn validate_body(body: &str) -> (Option<Scan>, Vec<Error>) {
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
    // (Counted where it can be over the limit, and for the spans below only when reported.)
    let nchars = if body.len() > MAX_BODY_CHARS {
        body.chars().count()
    } else {
        0
    };
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
        let (s, e) = first_over.map_or_else(|| (0, body.chars().count()), |t| (t.start, t.end));
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
        // Words are counted only until there are enough (the rest cannot change the answer).
        let need = 2 * x + 1;
        let mut words = 0usize;
        let mut from = 0;
        for tok in toks
            .iter()
            .map(|t| (t.bstart, t.bend))
            .chain([(body.len(), body.len())])
        {
            if words >= need {
                break;
            }
            words += count_words(lit(from, tok.0), need - words);
            from = tok.1;
        }
        if words < need {
            out.push(body_err(
                TEMPLATE_TOO_MANY_PLACEHOLDERS_FOR_LENGTH,
                "too many placeholders for the length: x placeholders need 2x+1 words around them (Meta's approval rules)",
                0,
                body.chars().count(),
            ));
        }
    }
    (Some(sc), out)
}

/// The words of `s` for rule 4, at most `max`: whitespace-separated runs holding a character
/// other than punctuation. ASCII text is read byte by byte (the same answer as `split_whitespace`:
/// ASCII whitespace is `\t`–`\r` and space; ASCII punctuation is [`is_punctuation`]'s ASCII part);
/// `split_whitespace` was half of a Content API import's body checks.
fn count_words(s: &str, max: usize) -> usize {
    if !s.is_ascii() {
        return s
            .split_whitespace()
            .filter(|w| w.chars().any(|c| !is_punctuation(c)))
            .take(max)
            .count();
    }
    let (mut n, mut word) = (0usize, false);
    for &b in s.as_bytes() {
        if matches!(b, b' ' | b'\t'..=b'\r') {
            n += usize::from(word);
            word = false;
            if n >= max {
                return max;
            }
        } else if !b.is_ascii_punctuation() {
            word = true;
        }
    }
    (n + usize::from(word)).min(max)
}

pub(super) fn truncate(s: &str, max: usize) -> Cow<'_, str> {
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
pub(super) fn name_key(name: &str, language: &str) -> String {
    let mut k = String::with_capacity(name.len() + language.len() + 1);
    k.push_str(name);
    k.push('\0');
    k.push_str(language);
    k
}

/// The order of `0..n` sorted by `less`: one non-generic heapsort serves the whole module, as
/// each instantiation of `slice::sort` costs kilobytes of wasm.
pub(super) fn sort_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What rule 4 counted before the byte-wise reading of ASCII text.
    fn words_by_chars(s: &str, max: usize) -> usize {
        s.split_whitespace()
            .filter(|w| w.chars().any(|c| !is_punctuation(c)))
            .take(max)
            .count()
    }

    #[test]
    fn count_words_agrees_with_split_whitespace() {
        let texts = [
            "",
            " ",
            "Hello",
            "Hello world",
            "  Hello,\tworld!\n\r\x0b\x0cagain  ",
            "... --- !!! a",
            "a , b ; c",
            "trailing, ",
            "x\x1fy z",
            "ab\u{a0}cd ef",
            "¿qué? «hola» …",
            "tab\tand\u{2003}em space",
            "{{1}} is {{2}}",
        ];
        for t in texts {
            for max in [1, 2, 3, 100] {
                assert_eq!(
                    count_words(t, max),
                    words_by_chars(t, max),
                    "{t:?} max {max}"
                );
            }
        }
    }
}
