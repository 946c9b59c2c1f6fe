//! Message bodies, inbound webhook parsing and validation, outbound composition. Spec: `shared/spec/messages.md`.
