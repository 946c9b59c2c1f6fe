//! Twilio webhook signatures (`X-Twilio-Signature`): [`compute`], [`verify`], [`explain`].
//!
//! The contract is `shared/spec/signature.md`; the reference behaviour is the official `twilio`
//! npm package 6.3.1 (`validateRequest`, `validateRequestWithBody`, `getExpectedTwilioSignature`),
//! which the differential test `tests/js/signature.test.mjs` checks wa-guard against on random
//! requests at every run.
//!
//! # The signed string
//! The URL Twilio requested, then for form-encoded requests every parameter as `name + value`,
//! names sorted by UTF-16 code units (as JS sorts), repeated names' values de-duplicated and
//! sorted. HMAC-SHA1 (a legacy MAC, kept because Twilio uses it) keyed with the auth token, base64.
//! For JSON and other raw bodies Twilio adds `bodySHA256=<hex sha256 of the body>` to the URL and
//! signs the URL alone; the body's hash must then equal that value.
//!
//! # URL candidates
//! The signature is checked against every URL twilio-node 6.3.1 tries, in its order
//! ([`CandidateKind`]): the URL as received without and with its port, then the WHATWG-normalised
//! URL (`new URL(u).toString()`) without/with port, then those with the query re-encoded by Node's
//! legacy `querystring`. Then the two behaviours Twilio documents and twilio-node misses: the URL
//! with its `user:password@` stripped, and without a connection-override fragment (`#ct=…&rc=…`).
//! Every candidate still needs the secret key, so accepting one more never weakens security.
//!
//! # Security
//! - Keys are prepared once per token ([`Key`]) and the HMAC state is cloned per candidate.
//! - Identical candidates are hashed once; every remaining candidate of every token is always
//!   hashed (no early exit on a match) and compared with `subtle`'s constant-time equality; the
//!   match is folded into a `Choice`. Timing depends only on the public URL and the token count.
//! - A missing, truncated or non-base64 header is invalid (`valid: false`), never an error.
//! - Tokens are never echoed: [`Key`]'s `Debug` is `[REDACTED]`, errors and reports never carry
//!   them, and [`explain`] also redacts URL passwords.
//! - An empty auth token is refused (`AUTH_TOKEN_MISSING`): with an unset environment variable
//!   anyone could sign with the empty key.
//!
//! # Limits
//! URL ≤ [`MAX_URL_BYTES`], ≤ [`MAX_TOKENS`] tokens of ≤ [`MAX_TOKEN_BYTES`] each, params ≤
//! [`MAX_PARAMS`] values and [`MAX_PARAMS_BYTES`] bytes, form bodies ≤ [`crate::form::MAX_FORM_BYTES`],
//! raw bodies ≤ [`MAX_BODY_BYTES`]. Past them: `INPUT_TOO_LARGE`, before any hashing.

mod settings;
mod url;
mod whatwg;

pub use settings::{Algorithm, Settings, SETTINGS_HEADER};
pub use url::{add_port, legacy_querystring, normalize, remove_port, NotNormalized};

use crate::error::{Error, Result, INVALID_ARGUMENT};
use hmac::{KeyInit, Mac};
use serde::Serialize;
use sha2::Digest as _;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;
use subtle::ConstantTimeEq;

type HmacSha1 = hmac::Hmac<sha1::Sha1>;
type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Longest URL accepted, in bytes. Twilio's own webhook URLs are far shorter.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Most auth tokens tried in one verification (primary, secondary, subaccounts…).
pub const MAX_TOKENS: usize = 8;
/// Most SharedKeys configured at once (Twilio allows 50 per account).
pub const MAX_SHARED_KEYS: usize = 50;
/// Longest SharedKey id accepted, in bytes (Twilio's are `webhooks_sharedkey_` + 26 characters).
pub const MAX_KEY_ID_BYTES: usize = 256;
/// Longest auth token accepted, in bytes (live tokens are 32 hex characters).
pub const MAX_TOKEN_BYTES: usize = 256;
/// Most parameter values (repeats counted) accepted in a params map.
pub const MAX_PARAMS: usize = crate::form::MAX_FORM_PARAMS;
/// Most bytes (names plus values) accepted in a params map.
pub const MAX_PARAMS_BYTES: usize = crate::form::MAX_FORM_BYTES;
/// Largest raw (JSON or other non-form) body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Code: no auth token was given, or one is the empty string (an unset secret). Verifying with
/// an empty key would accept anyone's forgery; rejecting it prevents Twilio's 11200-style silent
/// webhook failures from turning into an open endpoint.
pub const AUTH_TOKEN_MISSING: &str = "AUTH_TOKEN_MISSING";
/// Code: a SharedKey's secret is the empty string (an unset secret): it would verify forgeries.
pub const SHARED_KEY_MISSING: &str = "SHARED_KEY_MISSING";

/// Connection-override fragment keys Twilio documents as not signed.
const OVERRIDE_KEYS: [&str; 7] = ["ct", "rc", "rp", "rt", "tt", "sni", "e"];

/// A secret (auth token or SharedKey secret) prepared as an HMAC key for one [`Algorithm`] (the
/// padded key blocks already absorbed): build it once, reuse it for every candidate and request.
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Key {
    mac: State,
    /// The secret itself, only for [`explain`]'s secret-variant check (never printed or returned).
    secret: Box<str>,
}

/// A prepared HMAC state.
#[derive(Clone)]
enum State {
    Sha1(HmacSha1),
    Sha256(HmacSha256),
}

/// A MAC (20 or 32 bytes), or a decoded signature header.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Tag {
    bytes: [u8; 32],
    len: usize,
}

impl Tag {
    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
    /// Constant-time equality of the bytes; the lengths are public (fixed by the algorithm).
    fn ct_matches(&self, other: &Tag) -> bool {
        self.len == other.len && bool::from(self.as_slice().ct_eq(other.as_slice()))
    }
}

impl core::fmt::Debug for Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Key([REDACTED])")
    }
}

impl Key {
    /// Prepares an auth token for verification (HMAC-SHA1). Errors: `AUTH_TOKEN_MISSING`
    /// (empty), `INPUT_TOO_LARGE` (longer than [`MAX_TOKEN_BYTES`]).
    pub fn new(token: &str) -> Result<Key> {
        if token.is_empty() {
            return Err(Error::new(AUTH_TOKEN_MISSING, "the auth token is empty"));
        }
        Self::any(token, Algorithm::HmacSha1)
    }

    /// Prepares any secret for `algorithm`, the empty one included (used by [`compute`], for
    /// tooling; verification refuses empty secrets before they get here).
    #[inline(never)] // called from a few cold places: one copy of its code
    pub fn any(secret: &str, algorithm: Algorithm) -> Result<Key> {
        if secret.len() > MAX_TOKEN_BYTES {
            return Err(Error::too_large("secret", MAX_TOKEN_BYTES, "bytes"));
        }
        let unusable = || Error::new(INVALID_ARGUMENT, "the secret cannot key the HMAC");
        let mac = match algorithm {
            Algorithm::HmacSha1 => {
                State::Sha1(HmacSha1::new_from_slice(secret.as_bytes()).map_err(|_| unusable())?)
            }
            Algorithm::HmacSha256 => State::Sha256(
                HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| unusable())?,
            ),
        };
        Ok(Key {
            mac,
            secret: secret.into(),
        })
    }

    /// The algorithm this key computes.
    pub fn algorithm(&self) -> Algorithm {
        match self.mac {
            State::Sha1(_) => Algorithm::HmacSha1,
            State::Sha256(_) => Algorithm::HmacSha256,
        }
    }

    fn digest(&self, url: &str, suffix: &str) -> Tag {
        let mut bytes = [0u8; 32];
        let len = match &self.mac {
            State::Sha1(m) => {
                let mut mac = m.clone();
                mac.update(url.as_bytes());
                mac.update(suffix.as_bytes());
                copy_into(&mut bytes, &mac.finalize().into_bytes())
            }
            State::Sha256(m) => {
                let mut mac = m.clone();
                mac.update(url.as_bytes());
                mac.update(suffix.as_bytes());
                copy_into(&mut bytes, &mac.finalize().into_bytes())
            }
        };
        Tag { bytes, len }
    }
}

