import { loadScenario, type LoadedScenario } from '../load/scenario.ts';
import { resolveScenarioPath } from '../load/scenario-files.ts';
import { prepareReference, type ReferenceRequest, type RunRequest } from './run-reference.ts';
import { inputError } from '../scenario/errors.ts';
import { autoWorkers } from '../engine/threads.ts';
import { startSimulation, type Progress, type Simulation, type SimulationResult } from '../engine/simulate.ts';
import { startRunDir, newRunId, defaultRunsDir, type RunManifest } from '../store/run-dir.ts';
import { writeRun } from '../store/write-run.ts';
import type { Intervention } from '../engine/pipeline.ts';
import { stepToEnd, RunInterrupted } from './step.ts';
import { captureCheckpoint, type Checkpoint } from '../engine/checkpoint.ts';
import { writeCheckpoint, checkpointName } from '../store/checkpoint-file.ts';
import { join, basename } from 'node:path';

export interface RunOptions {
  runsDir?: string;
  onProgress?: (p: Progress) => void;
  /** called after each day with the simulation, to read what the day did (its tally) */
  onDay?: (sim: Simulation) => void;
  /** checked between days: return true to stop the run (nothing is kept) */
  shouldStop?: () => boolean;
  /** things done to the run from outside the model (appeals a user files, say: experiment/manual-appeals.ts) */
  interventions?: readonly Intervention[];
  /** threads for life (default: every core from 100,000 citizens, else one); results do not depend on it */
  workers?: number;
  /** done in the run's hidden directory once it is written, before it is renamed into place (the CLI writes the report here, so a listed run always has one) */
  beforeComplete?: (dir: string) => Promise<unknown>;
  /** save the run's complete state at the start of each of these days, in the run's directory (CompletedRun.checkpoints) */
  checkpointAt?: readonly number[];
  /** continue a checkpoint (experiment/branch.ts gives the scenario to continue it under) */
  from?: Checkpoint;
}

export interface CompletedRun {
  id: string;
  dir: string;
  manifest: RunManifest;
  result: SimulationResult;
  /** the checkpoints saved (RunOptions.checkpointAt), in day order */
  checkpoints: string[];
}

/** Refuse checkpoint days a run never starts, or state a checkpoint would not hold. */
function checkpointDays(options: RunOptions, days: number): number[] {
  const at = [...new Set(options.checkpointAt ?? [])].sort((a, b) => a - b);
  const first = (options.from?.day ?? 0) + 1;
  const bad = at.find((d) => !Number.isInteger(d) || d < first || d >= days);
  if (bad !== undefined) throw inputError(`a checkpoint is taken at the start of a day from ${first} to ${days - 1} (the run's last), not ${bad}`, { path: '--checkpoint-at' });
  // what is done to a run from outside (appeals filed for citizens) keeps state a checkpoint does not hold
  if (at.length && options.interventions?.length) throw inputError('a run with interventions (appeals filed for citizens) cannot be checkpointed', { path: '--checkpoint-at' });
  return at;
}

/**
 * Simulate a loaded scenario and store it as a run: written to a hidden directory and renamed
 * when complete, so an interrupted or failed run leaves nothing that looks complete.
 * @example const run = await runScenario(loadScenario('rongcheng', { days: 30 }));  // run.dir
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<CompletedRun> {
  const scenario = loaded.scenario;
  const at = checkpointDays(options, scenario.days);
  const sim = startSimulation(scenario, {
    onProgress: options.onProgress,
    interventions: options.interventions,
    workers: options.workers ?? autoWorkers(scenario.population.citizens),
    from: options.from,
  });
  const id = newRunId(scenario.name, sim.world.seed);
  let pending: ReturnType<typeof startRunDir>;
  try {
    pending = startRunDir(options.runsDir ?? defaultRunsDir(), id);
  } catch (error) {
    sim.close();
    throw error;
  }
  try {
    const saved: string[] = [];
    const onDay = (s: Simulation) => {
      const day = s.progress().day;
      if (at.includes(day) && !saved.includes(checkpointName(day)))
        saved.push(basename(writeCheckpoint(join(pending.dir, checkpointName(day)), captureCheckpoint(s.world, s.measurer, scenario, day))));
      options.onDay?.(s);
    };
    await stepToEnd(sim, { onDay, shouldStop: options.shouldStop });
    const result = sim.result();
    const manifest = await writeRun(pending.dir, id, result, loaded);
    await options.beforeComplete?.(pending.dir);
    // a signal during the final write: the run is not kept, as it would not be a day earlier
    if (options.shouldStop?.()) throw new RunInterrupted();
    const dir = pending.complete();
    return { id, dir, manifest, result, checkpoints: saved.map((name) => join(dir, name)) };
  } catch (error) {
    sim.close();
    pending.discard();
    throw error;
  }
}

/** A request resolved to its model: the Credence city with its loaded scenario, or a reference model's file. */
export type PreparedRun = { model: 'city'; loaded: LoadedScenario } | { model: string; reference: ReferenceRequest };

/**
 * Resolve a run request: which model the file names, and the overrides in that model's terms
 * (a reference model counts steps where the city counts days, and has no population to set).
 * Loading validates it, so bad input is refused before anything runs.
 */
export function prepareRun(request: RunRequest): PreparedRun {
  const reference = prepareReference(request);
  if (reference) return { model: reference.model, reference };
  return { model: 'city', loaded: loadScenario(resolveScenarioPath(request.scenario), cityOverrides(request)) };
}

/** A request's overrides in the city's scenario fields (dotted paths), as `loadScenario` takes them. */
export function cityOverrides(request: Omit<RunRequest, 'scenario'>): Record<string, unknown> {
  const overrides: Record<string, unknown> = { ...request.set };
  if (request.seed !== undefined) overrides.seed = request.seed;
  if (request.days !== undefined) overrides.days = request.days;
  if (request.population !== undefined) overrides['population.citizens'] = request.population;
  if (request.watch !== undefined) overrides['output.watch'] = request.watch;
  if (request.sampleRate !== undefined) overrides['output.sampleRate'] = request.sampleRate;
  return overrides;
}
