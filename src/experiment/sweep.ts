import { readFileSync, existsSync, statSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { parseYaml } from '../load/yaml.ts';
import { loadScenario } from '../load/scenario.ts';
import { resolveScenarioPath } from '../load/scenario-files.ts';
import { defaultRunsDir, ownerText, SWEEP_PENDING_FILE } from '../store/run-dir.ts';
import { checkOutDir, ensureDir, reasonOf } from '../store/out-dir.ts';
import { inputError } from '../scenario/errors.ts';
import { openSweepFile } from '../store/sweep-file.ts';
import { sweepSchema, type Sweep } from '../scenario/sweep-schema.ts';
import type { Scenario } from '../scenario/schema.ts';
import { designPoints, type Point } from './design.ts';
import { VERSION } from '../core/version.ts';
import { openExecutor } from './executor/open.ts';
import type { Executor } from './executor/job.ts';
import { runMissing, type ExperimentOptions } from './jobs.ts';

export type SweepOptions = ExperimentOptions;

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
  const source = readSweepFile(file);
  const sweep = parseYaml(sweepSchema, source, file, {}, 'sweep fields');
  const base = baseScenario(sweep.scenario, file);
  const points = designPoints(sweep);
  // every point is validated before anything runs
  const scenarios = points.map((p) => loadScenario(base, { ...sweep.set, ...p, 'output.sampleRate': 0 }).scenario);
  const hash = createHash('sha256').update(source).update(VERSION).digest('hex');
  const workers = options.workers ?? sweep.workers;
  // a bad --workers or an unreachable Redis is refused before anything is written
  const executor = options.executor ?? (await openExecutor({ workers, redis: options.redis }));
  try {
    return await sweepOn(executor, file, { sweep, source, hash, points, scenarios }, options);
  } finally {
    if (!options.executor) await executor.close();
  }
}

/** The sweep's directory and results file, and its runs that are not done yet, on `executor`. */
async function sweepOn(
  executor: Executor,
  file: string,
  { sweep, source, hash, points, scenarios }: { sweep: Sweep; source: string; hash: string; points: Point[]; scenarios: Scenario[] },
  options: SweepOptions,
): Promise<SweepResult> {
  const runsDir = checkOutDir(options.runsDir ?? defaultRunsDir(), '--out');
  const dir = join(runsDir, `sweep-${basename(file).replace(/\.ya?ml$/, '')}`);
  ensureDir(dir, '--out');
  // until every run is done the directory says so (and who is at it): `credence runs` lists it as interrupted, not complete
  const pendingFile = join(dir, SWEEP_PENDING_FILE);
  writeFileSync(`${pendingFile}.tmp`, ownerText());
  renameSync(`${pendingFile}.tmp`, pendingFile);
  const results = await openSweepFile(dir, { sweep, source, hash, points, scenarios });
  try {
    const { total, computed, skipped, stopped } = await runMissing(executor, results, { hash, scenarios, replications: sweep.replications, seed: sweep.seed }, options);
    if (!stopped && skipped + computed === total) rmSync(pendingFile, { force: true });
    return { dir, points: points.length, replications: sweep.replications, computed, skipped, stopped };
  } finally {
    results.close();
  }
}

/** The scenario an experiment file names: a YAML file beside it, else a shipped scenario. */
export function baseScenario(name: string, sweepFile: string): string {
  const relative = join(dirname(sweepFile), name);
  if (existsSync(relative) && /\.ya?ml$/.test(name)) return relative;
  return resolveScenarioPath(name);
}

/** A sweep file's (or another experiment's file's) text; a missing or unreadable file, or one that is not a regular file, is bad input. */
export function readSweepFile(file: string, what = 'sweep'): string {
  try {
    if (!statSync(file).isFile()) throw inputError(`${file} is not a regular file: expected a ${what} YAML file`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw inputError(`cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : reasonOf(error)}`);
  }
}
