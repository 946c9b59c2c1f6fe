#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the configuration's JSON form: any configuration survives a JSON round trip
//! unchanged (what the page saves is what the worker loads), whatever the strings hold.
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use wa_guard::config::{
    Account, AttachmentSettings, AutomatedMessages, Config, NumberSettings, Sandbox,
    WhatsAppNumber, Workstream,
};
use wa_guard::secret::Secret;
use wa_guard::template::{Category, Template};

/// Any text, weighted towards what configs hold (ASCII, accents, emoji, JSON-special characters).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _+:/.-]{0,24}",
        "\\PC{0,16}",
        "[\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}\u{2029}é😀]{0,8}",
    ]
}

fn template() -> impl Strategy<Value = Template> {
    (
        text(),
        text(),
        text(),
        text(),
        option::of(prop_oneof![
            Just(Category::Marketing),
            Just(Category::Utility),
            Just(Category::Authentication),
        ]),
    )
        .prop_map(|(sid, name, language, body, category)| Template {
            sid,
            name,
            language,
            body,
            category,
        })
}

fn number() -> impl Strategy<Value = WhatsAppNumber> {
    (
        text(),
        text(),
        any::<bool>(),
        option::of(text()),
        any::<bool>(),
    )
        .prop_map(
            |(name, number, enabled, messaging_service_sid, status_callbacks)| WhatsAppNumber {
                name,
                number,
                settings: NumberSettings {
                    enabled,
                    messaging_service_sid,
                    status_callbacks,
                },
            },
        )
}

fn workstream() -> impl Strategy<Value = Workstream> {
    (
        (text(), text(), text(), text()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        vec(template(), 0..3),
        option::of(text()),
    )
        .prop_map(
            |((id, name, number, language), (enabled, c, a), templates, refused)| Workstream {
                id,
                name,
                number,
                language,
                attachments: AttachmentSettings {
                    enabled,
                    customers_may_send: c,
                    agents_may_send: a,
                },
                templates,
                content_templates: Vec::new(),
                automated_messages: AutomatedMessages {
                    attachment_refused: refused,
                },
            },
        )
}

fn config() -> impl Strategy<Value = Config> {
    (
        any::<u32>(),
        (text(), option::of(text()), option::of(text())),
        option::of(text()),
        vec(number(), 0..3),
        vec(workstream(), 0..3),
        option::of((any::<bool>(), text())),
    )
        .prop_map(
            |(version, (sid, tok, tok2), callback_base_url, numbers, workstreams, sandbox)| {
                Config {
                    version,
                    account: Account {
                        account_sid: sid,
                        auth_token: tok.map(Secret::new),
                        secondary_auth_token: tok2.map(Secret::new),
                    },
                    callback_base_url,
                    numbers,
                    workstreams,
                    sandbox: sandbox.map(|(enabled, join_keyword)| Sandbox {
                        enabled,
                        join_keyword,
                    }),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// JSON text → back: identical, tokens included (persisting a config keeps its secrets).
    #[test]
    fn config_json_round_trip(c in config()) {
        let json = serde_json::to_string(&c).unwrap();
        let back: Config = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &c);
        // And the JSON form is stable: serialising again gives the same text.
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    /// Pretty-printed JSON (what an admin edits) reads back the same.
    #[test]
    fn config_pretty_json_round_trip(c in config()) {
        let json = serde_json::to_string_pretty(&c).unwrap();
        let back: Config = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, c);
    }

    /// Validation never panics on any configuration, and every problem has a code and a path.
    #[test]
    fn validate_reports_every_problem_with_a_path(c in config()) {
        for p in wa_guard::config::validate(&c) {
            prop_assert!(!p.code().is_empty());
            prop_assert!(p.path().is_some(), "{:?}", p);
        }
    }

    /// The JSON form is camelCase and never leaks Rust field names.
    #[test]
    fn config_json_is_camel_case(c in config()) {
        let v = serde_json::to_value(&c).unwrap();
        let mut stack = vec![&v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m {
                        prop_assert!(!k.contains('_'), "snake_case key {k}");
                        stack.push(x);
                    }
                }
                serde_json::Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
}

#[test]
fn omitted_fields_take_their_documented_defaults() {
    let c: Config = serde_json::from_str(
        r#"{"version":1,"account":{"accountSid":"AC1"},
            "numbers":[{"name":"n","number":"+14155238886"}],
            "workstreams":[{"id":"w","name":"W","number":"+14155238886","language":"en"}]}"#,
    )
    .unwrap();
    assert_eq!(c.numbers[0].settings, NumberSettings::default());
    assert!(c.numbers[0].settings.enabled && c.numbers[0].settings.status_callbacks);
    assert_eq!(c.workstreams[0].attachments, AttachmentSettings::default());
    assert!(!c.workstreams[0].attachments.customer_allowed());
    assert!(c.sandbox.is_none() && c.callback_base_url.is_none());
}

#[test]
fn the_sample_config_is_valid_and_survives_a_json_round_trip() {
    let c: Config = serde_json::from_str(include_str!("../../www/sample-config.json")).unwrap();
    assert_eq!(wa_guard::config::validate(&c), vec![]);
    let back: Config = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    assert_eq!(wa_guard::config::validate(&back), vec![]);
}
