import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Sensitivity } from '../scenario/sensitivity-schema.ts';
import type { Scenario } from '../scenario/schema.ts';
import { writeTable } from './table.ts';
import { openExperimentFile, type ExperimentFile } from './experiment-file.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** A sensitivity analysis: one DuckDB file in `<runs>/sensitivity-<name>/`. */
export const SENSITIVITY_FILE = 'sensitivity.duckdb';

/** What a sensitivity file is made of: the file's text and identity, its scenario, its points. */
export interface SensitivityDefinition {
  sensitivity: Sensitivity;
  source: string;
  /** of the file's text and the model version */
  hash: string;
  /** the base scenario with `set` applied, as every point starts from it */
  base: Scenario;
  /** each point's factor values, and what it is in the design */
  points: { values: Record<string, number>; block: number; role: string; moved?: number }[];
  /** each measure's name in the results (`measureName`) */
  measures: string[];
}

/**
 * One index of one factor for one measure. Morris: `mu`, `mu_star`, `sigma` (in the measure's
 * units per whole range of the factor) and `mu_star_noise` (the noise floor of mu*); Sobol: `S1`,
 * `ST` and `ST_noise` (the part of ST a factor without effect would get from the noise).
 */
export interface StoredIndex {
  measure: string;
  factor: number;
  field: string;
  index: string;
  estimate: number;
  /** the 95 % bootstrap interval (NaN without one) */
  low: number;
  high: number;
  /** elementary effects (Morris) or base samples (Sobol) it rests on */
  n: number;
  /** on the importance index (mu_star, ST): whether it lies beyond the model's noise (`beyondNoise` in experiment/sensitivity) */
  moves?: boolean;
}

/**
 * How much of a measure's variation is the model's own noise, not the factors' (`noiseOf` in
 * experiment/sensitivity): a run's value is the factors' doing at its point, the seed's effect
 * common to every point, and what the seed does differently at each point.
 */
export interface StoredNoise {
  measure: string;
  /** the variance across seeds at a point, averaged over points: the noise of one run */
  seedVariance: number;
  /** the part of it common random numbers do not cancel between points (point x seed interaction) */
  residualVariance: number;
  /** the variance of the point means (over replications), which the indices share out */
  pointVariance: number;
  /** the share of one run's variance that is noise: seed / (seed + the factors' variance) */
  runShare: number;
  /** the share of the point means' variance that is noise left after common random numbers: (residual / R) / point */
  meanShare: number;
}

/**
 * Open (creating, or checking it is the same analysis) a sensitivity analysis's DuckDB file:
 * tables experiment, factors, measures, points (each point's factor values and its place in the
 * design), results (every run's summary, by point and replication) and done, the view
 * results_with_factors; `writeFindings` adds indices and noise when every run is done.
 */
export function openSensitivityFile(dir: string, definition: SensitivityDefinition): Promise<ExperimentFile> {
  return openExperimentFile({
    file: join(dir, SENSITIVITY_FILE),
    hash: definition.hash,
    what: 'sensitivity analysis',
    head: 'experiment',
    tables: ['experiment', 'factors', 'measures', 'points', 'results_with_factors'],
    setUp: (db) => setUp(db, definition),
    holdPrefix: 'sensitivity',
  });
}

