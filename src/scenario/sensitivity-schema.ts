import * as z from 'zod';
import { factorSchema, measureSchema } from './factor-schema.ts';

/**
 * A sensitivity file: which scenario, which fields are uncertain (each a distribution), which
 * numbers of a run to explain, and how: `morris` screens many factors with r trajectories of
 * elementary effects; `sobol` apportions the variance of each measure with Saltelli's design of
 * N base samples. Every point runs `replications` seeds, the same at every point (common random
 * numbers), so the model's own noise is measured apart from the factors' effects.
 */
export const sensitivitySchema = z
  .strictObject({
    scenario: z.string().min(1).meta({ description: 'a shipped scenario name, or a YAML file (relative to this file)' }),
    set: z.record(z.string(), z.unknown()).default({}).meta({ description: 'fields fixed for every point, e.g. population.citizens: 2000' }),
    method: z.enum(['morris', 'sobol']).default('morris').meta({ description: 'morris: elementary effects (mu*, sigma) to screen many factors; sobol: first-order and total variance indices' }),
    factors: z.array(factorSchema).min(1).max(1000).meta({ description: 'the uncertain scenario fields, each a distribution' }),
    measures: z.array(measureSchema).min(1).max(100).meta({ description: 'the numbers of a run to explain: a metric, its mean over a window, or audit.<group>.<measure>' }),
    trajectories: z.number().int().min(2).max(1000).default(10).meta({ description: 'morris: r trajectories of k + 1 points each' }),
    levels: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(4)
      .refine((p) => p % 2 === 0, 'expected an even number of levels (each step is half the levels)')
      .meta({ description: 'morris: p levels of each factor on [0, 1]; a step moves a factor by p / (2 (p - 1))' }),
    samples: z.number().int().min(2).max(1_000_000).default(64).meta({ description: 'sobol: N base samples (a power of two is best), N (k + 2) points' }),
    replications: z.number().int().min(1).max(1000).default(2).meta({ description: 'runs per point, with seeds seed, seed+1, ... at every point (common random numbers)' }),
    seed: z.number().int().min(0).max(4294967295).default(1).meta({ description: 'first seed of every point, and the seed of the design and of the bootstrap' }),
    bootstrap: z.number().int().min(0).max(100_000).default(1000).meta({ description: 'bootstrap resamples for the 95 % intervals of the indices (0: none)' }),
    workers: z.number().int().min(1).max(64).default(2).meta({ description: 'worker threads running points in parallel' }),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.factors.forEach((f, i) => {
      const earlier = seen.get(f.field);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['factors', i, 'field'], message: `${f.field} is already factor ${earlier}` });
      seen.set(f.field, i);
      if (f.field in s.set) ctx.addIssue({ code: 'custom', path: ['factors', i, 'field'], message: `${f.field} is fixed by set: a factor cannot be fixed` });
    });
    // Saltelli's design takes A and B from one Sobol sequence of 2k dimensions (sobol-sequence.ts)
    if (s.method === 'sobol' && s.factors.length > 128) ctx.addIssue({ code: 'custom', path: ['factors'], message: 'sobol: at most 128 factors' });
  });

export type Sensitivity = z.output<typeof sensitivitySchema>;
