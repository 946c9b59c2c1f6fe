//! JS bindings of [`crate::signature`]: `verifySignature`, `computeSignature`, `explainSignature`.
//!
//! The request object is read field by field (no serde pass over the whole object): this is the
//! hot path of the edge worker. A wrong shape is `INVALID_ARGUMENT` naming the field.

use super::sys::{
    after_text, fast_js, flat_params, natural_js, secrets_js, take_url, Fields, Options, Verdict,
};
use super::{js_error, opt_string_arg, read_string, string_arg, threw, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::signature::{
    self, Algorithm, AuthToken, Payload, PreparedSecret, Request, Secrets, SharedKey,
    MAX_BODY_BYTES, MAX_KEY_ID_BYTES, MAX_PARAMS, MAX_PARAMS_BYTES, MAX_SHARED_KEYS,
    MAX_TOKEN_BYTES, MAX_URL_BYTES,
};
use js_sys::{Array, Object};
use serde::Serialize;
use std::cell::RefCell;
use subtle::ConstantTimeEq;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Longest settings header read (HTTP servers cap a header line at about 8 KiB).
const MAX_SETTINGS_BYTES: usize = 8 * 1024;

// Generated (tsify, wa_guard_webhook::signature, names prefixed `Signature`): SignatureVerdict,
// SignatureReport and its parts, SignatureAlgorithm, SignatureCandidateKind, SignatureVariation.
// Hand-written: the inputs, which the bindings read by hand from JS-only shapes (URLSearchParams,
// FormData, Map, bytes, secrets given one way or another), and `RequestVerdict`, assembled here.
#[wasm_bindgen(typescript_custom_section)]
const TS_SIGNATURE: &str = r#"
/** Parameters of a form-encoded webhook: a repeated name carries an array of values. */
export type SignatureParams = Record<string, string | string[]>;

/** `URLSearchParams`, `FormData` (string values only: a file is an error) or a
 *  `Map<string, string>`: read through their `entries()` (typed by their `forEach`, which a plain
 *  `lib: ["es2022", "dom"]` declares). */
export interface ParamEntries { forEach(callback: (value: unknown, name: string) => void): void; }

/** What `params` accepts: an object, `URLSearchParams`, `FormData`, a `Map`, or `[name, value]` pairs. */
export type SignatureParamsInput = SignatureParams | ParamEntries | ReadonlyArray<readonly [string, string]>;

/** A raw body: text, or its bytes (`Uint8Array`, `ArrayBuffer`, Node's `Buffer`) read as UTF-8. */
export type SignatureBody = string | Uint8Array | ArrayBuffer;

/** A SharedKey of the account's Webhook Rules: its id (`webhooks_sharedkey_…`) and its secret. */
export interface SharedKeySecret {
  id: string;
  /** Never shown in results, errors or reports. */
  secret: string;
}

/** The secrets a verifier holds. Without a settings header a request is checked against the
 *  auth tokens (HMAC-SHA1); with one, against the shared key it names (or every shared key). At
 *  least one secret in all; unset entries (`undefined`, `null`, `""`) after the first auth token
 *  are skipped, so `[env.PRIMARY, env.SECONDARY]` works while the secondary is unset.
 *  `authToken` (one) and `authTokens` (several, primary first, at most 8) are exclusive. */
export type SignatureSecrets = {
  /** The account's SharedKeys (at most 50, ids unique). */
  sharedKeys?: Array<SharedKeySecret | null | undefined> | null;
} & (
  | { authToken: string; authTokens?: undefined | null }
  | { authTokens: Array<string | null | undefined>; authToken?: undefined | null }
  | { authToken?: undefined | null; authTokens?: undefined | null }
);

/** A webhook to verify. */
export type SignatureRequest = SignatureSecrets & {
  /** The `X-Twilio-Signature` header; missing (`undefined`/`null`/`""`) is simply invalid. */
  signature?: string | null;
  /** The `X-Twilio-Webhooks-Signature-Settings` header (SharedKey webhooks); absent or `""`: the
   *  classic scheme. Read exactly as twilio 6.3.1 reads it; never an exception. */
  signatureSettings?: string | null;
  /** The full URL Twilio requested, query string included, exactly as configured in Twilio.
   *  At most 8192 bytes. */
  url: string;
  /** Decoded form parameters (at most 1000 values, 65536 bytes). Give `params` or `body`. */
  params?: SignatureParamsInput | null;
  /** The raw body: form-encoded (decoded here; at most 65536 bytes) or JSON/other (checked
   *  against the URL's `bodySHA256`; at most 1 MiB). */
  body?: SignatureBody | null;
  /** The request's Content-Type. Without it, a body is raw when the URL has `bodySHA256`. */
  contentType?: string | null;
};

/** Input of `computeSignature`: the signature Twilio sends for this request. */
export interface ComputeSignatureRequest {
  /** The auth token (classic scheme). Give `authToken` or `secret`. */
  authToken?: string;
  /** Any secret: an auth token or a SharedKey secret. */
  secret?: string;
  /** `HMAC_SHA1` (default) or `HMAC_SHA256` (case-insensitive, as twilio 6.3.1). */
  algorithm?: SignatureAlgorithm | Lowercase<SignatureAlgorithm>;
  url: string;
  params?: SignatureParamsInput | null;
  /** A raw body: form-encoded bodies are decoded and signed as params; any other body is signed
   *  through the URL's `bodySHA256`, which must be its SHA-256. Give `params` or `body`. */
  body?: SignatureBody | null;
  contentType?: string | null;
}

/** Options of `verifyRequest`: the secrets, and the URL Twilio called when a proxy rewrote it. */
export type VerifyRequestOptions = SignatureSecrets & {
  /** The public URL Twilio requested (default: `request.url`). */
  url?: string | null;
};

/** `verifyRequest`'s answer: the verdict, the raw body and, for form bodies, the parameters. */
export type RequestVerdict = SignatureVerdict & {
  /** The raw body as received (`""` for GET). */
  body: string;
  /** The decoded form parameters (form bodies only; repeated names as arrays). */
  params?: SignatureParams;
};
"#;

fn bad(path: &str, msg: &str) -> JsValue {
    js_error(&Error::new(INVALID_ARGUMENT, msg).at(path))
}

/// Reads one property; a throwing getter is `INVALID_ARGUMENT` at `key`.
fn get(
    obj: &JsValue,
    key: &str,
    read: fn(&Fields) -> Result<JsValue, JsValue>,
) -> Result<JsValue, JsValue> {
    read(obj.unchecked_ref()).map_err(|_| bad(key, "cannot read property"))
}

/// A string property: `undefined`/`null` → `None`; not a string, too long or not well-formed
/// UTF-16 → coded error.
fn opt_string(
    obj: &JsValue,
    key: &str,
    read: fn(&Fields) -> Result<JsValue, JsValue>,
    max_bytes: usize,
) -> Result<Option<String>, JsValue> {
    opt_string_arg(&get(obj, key, read)?, key, max_bytes)
}

/// The signature header: missing → `""`; a string too long to be a signature or not well-formed
/// is read as a malformed (invalid) header, never an error; any other type is a coded error.
fn read_signature(obj: &JsValue) -> Result<String, JsValue> {
    let v = get(obj, "signature", Fields::signature)?;
    if v.is_undefined() || v.is_null() {
        return Ok(String::new());
    }
    match v.dyn_ref::<js_sys::JsString>() {
        // Copy at most a few bytes: a longer header can never match (and stays invalid).
        Some(js) if js.length() <= 64 => Ok(String::from(js)),
        Some(_) => Ok("!".to_string()),
        None => Err(bad("signature", "signature must be a string")),
    }
}

/// The request as read from JS.
struct JsRequest {
    secrets: Secrets,
    settings: Option<String>,
    /// The caller's `url` value, returned as `matchedUrl` when it is the one that matched.
    url_js: JsValue,
    signature: String,
    url: String,
    params: Option<Params>,
    body: Option<String>,
    content_type: Option<String>,
}

/// Params as read: one string, `SEP name SEP value SEP …`, its first character the separator
/// (split without copying each name and value).
struct Params(String);

impl Params {
    fn pairs(&self) -> Vec<(&str, &str)> {
        let s = &self.0;
        let Some(sep) = s.chars().next() else {
            return Vec::new();
        };
        let mut pieces = s.get(sep.len_utf8()..).unwrap_or_default().split(sep);
        let mut out = Vec::with_capacity(32);
        // `name SEP value SEP` repeated, then the empty piece after the last separator.
        while let (Some(name), Some(value)) = (pieces.next(), pieces.next()) {
            out.push((name, value));
        }
        out
    }
}

impl JsRequest {
    /// The params' pairs (borrowed), for [`JsRequest::request`].
    fn pairs(&self) -> Vec<(&str, &str)> {
        self.params.as_ref().map(Params::pairs).unwrap_or_default()
    }

    fn request<'a>(&'a self, pairs: &'a [(&'a str, &'a str)]) -> Request<'a> {
        let payload = match (&self.params, &self.body) {
            (Some(_), _) => Payload::Pairs(pairs),
            (None, Some(b)) => Payload::from_body(&self.url, b, self.content_type.as_deref()),
            (None, None) => Payload::None,
        };
        Request {
            url: &self.url,
            signature: &self.signature,
            payload,
            settings: self.settings.as_deref(),
        }
    }
}

fn read_params(v: &JsValue) -> Result<Option<Params>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    // URLSearchParams, FormData, a Map or [name, value] pairs become a plain object first.
    let v = &natural(v, 0)?;
    let flat =
        flat_params(v, MAX_PARAMS as u32, MAX_PARAMS_BYTES as u32).map_err(|_| threw("params"))?;
    if let Some(e) = flat.dyn_ref::<Array>() {
        // A problem: [path, message], or [path, 0] (a getter threw), 1 (too many values) or
        // 2 (too many bytes).
        let path = e.get(0).as_string().unwrap_or_default();
        let kind = e.get(1);
        let e = match (kind.as_string(), kind.as_f64().unwrap_or(2.0) as u32) {
            (Some(msg), _) => Error::new(INVALID_ARGUMENT, msg),
            (None, 0) => return Err(threw(&path)),
            (None, 1) => Error::too_large("params", MAX_PARAMS, "values"),
            _ => Error::too_large("params", MAX_PARAMS_BYTES, "bytes"),
        };
        return Err(js_error(&e.at(path)));
    }
    // At most 3 UTF-8 bytes per UTF-16 unit: never refused here, the core checks the exact
    // byte budget (`INPUT_TOO_LARGE` at `params`).
    read_string(&flat, "params", 3 * (MAX_PARAMS_BYTES + 2 * MAX_PARAMS + 1))
        .map(|s| Some(Params(s)))
        .map_err(|e| js_error(&e))
}

