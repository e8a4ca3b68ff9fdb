import type { StoredNoise } from '../../store/sensitivity-file.ts';
import { elementaryEffects, type MorrisDesign } from './morris.ts';

/**
 * Runs of one measure: `values[p * replications + r]` is the value of replication r (seed
 * first + r, the same at every point) at point p.
 */
export interface Replicated {
  values: Float64Array;
  points: number;
  replications: number;
}

/** Each point's mean over its replications; NaN where a replication is NaN (a ratio with nothing to divide by). */
export function pointMeans({ values, points, replications: R }: Replicated): Float64Array {
  return Float64Array.from({ length: points }, (_, p) => {
    let sum = 0;
    for (let r = 0; r < R; r++) sum += values[p * R + r];
    return sum / R;
  });
}

/** How much of a measure's variation is the model's own noise, not the factors' (the stored row, without its measure). */
export type Noise = Omit<StoredNoise, 'measure'>;

/**
 * The model's noise in a measure, from the replications at each point (NaN with one replication),
 * as a two-way layout y_pr = μ + α_p + β_r + ε_pr: α the factors' doing at point p, β the seed's
 * effect common to every point (replication r runs the same seed everywhere), ε what the seed does
 * differently at each point. A run's noise is var(β + ε), the variance across seeds at a point; the
 * indices, computed from differences between points, see only ε (common random numbers cancel β),
 * estimated by the interaction mean square Σ (y_pr − ȳ_p − ȳ_r + ȳ)² / ((P − 1)(R − 1)).
 * Points with a NaN replication are left out.
 */
export function noiseOf(runs: Replicated): Noise {
  const { values, points, replications: R } = runs;
  const kept = Array.from({ length: points }, (_, p) => p).filter((p) => values.subarray(p * R, (p + 1) * R).every(Number.isFinite));
  const P = kept.length;
  const means = pointMeans(runs);
  const pointVariance = variance(kept.map((p) => means[p]));
  if (R < 2 || P < 2) return { seedVariance: NaN, residualVariance: NaN, pointVariance, runShare: NaN, meanShare: NaN };
  let seed = 0;
  for (const p of kept) seed += variance(values.subarray(p * R, (p + 1) * R)) / P;
  const seedMeans = Array.from({ length: R }, (_, r) => kept.reduce((sum, p) => sum + values[p * R + r], 0) / P);
  const grand = seedMeans.reduce((a, b) => a + b, 0) / R;
  let ss = 0;
  for (const p of kept) for (let r = 0; r < R; r++) ss += (values[p * R + r] - means[p] - seedMeans[r] + grand) ** 2;
  const residualVariance = ss / ((P - 1) * (R - 1));
  // the factors' own variance: the point means' less the noise they still carry
  const factors = Math.max(0, pointVariance - residualVariance / R);
  return {
    seedVariance: seed,
    residualVariance,
    pointVariance,
    runShare: seed + factors > 0 ? seed / (seed + factors) : NaN,
    meanShare: pointVariance > 0 ? residualVariance / R / pointVariance : NaN,
  };
}

/**
 * Each factor's Morris noise floor: the mean absolute elementary effect its steps would show if it
 * did nothing but stir the model's noise. An elementary effect averaged over R paired replications
 * has a noise of standard error s_t = sd_r(EE_t,r) / √R (paired: both ends of a step run the same
 * seeds); a factor without effect would get mu* = E|N(0, s²)| = s √(2/π), s² the mean of s_t².
 * A factor whose mu* interval stays above its floor moves the measure beyond the noise.
 */
export function morrisNoiseFloor(design: MorrisDesign, runs: Replicated): Float64Array {
  const { trajectories: r, factors: k } = design;
  const R = runs.replications;
  const floor = new Float64Array(k).fill(NaN);
  if (R < 2) return floor;
  const perReplication = Array.from({ length: R }, (_, rep) =>
    elementaryEffects(
      design,
      Float64Array.from({ length: runs.points }, (_, p) => runs.values[p * R + rep]),
    ),
  );
  for (let i = 0; i < k; i++) {
    let sum = 0,
      n = 0;
    for (let t = 0; t < r; t++) {
      const e = perReplication.map((effects) => effects[t * k + i]);
      if (!e.every(Number.isFinite)) continue;
      sum += variance(e) / R;
      n++;
    }
    floor[i] = n ? Math.sqrt(((sum / n) * 2) / Math.PI) : NaN;
  }
  return floor;
}

/**
 * Each factor's share of a Jansen total index that is noise: with f the mean of R replications,
 * E[(f(A) − f(A_B^i))²] holds the noise of the paired difference, var_r(d_r) / R, d_r the
 * difference at seed r; over 2 V(Y) it is the total index a factor without effect would get.
 */
export function totalIndexNoise(runs: Replicated, k: number, varianceOfMeans: number): Float64Array {
  const R = runs.replications;
  const width = k + 2;
  const samples = Math.floor(runs.points / width);
  const noise = new Float64Array(k).fill(NaN);
  if (R < 2 || !(varianceOfMeans > 0)) return noise;
  for (let i = 0; i < k; i++) {
    let sum = 0,
      n = 0;
    for (let j = 0; j < samples; j++) {
      const a = j * width,
        ab = j * width + 1 + i;
      const d = Array.from({ length: R }, (_, r) => runs.values[a * R + r] - runs.values[ab * R + r]);
      if (!d.every(Number.isFinite)) continue;
      sum += variance(d) / R;
      n++;
    }
    noise[i] = n ? sum / n / (2 * varianceOfMeans) : NaN;
  }
  return noise;
}

/** The sample variance (n − 1); NaN below two values. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return ss / (n - 1);
}
