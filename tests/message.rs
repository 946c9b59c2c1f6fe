//! Bodies, inbound webhooks, status callbacks (and outbound composition), natively and in wasm.
use wa_guard::config::Config;
use wa_guard::form;
use wa_guard::media::{
    MediaKind, ATTACHMENTS_DISABLED, CUSTOMER_ATTACHMENTS_NOT_ALLOWED, MEDIA_TYPE_NOT_ALLOWED,
};
use wa_guard::message::*;

use wasm_bindgen_test::wasm_bindgen_test;

const AC: &str = "AC0123456789abcdef0123456789abcdef";

fn fixture(name: &str) -> Vec<(String, String)> {
    let body = match name {
        "text" => include_str!("vectors/inbound/text.form"),
        "media" => include_str!("vectors/inbound/media.form"),
        "location" => include_str!("vectors/inbound/location.form"),
        "button" => include_str!("vectors/inbound/button.form"),
        "referral" => include_str!("vectors/inbound/referral.form"),
        "delivered" => include_str!("vectors/status/delivered.form"),
        "failed" => include_str!("vectors/status/failed-63016.form"),
        _ => unreachable!(),
    };
    form::decode(body).unwrap()
}

fn config() -> Config {
    serde_json::from_str(include_str!("vectors/messages-config.json")).unwrap()
}

fn with(mut params: Vec<(String, String)>, k: &str, v: Option<&str>) -> Vec<(String, String)> {
    params.retain(|(n, _)| n != k);
    if let Some(v) = v {
        params.push((k.to_string(), v.to_string()));
    }
    params
}

