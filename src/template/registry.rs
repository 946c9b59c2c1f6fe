//! The registry of templates: matching typed text back to a template and its values (the
//! matching index), selecting a template by name and language (the language rule:
//! [`language_candidates`], [`language_candidates_in`]), and rendering by SID.

use super::*;

struct Entry {
    template: Template,
    sid: String,
    compiled: Compiled,
}

/// The registered templates, indexed once for matching typed text, selection by language, and
/// rendering by SID. Build it with [`Registry::new`] (every template must pass [`validate`] but for
/// Meta's review rules, see [`is_meta_review_problem`]; SIDs unique,
/// name + language unique).
///
/// **Matching index.** A rendering starts with the template's first literal part and ends with its
/// last one (placeholders are never at the start or end of a valid body). The registry keeps the
/// distinct first literals and the distinct (reversed) last literals in sorted arrays; for a text
/// it finds, by binary search, those that are a prefix (resp. suffix) of it, and looks the pairs up
/// in a sorted table. Only templates passing both get the full match, so a call costs
/// O(log N) plus the work on real candidates, not a scan of N patterns.
pub struct Registry {
    entries: Vec<Entry>,
    /// (normalized sid, entry).
    by_sid: Vec<(String, u32)>,
    /// (`name` NUL `language`, entry).
    by_name: Vec<(String, u32)>,
    /// Distinct first literals, sorted.
    prefixes: Keys,
    /// Distinct last literals, characters reversed, sorted.
    suffixes: Keys,
    /// Distinct second literals (the text after the first placeholder), sorted.
    seconds: Keys,
    /// First bytes of the second literals (a 256-bit set).
    second_starts: [u64; 4],
    /// (prefix id, suffix id, second-literal id or `u32::MAX` without placeholders, entry), sorted.
    pairs: Vec<(u32, u32, u32, u32)>,
}

impl core::fmt::Debug for Registry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Registry")
            .field("templates", &self.entries.len())
            .finish()
    }
}

/// One template a text matched, with the values extracted for its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'a> {
    /// The template matched.
    pub template: &'a Template,
    /// Its Content SID, hex lowercased.
    pub sid: &'a str,
    /// Values in placeholder order (`variables[0]` is `{{1}}`).
    pub variables: Vec<String>,
    /// Characters of literal text in the template: the specificity the results are sorted by.
    pub literal_chars: usize,
}

impl Match<'_> {
    /// The `ContentVariables` JSON string of the extracted values.
    pub fn content_variables(&self) -> String {
        content_variables(&self.variables)
    }
}

/// How [`Registry::select`] found the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum SelectedBy {
    /// The customer's exact locale (`pt_BR`).
    Locale,
    /// The base language of the customer's locale (`pt`).
    Language,
    /// The workstream's default language.
    Default,
}

impl SelectedBy {
    /// The camelCase name, as in JSON (`locale`, `language`, `default`).
    pub fn as_str(self) -> &'static str {
        match self {
            SelectedBy::Locale => "locale",
            SelectedBy::Language => "language",
            SelectedBy::Default => "default",
        }
    }
}

/// The result of [`Registry::select`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<'a> {
    pub template: &'a Template,
    /// Content SID, hex lowercased.
    pub sid: &'a str,
    pub selected_by: SelectedBy,
    /// Language codes tried, in order, up to and including the one found.
    pub tried: Vec<String>,
}

/// Groups of templates sharing first and last literals up to this size are matched one by one;
/// larger ones are narrowed by their second literal first.
const SMALL_GROUP: usize = 8;

/// Limit on the work of matching one template (bytes examined plus calls): about a millisecond.
/// Only pathological template/text pairs (dozens of placeholders around a literal repeated all
/// over a long text) come near it; past it that template is reported as not matching.
const MATCH_WORK_BUDGET: usize = 4_000_000;

