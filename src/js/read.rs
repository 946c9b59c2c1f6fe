//! Hand-written readers of the structured JS inputs (configuration, window and conversation
//! inputs, number-settings patches).
//!
//! Why not serde: a derived `Deserialize` instantiates a field visitor and a map loop per struct
//! against the JS deserialiser, which cost ~40 KB of `.wasm` for these inputs. Here each field is
//! one call to a small non-generic helper. The rules are serde's, as the core types declare them:
//! camelCase names, unknown fields rejected (`deny_unknown_fields`), `undefined` properties
//! absent, `null` absent only where the field is optional, a missing required field reported at
//! the path of the object that lacks it. Native (JSON) users keep the serde derives of the core.

use crate::config::{
    Account, AttachmentSettings, AutomatedMessages, Config, NumberSettings, NumberSettingsPatch,
    Sandbox, WhatsAppNumber, Workstream,
};
use crate::error::{join_path, Error, Result};
use crate::media::MediaItem;
use crate::secret::Secret;
use crate::template::{Category, Template};
use crate::window::{
    ConversationInput, EntryPointInput, EventInput, Instant, Referral, WindowInput,
};
use wasm_bindgen::{JsCast, JsValue};

/// Longest string read from a JS object, in UTF-8 bytes (every documented field limit is lower;
/// this bounds the copy into wasm memory before the domain checks run).
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;
/// Most items read from one JS array (domain limits such as 100,000 events are checked too).
pub(crate) const MAX_ARRAY_LEN: usize = 100_000;

pub(crate) fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// An object that can stand for a struct: not an array, function, `Map`, `Set`, `Date`,
/// `RegExp`, `ArrayBuffer` or typed array (whose data are not own enumerable properties).
pub(crate) fn is_plain_object(v: &JsValue) -> bool {
    v.is_object()
        && !v.is_function()
        && !js_sys::Array::is_array(v)
        && !v.is_instance_of::<js_sys::Map>()
        && !v.is_instance_of::<js_sys::Set>()
        && !v.is_instance_of::<js_sys::Date>()
        && !v.is_instance_of::<js_sys::RegExp>()
        && !v.is_instance_of::<js_sys::ArrayBuffer>()
        && !js_sys::ArrayBuffer::is_view(v)
}

/// How errors of one argument are reported: their code and the argument's name (the path of
/// errors about the argument as a whole, and the prefix of every message).
#[derive(Clone, Copy)]
pub struct Arg {
    pub code: &'static str,
    pub name: &'static str,
}

impl Arg {
    fn err(self, path: &str, msg: &str) -> Error {
        let at = if path.is_empty() { self.name } else { path };
        Error::new(self.code, format!("{}: {msg}", self.name)).at(at.to_string())
    }

    /// Reading `path` ran a getter or proxy trap that threw.
    fn threw(self, path: &str) -> Error {
        self.err(path, super::THREW)
    }

    fn wrong_type(self, path: &str, expected: &str, v: &JsValue) -> Error {
        self.err(
            path,
            &format!("expected {expected}, got {}", super::js_type(v)),
        )
    }

    /// A plain object with only the `fields` given (as keys whose value is not `undefined`).
    pub(crate) fn obj(self, v: JsValue, path: &str, fields: &[&str]) -> Result<Obj> {
        if !is_plain_object(&v) {
            let expected = if is_absent(&v) || !v.is_object() || js_sys::Array::is_array(&v) {
                "an object"
            } else {
                "a plain object"
            };
            return Err(self.wrong_type(path, expected, &v));
        }
        for k in super::keys(&v).ok_or_else(|| self.threw(path))? {
            if !fields.contains(&k.as_str()) {
                let at = join_path(path, Some(&k));
                let x = super::prop(&v, &k).ok_or_else(|| self.threw(&at))?;
                if !x.is_undefined() {
                    let known = fields.join("`, `");
                    return Err(self.err(&at, &format!("unknown field `{k}`, expected `{known}`")));
                }
            }
        }
        Ok(Obj {
            arg: self,
            v,
            path: path.to_string(),
        })
    }

