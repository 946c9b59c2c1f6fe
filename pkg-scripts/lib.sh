# The wasm build flags in one place, sourced by pkg-scripts/build and pkg-scripts/bench and called by
# pkg-scripts/size-marginals (`bash pkg-scripts/lib.sh <function> <args…>`), so every .wasm that is
# shipped, measured or compared is made the same way. Paths are relative to the repository root.
# (The Cargo release profile — opt-level "s", LTO, one codegen unit, panic=abort — is in Cargo.toml.)

# cargo → the raw module target/wasm32-unknown-unknown/release/wa_guard.wasm (extra args: features).
wasm_cargo() { cargo build --quiet --release --target wasm32-unknown-unknown --lib "$@"; }

# wasm-bindgen with the names and producers removed (extra args: --target, --out-dir, input).
wasm_bindgen_stripped() { wasm-bindgen --remove-name-section --remove-producers-section "$@"; }

# wasm-opt from the npm package binaryen (never Debian's: its modules fail to load), with the
# features Rust's wasm32 target emits (SIMD: `target-feature=+simd128` in .cargo/config.toml, for
# sha2's SIMD SHA-256). `wasm_opt in.wasm -o out.wasm [-g]`.
WASM_OPT_FLAGS=(-Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm_opt() { node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" "$@"; }

# Called as a script: run one of the functions above.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  "$@"
fi
