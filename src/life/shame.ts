import type { SpanWorld } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { emit } from './emit.ts';

/** Shame: a citizen whose face is on a public screen may pay the fee to take it down, if they can. */
export function liveShame(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const sc = scenario.screens;
  if (!sc.enabled) return;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'shame.pay');
  for (let i = from; i < to; i++) {
    if (c.shownUntil[i] < day || c.savings[i] < sc.fee) continue;
    if (uniform(key, i, day, 0) < sc.payProbability) {
      c.savings[i] -= sc.fee;
      emit(world, EventType.screen_fee_paid, i, c.home[i], sc.fee);
    }
  }
}
