//! Rendering a Content template: every field of the type WhatsApp receives, with the values
//! checked against Twilio's send-time rules.

use super::json::write_str;
use super::json::Json;
use super::{
    placeholders, ContentTemplate, ContentType, MAX_AUTH_CODE_CHARS, MAX_RENDERED_CHARS,
    TEMPLATE_RENDERED_TOO_LONG, VARIABLE_CODE_TOO_LONG, VARIABLE_URL_INVALID,
};
use crate::error::{Error, Result};
use crate::template::{self, VARIABLES_INVALID, VARIABLE_EXTRA, VARIABLE_MISSING};
use serde::Serialize;

/// A rendered Content template, ready to send: exactly `ContentSid` + `ContentVariables`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentRendered {
    /// The text the customer will see (the body, a card's title, a location's label).
    pub text: String,
    /// The received type's object with the values substituted in every string (button URLs,
    /// media URLs, header text, list items, …).
    pub fields: Json,
    /// The type WhatsApp receives.
    pub content_type: String,
    /// `ContentSid`.
    pub content_sid: String,
    /// `ContentVariables`: a JSON string of every key the template uses.
    pub content_variables: String,
}

fn var_path(key: &str) -> String {
    format!("variables.{key}")
}

/// Substitutes `{{key}}` in `s`.
fn fill(s: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let ps = placeholders(s);
    if ps.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for p in ps {
        out.push_str(s.get(from..p.start).unwrap_or(""));
        match value(p.key) {
            Some(v) => out.push_str(&v),
            None => out.push_str(s.get(p.start..p.end).unwrap_or("")),
        }
        from = p.end;
    }
    out.push_str(s.get(from..s.len()).unwrap_or(""));
    out
}

fn fill_value(v: &Json, value: &dyn Fn(&str) -> Option<String>) -> Json {
    match v {
        Json::String(s) => Json::String(fill(s, value)),
        Json::Array(a) => Json::Array(a.iter().map(|x| fill_value(x, value)).collect()),
        Json::Object(o) => Json::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), fill_value(x, value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Keys whose placeholders land in a URL of `def` (`url`, `media`, `media_url` fields).
fn url_keys(def: &Json) -> Vec<String> {
    let mut out = Vec::new();
    let mut path = String::new();
    super::each_string(def, &mut path, &mut |p, s| {
        let last = p.rsplit('.').next().unwrap_or(p);
        let field = last.split('[').next().unwrap_or(last);
        if matches!(field, "url" | "media" | "media_url") {
            for ph in placeholders(s) {
                if !out.iter().any(|k| k == ph.key) {
                    out.push(ph.key.to_string());
                }
            }
        }
    });
    out
}

/// Renders `t` with `values` (key → value; positional values are keys `"1"`, `"2"`, …).
///
/// Every key the template uses (in any of its types) needs a value: an omitted one is
/// `VARIABLE_MISSING`, whose message names the sample Twilio would otherwise send to the
/// customer. Each value obeys [`template::check_value`] (21656 / 63013); a value placed in a URL
/// may not contain whitespace or control characters (`VARIABLE_URL_INVALID`); an
/// authentication code has fewer than 15 characters (`VARIABLE_CODE_TOO_LONG`); keys the
/// template does not use are `VARIABLE_EXTRA`; the rendered text stays within 1,024 characters
/// (`TEMPLATE_RENDERED_TOO_LONG`, 63021). Throws `VARIABLES_INVALID` listing every problem.
pub fn render<K: AsRef<str>, V: AsRef<str>>(
    t: &ContentTemplate,
    values: &[(K, V)],
) -> Result<ContentRendered> {
    let get = |k: &str| {
        values
            .iter()
            .find(|(key, _)| key.as_ref() == k)
            .map(|(_, v)| v.as_ref())
    };
    let mut problems = Vec::new();
    for k in &t.variables {
        if get(k).is_none() {
            let msg = match t.sample(k) {
                Some(s) => {
                    let mut m = format!("no value for {{{{{k}}}}}: Twilio would send its sample ");
                    write_str(&mut m, s);
                    m.push_str(" to the customer");
                    m
                }
                None => format!("no value for {{{{{k}}}}} (and it has no sample)"),
            };
            problems.push(Error::new(VARIABLE_MISSING, msg).at(var_path(k)));
        }
    }
    let def = t.definition().cloned().unwrap_or(Json::Null);
    let urls = url_keys(&def);
    let auth = matches!(t.known_type(), Some(ContentType::WhatsAppAuthentication));
    for (k, v) in values {
        let (k, v) = (k.as_ref(), v.as_ref());
        if !t.variables.iter().any(|x| x == k) {
            problems.push(
                Error::new(VARIABLE_EXTRA, "the template has no such placeholder").at(var_path(k)),
            );
            continue;
        }
        problems.extend(template::check_value(k, v));
        if urls.iter().any(|u| u == k) {
            if let Some((i, _)) = v
                .chars()
                .enumerate()
                .find(|(_, c)| c.is_whitespace() || c.is_control())
            {
                problems.push(
                    Error::new(
                        VARIABLE_URL_INVALID,
                        "a value placed in a URL may not contain whitespace or control characters",
                    )
                    .at(var_path(k))
                    .with_span(i, i + 1),
                );
            }
        }
        if auth && k == "1" {
            let n = v.chars().count();
            if n >= MAX_AUTH_CODE_CHARS {
                problems.push(
                    Error::new(
                        VARIABLE_CODE_TOO_LONG,
                        "an authentication code has fewer than 15 characters",
                    )
                    .at(var_path(k))
                    .with_span(MAX_AUTH_CODE_CHARS - 1, n),
                );
            }
        }
    }
    let lookup = |k: &str| get(k).map(str::to_string);
    let text = t.body().map(|b| fill(b, &lookup)).unwrap_or_default();
    let n = text.chars().count();
    if n > MAX_RENDERED_CHARS {
        problems.push(
            Error::new(
                TEMPLATE_RENDERED_TOO_LONG,
                format!("the rendered text has {n} characters; WhatsApp accepts at most 1,024 (Twilio 63021)"),
            )
            .at("text")
            .with_span(MAX_RENDERED_CHARS, n),
        );
    }
    if !problems.is_empty() {
        let msg = problems.first().map_or(String::new(), |p| {
            format!("the values break Twilio's rules: {}", p.message())
        });
        return Err(Error::aggregate(VARIABLES_INVALID, msg, problems));
    }
    let keys = &t.variables;
    let mut cv = String::from("{");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            cv.push(',');
        }
        write_str(&mut cv, k);
        cv.push(':');
        write_str(&mut cv, get(k).unwrap_or(""));
    }
    cv.push('}');
    Ok(ContentRendered {
        text,
        fields: fill_value(&def, &lookup),
        content_type: t.content_type.clone(),
        content_sid: t.sid.clone(),
        content_variables: cv,
    })
}

impl ContentRendered {
    /// The JSON text of the result, as the bindings return it (`fields` exactly as rendered).
    pub fn to_json_string(&self) -> String {
        let mut o = String::from("{\"text\":");
        write_str(&mut o, &self.text);
        o.push_str(",\"fields\":");
        self.fields.write(&mut o);
        o.push_str(",\"contentType\":");
        write_str(&mut o, &self.content_type);
        o.push_str(",\"contentSid\":");
        write_str(&mut o, &self.content_sid);
        o.push_str(",\"contentVariables\":");
        write_str(&mut o, &self.content_variables);
        o.push('}');
        o
    }
}
