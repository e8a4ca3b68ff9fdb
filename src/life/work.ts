import type { World } from '../engine/world.ts';
import { streamKey, uniform, forEachPicked } from '../engine/random.ts';
import { EventType } from './event-types.ts';
import { workDistrictOf, TRAIT } from '../population/citizens.ts';
import { emit } from './emit.ts';

const YEAR = 365;

/** Work: employees sometimes break their obligations (absence, missed targets), less if conscientious. */
export function liveWork(world: World, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'work.breach');
  const rate = scenario.life.work.breachesPerYear / YEAR;
  if (rate === 0) return;
  // picked at the most careless rate, a citizen breaches with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'work.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.employer[i] >= 0 && uniform(key, i, day, 0) < 1 - c.conscientiousness[i] * TRAIT) emit(world, EventType.work_breach, i, workDistrictOf(c, pop.companies.district, i), 0);
  });
}
