//! Native criterion microbenchmarks of the hot paths: form decoding (every webhook), the signed
//! string / HMAC of a webhook, the template index, E.164 parsing. Run: `cargo bench --bench hot_paths`
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

criterion_group!(benches, form_decoding, numbers);
criterion_main!(benches);