fn copy_into(out: &mut [u8; 32], mac: &[u8]) -> usize {
    for (o, b) in out.iter_mut().zip(mac) {
        *o = *b;
    }
    mac.len().min(32)
}

/// A secret prepared for both algorithms (shared behind an `Rc`: a cached key is handed to every
/// verification without copying its HMAC states).
struct KeyPair {
    sha1: Key,
    sha256: Key,
}

impl KeyPair {
    fn new(secret: &str) -> Result<KeyPair> {
        Ok(KeyPair {
            sha1: Key::any(secret, Algorithm::HmacSha1)?,
            sha256: Key::any(secret, Algorithm::HmacSha256)?,
        })
    }

    fn key(&self, algorithm: Algorithm) -> &Key {
        match algorithm {
            Algorithm::HmacSha1 => &self.sha1,
            Algorithm::HmacSha256 => &self.sha256,
        }
    }
}

/// An auth token prepared for verification: HMAC-SHA1 (how Twilio signs with it) and HMAC-SHA256
/// (only for [`explain`]'s "would have verified with"). `Debug` is `[REDACTED]`.
#[derive(Clone)]
pub struct AuthToken {
    keys: Rc<KeyPair>,
}

impl core::fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("AuthToken([REDACTED])")
    }
}

impl AuthToken {
    /// Prepares a token. Errors: `AUTH_TOKEN_MISSING` (empty), `INPUT_TOO_LARGE` (longer than
    /// [`MAX_TOKEN_BYTES`]).
    pub fn new(token: &str) -> Result<AuthToken> {
        AuthToken::from_prepared(&PreparedSecret::new(token)?)
    }

    /// A token from its prepared secret (`AUTH_TOKEN_MISSING` when that secret is empty).
    pub fn from_prepared(secret: &PreparedSecret) -> Result<AuthToken> {
        if secret.empty {
            return Err(Error::new(AUTH_TOKEN_MISSING, "the auth token is empty"));
        }
        Ok(AuthToken {
            keys: Rc::clone(&secret.keys),
        })
    }
}

/// A secret prepared for both algorithms, before it is known as an auth token or a shared key's
/// secret: what a cache keeps (cloning it shares the prepared states). `Debug` is `[REDACTED]`.
#[derive(Clone)]
pub struct PreparedSecret {
    keys: Rc<KeyPair>,
    empty: bool,
}

impl core::fmt::Debug for PreparedSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("PreparedSecret([REDACTED])")
    }
}

impl PreparedSecret {
    /// Prepares any secret (`INPUT_TOO_LARGE` past [`MAX_TOKEN_BYTES`]); whether an empty one is
    /// acceptable is decided by [`AuthToken::from_prepared`] / [`SharedKey::from_prepared`] (never).
    pub fn new(secret: &str) -> Result<PreparedSecret> {
        Ok(PreparedSecret {
            keys: Rc::new(KeyPair::new(secret)?),
            empty: secret.is_empty(),
        })
    }
}

/// A SharedKey: its id (`webhooks_sharedkey_…`, public) and its secret, prepared for both
/// algorithms (a rule may name either). `Debug` shows the id only.
#[derive(Clone)]
pub struct SharedKey {
    id: Rc<str>,
    keys: Rc<KeyPair>,
}

impl core::fmt::Debug for SharedKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SharedKey({:?}, [REDACTED])", self.id)
    }
}

impl SharedKey {
    /// Prepares a SharedKey. Errors (paths relative to the key): `INVALID_ARGUMENT` at `id` (empty
    /// or longer than [`MAX_KEY_ID_BYTES`]), `SHARED_KEY_MISSING` at `secret` (empty: an unset
    /// secret), `INPUT_TOO_LARGE` at `secret` (longer than [`MAX_TOKEN_BYTES`]).
    pub fn new(id: &str, secret: &str) -> Result<SharedKey> {
        let prepared = PreparedSecret::new(secret).map_err(|e| e.at("secret"))?;
        SharedKey::from_prepared(id, &prepared)
    }

    /// A SharedKey from its id and prepared secret; the errors of [`SharedKey::new`].
    pub fn from_prepared(id: &str, secret: &PreparedSecret) -> Result<SharedKey> {
        if id.is_empty() || id.len() > MAX_KEY_ID_BYTES {
            let msg = format!("a shared key id is 1 to {MAX_KEY_ID_BYTES} bytes");
            return Err(Error::new(INVALID_ARGUMENT, msg).at("id"));
        }
        if secret.empty {
            let msg = "the shared key's secret is empty (an unset secret would verify forgeries)";
            return Err(Error::new(SHARED_KEY_MISSING, msg).at("secret"));
        }
        Ok(SharedKey {
            id: Rc::from(id),
            keys: Rc::clone(&secret.keys),
        })
    }

    /// The key's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn key(&self, algorithm: Algorithm) -> &Key {
        self.keys.key(algorithm)
    }
}

/// Every secret a verifier holds: auth tokens (primary first; the classic scheme, HMAC-SHA1) and
/// SharedKeys (used only for requests carrying the settings header). Prepare once, reuse.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// The tokens with the caller's index of each (entries it skipped keep their numbers).
    tokens: Vec<(usize, AuthToken)>,
    shared: Vec<SharedKey>,
}

impl Secrets {
    /// From auth tokens and `(id, secret)` pairs. Errors: `AUTH_TOKEN_MISSING` when there is no
    /// secret at all or a token is empty, `SHARED_KEY_MISSING` for an empty shared secret,
    /// `INVALID_ARGUMENT` for an empty or duplicate key id, `INPUT_TOO_LARGE` past [`MAX_TOKENS`]
    /// tokens or [`MAX_SHARED_KEYS`] keys; paths `authTokens[i]`, `sharedKeys[i].secret`, ….
    pub fn new<S: AsRef<str>>(tokens: &[S], shared: &[(S, S)]) -> Result<Secrets> {
        if tokens.len() > MAX_TOKENS {
            return Err(Error::too_large("authTokens", MAX_TOKENS, "tokens").at("authTokens"));
        }
        let tokens = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                AuthToken::new(t.as_ref())
                    .map(|k| (i, k))
                    .map_err(|e| e.at(format!("authTokens[{i}]")))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut s = Secrets {
            tokens,
            shared: Vec::new(),
        };
        for (i, (id, secret)) in shared.iter().enumerate() {
            s.push_shared(
                SharedKey::new(id.as_ref(), secret.as_ref())
                    .map_err(|e| e.under(&format!("sharedKeys[{i}]")))?,
                i,
            )?;
        }
        s.check()
    }

    /// From keys already prepared (a cache of them, as the JS bindings keep): `tokens` with the
    /// caller's index of each, then the shared keys with theirs. Same checks as [`Secrets::new`].
    pub fn from_keys(
        tokens: Vec<(usize, AuthToken)>,
        shared: Vec<(usize, SharedKey)>,
    ) -> Result<Secrets> {
        if tokens.len() > MAX_TOKENS {
            return Err(Error::too_large("authTokens", MAX_TOKENS, "tokens").at("authTokens"));
        }
        let mut s = Secrets {
            tokens,
            shared: Vec::new(),
        };
        for (i, k) in shared {
            s.push_shared(k, i)?;
        }
        s.check()
    }

    fn push_shared(&mut self, key: SharedKey, i: usize) -> Result<()> {
        if self.shared.len() >= MAX_SHARED_KEYS {
            let e = Error::too_large("sharedKeys", MAX_SHARED_KEYS, "keys");
            return Err(e.at("sharedKeys"));
        }
        if self.shared.iter().any(|k| k.id == key.id) {
            let msg = "two shared keys have the same id: each SharedKey has its own";
            return Err(Error::new(INVALID_ARGUMENT, msg).at(format!("sharedKeys[{i}].id")));
        }
        self.shared.push(key);
        Ok(())
    }

    fn check(self) -> Result<Secrets> {
        if self.tokens.is_empty() && self.shared.is_empty() {
            let msg = "no secret was given: give authToken(s) or sharedKeys";
            return Err(Error::new(AUTH_TOKEN_MISSING, msg).at("authTokens"));
        }
        Ok(self)
    }

