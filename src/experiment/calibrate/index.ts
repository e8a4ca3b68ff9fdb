// Calibration by approximate Bayesian computation (ABC-SMC): the verb, and the parts it is made of.
export { runCalibration } from './calibrate.ts';
export type { CalibrationOptions, CalibrationProgress, CalibrationResult, GenerationSummary } from './calibrate.ts';
export { abcSmc, tolerance } from './smc.ts';
export type { SmcSettings, SmcResult, Generation, Particle, Proposal, Outcome, SimulateBatch } from './smc.ts';
export { priorOf, priorDensity } from './prior.ts';
export type { Prior } from './prior.ts';
export { gaussianKernel } from './kernel.ts';
export { summarisePosterior } from './posterior.ts';
export type { Posterior, ParameterSummary, TargetFit } from './posterior.ts';
export { targetValue, targetDistance, targetName } from './distance.ts';
