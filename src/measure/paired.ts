import { inverseNormal } from '../core/random.ts';

/** Student's t quantile (Cornish-Fisher expansion; exact for 1 and 2 degrees of freedom). */
export function tQuantile(p: number, df: number): number {
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = inverseNormal(p);
  const z3 = z ** 3,
    z5 = z ** 5,
    z7 = z ** 7,
    z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** A paired comparison of one metric over replications run with common random numbers. */
export interface PairedEffect {
  n: number;
  meanA: number;
  meanB: number;
  /** mean of B - A */
  diff: number;
  sdDiff: number;
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  /** paired effect size d_z: the mean difference over the sd of the differences */
  effectSize: number;
  /** 1 - var(B - A) / (var(A) + var(B)): the share of the variance of an unpaired difference that pairing removed */
  varianceReduction: number;
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const variance = (x: number[]) => {
  const m = mean(x);
  return x.length > 1 ? x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) : NaN;
};

/**
 * Mean difference B - A with a two-sided confidence interval from the paired differences.
 * @example paired([10, 12, 11], [13, 15, 15]).diff  // 3.33...
 */
export function paired(a: number[], b: number[], level = 0.95): PairedEffect {
  const n = Math.min(a.length, b.length);
  const d = Array.from({ length: n }, (_, i) => b[i] - a[i]);
  const diff = mean(d);
  const sdDiff = Math.sqrt(variance(d));
  const halfWidth = n > 1 ? (tQuantile(1 - (1 - level) / 2, n - 1) * sdDiff) / Math.sqrt(n) : NaN;
  const unpaired = variance(a) + variance(b);
  const varDiff = variance(d);
  return {
    n,
    meanA: mean(a),
    meanB: mean(b),
    diff,
    sdDiff,
    ciLow: diff - halfWidth,
    ciHigh: diff + halfWidth,
    halfWidth,
    effectSize: sdDiff > 0 ? diff / sdDiff : diff === 0 ? 0 : Math.sign(diff) * Infinity,
    varianceReduction: unpaired > 0 ? 1 - varDiff / unpaired : NaN,
  };
}