    /// The secrets a request's settings header selects (see [`Selection`]).
    fn select(&self, settings: Option<&Settings<'_>>) -> Selection {
        let Some(s) = settings else {
            return Selection::Tokens;
        };
        let Some(alg) = s.algorithm else {
            return Selection::Refused(Refusal::UnsupportedAlgorithm);
        };
        if self.shared.is_empty() {
            return Selection::Refused(Refusal::NoSharedKey);
        }
        let named = s
            .key_id
            .and_then(|id| self.shared.iter().position(|k| &*k.id == id));
        Selection::Shared(alg, named)
    }

    /// The auth tokens' keys for `algorithm`, with their caller's indexes.
    fn tokens_with(&self, algorithm: Algorithm) -> Vec<(&Key, Matched<'_>)> {
        self.tokens
            .iter()
            .map(|(i, k)| (k.keys.key(algorithm), Matched::Token(*i)))
            .collect()
    }

    /// The keys of a selection with their verdict's secret, in order.
    fn selected(&self, sel: &Selection) -> Vec<(&Key, Matched<'_>)> {
        match *sel {
            Selection::Tokens => self.tokens_with(Algorithm::HmacSha1),
            Selection::Shared(alg, Some(n)) => self
                .shared
                .get(n)
                .map(|k| (k.key(alg), Matched::Shared(&k.id)))
                .into_iter()
                .collect(),
            Selection::Shared(alg, None) => self
                .shared
                .iter()
                .map(|k| (k.key(alg), Matched::Shared(&k.id)))
                .collect(),
            Selection::Refused(_) => Vec::new(),
        }
    }

    /// Every other secret and algorithm, with the verdict's secret (for [`explain`]'s
    /// "would have verified with" list): the auth tokens with HMAC-SHA1 and every shared key with
    /// both algorithms, minus what `sel` tried.
    fn others(&self, sel: &Selection) -> Vec<(&Key, Matched<'_>)> {
        let mut out: Vec<(&Key, Matched<'_>)> = Vec::new();
        if *sel != Selection::Tokens {
            out.extend(self.tokens_with(Algorithm::HmacSha1));
        }
        out.extend(self.tokens_with(Algorithm::HmacSha256));
        for alg in [Algorithm::HmacSha256, Algorithm::HmacSha1] {
            for (i, k) in self.shared.iter().enumerate() {
                let tried = match *sel {
                    Selection::Shared(a, None) => a == alg,
                    Selection::Shared(a, Some(n)) => a == alg && n == i,
                    _ => false,
                };
                if !tried {
                    out.push((k.key(alg), Matched::Shared(&k.id)));
                }
            }
        }
        out
    }
}

/// Which secrets a request is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selection {
    /// No settings header: the auth tokens, HMAC-SHA1.
    Tokens,
    /// A settings header: the named shared key alone (its index) when configured, else every one.
    Shared(Algorithm, Option<usize>),
    /// A settings header that cannot verify (the request is invalid).
    Refused(Refusal),
}

/// Why a request with a settings header cannot verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
    /// The header names an algorithm Twilio's SDK does not support.
    UnsupportedAlgorithm,
    /// The header is there and no shared key is configured.
    NoSharedKey,
}

/// The secret that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Matched<'a> {
    Token(usize),
    Shared(&'a str),
}

/// What was signed besides the URL.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// Nothing (a GET: the query is already in the URL).
    None,
    /// Decoded form parameters, `(name, value)`, repeats as several pairs.
    Params(&'a [(String, String)]),
    /// The same, borrowed (no copy of each name and value: the JS bindings' fast path).
    Pairs(&'a [(&'a str, &'a str)]),
    /// A raw `application/x-www-form-urlencoded` body (decoded here).
    FormBody(&'a str),
    /// A raw non-form body (JSON…): the URL's `bodySHA256` must be its hex SHA-256.
    RawBody(&'a str),
}

impl<'a> Payload<'a> {
    /// The payload of a raw body: [`Payload::FormBody`] when `content_type` is
    /// `application/x-www-form-urlencoded`, [`Payload::RawBody`] for any other content type;
    /// without a content type, raw when the URL's query has `bodySHA256`, form otherwise.
    pub fn from_body(url: &str, body: &'a str, content_type: Option<&str>) -> Payload<'a> {
        let form = match content_type {
            Some(ct) => {
                let media = ct.split(';').next().unwrap_or_default().trim();
                media.eq_ignore_ascii_case("application/x-www-form-urlencoded")
            }
            None => url::search_param(url, "bodySHA256").is_none(),
        };
        if form {
            Payload::FormBody(body)
        } else {
            Payload::RawBody(body)
        }
    }
}

/// A webhook request to verify.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The full URL Twilio requested (scheme, host, path, query), as configured.
    pub url: &'a str,
    /// The `X-Twilio-Signature` header; `""` when missing.
    pub signature: &'a str,
    /// Parameters or body.
    pub payload: Payload<'a>,
    /// The `X-Twilio-Webhooks-Signature-Settings` header; `None` (or `""`) when absent: the
    /// classic scheme (auth tokens, HMAC-SHA1). See [`Settings`].
    pub settings: Option<&'a str>,
}

/// Result of [`verify`]. Serialises to `{ valid, algorithm, keyId?, tokenIndex?, matchedUrl? }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// True when a secret's signature of a candidate URL equals the header (and, for raw bodies,
    /// the body hash matches).
    pub valid: bool,
    /// The algorithm the request was checked with: `HMAC_SHA1` without a settings header, else
    /// the header's; `None` when the header names an unsupported algorithm (always invalid).
    pub algorithm: Option<Algorithm>,
    /// The id of the SharedKey that matched, when valid and signed with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Index of the first auth token that matched (primary = 0), when valid and signed with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_index: Option<usize>,
    /// The candidate URL that matched (first in candidate order), when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_url: Option<String>,
    /// Which candidate matched, when valid (not part of the JS verdict; see [`explain`]).
    #[serde(skip)]
    pub matched_by: Option<CandidateKind>,
}

/// The URL variants tried, in order: twilio-node 6.3.1's six, then wa-guard's documented extras.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum CandidateKind {
    /// The URL as received, without its port (unchanged when it has none).
    WithoutPort,
    /// The URL as received with the default port added (`:443`/`:80`) when it has none.
    WithPort,
    /// `new URL(u).toString()`, without port.
    NormalizedWithoutPort,
    /// `new URL(u).toString()`, with the default port added.
    NormalizedWithPort,
    /// The normalised URL without port, query re-encoded by Node's legacy `querystring`.
    LegacyQueryWithoutPort,
    /// The normalised URL with port, query re-encoded by Node's legacy `querystring`.
    LegacyQueryWithPort,
    /// Extension: `user:password@` stripped (Twilio does not sign credentials), without port.
    CredentialsStrippedWithoutPort,
    /// Extension: credentials stripped, with the default port.
    CredentialsStrippedWithPort,
    /// Extension: connection-override fragment (`#ct=…`) removed, without port.
    FragmentStrippedWithoutPort,
    /// Extension: connection-override fragment removed, with the default port.
    FragmentStrippedWithPort,
    /// Extension: credentials and fragment stripped, without port.
    CredentialsAndFragmentStrippedWithoutPort,
    /// Extension: credentials and fragment stripped, with the default port.
    CredentialsAndFragmentStrippedWithPort,
}

impl CandidateKind {
    /// True for wa-guard's documented extensions, which twilio-node 6.3.1 does not try.
    pub fn is_extension(self) -> bool {
        matches!(
            self,
            CandidateKind::CredentialsStrippedWithoutPort
                | CandidateKind::CredentialsStrippedWithPort
                | CandidateKind::FragmentStrippedWithoutPort
                | CandidateKind::FragmentStrippedWithPort
                | CandidateKind::CredentialsAndFragmentStrippedWithoutPort
                | CandidateKind::CredentialsAndFragmentStrippedWithPort
        )
    }
}

/// One URL to check the signature against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
pub struct Candidate {
    /// Which rewrite produced it (the first one, when several give the same URL).
    pub kind: CandidateKind,
    /// The URL.
    pub url: String,
}

fn push_candidate(out: &mut Vec<Candidate>, kind: CandidateKind, url: Cow<'_, str>) {
    if !out.iter().any(|c| c.url == *url) {
        out.push(Candidate {
            kind,
            url: url.into_owned(),
        });
    }
}

/// The URL without `user:password@` (textual split, as twilio-node's), if it has any.
fn strip_credentials(url: &str) -> Option<String> {
    let s = url::split(url)?;
    if s.host_start == s.scheme_end {
        return None;
    }
    Some(format!(
        "{}{}",
        url.get(..s.scheme_end)?,
        url.get(s.host_start..)?
    ))
}

/// The URL without its fragment when the fragment is a connection override (`ct=…&rc=…`).
fn strip_override_fragment(url: &str) -> Option<&str> {
    let (head, frag) = url.split_once('#')?;
    let is_override = !frag.is_empty()
        && frag.split('&').all(|p| {
            p.split_once('=')
                .is_some_and(|(k, _)| OVERRIDE_KEYS.contains(&k))
        });
    is_override.then_some(head)
}

/// The candidates of a URL, built stage by stage as the search needs them: a valid request
/// usually matches the first one, so the normalised and extension stages are never built.
struct Lazy<'u> {
    url: &'u str,
    list: Vec<Candidate>,
    stage: u8,
}

