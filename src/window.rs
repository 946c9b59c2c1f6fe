//! The customer service window (24-hour session rule) and the free entry point window. Spec: `shared/spec/window.md`.
