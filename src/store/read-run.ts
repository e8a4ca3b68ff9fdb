import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RUN_FILE } from './run-dir.ts';

/** Run a query on a stored run (read-only) and return its rows as plain objects. */
export async function queryRun(runDir: string, sql: string, file = join(runDir, RUN_FILE)): Promise<Record<string, unknown>[]> {
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

export async function readRun(runDir: string): Promise<StoredRun> {
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