impl<'u> Lazy<'u> {
    fn new(url: &'u str) -> Self {
        Lazy {
            url,
            list: Vec::with_capacity(4),
            stage: 0,
        }
    }

    fn of(list: Vec<Candidate>) -> Self {
        Lazy {
            url: "",
            list,
            stage: 3,
        }
    }

    fn get(&mut self, i: usize) -> Option<&Candidate> {
        while i >= self.list.len() && self.grow() {}
        self.list.get(i)
    }

    fn all(mut self) -> Vec<Candidate> {
        while self.grow() {}
        self.list
    }

    /// Adds the next stage; false when there is none left.
    fn grow(&mut self) -> bool {
        use CandidateKind::*;
        let (url, out) = (self.url, &mut self.list);
        match self.stage {
            // twilio-node: the URL as received, without and with its port.
            0 => {
                push_candidate(out, WithoutPort, remove_port(url));
                push_candidate(out, WithPort, add_port(url));
            }
            // twilio-node: `new URL(u).toString()` without/with port, then with the legacy
            // querystring. Skipped when normalising changes nothing (the common case).
            1 => {
                let n = if url::already_normal(url) {
                    Ok(Cow::Borrowed(url))
                } else {
                    normalize(url).map(Cow::Owned)
                };
                if let Ok(n) = n {
                    if n != url {
                        push_candidate(out, NormalizedWithoutPort, remove_port(&n));
                        push_candidate(out, NormalizedWithPort, add_port(&n));
                    }
                    if !url::legacy_qs_is_identity(&n) {
                        for (kind, u) in [
                            (LegacyQueryWithoutPort, remove_port(&n)),
                            (LegacyQueryWithPort, add_port(&n)),
                        ] {
                            push_candidate(out, kind, legacy_querystring(&u));
                        }
                    }
                }
            }
            // wa-guard's documented extensions.
            2 => {
                let creds = strip_credentials(url);
                let frag = strip_override_fragment(url);
                if let Some(c) = &creds {
                    push_candidate(out, CredentialsStrippedWithoutPort, remove_port(c));
                    push_candidate(out, CredentialsStrippedWithPort, add_port(c));
                }
                if let Some(f) = frag {
                    push_candidate(out, FragmentStrippedWithoutPort, remove_port(f));
                    push_candidate(out, FragmentStrippedWithPort, add_port(f));
                }
                let both = frag.and(creds.as_deref()).and_then(strip_override_fragment);
                if let Some(both) = both {
                    push_candidate(
                        out,
                        CredentialsAndFragmentStrippedWithoutPort,
                        remove_port(both),
                    );
                    push_candidate(out, CredentialsAndFragmentStrippedWithPort, add_port(both));
                }
            }
            _ => return false,
        }
        self.stage += 1;
        true
    }
}

/// Every URL checked for `url`, de-duplicated, in order: twilio-node 6.3.1's candidates, then
/// the documented extensions (credentials stripped, connection-override fragment removed).
/// Errors: `INPUT_TOO_LARGE` (path `url`) past [`MAX_URL_BYTES`], before any candidate is built.
pub fn candidates(url: &str) -> Result<Vec<Candidate>> {
    check_url(url)?;
    Ok(all_candidates(url))
}

/// [`candidates`] of a URL already checked against [`MAX_URL_BYTES`] (or derived from one).
fn all_candidates(url: &str) -> Vec<Candidate> {
    Lazy::new(url).all()
}

/// Compares strings by UTF-16 code units, as JS's default `sort()` does. UTF-8 byte order is
/// code point order, which differs from UTF-16 order only between U+E000..U+FFFF (lead byte
/// `EE`/`EF`) and supplementary characters (lead byte `F0`..`F4`, surrogates in UTF-16).
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    let high = |c: u8| c == 0xEE || c == 0xEF;
    for (&p, &q) in a.as_bytes().iter().zip(b.as_bytes()) {
        if p != q {
            return if high(p) && q >= 0xF0 {
                Ordering::Greater
            } else if p >= 0xF0 && high(q) {
                Ordering::Less
            } else {
                p.cmp(&q)
            };
        }
    }
    a.len().cmp(&b.len())
}

pub use crate::util::heap_sort;

/// The signed parameter suffix: pairs sorted by name then value (UTF-16 order), identical pairs
/// once, each `name + value`.
fn params_suffix<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut v: Vec<(&str, &str)> = pairs.collect();
    heap_sort(&mut v, &|a, b| {
        cmp_utf16(a.0, b.0).then_with(|| cmp_utf16(a.1, b.1)) == Ordering::Less
    });
    v.dedup();
    let len = v.iter().map(|(n, x)| n.len() + x.len()).sum();
    let mut s = String::with_capacity(len);
    for (n, x) in v {
        s.push_str(n);
        s.push_str(x);
    }
    s
}

fn check_params<N: AsRef<str>, V: AsRef<str>>(params: &[(N, V)]) -> Result<()> {
    if params.len() > MAX_PARAMS {
        return Err(Error::too_large("params", MAX_PARAMS, "values").at("params"));
    }
    let bytes: usize = params
        .iter()
        .map(|(n, v)| n.as_ref().len() + v.as_ref().len())
        .sum();
    if bytes > MAX_PARAMS_BYTES {
        return Err(Error::too_large("params", MAX_PARAMS_BYTES, "bytes").at("params"));
    }
    Ok(())
}

fn check_url(url: &str) -> Result<()> {
    if url.len() > MAX_URL_BYTES {
        return Err(Error::too_large("url", MAX_URL_BYTES, "bytes").at("url"));
    }
    Ok(())
}

/// Computes the `X-Twilio-Signature` of a request: base64(HMAC-SHA1(token, url + sorted params)).
/// Any token is accepted (test tokens are not 32 hex characters); for raw bodies pass the URL
/// with its `bodySHA256` and no params.
pub fn compute(token: &str, url: &str, params: &[(String, String)]) -> Result<String> {
    compute_with(token, Algorithm::HmacSha1, url, params).map_err(|e| match e.path() {
        Some("secret") => e.at("authToken"),
        _ => e,
    })
}

/// [`compute`] with any secret (auth token or SharedKey secret) and algorithm: the signature
/// Twilio sends for a webhook signed by a Webhook Rule with that setting.
pub fn compute_with(
    secret: &str,
    algorithm: Algorithm,
    url: &str,
    params: &[(String, String)],
) -> Result<String> {
    check_url(url)?;
    check_params(params)?;
    let key = Key::any(secret, algorithm).map_err(|e| e.at("secret"))?;
    let suffix = params_suffix(params.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    Ok(base64_encode(key.digest(url, &suffix).as_slice()))
}

/// Checks that a raw (non-form) body is the one a URL signs: its `bodySHA256` is the body's
/// SHA-256 (what Twilio adds to the URL before signing it). `INVALID_ARGUMENT` otherwise.
pub fn check_body_hash(url: &str, body: &str) -> Result<()> {
    check_url(url)?;
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::too_large("body", MAX_BODY_BYTES, "bytes").at("body"));
    }
    let h = body_hash(url, body);
    match h.expected {
        Some(_) if h.matches => Ok(()),
        Some(_) => Err(Error::new(
            INVALID_ARGUMENT,
            format!(
                "the url's bodySHA256 is not the body's SHA-256 ({})",
                h.actual
            ),
        )),
        None => Err(Error::new(
            INVALID_ARGUMENT,
            format!(
                "a raw (non-form) body is signed through the url: add bodySHA256={} to its query",
                h.actual
            ),
        )),
    }
}

