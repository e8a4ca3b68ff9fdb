import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openExperimentFile } from './experiment-file.ts';
import type { Calibration } from '../scenario/calibration-schema.ts';
import { writeTable } from './table.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** A calibration's results: one DuckDB file in `<runs>/calibration-<name>/`. */
export const CALIBRATION_FILE = 'calibration.duckdb';

/** What a calibration file is made of: the calibration, its text and identity, its targets' names. */
export interface CalibrationDefinition {
  calibration: Calibration;
  source: string;
  /** of the file's text and the model version: a file made by another calibration is refused */
  hash: string;
  targetNames: string[];
}

/** A run of a proposal: its generation, its number in the generation, the replication, the seed. */
export interface CalibrationRun {
  generation: number;
  proposal: number;
  replication: number;
  seed: number;
}

/** A generation's accepted particles, as stored: parameter values in the fields' units and the simulated targets. */
export interface StoredGeneration {
  generation: number;
  epsilon: number;
  proposed: number;
  acceptance: number;
  ess: number;
  particles: { proposal: number; distance: number; weight: number; values: number[]; simulated: number[] }[];
}

export interface StoredPosterior {
  ended: string;
  /** wall time of the process that finished the calibration, if it computed runs */
  elapsedMs?: number;
  parameters: { field: string; mean: number; sd: number; median: number; q05: number; q95: number; best: number }[];
  fit: { name: string; observed: number; uncertainty: number; best: number; bestError: number; median: number; q05: number; q95: number }[];
}

/** An open calibration file: the runs committed so far (their summaries, read back for `metrics`), and ways to add to it. */
export interface CalibrationFile {
  /** `generation:proposal:replication` -> the run's summary, restricted to the metrics asked for */
  done: Map<string, Map<string, number>>;
  /** commit one run's summary at once, so a stopped calibration resumes after it */
  record(run: CalibrationRun, summary: [string, number][]): Promise<void>;
  /** store (or, replayed on resuming, store again) a generation's particles */
  writeGeneration(g: StoredGeneration): Promise<void>;
  writePosterior(p: StoredPosterior): Promise<void>;
  close(): void;
}

export const runId = (r: { generation: number; proposal: number; replication: number }) => `${r.generation}:${r.proposal}:${r.replication}`;

/** Proposals a generation may make at most: a run's point in `results` is generation x this + proposal. */
export const PROPOSALS_PER_GENERATION = 1_000_000;

/**
 * Open (creating, or checking it is the same calibration) a calibration's DuckDB file: tables
 * calibration, priors, targets; results and done (every run's summary by point, committed as it
 * arrives, with the view runs naming each point's generation and proposal); generations,
 * particles and particle_targets (each generation's accepted particles); posterior and fit (at
 * the end). `metrics` names the summary values read back for runs already done.
 */
export async function openCalibrationFile(dir: string, definition: CalibrationDefinition, metrics: string[]): Promise<CalibrationFile> {
  const file = await openExperimentFile({
    file: join(dir, CALIBRATION_FILE),
    hash: definition.hash,
    what: 'calibration',
    head: 'calibration',
    tables: ['calibration', 'priors', 'targets', 'generations', 'particles', 'particle_targets', 'posterior', 'fit', 'runs'],
    setUp: (db) => setUp(db, definition),
    holdPrefix: 'calibration',
  });
  const { db } = file;
  const split = (point: number, replication: number) => ({ generation: Math.floor(point / PROPOSALS_PER_GENERATION), proposal: point % PROPOSALS_PER_GENERATION, replication });
  const done = new Map<string, Map<string, number>>();
  try {
    for (const id of file.done) {
      const [p, r] = id.split(':').map(Number);
      done.set(runId(split(p, r)), new Map());
    }
    if (metrics.length) {
      const list = metrics.map((m) => `'${m.replaceAll("'", "''")}'`).join(', ');
      for (const [p, r, m, v] of (await db.runAndReadAll(`SELECT point, replication, metric, value FROM results WHERE metric IN (${list})`)).getRows()) {
        done.get(runId(split(Number(p), Number(r))))?.set(String(m), v === null ? NaN : Number(v));
      }
    }
  } catch (error) {
    file.close();
    throw error;
  }
  return {
    done,
    close: file.close,
    record: (run, summary) => file.record({ point: run.generation * PROPOSALS_PER_GENERATION + run.proposal, replication: run.replication, seed: run.seed }, summary),
    writeGeneration: (g) => writeGeneration(db, g, definition),
    writePosterior: (p) => writePosterior(db, p, definition),
  };
}

