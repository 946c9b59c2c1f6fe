//! The hand-written JS readers (`src/js/read.rs`) against the core's serde derives, on the same
//! JSON: `validateConfig`, `windowState` and `conversationState` given `JSON.parse(text)` must
//! accept exactly what `serde_json::from_str::<T>(text)` accepts and return the same result
//! (or the same error code), for the sample inputs and every one-step mutation of them: each
//! field removed, set to `null`, a number, a string, a boolean, an array or an object, and an
//! unknown field added to each object. Every `FromJs` impl is compared so: with the core type's
//! own derive where the reader's rules are serde's (Config, Workstream, Template, MediaItem,
//! NumberSettingsPatch, WindowInput, ConversationInput, events), else with a serde mirror of the
//! documented shape (checkAttachment's lenient settings and input, template variables, webhook
//! params, sandbox evidence). (The Content template reader is the core's JSON reader on
//! `JSON.stringify`'s text; outbound content is covered by tests/js/compose.test.mjs.)
//! Run in Node and in headless Chromium by `pkg-scripts/test`.
#![cfg(target_arch = "wasm32")]

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wa_guard::config::{self, AttachmentSettings, Config, NumberSettingsPatch, Workstream};
use wa_guard::instant::Instant;
use wa_guard::js::read::{Arg, AttachmentInput, Events, FromJs, Params, SandboxInput};
use wa_guard::media::{Direction, MediaItem};
use wa_guard::message::Variables;
use wa_guard::sandbox::SandboxEvidence;
use wa_guard::template::Template;
use wa_guard::window::{ConversationInput, EventInput, WindowInput};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SHAPE_CODES: [&str; 2] = ["CONFIG_SHAPE_INVALID", "INVALID_ARGUMENT"];

/// The value at `path` (object keys and array indices) inside `root`.
fn at_mut<'a>(root: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(root, |cur, seg| match seg {
        Value::String(k) => cur.get_mut(k.as_str()).unwrap(),
        Value::Number(i) => cur.get_mut(i.as_u64().unwrap() as usize).unwrap(),
        _ => unreachable!(),
    })
}