impl Registry {
    /// Builds the registry. Errors: `INPUT_TOO_LARGE` (no path) past [`MAX_REGISTRY_TEMPLATES`]
    /// or [`MAX_REGISTRY_BYTES`], before anything is validated or compiled;
    /// `TEMPLATES_INVALID` listing every problem of [`validate_all`] (paths `[i].field`) but for
    /// Meta's review rules ([`is_meta_review_problem`]): approved templates may break those.
    pub fn new(templates: Vec<Template>) -> Result<Registry> {
        check_set_size(&templates)?;
        let problems = blocking(validate_all(&templates));
        if !problems.is_empty() {
            return Err(aggregate(
                TEMPLATES_INVALID,
                "some templates break WhatsApp's rules",
                problems,
            ));
        }
        let mut entries = Vec::with_capacity(templates.len());
        for (i, t) in templates.into_iter().enumerate() {
            let compiled = compile(&t.body).map_err(|e| e.under(&format!("[{i}].body")))?;
            let sid = normalize_sid(&t.sid).map_err(|e| e.at(format!("[{i}].sid")))?;
            entries.push(Entry {
                template: t,
                sid,
                compiled,
            });
        }
        let keyed = |f: &dyn Fn(&Entry) -> String| {
            sort_keyed(
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (f(e), i as u32))
                    .collect(),
            )
        };
        let by_sid = keyed(&|e| e.sid.clone());
        let by_name = keyed(&|e| name_key(&e.template.name, &e.template.language));
        let firsts = keyed(&|e| e.compiled.mlits.first().cloned().unwrap_or_default());
        let lasts = keyed(&|e| {
            e.compiled
                .mlits
                .last()
                .map(|l| l.chars().rev().collect())
                .unwrap_or_default()
        });
        // Distinct keys, and the id of each entry's key.
        let distinct = |sorted: Vec<(String, u32)>| {
            let mut keys: Vec<String> = Vec::new();
            let mut ids = vec![0u32; entries.len()];
            for (k, i) in sorted {
                if keys.last() != Some(&k) {
                    keys.push(k);
                }
                if let Some(slot) = ids.get_mut(i as usize) {
                    *slot = keys.len().saturating_sub(1) as u32;
                }
            }
            (Keys::new(keys), ids)
        };
        let seconds_sorted = keyed(&|e| e.compiled.mlits.get(1).cloned().unwrap_or_default());
        let (prefixes, pids) = distinct(firsts);
        let (suffixes, sids) = distinct(lasts);
        let (seconds, mids) = distinct(seconds_sorted);
        let mut second_starts = [0u64; 4];
        for b in seconds.keys.iter().filter_map(|m| m.as_bytes().first()) {
            if let Some(w) = second_starts.get_mut(usize::from(*b) / 64) {
                *w |= 1 << (b % 64);
            }
        }
        let raw: Vec<(u32, u32, u32, u32)> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let m = if e.compiled.slots.is_empty() {
                    u32::MAX
                } else {
                    mids.get(i).copied().unwrap_or(0)
                };
                let p = pids.get(i).copied().unwrap_or(0);
                (p, sids.get(i).copied().unwrap_or(0), m, i as u32)
            })
            .collect();
        let pairs: Vec<(u32, u32, u32, u32)> =
            sort_order(raw.len(), &|a, b| raw.get(a) < raw.get(b))
                .into_iter()
                .filter_map(|i| raw.get(i).copied())
                .collect();
        Ok(Registry {
            entries,
            by_sid,
            by_name,
            prefixes,
            suffixes,
            seconds,
            second_starts,
            pairs,
        })
    }

    /// Number of templates.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the registry has no template.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The templates, in registration order.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.entries.iter().map(|e| &e.template)
    }

    fn entry_by_sid(&self, sid: &str) -> Option<&Entry> {
        let key = normalize_sid(sid).ok()?;
        let i = self
            .by_sid
            .binary_search_by(|(s, _)| s.as_str().cmp(key.as_str()))
            .ok()?;
        let (_, idx) = self.by_sid.get(i)?;
        self.entries.get(*idx as usize)
    }

    /// The template with this Content SID (either case).
    pub fn get(&self, sid: &str) -> Option<&Template> {
        self.entry_by_sid(sid).map(|e| &e.template)
    }

    /// Renders the template with this SID; values in placeholder order. Errors:
    /// `TEMPLATE_NOT_FOUND`, and those of [`render`].
    pub fn render<S: AsRef<str>>(&self, sid: &str, values: &[S]) -> Result<Rendered> {
        if values.len() > MAX_VARIABLES {
            return Err(Error::too_large("variables", MAX_VARIABLES, "values").at("variables"));
        }
        let e = self.entry_by_sid(sid).ok_or_else(not_found_sid)?;
        let vals: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_ref())).collect();
        render_compiled(&e.compiled, e.sid.clone(), &vals, Vec::new())
    }

    /// Like [`Registry::render`] with values keyed by placeholder number (see [`render_keyed`]).
    pub fn render_keyed<K: AsRef<str>, V: AsRef<str>>(
        &self,
        sid: &str,
        values: &[(K, V)],
    ) -> Result<Rendered> {
        let e = self.entry_by_sid(sid).ok_or_else(not_found_sid)?;
        let (vals, extra) = keyed_values(values)?;
        render_compiled(&e.compiled, e.sid.clone(), &vals, extra)
    }

    /// Finds every template whose rendering could be `text`, with the values.
    ///
    /// Literal parts must match exactly, except that `\r\n` equals `\n` and trailing whitespace at
    /// the end of the text is ignored. Values obey the send-time rules ([`check_value`]): non-blank,
    /// no line break or tab, no run of more than 4 spaces, at most 1,600 characters; a repeated
    /// placeholder must take the same value each time.
    ///
    /// **Split rule** (when several splits are possible): *leftmost-shortest*. The value of the
    /// first placeholder occurrence is the shortest one for which the rest of the text can still
    /// match; given it, the same for the second occurrence, and so on. E.g. `Hi {{1}} and {{2}}.`
    /// on `Hi a and b and c.` gives `["a", "b and c"]`.
    ///
    /// **Order**: most specific first (most literal characters), then registration order.
    ///
    /// Errors: `INPUT_TOO_LARGE` past [`MAX_MATCH_TEXT_CHARS`]. No match is an empty list.
    pub fn match_text(&self, text: &str) -> Result<Vec<Match<'_>>> {
        if text.len() > MAX_MATCH_TEXT_CHARS
            && (text.len() > 4 * MAX_MATCH_TEXT_CHARS
                || text.chars().count() > MAX_MATCH_TEXT_CHARS)
        {
            return Err(Error::too_large("text", MAX_MATCH_TEXT_CHARS, "characters").at("text"));
        }
        let norm = crlf_to_lf(text);
        let t = norm.trim_end();
        let rev: String = t.chars().rev().collect();
        let ps = self.prefixes.prefixing(t.as_bytes());
        let ss = self.suffixes.prefixing(rev.as_bytes());
        let mut cands: Vec<u32> = Vec::new();
        for &p in &ps {
            for &s in &ss {
                let lo = self.pairs.partition_point(|x| (x.0, x.1) < (p, s));
                let hi = self.pairs.partition_point(|x| (x.0, x.1) <= (p, s));
                let group = self.pairs.get(lo..hi).unwrap_or(&[]);
                if group.len() <= SMALL_GROUP {
                    cands.extend(group.iter().map(|x| x.3));
                } else {
                    let pos = self.prefixes.len_of(p).unwrap_or(0);
                    self.scan_group(group, t, pos, &mut cands);
                }
            }
        }
        let mut found: Vec<(usize, u32, Vec<String>)> = Vec::new();
        for idx in cands {
            if let Some(e) = self.entries.get(idx as usize) {
                if let Some(vars) = match_compiled(&e.compiled, t) {
                    found.push((e.compiled.literal_chars, idx, vars));
                }
            }
        }
        let order = sort_order(found.len(), &|a, b| {
            let key = |i: usize| found.get(i).map(|f| (usize::MAX - f.0, f.1));
            key(a) < key(b)
        });
        let mut slots: Vec<Option<(usize, u32, Vec<String>)>> =
            found.into_iter().map(Some).collect();
        Ok(order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
            .filter_map(|(lc, idx, variables)| {
                self.entries.get(idx as usize).map(|e| Match {
                    template: &e.template,
                    sid: &e.sid,
                    variables,
                    literal_chars: lc,
                })
            })
            .collect())
    }

    /// Candidates of a large group (templates sharing their first and last literals), found by
    /// their second literal: it must start where the first value can end, i.e. at some position
    /// after the first non-blank character and within the send-time value limit.
    fn scan_group(&self, group: &[(u32, u32, u32, u32)], t: &str, pos: usize, out: &mut Vec<u32>) {
        let start = out.len();
        // Templates without placeholders sort last (second-literal id `u32::MAX`).
        let plain = group.partition_point(|x| x.2 < u32::MAX);
        out.extend(group.get(plain..).unwrap_or(&[]).iter().map(|x| x.3));
        let group = group.get(..plain).unwrap_or(&[]);
        // An empty second literal (`{{1}}{{2}}`, approved by Meta with samples) starts anywhere.
        if self.seconds.keys.first().is_some_and(String::is_empty) {
            out.extend(group.iter().take_while(|x| x.2 == 0).map(|x| x.3));
        }
        let (limit, Some(solid)) = value_limit(t, pos) else {
            return;
        };
        let bytes = t.as_bytes();
        for (off, _) in t.get(solid..).unwrap_or("").char_indices().skip(1) {
            let e = solid + off;
            if e > limit {
                break;
            }
            let b = bytes.get(e).copied().unwrap_or(0);
            if self
                .second_starts
                .get(usize::from(b) / 64)
                .copied()
                .unwrap_or(0)
                & (1 << (b % 64))
                == 0
            {
                continue;
            }
            for m in self.seconds.prefixing(bytes.get(e..).unwrap_or(&[])) {
                let lo = group.partition_point(|x| x.2 < m);
                for x in group
                    .get(lo..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|x| x.2 == m)
                {
                    if !out.get(start..).unwrap_or(&[]).contains(&x.3) {
                        out.push(x.3);
                    }
                }
            }
        }
    }

    /// Picks the template named `name` for a customer: the exact locale (`pt_BR`), then its base
    /// language (`pt`, only that exact code), for a bare language (`pt`) its only regional variant
    /// (`pt_BR`, when exactly one exists), then `default_language` (the workstream's). Locales
    /// are normalised first (`pt-BR`, `pt_br` → `pt_BR`); either may be absent.
    ///
    /// Errors: `LOCALE_INVALID` (path `language` / `defaultLanguage`), `TEMPLATE_NOT_FOUND` (no
    /// template has this name), `TEMPLATE_LANGUAGE_UNAVAILABLE` (message lists what was tried).
    pub fn select(
        &self,
        name: &str,
        language: Option<&str>,
        default_language: Option<&str>,
    ) -> Result<Selection<'_>> {
        let prefix = name_key(name, "");
        let lo = self
            .by_name
            .partition_point(|(k, _)| k.as_str() < prefix.as_str());
        let langs: Vec<(&str, u32)> = self
            .by_name
            .get(lo..)
            .unwrap_or(&[])
            .iter()
            .map_while(|(k, i)| k.strip_prefix(prefix.as_str()).map(|l| (l, *i)))
            .collect();
        if langs.is_empty() {
            return Err(Error::new(TEMPLATE_NOT_FOUND, "no template has this name").at("name"));
        }
        let tries = language_candidates_in(
            language,
            default_language,
            &mut langs.iter().map(|(l, _)| *l),
        )?;
        let mut tried = Vec::new();
        for (code, by) in tries {
            let hit = langs.iter().find(|(l, _)| *l == code).map(|(_, i)| *i);
            tried.push(code);
            if let Some(e) = hit.and_then(|i| self.entries.get(i as usize)) {
                return Ok(Selection {
                    template: &e.template,
                    sid: &e.sid,
                    selected_by: by,
                    tried,
                });
            }
        }
        let available: Vec<&str> = langs.iter().map(|(l, _)| *l).collect();
        Err(Error::new(
            TEMPLATE_LANGUAGE_UNAVAILABLE,
            format!(
                "the template is not available in [{}] (tried in this order); it exists in [{}]",
                tried.join(", "),
                available.join(", ")
            ),
        )
        .at("language"))
    }
}

