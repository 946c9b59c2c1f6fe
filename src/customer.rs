//! Who the customer is: WhatsApp's own number forms and business-scoped user IDs (issue 22).
//!
//! **WhatsApp's number forms.** WhatsApp (and Twilio, which passes them on) identifies some users
//! by a form of their number that differs from the E.164 number people dial:
//!
//! | country | WhatsApp sends | E.164 / other form | canonical key | source |
//! |---|---|---|---|---|
//! | Mexico (+52) | `+521` + 10 digits (13 digits; libphonenumber: too long) | `+52` + 10 digits | `+52` + 10 digits | Mexico dropped the mobile `1` in 2019 (IFT); WhatsApp IDs kept it; Twilio's inbound `From` is `whatsapp:+521…` |
//! | Argentina (+54) | `+549` + 10 digits (mobile `9`) | `+54` + 10 digits (the `9` left out) | `+549` + 10 digits | ENACOM numbering plan: international mobile numbers carry `9` after +54 |
//! | Brazil (+55) | `+55` + area code + 8 digits for some accounts made before the 9th digit (2012–2016) | `+55` + area code + `9` + 8 digits | with the `9` (8-digit numbers starting 6–9 are mobiles) | chatwoot issue #14048 / PR #14174 (2026); Anatel 9th-digit plan |
//!
//! Every form is **kept as received** (`number`): a reply goes to the address the customer wrote
//! from. [`canonical_number`] gives the key under which the forms are one customer (`canonical`).
//!
//! **Business-scoped user IDs.** During 2026 WhatsApp users may adopt usernames; Meta then
//! identifies them by a BSUID (`CC.` + up to 128 alphanumerics, `CC.ENT.…` for parent BSUIDs) and
//! may withhold the number. How Twilio carries it is not documented yet. Assumed here (and tested
//! with labelled hypothetical payloads): `From` is `whatsapp:<BSUID>` and `WaId` is absent or the
//! BSUID; a number still given in `WaId` is used as the customer's number. Nothing else is
//! assumed: unknown parameters stay in `extra`.

use crate::error::{Error, Result};
use crate::number::{self, E164, WHATSAPP_PREFIX};
use serde::Serialize;

/// The customer address is neither a WhatsApp number (E.164 or one of WhatsApp's forms) nor a
/// business-scoped user ID.
pub const CUSTOMER_ADDRESS_INVALID: &str = "CUSTOMER_ADDRESS_INVALID";
/// Longest BSUID body after `CC.` (Meta: up to 128 alphanumerics).
pub const MAX_BSUID_CHARS: usize = 128;

/// Who a customer is: their number (as received, and its canonical form) or their BSUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", feature = "js-rules"),
    derive(tsify::Tsify),
    tsify(missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The address as received (`whatsapp:+5215512345678`, `whatsapp:US.1349…`, `+5215512345678`).
    pub address: String,
    /// The number as received (`+5215512345678`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The business-scoped user ID (`US.13491208655302741918`), when the sender is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bsuid: Option<String>,
    /// The key under which the forms of one customer are equal: the canonical number
    /// (`+525512345678`) when the number is known, else the BSUID.
    pub canonical: String,
}

/// Whether `s` is a business-scoped user ID: two uppercase letters, `.`, optionally `ENT.`, then
/// 1–128 ASCII alphanumerics (`US.13491208655302741918`, `US.ENT.9f3a…`).
pub fn is_bsuid(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(cc), Some(b'.')) = (b.get(..2), b.get(2)) else {
        return false;
    };
    let body = s.get(3..).unwrap_or_default();
    let body = body.strip_prefix("ENT.").unwrap_or(body);
    cc.iter().all(u8::is_ascii_uppercase)
        && !body.is_empty()
        && body.len() <= MAX_BSUID_CHARS
        && body.bytes().all(|c| c.is_ascii_alphanumeric())
}

