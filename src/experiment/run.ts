import type { LoadedScenario } from '../load/scenario.ts';
import { autoWorkers } from '../engine/threads.ts';
import { startSimulation, type Progress, type Simulation, type SimulationResult } from '../engine/simulate.ts';
import { startRunDir, newRunId, defaultRunsDir, type RunManifest } from '../store/run-dir.ts';
import { writeRun } from '../store/write-run.ts';
import type { ManualAppeals } from './manual-appeals.ts';

export interface RunOptions {
  runsDir?: string;
  onProgress?: (p: Progress) => void;
  /** called after each day with the simulation, to read what the day did (its tally) */
  onDay?: (sim: Simulation) => void;
  /** checked between days: return true to stop the run (nothing is kept) */
  shouldStop?: () => boolean;
  /** appeals filed for citizens by a user, decided like the citizens' own */
  manualAppeals?: ManualAppeals;
  /** threads for life (default: every core from 200,000 citizens, else one); results do not depend on it */
  workers?: number;
}

export interface CompletedRun {
  id: string;
  dir: string;
  manifest: RunManifest;
  result: SimulationResult;
}

/**
 * Simulate a loaded scenario and store it as a run: written to a hidden directory and renamed
 * when complete, so an interrupted or failed run leaves nothing that looks complete. The loop
 * yields to the event loop between days, so signals and progress output are handled.
 * @example const run = await runScenario(loadScenario('rongcheng', { days: 30 }));  // run.dir
 */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<CompletedRun> {
  const scenario = loaded.scenario;
  const sim = startSimulation(scenario, { onProgress: options.onProgress, interventions: options.manualAppeals ? [options.manualAppeals] : undefined, workers: options.workers ?? autoWorkers(scenario.population.citizens) });
  const id = newRunId(scenario.name, sim.world.seed);
  const pending = startRunDir(options.runsDir ?? defaultRunsDir(), id);
  try {
    let lastYield = performance.now();
    while (sim.step()) {
      options.onDay?.(sim);
      if (performance.now() - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (options.shouldStop?.()) throw new RunInterrupted();
    }
    options.onDay?.(sim);
    const result = sim.result();
    const manifest = await writeRun(pending.dir, id, result, loaded);
    return { id, dir: pending.complete(), manifest, result };
  } catch (error) {
    sim.close();
    pending.discard();
    throw error;
  }
}

export class RunInterrupted extends Error {
  constructor() {
    super('run interrupted; nothing was kept');
    this.name = 'RunInterrupted';
  }
}
