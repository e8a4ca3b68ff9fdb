import type { World, SpanTask } from '../world.ts';
import { tierOf } from '../policy/compile.ts';
import type { CompiledScorer } from '../policy/compile.ts';
import { rescore, type ScorerState } from '../policy/standing.ts';
import { FAR } from '../population/graph.ts';

/**
 * The judge's daily bookkeeping before today's events: scores decay toward their base (half-life),
 * computed dimensions are recomputed when due (from state, or from friends' scores), and the
 * scores they feed are recomputed.
 */
export function updateStanding(world: World): void {
  const { policy, standing, day } = world;
  policy.scorers.forEach((sc, s) => {
    const st = standing.scorers[s];
    // points that only decay: score by score, on every thread
    if (sc.aggregation === 'points' && sc.keep < 1 && sc.dimensions.length === 0) {
      world.overCitizens(DECAY, { scorer: s });
      return;
    }
    let changed = false;
    if (sc.keep < 1) {
      decay(sc, st);
      changed = true;
    }
    sc.dimensions.forEach((d, k) => {
      if ((d.value === null && d.friends < 0) || day % d.every !== 0) return;
      const values = st.dims[k];
      if (d.value) {
        for (let i = 0; i < values.length; i++) {
          const v = d.value(world, 0, i);
          values[i] = v > 0 ? (v < 1 ? v : 1) : 0; // clamped to [0, 1]; not a number (0 / 0) counts as 0
        }
      } else friendsMean(world, d.friends, values);
      changed = true;
    });
    if (!changed) return;
    const scratch = new Float64Array(sc.dimensions.length);
    for (let i = 0; i < st.score.length; i++) rescore(sc, st, i, scratch);
  });
}

function decay(sc: CompiledScorer, st: ScorerState) {
  const keep = sc.keep;
  if (sc.aggregation === 'points') {
    for (let i = 0; i < st.score.length; i++) st.score[i] = sc.base + (st.score[i] - sc.base) * keep;
  } else if (sc.aggregation === 'ratings') {
    const w = st.ratingWeight as Float32Array,
      r = st.ratingSum as Float32Array;
    for (let i = 0; i < w.length; i++) {
      w[i] *= keep;
      r[i] *= keep;
    }
  } else {
    sc.dimensions.forEach((d, k) => {
      if (d.value || d.friends >= 0) return;
      const v = st.dims[k];
      for (let i = 0; i < v.length; i++) v[i] = d.baseline + (v[i] - d.baseline) * keep;
    });
  }
}

/** Each citizen's friends' mean score with scorer `f`, as a share of its range. */
function friendsMean(world: World, f: number, out: Float32Array) {
  const sc = world.policy.scorers[f];
  const scores = world.standing.scores[f];
  const g = world.pop.graph;
  const { offsets, near, far, farStart, cut } = g;
  const range = sc.max - sc.min;
  const fallback = (sc.base - sc.min) / range;
  for (let i = 0; i < out.length; i++) {
    let sum = 0,
      friends = 0;
    let f = farStart[i];
    // forEachFriend, inlined: this loop visits every tie
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const d = near[k];
      const friend = d === FAR ? far[f++] : i + d;
      if ((cut[k >>> 5] >>> (k & 31)) & 1) continue;
      sum += scores[friend];
      friends++;
    }
    out[i] = friends > 0 ? (sum / friends - sc.min) / range : fallback;
  }
}

/**
 * A scorer of points that decays and has no dimensions: each score a step `keep` of the way back
 * from its base, stored, then clamped and its tier read, as decay and rescore would (the stored
 * score is 32-bit, so it is rounded as stored before it is clamped).
 */
export const DECAY: SpanTask<{ scorer: number }, void> = {
  name: 'judge.decay',
  run(world, from, to, { scorer }) {
    const sc = world.policy.scorers[scorer];
    const score = world.standing.scores[scorer],
      tier = world.standing.tiers[scorer];
    const { base, keep, min, max } = sc;
    for (let i = Math.max(from, 0), end = Math.min(to, score.length); i < end; i++) {
      const decayed = Math.fround(base + (score[i] - base) * keep);
      const stored = Math.fround(Math.min(max, Math.max(min, decayed)));
      score[i] = stored;
      tier[i] = tierOf(sc, stored);
    }
  },
};
