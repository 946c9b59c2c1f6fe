// Small measurement helpers shared by the benchmark sections (no dependencies).
import { performance } from "node:perf_hooks";

export const QUICK = process.env.BENCH_QUICK === "1";

/**
 * Measures `fn` (synchronous) and returns { opsPerSec, nsPerOp, rounds }: the batch size is
 * calibrated, then `rounds` timed batches are run and the best rate is kept (robust against a
 * noisy shared machine; the median is returned too).
 */
export function measure(fn, { rounds = QUICK ? 5 : 25, batchMs = QUICK ? 5 : 20 } = {}) {
  // Warm-up (time-based): let V8's JIT and the wasm tier-up (Liftoff → TurboFan) settle.
  const w0 = performance.now();
  while (performance.now() - w0 < (QUICK ? 30 : 150)) for (let i = 0; i < 10; i++) fn();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= batchMs / 2 || n >= 1 << 24) {
      n = Math.max(1, Math.round((n * batchMs) / Math.max(dt, 0.001)));
      break;
    }
    n *= 2;
  }
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    rates.push((n * 1000) / dt);
  }
  const opsPerSec = Math.max(...rates); // best round (see measureTogether)
  return { opsPerSec, nsPerOp: 1e9 / opsPerSec, medianOpsPerSec: median(rates), rounds, batch: n };
}

/**
 * Measures several functions in interleaved rounds (A, B, C, A, B, C, …) so that load changes on
 * a shared machine hit them alike: ratios stay meaningful when absolute figures drift. Returns one
 * { opsPerSec, nsPerOp, medianOpsPerSec } per function (opsPerSec: the best round).
 */
export function measureTogether(fns, { rounds = QUICK ? 7 : 41, batchMs = QUICK ? 5 : 10 } = {}) {
  const batches = fns.map((fn) => {
    const w0 = performance.now();
    while (performance.now() - w0 < (QUICK ? 30 : 150)) for (let i = 0; i < 10; i++) fn();
    let n = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      const dt = performance.now() - t0;
      if (dt >= batchMs / 2 || n >= 1 << 24) return Math.max(1, Math.round((n * batchMs) / Math.max(dt, 0.001)));
      n *= 2;
    }
  });
  const rates = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const n = batches[k];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      rates[k].push((n * 1000) / (performance.now() - t0));
    });
  }
  // Best round, not median: on a shared machine, other processes only ever slow a round down, so
  // the fastest round is the closest to the code's own speed (as `timeit` advises).
  return rates.map((rs) => {
    const opsPerSec = Math.max(...rs);
    return { opsPerSec, nsPerOp: 1e9 / opsPerSec, medianOpsPerSec: median(rs), rounds };
  });
}

/** Times one call of `fn` in milliseconds (median of `times` fresh calls). */
export function timeOnce(fn, times = QUICK ? 3 : 7) {
  const ts = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt(x, digits = 0) {
  if (x === undefined || x === null || Number.isNaN(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
