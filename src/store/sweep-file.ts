import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openExperimentFile } from './experiment-file.ts';
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
export function openSweepFile(dir: string, definition: SweepDefinition): Promise<SweepFile> {
  const { sweep, source, hash, points, scenarios } = definition;
  return openExperimentFile({
    file: join(dir, SWEEP_FILE),
    hash,
    what: 'sweep',
    head: 'sweep',
    tables: ['sweep', 'points', 'results_with_parameters'],
    setUp: (db) => setUp(db, sweep, source, hash, points, scenarios),
    holdPrefix: 'sweep',
  });
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
  const columns = names.map((n) => `p."${n}"`).join(', ');
  await db.run(`CREATE VIEW results_with_parameters AS SELECT r.point, ${columns}, r.replication, r.seed, r.metric, r.value FROM results r JOIN points p USING (point)`);
}
