//! A conversation as an agent sees it: the window state computed from its events
//! ([`crate::window`]) and, for a workstream, what its agents may send now (free-form text,
//! attachments, which templates), with the reasons for what they may not. The input and result of
//! `conversationState`.

use crate::config::Workstream;
use crate::error::{Error, Result};
use crate::number::E164;
use crate::window::*;
use serde::{Deserialize, Serialize, Serializer};

// ---------------------------------------------------------------------------------------------
// Allowed actions
// ---------------------------------------------------------------------------------------------

/// Whether one kind of send is allowed, and if not, why (each reason a coded [`Error`] a UI can
/// show: `WINDOW_CLOSED`, `ATTACHMENTS_DISABLED`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    /// The send is allowed.
    pub allowed: bool,
    /// Every reason it is not allowed, each with a stable `code`; empty when allowed.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "Problem[]")
    )]
    pub reasons: Vec<Error>,
}

impl Permission {
    fn from_reasons(reasons: Vec<Error>) -> Self {
        Permission {
            allowed: reasons.is_empty(),
            reasons,
        }
    }
}

/// Templates usable now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePermission {
    /// A template may be sent.
    pub allowed: bool,
    /// Every reason none may, each with a stable `code`; empty when allowed.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(type = "Problem[]")
    )]
    pub reasons: Vec<Error>,
    /// The language picked: the customer's, else its base language, else the workstream default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Content SIDs of the workstream's templates in that language.
    pub template_sids: Vec<String>,
    /// Marketing templates left out because the customer's number is a US number (+1 with a US
    /// area code, see [`crate::marketing`]): Meta does not deliver them (Twilio error 63049).
    /// Empty otherwise (Canada and the Caribbean keep them).
    pub excluded_sids: Vec<String>,
    /// The workstream's Content templates in the languages tried (up to the one picked) that
    /// may not be sent now, each with the reasons of Twilio's approval chart
    /// ([`crate::content::eligibility`]). Absent from the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub unavailable: Vec<UnavailableTemplate>,
}

/// A Content template that may not be sent now, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct UnavailableTemplate {
    pub sid: String,
    pub name: String,
    pub language: String,
    /// `TEMPLATE_NOT_APPROVED`, `TEMPLATE_SESSION_ONLY`, … with Twilio's error where documented.
    pub reasons: Vec<crate::content::Reason>,
}

/// What an agent of a workstream may send at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct AllowedActions {
    /// Free-form text: while the window is open.
    pub free_text: Permission,
    /// Media: window open AND attachments on AND agents may send them.
    pub attachments: Permission,
    /// Approved templates: always, when the workstream has one for the customer's language or
    /// its default language.
    pub templates: TemplatePermission,
}

fn window_closed(state: &WindowState) -> Error {
    let msg = match state.closes_at {
        Some(c) => format!(
            "the 24-hour customer service window closed at {}; only templates may be sent until the customer writes again (Twilio error 63016)",
            format_instant(c)
        ),
        None => String::from(
            "the customer has not written: no customer service window is open; only templates may be sent (Twilio error 63016)",
        ),
    };
    Error::new(WINDOW_CLOSED, msg)
}

/// What an agent of `workstream` may send given the window `state`. `customer_language` is the
/// customer's locale (`pt_BR`, `pt-BR`, `es`), when known; `customer_number` the customer's
/// number, when known (marketing templates are left out for US numbers, not for other +1
/// countries: Twilio error 63049, see [`crate::marketing`]).
/// Errors: `LOCALE_INVALID` (path `customerLanguage` or `workstream.language`);
/// `INPUT_TOO_LARGE` (path `workstream.templates`) when the workstream has more than
/// [`crate::config::MAX_TEMPLATES`] (10,000) templates, the most a valid configuration holds (a
/// workstream given here need not come from a validated configuration).
pub fn allowed_actions(
    state: &WindowState,
    workstream: &Workstream,
    customer_language: Option<&str>,
    customer_number: Option<&E164>,
) -> Result<AllowedActions> {
    check_workstream_size(workstream)?;
    let mut free_text = Vec::new();
    let mut attachments = Vec::new();
    if !state.open {
        free_text.push(window_closed(state));
        attachments.push(window_closed(state));
    }
    let a = workstream.attachments;
    if !a.enabled {
        attachments.push(Error::new(
            ATTACHMENTS_DISABLED,
            format!("file attachments are off in workstream `{}`", workstream.id),
        ));
    } else if !a.agents_may_send {
        attachments.push(Error::new(
            AGENT_ATTACHMENTS_NOT_ALLOWED,
            format!(
                "agents may not send attachments in workstream `{}`",
                workstream.id
            ),
        ));
    }
    Ok(AllowedActions {
        free_text: Permission::from_reasons(free_text),
        attachments: Permission::from_reasons(attachments),
        templates: template_permission(workstream, state.open, customer_language, customer_number)?,
    })
}