async function setUp(db: DuckDBConnection, d: SensitivityDefinition) {
  const s = d.sensitivity;
  await writeTable(
    db,
    'experiment',
    [
      { name: 'hash', type: 'VARCHAR', values: [d.hash] },
      { name: 'sensitivity_yaml', type: 'VARCHAR', values: [d.source] },
      { name: 'scenario', type: 'VARCHAR', values: [s.scenario] },
      { name: 'set', type: 'VARCHAR', values: [JSON.stringify(s.set)] },
      { name: 'scenario_resolved', type: 'VARCHAR', values: [JSON.stringify(d.base)] },
      { name: 'method', type: 'VARCHAR', values: [s.method] },
      { name: 'trajectories', type: 'INTEGER', values: [s.method === 'morris' ? s.trajectories : null] },
      { name: 'levels', type: 'INTEGER', values: [s.method === 'morris' ? s.levels : null] },
      { name: 'samples', type: 'INTEGER', values: [s.method === 'sobol' ? s.samples : null] },
      { name: 'points', type: 'INTEGER', values: [d.points.length] },
      { name: 'replications', type: 'INTEGER', values: [s.replications] },
      { name: 'first_seed', type: 'UINTEGER', values: [s.seed] },
      { name: 'bootstrap', type: 'INTEGER', values: [s.bootstrap] },
      { name: 'citizens', type: 'INTEGER', values: [d.base.population.citizens] },
      { name: 'days', type: 'INTEGER', values: [d.base.days] },
      { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
      { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
    ],
    1,
  );
  await writeTable(
    db,
    'factors',
    [
      { name: 'factor', type: 'INTEGER', values: (r) => r },
      { name: 'field', type: 'VARCHAR', values: (r) => s.factors[r].field },
      { name: 'label', type: 'VARCHAR', values: (r) => s.factors[r].label ?? null },
      { name: 'distribution', type: 'VARCHAR', values: (r) => s.factors[r].distribution },
      { name: 'from', type: 'DOUBLE', values: (r) => s.factors[r].from ?? null },
      { name: 'to', type: 'DOUBLE', values: (r) => s.factors[r].to ?? null },
      { name: 'mean', type: 'DOUBLE', values: (r) => s.factors[r].mean ?? null },
      { name: 'sd', type: 'DOUBLE', values: (r) => s.factors[r].sd ?? null },
      { name: 'log', type: 'BOOLEAN', values: (r) => s.factors[r].log },
      { name: 'integer', type: 'BOOLEAN', values: (r) => s.factors[r].integer },
    ],
    s.factors.length,
  );
  await writeTable(
    db,
    'measures',
    [
      { name: 'measure', type: 'VARCHAR', values: d.measures },
      { name: 'metric', type: 'VARCHAR', values: (r) => s.measures[r].metric },
      { name: 'window_from', type: 'INTEGER', values: (r) => s.measures[r].window?.[0] ?? null },
      { name: 'window_to', type: 'INTEGER', values: (r) => s.measures[r].window?.[1] ?? null },
      { name: 'label', type: 'VARCHAR', values: (r) => s.measures[r].label ?? null },
    ],
    s.measures.length,
  );
  await writeTable(
    db,
    'points',
    [
      { name: 'point', type: 'INTEGER', values: (r) => r },
      { name: 'block', type: 'INTEGER', values: (r) => d.points[r].block },
      { name: 'role', type: 'VARCHAR', values: (r) => d.points[r].role },
      { name: 'moved', type: 'INTEGER', values: (r) => d.points[r].moved ?? null },
      ...s.factors.map((f) => ({ name: f.field, type: 'DOUBLE' as const, values: (r: number) => d.points[r].values[f.field] })),
    ],
    d.points.length,
  );
  const columns = s.factors.map((f) => `p."${f.field.replaceAll('"', '""')}"`).join(', ');
  await db.run(`CREATE VIEW results_with_factors AS SELECT r.point, p.block, p.role, p.moved, ${columns}, r.replication, r.seed, r.metric, r.value FROM results r JOIN points p USING (point)`);
}

/** Every run's value of each measure: `[measure][point * replications + replication]`, NaN where missing. */
export async function readMeasureValues(db: DuckDBConnection, measures: string[], points: number, replications: number): Promise<Float64Array[]> {
  const out = measures.map(() => new Float64Array(points * replications).fill(NaN));
  const index = new Map(measures.map((m, i) => [m, i]));
  const list = measures.map((m) => `'${m.replaceAll("'", "''")}'`).join(', ');
  const rows = (await db.runAndReadAll(`SELECT metric, point, replication, value FROM results WHERE metric IN (${list})`)).getRows();
  for (const [metric, point, replication, value] of rows) {
    if (value === null) continue;
    out[index.get(String(metric))!][Number(point) * replications + Number(replication)] = Number(value);
  }
  return out;
}

/** Write (or write again) the indices and the noise of a finished analysis, in one transaction. */
export async function writeFindings(db: DuckDBConnection, indices: StoredIndex[], noise: StoredNoise[]): Promise<void> {
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run('DROP TABLE IF EXISTS indices');
    await db.run('DROP TABLE IF EXISTS noise');
    await writeTable(
      db,
      'indices',
      [
        { name: 'measure', type: 'VARCHAR', values: (r) => indices[r].measure },
        { name: 'factor', type: 'INTEGER', values: (r) => indices[r].factor },
        { name: 'field', type: 'VARCHAR', values: (r) => indices[r].field },
        { name: 'index', type: 'VARCHAR', values: (r) => indices[r].index },
        { name: 'estimate', type: 'DOUBLE', values: (r) => indices[r].estimate },
        { name: 'ci_low', type: 'DOUBLE', values: (r) => indices[r].low },
        { name: 'ci_high', type: 'DOUBLE', values: (r) => indices[r].high },
        { name: 'n', type: 'INTEGER', values: (r) => indices[r].n },
        { name: 'moves', type: 'BOOLEAN', values: (r) => indices[r].moves ?? null },
      ],
      indices.length,
    );
    await writeTable(
      db,
      'noise',
      [
        { name: 'measure', type: 'VARCHAR', values: (r) => noise[r].measure },
        { name: 'seed_variance', type: 'DOUBLE', values: (r) => noise[r].seedVariance },
        { name: 'residual_variance', type: 'DOUBLE', values: (r) => noise[r].residualVariance },
        { name: 'point_variance', type: 'DOUBLE', values: (r) => noise[r].pointVariance },
        { name: 'run_noise_share', type: 'DOUBLE', values: (r) => noise[r].runShare },
        { name: 'mean_noise_share', type: 'DOUBLE', values: (r) => noise[r].meanShare },
      ],
      noise.length,
    );
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  }
}
