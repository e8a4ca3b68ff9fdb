import { join } from 'node:path';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { INCOMPLETE_PREFIX, ownerAlive, trackPending, untrackPending } from './run-dir.ts';
import { holdForTest } from './test-hold.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inputError } from '../scenario/errors.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Sweep } from '../scenario/sweep-schema.ts';
import { writeTable } from './table.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** A sweep's results: one DuckDB file in `<runs>/sweep-<name>/`. */
export const SWEEP_FILE = 'sweep.duckdb';

/** What a sweep file is made of: the sweep, its text and identity, its points and their scenarios. */
export interface SweepDefinition {
  sweep: Sweep;
  source: string;
  /** of the sweep's text and the model version: a file made by another sweep is refused */
  hash: string;
  points: Record<string, unknown>[];
  scenarios: Scenario[];
}

/** An open sweep file: which (point, replication) runs are done, a way to commit one more, and to close it. */
export interface SweepFile {
  /** `point:replication` of every run committed so far */
  done: Set<string>;
  /** commit one run's summary (metric, value) at once, so a stopped sweep resumes after it */
  record(job: { point: number; replication: number; seed: number }, summary: [string, number][]): Promise<void>;
  close(): void;
}

/**
 * Open (creating, or checking it is the same sweep) a sweep's DuckDB file: tables sweep, points
 * (with each point's resolved scenario), results and done, and the view results_with_parameters.
 * Results of runs not marked done (a crash mid-write) are dropped.
 */
export async function openSweepFile(dir: string, definition: SweepDefinition): Promise<SweepFile> {
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded when needed: the CLI starts faster
  const file = join(dir, SWEEP_FILE);
  const { sweep, source, hash, points, scenarios } = definition;
  if (existsSync(file) && !(await setUpWhole(file))) {
    // made by an earlier version killed during its set-up: no run can have been committed to it
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  }
  if (!existsSync(file)) {
    // set up in a hidden file renamed into place when whole: a set-up killed half-way leaves no sweep.duckdb
    for (const name of readdirSync(dir)) if (name.startsWith(`${INCOMPLETE_PREFIX}setup.pid`)) removeIfDead(join(dir, name));
    const tmp = join(dir, `${INCOMPLETE_PREFIX}setup.pid${process.pid}.duckdb`);
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    trackPending(tmp);
    trackPending(`${tmp}.wal`);
    try {
      const instance = await DuckDBInstance.create(tmp);
      const db = await instance.connect();
      try {
        await setUp(db, sweep, source, hash, points, scenarios);
      } finally {
        db.closeSync();
        instance.closeSync();
      }
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
      rmSync(`${tmp}.wal`, { force: true });
      untrackPending(tmp);
      untrackPending(`${tmp}.wal`);
    }
  }
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (error) {
    throw inputError(`${file} cannot be opened: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]} (remove it to start the sweep again)`);
  }
  const db = await instance.connect();
  const close = () => {
    db.closeSync();
    instance.closeSync();
  };
  try {
    const [[stored]] = (await db.runAndReadAll('SELECT hash FROM sweep')).getRows();
    if (stored !== hash) throw inputError(`${dir} holds another sweep (or one made by another model version): remove it, or rename this sweep file`);
    const done = new Set((await db.runAndReadAll('SELECT point, replication FROM done')).getRows().map(([p, r]) => `${p}:${r}`));
    await db.run('DELETE FROM results WHERE (point, replication) NOT IN (SELECT point, replication FROM done)');
    const record = async (job: { point: number; replication: number; seed: number }, summary: [string, number][]) => {
      await writeTable(
        db,
        'results',
        [
          { name: 'point', type: 'INTEGER', values: () => job.point },
          { name: 'replication', type: 'INTEGER', values: () => job.replication },
          { name: 'seed', type: 'UINTEGER', values: () => job.seed },
          { name: 'metric', type: 'VARCHAR', values: (r) => summary[r][0] },
          { name: 'value', type: 'DOUBLE', values: (r) => summary[r][1] },
        ],
        summary.length,
        { append: true },
      );
      await db.run(`INSERT INTO done VALUES (${job.point}, ${job.replication})`);
      await holdForTest('sweep-record');
    };
    return { done, record, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Whether a sweep file was set up whole: every table there, the sweep's row written (the done table is made last). */
async function setUpWhole(file: string): Promise<boolean> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file);
  } catch {
    return true; // not a DuckDB file: refused when opened, not removed
  }
  const db = await instance.connect();
  try {
    const tables = (await db.runAndReadAll(`SELECT table_name FROM information_schema.tables`)).getRows().map((r) => String(r[0]));
    if (!['sweep', 'points', 'results', 'done', 'results_with_parameters'].every((t) => tables.includes(t))) return false;
    return Number((await db.runAndReadAll('SELECT count(*) FROM sweep')).getRows()[0][0]) === 1;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** A set-up file left by a process that no longer runs. */
function removeIfDead(path: string) {
  const pid = Number(/\.pid(\d+)/.exec(path)?.[1]);
  if (ownerAlive(JSON.stringify({ pid, host: hostname() }))) return;
  rmSync(path, { force: true });
}

/** Create the tables of a new sweep. */
async function setUp(db: DuckDBConnection, sweep: Sweep, source: string, hash: string, points: Record<string, unknown>[], scenarios: Scenario[]) {
  const names = Object.keys(sweep.parameters);
  await writeTable(
    db,
    'sweep',
    [
      { name: 'hash', type: 'VARCHAR', values: [hash] },
      { name: 'sweep_yaml', type: 'VARCHAR', values: [source] },
      { name: 'design', type: 'VARCHAR', values: [sweep.design] },
      { name: 'replications', type: 'INTEGER', values: [sweep.replications] },
      { name: 'first_seed', type: 'UINTEGER', values: [sweep.seed] },
      { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
      { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
    ],
    1,
  );
  await writeTable(
    db,
    'points',
    [
      { name: 'point', type: 'INTEGER', values: (r) => r },
      ...names.map((n) => ({
        name: n,
        type: (typeof points[0][n] === 'number' ? 'DOUBLE' : 'VARCHAR') as 'DOUBLE' | 'VARCHAR',
        values: (r: number) => (typeof points[r][n] === 'number' ? points[r][n] : JSON.stringify(points[r][n])),
      })),
      { name: 'scenario_resolved', type: 'VARCHAR', values: (r) => JSON.stringify(scenarios[r]) },
    ],
    points.length,
  );
  await db.run('CREATE TABLE results (point INTEGER, replication INTEGER, seed UINTEGER, metric VARCHAR, value DOUBLE)');
  await holdForTest('sweep-setup');
  const columns = names.map((n) => `p."${n}"`).join(', ');
  await db.run(`CREATE VIEW results_with_parameters AS SELECT r.point, ${columns}, r.replication, r.seed, r.metric, r.value FROM results r JOIN points p USING (point)`);
  await db.run('CREATE TABLE done (point INTEGER, replication INTEGER)');
}
