//! Content API templates (`shared/spec/content-api.md`): parsing every input form, both approval
//! shapes, malformed items, limits; validation per type; every row of the approval chart and
//! every status; rendering of every field. The public fixture
//! `tests/vectors/content-and-approvals.json` (a copy of `shared/vectors/`) with all its expected
//! verdicts. Runs natively and in wasm.
#[macro_use]
#[path = "support/vectors.rs"]
mod vectors;
use serde_json::{json, Value};
use wa_guard::content::{
    self, eligibility, eligibility_of, parse_content_api, ActionSummary, ContentImport,
    ContentTemplate, Json,
};

use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURE: &str = include_str!("vectors/content-and-approvals.json");

fn sid(n: usize) -> String {
    format!("HX{n:032x}")
}

/// A ContentAndApprovals item with one type and a flat approval.
fn item(n: usize, ty: &str, def: Value, status: &str) -> Value {
    json!({
        "sid": sid(n), "account_sid": "AC00000000000000000000000000000000",
        "friendly_name": format!("t{n}"), "language": "en",
        "variables": {"1": "Sam"},
        "types": { ty: def },
        "date_created": "2026-02-10T08:00:00Z", "date_updated": "2026-02-11T09:30:00Z",
        "approval_requests": { "name": format!("t{n}"), "category": "UTILITY", "content_type": ty,
            "status": status, "rejection_reason": "", "allow_category_change": true }
    })
}

/// A core JSON tree as serde_json's, to index it in assertions.
fn sj(j: &Json) -> Value {
    serde_json::from_str(&j.to_json_string()).unwrap()
}

fn parse(v: &Value) -> ContentImport {
    parse_content_api(&v.to_string()).unwrap()
}

fn one(v: Value) -> (ContentTemplate, Vec<wa_guard::Error>) {
    let r = parse(&v);
    assert_eq!(r.templates.len(), 1, "{:?}", r.problems);
    (r.templates.into_iter().next().unwrap(), r.problems)
}

fn codes(p: &[wa_guard::Error]) -> Vec<&'static str> {
    p.iter().map(|e| e.code()).collect()
}

fn verdict(t: &ContentTemplate, open: bool) -> (bool, Vec<&'static str>) {
    let e = eligibility(t, open);
    (e.allowed, e.reasons.iter().map(|r| r.code).collect())
}

fn text_def() -> Value {
    json!({"body": "Hello {{1}}, your order has shipped and arrives soon."})
}

// ---------------------------------------------------------------------------------------------
// The public fixture
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn fixture_every_expected_verdict() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let page = f["page"].to_string();
    let r = parse_content_api(&page).unwrap();
    let expect = f["expect"].as_array().unwrap();
    assert_eq!(r.templates.len(), expect.len());
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    for (t, x) in r.templates.iter().zip(expect) {
        assert_eq!(t.sid, x["sid"].as_str().unwrap());
        assert_eq!(t.friendly_name, x["friendlyName"].as_str().unwrap());
        for (open, key) in [(false, "outsideWindow"), (true, "insideWindow")] {
            let e = eligibility(t, open);
            assert_eq!(
                e.allowed,
                x[key].as_bool().unwrap(),
                "{} {key}: {:?}",
                t.friendly_name,
                e.reasons
            );
            if !e.allowed {
                let want = x["reason"].as_str().unwrap();
                assert!(
                    e.reasons.iter().any(|r| r.code == want),
                    "{} {key}: {want} not in {:?}",
                    t.friendly_name,
                    e.reasons
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn fixture_fields_read() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    let t = &r.templates[0];
    assert_eq!(t.name, "appointment_reminder");
    assert_eq!(t.language, "en_GB");
    assert_eq!(t.content_type, "twilio/text");
    assert_eq!(t.types, ["twilio/text"]);
    assert_eq!(t.approval.status, "approved");
    assert_eq!(t.approval.category.as_deref(), Some("UTILITY"));
    assert_eq!(t.sample("2"), Some("10:30"));
    assert_eq!(t.variables, ["1", "2"]);
    assert_eq!(t.date_updated.as_deref(), Some("2026-02-11T09:30:00Z"));
    // Nested approval shape.
    let otp = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "otp_login")
        .unwrap();
    assert_eq!(otp.approval.status, "approved");
    assert_eq!(otp.approval.category.as_deref(), Some("AUTHENTICATION"));
    assert_eq!(otp.content_type, "whatsapp/authentication");
    // Unsubmitted: empty strings are none; the name falls back to the friendly name.
    let lp = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "size_picker")
        .unwrap();
    assert_eq!(lp.approval.status, "unsubmitted");
    assert_eq!(lp.approval.category, None);
    assert_eq!(lp.name, "size_picker");
    let rej = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "sale_teaser")
        .unwrap();
    assert_eq!(
        rej.approval.rejection_reason.as_deref(),
        Some("Rejected by WhatsApp: unclear purpose.")
    );
}

shared_copy!(
    fixture_copy_is_identical_to_the_shared_file,
    FIXTURE,
    "content-and-approvals.json"
);