/// The language codes to try, in order, for a customer locale and a default language (the
/// selection rule of the spec, shared by [`Registry::select`] and anyone choosing among a
/// workstream's templates): the exact locale normalised (`pt-br` → `pt_BR`), then its base
/// language (`pt`, only that exact code), then the default; duplicates dropped. Either may be
/// absent. Errors: `LOCALE_INVALID` (path `language` / `defaultLanguage`), `INPUT_TOO_LARGE`.
pub fn language_candidates(
    language: Option<&str>,
    default_language: Option<&str>,
) -> Result<Vec<(String, SelectedBy)>> {
    let mut tries: Vec<(String, SelectedBy)> = Vec::new();
    if let Some(l) = language {
        let l = normalize_locale(l).map_err(|e| e.at("language"))?;
        if let Some((base, _)) = l.split_once('_') {
            let base = base.to_string();
            tries.push((l, SelectedBy::Locale));
            tries.push((base, SelectedBy::Language));
        } else {
            tries.push((l, SelectedBy::Locale));
        }
    }
    if let Some(d) = default_language {
        let d = normalize_locale(d).map_err(|e| e.at("defaultLanguage"))?;
        if !tries.iter().any(|(t, _)| *t == d) {
            tries.push((d, SelectedBy::Default));
        }
    }
    Ok(tries)
}

