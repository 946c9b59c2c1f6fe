//! Validation of one content type's definition: field limits, where `{{n}}` may stand, Meta's
//! body rules. Every problem carries its path (`contents[4].types["twilio/call-to-action"]
//! .actions[0].url`) and, inside a text, its character span.

use super::json::Json;
use super::{
    placeholders, ContentType, CONTENT_ACTION_UNKNOWN, CONTENT_FIELD_INVALID,
    CONTENT_FIELD_MISSING, CONTENT_FIELD_TOO_LONG, CONTENT_ITEM_COUNT,
    CONTENT_MEDIA_VARIABLE_POSITION, CONTENT_URL_VARIABLE_POSITION, CONTENT_VARIABLE_NOT_ALLOWED,
};
use crate::error::{join_path, Error};
use crate::template;

/// Where placeholders may stand in a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Vars {
    /// Anywhere.
    Allowed,
    /// Nowhere (footers, phone numbers, button titles, …).
    Forbidden,
    /// Allowed, but then the template can only be sent inside the window (quick-reply titles).
    SessionOnly,
    /// Only at the end of a URL, right after a `/`.
    Url,
    /// Only after the domain of a media URL.
    Media,
}

struct Cx<'a> {
    base: &'a str,
    problems: &'a mut Vec<Error>,
    /// The path of the field being checked, relative to `base` (`actions[0].title`); built in
    /// place, joined to `base` only for a problem (a path per field was an allocation per string
    /// of a 6 MB import).
    path: String,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Char offset of byte offset `b` in `s`.
fn char_at(s: &str, b: usize) -> usize {
    s.get(..b).map_or(0, chars)
}

