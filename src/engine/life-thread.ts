/**
 * A life thread: each time the main thread asks (threads.ts), it lives one span of citizens for
 * the day, or runs a span task over them (span-tasks.ts), on the world's shared columns, and
 * hands back what it made. It blocks between tasks on the control array.
 */
import { workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { SpanWorld } from '../world.ts';
import { compilePolicy } from '../policy/compile.ts';
import { createBuffer, clear } from '../core/buffer.ts';
import { EVENT_COLUMNS } from '../core/tables.ts';
import { liveSpan } from '../life/index.ts';
import { Control, LIVE, type ThreadData, type TaskMessage, type TaskReply } from './threads.ts';
import { SPAN_TASKS } from './span-tasks.ts';
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

/** Today's task over this thread's span. */
function run({ task, input }: TaskMessage): unknown {
  if (task !== LIVE) {
    const spanTask = SPAN_TASKS.get(task);
    if (!spanTask) throw new Error(`no span task named ${task}`);
    return spanTask.run(world, data.from, data.to, input);
  }
  clear(events);
  const { ends, learners } = liveSpan(world, data.from, data.to);
  return { cols: events.cols, ends, learners };
}

const control = new Int32Array(data.control);
let generation = 0;
for (;;) {
  Atomics.wait(control, Control.generation, generation);
  generation = Atomics.load(control, Control.generation);
  if (Atomics.load(control, Control.stop)) break;
  let reply: TaskReply<unknown>;
  try {
    world.day = Atomics.load(control, Control.day);
    // the schedule's changes, as the main thread applies them (schedule.ts)
    const inForce = scenarioOn(data.scenario, world.day);
    if (inForce !== world.scenario) {
      world.scenario = inForce;
      world.policy = compilePolicy(inForce);
    }
    const message = receiveMessageOnPort(port)?.message as TaskMessage | undefined;
    if (!message) throw new Error(`woken on day ${world.day} without a task`);
    reply = { out: run(message) };
  } catch (error) {
    reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(control, Control.done + data.index, generation);
  Atomics.notify(control, Control.done + data.index);
}
port.close();
