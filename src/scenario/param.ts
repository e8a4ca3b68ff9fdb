import * as z from 'zod';

/** What travels with every scenario number: its default, its unit and where the default comes from. */
export interface ParamDoc {
  unit: string;
  source: string;
  description: string;
}

/** A name in files, metrics and paths: lower case, at most 64 characters (it becomes part of a run's directory name). */
export const id = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case identifier (letters, digits, _ and -)');

/**
 * A documented scenario number.
 * @example rate: param(z.number().min(0).max(1), 0.003, { unit: 'probability per search', source: 'NIST IR 8280', description: 'FPIR' })
 */
export function param(schema: z.ZodNumber, value: number, doc: ParamDoc) {
  return schema.default(value).meta({ ...doc });
}

/**
 * The ceiling of any quantity without a narrower one (a rate, an amount in CNY, a multiplier): far
 * above every sensible value, and low enough that nothing derived from it overflows to Infinity.
 */
export const MAX_QUANTITY = 1e9;
/** The bound of any score, points or tier threshold, either way. */
export const MAX_POINTS = 1e6;

export const probability = (value: number, doc: ParamDoc) => param(z.number().min(0).max(1), value, doc);
export const nonNegative = (value: number, doc: ParamDoc) => param(z.number().min(0).max(MAX_QUANTITY), value, doc);
export const positive = (value: number, doc: ParamDoc) => param(z.number().positive().max(MAX_QUANTITY), value, doc);
export const count = (value: number, doc: ParamDoc) => param(z.number().int().min(0).max(MAX_QUANTITY), value, doc);
/** Points (a score, a threshold, a rule's worth), within ±MAX_POINTS. */
export const points = () => z.number().min(-MAX_POINTS).max(MAX_POINTS);

/** A trait distribution: citizens draw the trait once, in [0, 1], with this mean and half-width. */
export function traitParams(mean: number, spread: number, what: string, source: string) {
  return z
    .strictObject({
      mean: probability(mean, { unit: 'share of the scale [0, 1]', source, description: `mean ${what}` }),
      spread: probability(spread, { unit: 'half-width on [0, 1]', source, description: `how far ${what} varies around its mean` }),
    })
    .prefault({})
    .meta({ description: what });
}

/**
 * Day numbers are kept in 16 bits per citizen (src/population/citizens.ts), so a run lasts at most
 * MAX_DAYS (82 years) and a term (a court delay, a cooldown, a list's term) at most MAX_TERM_DAYS:
 * a day plus a term stays below 32,768.
 */
export const MAX_DAYS = 30_000;
export const MAX_TERM_DAYS = 2_500;
/** A term in days: a delay, a cooldown, a display, a list's term. */
export const term = () => z.number().int().min(0).max(MAX_TERM_DAYS);
