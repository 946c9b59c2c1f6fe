// The built package as JS tests see it: the Node ESM entry of pkg/ (run pkg-scripts/build first).
export * from "../../pkg/node/wa_guard.js";
