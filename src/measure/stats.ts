import { sortFloat32 } from '../core/sort.ts';

/** Summary of a distribution: exact mean and sd; quantiles and Gini from a fine histogram. */
export interface Summary {
  mean: number;
  sd: number;
  p10: number;
  p50: number;
  p90: number;
  gini: number;
}

/**
 * Summarise values known to lie in [lo, hi] in one pass, with `bins` histogram bins (so quantiles
 * are exact to (hi - lo) / bins). Gini is computed on values shifted so that lo maps to 0 when lo
 * is negative.
 */
export function summarizeBounded(values: ArrayLike<number>, lo: number, hi: number, bins = 4096): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, p10: NaN, p50: NaN, p90: NaN, gini: NaN };
  const width = (hi - lo) / bins || 1;
  const hist = new Float64Array(bins + 1);
  let sum = 0,
    sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    sumSq += v * v;
    hist[Math.min(bins, Math.max(0, Math.floor((v - lo) / width)))]++;
  }
  const mean = sum / n;
  const q = (p: number) => {
    const target = p * n;
    let acc = 0;
    for (let b = 0; b <= bins; b++) {
      acc += hist[b];
      if (acc >= target) return lo + (b + 0.5) * width;
    }
    return hi;
  };
  const shift = lo < 0 ? -lo : 0;
  // Gini = sum_i (2 rank_i - n - 1) x_i / (n sum x), ranks 1..n in ascending order
  let rank = 0,
    weighted = 0,
    total = 0;
  for (let b = 0; b <= bins; b++) {
    const c = hist[b];
    if (c === 0) continue;
    const x = Math.min(hi, lo + (b + 0.5) * width) + shift;
    const rankSum = c * rank + (c * (c + 1)) / 2;
    weighted += x * (2 * rankSum - c * (n + 1));
    total += x * c;
    rank += c;
  }
  return { mean, sd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), p10: q(0.1), p50: q(0.5), p90: q(0.9), gini: total > 0 ? weighted / (n * total) : 0 };
}

/** How many of 0 .. n-1 pass the test. */
export function countWhere(n: number, test: (i: number) => boolean): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (test(i)) k++;
  return k;
}

/** Exact Gini of non-negative values (sorts a copy, unless they come `sorted` already). */
export function gini(values: ArrayLike<number>, sorted = false): number {
  // single-precision values sort by their bits (core/sort.ts), to the same order
  const ordered = sorted ? values : values instanceof Float32Array ? sortFloat32(Float32Array.from(values)) : Float64Array.from(values).sort();
  const n = ordered.length;
  let weighted = 0,
    total = 0;
  for (let i = 0; i < n; i++) {
    weighted += (2 * (i + 1) - n - 1) * ordered[i];
    total += ordered[i];
  }
  return n === 0 || total === 0 ? 0 : weighted / (n * total);
}
