import { Worker } from 'node:worker_threads';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname, basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseYaml, loadScenario, resolveScenarioPath } from '../load/scenario.ts';
import { inputError } from '../scenario/errors.ts';
import { defaultRunsDir } from '../store/run-dir.ts';
import { writeTable } from '../store/table.ts';
import { sweepSchema, type Sweep } from '../scenario/sweep-schema.ts';
import { designPoints } from './design.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';
import type { Scenario } from '../scenario/schema.ts';

export const SWEEP_FILE = 'sweep.duckdb';

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
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded when needed: the CLI starts faster
  const source = readFileSync(file, 'utf8');
  const sweep = parseYaml(sweepSchema, source, file, {}, 'sweep fields');
  const base = baseScenario(sweep.scenario, file);
  const points = designPoints(sweep);
  // every point is validated before anything runs
  const scenarios = points.map((p) => loadScenario(base, { ...sweep.set, ...p, 'output.sampleRate': 0 }).scenario);
  const hash = createHash('sha256').update(source).update(VERSION).digest('hex');
  const dir = join(resolve(options.runsDir ?? defaultRunsDir()), `sweep-${basename(file).replace(/\.ya?ml$/, '')}`);
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, SWEEP_FILE));
  const db = await instance.connect();
  try {
    await prepare(db, sweep, source, hash, points, scenarios, dir);
    const done = new Set((await db.runAndReadAll('SELECT point, replication FROM done')).getRows().map(([p, r]) => `${p}:${r}`));
    await db.run('DELETE FROM results WHERE (point, replication) NOT IN (SELECT point, replication FROM done)');
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
      await writeTable(db, 'results', [
        { name: 'point', type: 'INTEGER', values: () => job.point },
        { name: 'replication', type: 'INTEGER', values: () => job.replication },
        { name: 'seed', type: 'UINTEGER', values: () => job.seed },
        { name: 'metric', type: 'VARCHAR', values: (r) => summary[r][0] },
        { name: 'value', type: 'DOUBLE', values: (r) => summary[r][1] },
      ], summary.length, { append: true });
      await db.run(`INSERT INTO done VALUES (${job.point}, ${job.replication})`);
      computed++;
      options.onProgress?.({ done: skipped + computed, total, skipped, elapsedMs: performance.now() - t0 });
      if (options.shouldStop?.()) stopped = true;
    };
    await runOnWorkers(jobs, (job) => ({ id: job.id, scenario: scenarios[job.point], seed: job.seed }), record, Math.min(options.workers ?? sweep.workers, Math.max(1, jobs.length)), () => stopped);
    return { dir, points: points.length, replications: sweep.replications, computed, skipped, stopped };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

function baseScenario(name: string, sweepFile: string): string {
  const relative = join(dirname(sweepFile), name);
  if (existsSync(relative) && /\.ya?ml$/.test(name)) return relative;
  return resolveScenarioPath(name);
}

/** Create the tables of a new sweep, or check that an existing one is the same sweep. */
async function prepare(db: DuckDBConnection, sweep: Sweep, source: string, hash: string, points: Record<string, unknown>[], scenarios: Scenario[], dir: string) {
  const exists = (await db.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'sweep'`)).getRows()[0][0];
  if (Number(exists) > 0) {
    const [[stored]] = (await db.runAndReadAll('SELECT hash FROM sweep')).getRows();
    if (stored !== hash) throw inputError(`${dir} holds another sweep (or one made by another model version): remove it, or rename this sweep file`);
    return;
  }
  const names = Object.keys(sweep.parameters);
  await writeTable(db, 'sweep', [
    { name: 'hash', type: 'VARCHAR', values: [hash] },
    { name: 'sweep_yaml', type: 'VARCHAR', values: [source] },
    { name: 'design', type: 'VARCHAR', values: [sweep.design] },
    { name: 'replications', type: 'INTEGER', values: [sweep.replications] },
    { name: 'first_seed', type: 'UINTEGER', values: [sweep.seed] },
    { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
    { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
  ], 1);
  await writeTable(db, 'points', [
    { name: 'point', type: 'INTEGER', values: (r) => r },
    ...names.map((n) => ({ name: n, type: (typeof points[0][n] === 'number' ? 'DOUBLE' : 'VARCHAR') as 'DOUBLE' | 'VARCHAR', values: (r: number) => (typeof points[r][n] === 'number' ? points[r][n] : JSON.stringify(points[r][n])) })),
    { name: 'scenario_resolved', type: 'VARCHAR', values: (r) => JSON.stringify(scenarios[r]) },
  ], points.length);
  await db.run('CREATE TABLE results (point INTEGER, replication INTEGER, seed UINTEGER, metric VARCHAR, value DOUBLE)');
  await db.run('CREATE TABLE done (point INTEGER, replication INTEGER)');
  const columns = names.map((n) => `p."${n}"`).join(', ');
  await db.run(`CREATE VIEW results_with_parameters AS SELECT r.point, ${columns}, r.replication, r.seed, r.metric, r.value FROM results r JOIN points p USING (point)`);
}

/** Run jobs on a pool of worker threads; `record` each answer in order of arrival. */
async function runOnWorkers<J extends { id: number }>(jobs: J[], message: (job: J) => unknown, record: (job: J, summary: [string, number][]) => Promise<void>, size: number, stop: () => boolean): Promise<void> {
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
