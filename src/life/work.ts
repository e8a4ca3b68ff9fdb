import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { workDistrictOf, TRAIT } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/** Work: employees sometimes break their obligations (absence, missed targets), less if conscientious. */
export function liveWork(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'work.breach');
  const rate = scenario.life.work.breachesPerYear / DAYS_A_YEAR;
  if (rate === 0) return;
  // picked at the most careless rate, a citizen breaches with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'work.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.employer[i] >= 0 && uniform(key, i, day, 0) < 1 - c.conscientiousness[i] * TRAIT) emit(world, EventType.work_breach, i, workDistrictOf(c, pop.companies.district, i), 0);
  });
}
