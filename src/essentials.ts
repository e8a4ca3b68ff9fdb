/**
 * The part of the library a shell needs before it knows what a command will do, and all that a
 * reference model's run needs: the version, the errors a shell tells apart, the clean-up of
 * half-written results, where scenarios and runs are, and the reference models (standalone: they
 * run without the Credence city). Nothing here loads the city's model or its scenario schema, so
 * the CLI imports this file at start and src/index.ts (which re-exports it) only when a command
 * runs: `credence --help` and `credence run reference/epstein` load a fraction of the library.
 */

export { VERSION } from './core/version.ts';
export { InputError, inputError, formatIssue } from './scenario/errors.ts';
export type { InputIssue } from './scenario/errors.ts';
export { RunInterrupted } from './experiment/step.ts';
export { ServiceUnavailable, checkRedisUrl } from './experiment/executor/service.ts';
export { defaultRunsDir, discardPendingSync } from './store/run-dir.ts';
export { checkOutDir, checkOutFile } from './store/out-dir.ts';
export { EXPORT_FORMATS } from './store/export.ts';
export { SENSITIVITY_FILE } from './store/sensitivity-file.ts';
export { CALIBRATION_FILE } from './store/calibration-file.ts';
export { parseYaml } from './load/yaml.ts';
export { resolveScenarioPath, SCENARIO_DIR } from './load/scenario-files.ts';
export { referenceModelOf, prepareReference, runReference, loadReference } from './experiment/run-reference.ts';
export type { RunRequest, ReferenceRequest } from './experiment/run-reference.ts';
export { epsteinSchema, runEpstein } from './reference/epstein/index.ts';
