//! Bodies, inbound webhooks, status callbacks (and outbound composition), natively and in wasm.
use wa_guard::config::Config;
use wa_guard::form;
use wa_guard::media::{
    MediaKind, ATTACHMENTS_DISABLED, CUSTOMER_ATTACHMENTS_NOT_ALLOWED, MEDIA_TYPE_NOT_ALLOWED,
};
use wa_guard::message::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

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
    e.problems
        .iter()
        .map(|p| (p.code, p.path.as_deref()))
        .collect()
}

#[test]
fn bodies() {
    assert!(check_body("Hi", false).is_empty());
    assert!(check_body("", true).is_empty());
    assert!(check_body(&"é".repeat(1600), false).is_empty());
    let p = check_body(&"🙂".repeat(1601), false);
    assert_eq!(p[0].code, BODY_TOO_LONG);
    assert_eq!(
        (p[0].span.unwrap().start, p[0].span.unwrap().end),
        (1600, 1601)
    );
    assert_eq!(check_body("", false)[0].code, MESSAGE_EMPTY);
    assert_eq!(check_body(" \n ", false)[0].code, MESSAGE_EMPTY);
}

#[test]
fn sids() {
    assert!(is_sid(AC, "AC"));
    assert!(!is_sid(AC, "MG"));
    assert!(!is_sid("AC0123", "AC"));
    assert!(!is_sid("AC0123456789abcdef0123456789abcdeg", "AC"));
}

#[test]
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

#[test]
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

#[test]
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

#[test]
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
    assert_eq!(e.code, INBOUND_INVALID);
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

#[test]
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
    assert_eq!(e.problems[0].code, MEDIA_PARAMETERS_INVALID);
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
            parse_inbound(&p).unwrap_err().problems[0].code,
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
        parse_inbound(&p).unwrap_err().problems[0].code,
        LOCATION_INVALID
    );
    let many: Vec<(String, String)> = (0..201).map(|i| (format!("X{i}"), String::new())).collect();
    assert_eq!(parse_inbound(&many).unwrap_err().code, "INPUT_TOO_LARGE");
}

#[test]
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
    assert_eq!(v.media_problems[0].code, CUSTOMER_ATTACHMENTS_NOT_ALLOWED);
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
    assert_eq!(v.media_problems[0].code, ATTACHMENTS_DISABLED);
    assert_eq!(v.auto_reply, None);

    let gif = with(fixture("media"), "MediaContentType0", Some("image/gif"));
    let v = validate_inbound(&parse_inbound(&gif).unwrap(), &cfg).unwrap();
    assert_eq!(v.media_problems[0].code, MEDIA_TYPE_NOT_ALLOWED);
    assert_eq!(
        v.auto_reply.as_deref(),
        Some("Sorry, we can't receive files here.")
    );
}

#[test]
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
    assert_eq!(e.code, INBOUND_REJECTED);
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

#[test]
fn status_callbacks() {
    let s = parse_status(&fixture("delivered")).unwrap();
    assert_eq!(s.status, MessageStatus::Delivered);
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
        (e.code, problem_codes(&e)),
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
