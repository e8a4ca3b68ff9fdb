import type { Population } from '../population/create.ts';
import type { Policy, CompiledScorer } from './compile.ts';
import { dimensionScore, tierOf } from './compile.ts';
import { streamKey, uniform } from '../core/random.ts';
import { sharedArray } from '../core/columns.ts';
import { TRAIT } from '../population/citizens.ts';

/** What the judge keeps about one scorer's subjects between days. */
export interface ScorerState {
  score: Float32Array;
  tier: Uint8Array;
  /** 1 for subjects the scorer scores; null when it scores everyone */
  enrolled: Uint8Array | null;
  /** dimension values in [0, 1], one array per dimension */
  dims: Float32Array[];
  /** per rule with a cooldown: the day it last applied to each subject (-1: never) */
  lastApplied: (Int16Array | null)[];
  /** per rule with a yearly cap: points used this year (whole points in 16 bits: capBytes); and, for all such rules, the year they count for */
  capUsed: (Float32Array | Uint16Array | null)[];
  capYear: Uint16Array | null;
  /** ratings scorers: the summed weights and weighted stars received */
  ratingWeight: Float32Array | null;
  ratingSum: Float32Array | null;
}

/** The judge's tables: a state per scorer, a flag per list; every array on shared memory, since the judge scores subjects span by span on the life threads too (judge/index.ts). */
export interface Standing {
  scorers: ScorerState[];
  /** shortcuts to scorers[s].score and .tier */
  scores: Float32Array[];
  tiers: Uint8Array[];
  listed: Uint8Array[];
  /** day each subject last entered each list, -1 when never */
  listedSince: Int16Array[];
  /** day a subject's pending exit takes effect, -1 when none */
  exitDay: Int16Array[];
  /** company lists that restrict representatives: how many listed companies each citizen represents */
  representsListed: (Uint8Array | Uint16Array | null)[];
}

function subjectCount(pop: Pick<Population, 'n' | 'companies'>, kind: 'citizens' | 'companies'): number {
  return kind === 'citizens' ? pop.n : pop.companies.sector.length;
}

/** Per citizen, a count of listed companies they represent: a byte, unless someone represents more than 255 companies. */
function representativeCounts(pop: Population): Uint8Array | Uint16Array {
  const companiesOf = new Map<number, number>();
  let most = 0;
  for (const rep of pop.companies.legalRep) {
    const count = (companiesOf.get(rep) ?? 0) + 1;
    companiesOf.set(rep, count);
    if (count > most) most = count;
  }
  return most > 255 ? sharedArray(Uint16Array, pop.n) : sharedArray(Uint8Array, pop.n);
}

/** The judge's standing before day 0: everyone at their scorer's base, on no list. */
export function createStanding(pop: Population, seed: number, policy: Policy): Standing {
  const scorers = policy.scorers.map((sc) => createScorerState(pop, seed, sc));
  return {
    scorers,
    scores: scorers.map((s) => s.score),
    tiers: scorers.map((s) => s.tier),
    // read by policy expressions on life threads too, so on shared memory
    listed: policy.lists.map((l) => sharedArray(Uint8Array, subjectCount(pop, l.kind))),
    listedSince: policy.lists.map((l) => sharedArray(Int16Array, subjectCount(pop, l.kind)).fill(-1)),
    exitDay: policy.lists.map((l) => sharedArray(Int16Array, subjectCount(pop, l.kind)).fill(-1)),
    representsListed: policy.lists.map((l) => (l.restrictsRepresentative ? representativeCounts(pop) : null)),
  };
}

function createScorerState(pop: Population, seed: number, sc: CompiledScorer): ScorerState {
  const m = subjectCount(pop, sc.kind);
  let enrolled: Uint8Array | null = null;
  // a scorer of some cities only scores their residents, even at full enrolment
  if (sc.enrolment < 1 || sc.districts !== null) {
    enrolled = sharedArray(Uint8Array, m);
    enrol(enrolled, pop, seed, sc);
  }
  const ratings = sc.aggregation === 'ratings';
  return {
    // read by life and judged on worker threads (approval chasing; judge/index.ts), so on shared memory, as the rest of the standing
    score: sharedArray(Float32Array, m).fill(sc.base),
    tier: sharedArray(Uint8Array, m).fill(tierOf(sc, sc.base)),
    enrolled,
    dims: sc.dimensions.map((d) => sharedArray(Float32Array, m).fill(d.baseline)),
    lastApplied: sc.rules.map((r) => (r.cooldownDays > 0 ? sharedArray(Int16Array, m).fill(-1) : null)),
    capUsed: sc.rules.map((r) => (Number.isFinite(r.yearlyCap) ? (capBytes(r.points, r.yearlyCap) === 2 ? sharedArray(Uint16Array, m) : sharedArray(Float32Array, m)) : null)),
    capYear: sc.rules.some((r) => Number.isFinite(r.yearlyCap)) ? sharedArray(Uint16Array, m) : null,
    ratingWeight: ratings ? sharedArray(Float32Array, m) : null,
    ratingSum: ratings ? sharedArray(Float32Array, m) : null,
  };
}

