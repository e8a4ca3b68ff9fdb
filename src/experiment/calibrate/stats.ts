/** The p-quantile of values, interpolated between order statistics (R's type 7). */
export function quantile(values: number[], p: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/**
 * The p-quantile of weighted values: the inverse of the weighted empirical CDF, each value standing
 * at the middle of its weight (so equal weights give the type-5 quantile and a median between two
 * middle values).
 */
export function weightedQuantile(values: number[], weights: number[], p: number): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const total = weights.reduce((s, w) => s + w, 0);
  let below = 0;
  let prev = { at: -Infinity, v: values[order[0]] };
  for (const i of order) {
    const at = (below + weights[i] / 2) / total;
    if (at >= p) return prev.at === -Infinity ? values[i] : prev.v + ((p - prev.at) / (at - prev.at)) * (values[i] - prev.v);
    prev = { at, v: values[i] };
    below += weights[i];
  }
  return prev.v;
}

export const weightedMean = (values: number[], weights: number[]) => values.reduce((s, v, i) => s + v * weights[i], 0) / weights.reduce((s, w) => s + w, 0);

export function weightedSd(values: number[], weights: number[]): number {
  const m = weightedMean(values, weights);
  return Math.sqrt(values.reduce((s, v, i) => s + weights[i] * (v - m) ** 2, 0) / weights.reduce((s, w) => s + w, 0));
}