/// What [`prepare`] found in a request.
struct Prepared {
    /// The signed parameter suffix; `None` when the form body could not be decoded.
    suffix: Option<String>,
    /// When the form body could not be decoded: the error's path (`body.<name>` for a value,
    /// `body` for a name), for [`explain`].
    unreadable: Option<String>,
    /// The header decoded; `None` when missing or malformed.
    header: Option<Tag>,
    /// For raw bodies: whether the body's hash equals the URL's `bodySHA256`.
    body: Option<BodyHash>,
}

/// The body-hash check of a raw-body request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct BodyHash {
    /// The URL's `bodySHA256` value, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The hex SHA-256 of the body.
    pub actual: String,
    /// Whether they are equal (and the URL parses, as twilio-node requires).
    pub matches: bool,
}

use crate::util::hex_lower;

fn b64_char(v: u32) -> char {
    let v = (v & 63) as u8;
    char::from(match v {
        0..=25 => b'A' + v,
        26..=51 => b'a' + v - 26,
        52..=61 => b'0' + v - 52,
        62 => b'+',
        _ => b'/',
    })
}

fn b64_value(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(b64_char(n >> (18 - 6 * i)));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The header as 20 or 32 bytes when it is the canonical base64 of an HMAC-SHA1 (28 characters)
/// or HMAC-SHA256 (44 characters): the last digit's spare bits zero, then `=`; else `None`. The
/// header is public: no constant time needed here.
fn decode_header(sig: &str) -> Option<Tag> {
    let b = sig.as_bytes();
    let len = match b.len() {
        28 => 20,
        44 => 32,
        _ => return None,
    };
    if b.last() != Some(&b'=') {
        return None;
    }
    let mut out = Tag {
        bytes: [0u8; 32],
        len,
    };
    let mut acc = 0u32;
    let mut bits = 0;
    let mut o = 0;
    for &c in b.get(..b.len() - 1)? {
        acc = (acc << 6) | b64_value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            *out.bytes.get_mut(o)? = (acc >> bits) as u8;
            o += 1;
        }
        acc &= (1 << bits) - 1;
    }
    (acc == 0 && o == len).then_some(out)
}

fn body_hash(url: &str, body: &str) -> BodyHash {
    let actual = hex_lower(&sha2::Sha256::digest(body.as_bytes()));
    let expected = url::search_param(url, "bodySHA256");
    let parses = normalize(url) != Err(NotNormalized::Invalid);
    let eq = match &expected {
        Some(e) => e.as_bytes().ct_eq(actual.as_bytes()).into(),
        None => false,
    };
    BodyHash {
        matches: parses && eq,
        expected,
        actual,
    }
}

fn prepare(req: &Request<'_>) -> Result<Prepared> {
    check_url(req.url)?;
    let mut unreadable = None;
    let (suffix, body) = match req.payload {
        Payload::None => (Some(String::new()), None),
        Payload::Params(p) => {
            check_params(p)?;
            (
                Some(params_suffix(
                    p.iter().map(|(n, v)| (n.as_str(), v.as_str())),
                )),
                None,
            )
        }
        Payload::Pairs(p) => {
            check_params(p)?;
            (Some(params_suffix(p.iter().copied())), None)
        }
        Payload::FormBody(b) => match crate::form::decode_borrowed(b) {
            Ok(pairs) => (
                Some(params_suffix(pairs.iter().map(|(n, v)| (&**n, &**v)))),
                None,
            ),
            Err(e) if e.code() == crate::error::INPUT_TOO_LARGE => return Err(e),
            // Twilio sends UTF-8: an undecodable body cannot carry a valid signature.
            Err(e) => {
                unreadable = e.path().map(str::to_string);
                (None, None)
            }
        },
        Payload::RawBody(b) => {
            if b.len() > MAX_BODY_BYTES {
                return Err(Error::too_large("body", MAX_BODY_BYTES, "bytes").at("body"));
            }
            (Some(String::new()), Some(body_hash(req.url, b)))
        }
    };
    Ok(Prepared {
        suffix,
        unreadable,
        header: decode_header(req.signature),
        body,
    })
}

/// Searches the keys (in order) and the candidates (in order) for the signature. Each MAC is
/// compared in constant time (`subtle`): no exit at the first differing byte, so timing does not
/// tell where a forged signature differs. The search stops at the first full match only: a forged
/// signature is always checked against every candidate of every key, and stopping early on a
/// valid one reveals nothing its sender did not know.
fn find_match<T>(
    keys: &[(&Key, T)],
    cands: &mut Lazy<'_>,
    suffix: &str,
    header: &Tag,
) -> Option<(usize, usize)> {
    for (ki, (key, _)) in keys.iter().enumerate() {
        // A header of the other algorithm's length cannot match this key (lengths are public).
        if key.algorithm().mac_len() != header.len {
            continue;
        }
        let mut ci = 0;
        while let Some(c) = cands.get(ci) {
            if key.digest(&c.url, suffix).ct_matches(header) {
                return Some((ki, ci));
            }
            ci += 1;
        }
    }
    None
}

/// Verifies a webhook against one or more auth tokens (primary first), the classic scheme.
/// Invalid signatures are `Ok(Verdict { valid: false, .. })`; errors are only for bad arguments:
/// `AUTH_TOKEN_MISSING`, `INPUT_TOO_LARGE`. A request with a settings header is invalid here
/// (no shared key): use [`verify_with`] and [`Secrets`] for SharedKeys.
pub fn verify<S: AsRef<str>>(tokens: &[S], request: &Request<'_>) -> Result<Verdict> {
    verify_with(&token_secrets(tokens)?, request)
}

/// The secrets of auth tokens alone (at least one).
fn token_secrets<S: AsRef<str>>(tokens: &[S]) -> Result<Secrets> {
    if tokens.is_empty() {
        return Err(Error::new(AUTH_TOKEN_MISSING, "no auth token was given").at("authTokens"));
    }
    Secrets::new::<&str>(&tokens.iter().map(AsRef::as_ref).collect::<Vec<_>>(), &[])
}

/// Verifies a webhook with every secret the verifier holds, as Twilio signs it: without a
/// settings header, the auth tokens and HMAC-SHA1; with one, the shared key it names (every
/// shared key when it names none or an unknown one) and the algorithm it names. Auth tokens are
/// never tried when the header is present; an unsupported algorithm or no configured shared key
/// is invalid. Errors only for bad arguments (`INPUT_TOO_LARGE`).
pub fn verify_with(secrets: &Secrets, request: &Request<'_>) -> Result<Verdict> {
    let p = prepare(request)?;
    let settings = Settings::parse(request.settings);
    Ok(verdict_of(
        secrets,
        settings.as_ref(),
        &p,
        &mut Lazy::new(request.url),
    ))
}

fn verdict_of(
    secrets: &Secrets,
    settings: Option<&Settings<'_>>,
    p: &Prepared,
    cands: &mut Lazy<'_>,
) -> Verdict {
    let sel = secrets.select(settings);
    let algorithm = match sel {
        Selection::Tokens => Some(Algorithm::HmacSha1),
        Selection::Shared(a, _) => Some(a),
        Selection::Refused(_) => settings.and_then(|s| s.algorithm),
    };
    let invalid = Verdict {
        valid: false,
        algorithm,
        key_id: None,
        token_index: None,
        matched_url: None,
        matched_by: None,
    };
    let (Some(header), Some(suffix)) = (&p.header, &p.suffix) else {
        return invalid;
    };
    let body_ok = p.body.as_ref().map_or(true, |b| b.matches);
    let keys = secrets.selected(&sel);
    match find_match(&keys, cands, suffix, header) {
        Some((k, c)) if body_ok => {
            let cand = cands.get(c);
            let secret = keys.get(k).map(|(_, m)| *m);
            Verdict {
                valid: true,
                algorithm,
                key_id: match secret {
                    Some(Matched::Shared(id)) => Some(id.to_string()),
                    _ => None,
                },
                token_index: match secret {
                    Some(Matched::Token(i)) => Some(i),
                    _ => None,
                },
                matched_url: cand.map(|c| c.url.clone()),
                matched_by: cand.map(|c| c.kind),
            }
        }
        _ => invalid,
    }
}

