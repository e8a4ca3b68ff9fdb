import type { Sensitivity } from '../../scenario/sensitivity-schema.ts';
import { measureName } from '../factors.ts';
import type { SensitivityDesign } from './design.ts';
import { morrisIndices } from './morris.ts';
import { sobolIndices } from './sobol-indices.ts';
import type { StoredIndex, StoredNoise } from '../../store/sensitivity-file.ts';
import { pointMeans, noiseOf, morrisNoiseFloor, totalIndexNoise, type Replicated } from './noise.ts';

/** One index of one factor for one measure (the stored row). */
export type IndexRow = StoredIndex;

/** A measure's noise (the stored row). */
export type NoiseRow = StoredNoise;

/** What an experiment found: every factor's indices for every measure, and each measure's noise. */
export interface SensitivityAnalysis {
  indices: IndexRow[];
  noise: NoiseRow[];
}

/**
 * The indices of every measure, from each point's mean over its replications (common random
 * numbers: a factor without effect gets exactly zero), and the model's noise beside them.
 * `runs[m]` holds measure m's values, point by point, replication by replication.
 */
export function analyseSensitivity(s: Sensitivity, design: SensitivityDesign, runs: Replicated[]): SensitivityAnalysis {
  const indices: IndexRow[] = [];
  const noise: NoiseRow[] = [];
  s.measures.forEach((m, mi) => {
    const measure = measureName(m);
    const means = pointMeans(runs[mi]);
    const options = { resamples: s.bootstrap, seed: s.seed, purpose: measure };
    const row = (factor: number, index: string, estimate: number, low: number, high: number, n: number, moves?: boolean) =>
      indices.push({ measure, factor, field: s.factors[factor].field, index, estimate, low, high, n, ...(moves === undefined ? {} : { moves }) });
    if (design.morris) {
      const floor = morrisNoiseFloor(design.morris, runs[mi]);
      morrisIndices(design.morris, means, options).forEach((x, i) => {
        row(i, 'mu_star', x.muStar, x.muStarCi.low, x.muStarCi.high, x.effects, beyondNoise({ estimate: x.muStar, low: x.muStarCi.low }, floor[i]));
        row(i, 'mu', x.mu, NaN, NaN, x.effects);
        row(i, 'sigma', x.sigma, x.sigmaCi.low, x.sigmaCi.high, x.effects);
        row(i, 'mu_star_noise', floor[i], NaN, NaN, x.effects);
      });
    } else {
      const r = sobolIndices(means, design.factors, options);
      const stNoise = totalIndexNoise(runs[mi], design.factors, r.variance);
      r.factors.forEach((x, i) => {
        row(i, 'S1', x.first, x.firstCi.low, x.firstCi.high, r.samples);
        row(i, 'ST', x.total, x.totalCi.low, x.totalCi.high, r.samples, beyondNoise({ estimate: x.total, low: x.totalCi.low }, stNoise[i]));
        row(i, 'ST_noise', stNoise[i], NaN, NaN, r.samples);
      });
    }
    noise.push({ measure, ...noiseOf(runs[mi]) });
  });
  return { indices, noise };
}

/**
 * Whether a factor moves a measure beyond the model's noise: the lower end of its importance
 * index's interval (mu* or ST; the estimate without an interval) lies above its noise floor (above
 * zero with one replication). Conservative on purpose: at the floor, an effect cannot be told from
 * none at this sample size.
 */
export function beyondNoise(importance: { estimate: number; low: number }, floor: number): boolean {
  const low = Number.isFinite(importance.low) ? importance.low : importance.estimate;
  return low > (Number.isFinite(floor) ? floor : 0);
}
