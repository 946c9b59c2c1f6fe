#![cfg(not(target_arch = "wasm32"))]
//! Property tests of *valid* configurations (`config.rs` beside this file covers arbitrary ones): every
//! generated valid config passes `validate`, survives a JSON round trip unchanged and still
//! passes; `update_number_settings` with a valid patch keeps it valid and changes only that number.
use proptest::prelude::*;
use wa_guard::config::*;
use wa_guard::secret::Secret;
use wa_guard::template::{Category, Template};

const LANGS: &[&str] = &["en", "es", "pt_BR", "fr", "de", "en_GB", "zh_CN", "fil"];
const WORDS: &[&str] = &[
    "your", "order", "olá", "pedido", "número", "is", "ready", "today", "día", "🙂",
];

fn hex(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(b"0123456789abcdefABCDEF".to_vec()), n)
        .prop_map(|v| v.into_iter().map(char::from).collect())
}

fn name() -> impl Strategy<Value = String> {
    "\\PC{1,40}".prop_filter("not blank", |s| !s.trim().is_empty())
}

/// A body with `n` placeholders that obeys WhatsApp's rules (sequential, not adjacent, not at the
/// start or end, enough words around them).
fn body() -> impl Strategy<Value = String> {
    (
        0usize..4,
        proptest::collection::vec(prop::sample::select(WORDS), 12),
    )
        .prop_map(|(n, w)| {
            let mut s = String::new();
            for k in 1..=n {
                s.push_str(&format!("{} {} {{{{{k}}}}} ", w[2 * k], w[2 * k + 1]));
            }
            s.push_str(&format!("{} {}.", w[0], w[1]));
            s
        })
}

fn category() -> impl Strategy<Value = Option<Category>> {
    prop::option::of(prop_oneof![
        Just(Category::Marketing),
        Just(Category::Utility),
        Just(Category::Authentication)
    ])
}

/// Distinct valid numbers: US 415-555-01xx style and Brazilian mobiles.
fn numbers() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set(0u32..10_000, 1..5).prop_map(|set| {
        set.into_iter()
            .map(|i| {
                if i % 2 == 0 {
                    format!("+1415555{i:04}")
                } else {
                    format!("+55119{i:04}0123")
                }
            })
            .collect()
    })
}

fn config() -> impl Strategy<Value = Config> {
    (
        hex(32),
        prop::option::of(hex(32)),
        prop::option::of(hex(32)),
        numbers(),
        any::<bool>(),
        proptest::collection::vec(
            (
                name(),
                prop::option::of(hex(32)),
                any::<bool>(),
                any::<bool>(),
            ),
            5,
        ),
        proptest::collection::vec(
            (
                name(),
                prop::sample::select(LANGS),
                any::<(bool, bool, bool)>(),
                proptest::collection::vec((prop::sample::select(LANGS), body(), category()), 0..4),
                prop::option::of("\\PC{1,80}".prop_filter("not blank", |s| !s.trim().is_empty())),
            ),
            5,
        ),
        "[a-z]{3,10}-[a-z]{3,10}",
        prop::option::of(prop_oneof![
            Just("https://edge.example.com".to_string()),
            Just("http://127.0.0.1:8787/".to_string()),
            Just("https://wa.example.org:8443/hooks".to_string()),
        ]),
    )
        .prop_map(
            |(sid, tok, tok2, nums, sandbox, nsettings, wsettings, keyword, base)| {
                let mut numbers: Vec<WhatsAppNumber> = nums
                    .iter()
                    .zip(&nsettings)
                    .map(|(n, (nm, mg, en, sc))| WhatsAppNumber {
                        name: nm.clone(),
                        number: n.clone(),
                        settings: NumberSettings {
                            enabled: *en,
                            messaging_service_sid: mg.as_ref().map(|h| format!("MG{h}")),
                            status_callbacks: *sc,
                        },
                    })
                    .collect();
                if sandbox {
                    numbers.push(WhatsAppNumber {
                        name: "Sandbox".into(),
                        number: SANDBOX_NUMBER.into(),
                        settings: NumberSettings::default(),
                    });
                }
                // One workstream per number (some numbers may have none).
                let workstreams = numbers
                    .iter()
                    .zip(&wsettings)
                    .enumerate()
                    .filter(|(i, _)| i % 3 != 2)
                    .map(|(i, (n, (nm, lang, (on, cust, agents), tpls, refused)))| {
                        let mut templates: Vec<Template> = Vec::new();
                        for (j, (tl, b, c)) in tpls.iter().enumerate() {
                            templates.push(Template {
                                sid: format!("HX{:032x}", i * 100 + j),
                                name: format!("tpl_{j}"),
                                language: tl.to_string(),
                                body: b.clone(),
                                category: *c,
                            });
                        }
                        if !templates.is_empty() {
                            templates.push(Template {
                                sid: format!("HX{:032x}", i * 100 + 99),
                                name: "default".into(),
                                language: lang.to_string(),
                                body: "Hello, how can we help you today?".into(),
                                category: Some(Category::Utility),
                            });
                        }
                        Workstream {
                            id: format!("ws-{i}"),
                            name: nm.clone(),
                            number: n.number.clone(),
                            language: lang.to_string(),
                            attachments: AttachmentSettings {
                                enabled: *on,
                                customers_may_send: *cust,
                                agents_may_send: *agents,
                            },
                            templates,
                            content_templates: Vec::new(),
                            automated_messages: AutomatedMessages {
                                attachment_refused: refused.clone(),
                            },
                        }
                    })
                    .collect();
                Config {
                    version: 1,
                    account: Account {
                        account_sid: format!("AC{sid}"),
                        auth_token: tok.map(Secret::new),
                        secondary_auth_token: tok2.map(Secret::new),
                    },
                    callback_base_url: base,
                    numbers,
                    workstreams,
                    sandbox: sandbox.then_some(Sandbox {
                        enabled: true,
                        join_keyword: keyword,
                    }),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn valid_configs_round_trip_through_json_unchanged(c in config()) {
        prop_assert_eq!(validate(&c), vec![]);
        let json = serde_json::to_string(&c).unwrap();
        let back: Config = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        prop_assert_eq!(validate(&back), vec![]);
    }

    #[test]
    fn valid_patches_keep_configs_valid(c in config(), enabled in any::<bool>(), mg in prop::option::of(hex(32))) {
        let target = c.numbers[0].number.clone();
        let patch = NumberSettingsPatch {
            enabled: Some(enabled),
            messaging_service_sid: Some(mg.clone().map(|h| format!("MG{h}"))),
            status_callbacks: None,
        };
        let next = update_number_settings(&c, &target, &patch).unwrap();
        prop_assert_eq!(validate(&next), vec![]);
        prop_assert_eq!(next.numbers[0].settings.enabled, enabled);
        prop_assert_eq!(&next.numbers[1..], &c.numbers[1..]);
        prop_assert_eq!(&next.workstreams, &c.workstreams);
    }
}