impl Cx<'_> {
    /// Enters field `key` of the current path; returns what [`Cx::leave`] takes.
    fn key(&mut self, key: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        len
    }

    /// Enters element `i` of the current path.
    fn index(&mut self, i: usize) -> usize {
        let len = self.path.len();
        self.path.push('[');
        // (Not `to_string`: the formatting machinery and an allocation per array element.)
        super::push_index(&mut self.path, i);
        len
    }

    fn leave(&mut self, len: usize) {
        self.path.truncate(len);
    }

    /// A problem at the current path.
    fn push(&mut self, code: &'static str, msg: impl Into<String>) {
        let at = join_path(self.base, Some(&self.path));
        self.problems.push(Error::new(code, msg).at(at));
    }

    /// A problem at field `key` of the current path.
    fn push_key(&mut self, code: &'static str, msg: impl Into<String>, key: &str) {
        let l = self.key(key);
        self.push(code, msg);
        self.leave(l);
    }

    fn push_span(&mut self, code: &'static str, msg: impl Into<String>, start: usize, end: usize) {
        let at = join_path(self.base, Some(&self.path));
        self.problems
            .push(Error::new(code, msg).at(at).with_span(start, end));
    }

    /// The string `v` at the current path: `None` when absent or `null` (a problem when
    /// `required`), a problem when not a string.
    fn str<'v>(&mut self, v: Option<&'v Json<'_>>, required: bool) -> Option<&'v str> {
        match v {
            Some(Json::String(s)) if !(required && s.trim().is_empty()) => Some(s),
            None | Some(Json::Null) | Some(Json::String(_)) => {
                if required {
                    self.push(CONTENT_FIELD_MISSING, "required, and may not be empty");
                }
                None
            }
            Some(_) => {
                self.push(CONTENT_FIELD_INVALID, "must be a string");
                None
            }
        }
    }

    /// The string at field `key` of `o` (see [`Cx::str`]).
    fn str_key<'v>(&mut self, o: &'v Json<'_>, key: &str, required: bool) -> Option<&'v str> {
        let l = self.key(key);
        let s = self.str(o.get(key), required);
        self.leave(l);
        s
    }

    /// A text field: length and placeholders.
    fn text(&mut self, o: &Json<'_>, key: &str, max: usize, vars: Vars, required: bool) {
        let l = self.key(key);
        if let Some(s) = self.str(o.get(key), required) {
            self.check_text(s, max, vars);
        }
        self.leave(l);
    }

    /// `CONTENT_FIELD_TOO_LONG` when `s` has more than `max` characters (counted only when it can
    /// be over: `max` bytes are at most `max` characters).
    fn check_len(&mut self, s: &str, max: usize) {
        let n = if s.len() > max { chars(s) } else { 0 };
        if n > max {
            self.push_span(
                CONTENT_FIELD_TOO_LONG,
                "longer than the type allows (the span starts at the limit)",
                max,
                n,
            );
        }
    }

    /// The text `s` at the current path.
    fn check_text(&mut self, s: &str, max: usize, vars: Vars) {
        // (A text without `{{` has no placeholder.)
        self.check_len(s, max);
        if vars == Vars::Allowed || super::find_pair(s.as_bytes(), 0, b'{').is_none() {
            return;
        }
        let ps = placeholders(s);
        for (i, p) in ps.iter().enumerate() {
            let (start, end) = (char_at(s, p.start), char_at(s, p.end));
            let bad = match vars {
                Vars::Allowed => None,
                Vars::Forbidden => Some((
                    CONTENT_VARIABLE_NOT_ALLOWED,
                    "this field may not hold a placeholder",
                )),
                Vars::SessionOnly => Some((
                    CONTENT_VARIABLE_NOT_ALLOWED,
                    "a placeholder in a quick-reply title: allowed only in a session message, never in a business-initiated template",
                )),
                Vars::Url => {
                    let last = i + 1 == ps.len() && p.end == s.len();
                    let after_slash = s.get(..p.start).is_some_and(|b| b.ends_with('/'));
                    (!(last && after_slash && domain_end(s).is_some_and(|d| d <= p.start)))
                        .then_some((
                            CONTENT_URL_VARIABLE_POSITION,
                            "a placeholder in a URL may only stand at its end, right after a / (https://example.com/track/{{1}})",
                        ))
                }
                Vars::Media => (!domain_end(s).is_some_and(|d| d <= p.start)).then_some((
                    CONTENT_MEDIA_VARIABLE_POSITION,
                    "a placeholder in a media URL may only stand after its domain (https://example.com/{{1}}.jpg)",
                )),
            };
            if let Some((code, msg)) = bad {
                self.push_span(code, msg, start, end);
            }
        }
    }

    /// A body: Meta's body rules ([`template::body_problems`]) and the type's limit.
    fn body(&mut self, o: &Json<'_>, key: &str, max: usize, required: bool) {
        let l = self.key(key);
        if let Some(s) = self.str(o.get(key), required) {
            self.check_len(s, max);
            for e in template::body_problems(s) {
                if e.code() == template::TEMPLATE_BODY_TOO_LONG && max < template::MAX_BODY_CHARS {
                    continue; // reported above with the type's stricter limit
                }
                self.problems
                    .push(e.at(join_path(self.base, Some(&self.path))));
            }
        }
        self.leave(l);
    }

    /// The array at `key`: its items, with the count checked.
    fn array<'v, 'j>(
        &mut self,
        o: &'v Json<'j>,
        key: &str,
        min: usize,
        max: usize,
    ) -> &'v [Json<'j>] {
        match o.get(key) {
            Some(Json::Array(a)) => {
                if a.len() < min || a.len() > max {
                    self.push_key(
                        CONTENT_ITEM_COUNT,
                        format!("{key} must have {min} to {max} entries, not {}", a.len()),
                        key,
                    );
                }
                a
            }
            None | Some(Json::Null) => {
                if min > 0 {
                    self.push_key(CONTENT_FIELD_MISSING, "required", key);
                }
                &[]
            }
            Some(_) => {
                self.push_key(CONTENT_FIELD_INVALID, "must be an array", key);
                &[]
            }
        }
    }

    /// Calls `f` on each object entry of the array `a` at field `key`, with the path at the
    /// entry (a problem for every entry that is not an object).
    fn objects(&mut self, a: &[Json<'_>], key: &str, f: &mut dyn FnMut(&mut Self, &Json<'_>)) {
        let k = self.key(key);
        for (i, x) in a.iter().enumerate() {
            let l = self.index(i);
            match x {
                Json::Object(_) => f(self, x),
                _ => self.push(CONTENT_FIELD_INVALID, "must be an object"),
            }
            self.leave(l);
        }
        self.leave(k);
    }

    /// Media URLs: an array of strings (or one string), each with placeholders after the domain.
    fn media(&mut self, o: &Json<'_>, key: &str, required: bool) {
        let l = self.key(key);
        match o.get(key) {
            Some(Json::String(s)) => self.check_text(s, usize::MAX, Vars::Media),
            Some(Json::Array(a)) if !a.is_empty() || !required => {
                for (i, x) in a.iter().enumerate() {
                    let l = self.index(i);
                    match x {
                        Json::String(s) => self.check_text(s, usize::MAX, Vars::Media),
                        _ => self.push(CONTENT_FIELD_INVALID, "a media URL must be a string"),
                    }
                    self.leave(l);
                }
            }
            None | Some(Json::Null) | Some(Json::Array(_)) => {
                if required {
                    self.push(CONTENT_FIELD_MISSING, "needs a media URL");
                }
            }
            Some(_) => self.push(CONTENT_FIELD_INVALID, "must be an array of URLs"),
        }
        self.leave(l);
    }

    /// Buttons of call-to-action, card and whatsapp/card (and carousel cards, the path at the
    /// card): each by its `type`; at most `max_urls` URL buttons, at most one phone or
    /// voice-call button.
    fn actions(&mut self, o: &Json<'_>, min: usize, max: usize, max_urls: usize) {
        let a = match o.get("actions") {
            Some(Json::Array(a)) => a.as_slice(),
            None | Some(Json::Null) => &[],
            Some(_) => {
                self.push_key(CONTENT_FIELD_INVALID, "actions must be an array", "actions");
                return;
            }
        };
        if a.len() < min || a.len() > max {
            self.push_key(
                CONTENT_ITEM_COUNT,
                format!("actions must have {min} to {max} buttons, not {}", a.len()),
                "actions",
            );
        }
        let (mut urls, mut calls) = (0usize, 0usize);
        self.objects(a, "actions", &mut |cx, b| {
            let kind = b.get("type").and_then(Json::as_str).unwrap_or("");
            match kind {
                "URL" => {
                    urls += 1;
                    cx.text(b, "title", 25, Vars::Forbidden, true);
                    cx.text(b, "url", 2000, Vars::Url, true);
                }
                "PHONE_NUMBER" | "PHONE" => {
                    calls += 1;
                    cx.text(b, "title", 25, Vars::Forbidden, true);
                    let l = cx.key("phone");
                    if let Some(p) = cx.str(b.get("phone"), true) {
                        cx.check_text(p, 20, Vars::Forbidden);
                        if placeholders(p).is_empty() && !is_e164(p) {
                            cx.push(
                                CONTENT_FIELD_INVALID,
                                "a phone button needs an E.164 number (+ and 8 to 15 digits)",
                            );
                        }
                    }
                    cx.leave(l);
                }
                "VOICE_CALL" => {
                    calls += 1;
                    cx.text(b, "title", 25, Vars::Forbidden, true);
                }
                "COPY_CODE" => {
                    cx.text(b, "title", 25, Vars::Forbidden, false);
                    cx.text(b, "code", 15, Vars::Allowed, false);
                }
                "QUICK_REPLY" => {
                    cx.text(b, "title", 25, Vars::Forbidden, true);
                    cx.text(b, "id", 200, Vars::Allowed, false);
                }
                _ => {
                    cx.push_key(
                        CONTENT_ACTION_UNKNOWN,
                        format!("unknown button type \"{kind}\": kept, but only an approved template may carry it"),
                        "type",
                    );
                }
            }
        });
        if urls > max_urls {
            self.push_key(
                CONTENT_ITEM_COUNT,
                format!("at most {max_urls} URL buttons, not {urls}"),
                "actions",
            );
        }
        if calls > 1 {
            self.push_key(
                CONTENT_ITEM_COUNT,
                "at most one phone-number or voice-call button",
                "actions",
            );
        }
    }
}