/// [`language_candidates`] against the languages a template actually exists in: after a bare
/// customer language (`pt`), the only regional variant of it in `available` (`pt_BR`, when there
/// is exactly one `pt_*`) is tried before the default language (as [`SelectedBy::Language`]).
/// Two or more variants (`pt_BR` and `pt_PT`) are ambiguous: none is picked.
pub fn language_candidates_in(
    language: Option<&str>,
    default_language: Option<&str>,
    available: &mut dyn Iterator<Item = &str>,
) -> Result<Vec<(String, SelectedBy)>> {
    let mut tries = language_candidates(language, default_language)?;
    let bare = match tries.first() {
        Some((l, SelectedBy::Locale)) if !l.contains('_') => l.clone(),
        _ => return Ok(tries),
    };
    let mut variant: Option<&str> = None;
    for a in available {
        let regional = a
            .strip_prefix(bare.as_str())
            .is_some_and(|r| r.starts_with('_'));
        if regional && variant != Some(a) {
            if variant.is_some() {
                return Ok(tries);
            }
            variant = Some(a);
        }
    }
    if let Some(v) = variant {
        tries.retain(|(t, _)| t != v);
        tries.insert(1, (v.to_string(), SelectedBy::Language));
    }
    Ok(tries)
}

fn not_found_sid() -> Error {
    Error::new(TEMPLATE_NOT_FOUND, "no template has this Content SID").at("sid")
}