/// One change to the request that would have made the signature match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum Variation {
    /// `http` ↔ `https` (a TLS-terminating proxy, load balancer or tunnel in between).
    SchemeSwapped,
    /// A trailing `/` added to or removed from the path.
    TrailingSlashToggled,
    /// The query string removed from the URL.
    QueryDropped,
    /// Whitespace trimmed around the URL.
    UrlTrimmed,
    /// The params ignored: the signature covers the URL alone (a GET whose query was passed as
    /// params, or a JSON webhook).
    ParamsIgnored,
    /// The params that also appear in the URL's query removed from the params.
    QueryParamsRemoved,
    /// Whitespace trimmed around every param value.
    ValuesTrimmed,
    /// The body treated as raw (`bodySHA256`) instead of form-decoded.
    BodyAsRaw,
    /// The body form-decoded instead of treated as raw.
    BodyAsForm,
}

/// Every variation, in bit order of the internal masks.
const VARIATIONS: [Variation; 9] = [
    Variation::SchemeSwapped,
    Variation::TrailingSlashToggled,
    Variation::QueryDropped,
    Variation::UrlTrimmed,
    Variation::ParamsIgnored,
    Variation::QueryParamsRemoved,
    Variation::ValuesTrimmed,
    Variation::BodyAsRaw,
    Variation::BodyAsForm,
];

impl Variation {
    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// Advice for this variation.
    pub fn advice(self) -> &'static str {
        match self {
            Variation::SchemeSwapped => "Twilio called the other scheme (http vs https): a proxy, load balancer or tunnel terminates TLS; rebuild the URL with the public scheme",
            Variation::TrailingSlashToggled => "the path's trailing slash differs from the URL configured in Twilio",
            Variation::QueryDropped => "the signature covers the URL without its query string",
            Variation::UrlTrimmed => "the URL has surrounding whitespace",
            Variation::ParamsIgnored => "the signature covers the URL alone: do not pass query parameters (GET) or a JSON body as params",
            Variation::QueryParamsRemoved => "parameters from the URL's query were passed as params too",
            Variation::ValuesTrimmed => "parameter values differ by surrounding whitespace",
            Variation::BodyAsRaw => "the body should be checked raw against the URL's bodySHA256, not form-decoded",
            Variation::BodyAsForm => "the body is form-encoded: pass contentType application/x-www-form-urlencoded",
        }
    }
}

fn variations_of(mask: u16) -> Vec<Variation> {
    VARIATIONS
        .iter()
        .copied()
        .filter(|v| mask & v.bit() != 0)
        .collect()
}

/// A variation that would have matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The changes, together (see [`Variation::advice`]).
    pub variations: Vec<Variation>,
    /// The auth token that matched (when the request was checked against auth tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_index: Option<usize>,
    /// The shared key that matched (when the request was checked against shared keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The URL that matched (password redacted).
    pub url: String,
}

/// How the `X-Twilio-Signature` header looked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum HeaderState {
    /// Canonical base64 of an HMAC-SHA1 (28 characters) or HMAC-SHA256 (44).
    WellFormed,
    /// Empty or absent.
    Missing,
    /// Anything else (wrong length, not base64).
    Malformed,
}

/// What the signature covered besides the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum PayloadKind {
    /// Nothing.
    None,
    /// Params given as a map.
    Params,
    /// A form body, decoded here.
    FormBody,
    /// A raw body checked against `bodySHA256`.
    RawBody,
}

/// What the settings header said, for [`Report`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct SettingsReport {
    /// The `key=` value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Whether `key=` names a configured shared key (then only that key is tried).
    pub key_known: bool,
    /// The `algorithm=` value as written (absent: `HMAC_SHA1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm_name: Option<String>,
    /// Why the header cannot verify anything, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

/// A secret and algorithm other than the ones the request was checked with that would have
/// verified it as it is (the header names another key or algorithm, or is missing or extra).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The auth token, when it was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_index: Option<usize>,
    /// The shared key, when it was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Set when the configured secret verifies only once changed this way (it was stored with
    /// surrounding whitespace or in the wrong letter case); the secret itself is never shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_fix: Option<SecretFix>,
}

/// How a configured secret differs from the one Twilio signed with (see [`Alternative`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub enum SecretFix {
    /// Surrounding whitespace removed (a trailing newline or space in an environment file).
    Trimmed,
    /// Letters lower-cased (auth tokens are lower-case hex; a SharedKey secret's mixed case
    /// cannot be guessed, so no other case change is tried).
    LowerCase,
}

impl SecretFix {
    fn apply(self, s: &str) -> String {
        match self {
            SecretFix::Trimmed => s.trim().to_string(),
            SecretFix::LowerCase => s.to_ascii_lowercase(),
        }
    }
}

/// Diagnostic report of [`explain`] (`explainSignature`). Its `valid` is always [`verify`]'s
/// verdict. No secret in it; URL passwords shown as `***`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The verdict, exactly as [`verify`] returns it; nothing in the report changes it.
    pub valid: bool,
    /// The verdict's algorithm (see [`Verdict::algorithm`]).
    pub algorithm: Option<Algorithm>,
    /// Shared key that matched, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Token that matched, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_index: Option<usize>,
    /// URL that matched, when valid (password redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_url: Option<String>,
    /// Candidate that matched, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<CandidateKind>,
    /// True when only a documented extension candidate matched (twilio-node would reject).
    pub extension: bool,
    /// The header's shape.
    pub header: HeaderState,
    /// How the payload was treated.
    pub payload: PayloadKind,
    /// For raw bodies: the body-hash check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_hash: Option<BodyHash>,
    /// Every candidate URL tried, in order (passwords redacted).
    pub candidates: Vec<Candidate>,
    /// Changes that would have matched, fewest changes first (empty when valid).
    pub would_match: Vec<Diagnosis>,
    /// The settings header, when present (SharedKey scheme).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsReport>,
    /// When invalid: other secrets or algorithms that verify the request as it is.
    pub would_verify_with: Vec<Alternative>,
    /// Plain-language advice.
    pub hints: Vec<String>,
}

/// Replaces the password of a URL's userinfo with `***`.
fn redact(url: &str) -> String {
    if let Some(s) = url::split(url) {
        let userinfo = url.get(s.scheme_end..s.host_start).unwrap_or_default();
        if let (Some(colon), Some(tail)) = (userinfo.find(':'), url.get(s.host_start - 1..)) {
            let head = url.get(..s.scheme_end + colon + 1).unwrap_or_default();
            return [head, "***", tail].concat();
        }
    }
    url.to_string()
}

/// Most diagnoses listed in a report.
const MAX_DIAGNOSES: usize = 8;

/// Applies the URL variations of `mask` (scheme, trailing slash, query, trimming) to `url`;
/// `None` when one does not apply.
fn vary_url(url: &str, mask: u16) -> Option<String> {
    let mut u = url;
    if mask & Variation::UrlTrimmed.bit() != 0 {
        let t = u.trim();
        if t.len() == u.len() {
            return None;
        }
        u = t;
    }
    let mut out = String::with_capacity(u.len() + 2);
    let after_scheme = if mask & Variation::SchemeSwapped.bit() != 0 {
        let https = u
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"));
        let http = u
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"));
        out.push_str(if https { "http://" } else { "https://" });
        if https {
            u.get(8..)?
        } else if http {
            u.get(7..)?
        } else {
            return None;
        }
    } else {
        u
    };
    // Split what follows the scheme into path part, query and fragment.
    let frag_at = after_scheme.find('#').unwrap_or(after_scheme.len());
    let (before_frag, frag) = after_scheme.split_at_checked(frag_at)?;
    let q_at = before_frag.find('?').unwrap_or(before_frag.len());
    let (mut path, mut query) = before_frag.split_at_checked(q_at)?;
    if mask & Variation::QueryDropped.bit() != 0 {
        if query.is_empty() {
            return None;
        }
        query = "";
    }
    let mut add_slash = false;
    if mask & Variation::TrailingSlashToggled.bit() != 0 {
        match path.strip_suffix('/') {
            Some(p) => path = p,
            None => add_slash = true,
        }
    }
    out.push_str(path);
    if add_slash {
        out.push('/');
    }
    out.push_str(query);
    out.push_str(frag);
    Some(out)
}

