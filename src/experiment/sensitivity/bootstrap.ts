import { streamKey, below } from '../../core/random.ts';

/** A 95 % interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) of the statistics
 * `statistic(rows)` computes from `n` sampling units: each resample draws n units with
 * replacement, by keyed draws of `seed` and `purpose`, so the intervals are the same on every run.
 * Returns one interval per statistic; NaN ends when there are no resamples.
 * @example bootstrapIntervals(ys.length, 1000, 1, 'mean', (rows) => [mean(rows.map((j) => ys[j]))])
 */
export function bootstrapIntervals(n: number, resamples: number, seed: number, purpose: string, statistic: (rows: Int32Array) => ArrayLike<number>, level = 0.95): Interval[] {
  const key = streamKey(seed, `sensitivity.bootstrap.${purpose}`);
  const rows = new Int32Array(n);
  let draws: Float64Array[] | undefined;
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) rows[j] = below(key, b, j, 0, n);
    const values = statistic(rows);
    draws ??= Array.from({ length: values.length }, () => new Float64Array(resamples));
    for (let s = 0; s < values.length; s++) draws[s][b] = values[s];
  }
  if (!draws) return Array.from({ length: statistic(identityRows(n)).length }, () => ({ low: NaN, high: NaN }));
  const tail = (1 - level) / 2;
  return draws.map((d) => {
    const finite = d.filter(Number.isFinite).sort();
    return finite.length ? { low: quantile(finite, tail), high: quantile(finite, 1 - tail) } : { low: NaN, high: NaN };
  });
}

/** The rows 0..n-1: the sample itself, for the point estimate. */
export function identityRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, j) => j);
}

/** The q-quantile of sorted values, interpolating between order statistics (R's type 7). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
