import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { ATTEMPTS, attemptEventType } from './event-types.ts';
import { emit } from './emit.ts';

const YEAR = 365;
const TYPES = ATTEMPTS.map(attemptEventType);
const SCHOOL = ATTEMPTS.indexOf('private_school');

/**
 * Attempts: citizens try to fly, take a fast train, book a hotel, renew their internet service
 * and (parents) enrol a child in a private school. Whether they may is decided by the gates.
 */
export function liveAttempts(world: World): void {
  const { day, pop, scenario } = world;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'attempts.try');
  const rates = ATTEMPTS.map((a) => scenario.life.attempts[a] / YEAR);
  const total = rates.reduce((a, b) => a + b, 0);
  for (let i = 0; i < pop.n; i++) {
    const u = uniform(key, i, day, 0);
    if (u >= total) continue;
    let kind = 0, acc = rates[0];
    while (u >= acc) acc += rates[++kind];
    if (kind === SCHOOL && c.children[i] === 0) continue;
    emit(world, TYPES[kind], i, c.home[i], 0);
  }
}
