//! E.164 numbers and WhatsApp addresses (`whatsapp:+E164`). Spec: `shared/spec/messages.md`.
