import { join } from 'node:path';
import { RUN_FILE } from './run-dir.ts';
import { inputError } from '../scenario/errors.ts';

/** Run a query on a stored run (read-only) and return its rows as plain objects. */
export async function queryRun(runDir: string, sql: string, file = join(runDir, RUN_FILE)): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded when needed: the CLI starts faster
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
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
