//! JS bindings of [`crate::signature`].