/// Explains a request's verdict against auth tokens (the classic scheme); see [`explain_with`].
pub fn explain<S: AsRef<str>>(tokens: &[S], request: &Request<'_>) -> Result<Report> {
    explain_with(&token_secrets(tokens)?, request)
}

/// Explains a request's verdict: the verdict itself (identical to [`verify_with`]'s), the
/// settings header as read, the candidates tried, the body-hash check, which other secret or
/// algorithm would have verified it, and which variations of URL, params or body handling would
/// have matched, with advice. Never accepts a request and never includes a secret.
pub fn explain_with(secrets: &Secrets, request: &Request<'_>) -> Result<Report> {
    let p = prepare(request)?;
    let settings = Settings::parse(request.settings);
    let all = all_candidates(request.url);
    let verdict = verdict_of(secrets, settings.as_ref(), &p, &mut Lazy::of(all.clone()));
    let sel = secrets.select(settings.as_ref());
    let keys = secrets.selected(&sel);
    let header = if request.signature.is_empty() {
        HeaderState::Missing
    } else if p.header.is_some() {
        HeaderState::WellFormed
    } else {
        HeaderState::Malformed
    };
    let payload = match request.payload {
        Payload::None => PayloadKind::None,
        Payload::Params(_) | Payload::Pairs(_) => PayloadKind::Params,
        Payload::FormBody(_) => PayloadKind::FormBody,
        Payload::RawBody(_) => PayloadKind::RawBody,
    };
    let extension = verdict.matched_by.is_some_and(CandidateKind::is_extension);
    let mut hints: Vec<&'static str> = Vec::new();
    let mut would_match = Vec::new();
    let mut would_verify_with = Vec::new();

    let refused = match sel {
        Selection::Refused(r) => Some(r),
        _ => None,
    };
    match (refused, &settings) {
        (Some(Refusal::UnsupportedAlgorithm), _) => hints.push("the X-Twilio-Webhooks-Signature-Settings header names an algorithm other than HMAC_SHA1 or HMAC_SHA256: the request is invalid (twilio 6.3.1 rejects it too; upgrade wa-guard if Twilio added an algorithm)"),
        (Some(Refusal::NoSharedKey), _) => hints.push("the request carries X-Twilio-Webhooks-Signature-Settings (Twilio signed it with a SharedKey of a Webhook Rule) but no sharedKeys are configured: add the SharedKey's id and secret"),
        (None, Some(s)) if s.key_id.is_some() && matches!(sel, Selection::Shared(_, None)) => hints.push("the settings header names a shared key id that is not configured: every configured shared key was tried (add the key, or check which key the Webhook Rule uses)"),
        _ => {}
    }
    match header {
        HeaderState::Missing => hints.push("the X-Twilio-Signature header is missing: the request did not come from Twilio, or a proxy dropped the header"),
        HeaderState::Malformed => hints.push("the X-Twilio-Signature header is not the base64 of an HMAC-SHA1 (28 characters) or HMAC-SHA256 (44): it was truncated or altered"),
        HeaderState::WellFormed => {}
    }
    if let (Some(Algorithm::HmacSha256), Some(h)) = (verdict.algorithm, &p.header) {
        if h.len == 20 {
            hints.push("the settings header says HMAC_SHA256 but the signature has the length of an HMAC-SHA1");
        }
    }
    if let (Some(Algorithm::HmacSha1), Some(h), Some(_)) = (verdict.algorithm, &p.header, &settings)
    {
        if h.len == 32 {
            hints.push("the settings header says HMAC_SHA1 but the signature has the length of an HMAC-SHA256");
        }
    }
    if verdict.valid {
        if extension {
            hints.push("matched only with the credentials or connection-override fragment removed from the URL, as Twilio signs it; twilio-node 6.3.1 would reject this request");
        }
        if verdict.token_index.is_some_and(|t| t > 0) {
            hints.push("matched a secondary auth token: Twilio signs with it once it is promoted; update the primary token");
        }
    } else if let Some(h) = &p.header {
        if let Some(s) = &p.suffix {
            let body_ok = p.body.as_ref().map_or(true, |b| b.matches);
            let others = secrets.others(&sel);
            let mut found: Vec<usize> = Vec::new();
            for (i, (k, _)) in others.iter().enumerate() {
                let one = [(*k, ())];
                if body_ok && find_match(&one, &mut Lazy::of(all.clone()), s, h).is_some() {
                    found.push(i);
                }
            }
            for i in found {
                if let Some((k, m)) = others.get(i) {
                    would_verify_with.push(alternative(k.algorithm(), *m, None));
                }
            }
            if let Some(alt) = would_verify_with.first() {
                hints.push(match (settings.is_some(), alt.token_index.is_some()) {
                    (true, true) => "the request verifies with an auth token, but it carries a SharedKey settings header, so Twilio signed it with the SharedKey: it is invalid (a forged or altered settings header, or a Webhook Rule whose key changed)",
                    (false, false) => "the request verifies with a shared key, but carries no X-Twilio-Webhooks-Signature-Settings header: pass the header as signatureSettings (or let verifyRequest read it)",
                    (true, false) => "the request verifies with another shared key or algorithm than the settings header names: check the Webhook Rule's key and algorithm",
                    (false, true) => "the request verifies with an auth token",
                });
            } else if let Some(alt) = secret_fixes(&keys, &all, s, h).filter(|_| body_ok) {
                // A secret the request was checked with, changed as secrets are often mis-stored.
                hints.push(match alt.secret_fix {
                    Some(SecretFix::Trimmed) => "a configured secret has surrounding whitespace (a newline from an env file?): it verifies once trimmed; fix its stored value",
                    _ => "a configured secret has the wrong letter case: it verifies once lower-cased; copy it exactly from the Twilio Console",
                });
                would_verify_with.push(alt);
            } else if settings.is_none() && secrets.tokens.is_empty() {
                hints.push("no settings header: Twilio signed this request with the auth token (HMAC-SHA1), but no auth token is configured; a Webhook Rule whose URL does not match the URL Twilio called is the usual cause (give authTokens too, or fix the rule's URL)");
            }
        }
        would_match = diagnose(&keys, request, &p, &all, h);
        if let (Some(b), Some(s)) = (&p.body, &p.suffix) {
            if !b.matches && find_match(&keys, &mut Lazy::of(all.clone()), s, h).is_some() {
                hints.push(if b.expected.is_none() {
                    "the URL signature matches but the URL has no bodySHA256 to check the body against"
                } else {
                    "the URL signature matches but the body's SHA-256 differs from bodySHA256: the body was modified or re-serialised; verify the raw bytes as received"
                });
            }
        }
        if p.suffix.is_none() {
            // Replaced below by the hint naming the parameter (see `unreadable_hint`).
            hints.push("");
        }
        if let Some(best) = would_match.first() {
            for v in &best.variations {
                hints.push(v.advice());
            }
            if best.token_index.is_some_and(|t| t > 0) {
                hints.push("the variation matched with a secondary auth token");
            }
        } else if hints.is_empty() {
            hints.push("no variation matched: check the secret (a subaccount's resources are signed with the subaccount's token; a secondary token only after promotion; a Webhook Rule's SharedKey) and that the URL (host, path, query) is exactly the one configured in Twilio");
        }
    }
    Ok(Report {
        valid: verdict.valid,
        algorithm: verdict.algorithm,
        key_id: verdict.key_id,
        token_index: verdict.token_index,
        matched_url: verdict.matched_url.as_deref().map(redact),
        matched_by: verdict.matched_by,
        extension,
        header,
        payload,
        body_hash: p.body.clone(),
        candidates: all
            .iter()
            .map(|c| Candidate {
                kind: c.kind,
                url: redact(&c.url),
            })
            .collect(),
        would_match,
        settings: settings.map(|s| SettingsReport {
            key_id: s.key_id.map(str::to_string),
            key_known: s
                .key_id
                .is_some_and(|id| secrets.shared.iter().any(|k| &*k.id == id)),
            algorithm_name: s.algorithm_name.map(str::to_string),
            refused,
        }),
        would_verify_with,
        hints: hints
            .into_iter()
            .map(|h| match h {
                "" => unreadable_hint(p.unreadable.as_deref()),
                _ => h.into(),
            })
            .collect(),
    })
}

