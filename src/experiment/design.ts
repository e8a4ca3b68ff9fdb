import type { Sweep } from '../scenario/sweep-schema.ts';
import { streamKey, uniform, below } from '../core/random.ts';

export type Point = Record<string, unknown>;

/** The points of a sweep: every combination of a grid, or a Latin hypercube of `samples` points. */
export function designPoints(sweep: Sweep): Point[] {
  const names = Object.keys(sweep.parameters);
  if (sweep.design === 'grid') {
    const axes = names.map((n) => {
      const p = sweep.parameters[n];
      if (Array.isArray(p)) return p;
      return Array.from({ length: sweep.steps }, (_, k) => scale(p, k / (sweep.steps - 1)));
    });
    let points: Point[] = [{}];
    names.forEach((n, i) => (points = points.flatMap((pt) => axes[i].map((v) => ({ ...pt, [n]: v })))));
    return points;
  }
  // Latin hypercube: each range cut in `samples` strata, each stratum used once per parameter
  const n = sweep.samples;
  const key = streamKey(sweep.seed, 'sweep.lhs');
  const columns = names.map((_, j) => {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const k = below(key, i, j, 0, i + 1);
      [order[i], order[k]] = [order[k], order[i]];
    }
    return order.map((stratum, i) => (stratum + uniform(key, i, j, 1)) / n);
  });
  return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((name, j) => [name, scale(sweep.parameters[name] as Range, columns[j][i])])));
}

interface Range {
  from: number;
  to: number;
  integer: boolean;
  log: boolean;
}

function scale(r: Range, t: number): number {
  const v = r.log ? Math.exp(Math.log(r.from) + t * (Math.log(r.to) - Math.log(r.from))) : r.from + t * (r.to - r.from);
  return r.integer ? Math.round(v) : v;
}