// ---------------------------------------------------------------------------------------------
// Input forms
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn every_input_form() {
    let a = item(1, "twilio/text", text_def(), "approved");
    let b = item(2, "twilio/text", text_def(), "approved");
    let page = |xs: Vec<Value>, next: Value| json!({"contents": xs, "meta": {"page": 0, "page_size": 50, "next_page_url": next, "key": "contents"}});
    // One page.
    let r = parse(&page(vec![a.clone(), b.clone()], Value::Null));
    assert_eq!(r.templates.len(), 2);
    // An array of pages (paging): paths name the page.
    let r = parse(&json!([
        page(
            vec![a.clone()],
            json!("https://content.twilio.com/v1/ContentAndApprovals?Page=1")
        ),
        page(vec![b.clone(), json!(7)], Value::Null)
    ]));
    assert_eq!(r.templates.len(), 2);
    assert_eq!(r.problems[0].path(), Some("[1].contents[1]"));
    assert_eq!(r.problems[0].code(), "CONTENT_ITEM_INVALID");
    // An array of items.
    let r = parse(&json!([a.clone(), b.clone()]));
    assert_eq!(r.templates.len(), 2);
    // One item.
    let r = parse(&a);
    assert_eq!(r.templates.len(), 1);
    assert_eq!(r.templates[0].sid, sid(1));
    // GET /v1/Content items: url and links, no approvals: unsubmitted.
    let mut c = a.clone();
    c.as_object_mut().unwrap().remove("approval_requests");
    c["url"] = json!("https://content.twilio.com/v1/Content/HX…");
    c["links"] = json!({"approval_create": "…", "approval_fetch": "…"});
    let (t, p) = one(json!({"contents": [c], "meta": {}}));
    assert_eq!(t.approval.status, "unsubmitted");
    assert!(p.is_empty(), "{p:?}");
    // An empty page.
    assert!(parse(&json!({"contents": [], "meta": {}}))
        .templates
        .is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn not_a_page_is_content_api_invalid_with_a_path() {
    for (input, path) in [
        ("42", "input"),
        ("\"x\"", "input"),
        ("null", "input"),
        ("{\"meta\": {}}", "input"),
        ("{\"contents\": {}}", "contents"),
        ("{\"contents\": null}", "contents"),
        ("[{\"contents\": 5}]", "[0].contents"),
        ("{\"contents\": [", "input"),
        ("", "input"),
    ] {
        let e = parse_content_api(input).unwrap_err();
        assert_eq!(e.code(), "CONTENT_API_INVALID", "{input}");
        assert_eq!(e.path(), Some(path), "{input}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn limits_are_input_too_large_before_work() {
    let big = " ".repeat(content::MAX_IMPORT_BYTES + 1);
    let e = parse_content_api(&big).unwrap_err();
    assert_eq!(e.code(), "INPUT_TOO_LARGE");
    // 50,001 items (tiny ones: the count is checked before any item is read).
    let many = format!("[{}0]", "0,".repeat(content::MAX_IMPORT_TEMPLATES));
    let e = parse_content_api(&many).unwrap_err();
    assert_eq!(e.code(), "INPUT_TOO_LARGE");
    let many = format!(
        "{{\"contents\":[{}0]}}",
        "0,".repeat(content::MAX_IMPORT_TEMPLATES)
    );
    assert_eq!(
        parse_content_api(&many).unwrap_err().code(),
        "INPUT_TOO_LARGE"
    );
    // Exactly 50,000 is fine (each a problem, none a template).
    let ok = format!("[{}0]", "0,".repeat(content::MAX_IMPORT_TEMPLATES - 1));
    let r = parse_content_api(&ok).unwrap();
    assert_eq!(r.problems.len(), content::MAX_IMPORT_TEMPLATES);
}

#[wasm_bindgen_test(unsupported = test)]
fn malformed_items_are_problems_with_paths_not_the_end() {
    let good = item(1, "twilio/text", text_def(), "approved");
    let mut no_sid = good.clone();
    no_sid["sid"] = Value::Null;
    let mut bad_sid = good.clone();
    bad_sid["sid"] = json!("HX123");
    let mut no_types = good.clone();
    no_types["types"] = json!("twilio/text");
    let mut empty_types = good.clone();
    empty_types["types"] = json!({});
    let mut bad_def = good.clone();
    bad_def["types"] = json!({"twilio/text": "Hello"});
    let r = parse(
        &json!({"contents": [good, no_sid, bad_sid, no_types, empty_types, bad_def, [], "x"]}),
    );
    assert_eq!(r.templates.len(), 1);
    let got: Vec<(&str, &str)> = r
        .problems
        .iter()
        .map(|p| (p.code(), p.path().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("CONTENT_ITEM_INVALID", "contents[1].sid"),
            ("CONTENT_ITEM_INVALID", "contents[2].sid"),
            ("CONTENT_ITEM_INVALID", "contents[3].types"),
            ("CONTENT_ITEM_INVALID", "contents[4].types"),
            (
                "CONTENT_FIELD_INVALID",
                "contents[5].types[\"twilio/text\"]"
            ),
            ("CONTENT_ITEM_INVALID", "contents[5].types"),
            ("CONTENT_ITEM_INVALID", "contents[6]"),
            ("CONTENT_ITEM_INVALID", "contents[7]"),
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn nulls_and_unknown_keys_tolerated() {
    let mut v = item(
        1,
        "twilio/text",
        json!({"body": "Hello {{1}}, your order has shipped today.", "chip_list": null, "orientation": "VERTICAL"}),
        "approved",
    );
    v["friendly_name"] = Value::Null;
    v["variables"] = Value::Null;
    v["date_updated"] = Value::Null;
    v["something_new"] = json!({"a": [1, 2.5e300, -0.0]});
    v["approval_requests"]["rejection_reason"] = Value::Null;
    v["approval_requests"]["flows"] = Value::Null;
    v["approval_requests"]["type"] = json!("whatsapp");
    let (t, p) = one(v);
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(t.friendly_name, "");
    assert_eq!(t.name, "t1");
    assert_eq!(sj(&t.definitions)["twilio/text"]["orientation"], "VERTICAL");
    // Numbers come back exactly as they were written.
    assert!(t
        .definitions
        .to_json_string()
        .contains("\"orientation\":\"VERTICAL\""));
    // Wrong types for known keys are problems, the template stays.
    let mut v = item(1, "twilio/text", text_def(), "approved");
    v["friendly_name"] = json!(5);
    v["variables"] = json!({"1": 5});
    let (_, p) = one(v);
    assert_eq!(
        p.iter()
            .map(|e| (e.code(), e.path().unwrap()))
            .collect::<Vec<_>>(),
        [
            ("CONTENT_FIELD_INVALID", "friendly_name"),
            ("CONTENT_FIELD_INVALID", "variables.1")
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Approvals: both shapes, every status, categories
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test(unsupported = test)]
fn flat_and_nested_approvals_read_the_same() {
    let flat = item(1, "twilio/text", text_def(), "rejected");
    let mut nested = flat.clone();
    let a = nested["approval_requests"].clone();
    nested["approval_requests"] = json!({ "whatsapp": a });
    let (t1, _) = one(flat);
    let (t2, _) = one(nested);
    assert_eq!(t1.approval, t2.approval);
    assert_eq!(t1.approval.status, "rejected");
    // Missing, null, {} and empty strings: unsubmitted.
    for ap in [
        None,
        Some(Value::Null),
        Some(json!({})),
        Some(json!({"whatsapp": {}})),
        Some(json!({"status": ""})),
    ] {
        let mut v = item(1, "twilio/text", text_def(), "approved");
        match ap {
            None => {
                v.as_object_mut().unwrap().remove("approval_requests");
            }
            Some(a) => v["approval_requests"] = a,
        }
        let (t, p) = one(v);
        assert_eq!(t.approval.status, "unsubmitted");
        assert!(p.is_empty(), "{p:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn every_status_on_a_text_template() {
    for (status, outside, inside, reason) in [
        ("approved", true, true, None),
        ("unsubmitted", false, true, Some("TEMPLATE_NOT_APPROVED")),
        ("received", false, true, Some("TEMPLATE_NOT_APPROVED")),
        ("pending", false, true, Some("TEMPLATE_NOT_APPROVED")),
        ("rejected", false, true, Some("TEMPLATE_NOT_APPROVED")),
        ("paused", false, false, Some("TEMPLATE_PAUSED")),
        ("disabled", false, false, Some("TEMPLATE_DISABLED")),
        ("APPROVED", true, true, None),
        ("archived", false, false, Some("TEMPLATE_NOT_APPROVED")),
    ] {
        let (t, p) = one(item(1, "twilio/text", text_def(), status));
        assert_eq!(p.is_empty(), status != "archived", "{status} {p:?}");
        for (open, want) in [(false, outside), (true, inside)] {
            let (ok, rs) = verdict(&t, open);
            assert_eq!(ok, want, "{status} open={open} {rs:?}");
            if let Some(r) = reason.filter(|_| !want) {
                assert!(rs.contains(&r), "{status} open={open} {rs:?}");
            }
        }
    }
    // Paused and disabled are refused for an approved type of every kind.
    for ty in [
        "twilio/media",
        "twilio/list-picker",
        "whatsapp/authentication",
    ] {
        for (status, code) in [
            ("paused", "TEMPLATE_PAUSED"),
            ("disabled", "TEMPLATE_DISABLED"),
        ] {
            let e = eligibility_of(ty, status, &ActionSummary::default(), true);
            assert!(!e.allowed);
            assert_eq!(e.reasons[0].code, code);
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn categories_current_and_legacy() {
    let mut v = item(1, "twilio/text", text_def(), "approved");
    v["approval_requests"]["category"] = json!("TRANSACTIONAL");
    let (t, p) = one(v);
    assert_eq!(t.approval.category.as_deref(), Some("TRANSACTIONAL"));
    assert_eq!(t.approval.template_category(), None);
    assert_eq!(codes(&p), ["TEMPLATE_CATEGORY_UNKNOWN"]);
    assert_eq!(p[0].path(), Some("approval_requests.category"));
    let mut v = item(1, "twilio/text", text_def(), "approved");
    v["approval_requests"]["category"] = json!("MARKETING");
    let (t, _) = one(v);
    assert_eq!(
        t.approval.template_category(),
        Some(wa_guard::template::Category::Marketing)
    );
}

// ---------------------------------------------------------------------------------------------
// The chart: every row
// ---------------------------------------------------------------------------------------------

/// The summary the core makes of buttons of these kinds (`ActionSummary::add`).
fn cased(kinds: &[&'static str]) -> ActionSummary {
    let (mut s, mut seen) = (ActionSummary::default(), Vec::new());
    for k in kinds {
        s.add(&mut seen, k, Some("Go"));
    }
    s
}

fn summary(n: usize, kinds: &[&str]) -> ActionSummary {
    ActionSummary {
        count: n,
        urls: kinds.iter().filter(|k| **k == "URL").count(),
        phones: kinds.iter().filter(|k| **k == "PHONE_NUMBER").count(),
        kinds: {
            let mut k = kinds.to_vec();
            k.sort();
            k.dedup();
            k.len()
        },
        title_vars: false,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn chart_row_text_media_quick_reply_catalog() {
    for ty in [
        "twilio/text",
        "twilio/media",
        "twilio/quick-reply",
        "twilio/catalog",
    ] {
        let s = summary(2, &["", ""]);
        assert!(eligibility_of(ty, "approved", &s, false).allowed, "{ty}");
        assert!(eligibility_of(ty, "approved", &s, true).allowed, "{ty}");
        assert!(eligibility_of(ty, "pending", &s, true).allowed, "{ty}");
        let e = eligibility_of(ty, "pending", &s, false);
        assert!(!e.allowed);
        assert_eq!(e.reasons[0].code, "TEMPLATE_NOT_APPROVED");
        assert_eq!(e.reasons[0].twilio_error, Some(63016));
    }
    // An unapproved quick-reply in session: at most 3 buttons.
    let e = eligibility_of(
        "twilio/quick-reply",
        "unsubmitted",
        &summary(4, &["", "", "", ""]),
        true,
    );
    assert_eq!(
        e.reasons.iter().map(|r| r.code).collect::<Vec<_>>(),
        ["TEMPLATE_APPROVAL_REQUIRED"]
    );
    assert!(
        eligibility_of(
            "twilio/quick-reply",
            "approved",
            &summary(4, &["", "", "", ""]),
            true
        )
        .allowed
    );
    // Placeholders in quick-reply titles: session only.
    let mut s = summary(2, &["", ""]);
    s.title_vars = true;
    assert!(eligibility_of("twilio/quick-reply", "approved", &s, true).allowed);
    let e = eligibility_of("twilio/quick-reply", "approved", &s, false);
    assert_eq!(e.reasons[0].code, "TEMPLATE_SESSION_ONLY");
}

#[wasm_bindgen_test(unsupported = test)]
fn chart_row_location_list_picker_pay() {
    for ty in ["twilio/location", "twilio/list-picker", "twilio/pay"] {
        for status in ["approved", "unsubmitted", "rejected"] {
            let s = ActionSummary::default();
            assert!(
                eligibility_of(ty, status, &s, true).allowed,
                "{ty} {status}"
            );
            let e = eligibility_of(ty, status, &s, false);
            assert!(!e.allowed);
            assert!(e
                .reasons
                .iter()
                .any(|r| r.code == "TEMPLATE_SESSION_ONLY" && r.twilio_error == Some(63016)));
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn chart_row_call_to_action_card_whatsapp_card() {
    for ty in ["twilio/call-to-action", "twilio/card", "whatsapp/card"] {
        // Approved: anywhere, any buttons.
        let many = summary(4, &["URL", "URL", "PHONE_NUMBER", "COPY_CODE"]);
        assert!(eligibility_of(ty, "approved", &many, false).allowed);
        assert!(eligibility_of(ty, "approved", &many, true).allowed);
        // Unapproved, inside: only ≤ 3 buttons of one kind, ≤ 1 URL, no phone.
        for (s, ok) in [
            (summary(0, &[]), true),
            (summary(1, &["URL"]), true),
            (summary(3, &["QUICK_REPLY"; 3]), true),
            (summary(3, &["COPY_CODE"; 3]), true),
            (summary(4, &["QUICK_REPLY"; 4]), false),
            (summary(2, &["URL", "URL"]), false),
            (summary(2, &["URL", "COPY_CODE"]), false),
            (summary(1, &["PHONE_NUMBER"]), false),
            // Kinds in another case are the same kinds (a case is no way around the chart).
            (cased(&["url", "URL"]), false),
            (cased(&["phone_number"]), false),
            (cased(&["Quick_Reply", "QUICK_REPLY"]), true),
        ] {
            let e = eligibility_of(ty, "unsubmitted", &s, true);
            assert_eq!(e.allowed, ok, "{ty} {s:?}");
            if !ok {
                assert_eq!(e.reasons[0].code, "TEMPLATE_APPROVAL_REQUIRED");
            }
            // Outside: only approved.
            let e = eligibility_of(ty, "unsubmitted", &s, false);
            assert!(!e.allowed);
            let want = if ok {
                "TEMPLATE_NOT_APPROVED"
            } else {
                "TEMPLATE_APPROVAL_REQUIRED"
            };
            assert_eq!(e.reasons[0].code, want, "{ty} {s:?}");
            assert_eq!(e.reasons[0].twilio_error, Some(63016));
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn chart_row_carousel_flows_authentication() {
    for ty in ["twilio/carousel", "twilio/flows", "whatsapp/authentication"] {
        assert!(eligibility_of(ty, "approved", &ActionSummary::default(), false).allowed);
        assert!(eligibility_of(ty, "approved", &ActionSummary::default(), true).allowed);
        for status in ["unsubmitted", "pending", "rejected", "received"] {
            for open in [true, false] {
                let e = eligibility_of(ty, status, &ActionSummary::default(), open);
                assert!(!e.allowed);
                assert_eq!(
                    e.reasons[0].code, "TEMPLATE_APPROVAL_REQUIRED",
                    "{ty} {status}"
                );
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn unknown_type_is_kept_reported_and_refused() {
    let (t, p) = one(item(
        1,
        "twilio/hologram",
        json!({"body": "hi"}),
        "approved",
    ));
    assert_eq!(t.content_type, "twilio/hologram");
    assert_eq!(codes(&p), ["CONTENT_TYPE_UNKNOWN"]);
    assert_eq!(p[0].path(), Some("types[\"twilio/hologram\"]"));
    for open in [true, false] {
        let (ok, rs) = verdict(&t, open);
        assert!(!ok);
        assert_eq!(rs, ["CONTENT_TYPE_UNKNOWN"]);
    }
    // Next to a known type, the unknown one still decides (conservatively).
    let mut v = item(1, "twilio/text", text_def(), "approved");
    v["types"]["whatsapp/new"] = json!({});
    let (t, _) = one(v);
    assert_eq!(t.types, ["twilio/text", "whatsapp/new"]);
    assert!(!eligibility(&t, true).allowed);
}

#[wasm_bindgen_test(unsupported = test)]
fn received_type_follows_twilios_complexity_order() {
    let mut v = item(1, "twilio/text", text_def(), "approved");
    v["types"]["twilio/quick-reply"] = json!({"body": "Hello {{1}}, how was our support today?", "actions": [{"title": "Good", "id": "g"}]});
    v["types"]["twilio/media"] = json!({"body": "Hello {{1}}, here is your invoice for this month.", "media": ["https://example.com/i.pdf"]});
    let (t, p) = one(v);
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(t.content_type, "twilio/quick-reply");
    assert_eq!(
        t.types,
        ["twilio/text", "twilio/media", "twilio/quick-reply"]
    );
    assert_eq!(
        t.text_fallback(),
        Some("Hello {{1}}, your order has shipped and arrives soon.")
    );
    assert_eq!(t.body(), Some("Hello {{1}}, how was our support today?"));
}

#[wasm_bindgen_test(unsupported = test)]
fn an_import_cannot_make_a_forbidden_send_allowed() {
    // A list-picker that claims approval, a paused template with approval fields set twice, a
    // status in another case: never allowed outside the window.
    let mut v = item(
        1,
        "twilio/list-picker",
        json!({"body": "Pick one of these sizes please", "button": "Pick", "items": [{"item": "S", "id": "s"}]}),
        "approved",
    );
    v["approval_requests"]["whatsapp"] = json!({"status": "approved"});
    let (t, _) = one(v);
    assert!(!eligibility(&t, false).allowed);
    let mut v = item(2, "twilio/text", text_def(), "approved");
    v["approval_requests"] = json!({"whatsapp": {"status": "paused"}, "status": "approved"});
    let (t, _) = one(v);
    assert!(!eligibility(&t, true).allowed);
    let (t, _) = one(item(3, "twilio/text", text_def(), " Paused "));
    assert!(!eligibility(&t, true).allowed);
}

// ---------------------------------------------------------------------------------------------
// Validation per type
// ---------------------------------------------------------------------------------------------

fn problems_of(ty: &str, def: Value) -> Vec<(&'static str, String)> {
    let r = parse(&item(1, ty, def, "approved"));
    r.problems
        .iter()
        .map(|p| (p.code(), p.path().map(str::to_string).unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn valid_definitions_of_every_type_have_no_problems() {
    for (ty, def) in [
        ("twilio/text", text_def()),
        (
            "twilio/media",
            json!({"body": "Hello {{1}}, here is your invoice for this month.", "media": ["https://example.com/invoices/{{2}}.pdf"]}),
        ),
        (
            "twilio/location",
            json!({"latitude": 51.5072, "longitude": -0.1276, "label": "Our shop for {{1}}", "address": "1 Main St"}),
        ),
        (
            "twilio/quick-reply",
            json!({"body": "Hi {{1}}, how would you rate our support today?", "actions": [{"title": "Great", "id": "r5"}, {"title": "Poor", "id": "r1_{{1}}"}]}),
        ),
        (
            "twilio/call-to-action",
            json!({"body": "Hi {{1}}, your order is on its way to you.", "actions": [{"type": "URL", "title": "Track", "url": "https://example.com/track/{{2}}"}, {"type": "PHONE_NUMBER", "title": "Call", "phone": "+442071838750"}, {"type": "COPY_CODE", "title": "Copy", "code": "{{3}}"}]}),
        ),
        (
            "twilio/list-picker",
            json!({"body": "Hi {{1}}, which size would you like today?", "button": "Sizes", "items": [{"item": "S", "id": "s", "description": "Small {{1}}"}]}),
        ),
        (
            "twilio/card",
            json!({"title": "Hi {{1}}, your order shipped", "subtitle": "Reply STOP to opt out", "media": ["https://example.com/{{2}}.jpg"], "actions": [{"type": "URL", "title": "Track", "url": "https://example.com/t/{{3}}"}]}),
        ),
        (
            "twilio/carousel",
            json!({"body": "Hi {{1}}, here are the deals of this week for you.", "cards": [{"title": "Shoes", "body": "Half price", "media": "https://example.com/{{2}}.png", "actions": [{"type": "URL", "title": "Buy", "url": "https://example.com/b/{{3}}"}]}]}),
        ),
        (
            "twilio/catalog",
            json!({"body": "Hi {{1}}, have a look at our new catalog today.", "title": "Catalog", "id": "123", "items": [{"id": "a"}]}),
        ),
        (
            "twilio/flows",
            json!({"body": "Hi {{1}}, please complete the short survey below.", "button_text": "Start", "subtitle": "2 minutes", "pages": []}),
        ),
        (
            "whatsapp/card",
            json!({"body": "Hi {{1}}, your order has shipped and arrives soon.", "footer": "Thanks", "header_text": "Order {{2}}", "actions": [{"type": "URL", "title": "Track", "url": "https://example.com/t/{{3}}"}]}),
        ),
        (
            "whatsapp/authentication",
            json!({"body": "{{1}}", "add_security_recommendation": true, "code_expiration_minutes": 10, "actions": [{"type": "COPY_CODE", "copy_code_text": "Copy code"}]}),
        ),
        ("twilio/pay", json!({"anything": "goes"})),
    ] {
        assert_eq!(problems_of(ty, def), [], "{ty}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn placeholder_placement_rules() {
    let t = "types[\"twilio/call-to-action\"]";
    let cta = |url: &str| json!({"body": "Hi {{1}}, your order is on its way to you.", "actions": [{"type": "URL", "title": "Track", "url": url}]});
    for url in [
        "https://example.com/{{1}}/x",
        "https://example.com/a{{1}}",
        "https://{{1}}/x",
        "https://example.com/{{1}}{{2}}",
        "https://example.com/?q={{1}}",
    ] {
        assert_eq!(
            problems_of("twilio/call-to-action", cta(url))
                .first()
                .map(|p| p.0),
            Some("CONTENT_URL_VARIABLE_POSITION"),
            "{url}"
        );
    }
    let p = problems_of("twilio/call-to-action", cta("https://example.com/{{1}}/x"));
    assert_eq!(p[0].1, format!("{t}.actions[0].url"));
    // Media: only after the domain.
    for (m, bad) in [
        ("https://{{1}}.example.com/a.jpg", true),
        ("https://example.com/{{1}}.jpg", false),
        ("{{1}}", true),
    ] {
        let p = problems_of(
            "twilio/media",
            json!({"body": "Here is the picture you asked us for.", "media": [m]}),
        );
        assert_eq!(
            p.iter().any(|x| x.0 == "CONTENT_MEDIA_VARIABLE_POSITION"),
            bad,
            "{m} {p:?}"
        );
    }
    // Never in footers, phone numbers, card subtitles, button titles.
    let p = problems_of(
        "whatsapp/card",
        json!({"body": "Hi {{1}}, your order has shipped and arrives soon.", "footer": "Bye {{2}}"}),
    );
    assert_eq!(
        p,
        [(
            "CONTENT_VARIABLE_NOT_ALLOWED",
            "types[\"whatsapp/card\"].footer".to_string()
        )]
    );
    let p = problems_of(
        "twilio/call-to-action",
        json!({"body": "Hi {{1}}, call us about your order today.", "actions": [{"type": "PHONE_NUMBER", "title": "Call", "phone": "+44{{2}}"}]}),
    );
    assert_eq!(p[0].0, "CONTENT_VARIABLE_NOT_ALLOWED");
    let p = problems_of(
        "twilio/card",
        json!({"title": "Hi {{1}}", "subtitle": "{{2}}"}),
    );
    assert_eq!(
        p,
        [(
            "CONTENT_VARIABLE_NOT_ALLOWED",
            "types[\"twilio/card\"].subtitle".to_string()
        )]
    );
    // Quick-reply titles: reported (session only).
    let p = problems_of(
        "twilio/quick-reply",
        json!({"body": "Hi {{1}}, how would you rate our support today?", "actions": [{"title": "Hi {{1}}", "id": "a"}]}),
    );
    assert_eq!(
        p,
        [(
            "CONTENT_VARIABLE_NOT_ALLOWED",
            "types[\"twilio/quick-reply\"].actions[0].title".to_string()
        )]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn limits_counts_and_meta_body_rules() {
    let long = "x".repeat(641);
    let p = problems_of(
        "twilio/call-to-action",
        json!({"body": long, "actions": [{"type": "URL", "title": "T", "url": "https://e.com"}]}),
    );
    assert_eq!(p[0].0, "CONTENT_FIELD_TOO_LONG");
    let r = parse(&item(
        1,
        "twilio/call-to-action",
        json!({"body": "x".repeat(641), "actions": [{"type": "URL", "title": "T", "url": "https://e.com"}]}),
        "approved",
    ));
    assert_eq!(
        r.problems[0].span().map(|s| (s.start, s.end)),
        Some((640, 641))
    );
    // Too many buttons / URLs / phones.
    let url = json!({"type": "URL", "title": "T", "url": "https://e.com"});
    let ph = json!({"type": "PHONE_NUMBER", "title": "C", "phone": "+442071838750"});
    let p = problems_of(
        "twilio/call-to-action",
        json!({"body": "Hi there, our links are below for you.", "actions": [url, url, url, ph, ph]}),
    );
    assert_eq!(
        p.iter().filter(|x| x.0 == "CONTENT_ITEM_COUNT").count(),
        2,
        "{p:?}"
    );
    let p = problems_of(
        "twilio/list-picker",
        json!({"body": "Pick one of these sizes please", "button": "B", "items": []}),
    );
    assert_eq!(
        p,
        [(
            "CONTENT_ITEM_COUNT",
            "types[\"twilio/list-picker\"].items".to_string()
        )]
    );
    let p = problems_of(
        "twilio/list-picker",
        json!({"body": "Pick one of these sizes please", "button": "B", "items": [{"item": "x".repeat(25), "id": "a"}]}),
    );
    assert_eq!(
        p,
        [(
            "CONTENT_FIELD_TOO_LONG",
            "types[\"twilio/list-picker\"].items[0].item".to_string()
        )]
    );
    // Missing fields and wrong types.
    let p = problems_of("twilio/text", json!({"body": ""}));
    assert_eq!(p[0].0, "CONTENT_FIELD_MISSING");
    let p = problems_of("twilio/text", json!({"body": 5}));
    assert_eq!(p[0].0, "CONTENT_FIELD_INVALID");
    let p = problems_of("twilio/location", json!({"latitude": 91, "longitude": "x"}));
    assert_eq!(
        p.iter().map(|x| x.0).collect::<Vec<_>>(),
        ["CONTENT_FIELD_INVALID", "CONTENT_FIELD_INVALID"]
    );
    let p = problems_of(
        "whatsapp/authentication",
        json!({"code_expiration_minutes": 91, "actions": [{"type": "COPY_CODE"}]}),
    );
    assert_eq!(p[0].0, "CONTENT_FIELD_INVALID");
    let p = problems_of(
        "twilio/call-to-action",
        json!({"body": "Hi there, our links are below for you.", "actions": [{"type": "TELEPORT", "title": "T"}]}),
    );
    assert_eq!(
        p[0],
        (
            "CONTENT_ACTION_UNKNOWN",
            "types[\"twilio/call-to-action\"].actions[0].type".to_string()
        )
    );
    // Meta's body rules, with spans, via template::body_problems.
    let r = parse(&item(
        1,
        "twilio/text",
        json!({"body": "{{1}} {{3}}"}),
        "approved",
    ));
    let got: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.code(), p.path().unwrap()))
        .collect();
    assert!(
        got.contains(&(
            "TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL",
            "types[\"twilio/text\"].body"
        )),
        "{got:?}"
    );
    assert!(got.contains(&(
        "TEMPLATE_PLACEHOLDER_AT_START",
        "types[\"twilio/text\"].body"
    )));
    let ns = r
        .problems
        .iter()
        .find(|p| p.code() == "TEMPLATE_PLACEHOLDER_NOT_SEQUENTIAL")
        .unwrap();
    assert_eq!(ns.span().map(|s| (s.start, s.end)), Some((6, 11)));
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

fn vals<'a>(kv: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    kv.to_vec()
}

#[wasm_bindgen_test(unsupported = test)]
fn render_every_field() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    let pay = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "pay_link")
        .unwrap();
    let out = content::render(pay, &vals(&[("1", "Ana"), ("2", "inv-91")])).unwrap();
    let fields = sj(&out.fields);
    assert_eq!(
        out.text,
        "Hi Ana, your invoice is ready. You can pay it online with the button below."
    );
    assert_eq!(
        fields["actions"][0]["url"],
        "https://pay.example.com/i/inv-91"
    );
    assert_eq!(fields["actions"][1]["phone"], "+442071838750");
    assert_eq!(
        out.content_sid,
        "HXa7d1cbda6cda5b1f2f7c4c0058ebfbee"
            .to_ascii_lowercase()
            .replacen("hx", "HX", 1)
    );
    assert_eq!(out.content_variables, r#"{"1":"Ana","2":"inv-91"}"#);
    assert_eq!(out.content_type, "twilio/call-to-action");
    // Lists, media, header.
    let (t, _) = one(item(
        1,
        "whatsapp/card",
        json!({"body": "Hi {{1}}, your order has shipped and arrives soon.", "header_text": "Order {{2}}", "media": ["https://example.com/p/{{3}}.jpg"], "actions": [{"type": "URL", "title": "Track", "url": "https://example.com/t/{{2}}"}]}),
        "approved",
    ));
    let out = content::render(&t, &vals(&[("1", "Ana"), ("2", "A-12"), ("3", "box")])).unwrap();
    let fields = sj(&out.fields);
    assert_eq!(fields["header_text"], "Order A-12");
    assert_eq!(fields["media"][0], "https://example.com/p/box.jpg");
    assert_eq!(fields["actions"][0]["url"], "https://example.com/t/A-12");
    let (t, _) = one(item(
        1,
        "twilio/list-picker",
        json!({"body": "Hi {{1}}, which size would you like today?", "button": "Sizes", "items": [{"item": "S for {{1}}", "id": "s"}]}),
        "approved",
    ));
    let out = content::render(&t, &vals(&[("1", "Ana")])).unwrap();
    assert_eq!(sj(&out.fields)["items"][0]["item"], "S for Ana");
    // The result's JSON text, as JS gets it.
    let v: Value = serde_json::from_str(&out.to_json_string()).unwrap();
    assert_eq!(v["contentVariables"], "{\"1\":\"Ana\"}");
    assert_eq!(v["fields"]["items"][0]["item"], "S for Ana");
}

#[wasm_bindgen_test(unsupported = test)]
fn render_refuses_missing_values_naming_the_sample() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    let t = &r.templates[0];
    let e = content::render(t, &vals(&[("1", "Ana")])).unwrap_err();
    assert_eq!(e.code(), "VARIABLES_INVALID");
    assert_eq!(e.problems()[0].code(), "VARIABLE_MISSING");
    assert_eq!(e.problems()[0].path(), Some("variables.2"));
    assert!(
        e.problems()[0].message().contains("\"10:30\""),
        "{}",
        e.problems()[0].message()
    );
    let e = content::render(t, &vals(&[("1", "Ana"), ("2", "10:00"), ("3", "x")])).unwrap_err();
    assert_eq!(e.problems()[0].code(), "VARIABLE_EXTRA");
    let e = content::render(t, &vals(&[("1", "A\nB"), ("2", " ")])).unwrap_err();
    assert_eq!(
        e.problems().iter().map(|p| p.code()).collect::<Vec<_>>(),
        ["VARIABLE_NEWLINE", "VARIABLE_EMPTY"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn render_url_values_auth_codes_and_rendered_length() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    let pay = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "pay_link")
        .unwrap();
    let e = content::render(pay, &vals(&[("1", "Ana"), ("2", "inv 91")])).unwrap_err();
    assert_eq!(e.problems()[0].code(), "VARIABLE_URL_INVALID");
    assert_eq!(e.problems()[0].span().map(|s| s.start), Some(3));
    // The same value in the body is fine.
    assert!(content::render(pay, &vals(&[("1", "Ana Lee"), ("2", "inv-91")])).is_ok());
    let otp = r
        .templates
        .iter()
        .find(|t| t.friendly_name == "otp_login")
        .unwrap();
    let ok = content::render(otp, &vals(&[("1", "12345678901234")])).unwrap();
    assert_eq!(ok.text, "12345678901234");
    let e = content::render(otp, &vals(&[("1", "123456789012345")])).unwrap_err();
    assert_eq!(e.problems()[0].code(), "VARIABLE_CODE_TOO_LONG");
    // Rendered text past 1,024 characters.
    let t = &r.templates[0];
    let e = content::render(t, &vals(&[("1", &"a".repeat(1000)), ("2", "10:00")])).unwrap_err();
    assert_eq!(e.problems()[0].code(), "TEMPLATE_RENDERED_TOO_LONG");
    assert_eq!(e.problems()[0].path(), Some("text"));
    assert!(content::render(t, &vals(&[("1", &"a".repeat(900)), ("2", "10:00")])).is_ok());
}

#[wasm_bindgen_test(unsupported = test)]
fn templates_round_trip_through_json() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    for t in &r.templates {
        let mut s = String::new();
        t.write_json(&mut s);
        // serde (native users) and the hand-written writer agree.
        let a: Value = serde_json::from_str(&s).unwrap();
        let b: Value = serde_json::to_value(t).unwrap();
        assert_eq!(a, b);
        let back = ContentTemplate::from_json(&Json::parse(&s).unwrap(), "template").unwrap();
        assert_eq!(&back, t);
    }
    // What is recomputed is not trusted: a dropped placeholder, a chosen type.
    let t = &r.templates[0];
    let mut v: Value = serde_json::to_value(t).unwrap();
    v["variables"] = serde_json::json!([]);
    v["contentType"] = serde_json::json!("twilio/nothing");
    let back =
        ContentTemplate::from_json(&Json::parse(&v.to_string()).unwrap(), "template").unwrap();
    assert_eq!(back.variables, ["1", "2"]);
    assert_eq!(back.content_type, "twilio/text");
    let e =
        ContentTemplate::from_json(&Json::parse("{\"sid\": 5}").unwrap(), "template").unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("INVALID_ARGUMENT", Some("template.sid"))
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn json_parser_agrees_with_serde_json() {
    for text in [
        "null",
        "true",
        " [1, -0.5, 2.5e300, 0, -0, 1E-2] ",
        "{\"a\": {\"b\": [\"x\\u00e9\\ud83d\\ude00\\n\\\"\"]}}",
        "\"\\/\\b\\f\\r\\t\"",
        "{}",
        "[]",
        "{\"k\": 1, \"k\": 2}",
        "\"héllo ✓\"",
    ] {
        let ours = Json::parse(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(sj(&ours), theirs, "{text}");
    }
    for bad in [
        "",
        "nul",
        "[1,]",
        "{\"a\" 1}",
        "01",
        "1.",
        "-",
        "1e",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"a",
        "[1] x",
        "{\"a\":1,}",
        "\"\u{1}\"",
        "{1: 2}",
    ] {
        assert!(Json::parse(bad).is_err(), "{bad:?}");
        assert!(
            serde_json::from_str::<Value>(bad).is_err(),
            "oracle: {bad:?}"
        );
    }
    // Nesting is bounded (no stack overflow on hostile input).
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert_eq!(Json::parse(&deep).unwrap_err().message, "nested too deeply");
    let ok = "[".repeat(128) + &"]".repeat(128);
    assert!(Json::parse(&ok).is_ok());
    // Numbers are kept as written.
    assert_eq!(
        Json::parse("[-0.1276,5,2.5e300]").unwrap().to_json_string(),
        "[-0.1276,5,2.5e300]"
    );
}

/// Results are written in ASCII (what JS decodes fastest); the values are unchanged.
#[wasm_bindgen_test(unsupported = test)]
fn json_is_written_in_ascii_with_the_same_values() {
    let text = r#"{"k\u00e9y":["plain","caf\u00e9 \ud83d\ude00","q\"b\\s\n\r\t\b\f\u0001/","x\u007f\u2028"],"é":"ü"}"#;
    let j = Json::parse(text).unwrap();
    let out = j.to_json_string();
    assert!(out.is_ascii(), "{out}");
    let a: Value = serde_json::from_str(&out).unwrap();
    let b: Value = serde_json::from_str(text).unwrap();
    assert_eq!(a, b);
    assert!(out.contains(r#""caf\u00e9 \ud83d\ude00""#), "{out}");
    // The tree borrows the text; an owned copy outlives it.
    let owned = {
        let t = String::from(text);
        let j = Json::parse(&t).unwrap();
        assert_eq!(j.to_owned_json(), j);
        j.into_owned()
    };
    assert_eq!(owned, Json::parse(text).unwrap());
    // A whole import: every template's JSON is ASCII and reads back to the same template.
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut x = item(
        1,
        "twilio/text",
        json!({"body": "Olá {{1}}, até já 😀 \"ok\""}),
        "approved",
    );
    x["variables"] = json!({"1": "Zoë"});
    for t in parse(&f["page"])
        .templates
        .iter()
        .chain(&parse(&x).templates)
    {
        let mut s = String::new();
        t.write_json(&mut s);
        assert!(s.is_ascii(), "{s}");
        let back = ContentTemplate::from_json(&Json::parse(&s).unwrap(), "t").unwrap();
        assert_eq!(&back, t);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn codes_are_registered() {
    for c in content::CODES {
        assert!(c.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[wasm_bindgen_test(unsupported = test)]
#[ignore = "timing; run with --release -- --ignored --nocapture"]
fn parse_timing() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let items = f["page"]["contents"].as_array().unwrap().clone();
    let mut all = Vec::new();
    for n in 0..5000 {
        let mut x = items[n % items.len()].clone();
        x["sid"] = json!(sid(n));
        all.push(x);
    }
    let text = Value::Array(all).to_string();
    let t0 = std::time::Instant::now();
    let j = Json::parse(&text).unwrap();
    let t1 = std::time::Instant::now();
    let r = content::parse_content_value(&j).unwrap();
    let t2 = std::time::Instant::now();
    let mut out = String::new();
    for t in &r.templates {
        t.write_json(&mut out);
    }
    let t3 = std::time::Instant::now();
    eprintln!(
        "{} bytes: parse {:?}, read {:?}, write {:?}",
        text.len(),
        t1 - t0,
        t2 - t1,
        t3 - t2
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn content_registry_matches_body_and_fallback_and_selects() {
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut items = f["page"]["contents"].as_array().unwrap().clone();
    let mut extra = items[4].clone();
    extra["sid"] = json!(sid(77));
    extra["types"]["twilio/text"] =
        json!({"body": "Hi {{1}}, pay your invoice at https://pay.example.com/i/{{2}} today."});
    items.push(extra);
    let r = parse(&Value::Array(items));
    let reg = content::ContentRegistry::new(r.templates.clone()).unwrap();
    assert_eq!(reg.len(), 9);
    let m = reg
        .match_text(
            "Hello Ana, this is a reminder of your appointment tomorrow at 9:00 in our clinic.",
        )
        .unwrap();
    assert_eq!(m.len(), 1, "the {{{{1}}}} of otp_login is not indexed");
    assert_eq!(m[0].template.friendly_name, "appointment_reminder");
    assert_eq!(
        m[0].values,
        [
            ("1".to_string(), "Ana".to_string()),
            ("2".to_string(), "9:00".to_string())
        ]
    );
    assert!(m[0].missing.is_empty());
    let m = reg
        .match_text("Hi Ana, pay your invoice at https://pay.example.com/i/inv-7 today.")
        .unwrap();
    assert_eq!(m[0].template.sid, sid(77));
    assert_eq!(m[0].template.content_type, "twilio/call-to-action");
    let m = reg
        .match_text("Hi Ana, your invoice is ready. You can pay it online with the button below.")
        .unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].missing, ["2"]);
    let (t, by, tried) = reg.select("otp_login", Some("pt-br"), Some("en")).unwrap();
    assert_eq!(
        (t.friendly_name.as_str(), by.as_str(), tried),
        ("otp_login", "locale", vec!["pt_BR".to_string()])
    );
    // A bare `pt` picks the name's only regional variant (issue 21), before the default.
    let (t, by, tried) = reg.select("otp_login", Some("pt"), Some("en")).unwrap();
    assert_eq!(
        (t.language.as_str(), by.as_str(), tried),
        (
            "pt_BR",
            "language",
            vec!["pt".to_string(), "pt_BR".to_string()]
        )
    );
    assert_eq!(
        reg.select("nope", None, Some("en")).unwrap_err().code(),
        "TEMPLATE_NOT_FOUND"
    );
    assert_eq!(
        reg.select("otp_login", Some("de"), None)
            .unwrap_err()
            .code(),
        "TEMPLATE_LANGUAGE_UNAVAILABLE"
    );
    let closed = reg.eligibility(false);
    assert_eq!(closed.iter().filter(|(_, e)| e.allowed).count(), 4);
    let dup = content::ContentRegistry::new(vec![r.templates[0].clone(), r.templates[0].clone()])
        .unwrap_err();
    assert_eq!(
        (dup.code(), dup.problems()[0].code()),
        ("TEMPLATES_INVALID", "TEMPLATE_DUPLICATE_SID")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn compose_outbound_applies_the_chart_to_content_templates() {
    use wa_guard::message::{compose_outbound, Content, OutboundRequest};
    let config: wa_guard::config::Config =
        serde_json::from_str(include_str!("vectors/messages-config.json")).unwrap();
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = parse_content_api(&f["page"].to_string()).unwrap();
    let by = |n: &str| {
        r.templates
            .iter()
            .find(|t| t.friendly_name == n)
            .unwrap()
            .clone()
    };
    let now = 1_795_000_000_000i64;
    let req = |t: ContentTemplate, values: &[(&str, &str)], last: Option<i64>| OutboundRequest {
        workstream_id: "support".into(),
        to: "+447400123456".into(),
        last_inbound_at: last,
        sandbox_joined_at: None,
        content: Content::ContentTemplate {
            template: Box::new(t),
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        },
        now,
        status_callback: None,
    };
    let p = compose_outbound(
        &config,
        &req(by("pay_link"), &[("1", "Ana"), ("2", "inv-9")], None),
    )
    .unwrap();
    assert_eq!(
        p.content_sid.as_deref(),
        Some("HXa7d1cbda6cda5b1f2f7c4c0058ebfbee")
    );
    assert_eq!(
        p.content_variables.as_deref(),
        Some(r#"{"1":"Ana","2":"inv-9"}"#)
    );
    assert_eq!((p.body, p.media_url), (None, None));
    let e = compose_outbound(&config, &req(by("size_picker"), &[], None)).unwrap_err();
    assert_eq!(e.code(), "OUTBOUND_REJECTED");
    assert_eq!(
        e.problems()
            .iter()
            .map(|p| (p.code(), p.path().unwrap()))
            .collect::<Vec<_>>(),
        [("TEMPLATE_SESSION_ONLY", "content.template")]
    );
    assert!(compose_outbound(&config, &req(by("size_picker"), &[], Some(now - 3_600_000))).is_ok());
    let e = compose_outbound(
        &config,
        &req(by("weekly_digest"), &[], Some(now - 3_600_000)),
    )
    .unwrap_err();
    assert_eq!(
        e.problems().iter().map(|p| p.code()).collect::<Vec<_>>(),
        ["TEMPLATE_PAUSED", "VARIABLE_MISSING"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn eligibility_json_is_the_serde_form() {
    // The bindings write an eligibility by hand (a hot path): it must stay the serde shape.
    let s = summary(4, &["URL", "URL", "PHONE_NUMBER", "COPY_CODE"]);
    for (ty, status) in [
        ("twilio/text", "approved"),
        ("twilio/call-to-action", "unsubmitted"),
        ("twilio/text", "paused"),
        ("twilio/hologram", "approved"),
        ("twilio/text", "weird \"status\"\n"),
    ] {
        for open in [true, false] {
            let e = eligibility_of(ty, status, &s, open);
            let hand: Value = serde_json::from_str(&e.to_json_string()).unwrap();
            assert_eq!(
                hand,
                serde_json::to_value(&e).unwrap(),
                "{ty} {status} {open}"
            );
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn compose_outbound_sends_configured_content_templates_by_sid_through_the_chart() {
    use wa_guard::message::{compose_outbound, Content, OutboundRequest, Variables};
    let mut config: wa_guard::config::Config =
        serde_json::from_str(include_str!("vectors/messages-config.json")).unwrap();
    let f: Value = serde_json::from_str(FIXTURE).unwrap();
    let ws = config
        .workstreams
        .iter_mut()
        .find(|w| w.id == "support")
        .unwrap();
    ws.content_templates = f["page"]["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::from_value(i.clone()).unwrap())
        .collect();
    let now = 1_795_000_000_000i64;
    let req = |to: &str, sid: &str, vars: &[&str], last: Option<i64>| OutboundRequest {
        workstream_id: "support".into(),
        to: to.into(),
        last_inbound_at: last,
        sandbox_joined_at: None,
        content: Content::Template {
            content_sid: sid.into(),
            variables: Variables::Positional(vars.iter().map(|v| v.to_string()).collect()),
        },
        now,
        status_callback: None,
    };
    let codes = |e: wa_guard::Error| {
        e.problems()
            .iter()
            .map(|p| (p.code(), p.path().map(str::to_string).unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    let uk = "+447400123456";
    // Approved call-to-action, window closed: sent as exactly ContentSid + ContentVariables
    // (the SID in any case).
    let p = compose_outbound(
        &config,
        &req(
            uk,
            "HXA7D1CBDA6CDA5B1F2F7C4C0058EBFBEE",
            &["Ana", "inv-9"],
            None,
        ),
    )
    .unwrap();
    assert_eq!(
        p.content_sid.as_deref(),
        Some("HXa7d1cbda6cda5b1f2f7c4c0058ebfbee")
    );
    assert_eq!(
        p.content_variables.as_deref(),
        Some(r#"{"1":"Ana","2":"inv-9"}"#)
    );
    assert_eq!((p.body, p.media_url), (None, None));
    // The chart: a list-picker outside the window, then inside it.
    let picker = "HXcc026b458625b75443415f3b841e5a29";
    let e = compose_outbound(&config, &req(uk, picker, &[], None)).unwrap_err();
    assert_eq!(
        codes(e),
        [("TEMPLATE_SESSION_ONLY", "content.contentSid".to_string())]
    );
    assert!(compose_outbound(&config, &req(uk, picker, &[], Some(now - 3_600_000))).is_ok());
    // Paused: never; values checked as for any Content template (a missing one names the sample,
    // one too many is extra).
    let e = compose_outbound(
        &config,
        &req(
            uk,
            "HX9d0c59c39fa81212327708847732a403",
            &[],
            Some(now - 60_000),
        ),
    )
    .unwrap_err();
    assert_eq!(
        codes(e),
        [
            ("TEMPLATE_PAUSED", "content.contentSid".to_string()),
            ("VARIABLE_MISSING", "content.variables.1".to_string())
        ]
    );
    let e = compose_outbound(
        &config,
        &req(
            uk,
            "HXfdb017aa19c6ce72ae362409352892dd",
            &["Ana", "9:00", "x"],
            None,
        ),
    )
    .unwrap_err();
    assert_eq!(codes(e)[0].0, "VARIABLE_EXTRA");
    // Marketing (sale_teaser is rejected, so inside the window): not to US numbers (63049),
    // but to other +1 countries (Canada).
    let teaser = "HX97425428e8b3e0a4fa1113f84bd3ba73";
    let open = Some(now - 60_000);
    let e = compose_outbound(&config, &req("+12025550143", teaser, &["Ana"], open)).unwrap_err();
    assert_eq!(
        codes(e),
        [("MARKETING_TEMPLATE_TO_US", "content.contentSid".to_string())]
    );
    assert!(compose_outbound(&config, &req("+14165550143", teaser, &["Ana"], open)).is_ok());
    // Unknown SIDs stay TEMPLATE_NOT_FOUND.
    let e = compose_outbound(
        &config,
        &req(uk, "HX00000000000000000000000000000000", &[], None),
    )
    .unwrap_err();
    assert_eq!(codes(e)[0].0, "TEMPLATE_NOT_FOUND");
}

/// The paths built only when there is a problem (session 8): an approval's problems under a page
/// item's path (flat and nested), and a definition's array index past 9.
#[wasm_bindgen_test(unsupported = test)]
fn problem_paths_built_on_demand() {
    let mut flat = item(1, "twilio/text", text_def(), "approved");
    flat["approval_requests"]["status"] = json!("on_hold");
    let mut nested = item(2, "twilio/text", text_def(), "approved");
    nested["approval_requests"] =
        json!({"whatsapp": {"status": "approved", "category": "TRANSACTIONAL"}});
    let items: Vec<Value> = (0..11)
        .map(|i| json!({"item": format!("Item {i}"), "id": format!("i{i}")}))
        .collect();
    let mut list = item(
        3,
        "twilio/list-picker",
        json!({"body": "Pick one of these, please", "button": "Pick", "items": items}),
        "approved",
    );
    list["types"]["twilio/list-picker"]["items"][10]["item"] = json!(7);
    let page = json!({"contents": [flat, nested, list], "meta": {"key": "contents"}});
    let r = parse(&page);
    assert_eq!(r.templates.len(), 3);
    let paths: Vec<(&str, Option<&str>)> =
        r.problems.iter().map(|e| (e.code(), e.path())).collect();
    assert_eq!(
        paths,
        [
            (
                "APPROVAL_STATUS_UNKNOWN",
                Some("contents[0].approval_requests.status")
            ),
            (
                "TEMPLATE_CATEGORY_UNKNOWN",
                Some("contents[1].approval_requests.whatsapp.category")
            ),
            (
                "CONTENT_ITEM_COUNT",
                Some("contents[2].types[\"twilio/list-picker\"].items")
            ),
            (
                "CONTENT_FIELD_INVALID",
                Some("contents[2].types[\"twilio/list-picker\"].items[10].item")
            ),
        ]
    );
}
