import { join, dirname } from 'node:path';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { INCOMPLETE_PREFIX, ownerAlive, trackPending, untrackPending } from './run-dir.ts';
import { holdForTest } from './test-hold.ts';
import { inputError } from '../scenario/errors.ts';
import { writeTable } from './table.ts';

/**
 * An experiment of many runs kept in one DuckDB file, run by run: which (point, replication) runs
 * are done, a way to commit one more at once (so a stopped experiment resumes after it), the open
 * connection for what the experiment writes when its runs are done, and a way to close it.
 */
export interface ExperimentFile {
  db: DuckDBConnection;
  /** `point:replication` of every run committed so far */
  done: Set<string>;
  /** commit one run's summary (name, value) at once */
  record(job: { point: number; replication: number; seed: number }, summary: [string, number][]): Promise<void>;
  close(): void;
}

export interface ExperimentFileSpec {
  /** the DuckDB file */
  file: string;
  /** of the experiment's text and the model version: a file made by another experiment is refused */
  hash: string;
  /** its name in messages: "sensitivity analysis" */
  what: string;
  /** the table holding the experiment's one row, with a `hash` column */
  head: string;
  /** the tables and views set-up makes, besides results and done */
  tables: string[];
  /** make the head, the tables and views, in a file not yet in place (results is made before, done after) */
  setUp(db: DuckDBConnection): Promise<void>;
  /** the phase `holdForTest` waits at during set-up and after each committed run: `<prefix>-setup`, `<prefix>-record` */
  holdPrefix: string;
}

/**
 * Open, creating it or checking it is the same experiment, an experiment's file: its own tables,
 * `results (point, replication, seed, metric, value)` and `done (point, replication)`. It is set
 * up in a hidden file renamed into place when whole, so a set-up killed half-way leaves nothing;
 * results of runs not marked done (a crash mid-write) are dropped.
 */
export async function openExperimentFile(spec: ExperimentFileSpec): Promise<ExperimentFile> {
  const { DuckDBInstance } = await import('./duckdb.js'); // loaded when needed: the CLI starts faster
  const { file, hash, what, head } = spec;
  const dir = dirname(file);
  if (existsSync(file) && !(await hasDoneTable(file, DuckDBInstance))) {
    // set up by an earlier version killed half-way (done is made last): no run can have been committed to it
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  }
  if (!existsSync(file)) {
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
        await db.run('CREATE TABLE results (point INTEGER, replication INTEGER, seed UINTEGER, metric VARCHAR, value DOUBLE)');
        await spec.setUp(db);
        await holdForTest(`${spec.holdPrefix}-setup`);
        await db.run('CREATE TABLE done (point INTEGER, replication INTEGER)');
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
    throw inputError(`${file} cannot be opened: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]} (remove it to start the ${what} again)`);
  }
  const db = await instance.connect();
  const close = () => {
    db.closeSync();
    instance.closeSync();
  };
  try {
    const tables = new Set((await db.runAndReadAll('SELECT table_name FROM information_schema.tables')).getRows().map((r) => String(r[0])));
    const stored = tables.has(head) ? (await db.runAndReadAll(`SELECT hash FROM "${head}"`)).getRows()[0]?.[0] : undefined;
    if (stored !== hash || ![...spec.tables, 'results', 'done'].every((t) => tables.has(t))) {
      throw inputError(`${dir} holds another ${what} (or one made by another model version): remove it, or rename this ${what}'s file`);
    }
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
      await holdForTest(`${spec.holdPrefix}-record`);
    };
    return { db, done, record, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Whether an experiment file has its done table (made last in set-up); a file DuckDB cannot open counts as whole, to be refused when opened. */
async function hasDoneTable(file: string, DuckDBInstance: typeof import('@duckdb/node-api').DuckDBInstance): Promise<boolean> {
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file);
  } catch {
    return true;
  }
  const db = await instance.connect();
  try {
    return Number((await db.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'done'`)).getRows()[0][0]) > 0;
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
