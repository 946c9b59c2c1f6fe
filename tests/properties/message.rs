#![cfg(not(target_arch = "wasm32"))]
//! Properties of webhook parsing and outbound composition (native only: proptest).
use proptest::prelude::*;
use wa_guard::message::*;

fn base() -> Vec<(String, String)> {
    wa_guard::form::decode(include_str!("../vectors/inbound/media.form")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Arbitrary parameter lists never panic, and unknown parameters are never dropped.
    #[test]
    fn inbound_never_panics_and_keeps_unknown_parameters(
        extra in prop::collection::vec(("X[A-Za-z0-9]{0,12}", "\\PC{0,20}"), 0..8),
        replace in prop::collection::vec((0usize..18, "\\PC{0,40}"), 0..4),
    ) {
        let mut params = base();
        for (i, v) in &replace {
            if let Some(p) = params.get_mut(*i) {
                p.1 = v.clone();
            }
        }
        let mut added = Vec::new();
        for (k, v) in &extra {
            if !params.iter().any(|(n, _)| n == k) {
                params.push((k.clone(), v.clone()));
                added.push((k.clone(), v.clone()));
            }
        }
        match parse_inbound(&params) {
            Ok(m) => {
                // No known parameter starts with X: every added one is kept, value intact.
                for (k, v) in &added {
                    prop_assert_eq!(m.extra.get(k), Some(v.as_str()), "{} dropped", k);
                }
            }
            Err(e) => prop_assert!(e.code() == INBOUND_INVALID && !e.problems().is_empty()),
        }
        let _ = parse_status(&params);
    }

    /// Bodies: the verdict matches the character count, whatever the text.
    #[test]
    fn body_limit_counts_characters(s in "\\PC{0,1700}") {
        let n = s.chars().count();
        let too_long = check_body(&s, true).iter().any(|e| e.code() == BODY_TOO_LONG);
        prop_assert_eq!(too_long, n > MAX_BODY_CHARS);
    }
}

fn config() -> wa_guard::config::Config {
    serde_json::from_str(include_str!("../vectors/messages-config.json")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any request yields Twilio parameters that obey the rules, or OUTBOUND_REJECTED with problems.
    #[test]
    fn compose_never_panics(
        ws in "support|sales-uk|brasil|x",
        to in "\\+[0-9]{1,16}|whatsapp:\\+44740012345[0-9]|\\PC{0,12}",
        body in "\\PC{0,30}",
        template in any::<bool>(),
        vars in prop::collection::vec("\\PC{0,12}", 0..4),
        last in prop::option::of(-100_000_000i64..10_000_000),
    ) {
        let cfg = config();
        let content = if template {
            Content::Template { content_sid: "HX0123456789abcdef0123456789abcdef".into(), variables: vars.into() }
        } else {
            Content::Text { body, media: vec![] }
        };
        let now = 1_795_000_000_000;
        let req = OutboundRequest {
            workstream_id: ws, to, last_inbound_at: last.map(|d| now + d), sandbox_joined_at: None, content, now, status_callback: None,
        };
        match compose_outbound(&cfg, &req) {
            Ok(p) => {
                prop_assert!(p.to.starts_with("whatsapp:+"));
                prop_assert!(p.body.is_some() != p.content_sid.is_some());
                prop_assert!(p.from.is_some() != p.messaging_service_sid.is_some());
                prop_assert!(p.from.as_deref() != Some(p.to.as_str()));
            }
            Err(e) => prop_assert!(e.code() == OUTBOUND_REJECTED && !e.problems().is_empty()),
        }
    }
}