/// `params` (`kind` 0) or `body` (1) as given, made readable by `natural` (below): the same
/// value, a plain object of `params`, a body's UTF-8 text; a coded error naming what was expected.
/// Kinds 2–4 check the keys of a request (2), a `computeSignature` request (3) or `verifyRequest`
/// options (4): an unknown key (a misspelt option) is `INVALID_ARGUMENT` at that key, listing the
/// expected ones, as every other function answers. (The lists live in the snippet, not in wasm.)
fn natural(v: &JsValue, kind: u32) -> Result<JsValue, JsValue> {
    let at = match kind {
        0 => "params",
        1 => "body",
        _ => "request",
    };
    let max = if kind == 0 {
        MAX_PARAMS
    } else {
        MAX_BODY_BYTES
    };
    let r = natural_js(v, kind, max as u32).map_err(|_| threw(at))?;
    let Some(e) = r.dyn_ref::<Array>() else {
        return Ok(r);
    };
    // An error: [path, message, too large?].
    let path = e.get(0).as_string().unwrap_or_default();
    let e = match e.get(1).as_string() {
        Some(msg) => Error::new(INVALID_ARGUMENT, msg),
        None => Error::too_large(at, MAX_BODY_BYTES, "bytes"),
    };
    Err(js_error(&e.at(path)))
}

