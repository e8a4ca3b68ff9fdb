/** Daily metric series, from a simulation in memory or from a stored run: one interface for both. */
export interface MetricSeries {
  names: string[];
  /** [day, value] pairs, in day order; empty for an unknown metric */
  series(name: string): [number, number][];
}

export function fromRows(rows: { day: number; metric: string; value: number | null }[]): MetricSeries {
  const map = new Map<string, [number, number][]>();
  for (const r of rows) {
    let s = map.get(r.metric);
    if (!s) map.set(r.metric, (s = []));
    s.push([r.day, r.value ?? NaN]);
  }
  for (const s of map.values()) s.sort((a, b) => a[0] - b[0]);
  return { names: [...map.keys()], series: (name) => map.get(name) ?? [] };
}

/** The sum of a metric over the run. */
export const sumOf = (s: MetricSeries, name: string) => s.series(name).reduce((a, [, v]) => a + (Number.isNaN(v) ? 0 : v), 0);

/** The last value of a metric. */
export function lastOf(s: MetricSeries, name: string): number {
  const x = s.series(name);
  return x.length ? x[x.length - 1][1] : NaN;
}