async function writeGeneration(db: DuckDBConnection, g: StoredGeneration, { calibration }: CalibrationDefinition) {
  await db.run('BEGIN TRANSACTION');
  for (const table of ['generations', 'particles', 'particle_targets']) await db.run(`DELETE FROM ${table} WHERE generation = ${g.generation}`);
  await db.run(`INSERT INTO generations VALUES (${g.generation}, ${sql(g.epsilon)}, ${g.proposed}, ${g.particles.length}, ${sql(g.acceptance)}, ${sql(g.ess)})`);
  const { particles } = g;
  await writeTable(
    db,
    'particles',
    [
      { name: 'generation', type: 'INTEGER', values: () => g.generation },
      { name: 'particle', type: 'INTEGER', values: (r) => r },
      { name: 'proposal', type: 'INTEGER', values: (r) => particles[r].proposal },
      { name: 'distance', type: 'DOUBLE', values: (r) => particles[r].distance },
      { name: 'weight', type: 'DOUBLE', values: (r) => particles[r].weight },
      ...calibration.priors.map((f, d) => ({ name: f.field, type: 'DOUBLE' as const, values: (r: number) => particles[r].values[d] })),
    ],
    particles.length,
    { append: true },
  );
  const targets = calibration.targets.length;
  await writeTable(
    db,
    'particle_targets',
    [
      { name: 'generation', type: 'INTEGER', values: () => g.generation },
      { name: 'particle', type: 'INTEGER', values: (r) => Math.floor(r / targets) },
      { name: 'target', type: 'INTEGER', values: (r) => r % targets },
      { name: 'simulated', type: 'DOUBLE', values: (r) => particles[Math.floor(r / targets)].simulated[r % targets] },
    ],
    particles.length * targets,
    { append: true },
  );
  await db.run('COMMIT');
}

async function writePosterior(db: DuckDBConnection, p: StoredPosterior, { calibration }: CalibrationDefinition) {
  await db.run('BEGIN TRANSACTION');
  await db.run('DELETE FROM posterior');
  await db.run('DELETE FROM fit');
  // a replay that ran nothing keeps the time of the process that computed the runs
  await db.run(`UPDATE calibration SET ended = '${p.ended}'${p.elapsedMs === undefined ? '' : `, elapsed_s = ${sql(p.elapsedMs / 1000)}`}`);
  const { parameters, fit } = p;
  await writeTable(
    db,
    'posterior',
    [
      { name: 'parameter', type: 'INTEGER', values: (r) => r },
      { name: 'field', type: 'VARCHAR', values: (r) => parameters[r].field },
      { name: 'label', type: 'VARCHAR', values: (r) => calibration.priors[r].label ?? null },
      ...(['mean', 'sd', 'median', 'q05', 'q95', 'best'] as const).map((k) => ({ name: k, type: 'DOUBLE' as const, values: (r: number) => parameters[r][k] })),
    ],
    parameters.length,
    { append: true },
  );
  await writeTable(
    db,
    'fit',
    [
      { name: 'target', type: 'INTEGER', values: (r) => r },
      { name: 'name', type: 'VARCHAR', values: (r) => fit[r].name },
      ...(['observed', 'uncertainty', 'best', 'bestError', 'median', 'q05', 'q95'] as const).map((k) => ({
        name: k === 'bestError' ? 'best_error' : k,
        type: 'DOUBLE' as const,
        values: (r: number) => fit[r][k],
      })),
    ],
    fit.length,
    { append: true },
  );
  await db.run('COMMIT');
}

const sql = (v: number) => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NULL' : `'${v > 0 ? 'infinity' : '-infinity'}'::DOUBLE`);

