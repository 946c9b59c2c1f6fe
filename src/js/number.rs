//! JS bindings of [`crate::number`].
