/** Bins of the score histogram the live view and a stored run's view draw. */
export const SCORE_BINS = 20;

/** The bin of a score among `bins` equal bins over [min, max]; scores outside fall in the first or last. */
export function scoreBin(score: number, min: number, max: number, bins = SCORE_BINS): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(((score - min) / (max - min)) * bins)));
}

/** A histogram of scores, from [score, how many] pairs (a stored run's distinct scores, or one citizen at a time). */
export function scoreHistogram(counts: Iterable<readonly [number, number]>, min: number, max: number, bins = SCORE_BINS): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const [score, n] of counts) out[scoreBin(score, min, max, bins)] += n;
  return out;
}