/// Every one-step mutation of `v` (and `v` itself), each with whether it put an array in place
/// of an object.
fn mutations(v: &Value) -> Vec<(Value, bool)> {
    let mut out = vec![(v.clone(), false)];
    let replacements = [
        Value::Null,
        json!(42),
        json!("x"),
        json!(true),
        json!([]),
        json!({}),
    ];
    fn walk(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(path.clone());
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    path.push(json!(k));
                    walk(x, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    path.push(json!(i));
                    walk(x, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut paths = Vec::new();
    walk(v, &mut Vec::new(), &mut paths);
    for p in &paths {
        let Some((last, parent)) = p.split_last() else {
            continue;
        };
        for r in replacements.iter().cloned().map(Some).chain([None]) {
            let mut root = v.clone();
            let array_for_object =
                r.as_ref().is_some_and(Value::is_array) && at_mut(&mut root, p).is_object();
            match (at_mut(&mut root, parent), last, r) {
                (Value::Object(m), Value::String(k), Some(r)) => {
                    m.insert(k.clone(), r);
                }
                (Value::Object(m), Value::String(k), None) => {
                    m.remove(k);
                }
                (Value::Array(a), Value::Number(i), Some(r)) => {
                    a[i.as_u64().unwrap() as usize] = r;
                }
                (Value::Array(a), Value::Number(i), None) => {
                    a.remove(i.as_u64().unwrap() as usize);
                }
                _ => continue,
            }
            out.push((root, array_for_object));
        }
    }
    // An unknown field in every object.
    for p in &paths {
        let mut root = v.clone();
        if let Value::Object(m) = at_mut(&mut root, p) {
            m.insert("zzUnknown".into(), json!(1));
            out.push((root, false));
        }
    }
    out
}

/// What one side did with an input: a result (as JSON) or an error code (`"shape"` for a shape
/// error).
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok(Value),
    Err(String),
}

fn js_outcome(r: Result<JsValue, JsValue>) -> Outcome {
    match r {
        Ok(v) => {
            let text = js_sys::JSON::stringify(&v).unwrap().as_string().unwrap();
            Outcome::Ok(serde_json::from_str(&text).unwrap())
        }
        Err(e) => {
            let code = js_sys::Reflect::get(&e, &"code".into())
                .unwrap()
                .as_string()
                .expect("a coded error");
            if SHAPE_CODES.contains(&code.as_str()) {
                Outcome::Err("shape".into())
            } else {
                Outcome::Err(code)
            }
        }
    }
}

fn native_outcome<T: DeserializeOwned, R: serde::Serialize>(
    text: &str,
    eval: impl Fn(T) -> wa_guard::Result<R>,
) -> Outcome {
    match serde_json::from_str::<T>(text) {
        Err(_) => Outcome::Err("shape".into()),
        Ok(t) => match eval(t) {
            Ok(r) => Outcome::Ok(serde_json::to_value(r).unwrap()),
            Err(e) if SHAPE_CODES.contains(&e.code()) => Outcome::Err("shape".into()),
            Err(e) => Outcome::Err(e.code().to_string()),
        },
    }
}

/// A JS error's `code`.
fn code(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into())
        .unwrap()
        .as_string()
        .expect("a coded error")
}

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// Runs every mutation through both sides; returns how many inputs each side accepted.
fn differential<T: DeserializeOwned, R: serde::Serialize>(
    base: &Value,
    js: impl Fn(JsValue) -> Result<JsValue, JsValue>,
    eval: impl Fn(T) -> wa_guard::Result<R>,
) -> (usize, usize) {
    let (mut n, mut ok) = (0, 0);
    for (m, array_for_object) in mutations(base) {
        // Without `now`, JS reads the real clock and the native side a fixed one.
        if base.get("now").is_some() && m.get("now").is_none_or(Value::is_null) {
            continue;
        }
        let text = serde_json::to_string(&m).unwrap();
        let native = native_outcome::<T, R>(&text, &eval);
        let got = js_outcome(js(parse(&text)));
        // serde's derive also reads a struct from an array of its fields (`[]`: all defaults);
        // the JS readers refuse an array in an object's place, on purpose (README).
        if array_for_object
            && matches!(native, Outcome::Ok(_))
            && got == Outcome::Err("shape".into())
        {
            continue;
        }
        assert_eq!(got, native, "input: {text}");
        n += 1;
        ok += usize::from(matches!(native, Outcome::Ok(_)));
    }
    (n, ok)
}

fn sample() -> Value {
    serde_json::from_str(include_str!("../www/sample-config.json")).unwrap()
}

/// `validateConfig` reports shape problems in its result (issue 21), where serde stops at the
/// first: a report of shape problems only counts as the shape error.
fn shape_report_as_error(v: JsValue) -> Result<JsValue, JsValue> {
    let r = wa_guard::js::config::validate_config(v)?;
    let problems: js_sys::Array = js_sys::Reflect::get(&r, &"problems".into()).unwrap().into();
    let code = |p: &JsValue| js_sys::Reflect::get(p, &"code".into()).unwrap().as_string();
    if problems.length() > 0
        && problems
            .iter()
            .all(|p| code(&p).as_deref() == Some("CONFIG_SHAPE_INVALID"))
    {
        let e = js_sys::Object::new();
        js_sys::Reflect::set(&e, &"code".into(), &"CONFIG_SHAPE_INVALID".into()).unwrap();
        return Err(e.into());
    }
    Ok(r)
}

#[wasm_bindgen_test]
fn config_reader_agrees_with_serde() {
    let (n, ok) =
        differential::<Config, config::Validation>(&sample(), shape_report_as_error, |c| {
            Ok(config::validation(&c))
        });
    assert!(n > 500 && ok > 50, "{n} inputs, {ok} accepted");
}

#[wasm_bindgen_test]
fn window_reader_agrees_with_serde() {
    let base = json!({
        "lastInboundAt": "2026-11-24T08:30:00Z",
        "now": 1_795_990_000_000_i64,
        "entryPoint": { "referralAt": "2026-11-24T08:30:00Z", "repliedAt": "2026-11-24T10:00:00+01:00" },
        "closingSoonMs": 3_600_000,
        "skewToleranceMs": 60_000
    });
    let (n, ok) = differential::<WindowInput, _>(&base, wa_guard::js::window::window_state, |w| {
        w.evaluate(1_795_000_000_000)
    });
    assert!(n >= 40 && ok > 5, "{n} inputs, {ok} accepted");
}

#[wasm_bindgen_test]
fn conversation_reader_agrees_with_serde() {
    let ws = sample()["workstreams"][0].clone();
    let base = json!({
        "events": [
            { "direction": "inbound", "at": "2026-11-24T08:30:00Z", "kind": "message", "referral": { "sourceType": "ad" } },
            { "direction": "outbound", "at": 1_795_000_000_000_i64, "kind": "template" },
            { "direction": "inbound", "at": 1_794_990_000_000_i64, "referral": "ad" }
        ],
        "now": "2026-11-24T10:00:00Z",
        "workstream": ws,
        "closingSoonMs": 3_600_000,
        "skewToleranceMs": 60_000,
        "customerLanguage": "pt-BR",
        "customerNumber": "whatsapp:+14155550100"
    });
    let (n, ok) = differential::<ConversationInput, _>(
        &base,
        wa_guard::js::window::conversation_state,
        |c| c.evaluate(1_795_000_000_000),
    );
    assert!(n > 200 && ok > 20, "{n} inputs, {ok} accepted");
}

/// The readers' own output, struct for struct: `read::*(JSON.parse(text))` equals
/// `serde_json::from_str(text)` wherever serde accepts (an array in an object's place aside).
fn same_parse<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    base: &Value,
    read: impl Fn(JsValue) -> Result<T, JsValue>,
) -> usize {
    let mut ok = 0;
    for (m, array_for_object) in mutations(base) {
        let text = serde_json::to_string(&m).unwrap();
        let native = serde_json::from_str::<T>(&text).ok();
        let got = read(parse(&text));
        if let Err(e) = &got {
            let code = code(e);
            assert!(
                SHAPE_CODES.contains(&code.as_str()) || code == "INPUT_TOO_LARGE",
                "{code}"
            );
        }
        if array_for_object && native.is_some() && got.is_err() {
            continue;
        }
        assert_eq!(got.ok(), native, "input: {text}");
        ok += 1;
    }
    ok
}

