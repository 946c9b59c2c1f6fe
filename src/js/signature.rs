//! JS bindings of [`crate::signature`]: `verifySignature`, `computeSignature`, `explainSignature`.
//!
//! The request object is read field by field (no serde pass over the whole object): this is the
//! hot path of the edge worker. A wrong shape is `INVALID_ARGUMENT` naming the field.

use super::{js_error, opt_string_arg, read_string, string_arg, threw, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::signature::Key;
use crate::signature::{
    self, Payload, Request, MAX_BODY_BYTES, MAX_PARAMS, MAX_PARAMS_BYTES, MAX_TOKEN_BYTES,
    MAX_URL_BYTES,
};
use js_sys::{Array, Object};
use std::cell::RefCell;
use subtle::ConstantTimeEq;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_SIGNATURE: &str = r#"
/** Parameters of a form-encoded webhook: a repeated name carries an array of values. */
export type SignatureParams = Record<string, string | string[]>;

interface SignatureRequestBase {
  /** The `X-Twilio-Signature` header; missing (`undefined`/`null`/`""`) is simply invalid. */
  signature?: string | null;
  /** The full URL Twilio requested, query string included, exactly as configured in Twilio.
   *  At most 8192 bytes. */
  url: string;
  /** Decoded form parameters (at most 1000 values, 65536 bytes). Give `params` or `body`. */
  params?: SignatureParams;
  /** The raw body: form-encoded (decoded here; at most 65536 bytes) or JSON/other (checked
   *  against the URL's `bodySHA256`; at most 1 MiB). */
  body?: string;
  /** The request's Content-Type. Without it, a body is raw when the URL has `bodySHA256`. */
  contentType?: string;
}

/** A webhook to verify: one token (`authToken`) or several, primary first (`authTokens`, at most 8). */
export type SignatureRequest = SignatureRequestBase &
  ({ authToken: string; authTokens?: undefined } | { authTokens: string[]; authToken?: undefined });

/** The verdict of `verifySignature`. */
export interface SignatureVerdict {
  valid: boolean;
  /** Index in `authTokens` of the token that matched (0 for `authToken`), when valid. */
  tokenIndex?: number;
  /** The candidate URL whose signature matched, when valid. */
  matchedUrl?: string;
}

/** Input of `computeSignature`. */
export interface ComputeSignatureRequest {
  authToken: string;
  url: string;
  params?: SignatureParams;
}

/** URL variants checked, in order: twilio-node 6.2.0's six, then wa-guard's documented extensions. */
export type SignatureCandidateKind =
  | "withoutPort" | "withPort"
  | "normalizedWithoutPort" | "normalizedWithPort"
  | "legacyQueryWithoutPort" | "legacyQueryWithPort"
  | "credentialsStrippedWithoutPort" | "credentialsStrippedWithPort"
  | "fragmentStrippedWithoutPort" | "fragmentStrippedWithPort"
  | "credentialsAndFragmentStrippedWithoutPort" | "credentialsAndFragmentStrippedWithPort";

/** A change to a failed request that would have made its signature match. */
export type SignatureVariation =
  | "schemeSwapped" | "trailingSlashToggled" | "queryDropped" | "urlTrimmed"
  | "paramsIgnored" | "queryParamsRemoved" | "valuesTrimmed" | "bodyAsRaw" | "bodyAsForm";

/** Report of `explainSignature`: `valid` is always `verifySignature`'s verdict. No token in it;
 *  URL passwords shown as `***`. */
export interface SignatureReport {
  valid: boolean;
  tokenIndex?: number;
  matchedUrl?: string;
  matchedBy?: SignatureCandidateKind;
  /** True when only a documented extension (credentials/fragment stripped) matched. */
  extension: boolean;
  header: "wellFormed" | "missing" | "malformed";
  payload: "none" | "params" | "formBody" | "rawBody";
  bodyHash?: { expected?: string; actual: string; matches: boolean };
  candidates: Array<{ kind: SignatureCandidateKind; url: string }>;
  /** Changes that would have matched, fewest first (empty when valid). */
  wouldMatch: Array<{ variations: SignatureVariation[]; tokenIndex: number; url: string }>;
  /** Plain-language advice. */
  hints: string[];
}
"#;

fn bad(path: &str, msg: &str) -> JsValue {
    js_error(&Error::new(INVALID_ARGUMENT, msg).at(path))
}

#[wasm_bindgen]
extern "C" {
    /// A request object, read by direct property access: no key string crosses the boundary
    /// (`Reflect.get` with a key decoded from wasm memory each time costs more than the HMAC).
    type Fields;
    #[wasm_bindgen(method, getter, catch, js_name = authTokens)]
    fn auth_tokens(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = authToken)]
    fn auth_token(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn url(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn signature(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn params(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn body(this: &Fields) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch, js_name = contentType)]
    fn content_type(this: &Fields) -> Result<JsValue, JsValue>;

    /// The verdict object, written by direct property assignment.
    type Verdict;
    #[wasm_bindgen(method, setter)]
    fn set_valid(this: &Verdict, v: bool);
    #[wasm_bindgen(method, setter, js_name = tokenIndex)]
    fn set_token_index(this: &Verdict, v: u32);
    #[wasm_bindgen(method, setter, js_name = matchedUrl)]
    fn set_matched_url(this: &Verdict, v: &str);
    #[wasm_bindgen(method, setter, js_name = matchedUrl)]
    fn set_matched_url_js(this: &Verdict, v: &JsValue);
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
    tokens: Vec<String>,
    /// The caller's `url` value, returned as `matchedUrl` when it is the one that matched.
    url_js: JsValue,
    signature: String,
    url: String,
    params: Option<Vec<(String, String)>>,
    body: Option<String>,
    content_type: Option<String>,
}

impl JsRequest {
    fn payload(&self) -> Payload<'_> {
        match (&self.params, &self.body) {
            (Some(p), _) => Payload::Params(p),
            (None, Some(b)) => Payload::from_body(&self.url, b, self.content_type.as_deref()),
            (None, None) => Payload::None,
        }
    }
    fn request(&self) -> Request<'_> {
        Request {
            url: &self.url,
            signature: &self.signature,
            payload: self.payload(),
        }
    }
}

