import type { World } from '../world.ts';
import { TieCut } from '../core/tables.ts';
import { recordCut } from './emit.ts';
import { streamKey, uniform } from '../core/random.ts';
import { TRAIT } from '../population/citizens.ts';
import { cutTie, forEachFriend } from '../population/graph.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';

/**
 * Pruning: where friends count in a score (a `friends` dimension) and friends can see each
 * other's scores (visibility `friends` or `public`), citizens review their friends now and then
 * (the conforming more often) and drop those in a lower tier than their own.
 */
export function livePruning(world: World): void {
  const { day, pop, policy, standing, scenario } = world;
  if (day % DAYS_A_MONTH !== 0) return;
  const relational = policy.scorers.flatMap((sc) => sc.dimensions.filter((d) => d.friends >= 0 && policy.scorers[d.friends].visibility !== 'private').map((d) => d.friends));
  if (!relational.length) return;
  const c = pop.citizens;
  const g = pop.graph;
  const key = streamKey(world.seed, 'approval.prune');
  const month = day / DAYS_A_MONTH;
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
