//! Webhook signatures: the shared conformance vectors and the security properties, natively and
//! in wasm.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::type_complexity)]
use serde_json::Value;
use wa_guard::signature::{
    self, Algorithm, CandidateKind, Payload, Request, SecretFix, Secrets, Variation,
    AUTH_TOKEN_MISSING, MAX_BODY_BYTES, MAX_SHARED_KEYS, MAX_URL_BYTES, SHARED_KEY_MISSING,
};

use wasm_bindgen_test::wasm_bindgen_test;

const VECTORS: &str = include_str!("vectors/signature.json");
const SHAREDKEY_VECTORS: &str = include_str!("vectors/signature-sharedkey.json");
const TOKEN: &str = "e194669bd11ac3fffcfd4c41b1b927c4";

fn vectors() -> Vec<Value> {
    let v: Value = serde_json::from_str(VECTORS).unwrap();
    let list = v["vectors"].as_array().unwrap().clone();
    assert_eq!(list.len() as u64, v["count"].as_u64().unwrap());
    list
}

/// A vector's params map flattened to pairs (arrays as repeated names).
fn pairs(v: &Value) -> Option<Vec<(String, String)>> {
    let map = v.get("params")?.as_object()?;
    let mut out = Vec::new();
    for (k, val) in map {
        match val {
            Value::Array(a) => {
                for x in a {
                    out.push((k.clone(), x.as_str().unwrap().to_string()));
                }
            }
            x => out.push((k.clone(), x.as_str().unwrap().to_string())),
        }
    }
    Some(out)
}

/// Every way a vector can be presented: params map, raw form body, raw (JSON) body.
fn requests(v: &Value) -> Vec<(&'static str, Request<'_>, Option<Vec<(String, String)>>)> {
    let url = v["url"].as_str().unwrap();
    let signature = v["signature"].as_str().unwrap();
    let mut out = Vec::new();
    if let Some(p) = pairs(v) {
        out.push((
            "params",
            Request {
                settings: v.get("signatureSettings").and_then(Value::as_str),
                url,
                signature,
                payload: Payload::None,
            },
            Some(p),
        ));
    }
    if let Some(b) = v.get("formBody").and_then(Value::as_str) {
        out.push((
            "formBody",
            Request {
                settings: v.get("signatureSettings").and_then(Value::as_str),
                url,
                signature,
                payload: Payload::FormBody(b),
            },
            None,
        ));
    }
    if let Some(b) = v.get("body").and_then(Value::as_str) {
        let ct = v.get("contentType").and_then(Value::as_str);
        out.push((
            "body",
            Request {
                settings: v.get("signatureSettings").and_then(Value::as_str),
                url,
                signature,
                payload: Payload::from_body(url, b, ct),
            },
            None,
        ));
    }
    assert!(!out.is_empty(), "{}", v["name"]);
    out
}

fn verify_vector(v: &Value) -> Vec<(&'static str, signature::Verdict)> {
    let token = v["authToken"].as_str().unwrap();
    requests(v)
        .into_iter()
        .map(|(how, mut req, params)| {
            if let Some(p) = &params {
                req.payload = Payload::Params(p);
            }
            (how, signature::verify(&[token], &req).unwrap())
        })
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn every_shared_vector_passes_in_every_form() {
    let mut checked = 0;
    for v in vectors() {
        let want = v["valid"].as_bool().unwrap();
        for (how, verdict) in verify_vector(&v) {
            assert_eq!(verdict.valid, want, "{} as {how}", v["name"]);
            checked += 1;
        }
    }
    assert!(checked >= 64, "{checked}");
}

#[wasm_bindgen_test(unsupported = test)]
fn compute_reproduces_every_valid_signature_on_its_matched_url() {
    for v in vectors().iter().filter(|v| v["valid"] == true) {
        let token = v["authToken"].as_str().unwrap();
        let (_, verdict) = verify_vector(v).remove(0);
        let url = verdict.matched_url.unwrap();
        let params = if v.get("body").is_some() {
            Vec::new()
        } else {
            pairs(v).unwrap()
        };
        assert_eq!(
            signature::compute(token, &url, &params).unwrap(),
            v["signature"].as_str().unwrap(),
            "{}",
            v["name"]
        );
        assert_eq!(verdict.token_index, Some(0));
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[wasm_bindgen_test(unsupported = test)]
fn vectors_copy_is_identical_to_the_shared_file() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/signature.json");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        assert_eq!(
            text, VECTORS,
            "tests/vectors/signature.json differs from {shared:?}"
        );
    }
}

