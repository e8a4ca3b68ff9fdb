import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpsteinRun, EpsteinScenario } from '../reference/epstein/index.ts';
import { startRunDir, RUN_FILE, MANIFEST_FILE, type RunManifest } from './run-dir.ts';
import { writeTable } from './table.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** A finished reference-model run and the file it came from. */
export interface ReferenceRunInput {
  source: string;
  /** sha256 of the source and the overrides */
  hash: string;
  scenario: EpsteinScenario;
  run: EpsteinRun;
}

/**
 * Store a reference model's run like any run: run.duckdb with the run's provenance and per-step
 * counts (metrics active, quiet, arrested) and run.json, in a directory renamed when complete.
 * Returns the run's directory.
 */
export async function writeReferenceRun(runsDir: string, id: string, input: ReferenceRunInput): Promise<string> {
  const { DuckDBInstance } = await import('./duckdb.js'); // loaded when needed: the CLI starts faster
  const { source, hash, scenario, run } = input;
  const pending = startRunDir(runsDir, id);
  try {
    const instance = await DuckDBInstance.create(join(pending.dir, RUN_FILE));
    const db = await instance.connect();
    try {
      await writeTable(
        db,
        'run',
        [
          { name: 'id', type: 'VARCHAR', values: [id] },
          { name: 'model', type: 'VARCHAR', values: [scenario.model] },
          { name: 'scenario', type: 'VARCHAR', values: [scenario.name] },
          { name: 'scenario_yaml', type: 'VARCHAR', values: [source] },
          { name: 'scenario_resolved', type: 'VARCHAR', values: [JSON.stringify(scenario)] },
          { name: 'scenario_hash', type: 'VARCHAR', values: [hash] },
          { name: 'seed', type: 'UINTEGER', values: [scenario.seed] },
          { name: 'steps', type: 'INTEGER', values: [run.steps] },
          { name: 'model_version', type: 'VARCHAR', values: [VERSION] },
          { name: 'random_algorithm', type: 'VARCHAR', values: [RANDOM_ALGORITHM] },
        ],
        1,
      );
      const series = { active: run.active, quiet: run.quiet, arrested: run.arrested } as const;
      const names = Object.keys(series) as (keyof typeof series)[];
      const steps = run.active.length;
      await writeTable(
        db,
        'metrics',
        [
          { name: 'day', type: 'INTEGER', values: (r) => r % steps },
          { name: 'metric', type: 'VARCHAR', values: (r) => names[Math.floor(r / steps)] },
          { name: 'value', type: 'DOUBLE', values: (r) => series[names[Math.floor(r / steps)]][r % steps] },
        ],
        steps * names.length,
      );
      const manifest: RunManifest = {
        id,
        scenario: scenario.name,
        scenarioHash: hash,
        seed: scenario.seed,
        days: run.steps,
        citizens: run.citizens,
        version: VERSION,
        randomAlgorithm: RANDOM_ALGORITHM,
        startedAt: new Date().toISOString(),
        durationMs: Math.round(run.durationMs),
        agentDaysPerSecond: Math.round(run.agentSteps / (run.durationMs / 1000)),
      };
      writeFileSync(join(pending.dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    } finally {
      db.closeSync();
      instance.closeSync();
    }
    return pending.complete();
  } catch (error) {
    pending.discard();
    throw error;
  }
}
