import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { workDistrictOf } from '../population/citizens.ts';
import { illness, steadiness } from './health.ts';
import { emit } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Work: employees sometimes break their obligations (absence, missed targets), less if
 * conscientious and steady (stress takes some of conscientiousness), more in poor health.
 */
export function liveWork(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'work.breach');
  const h = scenario.life.health;
  const most = 1 + h.breachesPerIllness;
  const rate = (scenario.life.work.breachesPerYear / DAYS_A_YEAR) * most;
  if (rate === 0) return;
  // picked at the most careless rate (no conscientiousness, no health), a citizen breaches with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'work.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.employer[i] < 0) return;
    const chance = ((1 - steadiness(c, i, h.stressOnConscientiousness)) * (1 + h.breachesPerIllness * illness(c, i))) / most;
    if (uniform(key, i, day, 0) < chance) emit(world, EventType.work_breach, i, workDistrictOf(c, pop.companies.district, i), 0);
  });
}
