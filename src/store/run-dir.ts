import { mkdirSync, renameSync, rmSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { inputError } from '../scenario/errors.ts';
import { ensureDir } from './out-dir.ts';

export const RUN_FILE = 'run.duckdb';
export const MANIFEST_FILE = 'run.json';
export const INCOMPLETE_PREFIX = '.incomplete-';
/** In every directory or file being written: which process writes it, so a leftover of a killed one can be told from work in progress. */
export const OWNER_FILE = '.owner';
/** In a sweep's directory until every run of it is done. */
export const SWEEP_PENDING_FILE = 'incomplete.json';

/**
 * Everything this process is writing and has not yet renamed into place. A second Ctrl-C
 * removes it all at once (`discardPendingSync`) before the process exits.
 */
const pendingPaths = new Set<string>();
export const trackPending = (path: string) => void pendingPaths.add(path);
export const untrackPending = (path: string) => void pendingPaths.delete(path);

/** Remove, synchronously, every half-written result of this process: for an exit that cannot wait. */
export function discardPendingSync(): void {
  for (const path of pendingPaths) rmSync(path, { recursive: true, force: true });
  pendingPaths.clear();
}

/** Who is writing: this process, on this host. */
export const ownerText = () => JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }) + '\n';

/** Whether the process that wrote `owner` (an OWNER_FILE's text) still runs; a file without one counts as dead. */
export function ownerAlive(owner: string | undefined): boolean {
  if (!owner) return false;
  try {
    const { pid, host } = JSON.parse(owner) as { pid: number; host: string };
    if (host !== hostname()) return true; // another machine's: leave it alone
    if (pid === process.pid) return true;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}

const readOwner = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

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

export function startRunDir(runsDir: string, id: string, option = '--out'): PendingRun {
  ensureDir(runsDir, option);
  const dir = join(runsDir, `${INCOMPLETE_PREFIX}${id}`);
  const finalDir = join(runsDir, id);
  mkdirSync(dir);
  trackPending(dir);
  writeFileSync(join(dir, OWNER_FILE), ownerText());
  return {
    id,
    dir,
    finalDir,
    complete() {
      rmSync(join(dir, OWNER_FILE), { force: true });
      renameSync(dir, finalDir);
      untrackPending(dir);
      return finalDir;
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
      untrackPending(dir);
    },
  };
}

/** Something an interrupted command left: a hidden run, comparison, export or sweep set-up, or a sweep not finished. */
export interface Leftover {
  path: string;
  kind: 'run or comparison' | 'export' | 'report' | 'sweep set-up' | ResumableKind;
  /** its writer still runs: work in progress, not a leftover (yet) */
  inProgress: boolean;
}

/** Experiments of many runs that resume where they stopped, by the prefix of their directory, and the command that resumes them. */
export const RESUMABLE = { sweep: 'credence sweep FILE', 'sensitivity analysis': 'credence sensitivity FILE', calibration: 'credence calibrate FILE' } as const;
export type ResumableKind = keyof typeof RESUMABLE;
const RESUMABLE_PREFIX: [string, ResumableKind][] = [
  ['sensitivity-', 'sensitivity analysis'],
  ['calibration-', 'calibration'],
];
/** What experiment a directory of many runs holds, by its name (sweep-<name>, sensitivity-<name>, calibration-<name>). */
const resumableKind = (name: string): ResumableKind => RESUMABLE_PREFIX.find(([prefix]) => name.startsWith(prefix))?.[1] ?? 'sweep';
export const isResumable = (kind: Leftover['kind']): kind is ResumableKind => kind in RESUMABLE;

/**
 * What interrupted commands left in a runs directory: hidden `.incomplete-*` runs and
 * comparisons, exports and set-ups in progress inside results, report files half-written, and
 * sweeps whose runs are not all done (these resume: run the sweep again).
 */
export function listLeftovers(runsDir = defaultRunsDir()): Leftover[] {
  if (!isDir(runsDir)) return [];
  const out: Leftover[] = [];
  for (const name of readdirSync(runsDir)) {
    const path = join(runsDir, name);
    if (name.startsWith(INCOMPLETE_PREFIX)) {
      out.push({ path, kind: 'run or comparison', inProgress: ownerAlive(readOwner(join(path, OWNER_FILE))) });
      continue;
    }
    if (name.startsWith('.') || !isDir(path)) continue;
    for (const inner of readdirSync(path)) {
      const p = join(path, inner);
      if (inner.startsWith(INCOMPLETE_PREFIX)) {
        // a file names its writer in its name (.pid<N>); a directory holds an OWNER_FILE
        const pid = /\.pid(\d+)/.exec(inner)?.[1];
        const kind = inner.includes('.duckdb') ? 'sweep set-up' : inner.endsWith('.partial') ? 'report' : 'export';
        const owner = pid ? JSON.stringify({ pid: Number(pid), host: hostname() }) : readOwner(join(p, OWNER_FILE));
        out.push({ path: p, kind, inProgress: ownerAlive(owner) });
      }
    }
    if (existsSync(join(path, SWEEP_PENDING_FILE))) out.push({ path, kind: resumableKind(name), inProgress: ownerAlive(readOwner(join(path, SWEEP_PENDING_FILE))) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Remove what killed commands left (not work in progress, not interrupted sweeps, which resume); returns what was removed. */
export function cleanLeftovers(runsDir = defaultRunsDir()): Leftover[] {
  const removed = listLeftovers(runsDir).filter((l) => !l.inProgress && !isResumable(l.kind));
  for (const l of removed) {
    rmSync(l.path, { recursive: true, force: true });
  }
  return removed;
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** A runs directory given to a command that reads it: absent is fine (nothing in it), anything but a directory is refused. */
export function checkRunsDir(runsDir: string, option = '--out'): string {
  if (runsDir.trim() === '') throw inputError('expected a directory, found an empty string', { path: option });
  const full = resolve(runsDir);
  if (existsSync(full) && !isDir(full)) throw inputError(`${runsDir} is not a directory`, { path: option });
  return full;
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
  kind: 'comparison' | ResumableKind;
  what: string;
}

export function listExperiments(runsDir = defaultRunsDir()): Experiment[] {
  if (!isDir(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((name) => !name.startsWith('.') && isDir(join(runsDir, name)))
    .flatMap((name): Experiment[] => {
      const dir = join(runsDir, name);
      if (existsSync(join(dir, 'comparison.json'))) {
        const m = readJson(join(dir, 'comparison.json')) as Record<string, unknown> | undefined;
        if (!m) return [];
        return [{ id: name, kind: 'comparison', what: `${m.a} vs ${m.b}, ${m.replications} replications, ${m.citizens} citizens, ${m.days} days` }];
      }
      // a sweep is listed once every run of it is done; until then `listLeftovers` names it
      if (existsSync(join(dir, SWEEP_PENDING_FILE))) return [];
      if (existsSync(join(dir, 'sweep.duckdb'))) return [{ id: name, kind: 'sweep', what: 'query sweep.duckdb (view results_with_parameters)' }];
      if (existsSync(join(dir, 'sensitivity.duckdb'))) return [{ id: name, kind: 'sensitivity analysis', what: 'report.html; sensitivity.duckdb (table indices)' }];
      if (existsSync(join(dir, 'calibration.duckdb'))) return [{ id: name, kind: 'calibration', what: 'calibration.duckdb (posterior); the calibrated scenario beside it' }];
      return [];
    })
    .sort((a, b) => b.id.localeCompare(a.id));
}

/** Complete runs in a directory, newest first. */
export function listRuns(runsDir = defaultRunsDir()): (RunManifest & { dir: string })[] {
  if (!isDir(runsDir)) return [];
  return readdirSync(runsDir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(runsDir, name))
    .filter((dir) => isDir(dir) && existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, RUN_FILE)))
    .flatMap((dir) => {
      const manifest = readJson(join(dir, MANIFEST_FILE)) as RunManifest | undefined;
      return manifest && typeof manifest.startedAt === 'string' ? [{ ...manifest, dir }] : []; // a damaged manifest is not a complete run
    })
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || basename(b.dir).localeCompare(basename(a.dir)));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
