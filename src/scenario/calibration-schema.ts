import * as z from 'zod';
import { factorSchema, measureSchema } from './factor-schema.ts';

/**
 * A target: a number read from a run (a metric's run summary, or its mean over a window of days),
 * scaled as the observation is (`per_citizen`: divided by the population, as docs/calibration.md
 * scales counts to shares of adults), optionally divided by another number of the same run
 * (`per`: blocked flights per listed person) and multiplied by a constant (`times: 365` turns a
 * daily mean into a yearly rate), and the observed value with its uncertainty (one standard
 * deviation, in the same units): a run's error on the target is |simulated - observed| / uncertainty.
 */
export const targetSchema = measureSchema.extend({
  observed: z.number().min(-1e12).max(1e12).meta({ description: 'the observed value, in the scaled units' }),
  uncertainty: z.number().gt(0).max(1e12).meta({ description: 'one standard deviation of the observation (and of what the model cannot match), same units' }),
  scale: z.enum(['none', 'per_citizen']).default('none').meta({ description: 'per_citizen: the run value divided by population.citizens (a share of adults)' }),
  per: measureSchema.omit({ label: true }).optional().meta({ description: 'divide by this number of the same run (a metric, or its mean over a window)' }),
  times: z.number().gt(0).max(1e12).default(1).meta({ description: 'multiply by this constant (365: a daily mean as a yearly rate)' }),
  source: z.string().max(500).optional().meta({ description: 'where the observed value comes from' }),
});

export type Target = z.output<typeof targetSchema>;

/**
 * A calibration file: which scenario, which fields are unknown (each with a prior), what a run
 * should reproduce (targets), and how the approximate Bayesian computation by sequential Monte
 * Carlo (ABC-SMC) proceeds: `particles` per generation, at most `generations`, each generation's
 * tolerance the `quantile` of the previous one's distances.
 */
export const calibrationSchema = z
  .strictObject({
    scenario: z.string().min(1).meta({ description: 'a shipped scenario name, or a YAML file (relative to this file)' }),
    set: z.record(z.string(), z.unknown()).default({}).meta({ description: 'fields fixed for every run, e.g. population.citizens: 2000 (not written into the calibrated scenario)' }),
    priors: z.array(factorSchema).min(1).max(50).meta({ description: 'the unknown scenario fields, each with its prior distribution' }),
    targets: z.array(targetSchema).min(1).max(100).meta({ description: 'the numbers a run should reproduce, with their observed values and uncertainties' }),
    particles: z.number().int().min(4).max(10_000).default(100).meta({ description: 'accepted parameter sets per generation' }),
    generations: z.number().int().min(1).max(100).default(5).meta({ description: 'generations at most: the first from the priors, each next with a lower tolerance' }),
    quantile: z.number().gt(0).lt(1).default(0.5).meta({ description: "each generation's tolerance: this quantile of the previous generation's distances" }),
    minAcceptance: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.05)
      .meta({ description: 'a generation proposes at most particles / minAcceptance parameter sets; one that cannot fill half its particles ends the calibration' }),
    kernel: z
      .enum(['covariance', 'diagonal'])
      .default('covariance')
      .meta({ description: "the perturbation: a Gaussian with twice the previous generation's weighted covariance, or its variances only" }),
    replications: z.number().int().min(1).max(100).default(1).meta({ description: 'runs per parameter set (different seeds); targets are compared on their mean' }),
    seed: z.number().int().min(0).max(4294967295).default(1).meta({ description: 'the seed of every draw of the calibration and of its runs' }),
    workers: z.number().int().min(1).max(64).default(2).meta({ description: 'worker threads running parameter sets in parallel' }),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.priors.forEach((p, i) => {
      const earlier = seen.get(p.field);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['priors', i, 'field'], message: `${p.field} already has a prior (priors.${earlier})` });
      seen.set(p.field, i);
      if (p.field in c.set) ctx.addIssue({ code: 'custom', path: ['priors', i, 'field'], message: `${p.field} is fixed by set: a calibrated field cannot be fixed` });
    });
  });

export type Calibration = z.output<typeof calibrationSchema>;
