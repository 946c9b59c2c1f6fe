//! Native criterion microbenchmarks of the hot paths: form decoding (every webhook), the signed
//! string + HMAC of a webhook (compute, verify), the template index, E.164 parsing. Run: `cargo bench --bench hot_paths`
//! (or `pkg-scripts/bench`, which runs them with a short measurement time).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use wa_guard::form;

/// A realistic WhatsApp inbound webhook body (18 parameters, ~700 bytes), as Twilio posts it.
pub const WEBHOOK_BODY: &str = include_str!("data/webhook-body.txt");

fn form_decoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("form");
    g.throughput(Throughput::Bytes(WEBHOOK_BODY.len() as u64));
    g.bench_function("decode webhook body", |b| {
        b.iter(|| form::decode(black_box(WEBHOOK_BODY)))
    });
    let pairs = form::decode(WEBHOOK_BODY).unwrap_or_default();
    g.bench_function("encode webhook body", |b| {
        b.iter(|| {
            form::encode(
                black_box(&pairs)
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str())),
            )
        })
    });
    g.finish();
}

fn numbers(c: &mut Criterion) {
    use wa_guard::number;
    let mut g = c.benchmark_group("number");
    g.bench_function("parse_e164 strict", |b| {
        b.iter(|| number::parse_e164(black_box("+5511987654321")))
    });
    g.bench_function("normalize_e164 national GB", |b| {
        b.iter(|| number::normalize_e164(black_box("020 7183 8750"), Some("GB")))
    });
    g.bench_function("parse_whatsapp_address", |b| {
        b.iter(|| number::parse_whatsapp_address(black_box("whatsapp:+5511987654321")))
    });
    g.finish();
}

/// `n` distinct, valid templates sharing greetings and sign-offs, as a real registry does (the
/// same shape as the generator of benches/js/bench.mjs).
fn templates(n: usize) -> Vec<wa_guard::template::Template> {
    const WORDS: [&str; 10] = [
        "order",
        "delivery",
        "appointment",
        "invoice",
        "payment",
        "account",
        "ticket",
        "booking",
        "parcel",
        "refund",
    ];
    (0..n)
        .map(|i| {
            let w = WORDS[i % WORDS.len()];
            let greet = ["Hi", "Hello", "Dear", "Good news"][i % 4];
            let tail = match i % 3 {
                0 => format!("The {w} is planned for {{{{2}}}} at {{{{3}}}}. Reply HELP for help."),
                1 => format!("Your {w} number is {{{{2}}}}. Thank you for choosing us."),
                _ => format!("Questions about your {w}? Just reply to this message."),
            };
            wa_guard::template::Template {
                sid: format!("HX{i:032x}"),
                name: format!("tpl_{i}"),
                language: "en".into(),
                body: format!("{greet} {{{{1}}}}, your {w} is ready (ref {i}). {tail}"),
                category: None,
            }
        })
        .collect()
}

fn template_index(c: &mut Criterion) {
    use wa_guard::template::{self, Registry};
    let mut g = c.benchmark_group("template");
    for n in [10usize, 100, 1_000, 10_000] {
        let ts = templates(n);
        let k = (n / 2) - (n / 2) % 3;
        let text = ts
            .get(k)
            .and_then(|t| template::render(t, &["Maria", "2026-12-01", "14:30"]).ok())
            .map(|r| r.text)
            .unwrap_or_default();
        let Ok(reg) = Registry::new(ts.clone()) else {
            continue;
        };
        g.bench_function(format!("match hit, {n} templates"), |b| {
            b.iter(|| reg.match_text(black_box(&text)))
        });
        g.bench_function(format!("match free text, {n} templates"), |b| {
            b.iter(|| reg.match_text(black_box("Hi Maria, your parcel left this morning, sorry!")))
        });
        if n <= 1_000 {
            g.bench_function(format!("build, {n} templates"), |b| {
                b.iter(|| Registry::new(black_box(ts.clone())))
            });
        }
    }
    g.finish();
}

fn signature(c: &mut Criterion) {
    use wa_guard::signature::{self, Payload, Request};
    const TOKEN: &str = "e194669bd11ac3fffcfd4c41b1b927c4";
    const URL: &str = "https://edge.example.com/twilio/whatsapp/inbound?workstream=support";
    let pairs = form::decode(WEBHOOK_BODY).unwrap_or_default();
    let sig = signature::compute(TOKEN, URL, &pairs).unwrap_or_default();
    let mut forged = sig.clone().into_bytes();
    if let Some(b) = forged.get_mut(10) {
        *b = if *b == b'A' { b'B' } else { b'A' };
    }
    let forged = String::from_utf8(forged).unwrap_or_default();
    let mut g = c.benchmark_group("signature");
    g.bench_function("compute (signed string + HMAC-SHA1)", |b| {
        b.iter(|| signature::compute(black_box(TOKEN), black_box(URL), black_box(&pairs)))
    });
    for (name, s) in [("valid", &sig), ("forged", &forged)] {
        g.bench_function(format!("verify form body, {name}"), |b| {
            b.iter(|| {
                let r = Request {
                    settings: None,
                    url: URL,
                    signature: s,
                    payload: Payload::FormBody(black_box(WEBHOOK_BODY)),
                };
                signature::verify(&[TOKEN], &r)
            })
        });
        g.bench_function(format!("verify params, {name}"), |b| {
            b.iter(|| {
                let r = Request {
                    settings: None,
                    url: URL,
                    signature: s,
                    payload: Payload::Params(black_box(&pairs)),
                };
                signature::verify(&[TOKEN], &r)
            })
        });
    }
    let secrets = signature::Secrets::new(&[TOKEN], &[]);
    if let Ok(secrets) = secrets {
        g.bench_function("verify form body, valid, key prepared once", |b| {
            b.iter(|| {
                let r = Request {
                    settings: None,
                    url: URL,
                    signature: &sig,
                    payload: Payload::FormBody(black_box(WEBHOOK_BODY)),
                };
                signature::verify_with(&secrets, &r)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, form_decoding, signature, numbers, template_index);
criterion_main!(benches);
