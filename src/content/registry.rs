//! Content templates indexed for an agent desktop: match typed text (against the body WhatsApp
//! shows and the `twilio/text` fallback), select by language, list what may be sent now.

use super::{eligibility, ContentTemplate, Eligibility};
use crate::error::{Error, Result, INPUT_TOO_LARGE};
use crate::template::{
    self, language_candidates_in, Registry, SelectedBy, Template, MAX_REGISTRY_TEMPLATES,
    TEMPLATES_INVALID, TEMPLATE_DUPLICATE_SID, TEMPLATE_LANGUAGE_UNAVAILABLE, TEMPLATE_NOT_FOUND,
};

/// Content templates, indexed once.
pub struct ContentRegistry {
    templates: Vec<ContentTemplate>,
    /// The matching index: one entry per distinct text of a template (its body, its fallback).
    index: Registry,
    /// Index entry → template.
    owners: Vec<u32>,
    /// Texts that cannot be matched (named placeholders, a body WhatsApp would reject), each a
    /// problem at `[i].definitions…`: the template stays (sendable by SID), only matching skips
    /// that text.
    unmatched: Vec<Error>,
}

impl core::fmt::Debug for ContentRegistry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContentRegistry")
            .field("templates", &self.templates.len())
            .finish()
    }
}

/// A template typed text matched, with the values by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentMatch<'a> {
    pub template: &'a ContentTemplate,
    /// `(key, value)` of the placeholders of the matched text.
    pub values: Vec<(String, String)>,
    /// Keys the template uses elsewhere (a button URL, a header) that the text did not give:
    /// they must still be asked for before sending (Twilio would send their samples).
    pub missing: Vec<String>,
    /// Characters of literal text in the matched text (results are sorted by it, most first).
    pub literal_chars: usize,
}

/// `HX` + `k` as 32 hex digits: the index's own SID for entry `k` (no `format!` of hex).
fn synthetic_sid(k: usize) -> String {
    let mut s = String::from("HX");
    for shift in (0..32).rev() {
        let d = ((k as u128) >> (shift * 4)) & 0xF;
        s.push(char::from(
            b"0123456789abcdef".get(d as usize).copied().unwrap_or(b'0'),
        ));
    }
    s
}

