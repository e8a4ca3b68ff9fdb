import type { SpanWorld } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType, JobLoss } from '../core/events.ts';
import { emit } from './emit.ts';
import { loseJob } from './jobs.ts';

/**
 * Shame, each day a face is on a public screen: its owner may pay the fee to take it down, the
 * likelier the smaller the fee is against their savings; and an employer in the screen's district
 * who sees it may dismiss them.
 */
export function liveShame(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const sc = scenario.screens;
  if (!sc.enabled) return;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'shame.pay');
  const kJob = streamKey(world.seed, 'shame.job');
  const workplace = pop.companies.district;
  for (let i = from; i < to; i++) {
    if (c.shownUntil[i] < day) continue;
    const employer = c.employer[i];
    if (employer >= 0 && workplace[employer] === c.shownIn[i] && uniform(kJob, i, day, 0) < sc.stigmaJobLoss) loseJob(world, i, JobLoss.stigma);
    const savings = c.savings[i];
    if (savings < sc.fee || !(uniform(key, i, day, 0) < sc.payProbability * (1 - sc.fee / savings))) continue;
    c.savings[i] -= sc.fee;
    emit(world, EventType.screen_fee_paid, i, c.home[i], sc.fee);
  }
}
