import type { Factor, Measure } from '../scenario/factor-schema.ts';
import { windowName, type SummaryWindow } from '../measure/run-summary.ts';
import { inverseNormal } from '../core/random.ts';
import type { Scenario } from '../scenario/schema.ts';
import { startSimulation } from '../engine/simulate.ts';
import { auditMetrics, type GroupAudit } from '../measure/audit.ts';

/** A factor's value at `u` in [0, 1): the inverse of its distribution's CDF (a normal is cut to [from, to] when given). */
export function factorValue(f: Factor, u: number): number {
  let v: number;
  if (f.distribution === 'normal') {
    const cdf = (x: number) => 0.5 * (1 + erf((x - f.mean!) / (f.sd! * Math.SQRT2)));
    const lo = f.from === undefined ? 0 : cdf(f.from);
    const hi = f.to === undefined ? 1 : cdf(f.to);
    const p = Math.min(1 - 1e-12, Math.max(1e-12, lo + u * (hi - lo)));
    v = f.mean! + f.sd! * inverseNormal(p);
  } else if (f.log) v = Math.exp(Math.log(f.from!) + u * (Math.log(f.to!) - Math.log(f.from!)));
  else v = f.from! + u * (f.to! - f.from!);
  return f.integer ? Math.round(v) : v;
}

/** The name a measure is read under in a run's summary. */
export const measureName = (m: Measure) => (m.window ? windowName({ metric: m.metric, from: m.window[0], to: m.window[1] }) : m.metric);

/** The windows a set of measures needs each run to summarise. */
export const windowsOf = (measures: Measure[]): SummaryWindow[] => measures.flatMap((m) => (m.window ? [{ metric: m.metric, from: m.window[0], to: m.window[1] }] : []));

/** A measure's value in one run's summary (NaN when the run has no such metric). */
export const measureValue = (m: Measure, summary: Map<string, number>) => summary.get(measureName(m)) ?? NaN;

/**
 * The names a scenario's runs can be measured by: its metrics (for a run summary or a window) and
 * the fairness audit's `audit.<group>.<measure>` (a run summary only), found by building the
 * scenario with a few citizens for a day. Undefined when so small a run cannot be built.
 */
export function metricNames(scenario: Scenario): { metrics: Set<string>; audit: Set<string> } | undefined {
  const tiny = { ...scenario, population: { ...scenario.population, citizens: Math.min(scenario.population.citizens, 200) } };
  let sim: ReturnType<typeof startSimulation>;
  try {
    sim = startSimulation(tiny, { days: 1 });
  } catch {
    return undefined;
  }
  const metrics = new Set(sim.measurer.metrics.map((m) => m.name));
  sim.close();
  const audit = new Set(scenario.population.groups.flatMap((g) => auditMetrics([{ group: g.name } as GroupAudit]).map(([name]) => name)));
  return { metrics, audit };
}

/** The error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
