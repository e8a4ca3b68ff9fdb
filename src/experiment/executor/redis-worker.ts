import { Worker } from 'bullmq';
import { hostname } from 'node:os';
import { QUEUE, connectWorker } from './redis-connection.ts';
import { createRunPool } from './threads.ts';
import { encodeSummary, type RunJob } from './job.ts';

/** A job's lock lasts this long unless renewed (every half of it): a killed worker's run is taken by another within about this plus STALLED_MS. */
const LOCK_MS = 10_000;
const STALLED_MS = 5_000;

export interface WorkerEvents {
  waiting?: (message: string) => void;
  started?: (key: string) => void;
  finished?: (key: string, ms: number) => void;
  failed?: (key: string, reason: string) => void;
}

export interface RedisWorker {
  readonly name: string;
  /** stop taking runs; `force` drops the runs in flight (their locks expire and another worker takes them) */
  close(force?: boolean): Promise<void>;
}

/**
 * Take runs from the Redis queue and run `concurrency` of them at a time on worker threads, so
 * this process's event loop stays free to renew the jobs' locks (a blocked loop is BullMQ's cause
 * of stalled and doubly processed jobs). Waits for Redis and for work as long as it takes.
 */
export function startRedisWorker(url: string, concurrency: number, on: WorkerEvents = {}): RedisWorker {
  const connection = connectWorker(url, (m) => on.waiting?.(m));
  const pool = createRunPool(concurrency);
  const name = `${hostname()}-${process.pid}`;
  const worker = new Worker(
    QUEUE,
    async (job) => {
      const t0 = performance.now();
      on.started?.(job.id!);
      const data = job.data as Omit<RunJob, 'key'>;
      const summary = await pool.run({ key: job.id!, ...data }, (p) => void job.updateProgress({ ...p }).catch(() => {}));
      on.finished?.(job.id!, performance.now() - t0);
      return encodeSummary(summary);
    },
    { connection, concurrency, lockDuration: LOCK_MS, stalledInterval: STALLED_MS, maxStalledCount: 1000, name },
  );
  worker.on('failed', (job, error) => on.failed?.(job?.id ?? '?', error.message));
  worker.on('error', () => {}); // a lost connection: ioredis reconnects, the worker goes on
  return {
    name,
    close: async (force = false) => {
      await worker.close(force);
      await pool.close();
      connection.disconnect();
    },
  };
}