/// `INPUT_TOO_LARGE` at `workstream.templates` past [`crate::config::MAX_TEMPLATES`].
fn check_workstream_size(ws: &Workstream) -> Result<()> {
    if ws
        .templates
        .len()
        .saturating_add(ws.content_templates.len())
        > crate::config::MAX_TEMPLATES
    {
        return Err(Error::too_large(
            "the workstream's templates",
            crate::config::MAX_TEMPLATES,
            "templates",
        )
        .at("workstream.templates"));
    }
    Ok(())
}

/// The template language rule of the `template` module (exact locale, base language, a bare
/// language's only regional variant, workstream default:
/// [`crate::template::language_candidates_in`]) over the workstream's templates: the configured
/// (approved) ones, and the Content templates that Twilio's approval chart lets through given the
/// window ([`crate::content::eligibility`]); the others are listed in `unavailable` with their
/// reasons. A language whose templates may none be sent now is skipped like a language without
/// templates.
fn template_permission(
    ws: &Workstream,
    window_open: bool,
    customer_language: Option<&str>,
    customer_number: Option<&E164>,
) -> Result<TemplatePermission> {
    use crate::template::Category;
    let tries = crate::template::language_candidates_in(
        customer_language,
        Some(&ws.language),
        &mut ws
            .templates
            .iter()
            .map(|t| t.language.as_str())
            .chain(ws.content_templates.iter().map(|t| t.language.as_str())),
    )
    .map_err(|e| match e.path() {
        Some("language") => e.at("customerLanguage"),
        Some("defaultLanguage") => e.at("workstream.language"),
        _ => e,
    })?;
    // Since 2025-04-01 Meta does not deliver marketing templates to US numbers (63049).
    let us = customer_number.is_some_and(crate::marketing::marketing_paused);
    let blocked = |c: Option<Category>| us && c == Some(Category::Marketing);
    let mut tried: Vec<String> = Vec::with_capacity(tries.len());
    let mut excluded: Vec<String> = Vec::new();
    let mut unavailable: Vec<UnavailableTemplate> = Vec::new();
    for (lang, _) in tries {
        let mut sids: Vec<String> = Vec::new();
        let mut excluded_here: Vec<String> = Vec::new();
        for t in ws.templates.iter().filter(|t| t.language == lang) {
            if blocked(t.category) {
                excluded_here.push(t.sid.clone());
            } else {
                sids.push(t.sid.clone());
            }
        }
        for t in ws.content_templates.iter().filter(|t| t.language == lang) {
            if blocked(t.approval.template_category()) {
                excluded_here.push(t.sid.clone());
                continue;
            }
            let e = crate::content::eligibility(t, window_open);
            if e.allowed {
                sids.push(t.sid.clone());
            } else {
                unavailable.push(UnavailableTemplate {
                    sid: t.sid.clone(),
                    name: t.name.clone(),
                    language: t.language.clone(),
                    reasons: e.reasons,
                });
            }
        }
        if !sids.is_empty() {
            return Ok(TemplatePermission {
                allowed: true,
                reasons: Vec::new(),
                language: Some(lang),
                template_sids: sids,
                excluded_sids: excluded_here,
                unavailable,
            });
        }
        excluded.extend(excluded_here);
        tried.push(lang);
    }
    let mut reasons = Vec::new();
    let langs = tried.join(", ");
    if ws.templates.is_empty() && ws.content_templates.is_empty() {
        reasons.push(Error::new(
            NO_TEMPLATES,
            format!("workstream `{}` has no approved templates", ws.id),
        ));
    }
    if !excluded.is_empty() {
        reasons.push(Error::new(
            MARKETING_TEMPLATES_NOT_DELIVERED,
            "the customer has a US number (+1, US area code): Meta does not deliver marketing templates to it (Twilio error 63049), and no other template is in their language or the default",
        ));
    }
    if !unavailable.is_empty() {
        reasons.push(Error::new(
            NO_TEMPLATE_SENDABLE,
            format!(
                "none of workstream `{}`'s templates in {langs} may be sent now (see `unavailable`)",
                ws.id
            ),
        ));
    }
    if reasons.is_empty() {
        reasons.push(Error::new(
            NO_TEMPLATE_FOR_LANGUAGE,
            format!("workstream `{}` has no template in {langs}", ws.id),
        ));
    }
    Ok(TemplatePermission {
        allowed: false,
        reasons,
        language: None,
        template_sids: Vec::new(),
        excluded_sids: excluded,
        unavailable,
    })
}

