//! WhatsApp's template language codes: Meta's list, as data in one place (refresh it here).
//!
//! Source: Meta, "Supported Languages" (WhatsApp Cloud API message templates),
//! <https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/>,
//! page dated **2026-05-21** (read 2026-12-07). "Afrikaans" to "Latvian" was checked against the
//! page itself; "Lithuanian" to "Zulu" against two independent copies of the same page's list
//! (a zod schema of WhatsApp template languages and an integration's `language_code` enum, both
//! citing the page), which agree with each other and with the page's first half, order included.
//! Added by that half: `ps_AF` (Pashto), `si_LK` (Sinhala) and nine regional Spanish codes
//! (`es_CL`, `es_CO`, `es_CR`, `es_DO`, `es_EC`, `es_HN`, `es_PA`, `es_PE`, `es_UY`).

/// When Meta's page was last updated (the list below is that version).
pub const LANGUAGES_UPDATED: &str = "2026-05-21";
/// Where the list comes from.
pub const LANGUAGES_SOURCE: &str =
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/";

/// WhatsApp's template language codes, sorted (byte order) for binary search.
#[rustfmt::skip]
pub(crate) const LANGUAGES: [&str; 111] = [
    "af", "ar", "ar_AE", "ar_EG", "ar_LB", "ar_MA", "ar_QA", "az", "be_BY", "bg", "bn", "bn_IN",
    "ca", "cs", "da", "de", "de_AT", "de_CH", "el", "en", "en_AE", "en_AU", "en_CA", "en_GB",
    "en_GH", "en_IE", "en_IN", "en_JM", "en_MY", "en_NZ", "en_QA", "en_SG", "en_UG", "en_US",
    "en_ZA", "es", "es_AR", "es_CL", "es_CO", "es_CR", "es_DO", "es_EC", "es_ES", "es_HN", "es_MX",
    "es_PA", "es_PE", "es_UY", "et", "fa", "fi", "fil", "fr", "fr_BE", "fr_CA", "fr_CH", "fr_CI",
    "fr_MA", "ga", "gu", "ha", "he", "hi", "hr", "hu", "id", "it", "ja", "ka", "kk", "kn", "ko",
    "ky_KG", "lo", "lt", "lv", "mk", "ml", "mr", "ms", "nb", "nl", "nl_BE", "pa", "pl", "prs_AF",
    "ps_AF", "pt_BR", "pt_PT", "ro", "ru", "rw_RW", "si_LK", "sk", "sl", "sq", "sr", "sv", "sw",
    "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zh_CN", "zh_HK", "zh_TW", "zu",
];
