/**
 * Global sensitivity analysis: which uncertain scenario fields move which answers, and by how
 * much beyond the model's own noise. The design (Morris trajectories; Saltelli's matrices from a
 * Sobol sequence), the estimators (Morris mu, mu*, sigma; Saltelli 2010 first-order and Jansen
 * total indices) with bootstrap intervals, the noise across common-random-number replications,
 * and the verb that runs it all (`runSensitivity`).
 */
export { runSensitivity } from './run.ts';
export type { SensitivityOptions, SensitivityResult } from './run.ts';
export { sensitivityDesign, pointValues } from './design.ts';
export type { SensitivityDesign, PointRole } from './design.ts';
export { analyseSensitivity, beyondNoise } from './analyse.ts';
export type { SensitivityAnalysis, IndexRow, NoiseRow } from './analyse.ts';
export { sobolPoints, SOBOL_MAX_DIMENSIONS } from './sobol-sequence.ts';
export { saltelliDesign, saltelliPoints, saltelliRole } from './saltelli.ts';
export { sobolIndices } from './sobol-indices.ts';
export type { SobolIndex, SobolIndices } from './sobol-indices.ts';
export { morrisDesign, morrisIndices, elementaryEffects } from './morris.ts';
export type { MorrisDesign, MorrisIndex } from './morris.ts';
export { pointMeans, noiseOf, morrisNoiseFloor, totalIndexNoise } from './noise.ts';
export type { Noise, Replicated } from './noise.ts';
export { bootstrapIntervals } from './bootstrap.ts';
export type { Interval } from './bootstrap.ts';
