import type { SpanTask } from '../world.ts';
import { RECOVER, STIGMA } from '../life/respond.ts';
import { STATE_SUMS, HOMOPHILY_SUMS } from '../measure/metrics.ts';

/** Every span task a life thread can be asked to run, by name (threads.ts sends the name, life-thread.ts runs its own copy). */
export const SPAN_TASKS: ReadonlyMap<string, SpanTask<unknown, unknown>> = new Map(([RECOVER, STIGMA, STATE_SUMS, HOMOPHILY_SUMS] as SpanTask<unknown, unknown>[]).map((t) => [t.name, t]));
