//! Content API imports (issue 23): any text → `parse_content_api` (Rust) and `write_content_api`
//! (what `parseContentApi` hands to JS) → every template's eligibility, window open and closed,
//! its rendering with and without values, a registry of the templates matching and selecting,
//! and each written template read back as `renderTemplate` / `composeOutbound` read it. Never
//! panics; errors are coded; both import paths agree on what was imported and on every verdict;
//! a written template reads back with the same verdict; a template is never allowed outside the
//! window unless it is approved.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/content.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::content::{
    self, eligibility, parse_content_api, write_content_api, ContentRegistry, ContentTemplate, Json,
};

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <&str>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(text: &str) {
    let rust = parse_content_api(text);
    let mut out = String::new();
    let js = write_content_api(text, &mut out);
    let (r, problems) = match (rust, js) {
        (Ok(r), Ok(p)) => (r, p),
        (Err(a), Err(b)) => {
            assert!(!a.code().is_empty());
            assert_eq!(a.code(), b.code(), "both paths refuse alike");
            return;
        }
        (a, b) => panic!("the two import paths disagree: {a:?} / {b:?}"),
    };
    let codes = |p: &[wa_guard::Error]| p.iter().map(|e| e.code()).collect::<Vec<_>>();
    assert_eq!(codes(&r.problems), codes(&problems), "same problems");
    assert!(
        r.problems.iter().all(|p| p.path().is_some()),
        "every problem has a path"
    );
    let written = Json::parse(&out).expect("the written import is JSON");
    let Json::Array(written) = written else {
        panic!("the written templates are an array")
    };
    assert_eq!(written.len(), r.templates.len(), "same templates");
    for (t, w) in r.templates.iter().zip(&written) {
        let back = ContentTemplate::from_json(w, "template");
        for open in [true, false] {
            let e = eligibility(t, open);
            assert_eq!(e.allowed, e.reasons.is_empty());
            if e.allowed && !open {
                assert!(
                    t.approval.is_approved(),
                    "only approved templates open a conversation"
                );
            }
            if let Ok(b) = &back {
                assert_eq!(eligibility(b, open).allowed, e.allowed, "read back alike");
            }
        }
        // Without values: refused for every placeholder (never a sample sent silently).
        let none: [(&str, &str); 0] = [];
        match content::render(t, &none) {
            Ok(_) => assert!(t.variables.is_empty(), "rendered without its values"),
            Err(e) => assert!(!e.code().is_empty()),
        }
        let samples: Vec<(&str, &str)> = t
            .variables
            .iter()
            .map(|k| (k.as_str(), t.sample(k).unwrap_or("x")))
            .collect();
        if let Ok(r) = content::render(t, &samples) {
            assert!(r.text.chars().count() <= content::MAX_RENDERED_CHARS);
        }
    }
    if let Ok(reg) = ContentRegistry::new(r.templates.clone()) {
        if let Some(t) = reg.templates().first() {
            let _ = reg.match_text(t.body().unwrap_or(text));
            let _ = reg.select(&t.name, Some(&t.language), Some("en"));
        }
        let _ = reg.eligibility(false);
    }
}
