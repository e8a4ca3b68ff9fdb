import { Worker } from 'node:worker_threads';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname, basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parseYaml, loadScenario, resolveScenarioPath } from '../load/scenario.ts';
import { defaultRunsDir } from '../store/run-dir.ts';
import { openSweepFile } from '../store/sweep-file.ts';
import { sweepSchema } from '../scenario/sweep-schema.ts';
import { designPoints } from './design.ts';
import { VERSION } from '../core/version.ts';

export interface SweepProgress {
  done: number;
  total: number;
  skipped: number;
  elapsedMs: number;
}

export interface SweepOptions {
  runsDir?: string;
  workers?: number;
  onProgress?: (p: SweepProgress) => void;
  /** checked after each finished run: true stops the sweep (finished runs are kept) */
  shouldStop?: () => boolean;
}

export interface SweepResult {
  dir: string;
  points: number;
  replications: number;
  /** runs computed now, and runs found done from an earlier, interrupted sweep */
  computed: number;
  skipped: number;
  stopped: boolean;
}

/**
 * Run a sweep: every point of the design (a grid or a Latin hypercube over scenario fields) times
 * `replications` seeds, on worker threads, into one DuckDB file in `<runs>/sweep-<name>/`. Each
 * finished run is committed at once, so a sweep that stops (a crash, Ctrl-C) resumes where it
 * was: running it again computes only what is missing. Points share seeds (common random numbers).
 * @example await runSweep('sweeps/fpir.yaml')
 */
export async function runSweep(file: string, options: SweepOptions = {}): Promise<SweepResult> {
  const source = readFileSync(file, 'utf8');
  const sweep = parseYaml(sweepSchema, source, file, {}, 'sweep fields');
  const base = baseScenario(sweep.scenario, file);
  const points = designPoints(sweep);
  // every point is validated before anything runs
  const scenarios = points.map((p) => loadScenario(base, { ...sweep.set, ...p, 'output.sampleRate': 0 }).scenario);
  const hash = createHash('sha256').update(source).update(VERSION).digest('hex');
  const dir = join(resolve(options.runsDir ?? defaultRunsDir()), `sweep-${basename(file).replace(/\.ya?ml$/, '')}`);
  mkdirSync(dir, { recursive: true });
  const results = await openSweepFile(dir, { sweep, source, hash, points, scenarios });
  try {
    const done = results.done;
    const jobs: { id: number; point: number; replication: number; seed: number }[] = [];
    points.forEach((_, point) => {
      for (let replication = 0; replication < sweep.replications; replication++) {
        if (!done.has(`${point}:${replication}`)) jobs.push({ id: jobs.length, point, replication, seed: (sweep.seed + replication) >>> 0 });
      }
    });
    const total = points.length * sweep.replications;
    const skipped = total - jobs.length;
    const t0 = performance.now();
    let computed = 0;
    let stopped = false;
    options.onProgress?.({ done: skipped, total, skipped, elapsedMs: 0 });
    const record = async (job: (typeof jobs)[number], summary: [string, number][]) => {
      await results.record(job, summary);
      computed++;
      options.onProgress?.({ done: skipped + computed, total, skipped, elapsedMs: performance.now() - t0 });
      if (options.shouldStop?.()) stopped = true;
    };
    await runOnWorkers(
      jobs,
      (job) => ({ id: job.id, scenario: scenarios[job.point], seed: job.seed }),
      record,
      Math.min(options.workers ?? sweep.workers, Math.max(1, jobs.length)),
      () => stopped,
    );
    return { dir, points: points.length, replications: sweep.replications, computed, skipped, stopped };
  } finally {
    results.close();
  }
}

function baseScenario(name: string, sweepFile: string): string {
  const relative = join(dirname(sweepFile), name);
  if (existsSync(relative) && /\.ya?ml$/.test(name)) return relative;
  return resolveScenarioPath(name);
}

/** Run jobs on a pool of worker threads; `record` each answer in order of arrival. */
async function runOnWorkers<J extends { id: number }>(
  jobs: J[],
  message: (job: J) => unknown,
  record: (job: J, summary: [string, number][]) => Promise<void>,
  size: number,
  stop: () => boolean,
): Promise<void> {
  if (!jobs.length) return;
  const queue = [...jobs];
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const workers = Array.from({ length: size }, () => new Worker(new URL('./sweep-worker.mjs', import.meta.url)));
  let writing = Promise.resolve();
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolveWorker, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job || stop()) return resolveWorker();
              worker.postMessage(message(job));
            };
            worker.on('message', (answer: { id: number; summary: [string, number][] }) => {
              writing = writing.then(() => record(byId.get(answer.id)!, answer.summary));
              writing.then(next, reject);
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
    await writing;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
