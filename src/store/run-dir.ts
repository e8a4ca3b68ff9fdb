import { mkdirSync, renameSync, rmSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputError } from '../scenario/errors.ts';

export const RUN_FILE = 'run.duckdb';
export const MANIFEST_FILE = 'run.json';
const INCOMPLETE_PREFIX = '.incomplete-';

/** Where runs live unless told otherwise: ./runs, or $CREDENCE_RUNS. */
export const defaultRunsDir = () => resolve(process.env.CREDENCE_RUNS ?? 'runs');

/** A fresh run id: time, scenario and seed, plus a few random characters so ids never clash. */
export function newRunId(scenarioName: string, seed: number, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${scenarioName}-s${seed}-${randomBytes(2).toString('hex')}`;
}

/**
 * A run being written: it lives in a hidden directory until `complete` renames it, so an
 * interrupted run never looks complete. `discard` removes it.
 */
export interface PendingRun {
  id: string;
  dir: string;
  finalDir: string;
  complete(): string;
  discard(): void;
}

export function startRunDir(runsDir: string, id: string): PendingRun {
  mkdirSync(runsDir, { recursive: true });
  const dir = join(runsDir, `${INCOMPLETE_PREFIX}${id}`);
  const finalDir = join(runsDir, id);
  mkdirSync(dir);
  return {
    id,
    dir,
    finalDir,
    complete() {
      renameSync(dir, finalDir);
      return finalDir;
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A run, comparison or sweep directory, by id (in the runs directory) or path. */
export function resolveResult(arg: string, runsDir = defaultRunsDir()): string {
  for (const dir of [resolve(arg), join(runsDir, arg)]) {
    if (existsSync(join(dir, RUN_FILE)) && existsSync(join(dir, MANIFEST_FILE))) return dir;
    if (existsSync(join(dir, 'comparison.duckdb')) && existsSync(join(dir, 'comparison.json'))) return dir;
    if (existsSync(join(dir, 'sweep.duckdb'))) return dir;
  }
  throw inputError(`no complete run or comparison "${arg}" in ${runsDir} (list runs with: credence runs)`);
}

/** A RUN argument: a run id (in the runs directory) or a path to a run directory. */
export function resolveRun(run: string, runsDir = defaultRunsDir()): string {
  const candidates = [resolve(run), join(runsDir, run)];
  for (const dir of candidates) if (existsSync(join(dir, RUN_FILE)) && existsSync(join(dir, MANIFEST_FILE))) return dir;
  throw inputError(`no complete run "${run}": expected a run id in ${runsDir} or a run directory holding ${RUN_FILE} (list runs with: credence runs)`);
}

export interface RunManifest {
  id: string;
  scenario: string;
  scenarioHash: string;
  seed: number;
  days: number;
  citizens: number;
  version: string;
  randomAlgorithm: string;
  startedAt: string;
  durationMs: number;
  agentDaysPerSecond: number;
}

/** Complete comparisons and sweeps in a directory: their ids and what they compared or swept. */
export interface Experiment {
  id: string;
  kind: 'comparison' | 'sweep';
  what: string;
}

export function listExperiments(runsDir = defaultRunsDir()): Experiment[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((name) => !name.startsWith('.') && statSync(join(runsDir, name)).isDirectory())
    .flatMap((name): Experiment[] => {
      const dir = join(runsDir, name);
      if (existsSync(join(dir, 'comparison.json'))) {
        const m = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8'));
        return [{ id: name, kind: 'comparison', what: `${m.a} vs ${m.b}, ${m.replications} replications, ${m.citizens} citizens, ${m.days} days` }];
      }
      if (existsSync(join(dir, 'sweep.duckdb'))) return [{ id: name, kind: 'sweep', what: 'query sweep.duckdb (view results_with_parameters)' }];
      return [];
    })
    .sort((a, b) => b.id.localeCompare(a.id));
}

/** Complete runs in a directory, newest first. */
export function listRuns(runsDir = defaultRunsDir()): (RunManifest & { dir: string })[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(runsDir, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, RUN_FILE)))
    .map((dir) => ({ ...(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as RunManifest), dir }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || basename(b.dir).localeCompare(basename(a.dir)));
}
