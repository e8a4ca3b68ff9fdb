import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { reserve } from '../engine/buffer.ts';
import { TRAIT } from '../population/citizens.ts';
import { cutTie, forEachFriend } from '../population/graph.ts';

const MONTH = 30;

/** Ties cut because a friend's face was on a screen, or because a friend's score was low. */
export const TieCut = { stigma: 0, pruning: 1 } as const;

/** Note a tie cut today, for measurement. */
export function recordCut(world: World, citizen: number, friend: number, reason: number): void {
  const t = reserve(world.ties);
  world.ties.cols.citizen[t] = citizen;
  world.ties.cols.friend[t] = friend;
  world.ties.cols.reason[t] = reason;
}

/**
 * Whether a citizen's score with any scorer of citizens lies within `approvalMargin` (a share of
 * the range) of a tier threshold: where a few points decide a tier, people chase them.
 */
export function nearThreshold(world: World, i: number): boolean {
  const margin = world.scenario.response.approvalMargin;
  const { policy, standing } = world;
  for (let s = 0; s < policy.scorers.length; s++) {
    const sc = policy.scorers[s];
    if (sc.kind !== 'citizens') continue;
    const enrolled = standing.scorers[s].enrolled;
    if (enrolled !== null && !enrolled[i]) continue;
    const score = standing.scores[s][i];
    const width = margin * (sc.max - sc.min);
    for (let t = 0; t < sc.tierMin.length - 1; t++) if (Math.abs(score - sc.tierMin[t]) < width) return true;
  }
  return false;
}

/**
 * Pruning: where friends count in a score (a `friends` dimension), citizens review their friends
 * now and then (the conforming more often) and drop those in a lower tier than their own.
 */
export function livePruning(world: World): void {
  const { day, pop, policy, standing, scenario } = world;
  if (day % MONTH !== 0) return;
  const relational = policy.scorers.flatMap((sc) => sc.dimensions.filter((d) => d.friends >= 0).map((d) => d.friends));
  if (!relational.length) return;
  const c = pop.citizens;
  const g = pop.graph;
  const key = streamKey(world.seed, 'approval.prune');
  const month = day / MONTH;
  for (let i = 0; i < pop.n; i++) {
    if (uniform(key, i, month, 0) >= scenario.response.pruneRate * c.conformity[i] * TRAIT) continue;
    for (const s of relational) {
      const tiers = standing.tiers[s];
      forEachFriend(g, i, (f) => {
        if (tiers[f] > tiers[i] && cutTie(g, i, f)) recordCut(world, i, f, TieCut.pruning);
      });
    }
  }
}
