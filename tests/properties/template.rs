//! Property tests of templates (native only): render → match round trips on random templates and
//! values, `ContentVariables` against serde_json, and no panics on arbitrary input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use wa_guard::template::{self, Registry, Template};

/// One literal word: lowercase ASCII, sometimes accented or with punctuation (never uppercase or
/// digits, which the "disjoint" values use).
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,7}",
        1 => "[a-z]{1,4}[,.!?:]",
        1 => "(olá|ação|größe|año|ok)",
    ]
}

fn sep() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => Just(" "), 1 => Just("\n"), 1 => Just("\r\n"), 1 => Just("  ")]
}

/// `count` words joined by separators.
fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((word(), sep()), min..=max).prop_map(|ws| {
        let mut s = String::new();
        for (i, (w, sp)) in ws.iter().enumerate() {
            if i > 0 {
                s.push_str(sp);
            }
            s.push_str(w);
        }
        s
    })
}

/// A body without blocking problems: words, then for each placeholder " {{k}} " and words
/// (≥ 2x+1 words); numbers 1..n in a random order, sometimes with a repeat; sometimes starting or
/// ending with a placeholder (Meta's review rules, which approved templates may break).
fn body() -> impl Strategy<Value = (String, usize)> {
    (0usize..6)
        .prop_flat_map(|n| {
            (
                Just(n),
                Just((1..=n).collect::<Vec<_>>()).prop_shuffle(),
                words(2, 4),
                prop::collection::vec(words(2, 4), n),
                any::<bool>(),
                prop_oneof![Just(""), Just(" "), Just("\n"), Just(" \r\n ")],
                prop_oneof![4 => Just(false), 1 => Just(true)],
                prop_oneof![4 => Just(None), 1 => Just(Some("")), 1 => Just(Some("."))],
            )
        })
        .prop_map(
            |(n, order, head, tails, repeat, trailing, at_start, at_end)| {
                let mut keys = order;
                if repeat && n > 0 {
                    keys.push(1);
                }
                let mut s = String::new();
                let mut rest = &keys[..];
                if at_start {
                    if let Some((k, r)) = keys.split_first() {
                        s.push_str(&format!("{{{{{k}}}}} "));
                        rest = r;
                    }
                }
                s.push_str(&head);
                let mut tails = tails;
                while tails.len() < rest.len() {
                    tails.push("and also more".to_string());
                }
                for (i, (k, tail)) in rest.iter().zip(tails).enumerate() {
                    match at_end {
                        Some(end) if i + 1 == rest.len() => {
                            s.push_str(&format!(" {{{{{k}}}}}{end}"))
                        }
                        _ => s.push_str(&format!(" {{{{{k}}}}} {tail}")),
                    }
                }
                s.push_str(trailing);
                (s, n)
            },
        )
}

fn template_of(body: String, i: usize) -> Template {
    Template {
        sid: format!("HX{i:032x}"),
        name: format!("t{i}"),
        language: "en".into(),
        body,
        category: None,
    }
}

/// Values that cannot be confused with literal text: uppercase/digits/single inner spaces.
fn disjoint_value() -> impl Strategy<Value = String> {
    "[A-Z0-9#@-]( ?[A-Z0-9#@-]){0,6}"
}

/// Any send-valid value: may contain literal words, punctuation, up to 4 spaces in a row.
fn any_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.!?é😀{}\"\\\\]{1,12}",
        words(1, 3).prop_map(|w| w.replace(['\n', '\r'], " ")),
    ]
    .prop_filter("send-valid", |v| template::check_value("1", v).is_empty())
}

