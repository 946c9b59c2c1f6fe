//! The readers of the structured JS inputs: one [`FromJs`] impl per input type (configuration,
//! workstream, template, media item, attachment settings, window and conversation inputs,
//! conversation events, sandbox evidence, number-settings patch, webhook parameters, template
//! variables, outbound content). Every domain binding reads its arguments through them.
//! (The signature request of `verifySignature` has its own one-crossing reader in the webhook
//! entry, `signature.rs`: that entry carries no `read.rs`, and that reader is its speed.)
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
use crate::message::{Content, Variables};
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

/// One reader per input type: reads `v` as `Self` the way serde reads the same value's JSON
/// (tests/wasm_readers.rs compares each impl with serde_json), errors coded by `arg` at `path`,
/// as the JS error a binding throws.
pub trait FromJs: Sized {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self>;
}

type JsResult<T> = core::result::Result<T, JsValue>;

/// [`FromJs`] with a core error, for the types that other readers read too (a workstream in a
/// conversation, a template in a workstream…). The leaf readers (webhook params, variables,
/// content) make their JS errors at once: a `Result` of a core `Error` through their many `?`
/// was 1.3 KB gzip more of `wa-guard/rules` (measured).
pub trait Read: Sized {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self>;
}

impl<T: Read> FromJs for T {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self> {
        T::read(arg, v, path).map_err(super::js_err)
    }
}

/// Reads argument `v` as a `T` (at `path`): the one call of a binding.
pub(crate) fn read<T: FromJs>(arg: Arg, v: JsValue, path: &str) -> JsResult<T> {
    T::from_js(arg, v, path)
}

/// An `INVALID_ARGUMENT` argument named `name`.
pub(crate) const fn invalid(name: &'static str) -> Arg {
    Arg {
        code: crate::error::INVALID_ARGUMENT,
        name,
    }
}

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
        let s = Sink::default();
        let o = s.obj(self, Ok(v), path, fields);
        s.finish(o)
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

