//! Property tests of the Content API import (native only): **nothing an import contains can make
//! wa-guard allow a send that Twilio's approval chart forbids** (issue 23, "Bad input"). Random
//! items — any mix of the 13 content types and unknown ones, buttons of every kind and case,
//! approvals flat, nested, both (disagreeing), absent or malformed, statuses in any case — go
//! through both import paths (`parse_content_api` for Rust, `write_content_api` for JS, whose
//! templates are read back as `renderTemplate` / `composeOutbound` read them), and the verdict
//! of each template, window open and closed, is compared with the chart applied to the raw item
//! by an independent oracle written from `../shared/spec/content-api.md`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use wa_guard::content::{
    self, eligibility, parse_content_api, write_content_api, ContentTemplate, Json,
};

/// Twilio's content types in its complexity order (WhatsApp receives the last one present), from
/// the spec, not from the core (an independent oracle).
const ORDER: [&str; 13] = [
    "twilio/text",
    "twilio/media",
    "twilio/location",
    "twilio/quick-reply",
    "twilio/call-to-action",
    "twilio/list-picker",
    "twilio/card",
    "twilio/carousel",
    "twilio/catalog",
    "twilio/pay",
    "twilio/flows",
    "whatsapp/card",
    "whatsapp/authentication",
];

/// Type names Twilio does not have (a new type, a case variant): never sendable.
const UNKNOWN: [&str; 3] = ["twilio/poll", "Twilio/Text", "whatsapp/order"];

fn button() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        Just(Some("URL")),
        Just(Some("PHONE_NUMBER")),
        Just(Some("COPY_CODE")),
        Just(Some("QUICK_REPLY")),
        Just(Some("VOICE_CALL")),
        Just(Some("url")),
        Just(Some("phone_number")),
        Just(Some("Phone_Number")),
        Just(None),
    ];
    let title = prop_oneof![Just("Track"), Just("Hi {{1}}"), Just("Call us")];
    (kind, title).prop_map(|(k, t)| {
        let mut b =
            json!({"title": t, "url": "https://example.com/t/{{2}}", "phone": "+442071838750"});
        if let Some(k) = k {
            b["type"] = json!(k);
        }
        b
    })
}

fn definition() -> impl Strategy<Value = Value> {
    prop::collection::vec(button(), 0..6).prop_map(|actions| {
        json!({"body": "Hello {{1}}, your order has shipped and arrives soon.",
               "button": "Pick", "items": [{"item": "S", "id": "s"}],
               "media": ["https://example.com/{{2}}.png"], "actions": actions})
    })
}

fn status() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop_oneof![
            Just("approved"), Just("pending"), Just("received"), Just("rejected"),
            Just("unsubmitted"), Just("paused"), Just("disabled"),
        ].prop_map(|s| json!(s)),
        1 => prop_oneof![
            Just("Approved"), Just(" APPROVED "), Just("PAUSED"), Just(" disabled"),
            Just(""), Just("approvedx"), Just("in_appeal"),
        ].prop_map(|s| json!(s)),
        1 => prop_oneof![Just(Value::Null), Just(json!(1)), Just(json!(["approved"]))],
    ]
}

fn approval() -> impl Strategy<Value = Option<Value>> {
    let flat = || status().prop_map(|s| json!({"name": "t", "category": "UTILITY", "status": s}));
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        1 => Just(Some(json!("approved"))),
        4 => flat().prop_map(Some),
        2 => flat().prop_map(|f| Some(json!({"whatsapp": f}))),
        2 => (flat(), status()).prop_map(|(mut f, outer)| {
            let inner = f.clone();
            f["status"] = outer;
            f["whatsapp"] = inner;
            Some(f)
        }),
    ]
}

fn item() -> impl Strategy<Value = Value> {
    let ty = prop_oneof![6 => (0..ORDER.len()).prop_map(|i| ORDER[i]), 1 => (0..UNKNOWN.len()).prop_map(|i| UNKNOWN[i])];
    (prop::collection::vec((ty, definition()), 1..4), approval()).prop_map(|(types, approval)| {
        let mut m = Map::new();
        for (t, d) in types {
            m.insert(t.to_string(), d);
        }
        let mut v = json!({"sid": "HX0123456789abcdef0123456789abcdef", "friendly_name": "t",
                               "language": "en", "variables": {"1": "Sam", "2": "x"}, "types": m});
        if let Some(a) = approval {
            v["approval_requests"] = a;
        }
        v
    })
}

