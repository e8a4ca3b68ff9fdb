import { inputError } from '../../scenario/errors.ts';
import { createRunPool } from './threads.ts';
import type { Executor, RunJob, RunSummary, ExecuteOptions } from './job.ts';

/**
 * Runs on worker threads of this machine: each of `threads` threads takes the next job when it
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

async function runOnThreads(jobs: RunJob[], record: (job: RunJob, summary: RunSummary) => Promise<void> | void, size: number, { shouldStop, signal, onProgress }: ExecuteOptions): Promise<void> {
  if (!jobs.length || signal?.aborted) return;
  const pool = createRunPool(size);
  const queue = [...jobs];
  let stopped = false;
  let writing = Promise.resolve();
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  // each thread's loop: take a job, run it, record its answer (records one at a time), take the next
  const loop = async () => {
    for (let job = queue.shift(); job && !stopped && !signal?.aborted; job = queue.shift()) {
      const current = job;
      const summary = await pool.run(job, onProgress && ((p) => onProgress(current, p)));
      const recorded = writing.then(async () => {
        if (signal?.aborted) return; // stopped: what is in flight is dropped
        await record(job!, summary);
        if (shouldStop?.()) stopped = true;
      });
      writing = recorded;
      await recorded;
    }
  };
  try {
    // aborted: stop waiting for the runs in flight (the threads are terminated below)
    await Promise.race([Promise.all(Array.from({ length: size }, loop)), aborted]);
    await writing;
  } finally {
    await pool.close();
  }
}