impl ContentRegistry {
    /// Indexes `templates`. Errors: `INPUT_TOO_LARGE` past 50,000 templates;
    /// `TEMPLATES_INVALID` with `TEMPLATE_DUPLICATE_SID` at `[i].sid`.
    pub fn new(templates: Vec<ContentTemplate>) -> Result<ContentRegistry> {
        if templates.len() > MAX_REGISTRY_TEMPLATES {
            return Err(Error::too_large(
                "templates",
                MAX_REGISTRY_TEMPLATES,
                "templates",
            ));
        }
        let sids = template::sort_keyed(
            templates
                .iter()
                .enumerate()
                .map(|(i, t)| (t.sid.to_ascii_lowercase(), i as u32))
                .collect(),
        );
        let dups: Vec<Error> = sids
            .windows(2)
            .filter_map(|w| match w {
                [(a, _), (b, j)] if a == b => Some(
                    Error::new(TEMPLATE_DUPLICATE_SID, format!("{b} appears twice"))
                        .at(format!("[{j}].sid")),
                ),
                _ => None,
            })
            .collect();
        if !dups.is_empty() {
            return Err(Error::aggregate(
                TEMPLATES_INVALID,
                "some Content SIDs appear twice",
                dups,
            ));
        }
        let mut derived = Vec::new();
        let mut owners = Vec::new();
        let mut unmatched = Vec::new();
        for (i, t) in templates.iter().enumerate() {
            let mut texts: Vec<(&str, String)> = Vec::new();
            if let Some(b) = t.body() {
                texts.push((b, format!("[{i}].definitions[\"{}\"]", t.content_type)));
            }
            if let Some(b) = t.text_fallback() {
                if !texts.iter().any(|(x, _)| *x == b) {
                    texts.push((b, format!("[{i}].definitions[\"twilio/text\"].body")));
                }
            }
            for (body, path) in texts {
                // A text with no literal character (an authentication template's `{{1}}`) would
                // match any text an agent types: not indexed (the template stays sendable).
                let mut from = 0;
                let mut literal = false;
                for p in super::placeholders(body) {
                    literal |= body
                        .get(from..p.start)
                        .is_some_and(|l| !l.trim().is_empty());
                    from = p.end;
                }
                literal |= body
                    .get(from..body.len())
                    .is_some_and(|l| !l.trim().is_empty());
                if !literal {
                    continue;
                }
                match template::variable_count(body) {
                    Ok(_) => {
                        derived.push(Template {
                            sid: synthetic_sid(derived.len()),
                            name: synthetic_sid(derived.len()),
                            language: "en".into(),
                            body: body.to_string(),
                            category: None,
                        });
                        owners.push(i as u32);
                    }
                    Err(e) => unmatched.push(
                        Error::new(
                            e.code(),
                            format!(
                                "this text cannot be matched (the template stays sendable): {}",
                                e.message()
                            ),
                        )
                        .at(path),
                    ),
                }
            }
        }
        let index = Registry::new(derived).map_err(|e| {
            if e.code() == INPUT_TOO_LARGE {
                e
            } else {
                Error::new(TEMPLATES_INVALID, e.message())
            }
        })?;
        Ok(ContentRegistry {
            templates,
            index,
            owners,
            unmatched,
        })
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    pub fn templates(&self) -> &[ContentTemplate] {
        &self.templates
    }

    /// Texts left out of matching, each a problem with its path.
    pub fn unmatched(&self) -> &[Error] {
        &self.unmatched
    }

    /// The template with this Content SID (either case).
    pub fn get(&self, sid: &str) -> Option<&ContentTemplate> {
        self.templates
            .iter()
            .find(|t| t.sid.eq_ignore_ascii_case(sid))
    }

    /// Every template `text` could be a rendering of (its body or its `twilio/text` fallback),
    /// most specific first, one result per template. Rules of [`Registry::match_text`]. Texts
    /// without a literal character (an authentication template's `{{1}}`) are not indexed: they
    /// would match anything.
    pub fn match_text(&self, text: &str) -> Result<Vec<ContentMatch<'_>>> {
        let found = self.index.match_text(text)?;
        let mut out: Vec<ContentMatch<'_>> = Vec::with_capacity(found.len());
        for m in found {
            let k = m
                .sid
                .get(2..m.sid.len())
                .and_then(|h| h.get(h.len().saturating_sub(16)..h.len()))
                .and_then(super::json::hex)
                .map(|k| k as usize);
            let Some(owner) = k.and_then(|k| self.owners.get(k)) else {
                continue;
            };
            let Some(t) = self.templates.get(*owner as usize) else {
                continue;
            };
            if out.iter().any(|x| core::ptr::eq(x.template, t)) {
                continue;
            }
            let values: Vec<(String, String)> = m
                .variables
                .into_iter()
                .enumerate()
                .map(|(i, v)| ((i + 1).to_string(), v))
                .collect();
            let missing = t
                .variables
                .iter()
                .filter(|k| !values.iter().any(|(x, _)| x == *k))
                .cloned()
                .collect();
            out.push(ContentMatch {
                template: t,
                values,
                missing,
                literal_chars: m.literal_chars,
            });
        }
        Ok(out)
    }

    /// The template named `name` for a customer locale: exact locale, then base language, then
    /// `default_language` (rules of [`Registry::select`]): the template, how it was found, and
    /// the codes tried. Errors: `LOCALE_INVALID`, `TEMPLATE_NOT_FOUND`,
    /// `TEMPLATE_LANGUAGE_UNAVAILABLE`.
    pub fn select(
        &self,
        name: &str,
        language: Option<&str>,
        default_language: Option<&str>,
    ) -> Result<(&ContentTemplate, SelectedBy, Vec<String>)> {
        let named: Vec<&ContentTemplate> =
            self.templates.iter().filter(|t| t.name == name).collect();
        if named.is_empty() {
            return Err(Error::new(TEMPLATE_NOT_FOUND, "no template has this name").at("name"));
        }
        // The configured templates' rule: a bare language (`pt`) picks this name's only
        // regional variant (`pt_BR`) before the default language.
        let tries = language_candidates_in(
            language,
            default_language,
            &mut named.iter().map(|t| t.language.as_str()),
        )?;
        let mut tried = Vec::new();
        for (code, by) in tries {
            let hit = named.iter().find(|t| t.language == code);
            tried.push(code);
            if let Some(t) = hit {
                return Ok((t, by, tried));
            }
        }
        let available: Vec<&str> = named.iter().map(|t| t.language.as_str()).collect();
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

    /// Every template with its verdict for the window being open or closed: what an agent may
    /// send now, and why not for the rest.
    pub fn eligibility(&self, window_open: bool) -> Vec<(&ContentTemplate, Eligibility)> {
        self.templates
            .iter()
            .map(|t| (t, eligibility(t, window_open)))
            .collect()
    }
}
