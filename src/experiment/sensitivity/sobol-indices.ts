import { bootstrapIntervals, identityRows, type Interval } from './bootstrap.ts';

/** A factor's variance-based indices with their 95 % bootstrap intervals. */
export interface SobolIndex {
  /** first-order index S_i: the share of the variance the factor explains alone */
  first: number;
  firstCi: Interval;
  /** total index ST_i: the share left unexplained if every factor but i were known (its effect with all its interactions) */
  total: number;
  totalCi: Interval;
}

/** Outputs of a Saltelli design, `y[point]` in the layout of `saltelliDesign`: the base samples with a NaN anywhere are left out. */
export interface SobolIndices {
  factors: SobolIndex[];
  /** V(Y), over the outputs of A and B */
  variance: number;
  /** base samples used (those without a NaN output) */
  samples: number;
}

/**
 * First-order indices by Saltelli et al. (2010, table 2 (b)),
 * S_i = (1/N) Σ_j f(B)_j (f(A_B^i)_j − f(A)_j) / V(Y), and total indices by Jansen (1999),
 * ST_i = (1/2N) Σ_j (f(A)_j − f(A_B^i)_j)² / V(Y), with V(Y) the variance of f(A) and f(B)
 * together. Intervals: a percentile bootstrap over the base samples (`bootstrapIntervals`).
 * An inert factor (f(A_B^i) = f(A) at every sample) gets exactly 0 for both.
 * @example sobolIndices(saltelliDesign(1024, 3) mapped through f, 3, { resamples: 1000, seed: 1 })
 */
export function sobolIndices(y: ArrayLike<number>, k: number, options: { resamples: number; seed: number; purpose?: string }): SobolIndices {
  const width = k + 2;
  const all = Math.floor(y.length / width);
  const kept: number[] = [];
  for (let j = 0; j < all; j++) {
    let ok = true;
    for (let r = 0; r < width; r++) if (!Number.isFinite(y[j * width + r])) ok = false;
    if (ok) kept.push(j);
  }
  const n = kept.length;
  // centred on the mean of A and B: the estimators' expectations are unchanged, their error is not
  // inflated by a large mean (Saltelli et al. 2010 standardise the outputs for the same reason)
  let centre = 0;
  for (const j of kept) centre += (y[j * width] + y[j * width + k + 1]) / (2 * n);
  const at = (j: number, role: number) => y[kept[j] * width + role] - centre;
  const estimate = (rows: Int32Array) => {
    let sum = 0,
      sumSq = 0;
    for (const j of rows) {
      const a = at(j, 0),
        b = at(j, k + 1);
      sum += a + b;
      sumSq += a * a + b * b;
    }
    const mean = sum / (2 * n);
    const variance = sumSq / (2 * n) - mean * mean;
    const out = new Float64Array(2 * k + 1);
    for (let i = 0; i < k; i++) {
      let first = 0,
        total = 0;
      for (const j of rows) {
        const a = at(j, 0),
          b = at(j, k + 1),
          ab = at(j, 1 + i);
        first += b * (ab - a);
        total += (a - ab) ** 2;
      }
      // an output that never varies has no variance to share out
      out[i] = variance > 0 ? first / n / variance : NaN;
      out[k + i] = variance > 0 ? total / (2 * n) / variance : NaN;
    }
    out[2 * k] = variance;
    return out;
  };
  const point = n ? estimate(identityRows(n)) : new Float64Array(2 * k + 1).fill(NaN);
  const ci = n ? bootstrapIntervals(n, options.resamples, options.seed, options.purpose ?? 'sobol', estimate) : [];
  const none = { low: NaN, high: NaN };
  return {
    factors: Array.from({ length: k }, (_, i) => ({ first: point[i], firstCi: ci[i] ?? none, total: point[k + i], totalCi: ci[k + i] ?? none })),
    variance: point[2 * k],
    samples: n,
  };
}
