//! JS bindings of [`crate::template`].
