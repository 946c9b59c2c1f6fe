//! Configuration validation, natively and in wasm: each rule failing and passing.
use wa_guard::config::{self, *};
use wa_guard::secret::Secret;

use wasm_bindgen_test::wasm_bindgen_test;

const SAMPLE: &str = include_str!("../www/sample-config.json");
const TOKEN: &str = "e194669bd11ac3fffcfd4c41b1b927c4";

fn sample() -> Config {
    serde_json::from_str(SAMPLE).unwrap()
}

fn problems(c: &Config) -> Vec<(&'static str, String)> {
    validate(c)
        .into_iter()
        .map(|e| (e.code(), e.path().unwrap_or_default().to_string()))
        .collect()
}

/// `mutate` breaks exactly one rule: the sample then has exactly that one problem.
fn only(mutate: impl FnOnce(&mut Config), code: &str, path: &str) {
    let mut c = sample();
    mutate(&mut c);
    let got = problems(&c);
    let got: Vec<(&str, &str)> = got.iter().map(|(c, p)| (*c, p.as_str())).collect();
    assert_eq!(got, [(code, path)], "{code} at {path}");
}

fn ok(mutate: impl FnOnce(&mut Config)) {
    let mut c = sample();
    mutate(&mut c);
    assert_eq!(problems(&c), [], "expected valid");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_sample_config_is_valid_and_round_trips() {
    let c = sample();
    assert_eq!(problems(&c), []);
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), c);
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        serde_json::from_str::<serde_json::Value>(SAMPLE).unwrap(),
        "the sample is in canonical form"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn version() {
    only(|c| c.version = 2, CONFIG_VERSION_UNSUPPORTED, "version");
}

#[wasm_bindgen_test(unsupported = test)]
fn account_sid() {
    only(
        |c| c.account.account_sid = "AC123".into(),
        ACCOUNT_SID_INVALID,
        "account.accountSid",
    );
    only(
        |c| c.account.account_sid = format!("MG{}", "a".repeat(32)),
        ACCOUNT_SID_INVALID,
        "account.accountSid",
    );
    only(
        |c| c.account.account_sid = format!("AC{}", "g".repeat(32)),
        ACCOUNT_SID_INVALID,
        "account.accountSid",
    );
    ok(|c| c.account.account_sid = format!("AC{}", "A0".repeat(16)));
}