/// Whether the JSON number `n` lies in `[-lim, lim]` (read from its text: no float parsing).
/// Exponent forms are not read (Twilio writes plain decimals): reported as out of range.
fn within(n: &str, lim: u32) -> bool {
    let n = n.strip_prefix('-').unwrap_or(n);
    if n.bytes().any(|b| b == b'e' || b == b'E') {
        return false;
    }
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    match super::json::decimal(int) {
        Some(i) if i < lim.into() => true,
        Some(i) if i == u64::from(lim) => frac.bytes().all(|b| b == b'0'),
        _ => false,
    }
}

/// `+` and 8–15 digits.
fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Byte offset of the `/` that ends `scheme://host` (the first `/` after `://`), when there is one.
fn domain_end(url: &str) -> Option<usize> {
    let after = url.as_bytes().windows(3).position(|w| w == b"://")? + 3;
    let host_len = url.get(after..url.len())?.find('/')?;
    // The host itself must be literal text.
    let host = url.get(after..after + host_len)?;
    (!host.is_empty() && !host.contains('{')).then_some(after + host_len)
}

/// Validates the definition of one content type (`def`, the type's object) and appends every
/// problem, each at `base` + the field's path (`base` is the type's own path, e.g.
/// `contents[0].types["twilio/text"]`).
///
/// Limits and placement follow the table in `shared/spec/content-api.md` (the stricter limit
/// where Twilio's pages disagree); bodies get Meta's rules from [`template::body_problems`].
pub fn validate_definition(t: ContentType, def: &Json<'_>, base: &str, problems: &mut Vec<Error>) {
    let o = def;
    let Json::Object(_) = def else {
        problems
            .push(Error::new(CONTENT_FIELD_INVALID, "the definition must be an object").at(base));
        return;
    };
    let mut cx = Cx {
        base,
        problems,
        path: String::new(),
    };
    match t {
        ContentType::Text => cx.body(o, "body", 1600, true),
        ContentType::Media => {
            cx.body(o, "body", 1600, false);
            cx.media(o, "media", true);
        }
        ContentType::Location => {
            for (key, lim, msg) in [
                ("latitude", 90, "latitude must be between -90 and 90"),
                ("longitude", 180, "longitude must be between -180 and 180"),
            ] {
                match o.get(key) {
                    Some(Json::Number(n)) => {
                        if !within(n, lim) {
                            cx.push_key(CONTENT_FIELD_INVALID, msg, key);
                        }
                    }
                    None | Some(Json::Null) => {
                        cx.push_key(CONTENT_FIELD_MISSING, "required", key);
                    }
                    Some(_) => {
                        cx.push_key(CONTENT_FIELD_INVALID, "must be a number", key);
                    }
                }
            }
            cx.text(o, "label", 1024, Vars::Allowed, false);
            cx.text(o, "address", 1024, Vars::Forbidden, false);
        }
        ContentType::QuickReply => {
            cx.body(o, "body", 1024, true);
            let a = cx.array(o, "actions", 1, 10);
            cx.objects(a, "actions", &mut |cx, b| {
                cx.text(b, "title", 20, Vars::SessionOnly, true);
                cx.text(b, "id", 200, Vars::Allowed, false);
            });
        }
        ContentType::CallToAction => {
            cx.body(o, "body", 640, true);
            cx.actions(o, 1, 10, 2);
        }
        ContentType::ListPicker => {
            cx.body(o, "body", 1024, true);
            cx.text(o, "button", 1024, Vars::Allowed, true);
            let a = cx.array(o, "items", 1, 10);
            cx.objects(a, "items", &mut |cx, it| {
                cx.text(it, "item", 24, Vars::Allowed, true);
                cx.text(it, "id", 200, Vars::Allowed, true);
                cx.text(it, "description", 72, Vars::Allowed, false);
            });
        }
        ContentType::Card => {
            cx.text(o, "title", 1024, Vars::Allowed, true);
            cx.text(o, "subtitle", 60, Vars::Forbidden, false);
            cx.media(o, "media", false);
            cx.actions(o, 0, 10, 2);
        }
        ContentType::Carousel => {
            cx.body(o, "body", 1024, true);
            let a = cx.array(o, "cards", 1, 10);
            cx.objects(a, "cards", &mut |cx, card| {
                let title = cx.str_key(card, "title", false);
                let body = cx.str_key(card, "body", false);
                let n = title.map_or(0, chars) + body.map_or(0, chars);
                if n > 160 {
                    cx.push(
                        CONTENT_FIELD_TOO_LONG,
                        format!("a card's title and body together are limited to 160 characters, not {n}"),
                    );
                }
                for (k, s) in [("title", title), ("body", body)] {
                    if let Some(s) = s {
                        let l = cx.key(k);
                        cx.check_text(s, 160, Vars::Forbidden);
                        cx.leave(l);
                    }
                }
                let l = cx.key("media");
                if let Some(m) = cx.str(card.get("media"), false) {
                    cx.check_text(m, usize::MAX, Vars::Media);
                }
                cx.leave(l);
                cx.actions(card, 1, 2, 2);
            });
        }
        ContentType::Catalog => {
            cx.body(o, "body", 1024, true);
            cx.text(o, "title", 60, Vars::Forbidden, false);
            cx.text(o, "subtitle", 60, Vars::Forbidden, false);
        }
        ContentType::Flows => {
            cx.body(o, "body", 1024, true);
            cx.text(o, "subtitle", 60, Vars::Forbidden, false);
            cx.text(o, "button_text", 1024, Vars::Forbidden, false);
            cx.media(o, "media_url", false);
        }
        ContentType::WhatsAppCard => {
            cx.body(o, "body", 1024, true);
            cx.text(o, "footer", 60, Vars::Forbidden, false);
            cx.text(o, "header_text", 60, Vars::Allowed, false);
            cx.media(o, "media", false);
            cx.actions(o, 0, 10, 2);
        }
        ContentType::WhatsAppAuthentication => {
            match o.get("code_expiration_minutes") {
                None | Some(Json::Null) => {}
                Some(Json::Number(n))
                    if super::json::decimal(n).is_some_and(|m| (1..=90).contains(&m)) => {}
                Some(_) => {
                    cx.push_key(
                        CONTENT_FIELD_INVALID,
                        "code_expiration_minutes must be a whole number from 1 to 90",
                        "code_expiration_minutes",
                    );
                }
            }
            match o.get("add_security_recommendation") {
                None | Some(Json::Null) | Some(Json::Bool(_)) => {}
                Some(_) => {
                    cx.push_key(
                        CONTENT_FIELD_INVALID,
                        "add_security_recommendation must be true or false",
                        "add_security_recommendation",
                    );
                }
            }
            let a = cx.array(o, "actions", 1, 1);
            cx.objects(a, "actions", &mut |cx, b| {
                if !matches!(b.get("type").and_then(Json::as_str), Some("COPY_CODE")) {
                    cx.push_key(
                        CONTENT_ACTION_UNKNOWN,
                        "an authentication template's button is COPY_CODE",
                        "type",
                    );
                }
                cx.text(b, "copy_code_text", 25, Vars::Forbidden, false);
            });
        }
        ContentType::Pay => {}
    }
}
