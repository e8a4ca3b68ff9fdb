import type { Target } from '../../scenario/calibration-schema.ts';
import type { Generation, Particle } from './smc.ts';
import type { Prior } from './prior.ts';
import { targetError, targetName } from './distance.ts';
import { weightedMean, weightedQuantile, weightedSd } from './stats.ts';

/** A parameter's posterior: weighted mean and standard deviation, median, 90 % interval, and its value in the best particle. */
export interface ParameterSummary {
  field: string;
  mean: number;
  sd: number;
  median: number;
  q05: number;
  q95: number;
  best: number;
}

/** How the accepted particles reproduce a target: the best particle's value and error, the particles' weighted median and 90 % interval. */
export interface TargetFit {
  name: string;
  observed: number;
  uncertainty: number;
  best: number;
  /** |best - observed| / uncertainty */
  bestError: number;
  median: number;
  q05: number;
  q95: number;
}

export interface Posterior {
  parameters: ParameterSummary[];
  fit: TargetFit[];
  /** the accepted particle closest to the targets (the first of equals) */
  best: Particle;
  /** the best particle's parameter values, as the scenario gets them */
  bestValues: Record<string, number>;
  /** each parameter's posterior median (rounded for an integer field) */
  medianValues: Record<string, number>;
}

/** The posterior a generation's weighted particles describe, in the fields' own units. */
export function summarisePosterior(generation: Generation, priors: Prior[], targets: Target[]): Posterior {
  const { particles } = generation;
  const weights = particles.map((p) => p.weight);
  const best = particles.reduce((b, p) => (p.distance < b.distance ? p : b));
  const summary = (values: number[]) => ({
    mean: weightedMean(values, weights),
    sd: weightedSd(values, weights),
    median: weightedQuantile(values, weights, 0.5),
    q05: weightedQuantile(values, weights, 0.05),
    q95: weightedQuantile(values, weights, 0.95),
  });
  const parameters = priors.map((prior, d) => {
    const { mean, sd, median, q05, q95 } = summary(particles.map((p) => prior.value(p.point[d])));
    return { field: prior.field, mean, sd, median, q05, q95, best: prior.value(best.point[d]) };
  });
  const fit = targets.map((t, i) => {
    const { median, q05, q95 } = summary(particles.map((p) => p.values[i]));
    return { name: targetName(t), observed: t.observed, uncertainty: t.uncertainty, best: best.values[i], bestError: targetError(t, best.values[i]), median, q05, q95 };
  });
  return {
    parameters,
    fit,
    best,
    bestValues: Object.fromEntries(parameters.map((p) => [p.field, p.best])),
    medianValues: Object.fromEntries(parameters.map((p, d) => [p.field, priors[d].factor.integer ? Math.round(p.median) : p.median])),
  };
}
