//! JS bindings of [`crate::config`].
