import { createHash } from 'node:crypto';
import type { Measurer } from './index.ts';

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

/** What the series of a finished simulation are read from. */
export interface Measured {
  measurer: Measurer;
}

/** A finished simulation's metrics as series (the same interface a stored run offers). */
export function metricSeries(result: Measured): MetricSeries {
  const { metrics, log } = result.measurer;
  const byMetric: [number, number][][] = metrics.map(() => []);
  const { day, metric, value } = log.cols;
  for (let j = 0; j < log.length; j++) byMetric[metric[j]].push([day[j], value[j]]);
  const index = new Map(metrics.map((m, i) => [m.name, i]));
  return { names: metrics.map((m) => m.name), series: (name) => byMetric[index.get(name) ?? -1] ?? [] };
}

/** A metric's daily series from a finished simulation, as [day, value] pairs. */
export function series(result: Measured, name: string): [number, number][] {
  if (!result.measurer.metrics.some((m) => m.name === name)) throw new Error(`no metric named ${name}`);
  return metricSeries(result).series(name);
}

/** A metric summed over a finished simulation (days it was undefined count as 0). */
export function total(result: Measured, name: string): number {
  series(result, name);
  return sumOf(metricSeries(result), name);
}

/** A SHA-256 of every metric of a finished run, day by day: equal digests, equal results. */
export function metricsDigest(result: Measured): string {
  const { day, metric, value } = result.measurer.log.cols;
  const hash = createHash('sha256');
  for (let j = 0; j < result.measurer.log.length; j++) hash.update(`${day[j]}|${result.measurer.metrics[metric[j]].name}|${value[j]}\n`);
  return hash.digest('hex');
}