#[wasm_bindgen_test(unsupported = test)]
fn tokens_are_32_hex_when_present() {
    ok(|c| c.account.auth_token = Some(Secret::new(TOKEN)));
    ok(|c| c.account.secondary_auth_token = Some(Secret::new(TOKEN.to_uppercase())));
    only(
        |c| c.account.auth_token = Some(Secret::new("")),
        AUTH_TOKEN_INVALID,
        "account.authToken",
    );
    only(
        |c| c.account.secondary_auth_token = Some(Secret::new(&TOKEN[1..])),
        AUTH_TOKEN_INVALID,
        "account.secondaryAuthToken",
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn numbers_are_e164_named_and_unique() {
    let set = |n: &'static str| {
        move |c: &mut Config| {
            c.numbers[0].number = n.into();
            c.workstreams[0].number = n.into();
        }
    };
    only(set("4155550123"), "E164_MISSING_PLUS", "numbers[0].number");
    only(
        set("+1 415 555 0123"),
        "E164_INVALID_CHARACTER",
        "numbers[0].number",
    );
    only(
        set("+999123"),
        "E164_UNKNOWN_COUNTRY_CODE",
        "numbers[0].number",
    );
    ok(set("+5511955550123"));
    only(
        |c| c.numbers[0].name = "  ".into(),
        NAME_EMPTY,
        "numbers[0].name",
    );
    only(
        |c| c.numbers[0].name = "x".repeat(257),
        "INPUT_TOO_LARGE",
        "numbers[0].name",
    );
    let mut c = sample();
    c.numbers.push(c.numbers[0].clone());
    assert_eq!(
        problems(&c),
        [(NUMBER_DUPLICATE, "numbers[2].number".to_string())]
    );
    only(
        |c| c.numbers[0].settings.messaging_service_sid = Some("MG123".into()),
        MESSAGING_SERVICE_SID_INVALID,
        "numbers[0].settings.messagingServiceSid",
    );
    ok(|c| c.numbers[0].settings.messaging_service_sid = None);
}

#[wasm_bindgen_test(unsupported = test)]
fn workstreams_ids_numbers_and_routing() {
    only(
        |c| c.workstreams[1].id = "support".into(),
        WORKSTREAM_ID_DUPLICATE,
        "workstreams[1].id",
    );
    only(
        |c| c.workstreams[1].id = "".into(),
        WORKSTREAM_ID_INVALID,
        "workstreams[1].id",
    );
    only(
        |c| c.workstreams[1].id = "a b".into(),
        WORKSTREAM_ID_INVALID,
        "workstreams[1].id",
    );
    only(
        |c| c.workstreams[0].name = "".into(),
        NAME_EMPTY,
        "workstreams[0].name",
    );
    only(
        |c| c.workstreams[0].number = "+14155550199".into(),
        WORKSTREAM_NUMBER_UNKNOWN,
        "workstreams[0].number",
    );
    only(
        |c| c.workstreams[1].number = c.workstreams[0].number.clone(),
        NUMBER_SHARED_BY_WORKSTREAMS,
        "workstreams[1].number",
    );
    // A number without a workstream is fine (e.g. being set up).
    ok(|c| {
        c.workstreams.remove(1);
    });
}

#[wasm_bindgen_test(unsupported = test)]
fn languages_and_templates() {
    only(
        |c| c.workstreams[0].language = "english".into(),
        LANGUAGE_UNSUPPORTED,
        "workstreams[0].language",
    );
    only(
        |c| c.workstreams[0].language = "pt-BR".into(),
        LANGUAGE_UNSUPPORTED,
        "workstreams[0].language",
    );
    only(
        |c| c.workstreams[0].language = "fr".into(),
        DEFAULT_LANGUAGE_WITHOUT_TEMPLATE,
        "workstreams[0].language",
    );
    ok(|c| c.workstreams[0].language = "pt_BR".into());
    ok(|c| {
        c.workstreams[0].templates.clear();
        c.workstreams[0].language = "fr".into();
    });
    // Template rules come from the template module, under the template's path.
    only(
        |c| c.workstreams[1].templates[0].sid = "HX123".into(),
        wa_guard::template::TEMPLATE_SID_INVALID,
        "workstreams[1].templates[0].sid",
    );
    only(
        |c| c.workstreams[0].templates[1].language = "xx".into(),
        wa_guard::template::TEMPLATE_LANGUAGE_UNSUPPORTED,
        "workstreams[0].templates[1].language",
    );
    let mut c = sample();
    c.workstreams[0].templates[0].body = "{{1}} hello".into();
    let p = problems(&c);
    assert!(!p.is_empty());
    assert!(
        p.iter()
            .all(|(_, path)| path == "workstreams[0].templates[0].body"),
        "{p:?}"
    );
    // (name, language) unique within a workstream; across workstreams is fine.
    let mut c = sample();
    let mut dup = c.workstreams[0].templates[0].clone();
    dup.sid = format!("HX{}", "9".repeat(32));
    c.workstreams[0].templates.push(dup.clone());
    assert_eq!(
        problems(&c),
        [(
            wa_guard::template::TEMPLATE_DUPLICATE_LANGUAGE,
            "workstreams[0].templates[4].language".to_string()
        )]
    );
    ok(|c| {
        c.workstreams[1].templates.push(dup);
    });
}

#[wasm_bindgen_test(unsupported = test)]
fn automated_messages() {
    only(
        |c| c.workstreams[0].automated_messages.attachment_refused = Some(" ".into()),
        AUTOMATED_MESSAGE_INVALID,
        "workstreams[0].automatedMessages.attachmentRefused",
    );
    only(
        |c| c.workstreams[0].automated_messages.attachment_refused = Some("é".repeat(1601)),
        AUTOMATED_MESSAGE_INVALID,
        "workstreams[0].automatedMessages.attachmentRefused",
    );
    ok(|c| c.workstreams[0].automated_messages.attachment_refused = Some("é".repeat(1600)));
}

#[wasm_bindgen_test(unsupported = test)]
fn callback_base_url() {
    for good in [
        "https://edge.example.com",
        "https://edge.example.com/",
        "https://edge.example.com:8443/wa",
        "HTTPS://Edge.Example.com",
        "http://localhost:8787",
        "http://127.0.0.1:8787/",
        "http://[::1]:8787",
        "https://[2001:db8::1]",
    ] {
        ok(|c| c.callback_base_url = Some(good.into()));
    }
    for bad in [
        "edge.example.com",
        "ftp://edge.example.com",
        "http://edge.example.com",
        "http://localhost.evil.com",
        "https://",
        "https://user:pw@edge.example.com",
        "https://edge.example.com/?a=1",
        "https://edge.example.com/#x",
        "https://edge example.com",
        "https://edge.example.com:0",
        "https://edge.example.com:99999",
        "https://edge.example.com:",
        "https://-edge.example.com",
        "https://edge..example.com",
        "/twilio",
    ] {
        only(
            |c| c.callback_base_url = Some(bad.into()),
            CALLBACK_BASE_URL_INVALID,
            "callbackBaseUrl",
        );
    }
    ok(|c| c.callback_base_url = None);
}

#[wasm_bindgen_test(unsupported = test)]
fn sandbox_rules() {
    only(
        |c| c.sandbox.as_mut().unwrap().join_keyword = "".into(),
        SANDBOX_JOIN_KEYWORD_INVALID,
        "sandbox.joinKeyword",
    );
    only(
        |c| c.sandbox.as_mut().unwrap().join_keyword = "join plenty-mouse".into(),
        SANDBOX_JOIN_KEYWORD_INVALID,
        "sandbox.joinKeyword",
    );
    // Sandbox off: the shared number may not be used.
    only(
        |c| c.sandbox.as_mut().unwrap().enabled = false,
        SANDBOX_NOT_ENABLED,
        "numbers[1].number",
    );
    only(
        |c| c.sandbox = None,
        SANDBOX_NOT_ENABLED,
        "numbers[1].number",
    );
    // Sandbox on without the sandbox number.
    let mut c = sample();
    c.workstreams.remove(1);
    c.numbers.remove(1);
    c.sandbox = None;
    ok(|x| *x = c.clone());
    c.sandbox = Some(Sandbox {
        enabled: true,
        join_keyword: "plenty-mouse".into(),
    });
    assert_eq!(
        problems(&c),
        [(SANDBOX_NUMBER_MISSING, "sandbox".to_string())]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn every_problem_at_once() {
    let mut c = sample();
    c.version = 3;
    c.account.account_sid = "AC".into();
    c.numbers[0].number = "+0".into();
    c.workstreams[0].id = "support".into();
    c.workstreams[1].id = "support".into();
    c.workstreams[1].language = "klingon".into();
    c.callback_base_url = Some("http://edge.example.com".into());
    let codes: Vec<&str> = validate(&c).iter().map(|e| e.code()).collect();
    for code in [
        CONFIG_VERSION_UNSUPPORTED,
        ACCOUNT_SID_INVALID,
        CALLBACK_BASE_URL_INVALID,
        WORKSTREAM_ID_DUPLICATE,
        LANGUAGE_UNSUPPORTED,
        WORKSTREAM_NUMBER_UNKNOWN,
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(codes.len() >= 7, "{codes:?}");
    let e = check(&c).unwrap_err();
    assert_eq!(e.code(), CONFIG_INVALID);
    assert_eq!(e.problems().len(), codes.len());
}

#[wasm_bindgen_test(unsupported = test)]
fn limits_are_input_too_large() {
    let mut c = sample();
    let n = c.numbers[0].clone();
    c.numbers = vec![n; MAX_NUMBERS + 1];
    assert_eq!(problems(&c), [("INPUT_TOO_LARGE", "numbers".to_string())]);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_workstream_number_past_the_limit_is_input_too_large() {
    let max = wa_guard::number::MAX_INPUT_BYTES;
    // At the limit it is looked up (and unknown); one past, it is not compared at all.
    only(
        |c| c.workstreams[0].number = format!("+{}", "1".repeat(max - 1)),
        WORKSTREAM_NUMBER_UNKNOWN,
        "workstreams[0].number",
    );
    only(
        |c| c.workstreams[0].number = format!("+{}", "1".repeat(max)),
        "INPUT_TOO_LARGE",
        "workstreams[0].number",
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn template_limits_apply_inside_workstreams() {
    let name_max = wa_guard::template::MAX_NAME_CHARS;
    ok(|c| c.workstreams[0].templates[0].name = "n".repeat(name_max));
    only(
        |c| c.workstreams[0].templates[0].name = "n".repeat(name_max + 1),
        "INPUT_TOO_LARGE",
        "workstreams[0].templates[0].name",
    );
    // A workstream's templates past MAX_REGISTRY_BYTES: the only problem of that set.
    let bytes_max = wa_guard::template::MAX_REGISTRY_BYTES;
    let fill = |c: &mut Config, extra: usize| {
        let others: usize = c.workstreams[0].templates[1..]
            .iter()
            .map(|t| t.byte_len())
            .sum();
        let t = &mut c.workstreams[0].templates[0];
        let t_rest = t.sid.len() + t.name.len() + t.language.len();
        t.body = "a".repeat(bytes_max - others - t_rest + extra);
    };
    only(
        |c| fill(c, 0),
        wa_guard::template::TEMPLATE_BODY_TOO_LONG,
        "workstreams[0].templates[0].body",
    );
    only(
        |c| fill(c, 1),
        "INPUT_TOO_LARGE",
        "workstreams[0].templates",
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn callback_url_is_derived() {
    let c = sample();
    assert_eq!(
        callback_url(&c, None).unwrap(),
        "https://edge.example.com/twilio/inbound"
    );
    assert_eq!(
        callback_url(&c, Some("http://127.0.0.1:8787/")).unwrap(),
        "http://127.0.0.1:8787/twilio/inbound"
    );
    let e = callback_url(&c, Some("http://edge.example.com")).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (CALLBACK_BASE_URL_INVALID, Some("baseUrl"))
    );
    let mut c = c;
    c.callback_base_url = None;
    assert_eq!(
        callback_url(&c, None).unwrap_err().code(),
        CALLBACK_BASE_URL_MISSING
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn update_number_settings_is_all_or_nothing() {
    let c = sample();
    let patch = NumberSettingsPatch {
        enabled: Some(false),
        messaging_service_sid: Some(None),
        status_callbacks: None,
    };
    let next = update_number_settings(&c, "+14155550123", &patch).unwrap();
    assert!(!next.numbers[0].settings.enabled);
    assert_eq!(next.numbers[0].settings.messaging_service_sid, None);
    assert!(next.numbers[0].settings.status_callbacks);
    assert_eq!(next.numbers[1], c.numbers[1]);
    assert_eq!(c, sample(), "the input is not changed");

    let bad = NumberSettingsPatch {
        messaging_service_sid: Some(Some("MGnope".into())),
        enabled: Some(false),
        ..Default::default()
    };
    let e = update_number_settings(&c, "+14155550123", &bad).unwrap_err();
    assert_eq!(e.code(), CONFIG_INVALID);
    assert_eq!(e.problems()[0].code(), MESSAGING_SERVICE_SID_INVALID);
    assert_eq!(
        e.problems()[0].path(),
        Some("numbers[0].settings.messagingServiceSid")
    );
    let e = update_number_settings(&c, "+14155550100", &patch).unwrap_err();
    assert_eq!((e.code(), e.path()), (NUMBER_NOT_FOUND, Some("number")));

    let p: NumberSettingsPatch = serde_json::from_str(r#"{"messagingServiceSid":null}"#).unwrap();
    assert_eq!(p.messaging_service_sid, Some(None));
    let p: NumberSettingsPatch = serde_json::from_str(r#"{}"#).unwrap();
    assert_eq!(p.messaging_service_sid, None);
    assert!(serde_json::from_str::<NumberSettingsPatch>(r#"{"enable":true}"#).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn tokens_never_leak() {
    let mut c = sample();
    c.account.auth_token = Some(Secret::new(TOKEN));
    c.account.secondary_auth_token = Some(Secret::new("f".repeat(31)));
    c.account.account_sid = "bad".into();
    c.callback_base_url = Some("http://x.example".into());
    let mut texts = vec![
        format!("{c:?}"),
        format!("{c}"),
        format!("{:?}", c.redacted()),
    ];
    let r = c.redacted();
    texts.push(serde_json::to_string(&r).unwrap());
    for e in validate(&c) {
        texts.push(format!("{e} {e:?} {}", e.message()));
    }
    let e = check(&c).unwrap_err();
    texts.push(format!("{e} {e:?}"));
    let e =
        update_number_settings(&c, "+14155550123", &NumberSettingsPatch::default()).unwrap_err();
    texts.push(format!("{e} {e:?}"));
    texts.push(format!("{:?}", callback_url(&c, None)));
    for t in &texts {
        assert!(!t.contains(TOKEN), "token leaked in {t}");
        assert!(
            !t.contains(&"f".repeat(31)),
            "secondary token leaked in {t}"
        );
    }
    assert_eq!(
        r.account.auth_token.as_ref().unwrap().expose(),
        config::REDACTED
    );
    assert!(format!("{c}").contains("[REDACTED]"));
    assert_eq!(
        c.account.auth_token.as_ref().unwrap().expose(),
        TOKEN,
        "redacted() copies"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn unknown_fields_are_rejected() {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["workstreams"][0]["attachment"] = serde_json::json!({ "enabled": false });
    let e = serde_json::from_value::<Config>(v).unwrap_err().to_string();
    assert!(e.contains("unknown field `attachment`"), "{e}");
}

// ---- Content templates (issue 23) --------------------------------------------------------------

const CONTENT_FIXTURE: &str = include_str!("vectors/content-and-approvals.json");

fn content_items() -> Vec<serde_json::Value> {
    let f: serde_json::Value = serde_json::from_str(CONTENT_FIXTURE).unwrap();
    f["page"]["contents"].as_array().unwrap().clone()
}

/// The sample with `items` as workstream 0's `contentTemplates` (read through serde, as a
/// configuration file is).
fn with_content(items: Vec<serde_json::Value>) -> Result<Config, String> {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["workstreams"][0]["contentTemplates"] = serde_json::Value::Array(items);
    serde_json::from_value(v).map_err(|e| e.to_string())
}

#[wasm_bindgen_test(unsupported = test)]
fn content_templates_from_the_content_api_are_valid_and_round_trip() {
    let c = with_content(content_items()).unwrap();
    assert_eq!(c.workstreams[0].content_templates.len(), 8);
    assert_eq!(problems(&c), []);
    // Serialised as parsed templates (`definitions`), which read back the same.
    let json = serde_json::to_string(&c).unwrap();
    let back: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    let v = serde_json::to_value(&c).unwrap();
    assert!(v["workstreams"][0]["contentTemplates"][0]["definitions"].is_object());
    // Without Content templates the canonical form is unchanged (no `contentTemplates` key).
    assert!(serde_json::to_value(sample()).unwrap()["workstreams"][0]
        .get("contentTemplates")
        .is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn content_template_problems_come_back_with_their_config_paths() {
    let mut items = content_items();
    // A placeholder in the middle of a button URL, in a call-to-action (item 4: pay_link).
    items[4]["types"]["twilio/call-to-action"]["actions"][0]["url"] =
        serde_json::json!("https://pay.example.com/{{1}}/now");
    // A legacy category and an unknown status.
    items[0]["approval_requests"]["category"] = serde_json::json!("TRANSACTIONAL");
    items[1]["approval_requests"]["status"] = serde_json::json!("in_review");
    // A language WhatsApp does not have.
    items[2]["language"] = serde_json::json!("xx");
    // An unknown type.
    items[3]["types"]["twilio/hologram"] = serde_json::json!({"body": "hi"});
    let c = with_content(items).unwrap();
    let got = problems(&c);
    let p = "workstreams[0].contentTemplates";
    let want = [
        (
            "CONTENT_URL_VARIABLE_POSITION",
            format!("{p}[4].definitions[\"twilio/call-to-action\"].actions[0].url"),
        ),
        (
            "TEMPLATE_CATEGORY_UNKNOWN",
            format!("{p}[0].approval.category"),
        ),
        ("APPROVAL_STATUS_UNKNOWN", format!("{p}[1].approval.status")),
        ("TEMPLATE_LANGUAGE_UNSUPPORTED", format!("{p}[2].language")),
        (
            "CONTENT_TYPE_UNKNOWN",
            format!("{p}[3].definitions[\"twilio/hologram\"]"),
        ),
    ];
    for (code, path) in &want {
        assert!(
            got.iter().any(|(c, q)| c == code && q == path),
            "{code} at {path} in {got:?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn content_templates_parsed_form_duplicates_and_default_language() {
    // A parsed template (as parseContentApi returns it) is accepted as well, and validated the
    // same way: its definitions are checked again, not trusted.
    let page =
        serde_json::from_str::<serde_json::Value>(CONTENT_FIXTURE).unwrap()["page"].to_string();
    let imp = wa_guard::content::parse_content_api(&page).unwrap();
    let mut parsed = serde_json::to_value(&imp.templates[0]).unwrap();
    parsed["definitions"]["twilio/text"]["body"] = serde_json::json!("{{1}}");
    let c = with_content(vec![parsed]).unwrap();
    let got = problems(&c);
    assert!(
        got.iter().any(|(_, p)| p
            .starts_with("workstreams[0].contentTemplates[0].definitions[\"twilio/text\"].body")),
        "{got:?}"
    );

    // The same SID twice (two Content templates, or a Content and a configured template).
    let items = content_items();
    let c = with_content(vec![items[0].clone(), items[0].clone()]).unwrap();
    assert_eq!(
        problems(&c),
        [(
            "TEMPLATE_DUPLICATE_SID",
            "workstreams[0].contentTemplates[1].sid".to_string()
        )]
    );
    let mut c = with_content(vec![items[0].clone()]).unwrap();
    let legacy_sid = c.workstreams[0].templates.first().map(|t| t.sid.clone());
    if let Some(s) = legacy_sid {
        c.workstreams[0].content_templates[0].sid = s.to_ascii_lowercase();
        assert_eq!(
            problems(&c),
            [(
                "TEMPLATE_DUPLICATE_SID",
                "workstreams[0].contentTemplates[0].sid".to_string()
            )]
        );
    }

    // A Content template in the default language satisfies the default-language rule.
    let mut c = with_content(vec![items[1].clone()]).unwrap(); // sale_teaser, `en`
    let lang = c.workstreams[0].language.clone();
    c.workstreams[0].templates.clear();
    c.workstreams[0].content_templates[0].language = lang.clone();
    assert_eq!(problems(&c), []);
    c.workstreams[0].content_templates[0].language = if lang == "de" {
        "fr".into()
    } else {
        "de".into()
    };
    assert_eq!(
        problems(&c),
        [(
            "DEFAULT_LANGUAGE_WITHOUT_TEMPLATE",
            "workstreams[0].language".to_string()
        )]
    );

    // An item that cannot be read at all fails the configuration's reading, with its path.
    let e = with_content(vec![serde_json::json!({"sid": "nope", "types": {}})]).unwrap_err();
    assert!(e.contains("CONTENT_ITEM_INVALID"), "{e}");
}
