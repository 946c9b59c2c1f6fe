//! Twilio's WhatsApp sandbox (the shared number `+14155238886`): who has joined, and until when.
//!
//! What Twilio documents: a user joins by sending `join <keyword>` to the sandbox number; Twilio
//! handles that message itself; the session lasts **3 days**, after which the user must send the
//! keyword again; only joined users' messages reach the webhook; a send to someone who has not
//! joined fails with **63015**. What it does not document: whether the `join …` message itself
//! reaches the webhook (both are handled).
//!
//! So the evidence, newest first wins:
//! - a `join <keyword>` message seen by the webhook ([`SandboxEvidence::Join`]): a **known** join
//!   at that instant, valid 3 days;
//! - any other inbound message through the sandbox number ([`SandboxEvidence::Inbound`]): an
//!   **inferred** join — the user had joined at the latest then; the session ends at the latest 3
//!   days after the earliest such message since the last known join or refusal (the true join may
//!   be earlier, so this end is an upper bound, said as `inferred`);
//! - a 63015 answer from Twilio ([`SandboxEvidence::NotJoined`]): proof the user is not joined
//!   (any earlier join is void).

use crate::error::{Error, Result};
use serde::Serialize;

/// Sandbox sessions last 3 days after joining.
pub const SANDBOX_SESSION_MS: i64 = 3 * 24 * 60 * 60 * 1000;
/// At most this many evidence items are read (`INPUT_TOO_LARGE` past it).
pub const MAX_SANDBOX_EVIDENCE: usize = 10_000;

/// One piece of evidence about a user's sandbox session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxEvidence {
    /// The user's `join <keyword>` message reached the webhook at this instant (epoch ms).
    Join(i64),
    /// Another inbound message from the user through the sandbox number at this instant.
    Inbound(i64),
    /// Twilio answered 63015 (not joined) to a send to the user at this instant.
    NotJoined(i64),
}

/// Twilio's answer to a send to a user who has not joined the sandbox (or whose session ended).
pub const TWILIO_NOT_JOINED: u32 = 63015;

impl SandboxEvidence {
    /// What a message status says about the recipient's session: a send that failed with Twilio
    /// 63015 proves "not joined" at that instant; any other status says nothing (`None`).
    pub fn from_status(error_code: Option<u32>, at: i64) -> Option<SandboxEvidence> {
        (error_code == Some(TWILIO_NOT_JOINED)).then_some(SandboxEvidence::NotJoined(at))
    }

    fn at(self) -> i64 {
        match self {
            SandboxEvidence::Join(t)
            | SandboxEvidence::Inbound(t)
            | SandboxEvidence::NotJoined(t) => t,
        }
    }
}

/// What is known about a user's sandbox session at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct SandboxState {
    /// Sends may go out: a join known or inferred, not expired, not refuted by a later 63015.
    pub joined: bool,
    /// The join is inferred from inbound messages (no `join` message was seen).
    pub inferred: bool,
    /// The known join's instant, or the earliest inbound message the inferred join rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<i64>,
    /// When the session ends (an upper bound when inferred).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The last 63015 answer, when it is the newest evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_joined_at: Option<i64>,
}

/// Whether an inbound body is the sandbox's join command (`join <keyword>`, any case, the
/// keyword two words joined by a hyphen in Twilio's sandbox, e.g. `join sun-river`).
pub fn is_join_message(body: &str) -> bool {
    let mut words = body.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(j), Some(k), None) if j.eq_ignore_ascii_case("join")
            && !k.is_empty()
            && k.chars().all(|c| c.is_alphanumeric() || c == '-')
    )
}

/// The sandbox session at `now` from the evidence, in any order. Errors: `INPUT_TOO_LARGE` past
/// [`MAX_SANDBOX_EVIDENCE`].
pub fn sandbox_state(evidence: &[SandboxEvidence], now: i64) -> Result<SandboxState> {
    if evidence.len() > MAX_SANDBOX_EVIDENCE {
        return Err(Error::too_large(
            "sandbox evidence",
            MAX_SANDBOX_EVIDENCE,
            "items",
        ));
    }
    let mut items: Vec<SandboxEvidence> =
        evidence.iter().copied().filter(|e| e.at() <= now).collect();
    // At one instant: a refusal after a message (the send followed it).
    let rank = |e: &SandboxEvidence| match e {
        SandboxEvidence::Join(_) => 0u8,
        SandboxEvidence::Inbound(_) => 1,
        SandboxEvidence::NotJoined(_) => 2,
    };
    crate::util::heap_sort(&mut items, &|a, b| (a.at(), rank(a)) < (b.at(), rank(b)));
    let mut st = SandboxState {
        joined: false,
        inferred: false,
        joined_at: None,
        expires_at: None,
        not_joined_at: None,
    };
    for e in items {
        match e {
            SandboxEvidence::Join(t) => {
                st = SandboxState {
                    joined: true,
                    inferred: false,
                    joined_at: Some(t),
                    expires_at: Some(t.saturating_add(SANDBOX_SESSION_MS)),
                    not_joined_at: None,
                };
            }
            SandboxEvidence::Inbound(t) => {
                // Still inside the current session: nothing new is learnt.
                if st.expires_at.is_some_and(|x| t < x) {
                    continue;
                }
                st = SandboxState {
                    joined: true,
                    inferred: true,
                    joined_at: Some(t),
                    expires_at: Some(t.saturating_add(SANDBOX_SESSION_MS)),
                    not_joined_at: None,
                };
            }
            SandboxEvidence::NotJoined(t) => {
                st = SandboxState {
                    joined: false,
                    inferred: false,
                    joined_at: None,
                    expires_at: None,
                    not_joined_at: Some(t),
                };
            }
        }
    }
    if st.expires_at.is_some_and(|x| now >= x) {
        st.joined = false;
    }
    Ok(st)
}
