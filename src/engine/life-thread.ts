/**
 * A life thread: started before the world is built, it loads its code, then waits for the world
 * (INIT). Each time the main thread asks (threads.ts), it lives one span of citizens for the day,
 * or runs a span task over them (span-tasks.ts), on the world's shared columns, and hands back
 * what it made. It blocks between tasks on the control array.
 */
import { workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { SpanWorld } from '../world.ts';
import { compilePolicy } from '../policy/compile.ts';
import { createBuffer, clear } from '../core/buffer.ts';
import { EVENT_COLUMNS } from '../core/tables.ts';
import { EVENT_TYPE_COUNT } from '../core/events.ts';
import { liveSpan } from '../life/index.ts';
import { Control, INIT, LIVE, type ThreadData, type ThreadWorld, type TaskMessage, type TaskReply } from './threads.ts';
import { SPAN_TASKS } from './span-tasks.ts';
import { scenarioOn } from '../scenario/schedule.ts';

type Mutable<T, K extends keyof T> = Omit<T, K> & { -readonly [P in K]: T[P] };

const data = workerData as ThreadData;
const port = data.port as MessagePort;

/** This thread's world: its span, shared state and an event buffer of its own; made on INIT. */
interface Span {
  base: ThreadWorld;
  world: Mutable<SpanWorld, 'scenario' | 'policy'>;
}
let span: Span | null = null;

function enter(base: ThreadWorld): Span {
  const { shared } = base;
  // the world as life sees it: shared state, this thread's own event buffer
  const world: Span['world'] = {
    scenario: base.scenario,
    seed: base.seed,
    day: 0,
    city: shared.city,
    pop: shared.pop,
    policy: compilePolicy(base.scenario),
    standing: shared.standing,
    events: createBuffer(EVENT_COLUMNS, Math.ceil((base.to - base.from) * 1.25)),
    quietActs: new Float64Array(EVENT_TYPE_COUNT),
    disabled: new Set(base.disabled),
  };
  return { base, world };
}

/** Today's task over this thread's span. */
function run({ task, input }: TaskMessage): unknown {
  if (task === INIT) {
    span = enter(input as ThreadWorld);
    return null;
  }
  if (!span) throw new Error(`asked for ${task} before the world`);
  const { base, world } = span;
  world.day = Atomics.load(control, Control.day);
  // the schedule's changes, as the main thread applies them (schedule.ts)
  const inForce = scenarioOn(base.scenario, world.day);
  if (inForce !== world.scenario) {
    world.scenario = inForce;
    world.policy = compilePolicy(inForce);
  }
  if (task !== LIVE) {
    const spanTask = SPAN_TASKS.get(task);
    if (!spanTask) throw new Error(`no span task named ${task}`);
    return spanTask.run(world, base.from, base.to, input);
  }
  clear(world.events);
  world.quietActs.fill(0);
  const { ends, learners } = liveSpan(world, base.from, base.to);
  return { cols: world.events.cols, ends, learners, quietActs: world.quietActs };
}

const control = new Int32Array(data.control);
let generation = 0;
for (;;) {
  // a wait may end with the generation unchanged (a wake-up for nobody): only a new generation brings a task
  while (Atomics.load(control, Control.generation) === generation) Atomics.wait(control, Control.generation, generation);
  const was = generation;
  generation = Atomics.load(control, Control.generation);
  if (Atomics.load(control, Control.stop)) break;
  let reply: TaskReply<unknown>;
  try {
    const message = receiveMessageOnPort(port)?.message as TaskMessage | undefined;
    if (!message) throw new Error(`woken on day ${Atomics.load(control, Control.day)} without a task (generation ${was} -> ${generation})`);
    reply = { out: run(message) };
  } catch (error) {
    reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(control, Control.done + data.index, generation);
  Atomics.notify(control, Control.done + data.index);
}
port.close();