fn signed_form() -> (String, Vec<(String, String)>, String) {
    let url = "https://edge.example.com/twilio/inbound?tenant=acme".to_string();
    let params = vec![
        ("Body".to_string(), "Hello, I need help 👋".to_string()),
        ("From".to_string(), "whatsapp:+14155550123".to_string()),
        ("MediaUrl".to_string(), "b".to_string()),
        ("MediaUrl".to_string(), "a".to_string()),
    ];
    let sig = signature::compute(TOKEN, &url, &params).unwrap();
    (url, params, sig)
}

fn check(url: &str, sig: &str, params: &[(String, String)]) -> bool {
    signature::verify(
        &[TOKEN],
        &Request {
            settings: None,
            url,
            signature: sig,
            payload: Payload::Params(params),
        },
    )
    .unwrap()
    .valid
}

#[wasm_bindgen_test(unsupported = test)]
fn every_single_bit_flip_of_a_valid_signature_is_rejected() {
    let (url, params, sig) = signed_form();
    assert!(check(&url, &sig, &params));
    let mut flips = 0;
    // Flips of the header's characters (those that stay valid UTF-8; the JS suite flips the rest).
    for i in 0..sig.len() {
        for bit in 0..8 {
            let mut b = sig.clone().into_bytes();
            b[i] ^= 1 << bit;
            if let Ok(s) = String::from_utf8(b) {
                assert!(!check(&url, &s, &params), "char {i} bit {bit}: {s}");
                flips += 1;
            }
        }
    }
    // Flips of the decoded MAC, re-encoded.
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&sig)
        .unwrap();
    for i in 0..raw.len() {
        for bit in 0..8 {
            let mut r = raw.clone();
            r[i] ^= 1 << bit;
            let s = base64::engine::general_purpose::STANDARD.encode(&r);
            assert!(!check(&url, &s, &params));
            flips += 1;
        }
    }
    assert_eq!(flips, 28 * 7 + 160);
}

