import type { SpanTask } from '../world.ts';
import { LESSONS, RECOVER, STIGMA } from '../life/respond.ts';
import { ATTEMPT_ROWS, ANSWERS } from '../life/answers.ts';
import { SEE } from '../observe/index.ts';
import { AT_STAKE } from '../consequence/at-stake.ts';
import { DECAY } from '../judge/periodic.ts';
import { JUDGE } from '../judge/index.ts';
import { STATE_SUMS, HOMOPHILY_SUMS } from '../measure/metrics.ts';
import { POPULATION_PASS } from '../measure/population-pass.ts';
import { EVENT_COUNTS } from '../measure/tally.ts';
import { RECORDED_ROWS } from '../measure/record.ts';

/** Every span task a life thread can be asked to run, by name (threads.ts sends the name, life-thread.ts runs its own copy). */
export const SPAN_TASKS: ReadonlyMap<string, SpanTask<unknown, unknown>> = new Map(
  ([LESSONS, RECOVER, STIGMA, ATTEMPT_ROWS, ANSWERS, SEE, DECAY, JUDGE, AT_STAKE, STATE_SUMS, HOMOPHILY_SUMS, POPULATION_PASS, EVENT_COUNTS, RECORDED_ROWS] as SpanTask<unknown, unknown>[]).map(
    (t) => [t.name, t],
  ),
);
