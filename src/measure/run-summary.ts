import type { Measured } from './series.ts';

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