/// Distinct strings, sorted, each with its longest proper prefix in the set: answers "which keys
/// are prefixes of this text" with one binary search and a walk up a (short) prefix chain.
#[derive(Debug, Default)]
pub(super) struct Keys {
    pub(super) keys: Vec<String>,
    /// Index of the longest key that is a proper prefix of each key, `u32::MAX` if none.
    parent: Vec<u32>,
}

impl Keys {
    /// `keys` must be sorted and distinct.
    pub(super) fn new(keys: Vec<String>) -> Keys {
        let mut parent = Vec::with_capacity(keys.len());
        // Keys on the stack are prefixes of each other, shortest first.
        let mut stack: Vec<usize> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            while let Some(&top) = stack.last() {
                if keys.get(top).is_some_and(|t| k.starts_with(t.as_str())) {
                    break;
                }
                stack.pop();
            }
            parent.push(stack.last().map_or(u32::MAX, |&t| t as u32));
            stack.push(i);
        }
        Keys { keys, parent }
    }

    fn len_of(&self, i: u32) -> Option<usize> {
        self.keys.get(i as usize).map(String::len)
    }

    /// Indices of the keys that are prefixes of `t` (byte-wise), longest first.
    ///
    /// Every key that prefixes `t` is ≤ `t`, so it lies at or before `t`'s predecessor `y` and,
    /// sharing `t`'s first bytes, prefixes `y` too, with a length ≤ lcp(`y`, `t`): it is on `y`'s
    /// prefix chain.
    pub(super) fn prefixing(&self, t: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        let idx = self.keys.partition_point(|k| k.as_bytes() <= t);
        let Some(i) = idx.checked_sub(1) else {
            return out;
        };
        let y = self.keys.get(i).map_or(&[][..], |k| k.as_bytes());
        let l = y.iter().zip(t).take_while(|(a, b)| a == b).count();
        let mut node = i as u32;
        while let Some(len) = self.len_of(node) {
            if len <= l {
                out.push(node);
            }
            node = self.parent.get(node as usize).copied().unwrap_or(u32::MAX);
        }
        out
    }
}

