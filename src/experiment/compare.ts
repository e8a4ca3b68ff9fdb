import type { LoadedScenario } from '../load/scenario.ts';
import { startSimulation, type Progress } from '../engine/simulate.ts';
import { metricSeries } from '../measure/series.ts';
import { stepToEnd } from './step.ts';
import { auditGroups, auditMetrics } from '../measure/audit.ts';
import { runSummary } from '../measure/run-summary.ts';
import { paired, type PairedEffect } from '../measure/paired.ts';
import type { Comparison, MetricInfo } from '../store/comparison.ts';
import { inputError } from '../scenario/errors.ts';

/**
 * Refuse a metric neither arm has, before anything runs. The names depend on the scenario (its
 * scorers, lists, gates, groups), not on the number of citizens, so they are read off a world of
 * a few citizens.
 */
function assertMetric(metric: string, ...arms: LoadedScenario[]) {
  const names = new Set<string>();
  for (const { scenario } of arms) {
    const tiny = { ...scenario, population: { ...scenario.population, citizens: Math.min(scenario.population.citizens, 200) } };
    let sim: ReturnType<typeof startSimulation>;
    try {
      sim = startSimulation(tiny, { days: 1 });
    } catch {
      return; // a scenario that needs more citizens to be built: the metric is checked by the comparison's own runs
    }
    for (const m of sim.measurer.metrics) names.add(m.name);
    sim.close();
    for (const g of scenario.population.groups) for (const [name] of auditMetrics([{ group: g.name } as Parameters<typeof auditMetrics>[0][number]])) names.add(name);
  }
  if (names.has(metric)) return;
  const near = [...names].filter((n) => n.split('.')[0] === metric.split('.')[0] || n.includes(metric)).slice(0, 8);
  throw inputError(`no metric "${metric}" in either arm${near.length ? `; did you mean one of ${near.join(', ')}?` : ' (the metrics are listed in docs/metrics.md)'}`, { path: '--metric' });
}

export interface CompareOptions {
  replications?: number;
  /** keep adding replications until the 95 % interval of `metric` is at most this wide on each side */
  targetHalfwidth?: number;
  metric?: string;
  maxReplications?: number;
  onProgress?: (p: { replication: number; arm: 'A' | 'B'; progress: Progress }) => void;
  /** checked between days */
  shouldStop?: () => boolean;
}

/**
 * Compare two designs with common random numbers: replication r runs A and B with the same seed,
 * so both arms meet the same population and the same keyed random draws, and the paired
 * differences carry only the effect of the design (and its consequences). For every metric:
 * both means, the paired difference with a 95 % confidence interval, a paired effect size, and
 * how much variance the pairing removed. A metric only one arm has counts 0 in the other when it
 * is a count (a gate that does not exist denies no one), and is left out otherwise.
 * @example const c = await compare(loadScenario('none'), loadScenario('seed-2020'), { replications: 10 });
 */
export async function compare(a: LoadedScenario, b: LoadedScenario, options: CompareOptions = {}): Promise<Comparison> {
  const startedAt = new Date();
  const t0 = performance.now();
  const base = a.scenario.seed;
  const want = options.replications ?? 5;
  if (!(Number.isInteger(want) && want >= 2)) throw inputError(`expected a whole number >= 2 (a paired interval needs two replications), found ${want}`, { path: '--replications' });
  const max = Math.max(want, options.maxReplications ?? 50);
  if (options.metric !== undefined) assertMetric(options.metric, a, b);
  const summaries: { a: Map<string, number>; b: Map<string, number> }[] = [];
  const info = new Map<string, MetricInfo>();
  const seeds: number[] = [];
  let effects = new Map<string, PairedEffect>();
  let days = 0,
    citizens = 0;
  for (let r = 0; r < max; r++) {
    if (r >= want) {
      if (options.targetHalfwidth === undefined || !options.metric) break;
      const e = effects.get(options.metric);
      if (e && e.halfWidth <= options.targetHalfwidth) break;
    }
    const seed = (base + r) >>> 0;
    seeds.push(seed);
    const pair = { a: new Map<string, number>(), b: new Map<string, number>() };
    for (const arm of ['A', 'B'] as const) {
      const loaded = arm === 'A' ? a : b;
      const sim = startSimulation(loaded.scenario, { seed, onProgress: (progress) => options.onProgress?.({ replication: r, arm, progress }) });
      await stepToEnd(sim, { shouldStop: options.shouldStop, what: 'comparison' });
      const result = sim.result();
      days = result.days;
      citizens = result.world.pop.n;
      for (const m of result.measurer.metrics) info.set(m.name, { name: m.name, unit: m.unit, over: m.over });
      const summary = runSummary(result);
      const groups = loaded.scenario.population.groups.map((g) => g.name);
      for (const [name, value] of auditMetrics(auditGroups(metricSeries(result), groups, loaded.scenario.output.referenceGroup))) {
        summary.set(name, value);
        info.set(name, { name, unit: 'audit', over: 'last' });
      }
      pair[arm === 'A' ? 'a' : 'b'] = summary;
    }
    summaries.push(pair);
    if (r === 0 && options.metric !== undefined && !info.has(options.metric)) throw inputError(`no metric "${options.metric}" in either arm`, { path: '--metric' });
    effects = effectsOf(summaries, info);
  }
  const values = new Map<string, { a: number[]; b: number[] }>();
  for (const m of info.values()) {
    const v = valuesOf(summaries, m);
    if (v) values.set(m.name, v);
  }
  return { a, b, seeds, days, citizens, metrics: [...info.values()].filter((m) => values.has(m.name)), values, effects, startedAt, durationMs: performance.now() - t0 };
}

function valuesOf(summaries: { a: Map<string, number>; b: Map<string, number> }[], m: MetricInfo) {
  const missing = m.over === 'sum' ? 0 : NaN;
  const a = summaries.map((s) => s.a.get(m.name) ?? missing);
  const b = summaries.map((s) => s.b.get(m.name) ?? missing);
  return a.some(Number.isNaN) || b.some(Number.isNaN) ? undefined : { a, b };
}

function effectsOf(summaries: { a: Map<string, number>; b: Map<string, number> }[], info: Map<string, MetricInfo>): Map<string, PairedEffect> {
  const out = new Map<string, PairedEffect>();
  for (const m of info.values()) {
    const v = valuesOf(summaries, m);
    if (v) out.set(m.name, paired(v.a, v.b));
  }
  return out;
}

export type { Comparison, MetricInfo } from '../store/comparison.ts';
