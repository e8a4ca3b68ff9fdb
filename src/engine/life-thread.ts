/**
 * A life thread: lives one span of citizens each day, on the world's shared columns, and hands
 * its events to the main thread (threads.ts). It blocks between days on the control array.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { SpanWorld } from '../world.ts';
import { compilePolicy } from '../policy/compile.ts';
import { createBuffer, clear } from '../core/buffer.ts';
import { EVENT_COLUMNS } from '../core/tables.ts';
import { liveSpan } from '../life/index.ts';
import { Control, type ThreadData } from './threads.ts';
import { scenarioOn } from '../scenario/schedule.ts';

type Mutable<T, K extends keyof T> = Omit<T, K> & { -readonly [P in K]: T[P] };

const data = workerData as ThreadData;
const port = data.port as MessagePort;
const { shared } = data;
const events = createBuffer(EVENT_COLUMNS, Math.ceil((data.to - data.from) * 1.25));
// the world as life sees it: shared state, this thread's own event buffer
const world: Mutable<SpanWorld, 'scenario' | 'policy'> = {
  scenario: data.scenario,
  seed: data.seed,
  day: 0,
  city: shared.city,
  pop: shared.pop,
  policy: compilePolicy(data.scenario),
  standing: shared.standing,
  events,
  disabled: new Set(data.disabled),
};

const control = new Int32Array(data.control);
let generation = 0;
for (;;) {
  Atomics.wait(control, Control.generation, generation);
  generation = Atomics.load(control, Control.generation);
  if (Atomics.load(control, Control.stop)) break;
  try {
    world.day = Atomics.load(control, Control.day);
    // the schedule's changes, as the main thread applies them (schedule.ts)
    const inForce = scenarioOn(data.scenario, world.day);
    if (inForce !== world.scenario) {
      world.scenario = inForce;
      world.policy = compilePolicy(inForce);
    }
    clear(events);
    const { ends, learners } = liveSpan(world, data.from, data.to);
    port.postMessage({ cols: events.cols, ends, learners });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  Atomics.store(control, Control.done + data.index, generation);
  Atomics.notify(control, Control.done + data.index);
}
port.close();