const CONFIG_ARG: Arg = Arg {
    code: "CONFIG_SHAPE_INVALID",
    name: "config",
};
const INPUT: Arg = Arg {
    code: "INVALID_ARGUMENT",
    name: "input",
};

/// `T::from_js` of an argument (path `""`).
fn from_js<T: FromJs>(arg: Arg) -> impl Fn(JsValue) -> Result<T, JsValue> {
    move |v| T::from_js(arg, v, "")
}

#[wasm_bindgen_test]
fn readers_build_the_same_values_as_serde() {
    assert!(same_parse::<Config>(&sample(), from_js(CONFIG_ARG)) > 500);
    let ws = sample()["workstreams"][1].clone();
    assert!(same_parse::<Workstream>(&ws, from_js(CONFIG_ARG)) > 100);
    let patch = json!({ "enabled": false, "messagingServiceSid": null, "statusCallbacks": true });
    assert!(same_parse::<NumberSettingsPatch>(&patch, from_js(CONFIG_ARG)) > 10);
    let w = json!({ "lastInboundAt": 1_795_000_000_000_i64, "now": "2026-11-24T10:00:00Z",
        "entryPoint": { "referralAt": "2026-11-24T08:30:00Z", "repliedAt": null }, "closingSoonMs": 5 });
    assert!(same_parse::<WindowInput>(&w, from_js(INPUT)) > 20);
    let c = json!({ "events": [{ "direction": "inbound", "at": 5, "kind": "call", "referral": true }],
        "now": 7, "workstream": sample()["workstreams"][0].clone(), "customerLanguage": null });
    assert!(same_parse::<ConversationInput>(&c, from_js(INPUT)) > 100);
}

#[wasm_bindgen_test]
fn template_and_media_readers_agree_with_serde() {
    let t = json!({ "sid": "HX0123456789abcdef0123456789abcdef", "name": "order_update",
        "language": "en_US", "body": "Hi {{1}}", "category": "utility" });
    assert!(same_parse::<Template>(&t, from_js(INPUT)) > 20);
    let m = json!({ "contentType": "image/jpeg", "size": 2048, "url": "https://x.test/a.jpg",
        "animated": false });
    // `null` is an absent optional field for every reader (serde's `default` bool refuses it).
    let lenient = |v: &Value| {
        v.as_object()
            .is_some_and(|o| o.values().any(Value::is_null))
    };
    assert!(same_parse_where::<MediaItem>(&m, from_js(INPUT), |v| !lenient(v)) > 15);
    let ev = json!([{ "direction": "inbound", "at": "2026-11-24T08:30:00Z", "referral": "ad" },
        { "direction": "outbound", "at": 5, "kind": "template", "referral": { "x": 1 } }]);
    let events = |v| Events::from_js(INPUT, v, "events").map(|e| e.0);
    assert!(same_parse::<Vec<EventInput>>(&ev, events) > 20);
}

