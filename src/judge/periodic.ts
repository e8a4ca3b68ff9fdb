import type { World, SpanTask } from '../world.ts';
import type { CompiledScorer } from '../policy/compile.ts';
import { rescore, storeScore, type ScorerState } from '../policy/standing.ts';
import { FAR } from '../population/graph.ts';
import { BLOCK, newClaims, forEachClaimed } from '../core/blocks.ts';

/**
 * The judge's daily bookkeeping before today's events: scores decay toward their base (half-life),
 * computed dimensions are recomputed when due (from state, or from friends' scores), and the
 * scores they feed are recomputed.
 */
export function updateStanding(world: World): void {
  const { policy, standing, day } = world;
  policy.scorers.forEach((sc, s) => {
    const st = standing.scorers[s];
    let changed = false;
    // points decay score by score on every thread, each stored with its tier (DECAY); the rest here, then rescored
    if (sc.keep < 1 && sc.aggregation === 'points') world.overCitizens(DECAY, { scorer: s, claims: newClaims() });
    else if (sc.keep < 1) {
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

/** Decay of ratings and of event-driven dimensions toward their baselines (points decay in DECAY). */
function decay(sc: CompiledScorer, st: ScorerState) {
  const keep = sc.keep;
  if (sc.aggregation === 'ratings') {
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
 * A scorer of points that decays: each score a step `keep` of the way back from its base, rounded
 * to 32 bits as a stored score is, then stored clamped with its tier (storeScore, as rescore
 * does). Each subject's decay is its own, so blocks of subjects go to whichever thread is free
 * (forEachClaimed), over a scorer of companies' fewer subjects as over the citizens.
 */
export const DECAY: SpanTask<{ scorer: number; claims: Int32Array }, void> = {
  name: 'judge.decay',
  run(world, _from, _to, { scorer, claims }) {
    const sc = world.policy.scorers[scorer];
    const scores = world.standing.scores[scorer],
      tiers = world.standing.tiers[scorer];
    const { base, keep } = sc;
    forEachClaimed(claims, scores.length, BLOCK, (first, end) => {
      for (let i = first; i < end; i++) storeScore(sc, scores, tiers, i, Math.fround(base + (scores[i] - base) * keep));
    });
  },
};
