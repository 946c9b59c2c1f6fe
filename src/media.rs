//! Media and attachments: WhatsApp's limits per media type and the workstream's permissions. Spec: `shared/spec/messages.md`.
