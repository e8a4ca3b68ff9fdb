import type { Target } from '../../scenario/calibration-schema.ts';
import type { SummaryWindow } from '../../measure/run-summary.ts';
import { measureName, measureValue, windowsOf } from '../factors.ts';

/** A target's name in tables and reports: its label, or how it is computed. */
export function targetName(t: Target): string {
  if (t.label) return t.label;
  const per = t.per ? ` / ${measureName(t.per)}` : '';
  const scale = t.scale === 'per_citizen' ? ' per citizen' : '';
  return `${measureName(t)}${per}${scale}${t.times === 1 ? '' : ` x ${t.times}`}`;
}

/** Every window the targets read (their own and their denominators'), for each run to summarise. */
export const targetWindows = (targets: Target[]): SummaryWindow[] => {
  const all = [...windowsOf(targets), ...windowsOf(targets.flatMap((t) => (t.per ? [t.per] : [])))];
  return all.filter((w, i) => all.findIndex((o) => o.metric === w.metric && o.from === w.from && o.to === w.to) === i);
};

/** A target's value in one run's summary, scaled as its observation: NaN when the run has no such number or the denominator is 0. */
export function targetValue(t: Target, summary: Map<string, number>, citizens: number): number {
  let v = measureValue(t, summary);
  if (t.per) {
    const d = measureValue(t.per, summary);
    v = d === 0 ? NaN : v / d;
  }
  if (t.scale === 'per_citizen') v /= citizens;
  return v * t.times;
}

/** A run's error on a target in units of the observation's uncertainty. */
export const targetError = (t: Target, value: number) => Math.abs(value - t.observed) / t.uncertainty;

/**
 * The distance of simulated values from the targets: the root mean square of the normalised
 * errors (each |simulated - observed| / uncertainty), so a distance of 1 is one uncertainty off on
 * average; infinite when a value is missing.
 */
export function targetDistance(targets: Target[], values: number[]): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    const e = targetError(targets[i], values[i]);
    if (!Number.isFinite(e)) return Infinity;
    sum += e * e;
  }
  return Math.sqrt(sum / targets.length);
}
