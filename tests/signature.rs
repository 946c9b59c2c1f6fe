//! Webhook signatures: the shared conformance vectors and the security properties, natively and
//! in wasm.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::type_complexity)]
use serde_json::Value;
use wa_guard::signature::{
    self, CandidateKind, Payload, Request, Variation, AUTH_TOKEN_MISSING, MAX_BODY_BYTES,
    MAX_URL_BYTES,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const VECTORS: &str = include_str!("vectors/signature.json");
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

#[test]
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

#[test]
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
#[test]
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
            url,
            signature: sig,
            payload: Payload::Params(params),
        },
    )
    .unwrap()
    .valid
}

#[test]
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

#[test]
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

#[test]
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

#[test]
fn token_rotation_reports_the_token_that_matched() {
    let (url, params, sig) = signed_form();
    let req = Request {
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

#[test]
fn bad_arguments_are_coded_errors() {
    let (url, params, sig) = signed_form();
    let req = Request {
        url: &url,
        signature: &sig,
        payload: Payload::Params(&params),
    };
    let none: [&str; 0] = [];
    assert_eq!(
        signature::verify(&none, &req).unwrap_err().code,
        AUTH_TOKEN_MISSING
    );
    assert_eq!(
        signature::verify(&[""], &req).unwrap_err().code,
        AUTH_TOKEN_MISSING
    );
    let long = format!("https://a/{}", "x".repeat(MAX_URL_BYTES));
    let req = Request { url: &long, ..req };
    assert_eq!(
        signature::verify(&[TOKEN], &req).unwrap_err().code,
        "INPUT_TOO_LARGE"
    );
    let big = "x".repeat(MAX_BODY_BYTES + 1);
    let req = Request {
        url: &url,
        signature: &sig,
        payload: Payload::RawBody(&big),
    };
    assert_eq!(
        signature::verify(&[TOKEN], &req).unwrap_err().code,
        "INPUT_TOO_LARGE"
    );
    assert_eq!(
        signature::compute(TOKEN, &long, &[]).unwrap_err().code,
        "INPUT_TOO_LARGE"
    );
}

#[test]
fn candidates_cap_the_url() {
    let at = format!(
        "https://a/{}",
        "x".repeat(MAX_URL_BYTES - "https://a/".len())
    );
    assert_eq!(at.len(), MAX_URL_BYTES);
    assert_eq!(signature::candidates(&at).unwrap()[0].url, at);
    let past = format!("{at}x");
    let e = signature::candidates(&past).unwrap_err();
    assert_eq!(
        (e.code, e.path.as_deref()),
        ("INPUT_TOO_LARGE", Some("url"))
    );
}

#[test]
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
            url: "https://edge.example.com/hook?x=1#section",
            signature: &sig,
            payload: Payload::Params(&params),
        },
    )
    .unwrap();
    assert!(!v.valid);
}

#[test]
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
