import type { Scenario } from '../scenario/schema.ts';
import type { ExperimentFile } from '../store/experiment-file.ts';
import { jobKey, type Executor, type MetricWindow, type RunJob } from './executor/job.ts';

/** How far an experiment of points x replications is: runs done (computed now or found done), of all, and how long it has run. */
export interface SweepProgress {
  done: number;
  total: number;
  skipped: number;
  elapsedMs: number;
}

/** How an experiment of points x replications (a sweep, a sensitivity analysis) runs, and what it tells as it goes. */
export interface ExperimentOptions {
  runsDir?: string;
  workers?: number;
  onProgress?: (p: SweepProgress) => void;
  /** checked after each finished run: true stops (finished runs are kept) */
  shouldStop?: () => boolean;
  /** aborted: stop at once, runs in flight are dropped (finished runs are kept), and `stopped` is true */
  signal?: AbortSignal;
  /** the runs go on this Redis's queue, for `credence worker` processes on any machine, instead of threads here */
  redis?: string;
  /** where the runs run, when the caller holds one open (then `workers` and `redis` are not read) */
  executor?: Executor;
}

/** What the runs came to: runs in all, computed now, found done before, and whether they stopped before every run was done. */
export interface MissingRuns {
  total: number;
  computed: number;
  skipped: number;
  stopped: boolean;
}

/**
 * Run, on `executor`, the (point, replication) runs of an experiment that its file does not have
 * yet, and commit each to the file as it finishes, so a stopped experiment resumes where it was.
 * Replication r runs seed + r at every point (common random numbers); `windows`, when given, are
 * summarised by every run besides the whole run.
 */
export async function runMissing(
  executor: Executor,
  file: Pick<ExperimentFile, 'done' | 'record'>,
  { hash, scenarios, replications, seed, windows }: { hash: string; scenarios: Scenario[]; replications: number; seed: number; windows?: MetricWindow[] },
  options: Pick<ExperimentOptions, 'onProgress' | 'shouldStop' | 'signal'>,
): Promise<MissingRuns> {
  const jobs: RunJob[] = [];
  const where = new Map<string, { point: number; replication: number; seed: number }>();
  scenarios.forEach((scenario, point) => {
    for (let replication = 0; replication < replications; replication++) {
      if (file.done.has(`${point}:${replication}`)) continue;
      const key = jobKey(hash, point, replication);
      const job: RunJob = windows ? { key, scenario, seed: (seed + replication) >>> 0, windows } : { key, scenario, seed: (seed + replication) >>> 0 };
      jobs.push(job);
      where.set(job.key, { point, replication, seed: job.seed });
    }
  });
  const total = scenarios.length * replications;
  const skipped = total - jobs.length;
  const t0 = performance.now();
  let computed = 0;
  let stopped = false;
  options.onProgress?.({ done: skipped, total, skipped, elapsedMs: 0 });
  await executor.execute(
    jobs,
    async (job, summary) => {
      await file.record(where.get(job.key)!, summary);
      computed++;
      options.onProgress?.({ done: skipped + computed, total, skipped, elapsedMs: performance.now() - t0 });
      if (options.shouldStop?.()) stopped = true;
    },
    { shouldStop: () => stopped, signal: options.signal },
  );
  if (options.signal?.aborted) stopped = true;
  return { total, computed, skipped, stopped };
}
