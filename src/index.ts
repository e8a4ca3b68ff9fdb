/**
 * Credence as a library: its table of contents. The server and the benchmarks import this file
 * and nothing else of the library; the CLI starts on src/essentials.ts (re-exported below) and
 * loads this file when a command runs (src/cli/library.ts).
 *
 * @example
 * import { loadScenario, simulate, total } from 'credence';
 * const run = simulate(loadScenario('rongcheng', { 'population.citizens': 2000 }).scenario, { days: 30 });
 * total(run, 'penalties_wrongful');
 */

// what a shell needs at start, and the reference models (src/essentials.ts: none of the city's code)
export * from './essentials.ts';

// scenarios: loading, validation, the schema
export { loadScenario, parseScenario, validateScenario, listScenarios } from './load/scenario.ts';
export type { LoadedScenario } from './load/scenario.ts';
export { scenarioSchema } from './scenario/schema.ts';
export type { Scenario, ScenarioInput } from './scenario/schema.ts';

// the model: build a world, step it, read its metrics
export { simulate, startSimulation } from './engine/simulate.ts';
export type { Simulation, SimulationResult, SimulateOptions, Progress } from './engine/simulate.ts';
export type { Intervention, System } from './engine/pipeline.ts';
export { captureCheckpoint, restoreCheckpoint, stateDigest } from './engine/checkpoint.ts';
export type { Checkpoint } from './engine/checkpoint.ts';
export { createWorld } from './engine/create-world.ts';
export type { World } from './world.ts';
export { estimateBytes, bytesPerCitizen, formatBytes, assertFitsInMemory } from './engine/memory.ts';
export { worldBytes } from './engine/footprint.ts';
export { autoWorkers } from './engine/threads.ts';
export { MECHANISMS } from './life/index.ts';
export { series, total, metricsDigest, metricSeries, sumOf, lastOf } from './measure/series.ts';
export type { MetricSeries } from './measure/series.ts';
export { auditGroups } from './measure/audit.ts';
export type { GroupAudit } from './measure/audit.ts';
export { stateMeans } from './measure/metrics.ts';
export { trafficViolations, gateDenials, TRAFFIC_VIOLATIONS } from './measure/tally.ts';
export { streamKey, uniform, RANDOM_ALGORITHM } from './core/random.ts';
export { EVENT_TYPES, EventType } from './core/events.ts';
export type { SubjectKind } from './core/events.ts';
export { packageRoot } from './core/package-root.ts';

// verbs: run, explain, appeal, compare, sweep, rerun
export { runScenario, prepareRun, cityOverrides } from './experiment/run.ts';
export { stepToEnd } from './experiment/step.ts';
export type { RunOptions, CompletedRun, PreparedRun } from './experiment/run.ts';
export { explainRun } from './experiment/explain.ts';
export type { RunExplanation } from './experiment/explain.ts';
export type { ScreenSpell } from './measure/explanation.ts';
export { manualAppeals } from './experiment/manual-appeals.ts';
export type { ManualAppeal, ManualAppealOutcome } from './experiment/manual-appeals.ts';
export { appealRun, planAppeal, runAppeal } from './experiment/appeal.ts';
export { readAppeals, APPEALS_FILE } from './store/appeals-file.ts';
export type { AppealPlan } from './experiment/appeal.ts';
export type { StoredAppeals } from './store/appeals-file.ts';
export { branchScenario } from './experiment/branch.ts';
export type { BranchOptions } from './experiment/branch.ts';
export { whatIf, EVENT_ID } from './experiment/whatif.ts';
export type { WhatIf, WhatIfOptions, Life, Attribution } from './experiment/whatif.ts';
export { compare } from './experiment/compare.ts';
export type { Comparison, CompareOptions } from './experiment/compare.ts';
export { runSweep } from './experiment/sweep.ts';
export { runSensitivity, sobolPoints, saltelliDesign, sobolIndices, morrisDesign, morrisIndices } from './experiment/sensitivity/index.ts';
export type { SensitivityOptions, SensitivityResult, SensitivityAnalysis, IndexRow, NoiseRow } from './experiment/sensitivity/index.ts';
export { sensitivitySchema } from './scenario/sensitivity-schema.ts';
export type { Sensitivity } from './scenario/sensitivity-schema.ts';
export { runCalibration, abcSmc, priorOf, summarisePosterior, targetValue, targetDistance } from './experiment/calibrate/index.ts';
export type { CalibrationOptions, CalibrationProgress, CalibrationResult, Posterior, ParameterSummary, TargetFit } from './experiment/calibrate/index.ts';
export { calibrationSchema, targetSchema } from './scenario/calibration-schema.ts';
export type { Calibration, Target } from './scenario/calibration-schema.ts';
// where an experiment's runs run: threads here, or a Redis queue that workers on many machines take from
export { openExecutor, startWorker, redisStatus } from './experiment/executor/open.ts';
export type { Executor, RunJob } from './experiment/executor/job.ts';
export type { RedisWorker } from './experiment/executor/redis-worker.ts';
export type { QueueStatus } from './experiment/executor/redis-status.ts';
export { scenarioOfReplication } from './experiment/rerun.ts';

// the reference models

// stored runs, comparisons and reports
export {
  listRuns,
  listExperiments,
  resolveRun,
  resolveResult,
  RUN_FILE,
  MANIFEST_FILE,
  listLeftovers,
  cleanLeftovers,
  checkRunsDir,
  isResumable,
  RESUMABLE,
} from './store/run-dir.ts';
export type { RunManifest, Leftover } from './store/run-dir.ts';
export { readRun, queryRun } from './store/read-run.ts';
export { writeCheckpoint, readCheckpoint, resolveCheckpoint, checkpointName } from './store/checkpoint-file.ts';
export { exportRun } from './store/export.ts';
export { storeComparison } from './store/write-comparison.ts';
export { writeReport } from './report/index.ts';
