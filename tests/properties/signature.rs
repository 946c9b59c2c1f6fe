#![cfg(not(target_arch = "wasm32"))]
//! Properties of webhook signatures: compute → verify round trips, and any single mutation of
//! URL, parameter, body or signature is rejected (unless it provably cannot change the signed
//! string: then it must be accepted, which the properties state exactly).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use proptest::prelude::*;
use wa_guard::signature::{self, cmp_utf16, Payload, Request};

const TOKEN: &str = "e194669bd11ac3fffcfd4c41b1b927c4";

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('a'),
            Just('Z'),
            Just('0'),
            Just(' '),
            Just('+'),
            Just('%'),
            Just('&'),
            Just('='),
            Just('\''),
            Just('é'),
            Just('👋'),
            Just('\u{FF21}'),
            any::<char>(),
        ],
        0..8,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn url() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("https"), Just("http")],
        prop_oneof![
            Just("edge.example.com"),
            Just("[2001:db8::1]"),
            Just("user:pw@edge.example.com")
        ],
        prop_oneof![Just(""), Just(":443"), Just(":8443")],
        prop::collection::vec("[a-z0-9'~%.-]{0,6}", 0..4),
        prop::option::of(prop::collection::vec(
            ("[a-z0-9]{1,4}", "[a-z0-9'+%]{0,4}"),
            0..4,
        )),
    )
        .prop_map(|(scheme, host, port, path, query)| {
            let mut u = format!("{scheme}://{host}{port}/{}", path.join("/"));
            if let Some(q) = query {
                u.push('?');
                let pairs: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
                u.push_str(&pairs.join("&"));
            }
            u
        })
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((text(), text()), 0..8)
}

fn verify(url: &str, sig: &str, payload: Payload<'_>) -> bool {
    signature::verify(
        &[TOKEN],
        &Request {
            settings: None,
            url,
            signature: sig,
            payload,
        },
    )
    .unwrap()
    .valid
}

/// The signed parameter string, as the spec defines it (sorted by UTF-16, duplicates once).
fn canonical(p: &[(String, String)]) -> Vec<(String, String)> {
    let mut v = p.to_vec();
    v.sort_by(|a, b| cmp_utf16(&a.0, &b.0).then_with(|| cmp_utf16(&a.1, &b.1)));
    v.dedup();
    v
}

fn mutate(s: &str, at: usize, c: char) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return c.to_string();
    }
    let i = at % (chars.len() + 1);
    if i == chars.len() {
        chars.push(c);
    } else {
        chars[i] = c;
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compute_then_verify_round_trips(u in url(), p in params()) {
        let sig = signature::compute(TOKEN, &u, &p).unwrap();
        prop_assert!(verify(&u, &sig, Payload::Params(&p)));
        // The same request as a raw form body.
        let body = wa_guard::form::encode(p.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        prop_assert!(verify(&u, &sig, Payload::FormBody(&body)));
        // Parameter order never matters.
        let mut rev = p.clone();
        rev.reverse();
        prop_assert!(verify(&u, &sig, Payload::Params(&rev)));
    }

    #[test]
    fn a_mutated_url_verifies_exactly_when_the_signed_url_is_one_of_its_candidates(
        u in url(), p in params(), at in any::<usize>(), c in prop_oneof![Just('x'), Just('/'), Just('A'), Just(':'), Just('\''), Just('?')]
    ) {
        let sig = signature::compute(TOKEN, &u, &p).unwrap();
        let m = mutate(&u, at, c);
        let expected = signature::candidates(&m).unwrap().iter().any(|k| k.url == u);
        prop_assert_eq!(verify(&m, &sig, Payload::Params(&p)), expected, "{} -> {}", u, m);
    }

    #[test]
    fn a_mutated_parameter_verifies_exactly_when_the_signed_string_is_unchanged(
        u in url(), p in params().prop_filter("non-empty", |p| !p.is_empty()),
        which in any::<usize>(), at in any::<usize>(), c in any::<char>(), name in any::<bool>()
    ) {
        let sig = signature::compute(TOKEN, &u, &p).unwrap();
        let mut q = p.clone();
        let i = which % q.len();
        if name { q[i].0 = mutate(&q[i].0, at, c) } else { q[i].1 = mutate(&q[i].1, at, c) }
        prop_assert_eq!(verify(&u, &sig, Payload::Params(&q)), canonical(&p) == canonical(&q));
        // Adding a parameter never leaves it valid unless it duplicates an existing pair.
        let mut extra = p.clone();
        extra.push(("Extra".into(), c.to_string()));
        prop_assert_eq!(verify(&u, &sig, Payload::Params(&extra)), canonical(&p) == canonical(&extra));
    }

    #[test]
    fn a_mutated_json_body_is_rejected(body in ".{0,64}", at in any::<usize>(), c in any::<char>()) {
        use sha2::Digest as _;
        let hash: String = sha2::Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let u = format!("https://edge.example.com/hook?bodySHA256={hash}");
        let sig = signature::compute(TOKEN, &u, &[]).unwrap();
        prop_assert!(verify(&u, &sig, Payload::RawBody(&body)));
        let m = mutate(&body, at, c);
        prop_assert_eq!(verify(&u, &sig, Payload::RawBody(&m)), m == body);
    }

    #[test]
    fn a_mutated_signature_is_rejected(u in url(), p in params(), at in 0usize..28, c in any::<char>()) {
        let sig = signature::compute(TOKEN, &u, &p).unwrap();
        let m = mutate(&sig, at, c);
        prop_assert_eq!(verify(&u, &m, Payload::Params(&p)), m == sig);
        prop_assert!(!verify(&u, &sig[..at], Payload::Params(&p)));
    }

}

proptest! {
    // explain tries every URL and payload variation of a failed request: fewer cases.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn explain_never_changes_the_verdict(u in url(), p in params(), forge in any::<bool>()) {
        let mut sig = signature::compute(TOKEN, &u, &p).unwrap();
        if forge { sig = mutate(&sig, 3, 'Q'); }
        let req = Request { settings: None, url: &u, signature: &sig, payload: Payload::Params(&p) };
        let v = signature::verify(&[TOKEN], &req).unwrap();
        let r = signature::explain(&[TOKEN], &req).unwrap();
        prop_assert_eq!(r.valid, v.valid);
        prop_assert_eq!(r.token_index, v.token_index);
        let shown = format!("{r:?}");
        prop_assert!(!shown.contains(TOKEN));
    }
}
