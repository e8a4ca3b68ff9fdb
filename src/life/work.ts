import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { EventType } from './event-types.ts';
import { emit } from './emit.ts';

const YEAR = 365;

/** Work: employees sometimes break their obligations (absence, missed targets), less if conscientious. */
export function liveWork(world: World, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'work.breach');
  const rate = scenario.life.work.breachesPerYear / YEAR;
  if (rate === 0) return;
  for (let i = from; i < to; i++) {
    if (c.employer[i] < 0) continue;
    if (uniform(key, i, day, 0) < rate * (1 - c.conscientiousness[i])) emit(world, EventType.work_breach, i, c.work[i], 0);
  }
}
