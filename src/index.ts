/**
 * Credence as a library: load a scenario, simulate it, store and export runs.
 * The CLI and the benchmarks are thin shells around these functions.
 */
export { loadScenario, parseScenario, resolveScenarioPath, SCENARIO_DIR } from './scenario/load.ts';
export type { LoadedScenario } from './scenario/load.ts';
export { scenarioSchema } from './scenario/schema.ts';
export type { Scenario, ScenarioInput } from './scenario/schema.ts';
export { InputError } from './scenario/errors.ts';
export { simulate, startSimulation, series, total, metricsDigest } from './engine/simulate.ts';
export type { Simulation, SimulationResult, SimulateOptions, Progress } from './engine/simulate.ts';
export { createWorld } from './engine/world.ts';
export type { World } from './engine/world.ts';
export { streamKey, uniform, RANDOM_ALGORITHM } from './engine/random.ts';
export { estimateBytes, bytesPerCitizen } from './engine/memory.ts';
export { runScenario, RunInterrupted } from './run.ts';
export { explainRun } from './explain.ts';
export { compare } from './experiment/compare.ts';
export { writeReport } from './report/index.ts';
export { exportRun } from './store/export.ts';
export { listRuns, resolveRun } from './store/run-dir.ts';
export { MECHANISMS } from './life/index.ts';
