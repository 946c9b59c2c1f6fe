//! Twilio webhook signatures (`X-Twilio-Signature`): compute, verify, explain. Spec: `shared/spec/signature.md`.
