import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationResult } from '../engine/simulate.ts';
import type { LoadedScenario } from '../load/scenario.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';
import { EVENT_TYPES } from '../core/events.ts';
import { SOURCES } from '../core/tables.ts';
import { derivedColumns } from '../population/derived.ts';
import { SCALED_COLUMNS } from '../population/citizens.ts';
import { COMPANY_COLUMNS, SECTORS } from '../population/companies.ts';
import { DISTRICT_COLUMNS } from '../city/city.ts';
import { VERSION } from '../core/version.ts';
import { writeTable, sqlTypeOf, type Column, type SqlType } from './table.ts';
import { RUN_FILE, MANIFEST_FILE, type RunManifest } from './run-dir.ts';
import type { Buffer } from '../core/buffer.ts';
import type { ColumnSpec } from '../core/columns.ts';
import { holdForTest } from './test-hold.ts';

/**
 * Write a finished simulation to `dir`: run.duckdb with the run's provenance, daily metrics,
 * the recorded citizens' events, score changes, decisions and list changes, and final snapshots
 * of citizens, companies and districts; and run.json, a small manifest for listing runs.
 */
export async function writeRun(dir: string, id: string, result: SimulationResult, loaded: LoadedScenario): Promise<RunManifest> {
  const { DuckDBInstance } = await import('./duckdb.js'); // loaded when needed: the CLI starts faster
  const { world, measurer } = result;
  const manifest: RunManifest = {
    id,
    scenario: result.scenario.name,
    scenarioHash: loaded.hash,
    seed: result.seed,
    days: result.days,
    citizens: world.pop.n,
    version: VERSION,
    randomAlgorithm: RANDOM_ALGORITHM,
    startedAt: result.startedAt.toISOString(),
    durationMs: Math.round(result.durationMs),
    agentDaysPerSecond: Math.round(result.agentDaysPerSecond),
  };
  const instance = await DuckDBInstance.create(join(dir, RUN_FILE));
  const db = await instance.connect();
  try {
    const one = (v: unknown) => [v];
    await writeTable(
      db,
      'run',
      [
        { name: 'id', type: 'VARCHAR', values: one(id) },
        { name: 'scenario', type: 'VARCHAR', values: one(manifest.scenario) },
        { name: 'scenario_file', type: 'VARCHAR', values: one(loaded.file) },
        { name: 'scenario_yaml', type: 'VARCHAR', values: one(loaded.source) },
        { name: 'scenario_resolved', type: 'VARCHAR', values: one(JSON.stringify(result.scenario)) },
        { name: 'overrides', type: 'VARCHAR', values: one(JSON.stringify(loaded.overrides)) },
        { name: 'scenario_hash', type: 'VARCHAR', values: one(loaded.hash) },
        { name: 'seed', type: 'UINTEGER', values: one(result.seed) },
        { name: 'days', type: 'INTEGER', values: one(result.days) },
        { name: 'citizens', type: 'UINTEGER', values: one(world.pop.n) },
        { name: 'model_version', type: 'VARCHAR', values: one(VERSION) },
        { name: 'random_algorithm', type: 'VARCHAR', values: one(RANDOM_ALGORITHM) },
        { name: 'node_version', type: 'VARCHAR', values: one(process.version) },
        { name: 'started_at', type: 'VARCHAR', values: one(manifest.startedAt) },
        { name: 'duration_ms', type: 'DOUBLE', values: one(result.durationMs) },
        { name: 'agent_days_per_second', type: 'DOUBLE', values: one(result.agentDaysPerSecond) },
      ],
      1,
    );

    const metrics = measurer.metrics;
    await writeTable(
      db,
      'metric_defs',
      [
        { name: 'metric', type: 'VARCHAR', values: metrics.map((m) => m.name) },
        { name: 'unit', type: 'VARCHAR', values: metrics.map((m) => m.unit) },
        { name: 'taken', type: 'VARCHAR', values: metrics.map((m) => m.when) },
        { name: 'over_run', type: 'VARCHAR', values: metrics.map((m) => m.over) },
      ],
      metrics.length,
    );
    const log = measurer.log;
    await writeTable(
      db,
      'metrics',
      [
        { name: 'day', type: 'INTEGER', values: log.cols.day },
        { name: 'metric', type: 'VARCHAR', values: (r) => metrics[log.cols.metric[r]].name },
        { name: 'value', type: 'DOUBLE', values: log.cols.value },
      ],
      log.length,
    );

    await holdForTest('run-write');
    const { policy } = world;
    const names = (list: readonly string[]): Decoder => ({ type: 'VARCHAR', value: (i) => list[i] });
    const flag: Decoder = { type: 'BOOLEAN', value: (v) => v === 1 };
    const eventName = names(EVENT_TYPES),
      sourceName = names(SOURCES);
    const rec = measurer.records;
    await writeBuffer(db, 'events', rec.events, { type: eventName, recordedAs: eventName, source: sourceName, wrongful: flag, subject: { type: 'INTEGER', value: (v) => (v < 0 ? null : v) } });
    await writeBuffer(db, 'score_changes', rec.scores, { scorer: names(policy.scorers.map((s) => s.id)), type: eventName, source: sourceName, wrongful: flag });
    await writeBuffer(db, 'decisions', rec.decisions, { gate: names(policy.gates.map((g) => g.id)), granted: flag });
    await writeBuffer(db, 'list_changes', rec.lists, { list: names(policy.lists.map((l) => l.id)), entered: flag });

    const n = world.pop.n;
    const c = world.pop.citizens;
    const citizenColumns: Column[] = [
      { name: 'id', type: 'UINTEGER', values: (r) => r },
      ...Object.entries({ ...c, ...derivedColumns(result.scenario, world.city, world.pop, result.seed) }).map(([name, values]): Column => {
        // fixed-point columns are stored as the numbers they stand for
        const scale = SCALED_COLUMNS[name as keyof typeof SCALED_COLUMNS];
        return scale === undefined ? { name, type: sqlTypeOf(values), values } : { name, type: 'FLOAT', values: (r) => Math.fround((values as ArrayLike<number>)[r as number] * scale) };
      }),
      { name: 'group_name', type: 'VARCHAR', values: (r) => result.scenario.population.groups[c.group[r as number]].name },
      { name: 'recorded', type: 'BOOLEAN', values: world.recorded },
      ...standingColumns(world, 'citizens'),
    ];
    await writeTable(db, 'citizens', citizenColumns, n);

    const co = world.pop.companies;
    await writeTable(
      db,
      'companies',
      [
        { name: 'id', type: 'UINTEGER', values: (r) => r },
        ...Object.keys(COMPANY_COLUMNS).map((name): Column => ({ name, type: sqlTypeOf(co[name as keyof typeof co]), values: co[name as keyof typeof co] })),
        { name: 'sector_name', type: 'VARCHAR', values: (r) => SECTORS[co.sector[r as number]] },
        { name: 'recorded', type: 'BOOLEAN', values: world.recordedCompanies },
        ...standingColumns(world, 'companies'),
      ],
      co.sector.length,
    );

    const d = world.city.districts;
    await writeTable(
      db,
      'districts',
      [
        { name: 'id', type: 'UINTEGER', values: (r) => r },
        ...Object.keys(DISTRICT_COLUMNS).map((name): Column => ({ name, type: sqlTypeOf(d[name as keyof typeof d]), values: d[name as keyof typeof d] })),
      ],
      world.city.count,
    );
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Each subject's final score, tier (null where not enrolled) and list flags, for one kind of subject. */
function standingColumns(world: SimulationResult['world'], kind: 'citizens' | 'companies'): Column[] {
  const { policy, standing } = world;
  return [
    ...policy.scorers.flatMap((s, i): Column[] => {
      if (s.kind !== kind) return [];
      const enrolled = standing.scorers[i].enrolled;
      const scored = (r: number) => enrolled === null || enrolled[r] === 1;
      return [
        { name: `score_${s.id}`, type: 'FLOAT', values: (r) => (scored(r) ? standing.scores[i][r] : null) },
        { name: `tier_${s.id}`, type: 'VARCHAR', values: (r) => (scored(r) ? s.tierNames[standing.tiers[i][r]] : null) },
      ];
    }),
    ...policy.lists.flatMap((l, i): Column[] => (l.kind === kind ? [{ name: `listed_${l.id}`, type: 'BOOLEAN', values: standing.listed[i] }] : [])),
  ];
}

interface Decoder {
  type: SqlType;
  value: (code: number) => unknown;
}

/** Write a log buffer as a table, turning code columns into names and flags through `decode`. */
async function writeBuffer<S extends ColumnSpec>(db: Parameters<typeof writeTable>[0], table: string, buf: Buffer<S>, decode: Partial<Record<keyof S, Decoder>>) {
  const columns = Object.keys(buf.spec).map((name): Column => {
    const values = buf.cols[name as keyof S] as ArrayLike<number>;
    const decoder = decode[name as keyof S];
    return decoder ? { name, type: decoder.type, values: (r) => decoder.value(values[r]) } : { name, type: sqlTypeOf(values), values };
  });
  await writeTable(db, table, columns, buf.length);
}