    /// An object whose other fields are ignored: inputs that callers assemble from other objects
    /// (a media item taken from `parseInbound`, say).
    pub(crate) fn lenient(self, v: JsValue, path: &str) -> Result<Obj> {
        if !v.is_object() || js_sys::Array::is_array(&v) || v.is_function() {
            return Err(self.wrong_type(path, "an object", &v));
        }
        Ok(Obj {
            arg: self,
            v,
            path: path.to_string(),
        })
    }
}

/// An object being read; each accessor takes the field's camelCase name.
pub(crate) struct Obj {
    arg: Arg,
    v: JsValue,
    path: String,
}

impl Obj {
    /// The field's value (`undefined` when absent); an error when its getter or proxy threw.
    pub(crate) fn get(&self, k: &str) -> Result<JsValue> {
        super::prop(&self.v, k).ok_or_else(|| self.arg.threw(&self.at(k)))
    }

    /// The path of field `k`.
    pub(crate) fn at(&self, k: &str) -> String {
        join_path(&self.path, Some(k))
    }

    /// A required field's value.
    fn req(&self, k: &str) -> Result<JsValue> {
        let v = self.get(k)?;
        if v.is_undefined() {
            return Err(self.arg.err(&self.path, &format!("missing field `{k}`")));
        }
        Ok(v)
    }

    fn string_of(&self, v: &JsValue, k: &str) -> Result<String> {
        self.read_string(v, &self.at(k))
    }

    /// A JS string (else a type error) of at most [`MAX_STRING_BYTES`] (else `INPUT_TOO_LARGE`,
    /// checked on the UTF-16 length before copying), without lone surrogates.
    fn read_string(&self, v: &JsValue, path: &str) -> Result<String> {
        if !v.is_string() {
            return Err(self.arg.wrong_type(path, "a string", v));
        }
        super::read_string(v, path, MAX_STRING_BYTES).map_err(|e| match e.code {
            crate::error::INVALID_ARGUMENT => self.arg.err(path, &e.message),
            _ => e,
        })
    }

    pub(crate) fn string(&self, k: &str) -> Result<String> {
        let v = self.req(k)?;
        self.string_of(&v, k)
    }

    /// A string that may be absent (`undefined`) but not `null`, with a default.
    fn string_or_default(&self, k: &str) -> Result<String> {
        let v = self.get(k)?;
        if v.is_undefined() {
            return Ok(String::new());
        }
        self.string_of(&v, k)
    }

