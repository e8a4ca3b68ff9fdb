import type { ScoreDistribution } from './view-types.ts';

/** At most this many bins: enough to show a shape on a dashboard chart, few enough to stream. */
const MAX_BINS = 40;

/** A round bin width (1, 2 or 5 times a power of ten) giving about `bins` bins over `span`. */
export function niceStep(span: number, bins = MAX_BINS): number {
  if (!(span > 0)) return 1;
  const raw = span / bins;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

/**
 * A histogram whose bins fit the scores actually held, not the scorer's whole range: a city where
 * everyone sits between 900 and 1,010 of a 0-1,500 scale shows its shape, not one bar. Bins are
 * round (1, 2, 5 x 10^k points wide) and start on a multiple of their width; those at exactly the
 * starting score are counted apart too, since most citizens of a points scorer never move.
 */
export function fittedHistogram(counts: Iterable<readonly [number, number]>, base: number | null): Omit<ScoreDistribution, 'id' | 'label' | 'min' | 'max' | 'base' | 'tiers'> {
  const pairs = [...counts].filter(([s, n]) => Number.isFinite(s) && n > 0);
  if (!pairs.length) return { lo: 0, step: 1, bins: [], atBase: 0, scored: 0 };
  let lo = Infinity,
    hi = -Infinity,
    scored = 0,
    atBase = 0;
  for (const [s, n] of pairs) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
    scored += n;
    if (base !== null && Math.abs(s - base) < 1e-6) atBase += n;
  }
  const step = niceStep(hi - lo);
  const start = Math.floor(lo / step) * step;
  const bins = new Array<number>(Math.max(1, Math.floor((hi - start) / step) + 1)).fill(0);
  for (const [s, n] of pairs) bins[Math.min(bins.length - 1, Math.floor((s - start) / step))] += n;
  return { lo: start, step, bins, atBase, scored };
}
