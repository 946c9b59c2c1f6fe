//! WhatsApp's template language codes: Meta's list, as data in one place (refresh it here).
//!
//! Source: Meta, "Supported Languages" (WhatsApp Cloud API message templates),
//! <https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/>,
//! page dated **2026-05-21** (read 2026-12-07). Every code from "Afrikaans" to "Latvian" was
//! checked against the page; the codes after it (Lithuanian … Zulu) are those of the previous list,
//! which the page still shows as far as could be read (see README "Template languages" for what
//! could not be verified).

/// When Meta's page was last updated (the list below is that version).
pub const LANGUAGES_UPDATED: &str = "2026-05-21";
/// Where the list comes from.
pub const LANGUAGES_SOURCE: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/";

/// WhatsApp's template language codes, sorted (byte order) for binary search.
#[rustfmt::skip]
pub(crate) const LANGUAGES: [&str; 100] = [
    "af", "ar", "ar_AE", "ar_EG", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bg", "bn", "bn_IN",
    "ca", "cs", "da", "de", "de_AT", "de_CH", "el", "en", "en_AE", "en_AU", "en_CA", "en_GB",
    "en_GH", "en_IE", "en_IN", "en_JM", "en_MY", "en_NZ", "en_QA", "en_SG", "en_UG", "en_US",
    "en_ZA", "es", "es_AR", "es_ES", "es_MX", "et", "fa", "fi", "fil", "fr", "fr_BE", "fr_CA",
    "fr_CH", "fr_CI", "fr_MA", "ga", "gu", "ha", "he", "hi", "hr", "hu", "id", "it", "ja", "ka",
    "kk", "kn", "ko", "ky_KG", "lo", "lt", "lv", "mk", "ml", "mr", "ms", "nb", "nl", "nl_BE", "pa",
    "pl", "prs_AF", "pt_BR", "pt_PT", "ro", "ru", "rw_RW", "sk", "sl", "sq", "sr", "sv", "sw",
    "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zh_CN", "zh_HK", "zh_TW", "zu",
];
