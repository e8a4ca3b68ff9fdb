/** Epstein's (2002) civil violence model as Mesa 3.3.1 implements it: a reference for Credence's dissent module. */
export { epsteinSchema, epsteinParamsSchema, epsteinParamsShape } from './schema.ts';
export type { EpsteinParams, EpsteinScenario, EpsteinScenarioInput } from './schema.ts';
export { createEpstein, stepEpstein, runEpstein, roundHalfEven, jailTerm, vonNeumannOffsets, CitizenState, Seen } from './model.ts';
export type { EpsteinModel, EpsteinRun, RunOptions, Neighbourhood } from './model.ts';