/** Create the tables of a new calibration. */
async function setUp(db: DuckDBConnection, { calibration: c, source, hash, targetNames }: CalibrationDefinition) {
  await writeTable(
    db,
    'calibration',
    [
      { name: 'hash', type: 'VARCHAR', values: [hash] },
      { name: 'calibration_yaml', type: 'VARCHAR', values: [source] },
      { name: 'scenario', type: 'VARCHAR', values: [c.scenario] },
      { name: 'particles', type: 'INTEGER', values: [c.particles] },
      { name: 'generations', type: 'INTEGER', values: [c.generations] },
      { name: 'quantile', type: 'DOUBLE', values: [c.quantile] },
      { name: 'replications', type: 'INTEGER', values: [c.replications] },
      { name: 'seed', type: 'UINTEGER', values: [c.seed] },
      { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
      { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
      { name: 'ended', type: 'VARCHAR', values: [null] },
      { name: 'elapsed_s', type: 'DOUBLE', values: [null] },
    ],
    1,
  );
  const p = c.priors;
  await writeTable(
    db,
    'priors',
    [
      { name: 'parameter', type: 'INTEGER', values: (r) => r },
      { name: 'field', type: 'VARCHAR', values: (r) => p[r].field },
      { name: 'distribution', type: 'VARCHAR', values: (r) => (p[r].log ? 'log-uniform' : p[r].distribution) },
      ...(['from', 'to', 'mean', 'sd'] as const).map((k) => ({ name: k, type: 'DOUBLE' as const, values: (r: number) => p[r][k] ?? null })),
      { name: 'integer', type: 'BOOLEAN', values: (r) => p[r].integer },
      { name: 'label', type: 'VARCHAR', values: (r) => p[r].label ?? null },
    ],
    p.length,
  );
  const t = c.targets;
  await writeTable(
    db,
    'targets',
    [
      { name: 'target', type: 'INTEGER', values: (r) => r },
      { name: 'name', type: 'VARCHAR', values: (r) => targetNames[r] },
      { name: 'metric', type: 'VARCHAR', values: (r) => t[r].metric },
      { name: 'window_from', type: 'INTEGER', values: (r) => t[r].window?.[0] ?? null },
      { name: 'window_to', type: 'INTEGER', values: (r) => t[r].window?.[1] ?? null },
      { name: 'per', type: 'VARCHAR', values: (r) => (t[r].per ? JSON.stringify(t[r].per) : null) },
      { name: 'scale', type: 'VARCHAR', values: (r) => t[r].scale },
      { name: 'times', type: 'DOUBLE', values: (r) => t[r].times },
      { name: 'observed', type: 'DOUBLE', values: (r) => t[r].observed },
      { name: 'uncertainty', type: 'DOUBLE', values: (r) => t[r].uncertainty },
      { name: 'source', type: 'VARCHAR', values: (r) => t[r].source ?? null },
    ],
    t.length,
  );
  await db.run(`CREATE VIEW runs AS SELECT point // ${PROPOSALS_PER_GENERATION} AS generation, point % ${PROPOSALS_PER_GENERATION} AS proposal, replication, seed, metric, value FROM results`);
  await db.run('CREATE TABLE generations (generation INTEGER, epsilon DOUBLE, proposed INTEGER, accepted INTEGER, acceptance DOUBLE, ess DOUBLE)');
  const columns = p.map((f) => `"${f.field.replaceAll('"', '""')}" DOUBLE`).join(', ');
  await db.run(`CREATE TABLE particles (generation INTEGER, particle INTEGER, proposal INTEGER, distance DOUBLE, weight DOUBLE, ${columns})`);
  await db.run('CREATE TABLE particle_targets (generation INTEGER, particle INTEGER, target INTEGER, simulated DOUBLE)');
  await db.run('CREATE TABLE posterior (parameter INTEGER, field VARCHAR, label VARCHAR, mean DOUBLE, sd DOUBLE, median DOUBLE, q05 DOUBLE, q95 DOUBLE, best DOUBLE)');
  await db.run('CREATE TABLE fit (target INTEGER, name VARCHAR, observed DOUBLE, uncertainty DOUBLE, best DOUBLE, best_error DOUBLE, median DOUBLE, q05 DOUBLE, q95 DOUBLE)');
}
