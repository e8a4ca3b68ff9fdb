import { Worker } from 'node:worker_threads';
import { inputError } from '../../scenario/errors.ts';
import type { Executor, RunJob, RunSummary, ExecuteOptions } from './job.ts';

/**
 * Runs on worker threads of this machine: `threads` workers, each taking the next job when it
 * answers. Answers are recorded one at a time, in order of arrival.
 */
export function localExecutor(threads: number): Executor {
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw inputError(`expected 1 to 64 worker threads, found ${threads}`, { path: '--workers' });
  return {
    where: `${threads} worker thread${threads === 1 ? '' : 's'}`,
    execute: (jobs, record, options) => runOnThreads(jobs, record, Math.min(threads, Math.max(1, jobs.length)), options ?? {}),
    close: async () => {},
  };
}

async function runOnThreads(jobs: RunJob[], record: (job: RunJob, summary: RunSummary) => Promise<void> | void, size: number, { shouldStop, signal }: ExecuteOptions): Promise<void> {
  if (!jobs.length || signal?.aborted) return;
  const queue = [...jobs];
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  let stopped = false;
  const workers = Array.from({ length: size }, () => new Worker(new URL('./run-thread.mjs', import.meta.url)));
  let writing = Promise.resolve();
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolveWorker, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job || stopped || signal?.aborted) return resolveWorker();
              worker.postMessage(job);
            };
            worker.on('message', (answer: { key: string; summary: RunSummary }) => {
              writing = writing.then(async () => {
                if (signal?.aborted) return; // stopped: what is in flight is dropped
                await record(byKey.get(answer.key)!, answer.summary);
                if (shouldStop?.()) stopped = true;
              });
              writing.then(next, reject);
            });
            worker.on('error', reject);
            // aborted: stop waiting for the runs in flight (the workers are terminated below)
            signal?.addEventListener('abort', () => resolveWorker(), { once: true });
            next();
          }),
      ),
    );
    await writing;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