/// The items of an array at `base` (`undefined` → none), with their paths.
fn list(arg: Arg, v: JsValue, base: &str) -> Result<Vec<(String, JsValue)>> {
    if v.is_undefined() {
        return Ok(Vec::new());
    }
    let Some(arr) = v.dyn_ref::<js_sys::Array>() else {
        return Err(arg.wrong_type(base, "an array", &v));
    };
    let len = super::array_len(arr).ok_or_else(|| arg.threw(base))?;
    if len > MAX_ARRAY_LEN {
        return Err(Error::too_large(base, MAX_ARRAY_LEN, "items").at(base));
    }
    let items = super::array_items(arr, len).map_err(|i| arg.threw(&format!("{base}[{i}]")))?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, x)| (format!("{base}[{i}]"), x))
        .collect())
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
    pub(crate) fn req(&self, k: &str) -> Result<JsValue> {
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
        super::read_string(v, path, MAX_STRING_BYTES).map_err(|e| match e.code() {
            crate::error::INVALID_ARGUMENT => self.arg.err(path, e.message()),
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
        list(self.arg, v, &self.at(k))
    }

    /// An optional object field (`undefined`/`null` → `None`).
    fn opt_obj(&self, k: &str, fields: &[&str]) -> Result<Option<Obj>> {
        let v = self.get(k)?;
        if is_absent(&v) {
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
            Some(n) => Instant::from_number(n),
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
        for (i, v) in items.into_iter().enumerate() {
            out.push(MediaItem::read(
                self.arg,
                v,
                &format!("{}[{i}]", self.at(k)),
            )?);
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

/// Where a reader that reports every problem puts them: a shape problem is recorded and the
/// read goes on with a default (the result is then only good for finding more problems); only
/// `INPUT_TOO_LARGE` (and a value that is not an object at all, see [`config_problems`]) stops it.
#[derive(Default)]
pub(crate) struct Sink(core::cell::Cell<Vec<Error>>);

impl Sink {
    /// `r`'s value; a problem is recorded and `T::default()` returned instead.
    fn val<T: Default>(&self, r: Result<T>) -> T {
        r.unwrap_or_else(|e| {
            self.keep(e);
            T::default()
        })
    }

    /// Records a problem.
    #[inline(never)]
    fn keep(&self, e: Error) {
        let mut all = self.0.take();
        all.push(e);
        self.0.set(all);
    }

    /// An object, every unknown field recorded (not only the first); `None` when it is not a
    /// plain object (recorded).
    fn obj(&self, arg: Arg, v: Result<JsValue>, path: &str, fields: &[&str]) -> Option<Obj> {
        let v = self.val(v.map(Some))?;
        if !is_plain_object(&v) {
            let expected = if is_absent(&v) || !v.is_object() || js_sys::Array::is_array(&v) {
                "an object"
            } else {
                "a plain object"
            };
            self.keep(arg.wrong_type(path, expected, &v));
            return None;
        }
        let keys = self.val(super::keys(&v).ok_or_else(|| arg.threw(path)));
        for k in keys.iter().filter(|k| !fields.contains(&k.as_str())) {
            let at = join_path(path, Some(k));
            let x = self.val(super::prop(&v, k).ok_or_else(|| arg.threw(&at)));
            if !x.is_undefined() {
                let known = fields.join("`, `");
                self.keep(arg.err(&at, &format!("unknown field `{k}`, expected `{known}`")));
            }
        }
        Some(Obj {
            arg,
            v,
            path: path.to_string(),
        })
    }

    /// An optional object field: `undefined` (and `null` when `null_ok`) → `None`.
    fn field(&self, o: &Obj, k: &str, null_ok: bool, fields: &[&str]) -> Option<Obj> {
        let v = self.val(o.get(k));
        if v.is_undefined() || (null_ok && v.is_null()) {
            return None;
        }
        self.obj(o.arg, Ok(v), &o.at(k), fields)
    }

    /// Every problem, or the first past a size limit (`INPUT_TOO_LARGE`: the read is not one).
    fn problems(self) -> Result<Vec<Error>> {
        let all = self.0.into_inner();
        match all
            .iter()
            .position(|e| e.code() == crate::error::INPUT_TOO_LARGE)
        {
            Some(i) => Err(all.into_iter().nth(i).unwrap_or_else(|| Error::new("", ""))),
            None => Ok(all),
        }
    }

    /// `v` when nothing was recorded, else the first problem (a size limit first).
    fn finish<T>(self, v: Option<T>) -> Result<T> {
        let all = self.problems()?;
        match (all.into_iter().next(), v) {
            (None, Some(v)) => Ok(v),
            (Some(e), _) => Err(e),
            (None, None) => Err(Error::new(
                crate::error::INVALID_ARGUMENT,
                "invalid argument",
            )),
        }
    }
}

/// A [`Config`] (the first shape problem is the error).
impl Read for Config {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let s = Sink::default();
        let c = config_in(arg, v, path, &s);
        s.finish(Some(c))
    }
}

/// Reads a [`Config`] reporting every shape problem (wrong type, missing or unknown field, at
/// its path): `(config, problems)`, the config meaningful only when there are none. Errors only
/// for what is not a config at all: not a plain object, or past a size limit (`INPUT_TOO_LARGE`).
pub fn config_problems(arg: Arg, v: JsValue) -> Result<(Config, Vec<Error>)> {
    if !is_plain_object(&v) {
        return Err(arg.wrong_type("", "an object", &v));
    }
    let s = Sink::default();
    let c = config_in(arg, v, "", &s);
    Ok((c, s.problems()?))
}

fn config_in(arg: Arg, v: JsValue, path: &str, s: &Sink) -> Config {
    let mut c = Config {
        version: 0,
        account: Account {
            account_sid: String::new(),
            auth_token: None,
            secondary_auth_token: None,
        },
        callback_base_url: None,
        numbers: Vec::new(),
        workstreams: Vec::new(),
        sandbox: None,
    };
    let fields = [
        "version",
        "account",
        "callbackBaseUrl",
        "numbers",
        "workstreams",
        "sandbox",
    ];
    let Some(o) = s.obj(arg, Ok(v), path, &fields) else {
        return c;
    };
    c.version = s.val(
        o.req("version")
            .and_then(|v| o.int_of(&v, "version", 0, i64::from(u32::MAX))),
    ) as u32;
    let account = ["accountSid", "authToken", "secondaryAuthToken"];
    if let Some(a) = s.obj(arg, o.req("account"), &o.at("account"), &account) {
        c.account.account_sid = s.val(a.string("accountSid"));
        c.account.auth_token = s.val(a.opt_string("authToken")).map(Secret::new);
        c.account.secondary_auth_token = s.val(a.opt_string("secondaryAuthToken")).map(Secret::new);
    }
    for (p, x) in s.val(o.list("numbers", false)) {
        let Some(n) = s.obj(arg, Ok(x), &p, &["name", "number", "settings"]) else {
            continue;
        };
        let mut settings = NumberSettings::default();
        let known = ["enabled", "messagingServiceSid", "statusCallbacks"];
        if let Some(st) = s.field(&n, "settings", false, &known) {
            settings.enabled = s.val(st.bool_or("enabled", true));
            settings.messaging_service_sid = s.val(st.opt_string("messagingServiceSid"));
            settings.status_callbacks = s.val(st.bool_or("statusCallbacks", true));
        }
        c.numbers.push(WhatsAppNumber {
            name: s.val(n.string("name")),
            number: s.val(n.string("number")),
            settings,
        });
    }
    for (p, x) in s.val(o.list("workstreams", false)) {
        if let Some(w) = workstream_in(arg, x, &p, s) {
            c.workstreams.push(w);
        }
    }
    if let Some(sb) = s.field(&o, "sandbox", true, &["enabled", "joinKeyword"]) {
        c.sandbox = Some(Sandbox {
            enabled: s.val(sb.req("enabled").and_then(|v| sb.bool_of(&v, "enabled"))),
            join_keyword: s.val(sb.string_or_default("joinKeyword")),
        });
    }
    c.callback_base_url = s.val(o.opt_string("callbackBaseUrl"));
    c
}

/// A [`Workstream`].
impl Read for Workstream {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let s = Sink::default();
        let w = workstream_in(arg, v, path, &s);
        s.finish(w)
    }
}

fn workstream_in(arg: Arg, v: JsValue, path: &str, s: &Sink) -> Option<Workstream> {
    let fields = [
        "id",
        "name",
        "number",
        "language",
        "attachments",
        "templates",
        "contentTemplates",
        "automatedMessages",
    ];
    let w = s.obj(arg, Ok(v), path, &fields)?;
    let mut attachments = AttachmentSettings::default();
    let known = ["enabled", "customersMaySend", "agentsMaySend"];
    if let Some(a) = s.field(&w, "attachments", false, &known) {
        attachments.enabled = s.val(a.bool_or("enabled", false));
        attachments.customers_may_send = s.val(a.bool_or("customersMaySend", false));
        attachments.agents_may_send = s.val(a.bool_or("agentsMaySend", false));
    }
    let mut templates = Vec::new();
    for (p, x) in s.val(w.list("templates", false)) {
        if let Some(t) = template(arg, x, &p, s) {
            templates.push(t);
        }
    }
    let mut content_templates = Vec::new();
    for (p, x) in s.val(w.list("contentTemplates", false)) {
        if let Some(t) = s.val(super::content::configured_template(&x, &p).map(Some)) {
            content_templates.push(t);
        }
    }
    let mut automated_messages = AutomatedMessages::default();
    if let Some(m) = s.field(&w, "automatedMessages", false, &["attachmentRefused"]) {
        automated_messages.attachment_refused = s.val(m.opt_string("attachmentRefused"));
    }
    Some(Workstream {
        id: s.val(w.string("id")),
        name: s.val(w.string("name")),
        number: s.val(w.string("number")),
        language: s.val(w.string("language")),
        attachments,
        templates,
        content_templates,
        automated_messages,
    })
}

/// A [`Template`] (`validateTemplate`, `renderTemplate`, `new TemplateRegistry`) with the
/// configured templates' reader below: one reader, one set of answers for one type.
impl Read for Template {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let s = Sink::default();
        let t = template(arg, v, path, &s);
        s.finish(t)
    }
}

/// Reads a configured [`Template`] (other fields are allowed, as in a Twilio Content object).
fn template(arg: Arg, v: JsValue, path: &str, s: &Sink) -> Option<Template> {
    if !is_plain_object(&v) {
        s.keep(arg.wrong_type(path, "an object", &v));
        return None;
    }
    let t = Obj {
        arg,
        v,
        path: path.to_string(),
    };
    let category = match s.val(t.opt_string("category")) {
        None => None,
        Some(c) => Category::parse(&c).or_else(|| {
            s.keep(arg.err(
                &t.at("category"),
                "expected \"marketing\", \"utility\" or \"authentication\"",
            ));
            None
        }),
    };
    Some(Template {
        sid: s.val(t.string("sid")),
        name: s.val(t.string("name")),
        language: s.val(t.string("language")),
        body: s.val(t.string("body")),
        category,
    })
}

/// A [`NumberSettingsPatch`]: `messagingServiceSid: null` clears the service.
impl Read for NumberSettingsPatch {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let o = arg.obj(
            v,
            path,
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
}

// ---------------------------------------------------------------------------------------------
// Window
// ---------------------------------------------------------------------------------------------

/// A [`WindowInput`].
impl Read for WindowInput {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let o = arg.obj(
            v,
            path,
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
}

/// A [`ConversationInput`].
impl Read for ConversationInput {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let o = arg.obj(
            v,
            path,
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
        let events = Events::read(arg, o.req("events")?, &o.at("events"))?.0;
        let workstream = match o.get("workstream")? {
            w if is_absent(&w) => None,
            w => Some(Workstream::read(arg, w, &o.at("workstream"))?),
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
}

/// A conversation's events (`conversationState`, `composeOutbound`): `{ direction, at, kind?,
/// referral? }` each, at `events[i]`.
pub struct Events(pub Vec<EventInput>);

impl Read for Events {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let mut events = Vec::new();
        for (p, x) in list(arg, v, path)? {
            let e = arg.obj(x, &p, &["direction", "at", "kind", "referral"])?;
            let r = e.get("referral")?;
            let referral = if r.is_undefined() {
                None
            } else if let Some(b) = r.as_bool() {
                Some(Referral(b))
            } else if r.is_null() {
                None
            } else if r.is_string() {
                Some(Referral::of_text(&e.string_of(&r, "referral")?))
            } else if is_plain_object(&r) {
                Some(Referral::OBJECT)
            } else {
                return Err(arg.wrong_type(
                    &e.at("referral"),
                    "a boolean, a string or an object",
                    &r,
                ));
            };
            events.push(EventInput {
                direction: e.string("direction")?,
                at: e.instant("at")?,
                kind: e.opt_string("kind")?,
                referral,
            });
        }
        Ok(Events(events))
    }
}

/// Reads `sandboxState`'s input: `{ evidence: [{ kind: "join" | "inbound" | "notJoined", at }],
/// now? }` → the evidence and `now` (epoch ms, when given).
pub struct SandboxInput {
    pub evidence: Vec<crate::sandbox::SandboxEvidence>,
    pub now: Option<i64>,
}

impl Read for SandboxInput {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        use crate::sandbox::SandboxEvidence as E;
        let o = arg.obj(v, path, &["evidence", "now"])?;
        let list = o.list("evidence", true)?;
        if list.len() > crate::sandbox::MAX_SANDBOX_EVIDENCE {
            return Err(Error::too_large(
                "evidence",
                crate::sandbox::MAX_SANDBOX_EVIDENCE,
                "items",
            )
            .at("evidence"));
        }
        let mut out = Vec::with_capacity(list.len());
        for (p, x) in list {
            let e = arg.obj(x, &p, &["kind", "at", "errorCode"])?;
            let at = e
                .instant("at")?
                .epoch_ms()
                .map_err(|err| err.at(e.at("at")))?;
            let kind = e.string("kind")?;
            let error_code = e.opt_i64("errorCode")?;
            if error_code.is_some() && kind != "status" {
                return Err(arg.err(&e.at("errorCode"), "only a `status` item has an errorCode"));
            }
            out.extend(match kind.as_str() {
                "join" => Some(E::Join(at)),
                "inbound" => Some(E::Inbound(at)),
                "notJoined" => Some(E::NotJoined(at)),
                // A message status as stored: the core says what it proves (63015: not joined).
                "status" => E::from_status(error_code.and_then(|c| u32::try_from(c).ok()), at),
                _ => {
                    return Err(arg.err(
                        &e.at("kind"),
                        "expected \"join\", \"inbound\", \"notJoined\" or \"status\"",
                    ))
                }
            });
        }
        Ok(SandboxInput {
            evidence: out,
            now: o.opt_epoch_ms("now")?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Media, messages, templates
// ---------------------------------------------------------------------------------------------

/// A [`MediaItem`] (other fields ignored: an item taken from `parseInbound`, say).
impl Read for MediaItem {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let m = arg.lenient(v, path)?;
        Ok(MediaItem {
            content_type: m.string("contentType")?,
            size: m.opt_count("size")?,
            url: m.opt_string("url")?,
            animated: m.opt_bool("animated")?.unwrap_or(false),
        })
    }
}

/// `checkAttachment`'s [`AttachmentSettings`]: `{ enabled?, customersMaySend?, agentsMaySend? }`,
/// `null` as absent, other fields ignored (a workstream's settings object, say). A configuration's
/// own `attachments` are read strictly, every problem reported, by the configuration's reader.
impl Read for AttachmentSettings {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        let a = arg.lenient(v, path)?;
        Ok(AttachmentSettings {
            enabled: a.opt_bool("enabled")?.unwrap_or(false),
            customers_may_send: a.opt_bool("customersMaySend")?.unwrap_or(false),
            agents_may_send: a.opt_bool("agentsMaySend")?.unwrap_or(false),
        })
    }
}

/// `checkAttachment`'s input: `{ settings, direction, media?, caption? }` (other fields ignored).
pub struct AttachmentInput {
    pub settings: AttachmentSettings,
    pub direction: crate::media::Direction,
    pub media: Vec<MediaItem>,
    pub caption: Option<String>,
}

impl Read for AttachmentInput {
    fn read(arg: Arg, v: JsValue, path: &str) -> Result<Self> {
        use crate::media::Direction;
        let i = arg.lenient(v, path)?;
        let direction = match i.opt_string("direction")?.as_deref() {
            Some("outbound") => Direction::Outbound,
            Some("inbound") => Direction::Inbound,
            _ => {
                let msg = "direction must be \"outbound\" or \"inbound\"";
                return Err(Error::new(arg.code, msg).at(i.at("direction")));
            }
        };
        Ok(AttachmentInput {
            settings: AttachmentSettings::read(arg, i.get("settings")?, &i.at("settings"))?,
            direction,
            media: i.media("media")?,
            caption: i.opt_string("caption")?,
        })
    }
}

/// Webhook parameters: a form-encoded body string, `[name, value]` pairs (`decodeForm`'s), or an
/// object of strings. At most [`crate::message::MAX_PARAMS`] + 1 are read (the core refuses
/// more); strings are capped like every string read from JS.
pub struct Params(pub Vec<(String, String)>);

impl FromJs for Params {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self> {
        let bad = |at: &str, what: &str| {
            super::js_error(&Error::new(arg.code, format!("{at} must be {what}")).at(at))
        };
        let text = |v: &JsValue, at: &dyn Fn() -> String| -> JsResult<String> {
            if v.is_string() {
                super::string_arg(v, &at(), MAX_STRING_BYTES)
            } else {
                Err(bad(&at(), "a string"))
            }
        };
        if v.is_string() {
            let body = super::string_arg(&v, path, crate::form::MAX_FORM_BYTES)?;
            return super::throw(crate::form::decode(&body)).map(Params);
        }
        let threw = super::threw;
        let mut out = Vec::new();
        if js_sys::Array::is_array(&v) {
            // One item past the limit is read, so that the core reports it.
            let len = super::array_len(&v).ok_or_else(|| threw(path))?;
            let n = len.min(crate::message::MAX_PARAMS + 1);
            let pairs = super::array_items(&v, n).map_err(|i| threw(&format!("{path}[{i}]")))?;
            for (i, pair) in pairs.into_iter().enumerate() {
                if !js_sys::Array::is_array(&pair) {
                    let at = format!("{path}[{i}]");
                    return Err(bad(&at, "a [name, value] pair of strings"));
                }
                let item = |j: u32| {
                    js_sys::Reflect::get_u32(&pair, j)
                        .map_err(|_| threw(&format!("{path}[{i}][{j}]")))
                };
                let k = text(&item(0)?, &|| format!("{path}[{i}][0]"))?;
                let val = text(&item(1)?, &|| format!("{path}[{i}][1]"))?;
                out.push((k, val));
            }
        } else if v.is_object() {
            let entries = super::entries(&v).ok_or_else(|| threw(path))?;
            for (k, val) in entries.into_iter().take(crate::message::MAX_PARAMS + 1) {
                let k = text(&k, &|| path.to_string())?;
                let val = text(&val, &|| format!("{path}.{k}"))?;
                out.push((k, val));
            }
        } else {
            let what = "a form body, [name, value] pairs or an object of strings";
            return Err(bad(path, what));
        }
        Ok(Params(out))
    }
}

/// Template values: an array of strings (`{{1}}` first), or an object keyed by placeholder
/// (`{ "1": "Ana" }`); errors at `path[i]`, `path.1`.
impl FromJs for Variables {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self> {
        use crate::template::MAX_VARIABLES;
        let too_large =
            || super::js_error(&Error::too_large(path, MAX_VARIABLES, "values").at(path));
        let threw = super::threw;
        let string = |v: &JsValue, at: &str| super::string_arg(v, at, MAX_STRING_BYTES);
        if js_sys::Array::is_array(&v) {
            let len = super::array_len(&v).ok_or_else(|| threw(path))?;
            if len > MAX_VARIABLES {
                return Err(too_large());
            }
            let items = super::array_items(&v, len).map_err(|i| threw(&format!("{path}[{i}]")))?;
            let mut out = Vec::with_capacity(len);
            for (i, item) in items.iter().enumerate() {
                out.push(string(item, &format!("{path}[{i}]"))?);
            }
            return Ok(Variables::Positional(out));
        }
        if v.is_object() && !v.is_function() {
            let keys = super::keys(&v).ok_or_else(|| threw(path))?;
            if keys.len() > MAX_VARIABLES {
                return Err(too_large());
            }
            let mut out = Vec::with_capacity(keys.len());
            for k in keys {
                let at = format!("{path}.{k}");
                let val = super::prop(&v, &k).ok_or_else(|| threw(&at))?;
                out.push((k, string(&val, &at)?));
            }
            return Ok(Variables::Keyed(out));
        }
        let msg = "expected an array of strings or an object like { \"1\": \"Ana\" }";
        Err(super::js_error(
            &Error::new(arg.code, format!("{path}: {msg}")).at(path),
        ))
    }
}

/// Values by key: positional ones as `"1"`, `"2"`, … (Content templates).
pub(crate) fn keyed(v: Variables) -> Vec<(String, String)> {
    match v {
        Variables::Positional(v) => v
            .into_iter()
            .enumerate()
            .map(|(i, v)| ((i + 1).to_string(), v))
            .collect(),
        Variables::Keyed(v) => v,
    }
}

/// A Content template as `parseContentApi` returns it (one `JSON.stringify`, then the core's
/// JSON reader). (A configuration's `contentTemplates[j]`, which may also be a Content API item,
/// is read by `content::configured_template`.)
impl Read for crate::content::ContentTemplate {
    fn read(_: Arg, v: JsValue, path: &str) -> Result<Self> {
        super::content::template_arg(&v, path)
    }
}

/// `composeOutbound`'s content: `{ body?, media? }`, `{ contentSid, variables? }` (positional or
/// keyed values) or a Content template as `parseContentApi` returns it, `{ template, variables? }`.
impl FromJs for Content {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self> {
        use super::throw;
        if v.is_object() && super::prop(&v, "template").is_some_and(|t| !t.is_undefined()) {
            let t = super::prop(&v, "template").unwrap_or(JsValue::UNDEFINED);
            let template = throw(super::content::template_arg(
                &t,
                &format!("{path}.template"),
            ))?;
            let vars = super::prop(&v, "variables").unwrap_or(JsValue::UNDEFINED);
            let values = if is_absent(&vars) {
                Vec::new()
            } else {
                keyed(Variables::from_js(arg, vars, "variables")?)
            };
            return Ok(Content::ContentTemplate {
                template: Box::new(template),
                values,
            });
        }
        let c = throw(arg.obj(v, path, &["body", "media", "contentSid", "variables"]))?;
        let sid = throw(c.opt_string("contentSid"))?;
        let body = throw(c.opt_string("body"))?;
        let media = throw(c.media("media"))?;
        let vars = throw(c.get("variables"))?;
        Ok(match (sid, body) {
            (Some(content_sid), None) if media.is_empty() => Content::Template {
                content_sid,
                variables: if is_absent(&vars) {
                    Variables::Positional(Vec::new())
                } else {
                    Variables::from_js(arg, vars, &c.at("variables"))?
                },
            },
            (None, body) if vars.is_undefined() => Content::Text {
                body: body.unwrap_or_default(),
                media,
            },
            _ => return Err(super::js_error(&Error::new(
                arg.code,
                "content is either { body, media } (free-form) or { contentSid, variables } (a template), not both",
            )
            .at(path))),
        })
    }
}

/// `composeOutbound`'s input: the configuration and the request (`now` defaults to `Date.now()`).
pub struct ComposeInput {
    pub config: Config,
    pub request: crate::message::OutboundRequest,
}

impl FromJs for ComposeInput {
    fn from_js(arg: Arg, v: JsValue, path: &str) -> JsResult<Self> {
        use super::throw;
        let fields = [
            "config",
            "workstreamId",
            "to",
            "lastInboundAt",
            "events",
            "state",
            "sandboxJoinedAt",
            "now",
            "content",
            "statusCallback",
        ];
        let i = throw(arg.obj(v, path, &fields))?;
        let config = read(invalid("config"), throw(i.get("config"))?, "")?;
        let now = throw(i.opt_epoch_ms("now"))?.unwrap_or_else(super::now_ms);
        let last_inbound_at = last_inbound(arg, &i, now)?;
        let status_callback = throw(i.opt_string("statusCallback"))?;
        let content = read(arg, throw(i.get("content"))?, "content")?;
        let request = crate::message::OutboundRequest {
            workstream_id: throw(i.string("workstreamId"))?,
            to: throw(i.string("to"))?,
            last_inbound_at,
            sandbox_joined_at: throw(i.opt_epoch_ms("sandboxJoinedAt"))?,
            content,
            now,
            status_callback,
        };
        Ok(ComposeInput { config, request })
    }
}

/// The customer's last inbound instant from `lastInboundAt`, `events` (the window rules of
/// `conversationState`, errors at `events[i]…`) or `state.lastInboundAt`: at most one of them.
fn last_inbound(arg: Arg, i: &Obj, now: i64) -> JsResult<Option<i64>> {
    use super::throw;
    let mut given = None;
    for k in ["lastInboundAt", "events", "state"] {
        if !throw(i.get(k))?.is_undefined() {
            if let Some(first) = given {
                return Err(super::js_error(
                    &Error::new(
                        arg.code,
                        format!("give the conversation once: `{first}` or `{k}`, not both"),
                    )
                    .at(k),
                ));
            }
            given = Some(k);
        }
    }
    match given {
        Some("events") => {
            let input = crate::window::ConversationInput {
                events: read::<Events>(arg, throw(i.req("events"))?, "events")?.0,
                now: Some(crate::window::Instant::Millis(now)),
                workstream: None,
                closing_soon_ms: None,
                skew_tolerance_ms: None,
                customer_language: None,
                customer_number: None,
            };
            Ok(throw(input.evaluate(now))?.window.last_inbound_at)
        }
        Some("state") => {
            let st = throw(arg.lenient(throw(i.get("state"))?, "state"))?;
            throw(st.opt_epoch_ms("lastInboundAt"))
        }
        _ => throw(i.opt_epoch_ms("lastInboundAt")),
    }
}