/// Whether `url` is absolute (`scheme://…`): a path alone cannot be what Twilio signed.
#[inline(never)]
fn check_absolute(url: &str) -> Result<(), JsValue> {
    let b = url.as_bytes();
    let scheme = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    if scheme > 0 && b.get(scheme..scheme + 3) == Some(&b"://"[..]) {
        return Ok(());
    }
    Err(js_error(
        &Error::new(
            URL_NOT_ABSOLUTE,
            "url must be the absolute URL Twilio requested (https://host/path?query), not a path: rebuild it from the public scheme and Host header",
        )
        .at("url"),
    ))
}

/// Code: `url` is a path (`req.originalUrl`) or otherwise not `scheme://…`.
pub const URL_NOT_ABSOLUTE: &str = "URL_NOT_ABSOLUTE";

/// The usual request read in one crossing (`fastRequest` above); `None` when it is not one
/// (another type, a limit passed, a bad secret…): then [`read_request`] reads it field by field
/// and names the problem.
#[inline(never)]
fn fast_request(v: &JsValue) -> Option<JsRequest> {
    let js = fast_js(v, MAX_PARAMS as u32, MAX_PARAMS_BYTES as u32);
    let s = read_string(&js, "request", 1 << 23).ok()?;
    let (secrets, mut rest) = parse_secrets(&s).ok()?;
    let mut fields = || {
        let (field, r) = rest.split_once('\0')?;
        rest = r;
        Some(field)
    };
    let url = fields()?;
    let signature = fields()?;
    // `-` absent, `+` and the value; past `max` bytes: read field by field (a coded error).
    let mut opt = |max: usize| match fields()?.split_at_checked(1)? {
        ("+", v) if v.len() <= max => Some(Some(v)),
        ("-", _) => Some(None),
        _ => None,
    };
    let settings = opt(MAX_SETTINGS_BYTES)?;
    let content_type = opt(1024)?;
    let body = opt(MAX_BODY_BYTES)?;
    // The params, last: the rest of the string (their own separators inside).
    let params = rest;
    if url.len() > MAX_URL_BYTES || check_absolute(url).is_err() {
        return None;
    }
    Some(JsRequest {
        secrets,
        settings: settings.map(String::from),
        url_js: JsValue::UNDEFINED,
        signature: signature.to_string(),
        url: url.to_string(),
        params: params.strip_prefix('+').map(|p| Params(p.to_string())),
        body: body.map(String::from),
        content_type: content_type.map(String::from),
    })
}

