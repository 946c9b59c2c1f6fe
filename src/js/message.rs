//! JS bindings of [`crate::message`].
