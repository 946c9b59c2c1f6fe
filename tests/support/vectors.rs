//! The conformance vectors, driven the way RustCrypto drives its test vectors (`new_test!` over a
//! blob file): one macro turns a vector file and a per-vector check into a test that runs natively
//! and in wasm, names the failing vector, and fails on a file with no vectors; another keeps each
//! copy in `tests/vectors/` identical to `../shared/vectors/`. Included by each test crate with
//! `#[macro_use] #[path = "support/vectors.rs"] mod vectors;`.

#![allow(unused_macros)] // each test crate uses the macros it needs

/// `vectors!(test_name, TEXT, "/json/pointer", |vector, name| { … })`: a test running the block
/// on every item of the array at the pointer of the JSON `TEXT` (`name`: the item's `name` or
/// `rule`, else `#index`, for assertion messages). A top-level `count`, when the file has one, must
/// be the number of items.
macro_rules! vectors {
    ($test:ident, $text:expr, $pointer:literal, |$v:ident, $name:ident| $body:block) => {
        #[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
        fn $test() {
            let all: serde_json::Value =
                serde_json::from_str($text).expect("the vector file is JSON");
            let list = all
                .pointer($pointer)
                .and_then(serde_json::Value::as_array)
                .unwrap_or_else(|| panic!("no array of vectors at {}", $pointer));
            assert!(!list.is_empty(), "no vectors at {}", $pointer);
            if $pointer == "/vectors" {
                if let Some(count) = all.get("count").and_then(serde_json::Value::as_u64) {
                    assert_eq!(list.len() as u64, count, "the file's count");
                }
            }
            for (i, $v) in list.iter().enumerate() {
                let $name: String = ["name", "rule"]
                    .iter()
                    .find_map(|k| $v.get(*k).and_then(serde_json::Value::as_str))
                    .map_or_else(|| format!("{}#{i}", $pointer), str::to_string);
                $body
            }
        }
    };
}

/// `shared_copy!(test_name, TEXT, "file.json")`: `tests/vectors/<file>` (whose text is `TEXT`)
/// is byte for byte `../shared/vectors/<file>`, when that reference directory is present.
macro_rules! shared_copy {
    ($test:ident, $text:expr, $file:literal) => {
        #[cfg(not(target_arch = "wasm32"))]
        #[test]
        fn $test() {
            let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(concat!("../shared/vectors/", $file));
            if let Ok(text) = std::fs::read_to_string(&shared) {
                assert!(
                    text == $text,
                    concat!("tests/vectors/", $file, " differs from {:?}"),
                    shared
                );
            }
        }
    };
}
