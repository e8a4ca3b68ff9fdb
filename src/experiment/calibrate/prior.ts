import type { Factor } from '../../scenario/factor-schema.ts';
import { factorValue } from '../factors.ts';

/**
 * A prior on one scenario field, in the coordinate the sampler moves in: the value itself, or its
 * logarithm for a log-uniform prior (so a perturbation is relative and the prior is flat there).
 * The density is known up to a constant, which cancels in the importance weights.
 */
export interface Prior {
  field: string;
  factor: Factor;
  /** a coordinate at `u` in [0, 1): the inverse of the prior's CDF */
  draw(u: number): number;
  /** the prior density at a coordinate, up to a constant: 0 outside the support */
  density(c: number): number;
  /** the field's value at a coordinate, as the scenario gets it (rounded for an integer field) */
  value(c: number): number;
  /** a coordinate's spread a perturbation never goes below (a population all at one point would stall) */
  scale: number;
}

/** The prior of a factor (uniform, log-uniform, or normal cut to [from, to]). */
export function priorOf(f: Factor): Prior {
  const continuous = { ...f, integer: false };
  const round = (v: number) => (f.integer ? Math.round(v) : v);
  if (f.distribution === 'normal') {
    const lo = f.from ?? -Infinity;
    const hi = f.to ?? Infinity;
    const z = (c: number) => (c - f.mean!) / f.sd!;
    return {
      field: f.field,
      factor: f,
      draw: (u) => factorValue(continuous, u),
      density: (c) => (c >= lo && c <= hi ? Math.exp(-0.5 * z(c) ** 2) : 0),
      value: round,
      scale: Number.isFinite(hi - lo) ? Math.min(hi - lo, f.sd!) : f.sd!,
    };
  }
  const lo = f.log ? Math.log(f.from!) : f.from!;
  const hi = f.log ? Math.log(f.to!) : f.to!;
  return {
    field: f.field,
    factor: f,
    draw: (u) => lo + u * (hi - lo),
    density: (c) => (c >= lo && c <= hi ? 1 : 0),
    value: (c) => round(f.log ? Math.exp(c) : c),
    scale: hi - lo,
  };
}

/** The joint prior density of independent priors at a point, up to a constant. */
export function priorDensity(priors: Prior[], point: ArrayLike<number>): number {
  let p = 1;
  for (let d = 0; d < priors.length && p > 0; d++) p *= priors[d].density(point[d]);
  return p;
}
