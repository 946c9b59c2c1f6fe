//! Where a Content template may be sent: Twilio's approval-requirements chart
//! (`shared/spec/content-api.md`, "What may be sent when").

use super::json::Json;
use super::{
    placeholders, ContentTemplate, ContentType, CONTENT_TYPE_UNKNOWN, STATUSES,
    TEMPLATE_APPROVAL_REQUIRED, TEMPLATE_DISABLED, TEMPLATE_NOT_APPROVED, TEMPLATE_PAUSED,
    TEMPLATE_SESSION_ONLY,
};
use serde::Serialize;

/// Why a template may not be sent now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    /// `TEMPLATE_NOT_APPROVED`, `TEMPLATE_SESSION_ONLY`, `TEMPLATE_APPROVAL_REQUIRED`,
    /// `TEMPLATE_PAUSED`, `TEMPLATE_DISABLED` or `CONTENT_TYPE_UNKNOWN`.
    #[cfg_attr(
        all(target_arch = "wasm32", feature = "js-rules"),
        tsify(
            type = "\"TEMPLATE_NOT_APPROVED\" | \"TEMPLATE_SESSION_ONLY\" | \"TEMPLATE_APPROVAL_REQUIRED\" | \"TEMPLATE_PAUSED\" | \"TEMPLATE_DISABLED\" | \"CONTENT_TYPE_UNKNOWN\""
        )
    )]
    pub code: &'static str,
    /// What to tell the agent.
    pub message: String,
    /// The Twilio error the send would fail with, where one is documented (63016), else null.
    pub twilio_error: Option<u32>,
}

/// May the template be sent now, and if not, every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
pub struct Eligibility {
    /// The template may be sent now.
    pub allowed: bool,
    /// Every reason it may not; empty when allowed.
    pub reasons: Vec<Reason>,
}

impl Eligibility {
    /// The JSON the bindings return: `{"allowed":…,"reasons":[{"code","message","twilioError"}]}`
    /// (written by hand: a hot path, `templateEligibility` runs per template and per send).
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(32 + 200 * self.reasons.len());
        out.push_str(if self.allowed {
            "{\"allowed\":true,\"reasons\":["
        } else {
            "{\"allowed\":false,\"reasons\":["
        });
        for (i, r) in self.reasons.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"code\":");
            super::json::write_str(&mut out, r.code);
            out.push_str(",\"message\":");
            super::json::write_str(&mut out, &r.message);
            out.push_str(",\"twilioError\":");
            match r.twilio_error {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        out.push_str("]}");
        out
    }
}

/// The buttons of a definition, as far as the chart cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionSummary {
    /// Buttons (`actions` entries).
    pub count: usize,
    /// `URL` buttons.
    pub urls: usize,
    /// `PHONE_NUMBER` buttons.
    pub phones: usize,
    /// Distinct button kinds (a quick-reply's buttons, which have no `type`, are one kind).
    pub kinds: usize,
    /// Whether a button's title holds a placeholder.
    pub title_vars: bool,
}

impl ActionSummary {
    /// The summary of a type's definition (its `actions` array; none = all zero).
    pub fn of(def: Option<&Json>) -> ActionSummary {
        def.and_then(|d| d.get("actions"))
            .map_or_else(ActionSummary::default, ActionSummary::of_actions)
    }

    /// The summary of an `actions` array (anything else: all zero).
    pub fn of_actions(actions: &Json) -> ActionSummary {
        let mut s = ActionSummary::default();
        let Json::Array(a) = actions else {
            return s;
        };
        let mut kinds: Vec<&str> = Vec::new();
        for b in a {
            s.add(
                &mut kinds,
                b.get("type").and_then(Json::as_str).unwrap_or(""),
                b.get("title").and_then(Json::as_str),
            );
        }
        s
    }

    /// Counts one button of kind `kind` (its `type`, `""` when it has none) with its `title`;
    /// `kinds` holds the kinds seen so far. Kinds compare in any case (Twilio writes them in
    /// uppercase; a `url` button is still a URL button, never a way around the chart).
    pub fn add<'a>(&mut self, kinds: &mut Vec<&'a str>, kind: &'a str, title: Option<&str>) {
        self.count += 1;
        if kind.eq_ignore_ascii_case("URL") {
            self.urls += 1;
        } else if kind.eq_ignore_ascii_case("PHONE_NUMBER") || kind.eq_ignore_ascii_case("PHONE") {
            self.phones += 1;
        }
        if !kinds.iter().any(|k| k.eq_ignore_ascii_case(kind)) {
            kinds.push(kind);
        }
        self.kinds = kinds.len();
        if title.is_some_and(|t| !placeholders(t).is_empty()) {
            self.title_vars = true;
        }
    }
}

fn reason(code: &'static str, message: String, twilio_error: Option<u32>) -> Reason {
    Reason {
        code,
        message,
        twilio_error,
    }
}

/// [`eligibility_of`] a parsed template.
pub fn eligibility(t: &ContentTemplate, window_open: bool) -> Eligibility {
    eligibility_of(
        &t.content_type,
        &t.approval.status,
        &ActionSummary::of(t.definition()),
        window_open,
    )
}

