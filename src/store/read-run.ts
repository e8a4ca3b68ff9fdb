import { join } from 'node:path';
import { RUN_FILE } from './run-dir.ts';
import { inputError } from '../scenario/errors.ts';

/**
 * Open a stored DuckDB file read-only. A file that is missing, damaged or not DuckDB's is bad
 * input (the user named it), refused with a message rather than DuckDB's exception.
 */
export async function openReadOnly(file: string) {
  const { DuckDBInstance } = await import('./duckdb.js'); // loaded when needed: the CLI starts faster
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw inputError(`${file} cannot be read: ${firstLine(error)} (a damaged or partly written file? run it again)`);
  }
  try {
    return { instance, db: await instance.connect() };
  } catch (error) {
    instance.closeSync();
    throw inputError(`${file} cannot be read: ${firstLine(error)}`);
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);

/** Run a query on a stored run (read-only) and return its rows as plain objects. */
export async function queryRun(runDir: string, sql: string, file = join(runDir, RUN_FILE)): Promise<Record<string, unknown>[]> {
  const { instance, db } = await openReadOnly(file);
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } catch (error) {
    // a file of DuckDB's that is not what we wrote: a table or column missing
    if (/Catalog Error|Binder Error/.test(firstLine(error))) throw inputError(`${file} is not a complete Credence file: ${firstLine(error)}`);
    throw error;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

export interface StoredRun {
  id: string;
  scenario: unknown;
  seed: number;
  days: number;
  citizens: number;
  modelVersion: string;
}

/** Refuse a run of a reference model (Epstein's) where a Credence city run is needed. */
export async function assertCityRun(runDir: string, what: string): Promise<void> {
  const [row] = await queryRun(runDir, 'SELECT * FROM run');
  if ('model' in row) throw inputError(`${what} covers runs of the Credence city; this is a run of the reference model ${row.model}: query or export its per-step counts instead`);
}

export async function readRun(runDir: string): Promise<StoredRun> {
  await assertCityRun(runDir, 'explain');
  const [row] = await queryRun(runDir, 'SELECT id, scenario_resolved, seed, days, citizens, model_version FROM run');
  return {
    id: String(row.id),
    scenario: JSON.parse(String(row.scenario_resolved)),
    seed: Number(row.seed),
    days: Number(row.days),
    citizens: Number(row.citizens),
    modelVersion: String(row.model_version),
  };
}