/// Input of `conversationState` (JS): `{ events, now?, workstream?, closingSoonMs?,
/// skewToleranceMs?, customerLanguage? }`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConversationInput {
    /// The events, in any order (at most 100,000).
    pub events: Vec<EventInput>,
    /// Defaults to the clock (`Date.now()` in JS).
    #[serde(default)]
    pub now: Option<Instant>,
    /// When given, the result has `actions` for an agent of this workstream.
    #[serde(default)]
    pub workstream: Option<Workstream>,
    /// As in `windowState`.
    #[serde(default)]
    pub closing_soon_ms: Option<i64>,
    /// As in `windowState`.
    #[serde(default)]
    pub skew_tolerance_ms: Option<i64>,
    /// The customer's locale (`pt_BR`, `pt-BR`, `es`), to pick templates.
    #[serde(default)]
    pub customer_language: Option<String>,
    /// The customer's number (E.164 or `whatsapp:+E164`): marketing templates are left out for
    /// US numbers (+1 with a US area code; US territories and unassigned area codes count as US),
    /// which Meta does not deliver them to (Twilio error 63049). Canada and the Caribbean keep
    /// them.
    #[serde(default)]
    pub customer_number: Option<String>,
}

/// A conversation's window state and, given a workstream, what its agents may send.
/// Serialises as the [`WindowState`] object plus `actions` (when present).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
pub struct ConversationState {
    /// The window state (its fields are the object's own).
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), serde(flatten))]
    pub window: WindowState,
    /// What an agent may send: present when a `workstream` was given.
    #[cfg_attr(all(target_arch = "wasm32", feature = "js-rules"), tsify(optional))]
    pub actions: Option<AllowedActions>,
}

// By hand rather than `#[serde(flatten)]`, which costs kilobytes of wasm.
impl Serialize for ConversationState {
    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let w = &self.window;
        let mut st = s.serialize_struct("ConversationState", 9)?;
        st.serialize_field("now", &format_instant(w.now))?;
        st.serialize_field("open", &w.open)?;
        st.serialize_field("openedAt", &w.opened_at.map(format_instant))?;
        st.serialize_field("lastInboundAt", &w.last_inbound_at.map(format_instant))?;
        st.serialize_field("closesAt", &w.closes_at.map(format_instant))?;
        st.serialize_field("remainingMs", &w.remaining_ms)?;
        st.serialize_field("closingSoon", &w.closing_soon)?;
        st.serialize_field("entryPoint", &w.entry_point)?;
        if let Some(a) = &self.actions {
            st.serialize_field("actions", a)?;
        }
        st.end()
    }
}

impl ConversationInput {
    /// Validates the input (errors carry paths such as `events[3].at`) and computes the state;
    /// `clock_ms` is used when `now` is absent. Limits, checked first: [`MAX_EVENTS`] events
    /// (`INPUT_TOO_LARGE` at `events`), [`crate::config::MAX_TEMPLATES`] templates in the
    /// workstream (`INPUT_TOO_LARGE` at `workstream.templates`).
    pub fn evaluate(&self, clock_ms: i64) -> Result<ConversationState> {
        if self.events.len() > MAX_EVENTS {
            return Err(Error::too_large("events", MAX_EVENTS, "events").at("events"));
        }
        if let Some(ws) = &self.workstream {
            check_workstream_size(ws)?;
        }
        let opts = Options::new(self.closing_soon_ms, self.skew_tolerance_ms)?;
        let now = resolve_now(self.now.as_ref(), clock_ms)?;
        let mut events = Vec::with_capacity(self.events.len());
        for (i, e) in self.events.iter().enumerate() {
            events.push(
                e.check()
                    .map_err(|err| err.under(&format!("events[{i}]")))?,
            );
        }
        let window = conversation_state(&events, now, &opts).map_err(|e| e.under("events"))?;
        // E.164 or `whatsapp:+…`, WhatsApp's own forms included (Mexico's `+521…`, judged by its
        // canonical number); a business-scoped user ID has no number to judge.
        let number = match self.customer_number.as_deref() {
            Some(n) if n.starts_with(crate::number::WHATSAPP_PREFIX) || n.starts_with('+') => {
                let bare = n.strip_prefix(crate::number::WHATSAPP_PREFIX).unwrap_or(n);
                match crate::customer::parse_whatsapp_number(bare) {
                    Ok((_, canonical)) => Some(canonical),
                    Err(_) if crate::customer::is_bsuid(bare) => None,
                    Err(_) if n.starts_with('+') => {
                        Some(crate::number::parse_e164(n).map_err(|e| e.at("customerNumber"))?)
                    }
                    Err(_) => Some(
                        crate::number::parse_whatsapp_address(n)
                            .map_err(|e| e.at("customerNumber"))?,
                    ),
                }
            }
            Some(n) if crate::customer::is_bsuid(n) => None,
            Some(n) => Some(crate::number::parse_e164(n).map_err(|e| e.at("customerNumber"))?),
            None => None,
        };
        let actions = match &self.workstream {
            Some(ws) => Some(allowed_actions(
                &window,
                ws,
                self.customer_language.as_deref(),
                number.as_ref(),
            )?),
            None => None,
        };
        Ok(ConversationState { window, actions })
    }
}