/// Applies the approval chart to the type WhatsApp receives (`content_type`), the approval
/// `status` (lowercase) and its buttons, with the customer service window open or closed.
///
/// | type | inside the window | outside |
/// |---|---|---|
/// | text, media, quick-reply, catalog | yes (an unapproved quick-reply: ≤ 3 buttons) | approved only (`TEMPLATE_NOT_APPROVED`) |
/// | location, list-picker, pay | yes | never (`TEMPLATE_SESSION_ONLY`) |
/// | call-to-action, card, whatsapp/card | unapproved only with ≤ 3 buttons of one kind, ≤ 1 URL, no phone (`TEMPLATE_APPROVAL_REQUIRED`) | approved only |
/// | carousel, flows, whatsapp/authentication | approved only (`TEMPLATE_APPROVAL_REQUIRED`) | approved only |
///
/// Whatever the type, `paused` (`TEMPLATE_PAUSED`) and `disabled` (`TEMPLATE_DISABLED`) are
/// never sent; an unknown type (`CONTENT_TYPE_UNKNOWN`) or status is refused everywhere; a
/// quick-reply whose button titles hold placeholders is session-only. Every reason is listed;
/// `twilioError` is 63016 where Twilio documents it (business-initiated sends).
pub fn eligibility_of(
    content_type: &str,
    status: &str,
    actions: &ActionSummary,
    window_open: bool,
) -> Eligibility {
    let mut reasons = Vec::new();
    let closed_err = (!window_open).then_some(63016);
    match status {
        "paused" => reasons.push(reason(
            TEMPLATE_PAUSED,
            "WhatsApp paused this template after recurring negative feedback: it cannot be sent to anyone (Meta error 132015)".into(),
            None,
        )),
        "disabled" => reasons.push(reason(
            TEMPLATE_DISABLED,
            "WhatsApp disabled this template: it cannot be sent to anyone (Meta error 132016)".into(),
            None,
        )),
        _ => {}
    }
    if !STATUSES.contains(&status) {
        reasons.push(reason(
            TEMPLATE_NOT_APPROVED,
            format!("unknown approval status \"{status}\": refused until it is known"),
            closed_err,
        ));
    }
    let approved = status == "approved";
    let not_approved = |reasons: &mut Vec<Reason>| {
        if !approved && !window_open && STATUSES.contains(&status) {
            reasons.push(reason(
                TEMPLATE_NOT_APPROVED,
                format!("the window is closed and the template is {status}, not approved: only an approved template can open a conversation"),
                Some(63016),
            ));
        }
    };
    let Some(t) = ContentType::parse(content_type) else {
        reasons.push(reason(
            CONTENT_TYPE_UNKNOWN,
            format!("unknown content type \"{content_type}\": refused, since wa-guard cannot tell what WhatsApp would receive"),
            None,
        ));
        return Eligibility {
            allowed: false,
            reasons,
        };
    };
    let name = t.as_str();
    match t {
        ContentType::Text | ContentType::Media | ContentType::QuickReply | ContentType::Catalog => {
            not_approved(&mut reasons);
            if t == ContentType::QuickReply {
                if !approved && window_open && actions.count > 3 {
                    reasons.push(reason(
                        TEMPLATE_APPROVAL_REQUIRED,
                        format!(
                            "an unapproved quick-reply may have at most 3 buttons, this one has {}",
                            actions.count
                        ),
                        None,
                    ));
                }
                if actions.title_vars && !window_open {
                    reasons.push(reason(
                        TEMPLATE_SESSION_ONLY,
                        "a quick-reply with placeholders in its button titles can only be sent inside the window".into(),
                        Some(63016),
                    ));
                }
            }
        }
        ContentType::Location | ContentType::ListPicker | ContentType::Pay => {
            if !window_open {
                reasons.push(reason(
                    TEMPLATE_SESSION_ONLY,
                    format!("{name} can only be sent inside the 24-hour window, never to open a conversation"),
                    Some(63016),
                ));
            }
        }
        ContentType::CallToAction | ContentType::Card | ContentType::WhatsAppCard => {
            if !approved {
                let simple = actions.count <= 3
                    && actions.kinds <= 1
                    && actions.urls <= 1
                    && actions.phones == 0;
                if simple {
                    not_approved(&mut reasons);
                } else if STATUSES.contains(&status) {
                    reasons.push(reason(
                        TEMPLATE_APPROVAL_REQUIRED,
                        format!("{name} without approval may have at most 3 buttons, all of one kind, at most one URL and no phone number; this one needs approval"),
                        closed_err,
                    ));
                }
            }
        }
        ContentType::Carousel | ContentType::Flows | ContentType::WhatsAppAuthentication => {
            if !approved && STATUSES.contains(&status) {
                reasons.push(reason(
                    TEMPLATE_APPROVAL_REQUIRED,
                    format!("{name} can only be sent once WhatsApp approved it (it is {status})"),
                    closed_err,
                ));
            }
        }
    }
    Eligibility {
        allowed: reasons.is_empty(),
        reasons,
    }
}
