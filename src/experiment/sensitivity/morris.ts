import { streamKey, below } from '../../core/random.ts';
import { bootstrapIntervals, identityRows, type Interval } from './bootstrap.ts';

/** A Morris design: r trajectories of k + 1 points in the unit cube, each step moving one factor. */
export interface MorrisDesign {
  trajectories: number;
  factors: number;
  levels: number;
  /** point p's coordinates at [p * k, (p + 1) * k); trajectory t holds points t (k + 1) .. t (k + 1) + k */
  rows: Float64Array;
  /** the factor step s (1..k) of trajectory t moves, at [t * k + s - 1] */
  moved: Int32Array;
}

/**
 * Morris's one-at-a-time design (Morris 1991): each of `r` trajectories starts at a point of the
 * grid of `p` levels {0, 1/(p-1), ..., 1} and moves every factor once, in a random order, by
 * Δ = p / (2 (p - 1)), up from the lower half of the grid and down from the upper half, so every
 * level is equally likely at every point. Draws are keyed by `seed`.
 * @example morrisDesign(10, 5, 4, 1).rows.length // 10 * 6 * 5
 */
export function morrisDesign(r: number, k: number, p: number, seed: number): MorrisDesign {
  if (!(p >= 2 && p % 2 === 0)) throw new RangeError(`Morris levels must be even, not ${p}`);
  const key = streamKey(seed, 'sensitivity.morris');
  const half = p / 2;
  const rows = new Float64Array(r * (k + 1) * k);
  const moved = new Int32Array(r * k);
  for (let t = 0; t < r; t++) {
    const level = Int32Array.from({ length: k }, (_, i) => below(key, t, i, 0, p));
    const order = Int32Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = below(key, t, i, 1, i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const first = t * (k + 1);
    for (let i = 0; i < k; i++) rows[first * k + i] = level[i] / (p - 1);
    for (let s = 1; s <= k; s++) {
      const i = order[s - 1];
      level[i] += level[i] < half ? half : -half;
      moved[t * k + s - 1] = i;
      rows.copyWithin((first + s) * k, (first + s - 1) * k, (first + s) * k);
      rows[(first + s) * k + i] = level[i] / (p - 1);
    }
  }
  return { trajectories: r, factors: k, levels: p, rows, moved };
}

/** A factor's elementary-effect statistics, in the output's units per unit of the factor's range. */
export interface MorrisIndex {
  /** mean elementary effect: its sign says which way the factor moves the output on average */
  mu: number;
  /** mean absolute elementary effect (Campolongo et al. 2007): the factor's importance */
  muStar: number;
  muStarCi: Interval;
  /** standard deviation of the elementary effects: nonlinearity or interactions */
  sigma: number;
  sigmaCi: Interval;
  /** elementary effects used (those whose outputs are not NaN) */
  effects: number;
}

/** The elementary effects of a design: `[t * k + i]` is factor i's effect in trajectory t, from outputs y[point]. */
export function elementaryEffects(design: MorrisDesign, y: ArrayLike<number>): Float64Array {
  const { trajectories: r, factors: k, rows, moved } = design;
  const effects = new Float64Array(r * k);
  for (let t = 0; t < r; t++) {
    for (let s = 1; s <= k; s++) {
      const i = moved[t * k + s - 1];
      const before = t * (k + 1) + s - 1;
      const delta = rows[(before + 1) * k + i] - rows[before * k + i];
      effects[t * k + i] = (y[before + 1] - y[before]) / delta;
    }
  }
  return effects;
}

/**
 * mu, mu* and sigma of every factor's elementary effects, with percentile bootstrap intervals
 * over the trajectories. An inert factor gets mu* = sigma = 0 and intervals [0, 0].
 */
export function morrisIndices(design: MorrisDesign, y: ArrayLike<number>, options: { resamples: number; seed: number; purpose?: string }): MorrisIndex[] {
  const { trajectories: r, factors: k } = design;
  const effects = elementaryEffects(design, y);
  const stats = (rows: Int32Array) => {
    const out = new Float64Array(3 * k);
    for (let i = 0; i < k; i++) {
      let n = 0,
        sum = 0,
        sumAbs = 0;
      for (const t of rows) {
        const e = effects[t * k + i];
        if (!Number.isFinite(e)) continue;
        n++;
        sum += e;
        sumAbs += Math.abs(e);
      }
      const mu = sum / n;
      let ss = 0;
      for (const t of rows) {
        const e = effects[t * k + i];
        if (Number.isFinite(e)) ss += (e - mu) ** 2;
      }
      out[3 * i] = mu;
      out[3 * i + 1] = sumAbs / n;
      out[3 * i + 2] = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
    }
    return out;
  };
  const point = stats(identityRows(r));
  const ci = bootstrapIntervals(r, options.resamples, options.seed, options.purpose ?? 'morris', stats);
  const none = { low: NaN, high: NaN };
  return Array.from({ length: k }, (_, i) => ({
    mu: point[3 * i],
    muStar: point[3 * i + 1],
    muStarCi: ci[3 * i + 1] ?? none,
    sigma: point[3 * i + 2],
    sigmaCi: ci[3 * i + 2] ?? none,
    effects: Array.from({ length: r }, (_, t) => effects[t * k + i]).filter(Number.isFinite).length,
  }));
}
