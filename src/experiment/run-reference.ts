import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseYaml } from '../load/scenario.ts';
import { epsteinSchema, runEpstein, type EpsteinRun } from '../reference/epstein/index.ts';
import { startRunDir, newRunId, defaultRunsDir, RUN_FILE, MANIFEST_FILE, type RunManifest } from '../store/run-dir.ts';
import { writeTable } from '../store/table.ts';
import { VERSION } from '../core/version.ts';
import { RANDOM_ALGORITHM } from '../core/random.ts';

/** The reference models a scenario file may name with `model:`. */
export const REFERENCE_MODELS = ['epstein-civil-violence'] as const;

/** The `model:` a scenario file names, if it is a reference model rather than the Credence city. */
export function referenceModelOf(file: string): string | undefined {
  try {
    const doc = parse(readFileSync(file, 'utf8'));
    return doc && typeof doc === 'object' && (REFERENCE_MODELS as readonly string[]).includes(doc.model) ? doc.model : undefined;
  } catch {
    return undefined; // malformed YAML is reported by the scenario loader, with its line
  }
}

/**
 * Run a reference model's scenario file and store it like any run: run.duckdb with the run's
 * provenance and per-step counts (metrics active, quiet, arrested), in a directory renamed when
 * complete.
 */
export async function runReference(file: string, overrides: Record<string, unknown>, options: { runsDir?: string; onStep?: (step: number, steps: number) => void } = {}): Promise<{ id: string; dir: string; run: EpsteinRun; steps: number }> {
  const source = readFileSync(file, 'utf8');
  const scenario = parseYaml(epsteinSchema, source, file, overrides, 'reference model fields');
  const run = runEpstein(scenario, { seed: scenario.seed, steps: scenario.steps, onStep: options.onStep ? (_model, step) => options.onStep!(step, scenario.steps) : undefined });
  const id = newRunId(scenario.name, scenario.seed);
  const pending = startRunDir(options.runsDir ?? defaultRunsDir(), id);
  try {
    const instance = await DuckDBInstance.create(join(pending.dir, RUN_FILE));
    const db = await instance.connect();
    try {
      const hash = createHash('sha256').update(source).update(JSON.stringify(overrides)).digest('hex');
      await writeTable(db, 'run', [
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
      ], 1);
      const series = { active: run.active, quiet: run.quiet, arrested: run.arrested } as const;
      const names = Object.keys(series) as (keyof typeof series)[];
      const steps = run.active.length;
      await writeTable(db, 'metrics', [
        { name: 'day', type: 'INTEGER', values: (r) => r % steps },
        { name: 'metric', type: 'VARCHAR', values: (r) => names[Math.floor(r / steps)] },
        { name: 'value', type: 'DOUBLE', values: (r) => series[names[Math.floor(r / steps)]][r % steps] },
      ], steps * names.length);
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
    return { id, dir: pending.complete(), run, steps: run.steps };
  } catch (error) {
    pending.discard();
    throw error;
  }
}