/// The raw body: a string, or bytes (`Uint8Array`, `ArrayBuffer`, `Buffer`) read as UTF-8;
/// `undefined`/`null` → `None`.
fn read_body(v: &JsValue) -> Result<Option<String>, JsValue> {
    let b = get(v, "body", Fields::body)?;
    if b.is_undefined() || b.is_null() {
        return Ok(None);
    }
    if b.is_string() {
        // The usual case: no call into the marshalling snippet.
        return opt_string_arg(&b, "body", MAX_BODY_BYTES);
    }
    opt_string_arg(&natural(&b, 1)?, "body", MAX_BODY_BYTES)
}

/// The secrets of a request or options object, prepared (from the cache when seen before):
/// `authToken`, or `authTokens` (unset entries after the first skipped, the caller's indexes
/// kept), and `sharedKeys` (`undefined`/`null` entries skipped). Read by the snippet's
/// `secrets()` in one crossing; its problems become coded errors here.
fn read_secrets(v: &JsValue) -> Result<Secrets, JsValue> {
    let r = secrets_js(v).map_err(|_| threw("request"))?;
    if let Some(e) = r.dyn_ref::<Array>() {
        let code = match e.get(2).is_undefined() {
            true => INVALID_ARGUMENT,
            false => crate::error::INPUT_TOO_LARGE,
        };
        let path = e.get(0).as_string().unwrap_or_default();
        let e = Error::new(code, e.get(1).as_string().unwrap_or_default());
        return Err(js_error(&e.at(path)));
    }
    let s = r.as_string().unwrap_or_default();
    throw(parse_secrets(&s).map(|(secrets, _)| secrets))
}

/// The `n` UTF-16 units at the start of `s` after their length (one character, `A` + length),
/// and the rest.
fn take_text(s: &str) -> Option<(&str, &str)> {
    let mut chars = s.chars();
    let n = (chars.next()? as usize).checked_sub(65)?;
    let s = chars.as_str();
    // ASCII (the usual secret): n units are n bytes.
    if s.as_bytes().get(..n).is_some_and(|b| b.is_ascii()) {
        return Some((s.get(..n)?, s.get(n..)?));
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units == n {
            return Some((s.get(..i)?, s.get(i..)?));
        }
        units += c.len_utf16();
    }
    (units == n).then_some((s, ""))
}

