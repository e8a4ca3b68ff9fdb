import type { LoadedScenario } from '../load/scenario.ts';
import { startSimulation, type Progress } from '../engine/simulate.ts';
import { createHash } from 'node:crypto';
import { auditMetrics } from '../measure/audit.ts';
import { RunInterrupted } from './step.ts';
import { openExecutor } from './executor/open.ts';
import { jobKey, type Executor, type RunJob } from './executor/job.ts';
import { VERSION } from '../core/version.ts';
import { paired, type PairedEffect } from '../measure/paired.ts';
import type { Comparison, MetricInfo } from '../store/comparison.ts';
import { inputError } from '../scenario/errors.ts';

/**
 * Every metric either arm reports, with its unit and how a run sums it up, and the fairness
 * audit's. The names depend on the scenario (its scorers, lists, gates, groups), not on the number
 * of citizens, so they are read off a world of a few citizens (or of one day, for a scenario that
 * needs more citizens to be built).
 */
function metricInfos(...arms: LoadedScenario[]): Map<string, MetricInfo> {
  const info = new Map<string, MetricInfo>();
  for (const { scenario } of arms) {
    const tiny = { ...scenario, population: { ...scenario.population, citizens: Math.min(scenario.population.citizens, 200) } };
    let sim: ReturnType<typeof startSimulation>;
    try {
      sim = startSimulation(tiny, { days: 1 });
    } catch {
      sim = startSimulation(scenario, { days: 1 });
    }
    for (const m of sim.measurer.metrics) info.set(m.name, { name: m.name, unit: m.unit, over: m.over });
    sim.close();
    for (const g of scenario.population.groups)
      for (const [name] of auditMetrics([{ group: g.name } as Parameters<typeof auditMetrics>[0][number]])) info.set(name, { name, unit: 'audit', over: 'last' });
  }
  return info;
}

/** Refuse a metric neither arm has, before anything runs. */
function assertMetric(metric: string, info: Map<string, MetricInfo>) {
  if (info.has(metric)) return;
  const near = [...info.keys()].filter((n) => n.split('.')[0] === metric.split('.')[0] || n.includes(metric)).slice(0, 8);
  throw inputError(`no metric "${metric}" in either arm${near.length ? `; did you mean one of ${near.join(', ')}?` : ' (the metrics are listed in docs/metrics.md)'}`, { path: '--metric' });
}

/** How far a comparison is: runs finished of runs planned (each replication is two), and the whole as one progress. */
export interface CompareProgress {
  done: number;
  total: number;
  progress: Progress;
}

export interface CompareOptions {
  replications?: number;
  /** keep adding replications until the 95 % interval of `metric` is at most this wide on each side */
  targetHalfwidth?: number;
  metric?: string;
  maxReplications?: number;
  onProgress?: (p: CompareProgress) => void;
  /** aborted: the comparison stops at once (runs in flight are dropped) with RunInterrupted */
  signal?: AbortSignal;
  /** worker threads running replications side by side (default 2); the results are the same for any number */
  workers?: number;
  /** the runs go on this Redis's queue, for `credence worker` processes on any machine */
  redis?: string;
  /** where the runs run, when the caller holds one open (then `workers` and `redis` are not read) */
  executor?: Executor;
  /**
   * A checkpoint file both arms continue (experiment/branch.ts gives each arm's scenario): the same
   * city at its day, then two policies. Replication r continues it with seed + r, so the runs
   * differ in the days after it only; the days before are the checkpoint's, the same in both arms.
   */
  from?: string;
}

/**
 * Compare two designs with common random numbers: replication r runs A and B with the same seed,
 * so both arms meet the same population and the same keyed random draws, and the paired
 * differences carry only the effect of the design (and its consequences). For every metric:
 * both means, the paired difference with a 95 % confidence interval, a paired effect size, and
 * how much variance the pairing removed. A metric only one arm has counts 0 in the other when it
 * is a count (a gate that does not exist denies no one), and is left out otherwise. The runs go
 * through an executor: worker threads here, or a Redis queue (docs/distributed.md).
 * @example const c = await compare(loadScenario('none'), loadScenario('seed-2020'), { replications: 10 });
 */
export async function compare(a: LoadedScenario, b: LoadedScenario, options: CompareOptions = {}): Promise<Comparison> {
  const startedAt = new Date();
  const t0 = performance.now();
  const base = a.scenario.seed;
  const want = options.replications ?? 5;
  if (!(Number.isInteger(want) && want >= 2)) throw inputError(`expected a whole number >= 2 (a paired interval needs two replications), found ${want}`, { path: '--replications' });
  const max = Math.max(want, options.maxReplications ?? 50);
  const info = metricInfos(a, b);
  if (options.metric !== undefined) assertMetric(options.metric, info);
  const executor = options.executor ?? (await openExecutor({ workers: options.workers ?? 2, redis: options.redis }));
  const experiment = createHash('sha256')
    .update(JSON.stringify([a.scenario, b.scenario, options.from ?? null]))
    .update(VERSION)
    .digest('hex');
  const summaries: { a: Map<string, number>; b: Map<string, number> }[] = [];
  const seeds: number[] = [];
  const days = Math.max(a.scenario.days, b.scenario.days);
  const citizens = a.scenario.population.citizens;
  let effects = new Map<string, PairedEffect>();
  let planned = 2 * want;
  let finished = 0;
  const inFlight = new Map<string, number>();
  const progress = (): Progress => {
    const elapsedMs = performance.now() - t0;
    let runs = finished;
    for (const f of inFlight.values()) runs += f;
    const agentDays = runs * days * citizens;
    const rate = elapsedMs > 0 ? agentDays / (elapsedMs / 1000) : 0;
    return { day: Math.round(runs * days), days: planned * days, citizens, elapsedMs, agentDaysPerSecond: rate, etaMs: rate > 0 ? ((planned - runs) * days * citizens * 1000) / rate : NaN };
  };
  const run = async (from: number, to: number) => {
    const jobs: RunJob[] = [];
    for (let r = from; r < to; r++) {
      const seed = (base + r) >>> 0;
      seeds.push(seed);
      summaries.push({ a: new Map(), b: new Map() });
      jobs.push({ key: jobKey(experiment, 0, r), scenario: a.scenario, seed, from: options.from }, { key: jobKey(experiment, 1, r), scenario: b.scenario, seed, from: options.from });
    }
    const arm = new Map(jobs.map((j, i) => [j.key, { r: from + (i >> 1), arm: i % 2 === 0 ? ('a' as const) : ('b' as const) }]));
    await executor.execute(
      jobs,
      (job, summary) => {
        const at = arm.get(job.key)!;
        summaries[at.r][at.arm] = new Map(summary);
        inFlight.delete(job.key);
        finished++;
        options.onProgress?.({ done: finished, total: planned, progress: progress() });
      },
      {
        signal: options.signal,
        onProgress: (job, p) => {
          inFlight.set(job.key, p.day / p.days);
          options.onProgress?.({ done: finished, total: planned, progress: progress() });
        },
      },
    );
    if (options.signal?.aborted) throw new RunInterrupted('comparison');
    effects = effectsOf(summaries, info);
  };
  try {
    await run(0, want);
    // more replications, one at a time, until the watched interval is narrow enough
    for (let r = want; r < max && options.targetHalfwidth !== undefined && options.metric; r++) {
      const e = effects.get(options.metric);
      if (e && e.halfWidth <= options.targetHalfwidth) break;
      planned += 2;
      await run(r, r + 1);
    }
  } finally {
    if (!options.executor) await executor.close();
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
