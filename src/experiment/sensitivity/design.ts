import type { Sensitivity } from '../../scenario/sensitivity-schema.ts';
import { factorValue } from '../factors.ts';
import { morrisDesign, type MorrisDesign } from './morris.ts';
import { saltelliDesign, saltelliPoints, saltelliRole } from './saltelli.ts';

/** What a point is in its design: its block (a Morris trajectory, a Saltelli base sample), its role, and the factor it moves from the block's previous point (Morris) or from A (Saltelli's A_B^i). */
export interface PointRole {
  block: number;
  /** morris: 'start' or 'step'; sobol: 'A', 'B' or 'AB' */
  role: string;
  moved?: number;
}

/** A sensitivity experiment's points in the unit cube, with what each is. */
export interface SensitivityDesign {
  factors: number;
  points: number;
  /** point p's coordinates in [0, 1] at [p * factors, (p + 1) * factors) */
  unit: Float64Array;
  roles: PointRole[];
  morris?: MorrisDesign;
}

/** The points of a sensitivity file: Morris trajectories, or Saltelli's A, B and A_B^i from a Sobol sequence. */
export function sensitivityDesign(s: Sensitivity): SensitivityDesign {
  const k = s.factors.length;
  if (s.method === 'morris') {
    const morris = morrisDesign(s.trajectories, k, s.levels, s.seed);
    const roles = Array.from({ length: s.trajectories * (k + 1) }, (_, p): PointRole => {
      const block = Math.floor(p / (k + 1)),
        step = p % (k + 1);
      return step === 0 ? { block, role: 'start' } : { block, role: 'step', moved: morris.moved[block * k + step - 1] };
    });
    return { factors: k, points: roles.length, unit: morris.rows, roles, morris };
  }
  const points = saltelliPoints(s.samples, k);
  const roles = Array.from({ length: points }, (_, p): PointRole => {
    const r = saltelliRole(p, k);
    return { block: r.sample, role: r.matrix, moved: r.factor };
  });
  return { factors: k, points, unit: saltelliDesign(s.samples, k), roles };
}

/**
 * The field values of point p: each coordinate through its factor's inverse CDF (`factorValue`).
 * A Morris grid has its ends at 0 and 1, where a normal's quantiles are infinite: its levels are
 * the centres of p equal-probability strata instead, l → (l + 1/2) / p.
 */
export function pointValues(s: Sensitivity, design: SensitivityDesign, p: number): Record<string, number> {
  const k = design.factors;
  return Object.fromEntries(
    s.factors.map((f, i) => {
      const u = design.unit[p * k + i];
      const cut = s.method === 'morris' && f.distribution === 'normal' ? (u * (s.levels - 1) + 0.5) / s.levels : u;
      return [f.field, factorValue(f, cut)];
    }),
  );
}