/// The hint for a form body that could not be decoded, naming the parameter whose value is not
/// UTF-8 once percent-decoded (when its name is short enough to quote).
fn unreadable_hint(path: Option<&str>) -> String {
    match path.and_then(|p| p.strip_prefix("body.")).filter(|n| n.len() <= 64) {
        Some(n) => format!("the form body's parameter `{n}` does not decode to UTF-8: Twilio never sends such a body"),
        None => "the form body does not decode to UTF-8: Twilio never sends such a body".into(),
    }
}

/// The [`Alternative`] of a secret.
fn alternative(algorithm: Algorithm, m: Matched<'_>, secret_fix: Option<SecretFix>) -> Alternative {
    Alternative {
        algorithm,
        token_index: match m {
            Matched::Token(t) => Some(t),
            Matched::Shared(_) => None,
        },
        key_id: match m {
            Matched::Shared(id) => Some(id.to_string()),
            Matched::Token(_) => None,
        },
        secret_fix,
    }
}

/// The first secret of the selection that verifies the request once trimmed or with its letter
/// case changed (every candidate URL tried), as an [`Alternative`] naming the fix, not the secret.
fn secret_fixes(
    keys: &[(&Key, Matched<'_>)],
    all: &[Candidate],
    suffix: &str,
    header: &Tag,
) -> Option<Alternative> {
    for (key, m) in keys {
        for fix in [SecretFix::Trimmed, SecretFix::LowerCase] {
            let changed = fix.apply(&key.secret);
            if changed == *key.secret {
                continue;
            }
            let Ok(k) = Key::any(&changed, key.algorithm()) else {
                continue;
            };
            // Each MAC compared in constant time, as in `find_match`.
            if all
                .iter()
                .any(|c| k.digest(&c.url, suffix).ct_matches(header))
            {
                return Some(alternative(key.algorithm(), *m, Some(fix)));
            }
        }
    }
    None
}

/// Tries URL × payload variations of a failed request; returns those that would match, fewest
/// changes first.
fn diagnose(
    keys: &[(&Key, Matched<'_>)],
    req: &Request<'_>,
    p: &Prepared,
    all: &[Candidate],
    header: &Tag,
) -> Vec<Diagnosis> {
    // Payload variations: (mask, suffix); the body check must pass too.
    let body_ok = p.body.as_ref().map_or(true, |b| b.matches);
    let mut payloads: Vec<(u16, String)> = Vec::new();
    if let (Some(s), true) = (&p.suffix, body_ok) {
        payloads.push((0, s.clone()));
    }
    let decoded: Vec<(String, String)>;
    let pairs: &[(String, String)] = match req.payload {
        Payload::Params(ps) => ps,
        Payload::Pairs(ps) => {
            decoded = ps
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            &decoded
        }
        Payload::FormBody(b) | Payload::RawBody(b) => {
            decoded = crate::form::decode(b).unwrap_or_default();
            &decoded
        }
        Payload::None => &[],
    };
    let suffix_of = |keep: &dyn Fn(&str) -> bool, trim: bool| {
        params_suffix(
            pairs
                .iter()
                .filter(|(n, _)| keep(n))
                .map(|(n, v)| (n.as_str(), if trim { v.trim() } else { v.as_str() })),
        )
    };
    match req.payload {
        Payload::Params(_) | Payload::Pairs(_) | Payload::FormBody(_) if !pairs.is_empty() => {
            payloads.push((Variation::ParamsIgnored.bit(), String::new()));
            let query: Vec<String> = url::query_of(req.url)
                .unwrap_or_default()
                .split('&')
                .map(|x| {
                    let k = x.split('=').next().unwrap_or_default().replace('+', " ");
                    url::percent_decode_lossy(&k).into_owned()
                })
                .collect();
            let in_query = |n: &str| query.iter().any(|q| q == n);
            if pairs.iter().any(|(n, _)| in_query(n)) {
                payloads.push((
                    Variation::QueryParamsRemoved.bit(),
                    suffix_of(&|n| !in_query(n), false),
                ));
            }
            if pairs.iter().any(|(_, v)| v.trim() != v) {
                payloads.push((Variation::ValuesTrimmed.bit(), suffix_of(&|_| true, true)));
            }
        }
        Payload::RawBody(_) if !pairs.is_empty() => {
            payloads.push((Variation::BodyAsForm.bit(), suffix_of(&|_| true, false)));
        }
        _ => {}
    }
    if let Payload::FormBody(b) = req.payload {
        let bh = body_hash(req.url, b);
        if bh.expected.is_some() && bh.matches {
            payloads.push((Variation::BodyAsRaw.bit(), String::new()));
        }
    }

    let url_bits = Variation::SchemeSwapped.bit()
        | Variation::TrailingSlashToggled.bit()
        | Variation::QueryDropped.bit()
        | Variation::UrlTrimmed.bit();
    let mut found: Vec<(u16, Option<Matched<'_>>, String)> = Vec::new();
    for umask in 0..=url_bits {
        if umask & !url_bits != 0 {
            continue;
        }
        let cands = if umask == 0 {
            all.to_vec()
        } else {
            match vary_url(req.url, umask) {
                Some(u) => all_candidates(&u),
                None => continue,
            }
        };
        for (pmask, suffix) in &payloads {
            if umask == 0 && *pmask == 0 {
                continue;
            }
            if let Some((t, c)) = find_match(keys, &mut Lazy::of(cands.clone()), suffix, header) {
                let url = cands.get(c).map(|c| redact(&c.url)).unwrap_or_default();
                let secret = keys.get(t).map(|(_, m)| *m);
                found.push((umask | pmask, secret, url));
            }
        }
    }
    // Fewest changes first, then discovery order.
    let mut out = Vec::new();
    for n in 1..=VARIATIONS.len() as u32 {
        for (mask, t, url) in &found {
            if mask.count_ones() == n && out.len() < MAX_DIAGNOSES {
                out.push(Diagnosis {
                    variations: variations_of(*mask),
                    token_index: match t {
                        Some(Matched::Token(i)) => Some(*i),
                        _ => None,
                    },
                    key_id: match t {
                        Some(Matched::Shared(id)) => Some(id.to_string()),
                        _ => None,
                    },
                    url: url.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_order_puts_supplementary_before_high_bmp() {
        assert_eq!(cmp_utf16("\u{1F600}", "\u{FF21}"), Ordering::Less);
        assert_eq!(cmp_utf16("a", "b"), Ordering::Less);
        assert_eq!(cmp_utf16("ab", "a"), Ordering::Greater);
        assert_eq!(cmp_utf16("\u{D7FF}", "\u{1F600}"), Ordering::Less);
    }

    #[test]
    fn candidates_are_deduplicated_in_sdk_order() {
        let c = candidates("https://edge.example.com/hook").unwrap();
        let urls: Vec<&str> = c.iter().map(|c| c.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://edge.example.com/hook",
                "https://edge.example.com:443/hook"
            ]
        );
    }

    #[test]
    fn key_debug_is_redacted() {
        let k = Key::new("e194669bd11ac3fffcfd4c41b1b927c4").unwrap();
        assert_eq!(format!("{k:?}"), "Key([REDACTED])");
        assert_eq!(Key::new("").unwrap_err().code(), AUTH_TOKEN_MISSING);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("https://u:pw@h/x"), "https://u:***@h/x");
        assert_eq!(redact("https://u@h/x"), "https://u@h/x");
    }
}
