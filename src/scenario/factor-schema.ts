import * as z from 'zod';

const bound = z.number().min(-1e12).max(1e12);

/**
 * A scenario field an experiment varies (sensitivity) or infers (calibration), as a distribution:
 * `uniform` over [from, to] (on a log scale with `log`), or `normal` (mean, sd) cut to [from, to]
 * when given. Values are drawn through the inverse of the distribution's CDF, so a sampler's
 * points in the unit cube map to values one field at a time.
 */
export const factorSchema = z
  .strictObject({
    field: z.string().min(1).max(200).meta({ description: 'a scenario field path, e.g. observe.fpir or scorers.0.rules.3.points' }),
    distribution: z.enum(['uniform', 'normal']).default('uniform').meta({ description: 'uniform over [from, to], or normal (mean, sd) cut to [from, to] when they are given' }),
    from: bound.optional().meta({ description: 'lowest value' }),
    to: bound.optional().meta({ description: 'highest value' }),
    mean: bound.optional().meta({ description: 'normal: the mean' }),
    sd: z.number().gt(0).max(1e12).optional().meta({ description: 'normal: the standard deviation' }),
    log: z.boolean().default(false).meta({ description: 'uniform on a log scale (from and to above 0)' }),
    integer: z.boolean().default(false).meta({ description: 'round values to whole numbers' }),
    label: z.string().max(200).optional().meta({ description: 'what the field means, in words, for reports' }),
  })
  .superRefine((f, ctx) => {
    if (f.distribution === 'uniform') {
      if (f.from === undefined || f.to === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'a uniform factor needs from and to' });
      else if (!(f.from < f.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `expected to above from (${f.from})` });
      else if (f.log && !(f.from > 0)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'a log range needs from and to above 0' });
    } else {
      if (f.mean === undefined || f.sd === undefined) ctx.addIssue({ code: 'custom', path: ['mean'], message: 'a normal factor needs mean and sd' });
      if (f.from !== undefined && f.to !== undefined && !(f.from < f.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `expected to above from (${f.from})` });
      if (f.log) ctx.addIssue({ code: 'custom', path: ['log'], message: 'log applies to uniform factors only' });
    }
  });

export type Factor = z.output<typeof factorSchema>;

/**
 * A number read from a run: a metric's run summary (`total` of a flow, `final` value of a stock,
 * its `mean` over the run), its mean over a window of days, or any named summary value (the
 * fairness audit's `audit.<group>.wrongfulRatio`, for instance).
 */
export const measureSchema = z.strictObject({
  metric: z.string().min(1).max(200).meta({ description: 'a metric name (credence metrics lists them), or audit.<group>.<measure>' }),
  window: z
    .tuple([z.number().int().min(0).max(100_000), z.number().int().min(0).max(100_000)])
    .optional()
    .refine((w) => w === undefined || w[0] <= w[1], 'expected [first day, last day] with first <= last')
    .meta({ description: 'average the daily values over [first day, last day] instead of the run summary' }),
  label: z.string().max(200).optional().meta({ description: 'what the number means, in words, for reports' }),
});

export type Measure = z.output<typeof measureSchema>;
