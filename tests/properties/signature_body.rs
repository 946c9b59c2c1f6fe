#![cfg(not(target_arch = "wasm32"))]
//! Property tests of webhook signatures through the raw form body (complementing
//! `signature.rs` beside this file, which mutates URLs, parameters, JSON bodies and signatures): compute →
//! verify accepts a form body; any single-character edit of the body is rejected unless it decodes
//! to the same signed pairs; another token is rejected.
use proptest::collection::vec;
use proptest::prelude::*;
use wa_guard::form;
use wa_guard::signature::{self, Payload, Request};

/// Names and values: ASCII and BMP text below the surrogates (UTF-16 order = byte order there,
/// so the test's own notion of "the signed pairs changed" is exact).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-zA-Z0-9 _.:+%&=/éçã€中-]{{0,{max}}}")).unwrap()
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(
        ("[A-Z][a-zA-Z0-9]{0,12}".prop_map(String::from), text(24)),
        0..12,
    )
}

/// `https://<lowercase host>/<path>?<query>`: no port, no credentials, no fragment.
fn url() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{0,10}(\\.[a-z]{2,5}){1,2}",
        "(/[a-z0-9_.-]{1,8}){0,3}",
        proptest::option::of("[a-z]{1,5}=[a-z0-9]{0,6}(&[a-z]{1,5}=[a-z0-9]{0,6}){0,2}"),
    )
        .prop_map(|(h, p, q)| match q {
            Some(q) => format!("https://{h}{p}?{q}"),
            None => format!("https://{h}{p}"),
        })
}

fn token() -> impl Strategy<Value = String> {
    "[0-9a-f]{32}".prop_map(String::from)
}

fn valid(token: &str, url: &str, sig: &str, payload: Payload<'_>) -> bool {
    let r = Request {
        settings: None,
        url,
        signature: sig,
        payload,
    };
    signature::verify(&[token], &r)
        .map(|v| v.valid)
        .unwrap_or(false)
}

/// What the signature covers besides the URL: the set of distinct pairs, concatenated in order.
fn signed_suffix(pairs: &[(String, String)]) -> String {
    let mut v: Vec<&(String, String)> = pairs.iter().collect();
    v.sort();
    v.dedup();
    v.iter().map(|(n, x)| format!("{n}{x}")).collect()
}

/// Replaces the character at `at` (modulo the length) with `with` when that changes the text.
fn replace_char(s: &str, at: usize, with: char) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    let i = at % chars.len();
    if chars[i] == with {
        return None;
    }
    let mut c = chars;
    c[i] = with;
    Some(c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn compute_then_verify_accepts(t in token(), u in url(), p in params()) {
        let sig = signature::compute(&t, &u, &p).unwrap();
        prop_assert!(valid(&t, &u, &sig, Payload::Params(&p)));
        let body = form::encode(p.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        prop_assert!(valid(&t, &u, &sig, Payload::FormBody(&body)));
        prop_assert!(valid(&t, &u, &sig, Payload::from_body(&u, &body, Some("application/x-www-form-urlencoded"))));
    }

    #[test]
    fn any_change_to_the_form_body_rejects(t in token(), u in url(), p in params(), at in any::<usize>(), c in "[a-zA-Z0-9=&+%]") {
        let sig = signature::compute(&t, &u, &p).unwrap();
        let body = form::encode(p.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let Some(m) = replace_char(&body, at, c.chars().next().unwrap()) else { return Ok(()) };
        let ok = valid(&t, &u, &sig, Payload::FormBody(&m));
        match form::decode(&m) {
            // Rejected unless the edit decodes to the same signed pairs (e.g. `%2f` → `%2F`).
            Ok(d) if signed_suffix(&d) == signed_suffix(&p) => prop_assert!(ok),
            _ => prop_assert!(!ok, "accepted edited body {m:?}"),
        }
    }

    #[test]
    fn another_token_rejects(t in token(), t2 in token(), u in url(), p in params()) {
        prop_assume!(t != t2);
        let sig = signature::compute(&t, &u, &p).unwrap();
        prop_assert!(!valid(&t2, &u, &sig, Payload::Params(&p)));
    }
}
