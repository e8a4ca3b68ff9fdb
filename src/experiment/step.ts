import type { Simulation } from '../engine/simulate.ts';

/** A run, comparison or sweep stopped from outside (a signal, a cancelled job): nothing was kept. */
export class RunInterrupted extends Error {
  constructor(what = 'run') {
    super(`${what} interrupted; nothing was kept`);
    this.name = 'RunInterrupted';
  }
}

/** How often a long loop hands the event loop a turn, so signals, progress and HTTP are served. */
const YIELD_EVERY_MS = 50;

export interface StepOptions {
  /** called after each day, to read what the day did */
  onDay?: (sim: Simulation) => void;
  /** checked between days: true stops the simulation with RunInterrupted */
  shouldStop?: () => boolean;
  /** what is stopped, for the message: 'run', 'comparison', 'replay' */
  what?: string;
}

/**
 * Step a simulation to its last day, yielding to the event loop now and then. Every verb that
 * runs a simulation steps it here; on any failure the simulation's threads are stopped.
 */
export async function stepToEnd(sim: Simulation, options: StepOptions = {}): Promise<void> {
  try {
    let lastYield = performance.now();
    while (sim.step()) {
      options.onDay?.(sim);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (options.shouldStop?.()) throw new RunInterrupted(options.what);
    }
    options.onDay?.(sim);
  } catch (error) {
    sim.close();
    throw error;
  }
}