fn read_params(v: &JsValue) -> Result<Option<Vec<(String, String)>>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(bad(
            "params",
            "params must be an object of strings or string arrays",
        ));
    }
    if let Some(flat) = read_params_flat(v)? {
        return Ok(Some(flat));
    }
    read_params_each(v)
}

// Marshalling only (no rule): a params object of strings and string arrays as ONE string,
// `name NUL value NUL …`, so it crosses into wasm in one copy instead of ~10 calls per parameter.
// `null` when the object is anything else (a non-string value, a NUL in a string, past the
// limits): `read_params_each` then reads it value by value and names the exact problem. A getter
// or proxy that throws is caught here and becomes a coded error.
#[wasm_bindgen(inline_js = r#"
export function flatParams(o, maxValues, maxUnits) {
  let s = "", n = 0, units = 0;
  const add = (k, x) => {
    if (typeof x !== "string" || ++n > maxValues || (units += k.length + x.length) > maxUnits || x.includes("\0")) return false;
    s += k + "\0" + x + "\0";
    return true;
  };
  for (const [k, v] of Object.entries(o)) {
    if (k.includes("\0")) return null;
    if (Array.isArray(v)) {
      for (const x of v) if (!add(k, x)) return null;
    } else if (!add(k, v)) return null;
  }
  return s;
}"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = flatParams)]
    fn flat_params(o: &JsValue, max_values: u32, max_units: u32) -> Result<JsValue, JsValue>;
}

/// The fast path of [`read_params`]: `Ok(None)` whenever `flatParams` declines or anything is
/// off, and the caller reads the object the slow way (same result, or the precise error);
/// `INVALID_ARGUMENT` when reading the object threw.
fn read_params_flat(v: &JsValue) -> Result<Option<Vec<(String, String)>>, JsValue> {
    let flat =
        flat_params(v, MAX_PARAMS as u32, MAX_PARAMS_BYTES as u32).map_err(|_| threw("params"))?;
    Ok(split_flat(&flat))
}

/// The pairs of a `flatParams` string; `None` when it is not one or is past the limits.
fn split_flat(flat: &JsValue) -> Option<Vec<(String, String)>> {
    // Two separators per value; the exact byte budget is checked below.
    let s = read_string(flat, "params", MAX_PARAMS_BYTES + 2 * MAX_PARAMS).ok()?;
    let mut pieces = s.split('\0');
    let mut out = Vec::new();
    let mut bytes = 0;
    // `name NUL value NUL` repeated, then the empty piece after the last NUL.
    while let (Some(name), Some(value)) = (pieces.next(), pieces.next()) {
        bytes += name.len() + value.len();
        out.push((name.to_owned(), value.to_owned()));
    }
    (out.len() <= MAX_PARAMS && bytes <= MAX_PARAMS_BYTES).then_some(out)
}