/// The approval status of a raw item as Twilio means it: the nested `whatsapp` object where there
/// is one, else the flat object; a string, trimmed and lowercased; anything else unsubmitted.
fn raw_status(item: &Value) -> String {
    let a = &item["approval_requests"];
    let o = if a["whatsapp"].is_object() {
        &a["whatsapp"]
    } else {
        a
    };
    match o.get("status").and_then(Value::as_str).map(str::trim) {
        Some(s) if !s.is_empty() => s.to_ascii_lowercase(),
        _ => "unsubmitted".into(),
    }
}

/// The chart (spec/content-api.md, "What may be sent when"), applied to a raw item.
fn chart_allows(item: &Value, window_open: bool) -> bool {
    let types = item["types"].as_object().expect("generated with types");
    if types.keys().any(|k| !ORDER.contains(&k.as_str())) {
        return false; // cannot tell what WhatsApp would receive
    }
    let Some(ty) = ORDER.iter().rev().find(|t| types.contains_key(**t)) else {
        return false;
    };
    let status = raw_status(item);
    // The spec's list, not `content::STATUSES`: the oracle shares nothing with the code it checks.
    const KNOWN: [&str; 7] = [
        "unsubmitted",
        "received",
        "pending",
        "approved",
        "rejected",
        "paused",
        "disabled",
    ];
    if !KNOWN.contains(&status.as_str()) || status == "paused" || status == "disabled" {
        return false;
    }
    let approved = status == "approved";
    let buttons: Vec<&Value> = types[*ty]["actions"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let kind = |b: &Value| b["type"].as_str().unwrap_or("").to_ascii_uppercase();
    match *ty {
        "twilio/text" | "twilio/media" | "twilio/catalog" => approved || window_open,
        "twilio/quick-reply" => {
            let title_vars = buttons
                .iter()
                .any(|b| b["title"].as_str().is_some_and(|t| t.contains("{{")));
            if window_open {
                approved || buttons.len() <= 3
            } else {
                approved && !title_vars
            }
        }
        "twilio/location" | "twilio/list-picker" | "twilio/pay" => window_open,
        "twilio/call-to-action" | "twilio/card" | "whatsapp/card" => {
            let mut kinds: Vec<String> = buttons.iter().map(|b| kind(b)).collect();
            kinds.sort();
            kinds.dedup();
            let urls = buttons.iter().filter(|b| kind(b) == "URL").count();
            let phones = buttons.iter().filter(|b| kind(b) == "PHONE_NUMBER").count();
            let simple = buttons.len() <= 3 && kinds.len() <= 1 && urls <= 1 && phones == 0;
            approved || (window_open && simple)
        }
        _ => approved, // carousel, flows, whatsapp/authentication
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn no_import_makes_a_send_the_chart_forbids_allowed(items in prop::collection::vec(item(), 1..6)) {
        let page = json!({"contents": items, "meta": {"page": 0, "page_size": 50, "next_page_url": null}});
        let text = page.to_string();
        // Rust: the parsed templates.
        let r = parse_content_api(&text).expect("a page is an import");
        prop_assert_eq!(r.templates.len(), items.len(), "no item is dropped: {:?}", r.problems);
        // JS: the written result, each template read back as the JS exports read it.
        let mut out = String::new();
        write_content_api(&text, &mut out).expect("a page is an import");
        let written = Json::parse(&out).expect("the result is JSON");
        let Json::Array(written) = written else { panic!("templates are an array") };
        prop_assert_eq!(written.len(), items.len());
        for (i, ((raw, t), w)) in items.iter().zip(&r.templates).zip(&written).enumerate() {
            let back = ContentTemplate::from_json(w, "template").expect("a written template reads back");
            for open in [true, false] {
                let want = chart_allows(raw, open);
                let got = eligibility(t, open);
                prop_assert_eq!(got.allowed, want, "item {} (window open: {}): {} → {:?}", i, open, raw, got.reasons);
                prop_assert_eq!(eligibility(&back, open).allowed, want, "written item {} (window open: {})", i, open);
            }
        }
        // The unknown types are kept and reported, never dropped silently.
        for (i, raw) in items.iter().enumerate() {
            for k in raw["types"].as_object().into_iter().flat_map(|m| m.keys()) {
                if !ORDER.contains(&k.as_str()) {
                    prop_assert!(r.templates[i].types.iter().any(|t| t == k), "{} kept", k);
                    prop_assert!(r.problems.iter().any(|p| p.code() == content::CONTENT_TYPE_UNKNOWN
                        && p.path().is_some_and(|p| p.starts_with(&format!("contents[{i}]")))), "{} reported", k);
                }
            }
        }
    }
}