    /// `undefined` and `null` → `None`.
    pub(crate) fn opt_string(&self, k: &str) -> Result<Option<String>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        self.string_of(&v, k).map(Some)
    }

    fn bool_of(&self, v: &JsValue, k: &str) -> Result<bool> {
        v.as_bool()
            .ok_or_else(|| self.arg.wrong_type(&self.at(k), "a boolean", v))
    }

    fn bool_or(&self, k: &str, default: bool) -> Result<bool> {
        let v = self.get(k)?;
        if v.is_undefined() {
            return Ok(default);
        }
        self.bool_of(&v, k)
    }

    fn opt_bool(&self, k: &str) -> Result<Option<bool>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        self.bool_of(&v, k).map(Some)
    }

    /// A whole number in `min..=max` (printed as integers: no float formatting in the .wasm).
    fn int_of(&self, v: &JsValue, k: &str, min: i64, max: i64) -> Result<i64> {
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (min as f64..=max as f64).contains(&n) => Ok(n as i64),
            Some(_) => Err(self.arg.err(
                &self.at(k),
                &format!("expected a whole number from {min} to {max}"),
            )),
            None => Err(self.arg.wrong_type(&self.at(k), "a whole number", v)),
        }
    }

    fn opt_i64(&self, k: &str) -> Result<Option<i64>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        const SAFE: i64 = 9_007_199_254_740_991;
        self.int_of(&v, k, -SAFE, SAFE).map(Some)
    }

    /// The items of an array field (absent → empty unless `required`), with their paths.
    fn list(&self, k: &str, required: bool) -> Result<Vec<(String, JsValue)>> {
        let v = if required { self.req(k)? } else { self.get(k)? };
        if v.is_undefined() {
            return Ok(Vec::new());
        }
        let Some(arr) = v.dyn_ref::<js_sys::Array>() else {
            return Err(self.arg.wrong_type(&self.at(k), "an array", &v));
        };
        let base = self.at(k);
        let threw = |at: &str| self.arg.threw(at);
        let len = super::array_len(arr).ok_or_else(|| threw(&base))?;
        if len > MAX_ARRAY_LEN {
            return Err(Error::too_large(&base, MAX_ARRAY_LEN, "items").at(base));
        }
        let items = super::array_items(arr, len).map_err(|i| threw(&format!("{base}[{i}]")))?;
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, x)| (format!("{base}[{i}]"), x))
            .collect())
    }

    /// An optional object field (`undefined`/`null` → `None`).
    fn opt_obj(&self, k: &str, fields: &[&str]) -> Result<Option<Obj>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        self.arg.obj(v, &self.at(k), fields).map(Some)
    }

    /// An object field that may be absent (`undefined`), not `null`.
    fn obj_or_absent(&self, k: &str, fields: &[&str]) -> Result<Option<Obj>> {
        let v = self.get(k)?;
        if v.is_undefined() {
            return Ok(None);
        }
        self.arg.obj(v, &self.at(k), fields).map(Some)
    }

    /// An instant: a string, epoch milliseconds or a `Date` (checked later by the core).
    fn instant_of(&self, v: &JsValue) -> Result<Instant> {
        if v.is_string() {
            return self.read_string(v, &self.path).map(Instant::Text);
        }
        let n = match v.as_f64() {
            Some(n) => Some(n),
            None => v.dyn_ref::<js_sys::Date>().map(js_sys::Date::get_time),
        };
        Ok(match n {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 => {
                Instant::Millis(n as i64)
            }
            Some(n) => Instant::Fraction(n),
            None if v.as_bool().is_some() => Instant::Invalid("a boolean"),
            None if js_sys::Array::is_array(v) => Instant::Invalid("an array"),
            None if v.is_object() => Instant::Invalid("an object"),
            None => Instant::Invalid("a value of another type"),
        })
    }

    /// A required instant: `null` is a shape error, as in the core's serde derive.
    fn instant(&self, k: &str) -> Result<Instant> {
        let v = self.req(k)?;
        if v.is_null() {
            return Err(self.arg.wrong_type(&self.at(k), "an instant", &v));
        }
        self.with_path(k).instant_of(&v)
    }

    fn opt_instant(&self, k: &str) -> Result<Option<Instant>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        self.with_path(k).instant_of(&v).map(Some)
    }

    /// An optional instant as epoch milliseconds (checked: `INSTANT_*` codes at the field).
    pub(crate) fn opt_epoch_ms(&self, k: &str) -> Result<Option<i64>> {
        match self.opt_instant(k)? {
            None => Ok(None),
            Some(i) => i.epoch_ms().map(Some).map_err(|e| e.at(self.at(k))),
        }
    }

    /// An optional whole number of bytes, 0 ..= 2^53.
    pub(crate) fn opt_count(&self, k: &str) -> Result<Option<u64>> {
        let v = self.get(k)?;
        if is_absent(&v) {
            return Ok(None);
        }
        self.int_of(&v, k, 0, 9_007_199_254_740_992)
            .map(|n| Some(n as u64))
    }

    /// An array of strings (absent or `null` → empty).
    pub(crate) fn strings(&self, k: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if is_absent(&self.get(k)?) {
            return Ok(out);
        }
        for (p, x) in self.list(k, false)? {
            out.push(self.read_string(&x, &p)?);
        }
        Ok(out)
    }

    /// `{ enabled?, customersMaySend?, agentsMaySend? }` (required; other fields ignored).
    pub(crate) fn attachment_settings(&self, k: &str) -> Result<AttachmentSettings> {
        let a = self.arg.lenient(self.get(k)?, &self.at(k))?;
        Ok(AttachmentSettings {
            enabled: a.opt_bool("enabled")?.unwrap_or(false),
            customers_may_send: a.opt_bool("customersMaySend")?.unwrap_or(false),
            agents_may_send: a.opt_bool("agentsMaySend")?.unwrap_or(false),
        })
    }

    /// `MediaItem | MediaItem[]` (absent → none). At most one item past
    /// [`crate::media::MAX_MEDIA_ITEMS`] is read: the core refuses that many.
    pub(crate) fn media(&self, k: &str) -> Result<Vec<MediaItem>> {
        let v = self.get(k)?;
        let items: Vec<JsValue> = if is_absent(&v) {
            Vec::new()
        } else if js_sys::Array::is_array(&v) {
            let at = self.at(k);
            let threw = |at: &str| self.arg.threw(at);
            let len = super::array_len(&v).ok_or_else(|| threw(&at))?;
            let n = len.min(crate::media::MAX_MEDIA_ITEMS + 1);
            super::array_items(&v, n).map_err(|i| threw(&format!("{at}[{i}]")))?
        } else {
            vec![v]
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let m = self.arg.lenient(item, &format!("{}[{i}]", self.at(k)))?;
            out.push(MediaItem {
                content_type: m.string("contentType")?,
                size: m.opt_count("size")?,
                url: m.opt_string("url")?,
                animated: m.opt_bool("animated")?.unwrap_or(false),
            });
        }
        Ok(out)
    }

    fn with_path(&self, k: &str) -> Obj {
        Obj {
            arg: self.arg,
            v: JsValue::UNDEFINED,
            path: self.at(k),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// Reads a [`Config`].
pub fn config(arg: Arg, v: JsValue, path: &str) -> Result<Config> {
    let o = arg.obj(
        v,
        path,
        &[
            "version",
            "account",
            "callbackBaseUrl",
            "numbers",
            "workstreams",
            "sandbox",
        ],
    )?;
    let version = o.int_of(&o.req("version")?, "version", 0, i64::from(u32::MAX))? as u32;
    let a = arg.obj(
        o.req("account")?,
        &o.at("account"),
        &["accountSid", "authToken", "secondaryAuthToken"],
    )?;
    let account = Account {
        account_sid: a.string("accountSid")?,
        auth_token: a.opt_string("authToken")?.map(Secret::new),
        secondary_auth_token: a.opt_string("secondaryAuthToken")?.map(Secret::new),
    };
    let mut numbers = Vec::new();
    for (p, x) in o.list("numbers", false)? {
        let n = arg.obj(x, &p, &["name", "number", "settings"])?;
        let settings = match n.obj_or_absent(
            "settings",
            &["enabled", "messagingServiceSid", "statusCallbacks"],
        )? {
            None => NumberSettings::default(),
            Some(s) => NumberSettings {
                enabled: s.bool_or("enabled", true)?,
                messaging_service_sid: s.opt_string("messagingServiceSid")?,
                status_callbacks: s.bool_or("statusCallbacks", true)?,
            },
        };
        numbers.push(WhatsAppNumber {
            name: n.string("name")?,
            number: n.string("number")?,
            settings,
        });
    }
    let mut workstreams = Vec::new();
    for (p, x) in o.list("workstreams", false)? {
        workstreams.push(workstream(arg, x, &p)?);
    }
    let sandbox = match o.opt_obj("sandbox", &["enabled", "joinKeyword"])? {
        None => None,
        Some(s) => Some(Sandbox {
            enabled: s.bool_of(&s.req("enabled")?, "enabled")?,
            join_keyword: s.string_or_default("joinKeyword")?,
        }),
    };
    Ok(Config {
        version,
        account,
        callback_base_url: o.opt_string("callbackBaseUrl")?,
        numbers,
        workstreams,
        sandbox,
    })
}

/// Reads a [`Workstream`].
pub fn workstream(arg: Arg, v: JsValue, path: &str) -> Result<Workstream> {
    let w = arg.obj(
        v,
        path,
        &[
            "id",
            "name",
            "number",
            "language",
            "attachments",
            "templates",
            "contentTemplates",
            "automatedMessages",
        ],
    )?;
    let attachments = match w.obj_or_absent(
        "attachments",
        &["enabled", "customersMaySend", "agentsMaySend"],
    )? {
        None => AttachmentSettings::default(),
        Some(a) => AttachmentSettings {
            enabled: a.bool_or("enabled", false)?,
            customers_may_send: a.bool_or("customersMaySend", false)?,
            agents_may_send: a.bool_or("agentsMaySend", false)?,
        },
    };
    let mut templates = Vec::new();
    for (p, x) in w.list("templates", false)? {
        templates.push(template(arg, x, &p)?);
    }
    let mut content_templates = Vec::new();
    for (p, x) in w.list("contentTemplates", false)? {
        content_templates.push(super::content::configured_template(&x, &p)?);
    }
    let automated_messages = match w.obj_or_absent("automatedMessages", &["attachmentRefused"])? {
        None => AutomatedMessages::default(),
        Some(m) => AutomatedMessages {
            attachment_refused: m.opt_string("attachmentRefused")?,
        },
    };
    Ok(Workstream {
        id: w.string("id")?,
        name: w.string("name")?,
        number: w.string("number")?,
        language: w.string("language")?,
        attachments,
        templates,
        content_templates,
        automated_messages,
    })
}

/// Reads a configured [`Template`] (other fields are allowed, as in a Twilio Content object).
fn template(arg: Arg, v: JsValue, path: &str) -> Result<Template> {
    if !is_plain_object(&v) {
        return Err(arg.wrong_type(path, "an object", &v));
    }
    let t = Obj {
        arg,
        v,
        path: path.to_string(),
    };
    let category = match t.opt_string("category")? {
        None => None,
        Some(c) => Some(Category::parse(&c).ok_or_else(|| {
            arg.err(
                &t.at("category"),
                "expected \"marketing\", \"utility\" or \"authentication\"",
            )
        })?),
    };
    Ok(Template {
        sid: t.string("sid")?,
        name: t.string("name")?,
        language: t.string("language")?,
        body: t.string("body")?,
        category,
    })
}

/// Reads a [`NumberSettingsPatch`]: `messagingServiceSid: null` clears the service.
pub fn settings_patch(arg: Arg, v: JsValue) -> Result<NumberSettingsPatch> {
    let o = arg.obj(
        v,
        "",
        &["enabled", "messagingServiceSid", "statusCallbacks"],
    )?;
    let sid = o.get("messagingServiceSid")?;
    Ok(NumberSettingsPatch {
        enabled: o.opt_bool("enabled")?,
        messaging_service_sid: if sid.is_undefined() {
            None
        } else if sid.is_null() {
            Some(None)
        } else {
            Some(Some(o.string_of(&sid, "messagingServiceSid")?))
        },
        status_callbacks: o.opt_bool("statusCallbacks")?,
    })
}

// ---------------------------------------------------------------------------------------------
// Window
// ---------------------------------------------------------------------------------------------

/// Reads a [`WindowInput`].
pub fn window_input(arg: Arg, v: JsValue) -> Result<WindowInput> {
    let o = arg.obj(
        v,
        "",
        &[
            "lastInboundAt",
            "now",
            "entryPoint",
            "closingSoonMs",
            "skewToleranceMs",
        ],
    )?;
    o.req("lastInboundAt")?;
    let entry_point = match o.opt_obj("entryPoint", &["referralAt", "repliedAt"])? {
        None => None,
        Some(e) => Some(EntryPointInput {
            referral_at: e.instant("referralAt")?,
            replied_at: e.opt_instant("repliedAt")?,
        }),
    };
    Ok(WindowInput {
        last_inbound_at: o.opt_instant("lastInboundAt")?,
        now: o.opt_instant("now")?,
        entry_point,
        closing_soon_ms: o.opt_i64("closingSoonMs")?,
        skew_tolerance_ms: o.opt_i64("skewToleranceMs")?,
    })
}

/// Reads a [`ConversationInput`].
pub fn conversation_input(arg: Arg, v: JsValue) -> Result<ConversationInput> {
    let o = arg.obj(
        v,
        "",
        &[
            "events",
            "now",
            "workstream",
            "closingSoonMs",
            "skewToleranceMs",
            "customerLanguage",
            "customerNumber",
        ],
    )?;
    let mut events = Vec::new();
    for (p, x) in o.list("events", true)? {
        let e = arg.obj(x, &p, &["direction", "at", "kind", "referral"])?;
        let r = e.get("referral")?;
        let referral = if r.is_undefined() {
            None
        } else if let Some(b) = r.as_bool() {
            Some(Referral(b))
        } else if r.is_null() {
            None
        } else if r.is_string() {
            Some(Referral(!e.string_of(&r, "referral")?.is_empty()))
        } else if is_plain_object(&r) {
            Some(Referral(true))
        } else {
            return Err(arg.wrong_type(&e.at("referral"), "a boolean, a string or an object", &r));
        };
        events.push(EventInput {
            direction: e.string("direction")?,
            at: e.instant("at")?,
            kind: e.opt_string("kind")?,
            referral,
        });
    }
    let workstream = match o.get("workstream")? {
        w if is_absent(&w) => None,
        w => Some(workstream(arg, w, &o.at("workstream"))?),
    };
    Ok(ConversationInput {
        events,
        now: o.opt_instant("now")?,
        workstream,
        closing_soon_ms: o.opt_i64("closingSoonMs")?,
        skew_tolerance_ms: o.opt_i64("skewToleranceMs")?,
        customer_language: o.opt_string("customerLanguage")?,
        customer_number: o.opt_string("customerNumber")?,
    })
}

/// Reads `sandboxState`'s input: `{ evidence: [{ kind: "join" | "inbound" | "notJoined", at }],
/// now? }` → the evidence and `now` (epoch ms, when given).
pub fn sandbox_input(
    arg: Arg,
    v: JsValue,
) -> Result<(Vec<crate::sandbox::SandboxEvidence>, Option<i64>)> {
    use crate::sandbox::SandboxEvidence as E;
    let o = arg.obj(v, "", &["evidence", "now"])?;
    let list = o.list("evidence", true)?;
    if list.len() > crate::sandbox::MAX_SANDBOX_EVIDENCE {
        return Err(
            Error::too_large("evidence", crate::sandbox::MAX_SANDBOX_EVIDENCE, "items")
                .at("evidence"),
        );
    }
    let mut out = Vec::with_capacity(list.len());
    for (p, x) in list {
        let e = arg.obj(x, &p, &["kind", "at"])?;
        let at = e
            .instant("at")?
            .epoch_ms()
            .map_err(|err| err.at(e.at("at")))?;
        let kind = e.string("kind")?;
        out.push(match kind.as_str() {
            "join" => E::Join(at),
            "inbound" => E::Inbound(at),
            "notJoined" => E::NotJoined(at),
            _ => {
                return Err(arg.err(
                    &e.at("kind"),
                    "expected \"join\", \"inbound\" or \"notJoined\"",
                ))
            }
        });
    }
    Ok((out, o.opt_epoch_ms("now")?))
}
