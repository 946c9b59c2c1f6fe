//! The one error type of wa-guard.
//!
//! Every fallible function returns [`Error`]: a stable machine-readable [`Error::code`]
//! (`E164_TOO_LONG`, `WINDOW_CLOSED`, …), a human message, and where it applies the JSON path of
//! the offending field (`numbers[1].number`) and a character span inside a text. Validators that
//! report everything at once return an `Error` whose [`Error::problems`] lists each problem.
//!
//! Codes are part of the public contract: they never change meaning once released. Messages may
//! be reworded. Secrets (auth tokens) never appear in either.

use core::fmt;
use serde::Serialize;

/// Character span `[start, end)` in a text, counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A coded error. Build it with [`Error::new`] and refine it with [`Error::at`] /
/// [`Error::with_span`]; read it with its accessors ([`Error::code`], [`Error::message`],
/// [`Error::path`], [`Error::span`], [`Error::problems`]). The fields are private, as
/// jsonwebtoken's are, so that an error can gain detail without breaking its users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Error {
    /// Stable machine-readable code, e.g. `E164_TOO_LONG`.
    code: &'static str,
    /// Human-readable explanation. Never contains secrets.
    message: String,
    /// JSON path of the offending field, e.g. `workstreams[2].templates[0].sid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// Where in a text the problem is (templates, bodies).
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
    /// For aggregate errors (`CONFIG_INVALID`, `TEMPLATE_INVALID`, `OUTBOUND_REJECTED`, …): every
    /// individual problem found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    problems: Vec<Problem>,
}

/// One problem a validator reports (an item of [`Error::problems`]): the same shape as an
/// [`Error`] (code, message, path, span), named for what it is where a function returns a list of
/// them (`validation(..).problems`, `OUTBOUND_REJECTED`'s problems). JS: the `Problem` interface.
pub type Problem = Error;

/// Code of errors raised when an input is past its documented limit.
pub const INPUT_TOO_LARGE: &str = "INPUT_TOO_LARGE";
/// Code of errors raised when an argument has the wrong type or shape (mostly from JS).
pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";

impl Error {
    /// A new error with a code and a message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            path: None,
            span: None,
            problems: Vec::new(),
        }
    }

    /// An aggregate error carrying every problem found.
    pub fn aggregate(code: &'static str, message: impl Into<String>, problems: Vec<Error>) -> Self {
        let mut e = Error::new(code, message);
        e.problems = problems;
        e
    }

    /// Sets the JSON path of the offending field.
    #[must_use]
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Prefixes the path (and the paths of nested problems) with `prefix`:
    /// `sid` under `templates[0]` becomes `templates[0].sid`; `[1]` becomes `templates[0][1]`.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = Some(join_path(prefix, self.path.as_deref()));
        self.problems = self.problems.into_iter().map(|p| p.under(prefix)).collect();
        self
    }

    /// Sets the character span inside a text.
    #[must_use]
    pub fn with_span(mut self, start: usize, end: usize) -> Self {
        self.span = Some(Span { start, end });
        self
    }

    /// Drops the character span (the text it pointed into is not the caller's).
    #[must_use]
    pub fn without_span(mut self) -> Self {
        self.span = None;
        self
    }

    /// Maps the span, if any (the error was found in a part of a longer text).
    #[must_use]
    pub fn map_span(mut self, f: impl FnOnce(Span) -> Span) -> Self {
        self.span = self.span.map(f);
        self
    }

    /// Replaces the message (the code, path and span stay).
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// The stable code, e.g. `E164_TOO_LONG`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The human-readable explanation. Never contains secrets.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path of the offending field, e.g. `workstreams[2].templates[0].sid`.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Where in a text the problem is (templates, bodies).
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// Every individual problem of an aggregate error (`CONFIG_INVALID`, `TEMPLATE_INVALID`,
    /// `OUTBOUND_REJECTED`, …); empty for a single error.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problems, owned.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// `INPUT_TOO_LARGE` for `what` past `limit`, raised before doing the expensive work.
    pub fn too_large(what: &str, limit: usize, unit: &str) -> Self {
        Error::new(
            INPUT_TOO_LARGE,
            format!("{what} is larger than the limit of {limit} {unit}"),
        )
    }
}

/// Joins a path prefix and a relative path the way JSON paths are written.
pub fn join_path(prefix: &str, rest: Option<&str>) -> String {
    match rest {
        None | Some("") => prefix.to_string(),
        Some(r) if prefix.is_empty() => r.to_string(),
        Some(r) if r.starts_with('[') => format!("{prefix}{r}"),
        Some(r) => format!("{prefix}.{r}"),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(p) = &self.path {
            write!(f, " (at {p})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Result with wa-guard's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_like_json_paths() {
        let e = Error::new("X", "m")
            .at("sid")
            .under("templates[0]")
            .under("workstreams[2]");
        assert_eq!(e.path(), Some("workstreams[2].templates[0].sid"));
        let e = Error::new("X", "m").at("[1]").under("numbers");
        assert_eq!(e.path(), Some("numbers[1]"));
        let e = Error::new("X", "m").under("body");
        assert_eq!(e.path(), Some("body"));
    }

    #[test]
    fn aggregate_prefixes_every_problem() {
        let e = Error::aggregate(
            "AGG",
            "two",
            vec![Error::new("A", "a").at("x"), Error::new("B", "b")],
        )
        .under("cfg");
        assert_eq!(e.problems()[0].path(), Some("cfg.x"));
        assert_eq!(e.problems()[1].path(), Some("cfg"));
    }

    #[test]
    fn display_shows_code_message_and_path() {
        let e = Error::new("E164_TOO_LONG", "too many digits").at("numbers[1].number");
        assert_eq!(
            e.to_string(),
            "E164_TOO_LONG: too many digits (at numbers[1].number)"
        );
    }
}
