//! JS bindings of [`crate::media`].
