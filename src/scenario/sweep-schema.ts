import * as z from 'zod';

const range = z.strictObject({
  from: z.number().min(-1e12).max(1e12),
  to: z.number().min(-1e12).max(1e12),
  integer: z.boolean().default(false).meta({ description: 'round sampled values to whole numbers' }),
  log: z.boolean().default(false).meta({ description: 'sample on a log scale (from and to must be positive)' }),
});

/** A sweep file: which scenario, which fields to vary and how, how many replications. */
export const sweepSchema = z
  .strictObject({
    scenario: z.string().meta({ description: 'a shipped scenario name, or a YAML file (relative to the sweep file)' }),
    set: z.record(z.string(), z.unknown()).default({}).meta({ description: 'fields fixed for every point, e.g. population.citizens: 20000' }),
    design: z.enum(['grid', 'lhs']).default('grid').meta({ description: 'grid: every combination of the listed values; lhs: a Latin hypercube over the ranges' }),
    parameters: z
      .record(z.string(), z.union([z.array(z.unknown()).min(1), range]))
      .refine((p) => Object.keys(p).length > 0, 'at least one parameter to vary')
      .meta({ description: 'field path -> list of values (grid) or {from, to} range (lhs, or grid with steps)' }),
    steps: z.number().int().min(2).max(1000).default(5).meta({ description: 'grid: values taken from each range' }),
    samples: z.number().int().min(1).max(100_000).default(20).meta({ description: 'lhs: number of points' }),
    replications: z.number().int().min(1).max(1000).default(3).meta({ description: 'runs per point, with seeds seed, seed+1, ...' }),
    seed: z.number().int().min(0).max(4294967295).default(1).meta({ description: 'first seed of every point (common random numbers across points), and the seed of the design' }),
    workers: z.number().int().min(1).max(64).default(2).meta({ description: 'worker threads running points in parallel' }),
  })
  .superRefine((s, ctx) => {
    for (const [name, p] of Object.entries(s.parameters)) {
      if (!Array.isArray(p) && p.log && !(p.from > 0 && p.to > 0)) ctx.addIssue({ code: 'custom', path: ['parameters', name], message: 'a log range needs from and to above 0' });
      if (s.design === 'lhs' && Array.isArray(p)) ctx.addIssue({ code: 'custom', path: ['parameters', name], message: 'a Latin hypercube samples ranges: give {from, to}' });
    }
  });

export type Sweep = z.output<typeof sweepSchema>;
