import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './comparison.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';
import { VERSION } from '../core/version.ts';
import { writeTable } from './table.ts';
import { randomBytes } from 'node:crypto';
import { startRunDir } from './run-dir.ts';
import { holdForTest } from './test-hold.ts';

export const COMPARISON_FILE = 'comparison.duckdb';
const COMPARISON_MANIFEST = 'comparison.json';

export interface ComparisonManifest {
  id: string;
  a: string;
  b: string;
  aHash: string;
  bHash: string;
  replications: number;
  seeds: number[];
  days: number;
  citizens: number;
  version: string;
  randomAlgorithm: string;
  startedAt: string;
  durationMs: number;
}

/**
 * Write a comparison: provenance (both scenarios as written and resolved, their overrides and
 * hashes, the seeds), every replication's summary of every metric, and the effects.
 */
async function writeComparison(dir: string, id: string, c: Comparison): Promise<ComparisonManifest> {
  const { DuckDBInstance } = await import('./duckdb.js'); // loaded when needed: the CLI starts faster
  const manifest: ComparisonManifest = {
    id,
    a: c.a.scenario.name,
    b: c.b.scenario.name,
    aHash: c.a.hash,
    bHash: c.b.hash,
    replications: c.seeds.length,
    seeds: c.seeds,
    days: c.days,
    citizens: c.citizens,
    version: VERSION,
    randomAlgorithm: RANDOM_ALGORITHM,
    startedAt: c.startedAt.toISOString(),
    durationMs: Math.round(c.durationMs),
  };
  const instance = await DuckDBInstance.create(join(dir, COMPARISON_FILE));
  const db = await instance.connect();
  try {
    const arms = [c.a, c.b];
    await writeTable(
      db,
      'arms',
      [
        { name: 'arm', type: 'VARCHAR', values: ['A', 'B'] },
        { name: 'scenario', type: 'VARCHAR', values: arms.map((x) => x.scenario.name) },
        { name: 'scenario_file', type: 'VARCHAR', values: arms.map((x) => x.file) },
        { name: 'scenario_yaml', type: 'VARCHAR', values: arms.map((x) => x.source) },
        { name: 'scenario_resolved', type: 'VARCHAR', values: arms.map((x) => JSON.stringify(x.scenario)) },
        { name: 'overrides', type: 'VARCHAR', values: arms.map((x) => JSON.stringify(x.overrides)) },
        { name: 'scenario_hash', type: 'VARCHAR', values: arms.map((x) => x.hash) },
      ],
      2,
    );
    await writeTable(
      db,
      'comparison',
      [
        { name: 'id', type: 'VARCHAR', values: [id] },
        { name: 'replications', type: 'INTEGER', values: [c.seeds.length] },
        { name: 'seeds', type: 'VARCHAR', values: [c.seeds.join(',')] },
        { name: 'days', type: 'INTEGER', values: [c.days] },
        { name: 'citizens', type: 'UINTEGER', values: [c.citizens] },
        { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
        { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
        { name: 'started_at', type: 'VARCHAR', values: [manifest.startedAt] },
        { name: 'duration_ms', type: 'DOUBLE', values: [c.durationMs] },
      ],
      1,
    );
    const rows: { replication: number; seed: number; arm: string; metric: string; value: number }[] = [];
    for (const [metric, v] of c.values) {
      v.a.forEach((value, r) => rows.push({ replication: r, seed: c.seeds[r], arm: 'A', metric, value }));
      v.b.forEach((value, r) => rows.push({ replication: r, seed: c.seeds[r], arm: 'B', metric, value }));
    }
    await writeTable(
      db,
      'replications',
      [
        { name: 'replication', type: 'INTEGER', values: (r) => rows[r].replication },
        { name: 'seed', type: 'UINTEGER', values: (r) => rows[r].seed },
        { name: 'arm', type: 'VARCHAR', values: (r) => rows[r].arm },
        { name: 'metric', type: 'VARCHAR', values: (r) => rows[r].metric },
        { name: 'value', type: 'DOUBLE', values: (r) => rows[r].value },
      ],
      rows.length,
    );
    const effects = c.metrics.map((m) => ({ m, e: c.effects.get(m.name)! }));
    await writeTable(
      db,
      'effects',
      [
        { name: 'metric', type: 'VARCHAR', values: (r) => effects[r].m.name },
        { name: 'unit', type: 'VARCHAR', values: (r) => effects[r].m.unit },
        { name: 'over_run', type: 'VARCHAR', values: (r) => effects[r].m.over },
        { name: 'n', type: 'INTEGER', values: (r) => effects[r].e.n },
        { name: 'mean_a', type: 'DOUBLE', values: (r) => effects[r].e.meanA },
        { name: 'mean_b', type: 'DOUBLE', values: (r) => effects[r].e.meanB },
        { name: 'diff', type: 'DOUBLE', values: (r) => effects[r].e.diff },
        { name: 'ci_low', type: 'DOUBLE', values: (r) => effects[r].e.ciLow },
        { name: 'ci_high', type: 'DOUBLE', values: (r) => effects[r].e.ciHigh },
        { name: 'effect_size', type: 'DOUBLE', values: (r) => (Number.isFinite(effects[r].e.effectSize) ? effects[r].e.effectSize : NaN) },
        { name: 'variance_reduction', type: 'DOUBLE', values: (r) => effects[r].e.varianceReduction },
      ],
      effects.length,
    );
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  writeFileSync(join(dir, COMPARISON_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/**
 * Store a finished comparison as `<runsDir>/<id>/` with its DuckDB file and report, written in a
 * hidden directory and renamed when complete. Returns the id and the directory.
 */
export async function storeComparison(
  runsDir: string,
  c: Comparison,
  report: (dir: string) => Promise<unknown>,
  /** called just before the comparison is renamed into place: throw (a signal came) to keep nothing */
  options: { checkpoint?: () => void } = {},
): Promise<{ id: string; dir: string }> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const id = `${stamp}-compare-${c.a.scenario.name}-vs-${c.b.scenario.name}-${randomBytes(2).toString('hex')}`;
  const pending = startRunDir(runsDir, id);
  try {
    await writeComparison(pending.dir, id, c);
    await holdForTest('comparison-write');
    await report(pending.dir);
    options.checkpoint?.();
  } catch (error) {
    pending.discard();
    throw error;
  }
  return { id, dir: pending.complete() };
}
