//! Templates compiled for sending: values checked against Twilio's send-time rules, the rendered
//! text and the exact `ContentVariables`.

use super::*;
/// A valid body split into literals and placeholder slots: `lit[0] {{slot[0]}} lit[1] … lit[k]`.
#[derive(Debug, Clone)]
pub(super) struct Compiled {
    /// The literal parts as written (for rendering); `slots.len() + 1` of them.
    lits: Vec<String>,
    /// Variable index (0-based: `{{1}}` → 0) of each placeholder occurrence.
    pub(super) slots: Vec<usize>,
    pub(super) n_vars: usize,
    /// Literals for matching: `\r\n` → `\n`, the last one with trailing whitespace removed.
    pub(super) mlits: Vec<String>,
    /// Characters of literal text (the specificity of a match).
    pub(super) literal_chars: usize,
    /// Whether a variable occurs more than once.
    pub(super) repeats: bool,
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
pub(super) fn blocking(problems: Vec<Error>) -> Vec<Error> {
    problems
        .into_iter()
        .filter(|e| !is_meta_review_problem(e.code()))
        .collect()
}

pub(super) fn compile(body: &str) -> Result<Compiled> {
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
pub(super) fn aggregate(code: &'static str, what: &str, problems: Vec<Error>) -> Error {
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

pub(super) fn is_line_break(c: char) -> bool {
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
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

pub(super) fn render_compiled(
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
pub(super) fn keyed_values<K: AsRef<str>, V: AsRef<str>>(
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
