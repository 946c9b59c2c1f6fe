//! JS bindings of [`crate::config`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CONFIG: &str = r#"
/** Meta's template categories. */
export type TemplateCategory = "marketing" | "utility" | "authentication";

/** A registered template: one Content SID, one language, the approved text with `{{1}}` placeholders. */
export interface Template {
  /** Content SID: `HX` + 32 hex. */
  sid: string;
  name: string;
  /** WhatsApp template language code (`en`, `pt_BR`, …). */
  language: string;
  body: string;
  category?: TemplateCategory;
}

/** The Twilio account. Tokens may be left out and supplied by the environment (a secret binding). */
export interface Account {
  /** `AC` + 32 hex. */
  accountSid: string;
  /** 32 hex. Never shown by `redactConfig` nor in errors. */
  authToken?: string;
  /** During token rotation. */
  secondaryAuthToken?: string;
}

/** Per-number settings, changeable later with `updateNumberSettings`. */
export interface NumberSettings {
  /** Default true. */
  enabled?: boolean;
  /** Messaging Service (`MG` + 32 hex) to send from. */
  messagingServiceSid?: string;
  /** Default true. */
  statusCallbacks?: boolean;
}

/** A WhatsApp sender. */
export interface WhatsAppNumber {
  name: string;
  /** E.164 with the leading `+`. */
  number: string;
  settings?: NumberSettings;
}

/** "File attachments" on/off; when on, who may send them. */
export interface AttachmentSettings {
  enabled?: boolean;
  customersMaySend?: boolean;
  agentsMaySend?: boolean;
}

export interface AutomatedMessages {
  /** Reply to a customer whose attachment was refused. */
  attachmentRefused?: string;
}

/** A routing unit: one number, one default language, attachment settings, templates. */
export interface Workstream {
  id: string;
  name: string;
  /** One of the config's `numbers[].number`. */
  number: string;
  /** Default WhatsApp template language code. */
  language: string;
  attachments?: AttachmentSettings;
  templates?: Template[];
  automatedMessages?: AutomatedMessages;
}

/** Twilio's shared WhatsApp sandbox (number +14155238886). */
export interface Sandbox {
  enabled: boolean;
  /** Users send `join <joinKeyword>`. */
  joinKeyword?: string;
}

/** The channel configuration, JSON form version 1. */
export interface Config {
  version: 1;
  account: Account;
  /** Public base URL of the edge worker; the inbound callback URL is derived from it. */
  callbackBaseUrl?: string;
  numbers?: WhatsAppNumber[];
  workstreams?: Workstream[];
  sandbox?: Sandbox;
}
"#;