/// The secrets of `secrets()`'s string (see the snippet), each prepared once (the `SECRETS`
/// cache, by content), and the rest of the string after them; coded errors at the caller's paths.
#[inline(never)]
fn parse_secrets(mut s: &str) -> crate::Result<(Secrets, &str)> {
    let unreadable = || Error::new(INVALID_ARGUMENT, "the secrets could not be read");
    let mut tokens = Vec::new();
    let mut shared = Vec::new();
    loop {
        let mut chars = s.chars();
        let tag = chars.next().ok_or_else(unreadable)?;
        if tag == 'E' {
            s = chars.as_str();
            break;
        }
        let i = (chars.next().ok_or_else(unreadable)? as usize).wrapping_sub(65);
        let (a, rest) = take_text(chars.as_str()).ok_or_else(unreadable)?;
        s = rest;
        if tag == 'K' {
            let (b, rest) = take_text(s).ok_or_else(unreadable)?;
            s = rest;
            let at = |field: &str| format!("sharedKeys[{i}].{field}");
            for (text, field, max) in [(a, "id", MAX_KEY_ID_BYTES), (b, "secret", MAX_TOKEN_BYTES)]
            {
                if text.len() > max {
                    return Err(Error::too_large(&at(field), max, "bytes").at(at(field)));
                }
            }
            let key = prepared(b)
                .and_then(|p| SharedKey::from_prepared(a, &p))
                .map_err(|e| {
                    let field = e.path().unwrap_or("secret").to_string();
                    e.at(at(&field))
                })?;
            shared.push((i, key));
        } else {
            let at = || match tag {
                'A' => "authToken".to_string(),
                _ => format!("authTokens[{i}]"),
            };
            if a.len() > MAX_TOKEN_BYTES {
                return Err(Error::too_large(&at(), MAX_TOKEN_BYTES, "bytes").at(at()));
            }
            let token = prepared(a).and_then(|p| AuthToken::from_prepared(&p));
            tokens.push((i, token.map_err(|e| e.at(at()))?));
        }
    }
    if tokens.is_empty() && shared.is_empty() {
        let msg = "no secret was given: give authToken, authTokens or sharedKeys";
        return Err(Error::new(signature::AUTH_TOKEN_MISSING, msg).at("authToken"));
    }
    Ok((Secrets::from_keys(tokens, shared)?, s))
}

fn read_request(v: &JsValue) -> Result<JsRequest, JsValue> {
    if !v.is_object() {
        return Err(bad("request", "the request must be an object"));
    }
    natural(v, 2)?;
    let secrets = read_secrets(v)?;
    let url_js = get(v, "url", Fields::url)?;
    let url = string_arg(&url_js, "url", MAX_URL_BYTES)?;
    check_absolute(&url)?;
    let signature = read_signature(v)?;
    let settings = opt_string(
        v,
        "signatureSettings",
        Fields::signature_settings,
        MAX_SETTINGS_BYTES,
    )?;
    let params = read_params(&get(v, "params", Fields::params)?)?;
    let body = read_body(v)?;
    let content_type = opt_string(v, "contentType", Fields::content_type, 1024)?;
    if params.is_some() && body.is_some() {
        return Err(bad(
            "body",
            "give params (already decoded) or body (raw), not both",
        ));
    }
    Ok(JsRequest {
        secrets,
        settings,
        url_js,
        signature,
        url,
        params,
        body,
        content_type,
    })
}

thread_local! {
    /// The most recent secrets, prepared (at most `MAX_TOKENS + MAX_SHARED_KEYS`): an edge worker
    /// verifies every webhook with the same secrets, and preparing one costs two hash blocks per
    /// algorithm. The cache lives in wasm linear memory only; it is never exposed or printed.
    static SECRETS: RefCell<Vec<(String, PreparedSecret)>> = const { RefCell::new(Vec::new()) };
}

/// A secret, prepared (from the cache when seen before; compared in constant time).
fn prepared(secret: &str) -> crate::Result<PreparedSecret> {
    SECRETS.with(|c| {
        let mut c = c.borrow_mut();
        // Every byte compared, no early exit, one `black_box` at the end (subtle's slice `ct_eq`
        // puts one on every byte: a few % of a verification).
        let same = |k: &String| {
            let diff =
                (k.as_bytes().iter().zip(secret.as_bytes())).fold(0u8, |d, (a, b)| d | (a ^ b));
            k.len() == secret.len() && bool::from(diff.ct_eq(&0))
        };
        if let Some((_, p)) = c.iter().find(|(k, _)| same(k)) {
            return Ok(p.clone());
        }
        let p = PreparedSecret::new(secret)?;
        if c.len() >= signature::MAX_TOKENS + MAX_SHARED_KEYS {
            c.remove(0);
        }
        c.push((secret.to_string(), p.clone()));
        Ok(p)
    })
}

