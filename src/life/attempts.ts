import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { ATTEMPTS, RANDOM_ATTEMPTS, attemptEventType } from '../core/events.ts';
import { emit } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

const TYPES = RANDOM_ATTEMPTS.map(attemptEventType);
const ALL_TYPES = ATTEMPTS.map(attemptEventType);
const SCHOOL = RANDOM_ATTEMPTS.indexOf('private_school');
const PROMOTION = RANDOM_ATTEMPTS.indexOf('promotion');
const VISA = RANDOM_ATTEMPTS.indexOf('visa');
const PASSPORT = RANDOM_ATTEMPTS.indexOf('passport');

/**
 * Attempts: citizens try to fly, take a fast train, book a hotel or a flat, renew their internet
 * service, go to the cinema or a restaurant, apply for a passport (those without one) or a visa
 * (those with one: no passport, no travel abroad), (parents) enrol a child in a private school, and (employees)
 * are considered for promotion; someone denied yesterday may try again today. Whether they may is
 * decided by the gates. (Job applications come from the job search in money.)
 * The retries are a phase of their own (liveRetries), before.
 */
export function liveAttempts(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'attempts.try');
  const rates = RANDOM_ATTEMPTS.map((a) => scenario.life.attempts[a] / DAYS_A_YEAR);
  const total = rates.reduce((a, b) => a + b, 0);
  // everyone tries something at the same daily rate: pick those who do, then what they try
  forEachPicked(streamKey(world.seed, 'attempts.pick'), day, from, to, Math.min(1, total), (i) => {
    const u = uniform(key, i, day, 0) * total;
    let kind = 0,
      acc = rates[0];
    while (u >= acc && kind < rates.length - 1) acc += rates[++kind];
    // each attempt is open to those it concerns: parents, employees, passport holders (travel abroad needs one), those without
    if (kind === SCHOOL ? c.children[i] === 0 : kind === PROMOTION ? c.employer[i] < 0 : kind === VISA ? !c.passport[i] : kind === PASSPORT && c.passport[i]) return;
    emit(world, TYPES[kind], i, c.home[i], 0);
  });
}

/** Those denied yesterday who try again today (respond chose them): attempts' first phase. */
export function liveRetries(world: SpanWorld, from = 0, to = world.pop.n): void {
  const c = world.pop.citizens;
  for (let i = from; i < to; i++) {
    if (c.retry[i] > 0) {
      emit(world, ALL_TYPES[c.retry[i] - 1], i, c.home[i], 1);
      c.retry[i] = 0;
    }
  }
}