/// `checkAttachment`'s settings: `null` reads as absent and other fields are ignored (a
/// workstream's object may be passed), as serde reads this mirror of [`AttachmentSettings`].
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct LenientSettings {
    enabled: Option<bool>,
    customers_may_send: Option<bool>,
    agents_may_send: Option<bool>,
}

#[wasm_bindgen_test]
fn attachment_settings_reader_agrees_with_serde() {
    let base = json!({ "enabled": true, "customersMaySend": false, "agentsMaySend": true });
    let read = |v| {
        AttachmentSettings::from_js(INPUT, v, "")
            .map(|a| (a.enabled, a.customers_may_send, a.agents_may_send))
    };
    let mut n = 0;
    for (m, _) in mutations(&base) {
        let text = serde_json::to_string(&m).unwrap();
        let native = serde_json::from_str::<LenientSettings>(&text)
            .ok()
            .map(|s| {
                let f = |b: Option<bool>| b.unwrap_or(false);
                (f(s.enabled), f(s.customers_may_send), f(s.agents_may_send))
            });
        assert_eq!(read(parse(&text)).ok(), native, "input: {text}");
        n += 1;
    }
    assert!(n > 20);
}

/// Template values as serde reads them: an array of strings or a map of strings.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SerdeVars {
    Positional(Vec<String>),
    Keyed(std::collections::BTreeMap<String, String>),
}

#[wasm_bindgen_test]
fn variables_reader_agrees_with_serde() {
    let sorted = |v: Variables| match v {
        Variables::Positional(v) => (true, v.into_iter().map(|v| (String::new(), v)).collect()),
        Variables::Keyed(mut v) => {
            v.sort();
            (false, v)
        }
    };
    let mut n = 0;
    for base in [
        json!(["Ana", "12"]),
        json!({ "1": "Ana", "2": "12", "name": "x" }),
    ] {
        for (m, _) in mutations(&base) {
            let text = serde_json::to_string(&m).unwrap();
            let native = match serde_json::from_str::<SerdeVars>(&text) {
                Ok(SerdeVars::Positional(v)) => Some(Variables::Positional(v)),
                Ok(SerdeVars::Keyed(v)) => Some(Variables::Keyed(v.into_iter().collect())),
                Err(_) => None,
            };
            let got = Variables::from_js(INPUT, parse(&text), "variables");
            assert_eq!(got.ok().map(sorted), native.map(sorted), "input: {text}");
            n += 1;
        }
    }
    assert!(n > 20);
}

#[wasm_bindgen_test]
fn params_reader_agrees_with_serde() {
    let mut n = 0;
    let pairs = json!([["From", "whatsapp:+14155550100"], ["Body", "hi"]]);
    let object = json!({ "From": "whatsapp:+14155550100", "Body": "hi", "__proto__": "x" });
    for base in [pairs, object] {
        for (m, _) in mutations(&base) {
            let text = serde_json::to_string(&m).unwrap();
            let native = serde_json::from_str::<Vec<(String, String)>>(&text)
                .or_else(|_| {
                    serde_json::from_str::<std::collections::BTreeMap<String, String>>(&text)
                        .map(|m| m.into_iter().collect())
                })
                .ok()
                .map(|mut v: Vec<_>| (v.sort(), v).1);
            let got = Params::from_js(INPUT, parse(&text), "params").map(|p| {
                let mut v = p.0;
                v.sort();
                v
            });
            assert_eq!(got.ok(), native, "input: {text}");
            n += 1;
        }
    }
    assert!(n > 20);
}

/// [`same_parse`] over the mutations that `keep` accepts.
fn same_parse_where<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    base: &Value,
    read: impl Fn(JsValue) -> Result<T, JsValue>,
    keep: impl Fn(&Value) -> bool,
) -> usize {
    let mut ok = 0;
    for (m, _) in mutations(base).into_iter().filter(|(m, _)| keep(m)) {
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(
            read(parse(&text)).ok(),
            serde_json::from_str::<T>(&text).ok(),
            "input: {text}"
        );
        ok += 1;
    }
    ok
}