/// Reads `params` value by value, naming the exact problem (the slow path of [`read_params`]).
fn read_params_each(v: &JsValue) -> Result<Option<Vec<(String, String)>>, JsValue> {
    let too_many = || js_error(&Error::too_large("params", MAX_PARAMS, "values").at("params"));
    let entries = super::entries(v).ok_or_else(|| threw("params"))?;
    if entries.len() > MAX_PARAMS {
        return Err(too_many());
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(entries.len());
    // Every string is read against what is left of the byte budget, so an oversized map is
    // refused before it is copied.
    let mut left = MAX_PARAMS_BYTES;
    let read = |x: &JsValue, left: &mut usize| -> Result<String, JsValue> {
        let units = x
            .dyn_ref::<js_sys::JsString>()
            .map_or(0, |s| s.length() as usize);
        if units > *left {
            let e = Error::too_large("params", MAX_PARAMS_BYTES, "bytes").at("params");
            return Err(js_error(&e));
        }
        let s = string_arg(x, "params", *left)?;
        *left -= s.len();
        Ok(s)
    };
    for (name, value) in entries {
        let name = read(&name, &mut left)?;
        if value.is_string() {
            let s = read(&value, &mut left)?;
            out.push((name, s));
        } else if Array::is_array(&value) {
            let at = format!("params.{name}");
            let len = super::array_len(&value).ok_or_else(|| threw(&at))?;
            // One value past the limit is read, to report it.
            let n = len.min((MAX_PARAMS + 1).saturating_sub(out.len()));
            let items = super::array_items(&value, n).map_err(|i| threw(&format!("{at}[{i}]")))?;
            for (i, x) in items.iter().enumerate() {
                if !x.is_string() {
                    return Err(bad(&format!("{at}[{i}]"), "param values must be strings"));
                }
                let s = read(x, &mut left)?;
                out.push((name.clone(), s));
                if out.len() > MAX_PARAMS {
                    return Err(too_many());
                }
            }
        } else {
            return Err(bad(
                &format!("params.{name}"),
                "param values must be strings or arrays of strings",
            ));
        }
    }
    Ok(Some(out))
}

fn read_tokens(v: &JsValue) -> Result<Vec<String>, JsValue> {
    let many = get(v, "authTokens", Fields::auth_tokens)?;
    let one = get(v, "authToken", Fields::auth_token)?;
    match (
        many.is_undefined() || many.is_null(),
        one.is_undefined() || one.is_null(),
    ) {
        (false, false) => Err(bad("authTokens", "give authToken or authTokens, not both")),
        (true, false) => Ok(vec![string_arg(&one, "authToken", MAX_TOKEN_BYTES)?]),
        (false, true) => {
            if !Array::is_array(&many) {
                return Err(bad("authTokens", "authTokens must be an array of strings"));
            }
            let len = super::array_len(&many).ok_or_else(|| threw("authTokens"))?;
            if len > signature::MAX_TOKENS {
                return Err(js_error(
                    &Error::too_large("authTokens", signature::MAX_TOKENS, "tokens")
                        .at("authTokens"),
                ));
            }
            super::array_items(&many, len)
                .map_err(|i| threw(&format!("authTokens[{i}]")))?
                .iter()
                .enumerate()
                .map(|(i, t)| string_arg(t, &format!("authTokens[{i}]"), MAX_TOKEN_BYTES))
                .collect()
        }
        (true, true) => Err(js_error(
            &Error::new(
                signature::AUTH_TOKEN_MISSING,
                "give authToken or authTokens",
            )
            .at("authToken"),
        )),
    }
}

fn read_request(v: &JsValue) -> Result<JsRequest, JsValue> {
    if !v.is_object() {
        return Err(bad("request", "the request must be an object"));
    }
    let tokens = read_tokens(v)?;
    let url_js = get(v, "url", Fields::url)?;
    let url = string_arg(&url_js, "url", MAX_URL_BYTES)?;
    let signature = read_signature(v)?;
    let params = read_params(&get(v, "params", Fields::params)?)?;
    let body = opt_string(v, "body", Fields::body, MAX_BODY_BYTES)?;
    let content_type = opt_string(v, "contentType", Fields::content_type, 1024)?;
    if params.is_some() && body.is_some() {
        return Err(bad(
            "body",
            "give params (already decoded) or body (raw), not both",
        ));
    }
    Ok(JsRequest {
        tokens,
        url_js,
        signature,
        url,
        params,
        body,
        content_type,
    })
}

thread_local! {
    /// Prepared HMAC keys of the most recent tokens (at most `MAX_TOKENS`): an edge worker
    /// verifies every webhook with the same token(s), and deriving a key costs two SHA-1 blocks.
    /// The cache lives in wasm linear memory only; it is never exposed and never printed.
    static KEYS: RefCell<Vec<(String, Key)>> = const { RefCell::new(Vec::new()) };
}

/// The prepared keys of `tokens`, from the cache when seen before (tokens compared in constant
/// time). Empty or oversized tokens are coded errors at `authTokens[i]`.
fn cached_keys(tokens: &[String]) -> Result<Vec<Key>, JsValue> {
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut out = Vec::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            let hit = cache
                .iter()
                .find(|(k, _)| k.len() == t.len() && bool::from(k.as_bytes().ct_eq(t.as_bytes())));
            let key = match hit {
                Some((_, k)) => k.clone(),
                None => {
                    let k = Key::new(t).map_err(|e| js_error(&e.at(format!("authTokens[{i}]"))))?;
                    if cache.len() >= signature::MAX_TOKENS {
                        cache.remove(0);
                    }
                    cache.push((t.clone(), k.clone()));
                    k
                }
            };
            out.push(key);
        }
        Ok(out)
    })
}