fn normalized(s: &str) -> String {
    s.replace("\r\n", "\n").trim_end().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn generated_bodies_are_valid((body, n) in body()) {
        let t = template_of(body, 1);
        let blocking: Vec<_> = template::validate(&t)
            .into_iter()
            .filter(|e| !template::is_meta_review_problem(e.code()))
            .collect();
        prop_assert_eq!(blocking, vec![]);
        prop_assert_eq!(template::variable_count(&t.body).unwrap(), n);
    }

    /// With values that cannot be confused with the literals, the match gives back exactly the values.
    #[test]
    fn render_then_match_returns_the_same_variables(
        (body, n) in body(),
        vals in prop::collection::vec(disjoint_value(), 6),
        trailing in prop_oneof![Just(""), Just(" "), Just("\n"), Just("\t \r\n")],
        crlf in any::<bool>(),
    ) {
        let t = template_of(body, 1);
        let vals = &vals[..n];
        let r = template::render(&t, vals).unwrap();
        let mut text = r.text.clone();
        if crlf {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        text.push_str(trailing);
        let reg = Registry::new(vec![t.clone()]).unwrap();
        let ms = reg.match_text(&text).unwrap();
        prop_assert_eq!(ms.len(), 1, "{:?}", text);
        prop_assert_eq!(&ms[0].variables[..], vals);
        prop_assert_eq!(ms[0].content_variables(), r.content_variables);
    }

    /// With any send-valid values the template still matches, and the extracted values render
    /// back to the same text (the split may differ: leftmost-shortest).
    #[test]
    fn render_then_match_rerenders_to_the_same_text(
        (body, n) in body(),
        vals in prop::collection::vec(any_value(), 6),
    ) {
        let t = template_of(body, 1);
        let vals = &vals[..n];
        let r = template::render(&t, vals).unwrap();
        let reg = Registry::new(vec![t.clone()]).unwrap();
        let ms = reg.match_text(&r.text).unwrap();
        prop_assert_eq!(ms.len(), 1, "{:?}", r.text);
        let again = template::render(&t, &ms[0].variables).unwrap();
        prop_assert_eq!(normalized(&again.text), normalized(&r.text));
    }

    /// In a registry of random templates, a rendering of one of them is found with its values.
    #[test]
    fn registry_finds_the_rendered_template(
        bodies in prop::collection::vec(body(), 1..25),
        pick in any::<prop::sample::Index>(),
        vals in prop::collection::vec(disjoint_value(), 6),
    ) {
        let ts: Vec<Template> = bodies.into_iter().enumerate().map(|(i, (b, _))| template_of(b, i)).collect();
        let reg = Registry::new(ts.clone()).unwrap();
        let i = pick.index(ts.len());
        let n = template::variable_count(&ts[i].body).unwrap();
        let r = template::render(&ts[i], &vals[..n]).unwrap();
        let ms = reg.match_text(&r.text).unwrap();
        let hit = ms.iter().find(|m| m.template.name == ts[i].name);
        prop_assert!(hit.is_some(), "{:?} not matched", r.text);
        prop_assert_eq!(&hit.unwrap().variables[..], &vals[..n]);
        // Results are ordered by specificity.
        prop_assert!(ms.windows(2).all(|w| w[0].literal_chars >= w[1].literal_chars));
    }

    /// A registry whose templates share first and last literals (so the index narrows them by
    /// their second literal) finds exactly the templates that match one by one, with the same
    /// values.
    #[test]
    fn large_groups_agree_with_one_by_one_matching(
        middles in prop::collection::vec(words(1, 2), 9..30),
        pick in any::<prop::sample::Index>(),
        vals in prop::collection::vec(any_value(), 2),
    ) {
        let ts: Vec<Template> = middles
            .iter()
            .enumerate()
            .map(|(i, m)| template_of(format!("Hello there {{{{1}}}} {m} {{{{2}}}} see you soon"), i))
            .collect();
        let reg = match Registry::new(ts.clone()) {
            Ok(r) => r,
            Err(_) => return Ok(()), // duplicate bodies are fine, but equal names are not generated
        };
        let i = pick.index(ts.len());
        let text = template::render(&ts[i], &vals).unwrap().text;
        let got: Vec<(String, Vec<String>)> = reg
            .match_text(&text)
            .unwrap()
            .into_iter()
            .map(|m| (m.template.name.clone(), m.variables))
            .collect();
        let mut want: Vec<(usize, String, Vec<String>)> = Vec::new();
        for t in &ts {
            let one = Registry::new(vec![t.clone()]).unwrap();
            if let Some(m) = one.match_text(&text).unwrap().into_iter().next() {
                want.push((m.literal_chars, t.name.clone(), m.variables));
            }
        }
        want.sort_by_key(|w| std::cmp::Reverse(w.0)); // stable: registration order on ties
        let want: Vec<(String, Vec<String>)> = want.into_iter().map(|w| (w.1, w.2)).collect();
        prop_assert_eq!(&got, &want, "{:?}", text);
        prop_assert!(got.iter().any(|g| g.0 == ts[i].name));
    }

    /// ContentVariables is exactly what serde_json produces for the same object.
    #[test]
    fn content_variables_equal_serde_json(vals in prop::collection::vec(any::<String>(), 0..12)) {
        let ours = template::content_variables(&vals);
        let mut expected = String::from("{");
        for (i, v) in vals.iter().enumerate() {
            if i > 0 {
                expected.push(',');
            }
            expected.push_str(&format!("\"{}\":{}", i + 1, serde_json::to_string(v).unwrap()));
        }
        expected.push('}');
        prop_assert_eq!(&ours, &expected);
        let back: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&ours).unwrap();
        prop_assert_eq!(back.len(), vals.len());
        for (i, v) in vals.iter().enumerate() {
            prop_assert_eq!(&back[&(i + 1).to_string()], &serde_json::Value::String(v.clone()));
        }
    }

    #[test]
    fn validate_never_panics_and_spans_are_in_range(
        body in "(\\{\\{?|\\}\\}?|[ a-z0-9_\\n]|\\{\\{[0-9]{1,3}\\}\\}){0,60}",
        sid in ".{0,40}",
        lang in ".{0,8}",
    ) {
        let t = Template { sid, name: "n".into(), language: lang, body: body.clone(), category: None };
        let n = body.chars().count();
        for p in template::validate(&t) {
            if p.path() == Some("body") {
                let s = p.span().unwrap();
                prop_assert!(s.start <= s.end && s.end <= n, "{:?}", p);
            }
        }
        let _ = template::render(&t, &["a", "b"]);
    }

    #[test]
    fn match_never_panics(text in "(\\PC|\\n|\\r|\\t| ){0,80}") {
        let reg = Registry::new(vec![
            template_of("Hello {{1}}, your order {{2}} is ready. Bye {{1}}, see you".into(), 1),
            template_of("Hi {{1}} and {{2}} and more text here.".into(), 2),
        ]).unwrap();
        let _ = reg.match_text(&text).unwrap();
        let _ = reg.match_text(&format!("Hello {text}, your order {text} is ready. Bye {text}, see you")).unwrap();
    }
}