thread_local! {
    /// The algorithms' names as JS strings, made once (not decoded out of wasm on every verdict).
    static ALGORITHM_NAMES: (JsValue, JsValue) = (
        JsValue::from_str(Algorithm::HmacSha1.name()),
        JsValue::from_str(Algorithm::HmacSha256.name()),
    );
}

/// The JS verdict object of a core verdict (the caller's `url` string handed back as
/// `matchedUrl` when it is the one that matched: no copy out of wasm).
fn verdict_js(v: &signature::Verdict, url: &str, url_js: &JsValue) -> Verdict {
    let out: Verdict = Object::new().unchecked_into();
    out.set_valid(v.valid);
    out.set_algorithm(match v.algorithm {
        Some(Algorithm::HmacSha1) => ALGORITHM_NAMES.with(|(sha1, _)| sha1.clone()),
        Some(Algorithm::HmacSha256) => ALGORITHM_NAMES.with(|(_, sha256)| sha256.clone()),
        None => JsValue::NULL,
    });
    if let Some(id) = &v.key_id {
        out.set_key_id(id);
    }
    if let Some(t) = v.token_index {
        out.set_token_index(u32::try_from(t).unwrap_or(u32::MAX));
    }
    match &v.matched_url {
        // (`undefined`: read by `fastRequest`, which kept the caller's string.)
        Some(u) if u == url && url_js.is_undefined() => out.set_matched_url_js(&take_url()),
        Some(u) if u == url => out.set_matched_url_js(url_js),
        Some(u) => out.set_matched_url(u),
        None => {}
    }
    out
}

/// Verifies a Twilio webhook's `X-Twilio-Signature`: with the auth tokens (HMAC-SHA1) when there
/// is no `X-Twilio-Webhooks-Signature-Settings` header, else with the SharedKey and algorithm it
/// names; twilio-node 6.3.1's URL candidates plus the documented extensions. An invalid or
/// missing signature is `{ valid: false }`; throws `INVALID_ARGUMENT`, `AUTH_TOKEN_MISSING`,
/// `SHARED_KEY_MISSING` or `INPUT_TOO_LARGE` for bad arguments only.
#[wasm_bindgen(js_name = verifySignature, unchecked_return_type = "SignatureVerdict")]
pub fn verify_signature(
    #[wasm_bindgen(unchecked_param_type = "SignatureRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let r = match request
        .is_object()
        .then(|| fast_request(&request))
        .flatten()
    {
        Some(r) => r,
        None => read_request(&request)?,
    };
    let pairs = r.pairs();
    let v = throw(signature::verify_with(&r.secrets, &r.request(&pairs)))?;
    Ok(verdict_js(&v, &r.url, &r.url_js).into())
}

