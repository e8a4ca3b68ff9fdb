import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world.ts';
import { createWorld } from './create-world.ts';
import { assertFitsInMemory } from './memory.ts';
import { respond, live, createLife } from '../life/index.ts';
import { openLifeThreads, type LifeThreads } from './threads.ts';
import { createObserve } from '../observe/index.ts';
import { judge } from '../judge/index.ts';
import { consequence } from '../consequence/index.ts';
import { createMeasurer, type Measurer } from '../measure/index.ts';
import { composeDay, type Intervention } from './pipeline.ts';
import { createSchedule } from './schedule.ts';
import { restoreCheckpoint, type Checkpoint } from './checkpoint.ts';
import { scenarioOn } from '../scenario/schedule.ts';
import { compilePolicy } from '../policy/compile.ts';
import { inputError } from '../scenario/errors.ts';

export interface Progress {
  day: number;
  days: number;
  citizens: number;
  elapsedMs: number;
  agentDaysPerSecond: number;
  etaMs: number;
}

export interface SimulateOptions {
  seed?: number;
  days?: number;
  /** threads to run life on (1: this one); the results are the same for any number */
  workers?: number;
  /** mechanisms of life to switch off, by name (see MECHANISMS) */
  disabled?: Iterable<string>;
  onProgress?: (p: Progress) => void;
  /** things done to the run from outside the model at fixed points of each day (pipeline.ts) */
  interventions?: readonly Intervention[];
  /**
   * Continue from a checkpoint (checkpoint.ts): the run starts on its day with its state, under
   * `scenario` (the checkpoint's, or one that changes from that day on: experiment/branch.ts).
   * A `seed` other than the checkpoint's keys the draws of the days to come only.
   */
  from?: Checkpoint;
}

export interface SimulationResult {
  scenario: Scenario;
  seed: number;
  days: number;
  world: World;
  measurer: Measurer;
  startedAt: Date;
  durationMs: number;
  agentDaysPerSecond: number;
}

/** A simulation in progress: `step` runs one day; `result` gives the finished run. */
export interface Simulation {
  /** the scenario the run was started with (the one in force on a day is world.scenario) */
  scenario: Scenario;
  world: World;
  measurer: Measurer;
  days: number;
  /** run the next day; false once every day has run */
  step(): boolean;
  progress(): Progress;
  result(): SimulationResult;
  /** stop the worker threads, if any: done by the last step, needed when stopping early */
  close(): void;
}

/**
 * Build the world (refusing, before allocating, a population that would not fit in memory) and
 * return a simulation ready to step through life -> observe -> judge -> consequence -> measure.
 */
export function startSimulation(scenario: Scenario, options: SimulateOptions = {}): Simulation {
  assertFitsInMemory(scenario, undefined, options.workers);
  const seed = options.seed ?? scenario.seed;
  const days = options.days ?? scenario.days;
  const from = options.from;
  if (from && days <= from.day) throw inputError(`the checkpoint is at day ${from.day}: a run continued from it needs more than ${from.day} days, not ${days}`, { path: '--days' });
  const startedAt = new Date();
  const t0 = performance.now();
  // life threads load their code while the world is built
  const opened = (options.workers ?? 1) > 1 ? openLifeThreads(Math.min(options.workers!, Math.max(1, scenario.population.citizens))) : null;
  let world: World, measurer: Measurer, threads: LifeThreads | null;
  try {
    world = createWorld(scenario, { seed: from?.seed ?? seed, disabled: options.disabled ?? from?.disabled });
    measurer = createMeasurer(world, days);
    if (from) restoreCheckpoint(world, measurer, scenario, from, seed);
    threads = opened?.start(world) ?? null;
  } catch (error) {
    opened?.close();
    throw error;
  }
  const onThisThread = world.overCitizens;
  if (threads) world.overCitizens = threads.overCitizens(world);
  // once the threads stop, span tasks (a shell's means of the finished run, say) run here again
  const stopThreads = () => {
    threads?.close();
    world.overCitizens = onThisThread;
  };
  const stages = { schedule: createSchedule(scenario), respond, live: threads ? createLife(threads.runSpans) : live, observe: createObserve(scenario), judge, consequence, measure: measurer.measure };
  const day = composeDay(stages, options.interventions);
  if (from) {
    // the scenario in force when the checkpoint was taken; life threads, started on the base, derive the same
    world.scenario = scenarioOn(scenario, from.day - 1);
    if (world.scenario !== scenario) world.policy = compilePolicy(world.scenario);
  }
  const n = world.pop.n;
  const first = from?.day ?? 0;
  let done = first;
  const progress = (): Progress => {
    const elapsedMs = performance.now() - t0;
    const rate = elapsedMs > 0 ? ((done - first) * n) / (elapsedMs / 1000) : 0;
    return { day: done, days, citizens: n, elapsedMs, agentDaysPerSecond: rate, etaMs: rate > 0 ? ((days - done) * n * 1000) / rate : NaN };
  };
  return {
    scenario,
    world,
    measurer,
    days,
    step() {
      if (done >= days) return false;
      world.day = done;
      try {
        day(world);
      } catch (error) {
        stopThreads();
        throw error;
      }
      done++;
      if (done === days) stopThreads();
      options.onProgress?.(progress());
      return done < days;
    },
    progress,
    close: stopThreads,
    result() {
      const durationMs = performance.now() - t0;
      return { scenario, seed, days: done, world, measurer, startedAt, durationMs, agentDaysPerSecond: ((done - first) * n) / (durationMs / 1000) };
    },
  };
}

/**
 * Run a scenario to the end. Same scenario and seed, same result.
 * @example const run = simulate(loadScenario('rongcheng', { 'population.citizens': 1000 }).scenario, { days: 30 });
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const sim = startSimulation(scenario, options);
  while (sim.step());
  return sim.result();
}
