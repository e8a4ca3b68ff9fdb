import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { World, SpanWorld, OverCitizens } from '../world.ts';
import type { Scenario } from '../scenario/schema.ts';
import { liveSpan, type SpanResult, type SpanRunner } from '../life/index.ts';
import { mergeSpanEvents, type SpanEvents } from './merge-spans.ts';
import { BLOCK } from '../core/blocks.ts';

/** Slots of the control array the main thread and the life threads share. */
export const Control = { generation: 0, day: 1, stop: 2, done: 3 } as const;
/** A thread's done slot when it could not start (life-thread.mjs). */
const FAILED = -1;

/** What a life thread is started with: its place, the control array, its port to the main thread. */
export interface ThreadData {
  index: number;
  control: SharedArrayBuffer;
  port: MessagePort;
}

/** What a life thread is handed once the world is built (the task INIT): its span, the scenario, and the world's shared state. */
export interface ThreadWorld {
  from: number;
  to: number;
  scenario: Scenario;
  seed: number;
  disabled: string[];
  shared: Pick<SpanWorld, 'city' | 'pop' | 'standing'>;
}

/** What a life thread hands back from a day of life (life-thread.ts): its events, and the acts it counted without emitting. */
type LaterSpan = SpanEvents & SpanResult & Pick<SpanWorld, 'quietActs'>;

/** Below this many citizens a day is too short for more threads to pay for their start and hand-over. */
const THREADED_FROM = 100_000;

/** Threads for a run of `citizens` when none are asked for: every core for big runs, one for small. */
export function autoWorkers(citizens: number): number {
  return citizens >= THREADED_FROM ? availableParallelism() : 1;
}

export interface LifeThreads {
  runSpans: SpanRunner;
  /** the world's overCitizens on these threads */
  overCitizens(world: World): OverCitizens;
  close(): void;
}

/** What the main thread hands a life thread each time: the task (LIVE, or a span task's name) and its input. */
export interface TaskMessage {
  task: string;
  input?: unknown;
}

/** What a life thread answers: the task's output, or why it failed. */
export type TaskReply<O> = { out: O } | { error: string };

/** The task name of the first message: the world a life thread lives in (ThreadWorld). */
export const INIT = 'init';

/** The task name of a day of life (life-thread.ts answers it with the span's events). */
export const LIVE = 'live';

/** Life threads started but not yet given a world: they load their code meanwhile. */
export interface OpenedThreads {
  /** hand them the world (built, and restored from a checkpoint if it is one) */
  start(world: World): LifeThreads;
  close(): void;
}

/**
 * Start `count - 1` worker threads for life (this one is the count-th) before the world is built,
 * so that they load and compile their code while it is; `start` then gives them the world.
 */
export function openLifeThreads(count: number): OpenedThreads {
  const control = new Int32Array(new SharedArrayBuffer(4 * (Control.done + count)));
  const workers = Array.from({ length: count - 1 }, (_, k) => {
    const { port1, port2 } = new MessageChannel();
    const data: ThreadData = { index: k + 1, control: control.buffer as SharedArrayBuffer, port: port2 };
    const worker = new Worker(new URL('./life-thread.mjs', import.meta.url), { workerData: data, transferList: [port2] });
    worker.unref();
    return { worker, port: port1 };
  });
  const close = () => {
    Atomics.store(control, Control.stop, 1);
    Atomics.add(control, Control.generation, 1);
    Atomics.notify(control, Control.generation);
    for (const { worker, port } of workers) {
      port.close();
      void worker.terminate();
    }
  };
  return { start: (world) => startLifeThreads(world, control, workers, close), close };
}

/**
 * Split life over the opened threads: this one and the workers, each living a contiguous span of
 * citizens on the world's shared columns. Every draw is keyed by citizen and day and the events
 * are merged in citizen order, so the results are those of one thread, whatever their number.
 */
function startLifeThreads(world: World, control: Int32Array, workers: { worker: Worker; port: MessagePort }[], close: () => void): LifeThreads {
  const n = world.pop.n;
  const count = workers.length + 1;
  // spans are cut at block boundaries, where rare-event picks restart (random.ts forEachPicked)
  const bounds = Array.from({ length: count + 1 }, (_, k) => Math.min(n, Math.round((k * n) / count / BLOCK) * BLOCK));
  bounds[count] = n;
  const { pop, standing } = world;
  const shared: ThreadWorld['shared'] = {
    city: world.city,
    pop: { n: pop.n, seed: pop.seed, citizens: pop.citizens, companies: pop.companies, hiring: pop.hiring, tastes: pop.tastes, graph: pop.graph, cells: pop.cells },
    standing: { scores: standing.scores, tiers: standing.tiers, listed: standing.listed, scorers: standing.scorers.map((s) => ({ enrolled: s.enrolled })) },
  };
  let generation = 0;
  /** Hand every worker a task for today, then run this thread's span: the replies in span order. */
  const overSpans = <O>(day: number, message: TaskMessage, own: () => O, toWorker = (_k: number) => message): O[] => {
    workers.forEach(({ port }, k) => port.postMessage(toWorker(k)));
    Atomics.store(control, Control.day, day);
    generation = Atomics.add(control, Control.generation, 1) + 1;
    Atomics.notify(control, Control.generation);
    const outputs = [own()];
    workers.forEach(({ port }, k) => {
      const slot = Control.done + k + 1;
      for (let seen = Atomics.load(control, slot); seen !== generation && seen !== FAILED; seen = Atomics.load(control, slot)) Atomics.wait(control, slot, seen, 1000);
      const reply = receiveMessageOnPort(port)?.message as TaskReply<O> | undefined;
      if (!reply) throw new Error(`life thread ${k + 1} finished ${message.task} on day ${day} without a reply`);
      if ('error' in reply) throw new Error(`life thread ${k + 1} failed ${message.task} on day ${day}: ${reply.error}`);
      outputs.push(reply.out);
    });
    return outputs;
  };
  // the world, each thread its span: the threads wait for it, having loaded their code meanwhile
  const worldOf = (k: number): TaskMessage => ({
    task: INIT,
    input: { from: bounds[k + 1], to: bounds[k + 2], scenario: world.scenario, seed: world.seed, disabled: [...world.disabled], shared } satisfies ThreadWorld,
  });
  overSpans(world.day, { task: INIT }, () => undefined, worldOf);
  return {
    runSpans(world) {
      const [first, ...later] = overSpans<SpanResult>(world.day, { task: LIVE }, () => liveSpan(world, 0, bounds[1])) as [SpanResult, ...LaterSpan[]];
      mergeSpanEvents(world.events, first.ends, later);
      for (const span of later) for (let t = 0; t < span.quietActs.length; t++) world.quietActs[t] += span.quietActs[t];
      return [first, ...later];
    },
    overCitizens: (world) => (task, input) => overSpans(world.day, { task: task.name, input }, () => task.run(world, 0, bounds[1], input)),
    close,
  };
}
