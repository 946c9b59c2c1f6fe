//! Form decoding + signature verification on arbitrary requests: never panics; `explain` never
//! changes the verdict; compute → verify accepts (params and form body); a changed signature
//! rejects; with an arbitrary settings header and shared key, the same (SharedKey scheme), and a
//! header never lets the auth token verify.
//!
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/signature.rs`) and the stable smoke test that
//! CI runs (`tests/fuzz_smoke.rs`): the input is built from raw bytes exactly as `fuzz_target!`
//! builds it (`Arbitrary::arbitrary_take_rest`).
use arbitrary::{Arbitrary, Unstructured};
use wa_guard::form;
use wa_guard::signature::{self, Algorithm, Payload, Request, Secrets, Settings};

#[derive(Arbitrary, Debug)]
struct In<'a> {
    url: &'a str,
    signature: &'a str,
    token: &'a str,
    content_type: u8,
    body: &'a str,
    settings: &'a str,
    key_id: &'a str,
}

/// Runs the target on raw fuzzer bytes (inputs that do not build are skipped, as libFuzzer does).
pub fn run(data: &[u8]) {
    if let Ok(input) = <In<'_>>::arbitrary_take_rest(Unstructured::new(data)) {
        target(input);
    }
}

fn target(i: In<'_>) {
    let ct = match i.content_type % 4 {
        0 => None,
        1 => Some("application/x-www-form-urlencoded"),
        2 => Some("application/json"),
        _ => Some("application/x-www-form-urlencoded; charset=UTF-8"),
    };
    let req = Request {
        settings: None,
        url: i.url,
        signature: i.signature,
        payload: Payload::from_body(i.url, i.body, ct),
    };
    let verdict = signature::verify(&[i.token], &req);
    let report = signature::explain(&[i.token], &req);
    match (&verdict, &report) {
        (Ok(v), Ok(r)) => assert_eq!(v.valid, r.valid, "explain changed the verdict"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        _ => panic!("verify and explain disagree on errors: {verdict:?}"),
    }
    if let Err(e) = &verdict {
        assert!(!e.code().is_empty());
        assert!(
            i.token.len() < 8 || !e.message().contains(i.token),
            "token in an error"
        );
    }
    // Round trip: what compute signs, verify accepts, as params and as a form body (for tokens
    // verify takes: computeSignature also signs with empty or over-long test tokens, by design).
    if signature::Key::new(i.token).is_err() {
        return;
    }
    let Ok(pairs) = form::decode(i.body) else {
        return;
    };
    let Ok(sig) = signature::compute(i.token, i.url, &pairs) else {
        return;
    };
    let ok = |s: &str, payload| {
        let r = Request {
            settings: None,
            url: i.url,
            signature: s,
            payload,
        };
        signature::verify(&[i.token], &r).map(|v| v.valid)
    };
    assert_eq!(ok(&sig, Payload::Params(&pairs)), Ok(true), "{sig}");
    assert_eq!(ok(&sig, Payload::FormBody(i.body)), Ok(true), "{sig}");
    // One character of the signature changed: rejected.
    let mut forged: Vec<char> = sig.chars().collect();
    if let Some(c) = forged.get_mut(usize::from(i.content_type) % 27) {
        *c = if *c == 'A' { 'B' } else { 'A' };
    }
    let forged: String = forged.into_iter().collect();
    assert_eq!(
        ok(&forged, Payload::Params(&pairs)),
        Ok(false),
        "{forged} for {sig}"
    );
    shared_key(&i, &pairs);
}

/// The SharedKey scheme on the same input: the token as a shared key's secret, the arbitrary
/// settings header; compute with the header's algorithm → verify accepts; the auth token alone
/// never verifies a request that carries the header.
fn shared_key(i: &In<'_>, pairs: &[(String, String)]) {
    let Ok(secrets) = Secrets::new(&[i.token], &[(i.key_id, i.token)]) else {
        return;
    };
    let header = Some(i.settings);
    fn req<'a>(i: &In<'a>, sig: &'a str, pairs: &'a [(String, String)]) -> Request<'a> {
        Request {
            settings: Some(i.settings),
            url: i.url,
            signature: sig,
            payload: Payload::Params(pairs),
        }
    }
    let parsed = Settings::parse(header);
    let alg = parsed.map_or(Some(Algorithm::HmacSha1), |s| s.algorithm);
    let Some(alg) = alg else {
        // An unsupported algorithm: nothing verifies.
        let v = signature::verify_with(&secrets, &req(i, "x", pairs));
        assert!(v.map_or(true, |v| !v.valid));
        return;
    };
    let Ok(sig) = signature::compute_with(i.token, alg, i.url, pairs) else {
        return;
    };
    let v = signature::verify_with(&secrets, &req(i, &sig, pairs));
    let r = signature::explain_with(&secrets, &req(i, &sig, pairs));
    match (&v, &r) {
        (Ok(v), Ok(r)) => {
            assert!(v.valid, "{sig} {header:?}");
            assert_eq!(v.valid, r.valid);
            assert_eq!(v.key_id.is_some(), parsed.is_some());
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
        _ => panic!("verify and explain disagree on errors"),
    }
    // Under a settings header, the auth token's signature never verifies against shared keys
    // that differ from it.
    if parsed.is_some() {
        if let Ok(only_token) = Secrets::new(&[i.token], &[]) {
            let v = signature::verify_with(&only_token, &req(i, &sig, pairs));
            assert!(
                v.map_or(true, |v| !v.valid),
                "auth token tried under a settings header"
            );
        }
    }
}