// --- Brute force reference for the split rule -------------------------------------------------

/// Literal parts and placeholder numbers (0-based) of a body made of valid `{{k}}` tokens.
fn split_body(body: &str) -> (Vec<String>, Vec<usize>) {
    let mut lits = vec![String::new()];
    let mut slots = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("{{") {
        let j = rest[i..].find("}}").unwrap() + i;
        lits.last_mut().unwrap().push_str(&rest[..i]);
        slots.push(rest[i + 2..j].parse::<usize>().unwrap() - 1);
        lits.push(String::new());
        rest = &rest[j + 2..];
    }
    lits.last_mut().unwrap().push_str(rest);
    (lits, slots)
}

/// The first split, in the order "shortest first value, then shortest second, …", whose
/// rendering equals the text once both are normalised (`\r\n` → `\n`, trailing whitespace
/// dropped) and whose values obey the send-time rules. Tries every end position: exponential,
/// for short texts only.
fn brute_force(body: &str, n: usize, text: &str) -> Option<Vec<String>> {
    let (lits, slots) = split_body(body);
    let t = normalized(text);
    fn go(
        lits: &[String],
        slots: &[usize],
        i: usize,
        pos: usize,
        t: &str,
        vals: &mut Vec<Option<String>>,
    ) -> bool {
        let lit = normalized_lit(&lits[i], i + 1 == lits.len());
        if !t[pos..].starts_with(&lit) {
            return false;
        }
        let pos = pos + lit.len();
        if i == slots.len() {
            return pos == t.len();
        }
        let var = slots[i];
        if let Some(v) = vals[var].clone() {
            // At the very end, the text lost the value's trailing whitespace.
            let at_end = i + 1 == slots.len() && normalized_lit(&lits[i + 1], true).is_empty();
            let v = if at_end { v.trim_end().to_string() } else { v };
            return t[pos..].starts_with(&v) && go(lits, slots, i + 1, pos + v.len(), t, vals);
        }
        for (off, c) in t[pos..].char_indices() {
            let end = pos + off + c.len_utf8();
            let v = &t[pos..end];
            if !template::check_value("1", v).is_empty() {
                continue;
            }
            vals[var] = Some(v.to_string());
            if go(lits, slots, i + 1, end, t, vals) {
                return true;
            }
            vals[var] = None;
        }
        false
    }
    fn normalized_lit(l: &str, last: bool) -> String {
        let l = l.replace("\r\n", "\n");
        if last {
            l.trim_end().to_string()
        } else {
            l
        }
    }
    let mut vals = vec![None; n];
    go(&lits, &slots, 0, 0, &t, &mut vals).then(|| vals.into_iter().map(Option::unwrap).collect())
}