#[wasm_bindgen_test(unsupported = test)]
fn truncated_missing_and_garbage_signatures_are_invalid_not_errors() {
    let (url, params, sig) = signed_form();
    for n in 0..sig.len() {
        assert!(!check(&url, &sig[..n], &params), "{n}");
    }
    for s in [
        "",
        "=",
        "not base64 at all!!",
        &format!("{sig}="),
        &format!(" {sig}"),
        &sig.replace('=', "A"),
    ] {
        assert!(!check(&url, s, &params), "{s}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn replayed_signature_on_a_changed_body_is_rejected() {
    let (url, params, sig) = signed_form();
    let mut changed = params.clone();
    changed[0].1.push('!');
    assert!(!check(&url, &sig, &changed));
    let mut extra = params.clone();
    extra.push(("Extra".into(), "".into()));
    assert!(!check(&url, &sig, &extra));

    let body = r#"{"event":"message","text":"hi"}"#;
    let real = {
        use sha2::Digest as _;
        sha2::Sha256::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let url = format!("https://edge.example.com/hook?bodySHA256={real}");
    let sig = signature::compute(TOKEN, &url, &[]).unwrap();
    let ok = |body: &str| {
        signature::verify(
            &[TOKEN],
            &Request {
                settings: None,
                url: &url,
                signature: &sig,
                payload: Payload::from_body(&url, body, Some("application/json")),
            },
        )
        .unwrap()
        .valid
    };
    assert!(ok(body));
    assert!(!ok(r#"{"event":"message","text":"ho"}"#));
    assert!(!ok(r#"{"event": "message", "text": "hi"}"#));
}

#[wasm_bindgen_test(unsupported = test)]
fn token_rotation_reports_the_token_that_matched() {
    let (url, params, sig) = signed_form();
    let req = Request {
        settings: None,
        url: &url,
        signature: &sig,
        payload: Payload::Params(&params),
    };
    let other = "0123456789abcdef0123456789abcdef";
    let v = signature::verify(&[other, TOKEN], &req).unwrap();
    assert_eq!((v.valid, v.token_index), (true, Some(1)));
    let v = signature::verify(&[TOKEN, other], &req).unwrap();
    assert_eq!((v.valid, v.token_index), (true, Some(0)));
    assert_eq!(v.matched_url.as_deref(), Some(url.as_str()));
    let v = signature::verify(&[other], &req).unwrap();
    assert_eq!((v.valid, v.token_index, v.matched_url), (false, None, None));
}

#[wasm_bindgen_test(unsupported = test)]
fn bad_arguments_are_coded_errors() {
    let (url, params, sig) = signed_form();
    let req = Request {
        settings: None,
        url: &url,
        signature: &sig,
        payload: Payload::Params(&params),
    };
    let none: [&str; 0] = [];
    assert_eq!(
        signature::verify(&none, &req).unwrap_err().code(),
        AUTH_TOKEN_MISSING
    );
    assert_eq!(
        signature::verify(&[""], &req).unwrap_err().code(),
        AUTH_TOKEN_MISSING
    );
    let long = format!("https://a/{}", "x".repeat(MAX_URL_BYTES));
    let req = Request { url: &long, ..req };
    assert_eq!(
        signature::verify(&[TOKEN], &req).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
    let big = "x".repeat(MAX_BODY_BYTES + 1);
    let req = Request {
        settings: None,
        url: &url,
        signature: &sig,
        payload: Payload::RawBody(&big),
    };
    assert_eq!(
        signature::verify(&[TOKEN], &req).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
    assert_eq!(
        signature::compute(TOKEN, &long, &[]).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn candidates_cap_the_url() {
    let at = format!(
        "https://a/{}",
        "x".repeat(MAX_URL_BYTES - "https://a/".len())
    );
    assert_eq!(at.len(), MAX_URL_BYTES);
    assert_eq!(signature::candidates(&at).unwrap()[0].url, at);
    let past = format!("{at}x");
    let e = signature::candidates(&past).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", Some("url")));
}

#[wasm_bindgen_test(unsupported = test)]
fn credentials_and_override_fragments_are_documented_extensions() {
    let params: Vec<(String, String)> = vec![("Body".into(), "hi".into())];
    let signed = "https://edge.example.com/hook?x=1";
    let sig = signature::compute(TOKEN, signed, &params).unwrap();
    for received in [
        "https://user:pw@edge.example.com/hook?x=1",
        "https://edge.example.com/hook?x=1#ct=1000&rc=2",
        "https://user:pw@edge.example.com:443/hook?x=1#rt=15000&sni=unset",
    ] {
        let v = signature::verify(
            &[TOKEN],
            &Request {
                settings: None,
                url: received,
                signature: &sig,
                payload: Payload::Params(&params),
            },
        )
        .unwrap();
        assert!(v.valid, "{received}");
        assert!(v.matched_by.unwrap().is_extension(), "{received}");
    }
    // A fragment that is not a connection override is signed like the rest of the URL.
    let v = signature::verify(
        &[TOKEN],
        &Request {
            settings: None,
            url: "https://edge.example.com/hook?x=1#section",
            signature: &sig,
            payload: Payload::Params(&params),
        },
    )
    .unwrap();
    assert!(!v.valid);
}

#[wasm_bindgen_test(unsupported = test)]
fn explain_keeps_the_verdict_and_finds_the_usual_mistakes() {
    // Every vector: explain's verdict is verify's.
    for v in vectors() {
        let token = v["authToken"].as_str().unwrap();
        for (how, req, params) in requests(&v) {
            let mut req = req;
            if let Some(p) = &params {
                req.payload = Payload::Params(p);
            }
            let verdict = signature::verify(&[token], &req).unwrap();
            let report = signature::explain(&[token], &req).unwrap();
            assert_eq!(report.valid, verdict.valid, "{} as {how}", v["name"]);
            let json = serde_json::to_string(&report).unwrap();
            assert!(!json.contains(token), "token echoed: {json}");
        }
    }

    let (url, params, sig) = signed_form();
    let explain = |url: &str, params: &[(String, String)], tokens: &[&str]| {
        signature::explain(
            tokens,
            &Request {
                settings: None,
                url,
                signature: &sig,
                payload: Payload::Params(params),
            },
        )
        .unwrap()
    };
    let has = |r: &signature::Report, want: &[Variation]| {
        r.would_match.iter().any(|d| d.variations == want)
    };
    // Behind a TLS-terminating proxy, on an internal port.
    let r = explain(
        "http://edge.example.com:8080/twilio/inbound?tenant=acme",
        &params,
        &[TOKEN],
    );
    assert!(!r.valid);
    assert!(has(&r, &[Variation::SchemeSwapped]), "{r:#?}");
    // Trailing slash, query dropped by the framework, surrounding whitespace.
    let r = explain(
        "https://edge.example.com/twilio/inbound/?tenant=acme",
        &params,
        &[TOKEN],
    );
    assert!(
        !r.valid && has(&r, &[Variation::TrailingSlashToggled]),
        "{r:#?}"
    );
    let r = explain(
        " https://edge.example.com/twilio/inbound?tenant=acme\n",
        &params,
        &[TOKEN],
    );
    // (twilio-node accepts it too: `new URL()` trims, so the normalised candidate matches.)
    assert!(
        r.valid && r.matched_by == Some(CandidateKind::NormalizedWithoutPort),
        "{r:#?}"
    );
    // Query params passed as params (GET).
    let mut with_query = params.clone();
    with_query.push(("tenant".into(), "acme".into()));
    let r = explain(&url, &with_query, &[TOKEN]);
    assert!(
        !r.valid && has(&r, &[Variation::QueryParamsRemoved]),
        "{r:#?}"
    );
    // A secondary token.
    let r = explain(&url, &params, &["0123456789abcdef0123456789abcdef", TOKEN]);
    assert!(r.valid && r.token_index == Some(1) && !r.hints.is_empty());
    // Nothing matches: a hint, no diagnosis, verdict unchanged.
    let r = explain(&url, &params, &["0123456789abcdef0123456789abcdef"]);
    assert!(!r.valid && r.would_match.is_empty() && !r.hints.is_empty());
    // Extension matches are flagged and passwords redacted.
    let r = explain(
        "https://user:pw@edge.example.com/twilio/inbound?tenant=acme",
        &params,
        &[TOKEN],
    );
    assert!(r.valid && r.extension);
    assert_eq!(
        r.matched_by,
        Some(CandidateKind::CredentialsStrippedWithoutPort)
    );
    assert!(r.candidates.iter().all(|c| !c.url.contains(":pw@")));
}

// ---------------------------------------------------------------------------------------------
// SharedKey signatures (X-Twilio-Webhooks-Signature-Settings), ../shared/vectors/signature-sharedkey.json

fn sharedkey_vectors() -> Vec<Value> {
    let v: Value = serde_json::from_str(SHAREDKEY_VECTORS).unwrap();
    v["vectors"].as_array().unwrap().clone()
}

/// A vector's secrets: its auth tokens and shared keys.
fn secrets_of(v: &Value) -> Secrets {
    let tokens: Vec<&str> = v
        .get("authTokens")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|t| t.as_str().unwrap()).collect())
        .unwrap_or_default();
    let shared: Vec<(&str, &str)> = v
        .get("sharedKeys")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|k| (k["id"].as_str().unwrap(), k["secret"].as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default();
    Secrets::new(&tokens, &shared).unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn every_sharedkey_vector_passes_in_every_form() {
    let mut checked = 0;
    for v in sharedkey_vectors() {
        let secrets = secrets_of(&v);
        let want = v["valid"].as_bool().unwrap();
        for (how, mut req, params) in requests(&v) {
            if let Some(p) = &params {
                req.payload = Payload::Params(p);
            }
            let verdict = signature::verify_with(&secrets, &req).unwrap();
            assert_eq!(verdict.valid, want, "{} as {how}", v["name"]);
            let report = signature::explain_with(&secrets, &req).unwrap();
            assert_eq!(report.valid, want, "explain of {} as {how}", v["name"]);
            // The verdict names the secret that matched, never the secret itself.
            if want {
                assert!(verdict.key_id.is_some() != verdict.token_index.is_some());
            }
            let text = format!("{verdict:?} {report:?} {secrets:?}");
            for k in v
                .get("sharedKeys")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                assert!(
                    !text.contains(k["secret"].as_str().unwrap()),
                    "secret leaked"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked}");
}

#[wasm_bindgen_test(unsupported = test)]
fn sharedkey_verdicts_name_the_algorithm_and_the_key() {
    let vs = sharedkey_vectors();
    let find = |n: &str| vs.iter().find(|v| v["name"] == n).unwrap().clone();
    let run = |v: &Value| {
        let (_, req, _) = requests(v).remove(1);
        signature::verify_with(&secrets_of(v), &req).unwrap()
    };
    let v = run(&find("sha256-valid-0"));
    assert_eq!(v.algorithm, Some(Algorithm::HmacSha256));
    assert_eq!(
        v.key_id.as_deref(),
        Some("webhooks_sharedkey_8c5929579355e705be5bf2bff7")
    );
    assert_eq!(v.token_index, None);
    let v = run(&find("rotation-second-key-named-0"));
    assert_eq!(
        v.key_id.as_deref(),
        Some("webhooks_sharedkey_16cf5845f2da933352b8f90a9c")
    );
    let v = run(&find("unknown-algorithm-0"));
    assert_eq!((v.valid, v.algorithm), (false, None));
    let v = run(&find("no-settings-header-auth-token-0"));
    assert_eq!(
        (v.valid, v.algorithm, v.token_index),
        (true, Some(Algorithm::HmacSha1), Some(0))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn explain_says_why_a_sharedkey_request_failed() {
    let vs = sharedkey_vectors();
    let find = |n: &str| vs.iter().find(|v| v["name"] == n).unwrap().clone();
    let explain = |v: &Value| {
        let (_, req, _) = requests(v).remove(1);
        signature::explain_with(&secrets_of(v), &req).unwrap()
    };
    let hints = |r: &signature::Report| r.hints.join(" | ");
    // The header is there, and no shared key is configured: invalid, and said so.
    let r = explain(&find("settings-header-no-shared-keys-0"));
    assert!(!r.valid);
    let s = r.settings.as_ref().unwrap();
    assert_eq!(s.refused, Some(signature::Refusal::NoSharedKey));
    assert!(
        hints(&r).contains("no sharedKeys are configured"),
        "{}",
        hints(&r)
    );
    // An unsupported algorithm.
    let r = explain(&find("unknown-algorithm-0"));
    assert_eq!(
        r.settings.as_ref().unwrap().refused,
        Some(signature::Refusal::UnsupportedAlgorithm)
    );
    assert_eq!(
        r.settings.as_ref().unwrap().algorithm_name.as_deref(),
        Some("HMAC_SHA512")
    );
    // An unknown key id: every key tried (and the valid verdict says which matched).
    let r = explain(&find("unknown-key-id-falls-back-to-all-0"));
    assert!(r.valid && !r.settings.as_ref().unwrap().key_known);
    assert!(hints(&r).contains("not configured"), "{}", hints(&r));
    // Signed with the auth token although the header says SharedKey: invalid, and explained.
    let r = explain(&find("signed-with-auth-token-but-settings-header-0"));
    assert!(!r.valid);
    assert_eq!(r.would_verify_with.len(), 1);
    assert_eq!(r.would_verify_with[0].token_index, Some(0));
    assert_eq!(r.would_verify_with[0].algorithm, Algorithm::HmacSha256);
    assert!(
        hints(&r).contains("verifies with an auth token"),
        "{}",
        hints(&r)
    );
    // Signed with a shared key and SHA-256 but the header was not passed.
    let r = explain(&find("no-settings-header-but-sha256-by-shared-key-0"));
    assert!(!r.valid);
    assert_eq!(r.would_verify_with[0].algorithm, Algorithm::HmacSha256);
    assert!(hints(&r).contains("no X-Twilio-Webhooks-Signature-Settings header"));
    // The header names SHA-256 and the signature is a SHA-1 by the same key.
    let r = explain(&find("sha256-header-but-sha1-signature-0"));
    assert!(!r.valid);
    assert_eq!(r.would_verify_with[0].algorithm, Algorithm::HmacSha1);
    assert!(
        hints(&r).contains("length of an HMAC-SHA1"),
        "{}",
        hints(&r)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn explain_spots_a_secret_stored_with_whitespace_or_the_wrong_case_without_showing_it() {
    let url = "https://edge.example.com/twilio/inbound";
    let params = vec![("Body".to_string(), "hi".to_string())];
    let sig1 = signature::compute(TOKEN, url, &params).unwrap();
    let shared = "FDArbSpm1FM_5-aol2eWfngi9A_XRH5g3Fhw2iX5dea";
    let sig256 = signature::compute_with(shared, Algorithm::HmacSha256, url, &params).unwrap();
    let settings = "key=webhooks_sharedkey_a,algorithm=HMAC_SHA256";
    let upper = TOKEN.to_ascii_uppercase();
    let spaced = format!(" {TOKEN}\n");
    let shared_nl = format!("{shared}\n");
    // (secrets, header, settings, fix expected, token index, key id)
    let cases: [(
        Secrets,
        &str,
        Option<&str>,
        Option<SecretFix>,
        Option<usize>,
        Option<&str>,
    ); 6] = [
        (
            Secrets::new(&[spaced.as_str()], &[]).unwrap(),
            &sig1,
            None,
            Some(SecretFix::Trimmed),
            Some(0),
            None,
        ),
        (
            Secrets::new(&[TOKEN, upper.as_str()], &[]).unwrap(),
            &sig1,
            None,
            None,
            None,
            None,
        ), // valid: token 0
        (
            Secrets::new(&["0123456789abcdef0123456789abcdef", upper.as_str()], &[]).unwrap(),
            &sig1,
            None,
            Some(SecretFix::LowerCase),
            Some(1),
            None,
        ),
        (
            Secrets::new::<&str>(&[], &[("webhooks_sharedkey_a", shared_nl.as_str())]).unwrap(),
            &sig256,
            Some(settings),
            Some(SecretFix::Trimmed),
            None,
            Some("webhooks_sharedkey_a"),
        ),
        // A wrong secret that no change fixes: no fix claimed.
        (
            Secrets::new(&["0123456789abcdef0123456789abcdef"], &[]).unwrap(),
            &sig1,
            None,
            None,
            None,
            None,
        ),
        // Lower-case hex stored upper-case in a shared key: the case fix names the key.
        (
            Secrets::new::<&str>(&[], &[("webhooks_sharedkey_b", upper.as_str())]).unwrap(),
            &signature::compute_with(TOKEN, Algorithm::HmacSha256, url, &params).unwrap(),
            Some("key=webhooks_sharedkey_b,algorithm=HMAC_SHA256"),
            Some(SecretFix::LowerCase),
            None,
            Some("webhooks_sharedkey_b"),
        ),
    ];
    for (i, (secrets, sig, settings, fix, token, key)) in cases.iter().enumerate() {
        let req = Request {
            settings: *settings,
            url,
            signature: sig,
            payload: Payload::Params(&params),
        };
        let verdict = signature::verify_with(secrets, &req).unwrap();
        let r = signature::explain_with(secrets, &req).unwrap();
        assert_eq!(
            r.valid, verdict.valid,
            "case {i}: explain never changes the verdict"
        );
        assert_eq!(r.valid, i == 1, "case {i}");
        let found = r.would_verify_with.iter().find(|a| a.secret_fix.is_some());
        assert_eq!(
            found.and_then(|a| a.secret_fix),
            *fix,
            "case {i}: {:?}",
            r.hints
        );
        if let Some(a) = found {
            assert_eq!(a.token_index, *token, "case {i}");
            assert_eq!(a.key_id.as_deref(), *key, "case {i}");
            let want = if *fix == Some(SecretFix::Trimmed) {
                "surrounding whitespace"
            } else {
                "wrong letter case"
            };
            assert!(
                r.hints.iter().any(|h| h.contains(want)),
                "case {i}: {:?}",
                r.hints
            );
        }
        // The secret, in any form, is nowhere in the report.
        let json = serde_json::to_string(&r).unwrap();
        for s in [TOKEN, upper.as_str(), shared, "0123456789abcdef"] {
            assert!(!json.contains(s), "case {i}: a secret leaked");
        }
        if fix.is_some() {
            assert!(
                json.contains(match fix {
                    Some(SecretFix::Trimmed) => "\"secretFix\":\"trimmed\"",
                    _ => "\"secretFix\":\"lowerCase\"",
                }),
                "{json}"
            );
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn explain_names_the_form_parameter_it_could_not_read() {
    let url = "https://edge.example.com/twilio/inbound";
    let sig = signature::compute(TOKEN, url, &[]).unwrap();
    let long = format!("{}=%FF", "é".repeat(40));
    for (body, want) in [
        (
            "From=whatsapp%3A%2B1&Body=caf%E9",
            "parameter `Body` does not decode to UTF-8",
        ),
        // A name that does not decode, or one too long to quote: the body is named instead.
        ("Bo%FFdy=x", "the form body does not decode to UTF-8"),
        (long.as_str(), "the form body does not decode to UTF-8"),
    ] {
        let req = Request {
            settings: None,
            url,
            signature: &sig,
            payload: Payload::FormBody(body),
        };
        let r = signature::explain(&[TOKEN], &req).unwrap();
        assert!(!r.valid);
        assert!(
            r.hints.iter().any(|h| h.contains(want)),
            "{body}: {:?}",
            r.hints
        );
        assert!(r.hints.iter().all(|h| !h.is_empty()));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_sharedkey_rule_not_matching_the_url_is_explained() {
    // Only shared keys configured; Twilio signed with the auth token (no header) because the
    // Webhook Rule does not match the URL it called.
    let url = "https://edge.example.com/twilio/inbound";
    let params = vec![("Body".to_string(), "hi".to_string())];
    let sig = signature::compute(TOKEN, url, &params).unwrap();
    let secrets = Secrets::new::<&str>(&[], &[("webhooks_sharedkey_a", "s3cret")]).unwrap();
    let req = Request {
        settings: None,
        url,
        signature: &sig,
        payload: Payload::Params(&params),
    };
    assert!(!signature::verify_with(&secrets, &req).unwrap().valid);
    let r = signature::explain_with(&secrets, &req).unwrap();
    assert!(
        r.hints
            .iter()
            .any(|h| h.contains("Webhook Rule whose URL does not match")),
        "{:?}",
        r.hints
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn sharedkey_bad_arguments_are_coded_errors_at_their_path() {
    let e = Secrets::new::<&str>(&[], &[("a", "x"), ("b", "")]).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (SHARED_KEY_MISSING, Some("sharedKeys[1].secret"))
    );
    let e = Secrets::new::<&str>(&[], &[("a", "x"), ("a", "y")]).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("INVALID_ARGUMENT", Some("sharedKeys[1].id"))
    );
    let e = Secrets::new::<&str>(&[], &[("", "x")]).unwrap_err();
    assert_eq!(e.path(), Some("sharedKeys[0].id"));
    let ids: Vec<String> = (0..=MAX_SHARED_KEYS).map(|i| format!("k{i}")).collect();
    let many: Vec<(&str, &str)> = ids.iter().map(|i| (i.as_str(), "x")).collect();
    let e = Secrets::new::<&str>(&[], &many).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("INPUT_TOO_LARGE", Some("sharedKeys"))
    );
    let e = Secrets::new::<&str>(&[], &[]).unwrap_err();
    assert_eq!(e.code(), AUTH_TOKEN_MISSING);
    // Secrets never show in Debug or in errors.
    let s = Secrets::new(&["tok-en-1"], &[("id-1", "sec-ret-1")]).unwrap();
    let d = format!("{s:?}");
    assert!(
        !d.contains("tok-en-1") && !d.contains("sec-ret-1") && d.contains("id-1"),
        "{d}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn compute_with_reproduces_every_valid_sharedkey_signature() {
    for v in sharedkey_vectors().iter().filter(|v| v["valid"] == true) {
        let (_, req, _) = requests(v).remove(0);
        let verdict = signature::verify_with(&secrets_of(v), &req).unwrap();
        let Some(id) = verdict.key_id else { continue };
        let secret = v["sharedKeys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id.as_str())
            .unwrap()["secret"]
            .as_str()
            .unwrap();
        let params = if v.get("body").is_some() {
            Vec::new()
        } else {
            pairs(v).unwrap()
        };
        let url = verdict.matched_url.unwrap();
        assert_eq!(
            signature::compute_with(secret, verdict.algorithm.unwrap(), &url, &params).unwrap(),
            v["signature"].as_str().unwrap(),
            "{}",
            v["name"]
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn sharedkey_timing_does_not_depend_on_where_a_forgery_differs() {
    // Every configured key is tried for every candidate: a forged SHA-256 signature that shares
    // a prefix with the real one is rejected exactly like one that shares nothing.
    let url = "https://edge.example.com/twilio/inbound";
    let params = vec![("Body".to_string(), "hi".to_string())];
    let real = signature::compute_with("s3cret", Algorithm::HmacSha256, url, &params).unwrap();
    assert_eq!(real.len(), 44);
    let secrets = Secrets::new::<&str>(&[], &[("k", "s3cret")]).unwrap();
    for forged in [format!("{}A=", &real[..42]), "A".repeat(43) + "="] {
        let req = Request {
            settings: Some("key=k,algorithm=HMAC_SHA256"),
            url,
            signature: &forged,
            payload: Payload::Params(&params),
        };
        assert!(!signature::verify_with(&secrets, &req).unwrap().valid);
    }
}