/// Byte end of the longest value starting at `pos` that obeys the send-time rules (no line break
/// or tab, no run of 5 spaces, ≤ 1,600 chars), and the byte position of its first non-whitespace
/// character (a value must extend past it), if any before that end.
fn value_limit(t: &str, pos: usize) -> (usize, Option<usize>) {
    let rest = t.get(pos..).unwrap_or("");
    let bytes = rest.as_bytes();
    let (mut run, mut first_solid, mut i) = (0, None, 0);
    // By bytes, decoding only non-ASCII characters: this runs for every slot of every candidate
    // on each `match` (an agent's keystroke), and `char_indices` is not inlined at opt-level z.
    for n in 0..=MAX_VALUE_CHARS {
        let Some(&b) = bytes.get(i) else {
            return (t.len(), first_solid);
        };
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            match rest.get(i..).and_then(|s| s.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => return (t.len(), first_solid),
            }
        };
        if n == MAX_VALUE_CHARS || is_line_break(c) || c == '\t' {
            return (pos + i, first_solid);
        }
        if c == ' ' {
            run += 1;
            if run == 5 {
                return (pos + i, first_solid);
            }
        } else {
            run = 0;
        }
        if first_solid.is_none() && !c.is_whitespace() {
            first_solid = Some(pos + i);
        }
        i += len;
    }
    (t.len(), first_solid)
}

/// `\r\n` → `\n` (by hand: `str::replace` brings a substring searcher that costs wasm bytes).
pub(super) fn crlf_to_lf(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().windows(2).any(|w| w == b"\r\n") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !(c == '\r' && chars.peek() == Some(&'\n')) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Knuth–Morris–Pratt failure table of `p`, for [`find_from`].
fn kmp_table(p: &[u8]) -> Vec<usize> {
    let mut f = vec![0; p.len()];
    let mut k = 0;
    for i in 1..p.len() {
        while k > 0 && p.get(i) != p.get(k) {
            k = f.get(k - 1).copied().unwrap_or(0);
        }
        if p.get(i) == p.get(k) {
            k += 1;
        }
        if let Some(x) = f.get_mut(i) {
            *x = k;
        }
    }
    f
}

/// First offset `>= from` where `p` occurs in `t`, in O(len t + len p). In valid UTF-8 an
/// occurrence of a valid UTF-8 `p` always starts on a character boundary.
fn find_from(t: &[u8], from: usize, p: &[u8], f: &[usize]) -> Option<usize> {
    if p.is_empty() {
        return Some(from);
    }
    let mut k = 0;
    for (i, b) in t.iter().enumerate().skip(from) {
        while k > 0 && p.get(k) != Some(b) {
            k = f.get(k - 1).copied().unwrap_or(0);
        }
        if p.get(k) == Some(b) {
            k += 1;
        }
        if k == p.len() {
            return Some(i + 1 - k);
        }
    }
    None
}

struct Matcher<'a> {
    c: &'a Compiled,
    t: &'a str,
    bind: Vec<Option<(usize, usize)>>,
    /// Failed (occurrence, position) states, a bitset allocated on first use.
    failed: Vec<u64>,
    /// Work done so far (see [`MATCH_WORK_BUDGET`]).
    work: usize,
    /// KMP tables of the literals after each placeholder, computed when first needed.
    tables: Vec<Vec<usize>>,
}

fn match_compiled(c: &Compiled, t: &str) -> Option<Vec<String>> {
    let first = c.mlits.first()?;
    if !t.starts_with(first.as_str()) {
        return None;
    }
    if c.slots.is_empty() {
        return (t.len() == first.len()).then(Vec::new);
    }
    let tables: Vec<Vec<usize>> = vec![Vec::new(); c.slots.len()];
    let mut m = Matcher {
        c,
        t,
        bind: vec![None; c.n_vars],
        failed: Vec::new(),
        work: 0,
        tables,
    };
    if !m.slot(0, first.len()) {
        return None;
    }
    m.bind
        .iter()
        .map(|b| b.and_then(|(s, e)| t.get(s..e)).map(str::to_string))
        .collect()
}

