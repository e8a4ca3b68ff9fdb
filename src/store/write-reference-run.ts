import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpsteinRun, EpsteinScenario } from '../reference/epstein/index.ts';
import { startRunDir, RUN_FILE, MANIFEST_FILE, type RunManifest } from './run-dir.ts';
import { openWriterThread, type TableRows, type TableShapes } from './writer.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** A finished reference-model run and the file it came from. */
export interface ReferenceRunInput {
  source: string;
  /** sha256 of the source and the overrides */
  hash: string;
  scenario: EpsteinScenario;
  run: EpsteinRun;
  startedAt: Date;
}

/** A reference run's directory, being written: its results file opens on a thread of its own while the model runs. */
export interface PendingReferenceRun {
  /** store the finished run and rename its directory into place: the directory */
  write(input: ReferenceRunInput): Promise<string>;
  /** the model failed or was stopped: remove the directory */
  discard(): void;
}

/**
 * Start storing a reference model's run like any run: run.duckdb with the run's provenance and
 * per-step counts (metrics active, quiet, arrested) and run.json, in a directory renamed when
 * complete. The file is opened now, on the writer thread, so that DuckDB has loaded by the time
 * the model (a fraction of a second) has run.
 */
export function startReferenceRun(runsDir: string, id: string): PendingReferenceRun {
  const pending = startRunDir(runsDir, id);
  const writer = openWriterThread(join(pending.dir, RUN_FILE), REFERENCE_TABLES);
  const discard = () => {
    writer.cancel();
    pending.discard();
  };
  return {
    async write(input) {
      try {
        await writer.write(referenceTables(id, input));
        writeFileSync(join(pending.dir, MANIFEST_FILE), JSON.stringify(manifestOf(id, input), null, 2) + '\n');
        return pending.complete();
      } catch (error) {
        discard();
        throw error;
      }
    },
    discard,
  };
}

/** The tables of a reference run: its provenance, and the per-step counts. */
const REFERENCE_TABLES = {
  run: {
    id: 'VARCHAR',
    model: 'VARCHAR',
    scenario: 'VARCHAR',
    scenario_yaml: 'VARCHAR',
    scenario_resolved: 'VARCHAR',
    scenario_hash: 'VARCHAR',
    seed: 'UINTEGER',
    steps: 'INTEGER',
    model_version: 'VARCHAR',
    random_algorithm: 'VARCHAR',
  },
  metrics: { day: 'INTEGER', metric: 'VARCHAR', value: 'DOUBLE' },
} as const satisfies TableShapes;

type Rows<T extends keyof typeof REFERENCE_TABLES> = Record<keyof (typeof REFERENCE_TABLES)[T], ArrayLike<unknown>>;

function referenceTables(id: string, { source, hash, scenario, run }: ReferenceRunInput): TableRows {
  const series = { active: run.active, quiet: run.quiet, arrested: run.arrested } as const;
  const names = Object.keys(series) as (keyof typeof series)[];
  const steps = run.active.length;
  const rows = steps * names.length;
  const provenance: Rows<'run'> = {
    id: [id],
    model: [scenario.model],
    scenario: [scenario.name],
    scenario_yaml: [source],
    scenario_resolved: [JSON.stringify(scenario)],
    scenario_hash: [hash],
    seed: [scenario.seed],
    steps: [run.steps],
    model_version: [VERSION],
    random_algorithm: [RANDOM_ALGORITHM],
  };
  const metrics: Rows<'metrics'> = {
    day: Int32Array.from({ length: rows }, (_, r) => r % steps),
    metric: Array.from({ length: rows }, (_, r) => names[Math.floor(r / steps)]),
    value: Float64Array.from({ length: rows }, (_, r) => series[names[Math.floor(r / steps)]][r % steps]),
  };
  return { run: { rows: 1, columns: provenance }, metrics: { rows, columns: metrics } };
}

function manifestOf(id: string, { hash, scenario, run, startedAt }: ReferenceRunInput): RunManifest {
  return {
    id,
    scenario: scenario.name,
    scenarioHash: hash,
    seed: scenario.seed,
    days: run.steps,
    citizens: run.citizens,
    version: VERSION,
    randomAlgorithm: RANDOM_ALGORITHM,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(run.durationMs),
    agentDaysPerSecond: Math.round(run.agentSteps / (run.durationMs / 1000)),
  };
}
