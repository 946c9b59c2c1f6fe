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
//!
//! One file per sub-concept (their items are this module's, so the public paths are unchanged):
//! this file holds the definition (`Template`, `Category`, the limits and codes); `validate.rs` the
//! placeholder scan and Meta's rules; `render.rs` compiled templates, values and rendering;
//! `registry.rs` the matching index and selection by language; `languages.rs` WhatsApp's language
//! codes, locales and Content SIDs.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Meta's template categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
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
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
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

// The sub-concepts, each in its own file; their items are this module's (public paths unchanged).
mod registry;
pub use registry::*;
mod languages;
pub use languages::*;
mod validate;
pub use validate::*;
mod render;
pub use render::*;

#[cfg(test)]
mod tests {
    use super::registry::Keys;
    use super::*;
    use crate::languages::LANGUAGES;

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