impl Matcher<'_> {
    fn bit(&self, i: usize, pos: usize) -> usize {
        i * (self.t.len() + 1) + pos
    }

    fn has_failed(&self, i: usize, pos: usize) -> bool {
        let b = self.bit(i, pos);
        self.failed
            .get(b / 64)
            .is_some_and(|w| w & (1 << (b % 64)) != 0)
    }

    fn mark_failed(&mut self, i: usize, pos: usize) {
        if self.c.repeats {
            return;
        }
        if self.failed.is_empty() {
            self.failed = vec![0; (self.c.slots.len() * (self.t.len() + 1)).div_ceil(64)];
        }
        let b = self.bit(i, pos);
        if let Some(w) = self.failed.get_mut(b / 64) {
            *w |= 1 << (b % 64);
        }
    }

    /// Whether placeholder occurrence `i` can start at byte `pos` with the rest matching.
    fn slot(&mut self, i: usize, pos: usize) -> bool {
        self.work += 1;
        if self.work > MATCH_WORK_BUDGET {
            return false;
        }
        let (Some(&var), Some(next)) = (self.c.slots.get(i), self.c.mlits.get(i + 1)) else {
            return false;
        };
        let last = i + 1 == self.c.slots.len();
        let t = self.t;
        if let Some(Some((s, e))) = self.bind.get(var).copied() {
            let value = t.get(s..e).unwrap_or("");
            let rest = t.get(pos..).unwrap_or("");
            if last && next.is_empty() {
                // A repeat at the very end: the text's trailing whitespace was trimmed.
                return rest == value.trim_end();
            }
            if !rest.starts_with(value)
                || !rest
                    .get(value.len()..)
                    .unwrap_or("")
                    .starts_with(next.as_str())
            {
                return false;
            }
            let after = pos + value.len() + next.len();
            return if last {
                after == t.len()
            } else {
                self.slot(i + 1, after)
            };
        }
        if !self.c.repeats && self.has_failed(i, pos) {
            return false;
        }
        let (limit, solid) = value_limit(t, pos);
        self.work += limit - pos;
        let Some(solid) = solid else {
            self.mark_failed(i, pos);
            return false;
        };
        if last {
            let ok = t.len() >= next.len()
                && t.len() - next.len() > solid
                && t.len() - next.len() <= limit
                && t.ends_with(next.as_str())
                && t.is_char_boundary(t.len() - next.len());
            if ok {
                if let Some(b) = self.bind.get_mut(var) {
                    *b = Some((pos, t.len() - next.len()));
                }
            }
            return ok;
        }
        // Candidate ends: occurrences of the next literal after the first solid character.
        let mut from = solid
            + t.get(solid..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
        while from <= limit {
            if self.tables.get(i).is_some_and(Vec::is_empty) {
                if let Some(slot) = self.tables.get_mut(i) {
                    *slot = kmp_table(next.as_bytes());
                }
            }
            let table = self.tables.get(i).map_or(&[][..], Vec::as_slice);
            // An occurrence starting at or before `limit` ends by `limit + next.len()`.
            let end = (limit + next.len()).min(t.len());
            let window = t.as_bytes().get(..end).unwrap_or(&[]);
            let found = find_from(window, from, next.as_bytes(), table);
            self.work += found.map_or(end, |e| e + next.len()).saturating_sub(from);
            let Some(e) = found else {
                break;
            };
            if e > limit {
                break;
            }
            if let Some(b) = self.bind.get_mut(var) {
                *b = Some((pos, e));
            }
            if self.slot(i + 1, e + next.len()) {
                return true;
            }
            if let Some(b) = self.bind.get_mut(var) {
                *b = None;
            }
            if self.work > MATCH_WORK_BUDGET {
                return false;
            }
            from = e + t
                .get(e..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
        }
        self.mark_failed(i, pos);
        false
    }
}
