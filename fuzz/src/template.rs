//! Templates: validate (spans inside the body), render, match (in a registry with the template and
//! a few fixed ones), select, locales. Never panics; a valid template's rendering is matched back
//! and the extracted values render to the same text.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/template.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::template::{self, Registry, Template};

#[derive(Arbitrary, Debug)]
struct In<'a> {
    body: &'a str,
    language: &'a str,
    values: Vec<&'a str>,
    text: &'a str,
}

fn fixed() -> Vec<Template> {
    [
        (
            "HX00000000000000000000000000000001",
            "Hello {{1}}, your order {{2}} has shipped.",
        ),
        (
            "HX00000000000000000000000000000002",
            "Your code is {{1}}. Do not share it.",
        ),
        (
            "HX00000000000000000000000000000003",
            "Hi {{1}}, thanks for waiting, an agent will reply.",
        ),
    ]
    .into_iter()
    .map(|(sid, body)| Template {
        sid: sid.into(),
        name: format!("fixed_{sid}"),
        language: "en".into(),
        body: body.into(),
        category: None,
    })
    .collect()
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <In<'_>>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(i: In<'_>) {
    let _ = template::normalize_locale(i.language);
    let _ = template::is_whatsapp_language(i.language);
    let t = Template {
        sid: "HX0123456789abcdef0123456789abcdef".into(),
        name: "fuzz".into(),
        language: "en".into(),
        body: i.body.into(),
        category: None,
    };
    let problems = template::validate(&t);
    let chars = i.body.chars().count();
    for p in &problems {
        assert!(!p.code().is_empty());
        if let Some(s) = p.span() {
            assert!(s.start <= s.end && s.end <= chars, "{p:?} in {:?}", i.body);
        }
    }
    let rendered = template::render(&t, &i.values);
    let mut all = fixed();
    all.push(t.clone());
    let reg = Registry::new(all);
    if let Ok(reg) = &reg {
        let _ = reg.match_text(i.text);
        let _ = reg.select("fuzz", Some(i.language), Some("en"));
    }
    let (Ok(r), Ok(reg)) = (rendered, reg) else {
        return;
    };
    // Only Meta's review rules may be broken by a template that renders (approved templates such
    // as authentication codes break them; they do not block rendering or matching).
    assert!(
        problems
            .iter()
            .all(|p| template::is_meta_review_problem(p.code())),
        "rendered an invalid template: {problems:?}"
    );
    // Render → match round trip: the template is among the matches, and its extracted values
    // render to the same text (the split may differ from the values: leftmost-shortest).
    let found = reg.match_text(&r.text).unwrap();
    let m = found.iter().find(|m| m.sid.eq_ignore_ascii_case(&t.sid));
    let m = m.unwrap_or_else(|| panic!("rendering {:?} not matched back", r.text));
    let again = template::render(&t, &m.variables).unwrap();
    assert_eq!(again.text.trim_end(), r.text.trim_end());
}
