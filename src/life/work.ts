import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { workDistrictOf, SHARE } from '../population/citizens.ts';
import { deterrence } from './knowledge.ts';
import { illness, steadiness } from './health.ts';
import { emit } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/** Whether citizen i works online, so that a slowed connection slows their work: a keyed draw, the same all run long. */
export const onlineWorker = (key: number, i: number, share: number): boolean => uniform(key, i, 0, 0) < share;

/**
 * Work: employees sometimes break their obligations (absence, missed targets), less if
 * conscientious and steady (stress takes some of conscientiousness) and the more they believe
 * their employer reports breaches (the employer channel of perceived risk, with the deterrence
 * elasticity of traffic), more in poor health and, for those who work online, while a denied
 * renewal keeps their internet slow.
 */
export function liveWork(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'work.breach');
  const h = scenario.life.health;
  const w = scenario.life.work;
  const most = (1 + h.breachesPerIllness) * (1 + w.slowInternetBreaches);
  const kOnline = streamKey(world.seed, 'work.online');
  const prior = scenario.response.riskPrior;
  const elasticity = scenario.life.mobility.deterrenceElasticity;
  const rate = (scenario.life.work.breachesPerYear / DAYS_A_YEAR) * most;
  if (rate === 0) return;
  // picked at the most careless rate (no conscientiousness, no health), a citizen breaches with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'work.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.employer[i] < 0) return;
    const slowed = c.slowUntil[i] >= day && onlineWorker(kOnline, i, w.onlineShare) ? 1 + w.slowInternetBreaches : 1;
    // the deliberate part of a breach is deterred by the perceived risk that the employer reports it (never pushed above the undeterred rate)
    const employer = c.riskEmployer[i] * SHARE;
    const chance = ((1 - steadiness(c, i, h.stressOnConscientiousness)) * (1 + h.breachesPerIllness * illness(c, i)) * slowed * deterrence(employer, prior, elasticity)) / most;
    if (uniform(key, i, day, 0) < chance) emit(world, EventType.work_breach, i, workDistrictOf(c, pop.companies.district, i), 0);
  });
}
