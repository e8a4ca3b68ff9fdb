import { Worker } from 'node:worker_threads';
import type { RunJob, RunSummary, RunProgress } from './job.ts';

/** A pool of worker threads that run jobs, one at a time each, so the caller's event loop never blocks on a simulation. */
export interface RunPool {
  readonly size: number;
  /** run a job on the next free thread (queued while all are busy) */
  run(job: RunJob, onProgress?: (p: RunProgress) => void): Promise<RunSummary>;
  close(): Promise<void>;
}

export function createRunPool(size: number): RunPool {
  const idle: Worker[] = [];
  const waiting: { job: RunJob; onProgress?: (p: RunProgress) => void; resolve: (s: RunSummary) => void; reject: (e: unknown) => void }[] = [];
  const busy = new Map<Worker, (typeof waiting)[number]>();
  const all: Worker[] = [];
  const dispatch = () => {
    while (idle.length && waiting.length) {
      const worker = idle.pop()!;
      const task = waiting.shift()!;
      busy.set(worker, task);
      worker.postMessage(task.job);
    }
  };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./run-thread.mjs', import.meta.url));
    worker.on('message', (answer: { summary?: RunSummary; progress?: RunProgress }) => {
      const task = busy.get(worker)!;
      if (answer.progress) return task.onProgress?.(answer.progress);
      busy.delete(worker);
      idle.push(worker);
      task.resolve(answer.summary!);
      dispatch();
    });
    worker.on('error', (error) => {
      busy.get(worker)?.reject(error);
      busy.delete(worker);
    });
    idle.push(worker);
    all.push(worker);
  }
  return {
    size,
    run: (job, onProgress) =>
      new Promise<RunSummary>((resolve, reject) => {
        waiting.push({ job, onProgress, resolve, reject });
        dispatch();
      }),
    close: async () => {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