/** Put one subject back where createScorerState starts everyone: base score, baseline dimensions, no cooldowns, caps or ratings. */
export function resetSubject(sc: CompiledScorer, st: ScorerState, i: number): void {
  st.score[i] = sc.base;
  st.tier[i] = tierOf(sc, sc.base);
  sc.dimensions.forEach((d, k) => (st.dims[k][i] = d.baseline));
  for (const last of st.lastApplied) if (last !== null) last[i] = -1;
  for (const used of st.capUsed) if (used !== null) used[i] = 0;
  if (st.ratingWeight !== null && st.ratingSum !== null) st.ratingWeight[i] = st.ratingSum[i] = 0;
}

/**
 * Who a scorer of partial enrolment scores: a choice, not a lottery. Those who expect a high score
 * opt in first (adverse selection, for the scheme): subject i enrols with probability
 * logistic(logit(enrolment) + selfSelection x (q_i - mean q)), q being conscientiousness for
 * citizens and integrity for companies, against a draw of their own kept all run long. A higher enrolment
 * (a schedule making a scheme mandatory) keeps everyone enrolled before and adds the rest.
 * A scorer of some cities (`sc.districts`) enrols only those who live there (companies: whose
 * district is there), and the choice is made among them: the mean q is theirs.
 */
export function enrol(enrolled: Uint8Array, pop: Pick<Population, 'citizens' | 'companies'>, seed: number, sc: CompiledScorer): void {
  const key = streamKey(seed, `judge.enrolment.${sc.id}`);
  const quality = sc.kind === 'citizens' ? pop.citizens.conscientiousness : pop.companies.integrity;
  const scale = sc.kind === 'citizens' ? TRAIT : 1;
  const base = sc.enrolment <= 0 ? -Infinity : sc.enrolment >= 1 ? Infinity : Math.log(sc.enrolment / (1 - sc.enrolment));
  const where = sc.districts;
  const district = sc.kind === 'citizens' ? pop.citizens.home : pop.companies.district;
  let mean = 0,
    eligible = 0;
  for (let i = 0; i < enrolled.length; i++) {
    if (where !== null && !where[district[i]]) continue;
    mean += quality[i] * scale;
    eligible++;
  }
  mean /= eligible || 1;
  for (let i = 0; i < enrolled.length; i++) {
    if (where !== null && !where[district[i]]) {
      enrolled[i] = 0;
      continue;
    }
    const p = 1 / (1 + Math.exp(-(base + sc.selfSelection * (quality[i] * scale - mean))));
    enrolled[i] = uniform(key, i, 0, 0) < p ? 1 : 0;
  }
}

/** Recompute one subject's score from its state (dimensions or ratings) and its tier. */
export function rescore(sc: CompiledScorer, st: ScorerState, i: number, values: Float64Array): number {
  let score: number;
  if (sc.aggregation === 'dimensions') {
    for (let d = 0; d < st.dims.length; d++) values[d] = st.dims[d][i];
    score = dimensionScore(sc.min, sc.max, sc.dimensions, values);
  } else if (sc.aggregation === 'ratings') {
    const w = (st.ratingWeight as Float32Array)[i];
    score = (sc.base * sc.priorWeight + (st.ratingSum as Float32Array)[i]) / (sc.priorWeight + w || 1);
  } else score = st.score[i];
  return storeScore(sc, st.score, st.tier, i, score);
}

/** Store a subject's score, clamped to the scorer's range, and its tier; the tier is read from the score as stored (32-bit), so that the two always agree. */
export function storeScore(sc: CompiledScorer, scores: Float32Array, tiers: Uint8Array, i: number, score: number): number {
  const stored = Math.fround(Math.min(sc.max, Math.max(sc.min, score)));
  scores[i] = stored;
  tiers[i] = tierOf(sc, stored);
  return stored;
}

/**
 * Bytes a subject's yearly use of a capped rule takes: 2 when the rule gives whole points under a
 * whole cap of at most 65,535 (the points used then stay whole: judge clips to the room left), else 4.
 */
export const capBytes = (points: number, cap: number): number => (Number.isInteger(points) && Number.isInteger(cap) && cap <= 65535 ? 2 : 4);

/** After a change of rules (a schedule), the points used of a capped rule that no longer gives whole points move to 32-bit floats. */
export function widenCaps(sc: CompiledScorer, st: ScorerState): void {
  sc.rules.forEach((r, k) => {
    const used = st.capUsed[k];
    if (used instanceof Uint16Array && capBytes(r.points, r.yearlyCap) === 4) {
      const wide = sharedArray(Float32Array, used.length);
      wide.set(used);
      st.capUsed[k] = wide;
    }
  });
}
