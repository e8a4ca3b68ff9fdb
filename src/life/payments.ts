import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked, lognormal } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { emit } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/** The stream of who pays by face: keyed by the population's seed, so a branch of a checkpoint under another seed keeps who does. */
export const facePayKey = (seed: number): number => streamKey(seed, 'facepay.adopt');
/** Whether citizen i pays by face: a keyed draw fixed for the run (the same for life, observation and measurement). */
export const paysByFace = (key: number, share: number, i: number): boolean => share > 0 && uniform(key, i, 0, 0) < share;

/**
 * Payments by face (Face++ style): those who pay by face carry no card to steal, so card and phone
 * thefts fall by `faceProtection` for them, but they are exposed to presentation attacks (a photo, a
 * mask, a replay) that the liveness check accepts at its APCER: "the risk of hacking the system".
 * Either loss is taken from savings. Every face payment is also a sighting (observe/index.ts).
 */
export function livePayments(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const fp = scenario.life.facePay;
  const c = pop.citizens;
  const theft = fp.cardTheftPerYear / DAYS_A_YEAR,
    attack = (fp.attacksPerYear * fp.apcer) / DAYS_A_YEAR;
  const most = Math.min(1, theft + attack);
  if (most === 0) return;
  const key = streamKey(world.seed, 'facepay.loss');
  const adopt = facePayKey(world.pop.seed);
  // picked at the most anyone could lose (a theft and an attack), each with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'facepay.pick'), day, from, to, most, (i) => {
    const face = paysByFace(adopt, fp.adoption, i);
    const pTheft = face ? theft * (1 - fp.faceProtection) : theft;
    const pAttack = face ? attack : 0;
    const u = uniform(key, i, day, 0) * most;
    if (u >= pTheft + pAttack) return;
    const loss = Math.min(c.savings[i], lognormal(key, i, day, 1, fp.lossMedian, 1));
    c.savings[i] -= loss;
    emit(world, u < pTheft ? EventType.card_theft : EventType.face_fraud, i, c.home[i], loss);
  });
}
