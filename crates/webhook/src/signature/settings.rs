//! The `X-Twilio-Webhooks-Signature-Settings` header of SharedKey webhooks, read exactly as
//! twilio-node 6.3.1's `getSignatureAlgorithm` reads it (`lib/webhooks/webhooks.js`):
//!
//! - split the header on `,`; in each part the name is what precedes the first `=`, trimmed
//!   (JS `trim`), and must equal `algorithm` exactly (names are case-sensitive);
//! - the first such part whose value (after the `=`, trimmed) is not empty wins;
//! - none: `HMAC_SHA1`;
//! - the algorithm name compares case-insensitively (JS `toUpperCase`): `hmac_sha256` works;
//!   any other name is unsupported, and a request that names one is invalid.
//!
//! `key=` (the SharedKey's id) is read the same way; the SDK does not read it, wa-guard uses it to
//! pick the named key among several (see [`super::Secrets`]).
//!
//! A header that is absent or the empty string means the classic scheme (auth token, SHA-1): the
//! SDK's middleware tests the header's truthiness, so `""` is "absent" and `" "` is "present".

use serde::Serialize;

/// The name of the header Twilio adds to SharedKey-signed webhooks.
pub const SETTINGS_HEADER: &str = "X-Twilio-Webhooks-Signature-Settings";

/// The HMAC of a webhook signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "ts"),
    derive(tsify::Tsify),
    tsify(type_prefix = "Signature", missing_as_null)
)]
pub enum Algorithm {
    /// HMAC-SHA1 (a legacy MAC, kept because Twilio uses it): the auth token scheme, and
    /// SharedKeys whose setting says so. 28 base64 characters.
    #[serde(rename = "HMAC_SHA1")]
    HmacSha1,
    /// HMAC-SHA256: SharedKeys whose setting says so. 44 base64 characters.
    #[serde(rename = "HMAC_SHA256")]
    HmacSha256,
}

impl Algorithm {
    /// Twilio's name of the algorithm (`HMAC_SHA1`, `HMAC_SHA256`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha1 => "HMAC_SHA1",
            Algorithm::HmacSha256 => "HMAC_SHA256",
        }
    }

    /// The algorithm a name denotes, compared as twilio-node compares it (`toUpperCase`);
    /// `None` for an unsupported name. The empty name is SHA-1, as in the SDK.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        if name.is_empty() || upper_equals(name, "HMAC_SHA1") {
            Some(Algorithm::HmacSha1)
        } else if upper_equals(name, "HMAC_SHA256") {
            Some(Algorithm::HmacSha256)
        } else {
            None
        }
    }

    /// Length in bytes of the MAC.
    pub fn mac_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
        }
    }
}

/// `s.toUpperCase() === target` for an ASCII `target`, without Unicode case tables: besides the
/// ASCII letters, only U+017F (ſ → `S`) and U+0131 (ı → `I`) upper-case to one ASCII character,
/// and no character upper-cases to several that could all stand in `target` (the ligatures
/// ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ give `F`, `L`, `T`, none of which follows its neighbours in `HMAC_SHA…`).
fn upper_equals(s: &str, target: &str) -> bool {
    let mut t = target.bytes();
    for c in s.chars() {
        let u = match c {
            'ſ' => b'S',
            'ı' => b'I',
            c if c.is_ascii() => c.to_ascii_uppercase() as u8,
            _ => return false,
        };
        if t.next() != Some(u) {
            return false;
        }
    }
    t.next().is_none()
}

/// JS `String.prototype.trim`: WhiteSpace and LineTerminator code points, which differ from
/// Rust's `char::is_whitespace` by U+FEFF (JS trims it) and U+0085 (JS keeps it).
fn js_trim(s: &str) -> &str {
    let ws = |c: char| c == '\u{FEFF}' || (c.is_whitespace() && c != '\u{85}');
    s.trim_matches(ws)
}

/// The first non-empty value of `name=` in the header, both trimmed (as `getSignatureAlgorithm`).
fn attribute<'h>(header: &'h str, name: &str) -> Option<&'h str> {
    header.split(',').find_map(|part| {
        let (n, v) = part.split_once('=')?;
        let v = js_trim(v);
        (js_trim(n) == name && !v.is_empty()).then_some(v)
    })
}

/// What the settings header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings<'h> {
    /// The `key=` value: the id of the SharedKey Twilio says it signed with.
    pub key_id: Option<&'h str>,
    /// The `algorithm=` value as written (`None`: absent or empty, meaning `HMAC_SHA1`).
    pub algorithm_name: Option<&'h str>,
    /// The algorithm, or `None` when the header names an unsupported one.
    pub algorithm: Option<Algorithm>,
}

impl<'h> Settings<'h> {
    /// Reads a settings header; `None` when it is absent or empty (the classic auth token
    /// scheme). Never fails: a malformed header is read as the SDK reads it.
    pub fn parse(header: Option<&'h str>) -> Option<Settings<'h>> {
        let header = header.filter(|h| !h.is_empty())?;
        let algorithm_name = attribute(header, "algorithm");
        Some(Settings {
            key_id: attribute(header, "key"),
            algorithm_name,
            algorithm: Algorithm::from_name(algorithm_name.unwrap_or_default()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alg(h: &str) -> Option<Option<Algorithm>> {
        Settings::parse(Some(h)).map(|s| s.algorithm)
    }

    #[test]
    fn reads_like_get_signature_algorithm() {
        use Algorithm::*;
        assert_eq!(alg("key=k,algorithm=HMAC_SHA256"), Some(Some(HmacSha256)));
        assert_eq!(
            alg(" algorithm = hmac_sha256 , key = k "),
            Some(Some(HmacSha256))
        );
        assert_eq!(alg("key=k"), Some(Some(HmacSha1)));
        assert_eq!(alg("key=k,algorithm="), Some(Some(HmacSha1)));
        assert_eq!(
            alg("algorithm=,algorithm=HMAC_SHA256"),
            Some(Some(HmacSha256))
        );
        assert_eq!(alg("algorithm=HMAC_SHA512"), Some(None));
        // Names are case-sensitive in the SDK: `Algorithm=` is not read (SHA-1).
        assert_eq!(alg("Algorithm=HMAC_SHA256"), Some(Some(HmacSha1)));
        // JS toUpperCase maps ſ to S.
        assert_eq!(alg("algorithm=hmac_ſha256"), Some(Some(HmacSha256)));
        assert_eq!(alg("algorithm=HMAC_SHA256=x"), Some(None));
        assert_eq!(
            alg("\u{FEFF}algorithm=HMAC_SHA256\u{FEFF}"),
            Some(Some(HmacSha256))
        );
        assert_eq!(alg("algorithm=HMAC_SHA256\u{85}"), Some(None));
        assert_eq!(alg(" "), Some(Some(HmacSha1)));
        assert_eq!(Settings::parse(Some("")), None);
        assert_eq!(Settings::parse(None), None);
    }

    #[test]
    fn reads_the_key_id() {
        let s = Settings::parse(Some("key=,key= webhooks_sharedkey_1 ,algorithm=HMAC_SHA1"));
        assert_eq!(s.and_then(|s| s.key_id), Some("webhooks_sharedkey_1"));
        assert_eq!(
            Settings::parse(Some("algorithm=HMAC_SHA1")).and_then(|s| s.key_id),
            None
        );
    }
}
