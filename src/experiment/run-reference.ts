import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type * as z from 'zod';
import { parse } from 'yaml';
import { parseYaml } from '../load/yaml.ts';
import { resolveScenarioPath } from '../load/scenario-files.ts';
import { inputError } from '../scenario/errors.ts';
import { epsteinSchema, runEpstein, type EpsteinRun } from '../reference/epstein/index.ts';
import { newRunId, defaultRunsDir } from '../store/run-dir.ts';
import { startReferenceRun } from '../store/write-reference-run.ts';

/** The reference models a scenario file may name with `model:`. */
const REFERENCE_MODELS = ['epstein-civil-violence'] as const;

/** The `model:` a scenario file names, if it is a reference model rather than the Credence city. */
export function referenceModelOf(file: string): string | undefined {
  try {
    const doc = parse(readFileSync(file, 'utf8'));
    return doc && typeof doc === 'object' && (REFERENCE_MODELS as readonly string[]).includes(doc.model) ? doc.model : undefined;
  } catch {
    return undefined; // malformed YAML is reported by the scenario loader, with its line
  }
}

/** What a user asks to run: a scenario by name or file, with the common overrides. */
export interface RunRequest {
  scenario: string;
  days?: number;
  seed?: number;
  population?: number;
  /** citizens whose every event is stored */
  watch?: number[];
  /** any scenario field by dotted path */
  set?: Record<string, unknown>;
  /** the share of citizens whose every event is stored (the city's output.sampleRate) */
  sampleRate?: number;
}

/** A reference model's run as requested: its file, and the overrides in the model's own terms. */
export interface ReferenceRequest {
  model: string;
  file: string;
  overrides: Record<string, unknown>;
}

/**
 * The reference model's run a request asks for, or undefined if its file is a Credence city
 * scenario: the overrides in the model's terms (it counts steps where the city counts days, and
 * has no population to set). Needs none of the city's code, so a shell can tell which model to
 * load before loading it.
 */
export function prepareReference(request: RunRequest): ReferenceRequest | undefined {
  const file = resolveScenarioPath(request.scenario);
  const model = referenceModelOf(file);
  if (!model) return undefined;
  const cityOnly = (['population', 'watch', 'sampleRate'] as const).find((k) => request[k] !== undefined);
  if (cityOnly)
    throw inputError(`${model} is a reference model with its own population and output: ${cityOnly} applies to the Credence city only (set the model's own fields instead)`, { path: cityOnly });
  const overrides: Record<string, unknown> = { ...request.set };
  if (request.seed !== undefined) overrides.seed = request.seed;
  if (request.days !== undefined) overrides.steps = request.days;
  return { model, file, overrides };
}

/** Read and validate a reference model's scenario file, with line-aware errors like any scenario. */
export function loadReference(file: string, overrides: Record<string, unknown> = {}): { source: string; scenario: z.output<typeof epsteinSchema> } {
  const source = readFileSync(file, 'utf8');
  return { source, scenario: parseYaml(epsteinSchema, source, file, overrides, 'reference model fields') };
}

/**
 * Run a reference model's scenario file and store it like any run (store/write-reference-run.ts):
 * its results file opens, on a thread of its own, before the model runs.
 */
export async function runReference(
  file: string,
  overrides: Record<string, unknown>,
  options: { runsDir?: string; onStep?: (step: number, steps: number) => void } = {},
): Promise<{ id: string; dir: string; run: EpsteinRun; steps: number }> {
  const { source, scenario } = loadReference(file, overrides);
  const startedAt = new Date();
  const id = newRunId(scenario.name, scenario.seed, startedAt);
  const pending = startReferenceRun(options.runsDir ?? defaultRunsDir(), id);
  let run: EpsteinRun;
  try {
    run = runEpstein(scenario, { seed: scenario.seed, steps: scenario.steps, onStep: options.onStep ? (_model, step) => options.onStep!(step, scenario.steps) : undefined });
  } catch (error) {
    pending.discard();
    throw error;
  }
  const hash = createHash('sha256').update(source).update(JSON.stringify(overrides)).digest('hex');
  const dir = await pending.write({ source, hash, scenario, run, startedAt });
  return { id, dir, run, steps: run.steps };
}