/// Parses a number as WhatsApp sends it (`+…`): a strict E.164 number, or Mexico's `+521` + 10
/// digits. Returns the number as received (its text) and its canonical form.
pub fn parse_whatsapp_number(s: &str) -> Result<(String, E164)> {
    match number::parse_e164(s) {
        Ok(n) => {
            let c = canonical_number(&n);
            Ok((n.as_str().to_string(), c))
        }
        Err(e) => {
            // Mexico: +52 1 + 10 digits. The strict parser says E164_TOO_LONG.
            let mx = s
                .strip_prefix("+521")
                .filter(|rest| rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()));
            match mx.map(|rest| number::parse_e164(&format!("+52{rest}"))) {
                Some(Ok(canonical)) => Ok((s.to_string(), canonical)),
                _ => Err(e),
            }
        }
    }
}

/// The canonical key of a number: Mexico without the mobile `1` (`+52` + 10 digits), Argentina
/// with the mobile `9` (`+549` + 10 digits), Brazil with the ninth digit for 8-digit mobiles
/// (`+55` + area code + `9` + 8 digits); every other number unchanged. Always a strict E.164.
pub fn canonical_number(n: &E164) -> E164 {
    let nat = n.national_number();
    let rebuilt = match n.country_code() {
        52 if nat.len() == 11 && nat.starts_with('1') => nat.get(1..).map(|r| format!("+52{r}")),
        54 if nat.len() == 10 && !nat.starts_with('9') => Some(format!("+549{nat}")),
        55 if nat.len() == 10 && nat.get(2..3).is_some_and(|d| ("6"..="9").contains(&d)) => nat
            .get(..2)
            .zip(nat.get(2..))
            .map(|(area, sub)| format!("+55{area}9{sub}")),
        _ => None,
    };
    rebuilt
        .and_then(|t| number::parse_e164(&t).ok())
        .unwrap_or_else(|| n.clone())
}

/// Reads a customer address: `whatsapp:+…` or `+…` (strict E.164 or one of WhatsApp's forms), or
/// `whatsapp:<BSUID>` / `<BSUID>`. Errors: `CUSTOMER_ADDRESS_INVALID`, or the `E164_*` code of a
/// number that is not one of the accepted forms (digits without `+`: `E164_MISSING_PLUS`);
/// `INPUT_TOO_LARGE` past 200 bytes.
pub fn parse_customer(address: &str) -> Result<Customer> {
    const MAX: usize = 200;
    if address.len() > MAX {
        return Err(Error::too_large("a customer address", MAX, "bytes"));
    }
    let bare = address.strip_prefix(WHATSAPP_PREFIX).unwrap_or(address);
    if bare.starts_with('+') {
        let (number, canonical) = parse_whatsapp_number(bare)?;
        return Ok(Customer {
            address: address.to_string(),
            number: Some(number),
            bsuid: None,
            canonical: canonical.as_str().to_string(),
        });
    }
    if is_bsuid(bare) {
        return Ok(Customer {
            address: address.to_string(),
            number: None,
            bsuid: Some(bare.to_string()),
            canonical: bare.to_string(),
        });
    }
    if bare.starts_with(|c: char| c.is_ascii_digit()) {
        // Digits without `+`: the strict parser's answer (E164_MISSING_PLUS and its hint).
        number::parse_e164(bare)?;
    }
    Err(Error::new(
        CUSTOMER_ADDRESS_INVALID,
        "a customer is whatsapp:+<number> or a business-scoped user ID (CC.<alphanumerics>)",
    ))
}

/// Whether two customer addresses (numbers in any of WhatsApp's forms, `whatsapp:` addresses,
/// BSUIDs) are the same customer: equal canonical keys. `+5215512345678` and
/// `whatsapp:+525512345678` are; a number and a BSUID never are (nothing links them).
///
/// ```
/// use wa_guard::customer::same_customer;
/// assert!(same_customer("+5215512345678", "whatsapp:+525512345678").unwrap());
/// assert!(same_customer("+541123456789", "+5491123456789").unwrap());
/// assert!(same_customer("+551187654321", "+5511987654321").unwrap());
/// assert!(!same_customer("+525512345678", "+525512345679").unwrap());
/// ```
pub fn same_customer(a: &str, b: &str) -> Result<bool> {
    let a = parse_customer(a).map_err(|e| e.at("a"))?;
    let b = parse_customer(b).map_err(|e| e.at("b"))?;
    Ok(a.canonical == b.canonical)
}
