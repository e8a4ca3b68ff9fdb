import { type Measured, metricSeries } from './series.ts';
import { auditGroups, auditMetrics } from './audit.ts';

/** One number per metric for a whole run: the total of a flow, the last value of a stock, the mean of a level. */
export function runSummary(result: Measured): Map<string, number> {
  const { metrics, log } = result.measurer;
  const sum = new Float64Array(metrics.length);
  const count = new Float64Array(metrics.length);
  const last = new Float64Array(metrics.length).fill(NaN);
  const { metric, value } = log.cols;
  for (let j = 0; j < log.length; j++) {
    const m = metric[j];
    if (Number.isNaN(value[j])) continue;
    sum[m] += value[j];
    count[m]++;
    last[m] = value[j];
  }
  return new Map(metrics.map((m, i) => [m.name, m.over === 'sum' ? sum[i] : m.over === 'mean' ? (count[i] ? sum[i] / count[i] : NaN) : last[i]]));
}

/** A window of days a metric is averaged over (days `from` to `to`, both included). */
export interface SummaryWindow {
  metric: string;
  from: number;
  to: number;
}

/** The name a window's mean is summarised under. */
export const windowName = (w: SummaryWindow) => `${w.metric}@${w.from}-${w.to}`;

/**
 * Everything an experiment reads of one run: `runSummary`, the fairness audit against ground truth
 * (`audit.<group>.<measure>`), and the mean of each window's daily values (undefined days left out).
 */
export function experimentSummary(result: Measured, groups: string[], referenceGroup: string | undefined, windows: SummaryWindow[] = []): Map<string, number> {
  const summary = runSummary(result);
  const s = metricSeries(result);
  for (const [name, value] of auditMetrics(auditGroups(s, groups, referenceGroup))) summary.set(name, value);
  for (const w of windows) {
    let sum = 0,
      count = 0;
    for (const [day, value] of s.series(w.metric)) {
      if (day < w.from || day > w.to || Number.isNaN(value)) continue;
      sum += value;
      count++;
    }
    summary.set(windowName(w), count ? sum / count : NaN);
  }
  return summary;
}