/// `sandboxState`'s input as serde reads it, then the reader's rules on the values: the kind
/// names, `errorCode` only on a `status` item, instants as epoch milliseconds.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SerdeEvidence {
    kind: String,
    at: Instant,
    error_code: Option<i64>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SerdeSandbox {
    evidence: Vec<SerdeEvidence>,
    now: Option<Instant>,
}

fn sandbox_native(text: &str) -> Option<(Vec<SandboxEvidence>, Option<i64>)> {
    let s: SerdeSandbox = serde_json::from_str(text).ok()?;
    let mut out = Vec::new();
    for e in s.evidence {
        let at = e.at.epoch_ms().ok()?;
        if e.error_code.is_some() && e.kind != "status" {
            return None;
        }
        out.extend(match e.kind.as_str() {
            "join" => Some(SandboxEvidence::Join(at)),
            "inbound" => Some(SandboxEvidence::Inbound(at)),
            "notJoined" => Some(SandboxEvidence::NotJoined(at)),
            "status" => {
                SandboxEvidence::from_status(e.error_code.and_then(|c| u32::try_from(c).ok()), at)
            }
            _ => return None,
        });
    }
    let now = match s.now {
        Some(n) => Some(n.epoch_ms().ok()?),
        None => None,
    };
    Some((out, now))
}

#[wasm_bindgen_test]
fn sandbox_reader_agrees_with_serde() {
    let base = json!({ "evidence": [
        { "kind": "join", "at": "2026-11-24T08:30:00Z" },
        { "kind": "inbound", "at": 1_795_000_000_000_i64 },
        { "kind": "status", "at": 1_795_000_100_000_i64, "errorCode": 63015 },
        { "kind": "notJoined", "at": "2026-11-24T09:00:00+01:00" }
    ], "now": 1_795_990_000_000_i64 });
    let mut n = 0;
    for (m, _) in mutations(&base) {
        let text = serde_json::to_string(&m).unwrap();
        let got = SandboxInput::from_js(INPUT, parse(&text), "").map(|i| (i.evidence, i.now));
        assert_eq!(got.ok(), sandbox_native(&text), "input: {text}");
        n += 1;
    }
    assert!(n > 50, "{n}");
}

/// `checkAttachment`'s input as serde reads it (other fields ignored; `media` one item or many).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<MediaItem>),
    One(MediaItem),
}

#[derive(serde::Deserialize)]
struct SerdeAttachment {
    settings: LenientSettings,
    direction: Option<String>,
    media: Option<OneOrMany>,
    caption: Option<String>,
}

#[wasm_bindgen_test]
fn attachment_input_reader_agrees_with_serde() {
    let base = json!({
        "settings": { "enabled": true, "customersMaySend": true, "agentsMaySend": false },
        "direction": "inbound",
        "media": [{ "contentType": "image/jpeg", "size": 2048 }, { "contentType": "video/mp4" }],
        "caption": "look"
    });
    // (`null` inside a media item: see `template_and_media_readers_agree_with_serde`.)
    let null_in_item = |v: &Value| {
        let items = match &v["media"] {
            Value::Array(a) => a.clone(),
            one => vec![one.clone()],
        };
        items.iter().any(|i| {
            i.as_object()
                .is_some_and(|o| o.values().any(Value::is_null))
        })
    };
    let mut n = 0;
    for (m, _) in mutations(&base)
        .into_iter()
        .filter(|(m, _)| !null_in_item(m))
    {
        let text = serde_json::to_string(&m).unwrap();
        let native = serde_json::from_str::<SerdeAttachment>(&text)
            .ok()
            .and_then(|a| {
                let direction = match a.direction.as_deref() {
                    Some("outbound") => Direction::Outbound,
                    Some("inbound") => Direction::Inbound,
                    _ => return None,
                };
                let f = |b: Option<bool>| b.unwrap_or(false);
                let s = &a.settings;
                let settings = (f(s.enabled), f(s.customers_may_send), f(s.agents_may_send));
                let media = match a.media {
                    None => Vec::new(),
                    Some(OneOrMany::Many(v)) => v,
                    Some(OneOrMany::One(i)) => vec![i],
                };
                Some((settings, direction, media, a.caption))
            });
        let got = AttachmentInput::from_js(INPUT, parse(&text), "").map(|i| {
            let s = i.settings;
            let settings = (s.enabled, s.customers_may_send, s.agents_may_send);
            (settings, i.direction, i.media, i.caption)
        });
        assert_eq!(got.ok(), native, "input: {text}");
        n += 1;
    }
    assert!(n > 30, "{n}");
}