fn problem_codes(e: &wa_guard::Error) -> Vec<(&'static str, Option<&str>)> {
    e.problems().iter().map(|p| (p.code(), p.path())).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn bodies() {
    assert!(check_body("Hi", false).is_empty());
    assert!(check_body("", true).is_empty());
    assert!(check_body(&"é".repeat(1600), false).is_empty());
    let p = check_body(&"🙂".repeat(1601), false);
    assert_eq!(p[0].code(), BODY_TOO_LONG);
    assert_eq!(
        (p[0].span().unwrap().start, p[0].span().unwrap().end),
        (1600, 1601)
    );
    assert_eq!(check_body("", false)[0].code(), MESSAGE_EMPTY);
    assert_eq!(check_body(" \n ", false)[0].code(), MESSAGE_EMPTY);
}

#[wasm_bindgen_test(unsupported = test)]
fn sids() {
    assert!(is_sid(AC, "AC"));
    assert!(!is_sid(AC, "MG"));
    assert!(!is_sid("AC0123", "AC"));
    assert!(!is_sid("AC0123456789abcdef0123456789abcdeg", "AC"));
}

#[wasm_bindgen_test(unsupported = test)]
fn parses_a_text_message() {
    let m = parse_inbound(&fixture("text")).unwrap();
    assert_eq!(m.message_sid, "SM1a2b3c4d1a2b3c4d1a2b3c4d1a2b3c4d");
    assert_eq!(m.account_sid, AC);
    assert_eq!(m.from.as_str(), "+447400123456");
    assert_eq!(m.to.as_str(), "+14155238886");
    assert_eq!(
        m.body,
        "Hi, my order #12345 hasn't arrived yet & I need help 🙏"
    );
    assert_eq!(m.profile_name.as_deref(), Some("Ana Souza"));
    assert_eq!(m.wa_id.as_deref(), Some("447400123456"));
    assert_eq!(m.message_type, "text");
    assert_eq!(m.num_segments, Some(1));
    assert!(m.media.is_empty() && m.location.is_none() && m.button.is_none());
    assert!(
        m.referral.is_none(),
        "ReferralNumMedia=0 alone is no referral"
    );
    assert_eq!(m.sms_status.as_deref(), Some("received"));
    assert_eq!(m.api_version.as_deref(), Some("2010-04-01"));
    // Deprecated copies and the lone ReferralNumMedia are kept, not dropped.
    assert_eq!(m.extra.get("SmsSid"), Some(m.message_sid.as_str()));
    assert_eq!(m.extra.get("ReferralNumMedia"), Some("0"));
    assert!(!m.forwarded);
}

#[wasm_bindgen_test(unsupported = test)]
fn parses_media_location_button_and_referral() {
    let m = parse_inbound(&fixture("media")).unwrap();
    assert_eq!(m.media.len(), 1);
    assert_eq!(m.media[0].content_type, "image/jpeg");
    assert_eq!(m.media[0].kind, Some(MediaKind::Image));
    assert!(m.media[0]
        .url
        .starts_with("https://api.twilio.com/2010-04-01/Accounts/"));
    assert_eq!(m.body, "Photo of the damaged box");

    let m = parse_inbound(&fixture("location")).unwrap();
    let l = m.location.unwrap();
    assert_eq!(
        (l.latitude.as_str(), l.longitude.as_str()),
        ("-23.5613991", "-46.6565712")
    );
    assert_eq!(l.label.as_deref(), Some("MASP"));
    assert_eq!(m.message_type, "location");

    let m = parse_inbound(&fixture("button")).unwrap();
    let b = m.button.unwrap();
    assert_eq!(b.payload.as_deref(), Some("confirm_appointment"));
    assert_eq!(b.kind.as_deref(), Some("REPLY"));
    let r = m.replied_to.unwrap();
    assert_eq!(r.sid, "MMe5f60718e5f60718e5f60718e5f60718");
    assert_eq!(r.sender.as_deref(), Some("whatsapp:+14155238886"));

    let m = parse_inbound(&fixture("referral")).unwrap();
    let r = m.referral.unwrap();
    assert_eq!(r.source_type.as_deref(), Some("ad"));
    assert_eq!(r.num_media.as_deref(), Some("1"));
    assert!(r.ctwa_clid.unwrap().starts_with("ARAkLkA8"));
    assert_eq!(m.extra.get("SomeFutureParameter"), Some("kept"));
}

#[wasm_bindgen_test(unsupported = test)]
fn derives_the_message_type_when_absent() {
    let t = |name: &str| {
        parse_inbound(&with(fixture(name), "MessageType", None))
            .unwrap()
            .message_type
    };
    assert_eq!(t("text"), "text");
    assert_eq!(t("media"), "image");
    assert_eq!(t("location"), "location");
    assert_eq!(t("button"), "button");
}

#[wasm_bindgen_test(unsupported = test)]
fn reports_every_problem_of_a_bad_webhook() {
    let mut p = with(fixture("text"), "MessageSid", None);
    p = with(p, "AccountSid", Some("AC123"));
    p = with(p, "From", Some("+447400123456"));
    p = with(p, "To", Some("whatsapp:+1415"));
    p = with(
        p,
        "MessagingServiceSid",
        Some("XX0123456789abcdef0123456789abcdef"),
    );
    p = with(p, "NumSegments", Some("one"));
    p.push(("Body".into(), "again".into()));
    let e = parse_inbound(&p).unwrap_err();
    assert_eq!(e.code(), INBOUND_INVALID);
    assert_eq!(
        problem_codes(&e),
        vec![
            (PARAMETER_DUPLICATE, Some("Body")),
            (PARAMETER_MISSING, Some("MessageSid")),
            (SID_INVALID, Some("AccountSid")),
            (SID_INVALID, Some("MessagingServiceSid")),
            ("WHATSAPP_ADDRESS_INVALID", Some("From")),
            ("E164_TOO_SHORT", Some("To")),
            (NUMBER_PARAMETER_INVALID, Some("NumSegments")),
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn checks_waid_media_and_location_consistency() {
    let e = parse_inbound(&with(fixture("text"), "WaId", Some("447400000000"))).unwrap_err();
    assert_eq!(problem_codes(&e), vec![(WAID_MISMATCH, Some("WaId"))]);
    let e = parse_inbound(&with(fixture("media"), "NumMedia", Some("2"))).unwrap_err();
    assert_eq!(
        problem_codes(&e),
        vec![(MEDIA_PARAMETERS_INVALID, Some("MediaUrl1"))]
    );
    let e = parse_inbound(&with(fixture("media"), "NumMedia", Some("0"))).unwrap_err();
    assert_eq!(
        problem_codes(&e),
        vec![(MEDIA_PARAMETERS_INVALID, Some("NumMedia"))]
    );
    let e = parse_inbound(&with(fixture("media"), "NumMedia", Some("11"))).unwrap_err();
    assert_eq!(e.problems()[0].code(), MEDIA_PARAMETERS_INVALID);
    let e = parse_inbound(&with(
        fixture("media"),
        "MediaUrl0",
        Some("javascript:alert(1)"),
    ))
    .unwrap_err();
    assert_eq!(
        problem_codes(&e),
        vec![(MEDIA_PARAMETERS_INVALID, Some("MediaUrl0"))]
    );
    for (lat, lon) in [("91", "0"), ("abc", "1"), ("-90.0", "180.5"), ("1.", "2")] {
        let p = with(
            with(fixture("location"), "Latitude", Some(lat)),
            "Longitude",
            Some(lon),
        );
        assert_eq!(
            parse_inbound(&p).unwrap_err().problems()[0].code(),
            LOCATION_INVALID,
            "{lat},{lon}"
        );
    }
    let p = with(
        with(fixture("location"), "Latitude", Some("-90")),
        "Longitude",
        Some("180.000"),
    );
    assert!(parse_inbound(&p).is_ok());
    let p = with(fixture("location"), "Longitude", None);
    assert_eq!(
        parse_inbound(&p).unwrap_err().problems()[0].code(),
        LOCATION_INVALID
    );
    let many: Vec<(String, String)> = (0..201).map(|i| (format!("X{i}"), String::new())).collect();
    assert_eq!(parse_inbound(&many).unwrap_err().code(), "INPUT_TOO_LARGE");
}

/// `params` plus an `XPad` parameter that brings names and values to exactly `total` bytes.
fn padded(mut params: Vec<(String, String)>, total: usize) -> Vec<(String, String)> {
    let used: usize = params.iter().map(|(k, v)| k.len() + v.len()).sum();
    params.push(("XPad".into(), "p".repeat(total - used - 4)));
    params
}

#[wasm_bindgen_test(unsupported = test)]
fn webhook_parameters_are_capped_in_count_and_bytes() {
    let at = padded(fixture("media"), MAX_PARAMS_BYTES);
    let bytes: usize = at.iter().map(|(k, v)| k.len() + v.len()).sum();
    assert_eq!(bytes, MAX_PARAMS_BYTES);
    assert!(parse_inbound(&at).unwrap().extra.contains_key("XPad"));
    let past = padded(fixture("media"), MAX_PARAMS_BYTES + 1);
    let e = parse_inbound(&past).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", Some("params")));

    assert!(parse_status(&padded(fixture("delivered"), MAX_PARAMS_BYTES)).is_ok());
    let e = parse_status(&padded(fixture("delivered"), MAX_PARAMS_BYTES + 1)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", Some("params")));

    // The count, at and one past MAX_PARAMS.
    let many = |n: usize| -> Vec<(String, String)> {
        let mut p = fixture("text");
        let have = p.len();
        p.extend((have..n).map(|i| (format!("X{i}"), String::new())));
        p
    };
    assert!(parse_inbound(&many(MAX_PARAMS)).is_ok());
    let e = parse_inbound(&many(MAX_PARAMS + 1)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("INPUT_TOO_LARGE", Some("params")));
}

#[wasm_bindgen_test(unsupported = test)]
fn validates_inbound_against_the_configuration() {
    let cfg = config();
    let v = validate_inbound(&parse_inbound(&fixture("media")).unwrap(), &cfg).unwrap();
    assert_eq!(v.workstream_id, "support");
    assert!(v.deliver_media && v.media_problems.is_empty() && v.auto_reply.is_none());

    // Customers may not send attachments in sales-uk: the text is delivered, the file is not.
    let uk = with(fixture("media"), "To", Some("whatsapp:+442071838750"));
    let v = validate_inbound(&parse_inbound(&uk).unwrap(), &cfg).unwrap();
    assert_eq!(v.workstream_id, "sales-uk");
    assert!(!v.deliver_media);
    assert_eq!(v.media_problems[0].code(), CUSTOMER_ATTACHMENTS_NOT_ALLOWED);
    assert_eq!(
        v.auto_reply.as_deref(),
        Some("Sorry, please describe it in words: we can't open files.")
    );
    // A text message there is fine.
    let uk_text = with(fixture("text"), "To", Some("whatsapp:+442071838750"));
    assert!(
        validate_inbound(&parse_inbound(&uk_text).unwrap(), &cfg)
            .unwrap()
            .deliver_media
    );

    let br = with(fixture("media"), "To", Some("whatsapp:+5511987654321"));
    let v = validate_inbound(&parse_inbound(&br).unwrap(), &cfg).unwrap();
    assert_eq!(v.media_problems[0].code(), ATTACHMENTS_DISABLED);
    assert_eq!(v.auto_reply, None);

    let gif = with(fixture("media"), "MediaContentType0", Some("image/gif"));
    let v = validate_inbound(&parse_inbound(&gif).unwrap(), &cfg).unwrap();
    assert_eq!(v.media_problems[0].code(), MEDIA_TYPE_NOT_ALLOWED);
    assert_eq!(
        v.auto_reply.as_deref(),
        Some("Sorry, we can't receive files here.")
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn rejects_webhooks_for_other_accounts_and_numbers() {
    let cfg = config();
    let p = with(
        with(
            fixture("text"),
            "AccountSid",
            Some("ACffffffffffffffffffffffffffffffff"),
        ),
        "To",
        Some("whatsapp:+442071838799"),
    );
    let e = validate_inbound(&parse_inbound(&p).unwrap(), &cfg).unwrap_err();
    assert_eq!(e.code(), INBOUND_REJECTED);
    assert_eq!(
        problem_codes(&e),
        vec![
            (ACCOUNT_MISMATCH, Some("AccountSid")),
            (NUMBER_NOT_CONFIGURED, Some("To"))
        ]
    );
    let p = with(fixture("text"), "To", Some("whatsapp:+442071838751"));
    let e = validate_inbound(&parse_inbound(&p).unwrap(), &cfg).unwrap_err();
    assert_eq!(problem_codes(&e), vec![(NUMBER_DISABLED, Some("To"))]);
    let mut cfg2 = config();
    cfg2.workstreams.retain(|w| w.id != "support");
    let e = validate_inbound(&parse_inbound(&fixture("text")).unwrap(), &cfg2).unwrap_err();
    assert_eq!(problem_codes(&e), vec![(NO_WORKSTREAM, Some("To"))]);
    // Sandbox mode: the sandbox number need not be listed among the numbers.
    let mut sb = config();
    sb.numbers.retain(|n| n.number != "+14155238886");
    assert!(validate_inbound(&parse_inbound(&fixture("text")).unwrap(), &sb).is_err());
    sb.sandbox = Some(wa_guard::config::Sandbox {
        enabled: true,
        join_keyword: "clear-sky".into(),
    });
    assert!(
        validate_inbound(&parse_inbound(&fixture("text")).unwrap(), &sb)
            .unwrap()
            .sandbox
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn status_callbacks() {
    let s = parse_status(&fixture("delivered")).unwrap();
    assert_eq!(s.status, MessageStatus::Delivered);
    // Numbers as everywhere else (E.164, as `Inbound`); the addresses as sent (issue 21).
    assert_eq!(
        s.from.as_deref(),
        s.from_address
            .as_deref()
            .and_then(|a| a.strip_prefix("whatsapp:"))
    );
    assert!(s.from.as_deref().is_some_and(|n| n.starts_with('+')));
    assert!(s.to.as_deref().is_some_and(|n| n.starts_with('+')));
    assert!(s
        .to_address
        .as_deref()
        .is_some_and(|a| a.starts_with("whatsapp:+")));
    assert!(!s.status.is_final());
    assert_eq!(s.channel_prefix.as_deref(), Some("whatsapp"));
    assert!(s.extra.contains_key("ChannelInstallSid") && s.extra.contains_key("SmsSid"));
    let s = parse_status(&fixture("failed")).unwrap();
    assert_eq!(
        (s.status, s.error_code),
        (MessageStatus::Failed, Some(63016))
    );
    assert!(s.status.is_final());
    assert!(s
        .error_message
        .unwrap()
        .contains("outside the allowed window"));
    for st in [
        "queued",
        "sending",
        "sent",
        "undelivered",
        "receiving",
        "received",
        "accepted",
        "scheduled",
        "read",
        "partially_delivered",
        "canceled",
    ] {
        assert!(MessageStatus::from_name(st).is_some(), "{st}");
    }
    let e = parse_status(&with(
        fixture("delivered"),
        "MessageStatus",
        Some("exploded"),
    ))
    .unwrap_err();
    assert_eq!(
        (e.code(), problem_codes(&e)),
        (
            STATUS_INVALID,
            vec![(STATUS_UNKNOWN, Some("MessageStatus"))]
        )
    );
    let e = parse_status(&with(
        with(fixture("failed"), "ErrorCode", Some("6301x")),
        "MessageSid",
        None,
    ))
    .unwrap_err();
    assert_eq!(
        problem_codes(&e),
        vec![
            (PARAMETER_MISSING, Some("MessageSid")),
            (NUMBER_PARAMETER_INVALID, Some("ErrorCode"))
        ]
    );
}

// ---- outbound composition ----

const NOW: i64 = 1_795_000_000_000; // 2026-11-18
const HOUR: i64 = 3_600_000;
const ORDER_UPDATE: &str = "HX0123456789abcdef0123456789abcdef";
const SPRING_SALE: &str = "HXfedcba9876543210fedcba9876543210";

fn text(body: &str) -> Content {
    Content::Text {
        body: body.into(),
        media: vec![],
    }
}

fn request(content: Content) -> OutboundRequest {
    OutboundRequest {
        workstream_id: "support".into(),
        to: "whatsapp:+447400123456".into(),
        last_inbound_at: Some(NOW - 2 * HOUR),
        sandbox_joined_at: None,
        content,
        now: NOW,
        status_callback: None,
    }
}

fn rejected(cfg: &Config, req: &OutboundRequest) -> Vec<(&'static str, Option<String>)> {
    let e = compose_outbound(cfg, req).unwrap_err();
    assert_eq!(e.code(), OUTBOUND_REJECTED);
    e.problems()
        .iter()
        .map(|p| (p.code(), p.path().map(str::to_string)))
        .collect()
}

fn p(code: &'static str, path: &str) -> (&'static str, Option<String>) {
    (code, Some(path.to_string()))
}

#[wasm_bindgen_test(unsupported = test)]
fn free_text_inside_the_window() {
    let out =
        compose_outbound(&config(), &request(text("Hi Ana, your parcel left today."))).unwrap();
    assert_eq!(out.to, "whatsapp:+447400123456");
    assert_eq!(out.from.as_deref(), Some("whatsapp:+14155238886"));
    assert_eq!(out.body.as_deref(), Some("Hi Ana, your parcel left today."));
    assert!(
        out.content_sid.is_none() && out.media_url.is_none() && out.messaging_service_sid.is_none()
    );
    assert_eq!(
        out.to_form(),
        "To=whatsapp%3A%2B447400123456&From=whatsapp%3A%2B14155238886&Body=Hi+Ana%2C+your+parcel+left+today."
    );
    // A bare E.164 recipient is accepted too.
    let mut r = request(text("Hi"));
    r.to = "+447400123456".into();
    assert_eq!(
        compose_outbound(&config(), &r).unwrap().to,
        "whatsapp:+447400123456"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn media_with_a_caption_and_through_a_messaging_service() {
    let media = vec![wa_guard::media::MediaItem {
        content_type: "image/jpeg".into(),
        size: Some(800_000),
        url: Some("https://cdn.example.com/label.jpg".into()),
        animated: false,
    }];
    let out = compose_outbound(
        &config(),
        &request(Content::Text {
            body: "Your label".into(),
            media: media.clone(),
        }),
    )
    .unwrap();
    assert_eq!(
        out.media_url.as_deref(),
        Some("https://cdn.example.com/label.jpg")
    );
    assert_eq!(out.body.as_deref(), Some("Your label"));
    let out = compose_outbound(
        &config(),
        &request(Content::Text {
            body: String::new(),
            media,
        }),
    )
    .unwrap();
    assert!(out.body.is_none());
    // brasil sends through its Messaging Service: no From.
    let mut r = request(text("Olá!"));
    r.workstream_id = "brasil".into();
    let out = compose_outbound(&config(), &r).unwrap();
    assert_eq!(
        out.messaging_service_sid.as_deref(),
        Some("MG0123456789abcdef0123456789abcdef")
    );
    assert!(out.from.is_none());
    assert_eq!(out.pairs()[1].0, "MessagingServiceSid");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_window_decides_free_form() {
    let cfg = config();
    let mut r = request(text("Hi"));
    r.last_inbound_at = Some(NOW - 24 * HOUR);
    assert_eq!(rejected(&cfg, &r), vec![p("WINDOW_CLOSED", "content")]);
    r.last_inbound_at = Some(NOW - 24 * HOUR + 1);
    assert!(compose_outbound(&cfg, &r).is_ok());
    r.last_inbound_at = None;
    assert_eq!(rejected(&cfg, &r), vec![p("WINDOW_CLOSED", "content")]);
    r.last_inbound_at = Some(NOW + HOUR);
    assert_eq!(
        rejected(&cfg, &r),
        vec![p("EVENT_IN_FUTURE", "lastInboundAt")]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn every_violation_at_once() {
    let cfg = config();
    let mut r = request(Content::Text {
        body: "x".repeat(1601),
        media: vec![
            wa_guard::media::MediaItem {
                content_type: "application/pdf".into(),
                size: Some(17_000_000),
                url: None,
                animated: false,
            },
            wa_guard::media::MediaItem {
                content_type: "image/png".into(),
                size: None,
                url: Some("https://x.example/a.png".into()),
                animated: false,
            },
        ],
    });
    r.workstream_id = "sales-uk".into();
    r.to = "whatsapp:+44 7400".into();
    r.last_inbound_at = Some(NOW - 30 * HOUR);
    assert_eq!(
        rejected(&cfg, &r),
        vec![
            p("E164_INVALID_CHARACTER", "to"),
            p("WINDOW_CLOSED", "content"),
            p("BODY_TOO_LONG", "content.body"),
            ("AGENT_ATTACHMENTS_NOT_ALLOWED", Some("content".into())),
            p("TOO_MANY_MEDIA", "content.media[1]"),
            p("MEDIA_TOO_LARGE", "content.media[0].size"),
            p("CAPTION_NOT_ALLOWED", "content.body"),
            p("PARAMETER_MISSING", "content.media[0].url"),
        ]
    );
    assert_eq!(
        rejected(&cfg, &request(text("  "))),
        vec![p("MESSAGE_EMPTY", "content.body")]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn templates_by_content_sid_at_any_time() {
    let mut r = request(Content::Template {
        content_sid: format!("HX{}", ORDER_UPDATE[2..].to_uppercase()),
        variables: vec!["Ana".into(), "#12345".into(), "Friday".into()].into(),
    });
    r.last_inbound_at = None; // never wrote: templates are still allowed
    let out = compose_outbound(&config(), &r).unwrap();
    assert_eq!(out.content_sid.as_deref(), Some(ORDER_UPDATE));
    assert_eq!(
        out.content_variables.as_deref(),
        Some(r##"{"1":"Ana","2":"#12345","3":"Friday"}"##)
    );
    assert!(out.body.is_none() && out.media_url.is_none());
    assert_eq!(
        out.pairs().iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["To", "From", "ContentSid", "ContentVariables"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn template_problems() {
    let cfg = config();
    let t = |sid: &str, vars: &[&str]| {
        request(Content::Template {
            content_sid: sid.into(),
            variables: vars
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .into(),
        })
    };
    assert_eq!(
        rejected(&cfg, &t("HX00000000000000000000000000000000", &["a"])),
        vec![p("TEMPLATE_NOT_FOUND", "content.contentSid")]
    );
    let codes = rejected(&cfg, &t(ORDER_UPDATE, &["Ana", "", "line\nbreak"]));
    assert_eq!(
        codes,
        vec![
            p("VARIABLE_EMPTY", "content.variables.2"),
            p("VARIABLE_NEWLINE", "content.variables.3")
        ]
    );
    let codes = rejected(&cfg, &t(ORDER_UPDATE, &["Ana"]));
    assert!(
        codes.iter().all(|(c, _)| *c == "VARIABLE_MISSING"),
        "{codes:?}"
    );
    // At most template::MAX_VARIABLES values: at the limit the extra ones are VARIABLE_EXTRA,
    // one past is INPUT_TOO_LARGE at `content.variables`.
    let max = wa_guard::template::MAX_VARIABLES;
    let codes = rejected(&cfg, &t(ORDER_UPDATE, &vec!["v"; max]));
    assert_eq!(codes.len(), max - 3);
    assert!(
        codes.iter().all(|(c, _)| *c == "VARIABLE_EXTRA"),
        "{codes:?}"
    );
    assert_eq!(
        rejected(&cfg, &t(ORDER_UPDATE, &vec!["v"; max + 1])),
        vec![p("INPUT_TOO_LARGE", "content.variables")]
    );
    // Marketing to +1 is refused (63049); to +44 it is fine.
    let mut us = t(SPRING_SALE, &["Ana"]);
    us.to = "whatsapp:+12025550123".into();
    assert_eq!(
        rejected(&cfg, &us),
        vec![p("MARKETING_TEMPLATE_TO_US", "content.contentSid")]
    );
    assert!(compose_outbound(&cfg, &t(SPRING_SALE, &["Ana"])).is_ok());
    // Only US recipients are paused: Canada and Jamaica share +1 and receive marketing (issue 22).
    for to in ["whatsapp:+14165550123", "+18765550123"] {
        let mut other = t(SPRING_SALE, &["Ana"]);
        other.to = to.into();
        assert!(compose_outbound(&cfg, &other).is_ok(), "{to}");
    }
    let mut pr = t(SPRING_SALE, &["Ana"]);
    pr.to = "+17875550123".into(); // Puerto Rico: treated as the US (README "Channel rules")
    assert_eq!(
        rejected(&cfg, &pr),
        vec![p("MARKETING_TEMPLATE_TO_US", "content.contentSid")]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn sender_recipient_and_configuration_problems() {
    let cfg = config();
    let mut r = request(text("Hi"));
    r.to = "+14155238886".into();
    assert_eq!(
        rejected(&cfg, &r),
        vec![p("SAME_SENDER_AND_RECIPIENT", "to")]
    );
    r.workstream_id = "nope".into();
    r.to = "+1".into();
    assert_eq!(
        rejected(&cfg, &r),
        vec![
            p("WORKSTREAM_NOT_FOUND", "workstreamId"),
            p("E164_TOO_SHORT", "to")
        ]
    );
    let mut cfg2 = config();
    cfg2.workstreams[1].number = "+442071838751".into(); // the disabled number
    let mut r = request(text("Hi"));
    r.workstream_id = "sales-uk".into();
    assert_eq!(
        rejected(&cfg2, &r),
        vec![p("NUMBER_DISABLED", "workstream.number")]
    );
    cfg2.workstreams[1].number = "+442071838799".into(); // not among the numbers
    assert_eq!(
        rejected(&cfg2, &r),
        vec![p("NUMBER_NOT_CONFIGURED", "workstream.number")]
    );
    cfg2.workstreams[1].number = "+44207".into();
    assert_eq!(
        rejected(&cfg2, &r),
        vec![
            p("NUMBER_NOT_CONFIGURED", "workstream.number"),
            p("E164_TOO_SHORT", "workstream.number")
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn sandbox_recipients_must_have_joined_within_3_days() {
    let mut cfg = config();
    cfg.sandbox = Some(wa_guard::config::Sandbox {
        enabled: true,
        join_keyword: "clear-sky".into(),
    });
    cfg.numbers.retain(|n| n.number != "+14155238886");
    let mut r = request(text("Hi"));
    assert_eq!(
        rejected(&cfg, &r),
        vec![p("SANDBOX_NOT_JOINED", "sandboxJoinedAt")]
    );
    r.sandbox_joined_at = Some(NOW - 72 * HOUR);
    assert_eq!(
        rejected(&cfg, &r),
        vec![p("SANDBOX_SESSION_EXPIRED", "sandboxJoinedAt")]
    );
    r.sandbox_joined_at = Some(NOW - 71 * HOUR);
    assert_eq!(
        compose_outbound(&cfg, &r).unwrap().from.as_deref(),
        Some("whatsapp:+14155238886")
    );
}

// ---- issue 18, item 2: the status order is the core's (the worker asked a table of its own) ----

#[wasm_bindgen_test(unsupported = test)]
fn status_rank_orders_a_messages_life() {
    use wa_guard::message::{status_rank, MessageStatus};
    let life = [
        "scheduled",
        "accepted",
        "queued",
        "sending",
        "sent",
        "delivered",
        "read",
    ];
    let ranks: Vec<u8> = life.iter().map(|s| status_rank(s).unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    // Final outcomes of the same step share a rank; a late `sent` never replaces `delivered`.
    assert_eq!(
        status_rank("undelivered").unwrap(),
        status_rank("delivered").unwrap()
    );
    assert_eq!(
        status_rank("failed").unwrap(),
        status_rank("canceled").unwrap()
    );
    assert!(status_rank("sent").unwrap() < status_rank("failed").unwrap());
    assert!(status_rank("receiving").unwrap() < status_rank("received").unwrap());
    assert_eq!(
        MessageStatus::from_name("read").unwrap().rank(),
        status_rank("read").unwrap()
    );
    let e = status_rank("Delivered").unwrap_err();
    assert_eq!((e.code(), e.path()), ("STATUS_UNKNOWN", Some("status")));
    let long = "x".repeat(10_000);
    assert!(status_rank(&long).unwrap_err().message().len() < 200);
}

// ---- issue 21: keyed values, status callbacks, the twilio SDK's options ----

#[wasm_bindgen_test(unsupported = test)]
fn keyed_template_values_render_as_positional_ones() {
    let keyed = request(Content::Template {
        content_sid: ORDER_UPDATE.into(),
        variables: Variables::Keyed(vec![
            ("2".into(), "#12345".into()),
            ("1".into(), "Ana".into()),
            ("3".into(), "Friday".into()),
        ]),
    });
    let out = compose_outbound(&config(), &keyed).unwrap();
    assert_eq!(
        out.content_variables.as_deref(),
        Some(r##"{"1":"Ana","2":"#12345","3":"Friday"}"##)
    );
    let bad = request(Content::Template {
        content_sid: ORDER_UPDATE.into(),
        variables: Variables::Keyed(vec![("1".into(), "Ana".into()), ("x".into(), "?".into())]),
    });
    let codes = rejected(&config(), &bad);
    assert!(
        codes.iter().any(|(c, _)| *c == "VARIABLE_EXTRA"),
        "{codes:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn status_callback_when_the_number_asks_for_it() {
    let mut cfg = config();
    let r = request(text("Hi"));
    // No callbackBaseUrl, no URL given: none.
    assert_eq!(compose_outbound(&cfg, &r).unwrap().status_callback, None);
    cfg.callback_base_url = Some("https://edge.example.com/".into());
    let out = compose_outbound(&cfg, &r).unwrap();
    assert_eq!(
        out.status_callback.as_deref(),
        Some("https://edge.example.com/twilio/status")
    );
    assert_eq!(out.pairs().last().map(|p| p.0), Some("StatusCallback"));
    let mut given = request(text("Hi"));
    given.status_callback = Some("https://hooks.example.com/status?send=7".into());
    assert_eq!(
        compose_outbound(&cfg, &given)
            .unwrap()
            .status_callback
            .as_deref(),
        Some("https://hooks.example.com/status?send=7")
    );
    given.status_callback = Some("ftp://x".into());
    assert_eq!(
        rejected(&cfg, &given),
        vec![p(STATUS_CALLBACK_INVALID, "statusCallback")]
    );
    // The number's settings turn them off, whatever the request says.
    for n in &mut cfg.numbers {
        n.settings.status_callbacks = false;
    }
    given.status_callback = Some("https://hooks.example.com/status".into());
    assert_eq!(
        compose_outbound(&cfg, &given).unwrap().status_callback,
        None
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn messages_create_options_use_the_sdk_names() {
    let rest: Vec<(String, String)> = [
        ("To", "whatsapp:+447400123456"),
        ("From", "whatsapp:+14155238886"),
        ("Body", "Your label"),
        ("MediaUrl", "https://cdn.example.com/l.png"),
        ("StatusCallback", "https://edge.example.com/twilio/status"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let o = messages_create_options(&rest).unwrap();
    assert_eq!(
        serde_json::to_value(&o).unwrap(),
        serde_json::json!({
            "to": "whatsapp:+447400123456", "from": "whatsapp:+14155238886", "body": "Your label",
            "mediaUrl": ["https://cdn.example.com/l.png"],
            "statusCallback": "https://edge.example.com/twilio/status"
        })
    );
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    for (bad, path) in [
        (pairs(&[("To", "a"), ("Foo", "b")]), "Foo"),
        (pairs(&[("To", "a"), ("To", "b")]), "To"),
        (pairs(&[("Body", "b")]), "To"),
    ] {
        let e = messages_create_options(&bad).unwrap_err();
        assert_eq!((e.code(), e.path()), ("INVALID_ARGUMENT", Some(path)));
    }
    let two = messages_create_options(&pairs(&[
        ("To", "a"),
        ("MediaUrl", "u1"),
        ("MediaUrl", "u2"),
    ]))
    .unwrap();
    assert_eq!(two.media_url, ["u1", "u2"]);
}

// ---- issue 18, item 2: a status callback is checked and filed by the core, not the worker ----

#[wasm_bindgen_test(unsupported = test)]
fn status_callbacks_are_checked_against_the_configuration() {
    use wa_guard::message::{validate_status, StatusVerdict};
    let cfg = config();
    let s = parse_status(&fixture("delivered")).unwrap();
    assert_eq!(
        validate_status(&s, &cfg).unwrap(),
        StatusVerdict {
            business: "+14155238886".into(),
            customer: "+447400123456".into(),
        }
    );
    // Another account: not a webhook of this channel.
    let other = with(
        fixture("delivered"),
        "AccountSid",
        Some("ACffffffffffffffffffffffffffffffff"),
    );
    let e = validate_status(&parse_status(&other).unwrap(), &cfg).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("ACCOUNT_MISMATCH", Some("AccountSid"))
    );
    // Without From and To it cannot be filed: each is named.
    let bare = with(with(fixture("delivered"), "From", None), "To", None);
    let e = validate_status(&parse_status(&bare).unwrap(), &cfg).unwrap_err();
    assert_eq!(e.code(), "STATUS_INVALID");
    assert_eq!(
        problem_codes(&e),
        [
            ("PARAMETER_MISSING", Some("From")),
            ("PARAMETER_MISSING", Some("To"))
        ]
    );
    // A Mexican customer's WhatsApp form files under the same key as the number without the 1.
    let mx = with(fixture("delivered"), "To", Some("whatsapp:+5215512345678"));
    let v = validate_status(&parse_status(&mx).unwrap(), &cfg).unwrap();
    assert_eq!(v.customer, "+525512345678");
}
