//! JS bindings of [`crate::window`].
