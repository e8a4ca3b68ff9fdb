import type { SpanWorld } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType, JobLoss } from '../core/events.ts';
import { TRAIT, SHARE, shareBits, type Citizens } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { loseJob } from './jobs.ts';
import { DAYS_A_MONTH, DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Health, worn down by sustained stress and recovering toward full health otherwise, and its
 * cost in ability: an employee in poorer health is off sick more often (a sick day loses part of a
 * day's wage), and once health falls below `leaveWorkBelow` may leave work altogether. Money,
 * work and bills read health and stress (`illness`, `steadiness`).
 */
export function liveHealth(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const h = scenario.life.health;
  const c = pop.citizens;
  const kSick = streamKey(world.seed, 'health.sick');
  const kLeave = streamKey(world.seed, 'health.leave');
  const health = c.health,
    stress = c.stress;
  const sickBase = h.sickDaysPerYear / DAYS_A_YEAR,
    sickIll = h.sickDaysPerIllness / DAYS_A_YEAR;
  const leaveDaily = h.leaveWorkPerMonth / DAYS_A_MONTH;
  for (let i = from; i < to; i++) {
    const now = health[i] * SHARE;
    health[i] = shareBits(now - h.wear * stress[i] + h.recovery * (1 - now));
    const v = health[i] * SHARE;
    if (c.employer[i] < 0) continue;
    if (v < h.leaveWorkBelow && uniform(kLeave, i, day, 0) < leaveDaily) {
      loseJob(world, i, JobLoss.health);
      continue;
    }
    if (uniform(kSick, i, day, 0) < sickBase + sickIll * (1 - v)) {
      const lost = (c.wage[i] / DAYS_A_MONTH) * h.sickPayLoss;
      c.savings[i] -= Math.min(c.savings[i], lost);
      emit(world, EventType.sick_day, i, c.home[i], lost);
    }
  }
}

/** How ill a citizen is: 1 - health, in [0, 1]. */
export const illness = (c: Citizens, i: number): number => 1 - c.health[i] * SHARE;

/** Conscientiousness as stress leaves it: stress (capped at 1) takes `stressOnConscientiousness` of it. */
export function steadiness(c: Citizens, i: number, stressOnConscientiousness: number): number {
  const s = c.stress[i] < 1 ? c.stress[i] : 1;
  return c.conscientiousness[i] * TRAIT * (1 - stressOnConscientiousness * s);
}
