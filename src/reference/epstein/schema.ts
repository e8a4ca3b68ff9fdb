import * as z from 'zod';
import { param, probability, nonNegative, count, id } from '../../scenario/param.ts';

/**
 * Parameters of the Epstein (2002) civil violence model, with the defaults of Mesa 3.3.1's example
 * `mesa/examples/advanced/epstein_civil_violence` (class `EpsteinCivilViolence` in model.py).
 * Names are Mesa's keyword arguments in camelCase (`citizen_density` -> `citizenDensity`).
 */

const MESA = 'Mesa 3.3.1 epstein_civil_violence/model.py default';
const PAPER = 'Epstein 2002 (PNAS 99 suppl. 3)';

export const epsteinParamsShape = {
  width: param(z.number().int().min(1).max(4096), 40, { unit: 'cells', source: MESA, description: 'grid width (the grid is a torus)' }),
  height: param(z.number().int().min(1).max(4096), 40, { unit: 'cells', source: MESA, description: 'grid height (the grid is a torus)' }),
  citizenDensity: probability(0.7, {
    unit: 'share of cells',
    source: MESA,
    description: 'chance that a cell starts with a citizen (citizen_density)',
  }),
  copDensity: probability(0.074, {
    unit: 'share of cells',
    source: MESA,
    description: 'chance that a cell starts with a cop (cop_density); citizenDensity + copDensity must be at most 1',
  }),
  // at most 180: a sight of at most 65,160 cells, whose cops and actives the model counts in two 16-bit fields of one number
  citizenVision: param(z.number().int().min(1).max(180), 7, {
    unit: 'cells (von Neumann radius)',
    source: MESA,
    description: 'citizens see every cell within this many orthogonal steps (citizen_vision; at most 180)',
  }),
  copVision: param(z.number().int().min(1).max(255), 7, {
    unit: 'cells (von Neumann radius)',
    source: MESA,
    description: 'cops see every cell within this many orthogonal steps (cop_vision)',
  }),
  legitimacy: probability(0.8, {
    unit: 'L in [0, 1]',
    source: MESA,
    description: 'regime legitimacy as every citizen perceives it; grievance G = H (1 - L) (legitimacy)',
  }),
  maxJailTerm: count(1000, {
    unit: 'steps',
    source: MESA,
    description: 'J_max: an arrested citizen is jailed for randint(0, J_max) steps, both ends included (max_jail_term)',
  }),
  activeThreshold: param(z.number().min(-1e6).max(1e6), 0.1, {
    unit: 'T',
    source: `${MESA}; ${PAPER}: T = 0.1`,
    description: 'a citizen is active iff G - R P > T (active_threshold)',
  }),
  arrestProbConstant: nonNegative(2.3, {
    unit: 'k',
    source: `${MESA}; ${PAPER}: k = 2.3, so that P = 1 - exp(-2.3) = 0.90 at one cop per active`,
    description: 'estimated arrest probability P = 1 - exp(-k round(C / A)) (arrest_prob_constant)',
  }),
  movement: z.boolean().default(true).meta({
    unit: 'switch',
    source: MESA,
    description: 'whether agents move to a random empty cell in vision at the end of their turn (movement)',
  }),
};

const densitiesFit = (p: { citizenDensity: number; copDensity: number }) => p.citizenDensity + p.copDensity <= 1;
const densitiesMessage = { message: 'citizenDensity + copDensity must be at most 1 (Mesa raises ValueError otherwise)' };

/** The model's parameters alone, as `createEpstein` and `runEpstein` take them. */
export const epsteinParamsSchema = z.strictObject(epsteinParamsShape).refine(densitiesFit, densitiesMessage);

/** A reference scenario file (scenarios/reference/epstein.yaml): the parameters plus the run's identity. */
export const epsteinSchema = z
  .strictObject({
    model: z.literal('epstein-civil-violence').meta({ description: 'which reference model this file configures' }),
    name: id.default('epstein').meta({ description: 'the scenario’s name' }),
    description: z.string().default('').meta({ description: 'what the scenario represents, with sources' }),
    seed: param(z.number().int().min(0).max(4294967295), 1, { unit: 'integer', source: 'reproducibility (Mesa draws a random seed when none is given)', description: 'the random seed' }),
    steps: param(z.number().int().min(0).max(65535), 1000, {
      unit: 'steps',
      source: `${MESA}: max_iters = 1000`,
      description: 'steps to run; Mesa clears `running` once model.steps > max_iters, so its own loop runs max_iters + 1 steps',
    }),
    ...epsteinParamsShape,
  })
  .refine(densitiesFit, densitiesMessage);

export type EpsteinParams = z.output<typeof epsteinParamsSchema>;
export type EpsteinScenario = z.output<typeof epsteinSchema>;
export type EpsteinScenarioInput = z.input<typeof epsteinSchema>;
