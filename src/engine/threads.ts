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

/** What a life thread is started with: its span, the scenario, and the world's shared state. */
export interface ThreadData {
  index: number;
  from: number;
  to: number;
  scenario: Scenario;
  seed: number;
  disabled: string[];
  control: SharedArrayBuffer;
  port: MessagePort;
  shared: Pick<SpanWorld, 'city' | 'pop' | 'standing'>;
}

/** Below this many citizens a day is too short for more threads to pay for their start and hand-over. */
const THREADED_FROM = 200_000;

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

/** The task name of a day of life (life-thread.ts answers it with the span's events). */
export const LIVE = 'live';

/**
 * Split life over `count` threads: this one and `count - 1` workers, each living a contiguous
 * span of citizens on the world's shared columns. Every draw is keyed by citizen and day and the
 * events are merged in citizen order, so the results are those of one thread, whatever `count`.
 */
export function startLifeThreads(world: World, count: number): LifeThreads {
  const n = world.pop.n;
  // spans are cut at block boundaries, where rare-event picks restart (random.ts forEachPicked)
  const bounds = Array.from({ length: count + 1 }, (_, k) => Math.min(n, Math.round((k * n) / count / BLOCK) * BLOCK));
  bounds[count] = n;
  const control = new Int32Array(new SharedArrayBuffer(4 * (Control.done + count)));
  const { pop, standing } = world;
  const shared: ThreadData['shared'] = {
    city: world.city,
    pop: { n: pop.n, seed: pop.seed, citizens: pop.citizens, companies: pop.companies, tastes: pop.tastes, graph: pop.graph, cells: pop.cells },
    standing: { scores: standing.scores, tiers: standing.tiers, listed: standing.listed, scorers: standing.scorers.map((s) => ({ enrolled: s.enrolled })) },
  };
  const workers = bounds.slice(1, -1).map((from, k) => {
    const { port1, port2 } = new MessageChannel();
    const data: ThreadData = {
      index: k + 1,
      from,
      to: bounds[k + 2],
      scenario: world.scenario,
      seed: world.seed,
      disabled: [...world.disabled],
      control: control.buffer as SharedArrayBuffer,
      port: port2,
      shared,
    };
    const worker = new Worker(new URL('./life-thread.mjs', import.meta.url), { workerData: data, transferList: [port2] });
    worker.unref();
    return { worker, port: port1 };
  });
  let generation = 0;
  /** Hand every worker a task for today, then run this thread's span: the replies in span order. */
  const overSpans = <O>(day: number, message: TaskMessage, own: () => O): O[] => {
    for (const { port } of workers) port.postMessage(message);
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
  return {
    runSpans(world) {
      const [first, ...later] = overSpans<SpanResult>(world.day, { task: LIVE }, () => liveSpan(world, 0, bounds[1])) as [SpanResult, ...(SpanEvents & SpanResult)[]];
      mergeSpanEvents(world.events, first.ends, later);
      return [first, ...later];
    },
    overCitizens: (world) => (task, input) => overSpans(world.day, { task: task.name, input }, () => task.run(world, 0, bounds[1], input)),
    close() {
      Atomics.store(control, Control.stop, 1);
      Atomics.add(control, Control.generation, 1);
      Atomics.notify(control, Control.generation);
      for (const { worker, port } of workers) {
        port.close();
        void worker.terminate();
      }
    },
  };
}
