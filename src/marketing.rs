//! Which recipients Meta's pause on marketing templates covers (Twilio error 63049).
//!
//! Since 2025-04-01 Meta does not deliver marketing templates to WhatsApp users with a **United
//! States** number: a +1 number with a US area code (`shared/spec/changes-2026.md` item 2). Canada
//! and the Caribbean countries share +1 and are not paused: the number's region comes from its
//! area code ([`crate::number::E164::region`], generated from libphonenumber's metadata).
//!
//! Decided here (the sources do not name them): the US territories with their own NANP area codes
//! (Puerto Rico 787/939, US Virgin Islands 340, Guam 671, Northern Mariana Islands 670, American
//! Samoa 684) are **paused** like the states: their numbers are US numbers (FCC-administered,
//! domestic rates), and wrongly sending costs a failed message (63049) while wrongly holding back
//! only hides a template the agent can replace by a utility one. A +1 number whose area code no
//! region has numbers with (unassigned in the data, e.g. a brand-new overlay) is also treated as
//! paused, for the same reason: most new +1 area codes are US overlays.

use crate::number::E164;

/// Regions whose numbers Meta's US marketing pause covers: the United States and its territories
/// with NANP area codes (see the module documentation for the decision on the territories).
pub const MARKETING_PAUSED_REGIONS: [&str; 6] = ["US", "PR", "VI", "GU", "MP", "AS"];

/// Whether Meta's pause on marketing templates (Twilio 63049) covers this recipient: a +1 number
/// of a region in [`MARKETING_PAUSED_REGIONS`], or a +1 number whose region the data does not
/// decide. Every other number, Canadian and Caribbean +1 numbers included, is not paused.
///
/// ```
/// use wa_guard::{marketing::marketing_paused, number::parse_e164};
/// let paused = |n| marketing_paused(&parse_e164(n).unwrap());
/// assert!(paused("+12125550123")); // New York
/// assert!(!paused("+14165550123")); // Toronto
/// assert!(!paused("+18765550123")); // Jamaica
/// assert!(paused("+17875550123")); // Puerto Rico
/// assert!(!paused("+447400123456"));
/// ```
pub fn marketing_paused(number: &E164) -> bool {
    number.country_code() == 1
        && number
            .region()
            .map_or(true, |r| MARKETING_PAUSED_REGIONS.contains(&r))
}
