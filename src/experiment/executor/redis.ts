import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE, connectCoordinator } from './redis-connection.ts';
import { ServiceUnavailable, reason, shownUrl } from './service.ts';
import { decodeSummary, type Executor, type RunJob, type RunSummary, type RunProgress, type ExecuteOptions } from './job.ts';

/** How often the coordinator looks for answers besides the queue's events (an event missed while it was away). */
const SWEEP_MS = 2000;
/** Jobs added or looked up per round trip. */
const BATCH = 500;

/**
 * Runs on any number of machines: each job goes on the Redis queue under its key, and workers
 * (`credence worker --redis URL`) take them. Answers are read back, recorded here one at a time,
 * and only then removed from Redis, so an answer is never lost between a worker and the record.
 * A job already on the queue (an earlier coordinator's, interrupted) is not added again: its
 * answer is taken when it comes.
 */
export async function redisExecutor(url: string): Promise<Executor> {
  const connection = await connectCoordinator(url);
  const eventsConnection = connection.duplicate();
  const queue = new Queue(QUEUE, { connection });
  const events = new QueueEvents(QUEUE, { connection: eventsConnection });
  queue.on('error', () => {});
  events.on('error', () => {});
  const lost = (error: unknown) =>
    new ServiceUnavailable(`lost Redis at ${shownUrl(url)} (${reason(error)}): every run recorded so far is kept; when Redis is back, run the same command again to go on.`);
  return {
    where: `the queue ${QUEUE} on ${shownUrl(url)}`,
    execute: async (jobs, record, options) => {
      const watch = watchGivingUp([connection, eventsConnection]);
      try {
        await execute(queue, events, jobs, record, options ?? {}, lost, watch.gaveUp);
      } finally {
        watch.stop();
      }
    },
    close: async () => {
      await Promise.allSettled([events.close(), queue.close()]);
      connection.disconnect();
    },
  };
}

async function execute(
  queue: Queue,
  events: QueueEvents,
  jobs: RunJob[],
  record: (job: RunJob, summary: RunSummary) => Promise<void> | void,
  { shouldStop, signal, onProgress }: ExecuteOptions,
  lost: (error: unknown) => Error,
  gaveUp: Promise<never>,
): Promise<void> {
  const outstanding = new Map(jobs.map((j) => [j.key, j]));
  const ready = new Set<string>();
  let wake: () => void = () => {};
  const onFinished = ({ jobId }: { jobId: string }) => {
    if (!outstanding.has(jobId)) return;
    ready.add(jobId);
    wake();
  };
  const onJobProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
    const job = outstanding.get(jobId);
    if (job && onProgress && typeof data === 'object' && data && 'day' in data) onProgress(job, data as RunProgress);
  };
  events.on('completed', onFinished);
  events.on('failed', onFinished);
  events.on('progress', onJobProgress);
  signal?.addEventListener('abort', () => wake(), { once: true });
  // a call Redis will never answer (its connection gave up) fails as Redis lost, not by hanging
  const redis = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await Promise.race([call(), gaveUp]);
    } catch (error) {
      throw lost(error);
    }
  };
  try {
    await redis(() => events.waitUntilReady());
    await redis(() => enqueue(queue, jobs, ready));
    let lastSweep = 0;
    while (outstanding.size && !signal?.aborted) {
      if (performance.now() - lastSweep > SWEEP_MS) {
        for (const id of await redis(() => finishedOf(queue, outstanding))) ready.add(id);
        lastSweep = performance.now();
      }
      if (!ready.size) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, SWEEP_MS);
        });
        continue;
      }
      for (const id of [...ready]) {
        ready.delete(id);
        const job = await redis(() => queue.getJob(id));
        if (!job || !outstanding.has(id)) continue;
        const state = await redis(() => job.getState());
        if (state === 'failed') throw new Error(`the run ${id} failed on worker ${job.processedBy ?? '?'}: ${job.failedReason}`);
        if (state !== 'completed') continue; // an event of an earlier attempt
        if (signal?.aborted) return;
        await record(outstanding.get(id)!, decodeSummary(job.returnvalue as [string, number | string][]));
        outstanding.delete(id);
        await redis(() => job.remove());
        if (shouldStop?.()) return; // the rest stay on the queue: a coordinator started again takes their answers
      }
    }
  } finally {
    events.off('completed', onFinished);
    events.off('failed', onFinished);
    events.off('progress', onJobProgress);
  }
}

/** Put on the queue every job not there already; a job an earlier coordinator left finished is marked ready. */
async function enqueue(queue: Queue, jobs: RunJob[], ready: Set<string>) {
  for (let i = 0; i < jobs.length; i += BATCH) {
    const batch = jobs.slice(i, i + BATCH);
    const states = await Promise.all(batch.map((j) => queue.getJobState(j.key)));
    const fresh: RunJob[] = [];
    for (let k = 0; k < batch.length; k++) {
      if (states[k] === 'unknown') fresh.push(batch[k]);
      else if (states[k] === 'failed') {
        await (await queue.getJob(batch[k].key))?.remove(); // an earlier attempt failed: once more, then it is reported
        fresh.push(batch[k]);
      } else if (states[k] === 'completed') ready.add(batch[k].key);
    }
    await queue.addBulk(
      fresh.map((j) => ({
        name: 'run',
        data: { scenario: j.scenario, seed: j.seed, windows: j.windows, from: j.from },
        opts: { jobId: j.key, removeOnComplete: false, removeOnFail: false, attempts: 1 },
      })),
    );
  }
}

/** Which outstanding jobs have finished (completed or failed) on the queue. */
async function finishedOf(queue: Queue, outstanding: Map<string, RunJob>): Promise<string[]> {
  const finished: Job[] = await queue.getJobs(['completed', 'failed']);
  return finished.map((j) => j.id!).filter((id) => outstanding.has(id));
}

/**
 * Rejects once a connection has given up on Redis (connectCoordinator's retries spent), and keeps
 * the process alive until then: a command pending on a connection that gave up may never settle,
 * and a process left with nothing but such a promise would exit without a word (code 13).
 */
function watchGivingUp(connections: Redis[]): { gaveUp: Promise<never>; stop(): void } {
  let check = () => {};
  const gaveUp = new Promise<never>((_, reject) => {
    check = () => {
      if (connections.some((c) => c.status === 'end')) reject(new Error('the connection to Redis gave up'));
    };
  });
  gaveUp.catch(() => {}); // only a call raced against it reports it
  const timer = setInterval(check, 250);
  for (const c of connections) c.on('end', check);
  return {
    gaveUp,
    stop: () => {
      clearInterval(timer);
      for (const c of connections) c.off('end', check);
    },
  };
}