/// Verifies a Twilio webhook's `X-Twilio-Signature` against one or more auth tokens, with
/// twilio-node 6.2.0's URL candidates plus the documented extensions. An invalid or missing
/// signature is `{ valid: false }`; throws `INVALID_ARGUMENT`, `AUTH_TOKEN_MISSING` or
/// `INPUT_TOO_LARGE` for bad arguments only.
#[wasm_bindgen(js_name = verifySignature, unchecked_return_type = "SignatureVerdict")]
pub fn verify_signature(
    #[wasm_bindgen(unchecked_param_type = "SignatureRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let r = read_request(&request)?;
    let keys = cached_keys(&r.tokens)?;
    let v = throw(signature::verify_with_keys(&keys, &r.request()))?;
    let out: Verdict = Object::new().unchecked_into();
    out.set_valid(v.valid);
    if let Some(t) = v.token_index {
        out.set_token_index(u32::try_from(t).unwrap_or(u32::MAX));
    }
    match &v.matched_url {
        // Usually the URL as given: hand back the caller's own string (no copy out of wasm).
        Some(u) if *u == r.url => out.set_matched_url_js(&r.url_js),
        Some(u) => out.set_matched_url(u),
        None => {}
    }
    Ok(out.into())
}

/// Computes the `X-Twilio-Signature` Twilio would send for a URL and params (tests, tooling).
#[wasm_bindgen(js_name = computeSignature)]
pub fn compute_signature(
    #[wasm_bindgen(unchecked_param_type = "ComputeSignatureRequest")] request: JsValue,
) -> Result<String, JsValue> {
    if !request.is_object() {
        return Err(bad("request", "the request must be an object"));
    }
    let token = get(&request, "authToken", Fields::auth_token)?;
    let token = string_arg(&token, "authToken", MAX_TOKEN_BYTES)?;
    let url = string_arg(&get(&request, "url", Fields::url)?, "url", MAX_URL_BYTES)?;
    let params = read_params(&get(&request, "params", Fields::params)?)?.unwrap_or_default();
    throw(signature::compute(&token, &url, &params))
}

/// Explains a verdict: candidates tried, body-hash check, and which variation (scheme, trailing
/// slash, query, params, body handling, token) would have matched. Never changes the verdict and
/// never includes a token.
#[wasm_bindgen(js_name = explainSignature, unchecked_return_type = "SignatureReport")]
pub fn explain_signature(
    #[wasm_bindgen(unchecked_param_type = "SignatureRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let r = read_request(&request)?;
    to_js(&throw(signature::explain(&r.tokens, &r.request()))?)
}