/// Computes the `X-Twilio-Signature` Twilio would send (tests, tooling): auth token or SharedKey
/// secret, HMAC-SHA1 or HMAC-SHA256, params or a raw body.
#[wasm_bindgen(js_name = computeSignature)]
pub fn compute_signature(
    #[wasm_bindgen(unchecked_param_type = "ComputeSignatureRequest")] request: JsValue,
) -> Result<String, JsValue> {
    if !request.is_object() {
        return Err(bad("request", "the request must be an object"));
    }
    natural(&request, 3)?;
    let token = get(&request, "authToken", Fields::auth_token)?;
    let secret = get(&request, "secret", Fields::secret)?;
    let (secret, at) = match (
        token.is_undefined() || token.is_null(),
        secret.is_undefined() || secret.is_null(),
    ) {
        (false, true) => (token, "authToken"),
        (true, false) => (secret, "secret"),
        (false, false) => return Err(bad("secret", "give authToken or secret, not both")),
        (true, true) => {
            return Err(js_error(
                &Error::new(signature::AUTH_TOKEN_MISSING, "give authToken or secret")
                    .at("authToken"),
            ))
        }
    };
    let secret = string_arg(&secret, at, MAX_TOKEN_BYTES)?;
    let algorithm = match opt_string(&request, "algorithm", Fields::algorithm, 64)? {
        None => Algorithm::HmacSha1,
        Some(name) => Algorithm::from_name(&name)
            .filter(|_| !name.is_empty())
            .ok_or_else(|| bad("algorithm", "algorithm must be HMAC_SHA1 or HMAC_SHA256"))?,
    };
    let url = string_arg(&get(&request, "url", Fields::url)?, "url", MAX_URL_BYTES)?;
    check_absolute(&url)?;
    let params = read_params(&get(&request, "params", Fields::params)?)?.map(|p| {
        p.pairs()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    });
    let body = read_body(&request)?;
    let content_type = opt_string(&request, "contentType", Fields::content_type, 1024)?;
    let params = match (params, body) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "body",
                "give params (already decoded) or body (raw), not both",
            ))
        }
        (Some(p), None) => p,
        (None, None) => Vec::new(),
        (None, Some(b)) => match Payload::from_body(&url, &b, content_type.as_deref()) {
            Payload::RawBody(b) => {
                throw(signature::check_body_hash(&url, b).map_err(|e| e.at("url")))?;
                Vec::new()
            }
            _ => throw(crate::form::decode(&b).map_err(|e| e.at("body")))?,
        },
    };
    throw(
        signature::compute_with(&secret, algorithm, &url, &params).map_err(|e| match e.path() {
            Some("secret") => e.at(at),
            _ => e,
        }),
    )
}

/// Explains a verdict: the settings header as read, candidates tried, body-hash check, which
/// other secret or algorithm would have verified it, and which variation (scheme, trailing
/// slash, query, params, body handling) would have matched. Never changes the verdict and never
/// includes a secret.
#[wasm_bindgen(js_name = explainSignature, unchecked_return_type = "SignatureReport")]
pub fn explain_signature(
    #[wasm_bindgen(unchecked_param_type = "SignatureRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let r = read_request(&request)?;
    let pairs = r.pairs();
    to_js(&throw(signature::explain_with(
        &r.secrets,
        &r.request(&pairs),
    ))?)
}

/// `verifyRequest`'s answer besides the verdict.
#[derive(Serialize)]
struct Extra<'a> {
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<ParamsOut<'a>>,
}

/// Decoded form parameters as an object: a repeated name's values as an array.
struct ParamsOut<'a>(&'a [(String, String)]);

impl Serialize for ParamsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in self.0 {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        let mut m = s.serialize_map(Some(names.len()))?;
        for n in names {
            let values: Vec<&str> = self
                .0
                .iter()
                .filter(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
                .collect();
            match values.as_slice() {
                [one] => m.serialize_entry(n, one)?,
                many => m.serialize_entry(n, many)?,
            }
        }
        m.end()
    }
}

fn request_error(msg: &str) -> JsValue {
    bad("request", msg)
}

/// What `verifyRequest` read before the body.
struct Pending {
    secrets: Secrets,
    url: String,
    url_js: JsValue,
    signature: String,
    settings: Option<String>,
    content_type: Option<String>,
}

/// Verifies a Fetch API `Request` whole (Workers, Deno, Bun, Node 18+, service workers): reads
/// the method, URL, `X-Twilio-Signature`, `X-Twilio-Webhooks-Signature-Settings` and
/// `Content-Type` headers and a clone of the body (the caller can still read it), and answers the
/// verdict with the raw `body` and, for form bodies, the decoded `params`. `options.url`
/// overrides the URL when a proxy rewrote it. Rejects with a coded error (`INVALID_ARGUMENT`:
/// not a Request, or its body already read; `INPUT_TOO_LARGE`; the secrets' errors); never throws.
#[wasm_bindgen(js_name = verifyRequest, unchecked_return_type = "Promise<RequestVerdict>")]
pub fn verify_request(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyRequestOptions")] options: JsValue,
) -> js_sys::Promise {
    let settled = |r: Result<JsValue, JsValue>| match r {
        Ok(v) => js_sys::Promise::resolve(&v),
        Err(e) => js_sys::Promise::reject(&e),
    };
    let (pending, body) = match start_request(&request, &options) {
        Ok(p) => p,
        Err(e) => return js_sys::Promise::reject(&e),
    };
    match body {
        None => settled(finish_request(&pending, String::new(), true)),
        Some(text) => {
            let finish = Closure::once_into_js(move |t: JsValue| -> Result<JsValue, JsValue> {
                if t.is_undefined() {
                    return Err(request_error("reading the request's body failed"));
                }
                let body = read_string(&t, "body", MAX_BODY_BYTES).map_err(|e| js_error(&e))?;
                finish_request(&pending, body, false)
            });
            after_text(&text, &finish)
        }
    }
}