fn tiny_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "(a|b|ab|ba|a,|b\\.)",
        1 => Just("and".to_string()),
        1 => Just(String::new()),
    ]
}

fn tiny_body() -> impl Strategy<Value = (String, usize)> {
    (1usize..4, any::<bool>(), any::<bool>(), any::<bool>()).prop_flat_map(
        |(n, repeat, start, end)| {
            (
                Just((1..=n).collect::<Vec<_>>()).prop_shuffle(),
                prop::collection::vec(
                    (tiny_word(), prop_oneof![Just(" "), Just("  "), Just("\n")]),
                    n + 2,
                ),
                Just((n, repeat, start, end)),
            )
                .prop_map(|(order, ws, (n, repeat, start, end))| {
                    let mut keys = order;
                    if repeat {
                        keys.push(keys[0]);
                    }
                    let mut s = String::new();
                    let mut wi = ws.iter();
                    if !start {
                        let (w, _) = wi.next().unwrap();
                        s.push_str(w);
                        s.push(' ');
                    }
                    for (k_i, k) in keys.iter().enumerate() {
                        s.push_str(&format!("{{{{{k}}}}}"));
                        if k_i + 1 < keys.len() || !end {
                            let (w, sep) = wi.next().unwrap_or(&ws[0]);
                            if !w.is_empty() {
                                // An empty word makes placeholders adjacent: `{{1}}{{2}}`.
                                s.push(' ');
                                s.push_str(w);
                                s.push_str(sep);
                            }
                        }
                    }
                    (s, n)
                })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, .. ProptestConfig::default() })]

    /// On short texts over a tiny alphabet (many ambiguous splits), the registry finds a match
    /// exactly when the brute force does, with the same leftmost-shortest values.
    #[test]
    fn match_agrees_with_brute_force(
        (body, n) in tiny_body(),
        vals in prop::collection::vec("(a|b|and|a b|b  a|,| a|b )", 4),
        edit in prop::option::of((any::<prop::sample::Index>(), "[ab ,.\n]")),
        trailing in prop_oneof![Just(""), Just(" "), Just("\r\n")],
    ) {
        let t = template_of(body.clone(), 1);
        let Ok(reg) = Registry::new(vec![t.clone()]) else { return Ok(()); };
        let Ok(r) = template::render(&t, &vals[..n]) else { return Ok(()); };
        let mut text = r.text.clone();
        if let Some((at, s)) = edit {
            let cut = at.index(text.len() + 1);
            if text.is_char_boundary(cut) {
                text.insert_str(cut, &s);
            }
        }
        text.push_str(trailing);
        let got = reg.match_text(&text).unwrap().into_iter().next().map(|m| m.variables);
        let want = brute_force(&body, n, &text);
        prop_assert_eq!(got, want, "body {:?} text {:?}", body, text);
    }
}
