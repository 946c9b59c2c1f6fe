//! JS bindings of [`crate::signature`]: `verifySignature`, `computeSignature`, `explainSignature`.
//!
//! The request object is read field by field (no serde pass over the whole object): this is the
//! hot path of the edge worker. A wrong shape is `INVALID_ARGUMENT` naming the field.

use super::{js_error, throw, to_js};
use crate::error::{Error, INVALID_ARGUMENT};
use crate::signature::{self, Payload, Request, MAX_PARAMS};
use js_sys::{Array, Object, Reflect};
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

fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| bad(key, "cannot read property"))
}

fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| bad(key, &format!("{key} must be a string")))
}

/// The request as read from JS.
struct JsRequest {
    tokens: Vec<String>,
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
    let obj: &Object = v.unchecked_ref();
    let entries = Object::entries(obj);
    if entries.length() as usize > MAX_PARAMS {
        return Err(js_error(
            &Error::too_large("params", MAX_PARAMS, "values").at("params"),
        ));
    }
    let mut out = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        if let Some(s) = value.as_string() {
            out.push((name, s));
        } else if Array::is_array(&value) {
            let arr: Array = value.unchecked_into();
            for (i, x) in arr.iter().enumerate() {
                let s = x.as_string().ok_or_else(|| {
                    bad(
                        &format!("params.{name}[{i}]"),
                        "param values must be strings",
                    )
                })?;
                out.push((name.clone(), s));
                if out.len() > MAX_PARAMS {
                    return Err(js_error(
                        &Error::too_large("params", MAX_PARAMS, "values").at("params"),
                    ));
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
    let many = get(v, "authTokens")?;
    let one = get(v, "authToken")?;
    match (
        many.is_undefined() || many.is_null(),
        one.is_undefined() || one.is_null(),
    ) {
        (false, false) => Err(bad("authTokens", "give authToken or authTokens, not both")),
        (true, false) => one
            .as_string()
            .map(|t| vec![t])
            .ok_or_else(|| bad("authToken", "authToken must be a string")),
        (false, true) => {
            if !Array::is_array(&many) {
                return Err(bad("authTokens", "authTokens must be an array of strings"));
            }
            let arr: Array = many.unchecked_into();
            if arr.length() as usize > signature::MAX_TOKENS {
                return Err(js_error(
                    &Error::too_large("authTokens", signature::MAX_TOKENS, "tokens")
                        .at("authTokens"),
                ));
            }
            arr.iter()
                .enumerate()
                .map(|(i, t)| {
                    t.as_string().ok_or_else(|| {
                        bad(&format!("authTokens[{i}]"), "auth tokens must be strings")
                    })
                })
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
    let url = opt_string(v, "url")?.ok_or_else(|| bad("url", "url is required"))?;
    let signature = opt_string(v, "signature")?.unwrap_or_default();
    let params = read_params(&get(v, "params")?)?;
    let body = opt_string(v, "body")?;
    let content_type = opt_string(v, "contentType")?;
    if params.is_some() && body.is_some() {
        return Err(bad(
            "body",
            "give params (already decoded) or body (raw), not both",
        ));
    }
    Ok(JsRequest {
        tokens,
        signature,
        url,
        params,
        body,
        content_type,
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
    let v = throw(signature::verify(&r.tokens, &r.request()))?;
    let out = Object::new();
    let set = |k: &str, val: &JsValue| {
        let _ = Reflect::set(&out, &JsValue::from_str(k), val);
    };
    set("valid", &JsValue::from_bool(v.valid));
    if let Some(t) = v.token_index {
        set("tokenIndex", &JsValue::from_f64(t as f64));
    }
    if let Some(u) = &v.matched_url {
        set("matchedUrl", &JsValue::from_str(u));
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
    let token = opt_string(&request, "authToken")?
        .ok_or_else(|| bad("authToken", "authToken is required"))?;
    let url = opt_string(&request, "url")?.ok_or_else(|| bad("url", "url is required"))?;
    let params = read_params(&get(&request, "params")?)?.unwrap_or_default();
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