/// The synchronous part of `verifyRequest`: the arguments, the headers, and the promise of the
/// body's text (`None` for GET and HEAD, which have none).
fn start_request(
    request: &JsValue,
    options: &JsValue,
) -> Result<(Pending, Option<js_sys::Promise>), JsValue> {
    let Some(req) = request.dyn_ref::<web_sys::Request>() else {
        return Err(request_error(
            "verifyRequest takes a Fetch API Request (for Express use wa-guard/express; for other objects verifySignature)",
        ));
    };
    if !options.is_object() {
        return Err(bad("options", "options must be an object with the secrets"));
    }
    natural(options, 4)?;
    let secrets = read_secrets(options)?;
    let given = options
        .unchecked_ref::<Options>()
        .url()
        .map_err(|_| threw("url"))?;
    let (url, url_js) = match opt_string_arg(&given, "url", MAX_URL_BYTES)? {
        Some(u) => (u, given),
        None => {
            let u = req.url();
            let js = JsValue::from_str(&u);
            (u, js)
        }
    };
    if url.len() > MAX_URL_BYTES {
        return Err(js_error(
            &Error::too_large("url", MAX_URL_BYTES, "bytes").at("url"),
        ));
    }
    let headers = req.headers();
    let header = |name: &str| {
        headers
            .get(name)
            .map_err(|_| request_error("its headers cannot be read"))
    };
    let signature = header("x-twilio-signature")?.unwrap_or_default();
    // Longer than any signature: kept short, and simply invalid.
    let signature = if signature.len() > 64 {
        "!".to_string()
    } else {
        signature
    };
    let settings = header("x-twilio-webhooks-signature-settings")?;
    if settings
        .as_ref()
        .is_some_and(|s| s.len() > MAX_SETTINGS_BYTES)
    {
        let e = Error::too_large("signatureSettings", MAX_SETTINGS_BYTES, "bytes");
        return Err(js_error(&e.at("signatureSettings")));
    }
    let content_type = header("content-type")?;
    let method = req.method();
    let body = if method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
        None
    } else {
        if req.body_used() {
            return Err(request_error(
                "the request's body was already read: call verifyRequest first, or give the body to verifySignature",
            ));
        }
        let declared = header("content-length")?.and_then(|n| n.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return Err(js_error(
                &Error::too_large("body", MAX_BODY_BYTES, "bytes").at("body"),
            ));
        }
        let copy = req
            .clone()
            .map_err(|_| request_error("the request's body cannot be read"))?;
        Some(
            copy.text()
                .map_err(|_| request_error("the request's body cannot be read"))?,
        )
    };
    let pending = Pending {
        secrets,
        url,
        url_js,
        signature,
        settings,
        content_type,
    };
    Ok((pending, body))
}

/// The verdict of a request read by [`start_request`], with its body.
fn finish_request(p: &Pending, body: String, bodiless: bool) -> Result<JsValue, JsValue> {
    let payload = if bodiless {
        Payload::None
    } else {
        Payload::from_body(&p.url, &body, p.content_type.as_deref())
    };
    let decoded = match payload {
        Payload::FormBody(b) => crate::form::decode(b).ok(),
        _ => None,
    };
    let core = Request {
        url: &p.url,
        signature: &p.signature,
        payload: match &decoded {
            Some(d) => Payload::Params(d),
            None => payload,
        },
        settings: p.settings.as_deref(),
    };
    let v = throw(signature::verify_with(&p.secrets, &core))?;
    let out: Object = verdict_js(&v, &p.url, &p.url_js).unchecked_into();
    let extra = to_js(&Extra {
        body: &body,
        params: decoded.as_deref().map(ParamsOut),
    })?;
    Ok(Object::assign(&out, extra.unchecked_ref::<Object>()).into())
}
