#![cfg(not(target_arch = "wasm32"))]
//! A stable smoke run of every cargo-fuzz target, in the test command.
//!
//! Coverage-guided fuzzing needs the nightly toolchain and a sanitizer build (`pkg-scripts/fuzz`,
//! minutes per target). This runs the targets' own code (`fuzz/src/<target>.rs`, the same
//! modules the libFuzzer binaries call) on stable, on: every seed and every regression crash kept
//! in `fuzz/`, mutations of them (bit flips, truncations, splices), and pseudo-random inputs
//! from a fixed seed. A target's assertion failing or a panic fails the test, naming the input.

#[path = "../fuzz/src/config.rs"]
mod config;
#[path = "../fuzz/src/content.rs"]
mod content;
#[path = "../fuzz/src/conversation.rs"]
mod conversation;
#[path = "../fuzz/src/e164.rs"]
mod e164;
#[path = "../fuzz/src/form_decode.rs"]
mod form_decode;
#[path = "../fuzz/src/inbound.rs"]
mod inbound;
#[path = "../fuzz/src/signature.rs"]
mod signature;
#[path = "../fuzz/src/template.rs"]
mod template;

use std::path::Path;

/// Random inputs per target (on top of the seeds and their mutations).
const RANDOM_INPUTS: usize = 20_000;
/// Mutations per seed.
const MUTATIONS: usize = 500;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The files of `fuzz/<dir>/<target>/`, if any.
fn corpus(dir: &str, target: &str) -> Vec<Vec<u8>> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&d) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// Bytes that look like the targets' inputs more often than uniform noise does.
const ALPHABET: &[u8] = b"+%&=?#/:.@-_{}[]\",0123456789abcdefxyzABCDEFHXZ \n\t\r\\";

/// Mostly the alphabet above, some non-ASCII characters, rarely a raw (maybe invalid UTF-8)
/// byte: `&str` inputs are built from the longest valid UTF-8 prefix, so invalid bytes end them.
fn random_input(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(300);
    let mut v = Vec::with_capacity(len);
    for _ in 0..len {
        match rng.below(64) {
            0 => v.push(rng.next() as u8),
            1..=6 => {
                let c = ['é', 'ß', '中', '😀', '\u{2028}', '\u{85}', '\u{0}'][rng.below(7)];
                v.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            _ => v.push(ALPHABET[rng.below(ALPHABET.len())]),
        }
    }
    v
}

fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    match rng.below(4) {
        0 if !v.is_empty() => {
            let i = rng.below(v.len());
            v[i] ^= 1 << rng.below(8);
        }
        1 => v.truncate(rng.below(v.len() + 1)),
        2 => {
            let at = rng.below(v.len() + 1);
            let from = rng.below(other.len() + 1);
            v.splice(at..at, other[from..].iter().copied().take(64));
        }
        _ => {
            let i = rng.below(v.len() + 1);
            v.insert(i, ALPHABET[rng.below(ALPHABET.len())]);
        }
    }
    v
}

/// Runs `run` on the seeds, regressions, their mutations and random inputs; returns how many.
fn smoke(target: &str, run: fn(&[u8])) -> usize {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ target.len() as u64);
    let mut known = corpus("seeds", target);
    known.extend(corpus("regressions", target));
    let mut inputs = known.clone();
    for (i, s) in known.iter().enumerate() {
        let other = &known[(i + 1) % known.len()];
        for _ in 0..MUTATIONS {
            inputs.push(mutate(&mut rng, s, other));
        }
    }
    for _ in 0..RANDOM_INPUTS {
        inputs.push(random_input(&mut rng));
    }
    for input in &inputs {
        let r = std::panic::catch_unwind(|| run(input));
        assert!(
            r.is_ok(),
            "fuzz target {target} failed on {:?} (reproduce: write these bytes to a file and run \
             `cd fuzz && cargo +nightly fuzz run {target} <file>`)",
            String::from_utf8_lossy(input)
        );
    }
    inputs.len()
}

#[test]
fn form_decode_smoke() {
    assert!(smoke("form_decode", form_decode::run) > RANDOM_INPUTS);
}

#[test]
fn signature_smoke() {
    assert!(smoke("signature", signature::run) >= RANDOM_INPUTS);
}

#[test]
fn e164_smoke() {
    assert!(smoke("e164", e164::run) > RANDOM_INPUTS);
}

#[test]
fn template_smoke() {
    assert!(smoke("template", template::run) >= RANDOM_INPUTS);
}

#[test]
fn config_smoke() {
    assert!(smoke("config", config::run) > RANDOM_INPUTS);
}

#[test]
fn content_smoke() {
    // Seeds: the public fixture's page, each of its items, nested approvals in an array of pages.
    assert!(smoke("content", content::run) > RANDOM_INPUTS);
}

#[test]
fn inbound_smoke() {
    assert!(smoke("inbound", inbound::run) > RANDOM_INPUTS);
}

#[test]
fn conversation_smoke() {
    // Includes the regression crash of session 1 (an instant out of range).
    assert!(smoke("conversation", conversation::run) > RANDOM_INPUTS);
}
