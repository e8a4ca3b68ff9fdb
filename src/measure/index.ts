import type { World } from '../world.ts';
import { createBuffer, reserve, type Buffer } from '../core/buffer.ts';
import { createTally, countDay, type Tally } from './tally.ts';
import { defineMetrics, summarizeScores, tierShares, stateMeans, homophily, type Metric, type StateMeans } from './metrics.ts';
import { createRecords, recordDay, type Records } from './record.ts';
import { cityMetrics } from './cities.ts';
import { countPopulation, type PopulationCounts } from './population-pass.ts';
import type { Summary } from './stats.ts';

const METRIC_LOG = { day: Uint16Array, metric: Uint16Array, value: Float64Array } as const;

/** Measurement's own state: the metric definitions, today's tally, and what has been collected. */
export interface Measurer {
  metrics: Metric[];
  tally: Tally;
  log: Buffer<typeof METRIC_LOG>;
  records: Records;
  /** the measure stage of the pipeline */
  measure: (world: World) => void;
}

/**
 * Measurement: count today's tables, take every metric that is due, and keep the full history
 * of recorded citizens.
 * @example const m = createMeasurer(world); m.measure(world); m.log.length > 0
 */
export function createMeasurer(world: World, days: number): Measurer {
  // a grid of several cities adds each city's figures (none for one city)
  const metrics = [...defineMetrics(world), ...cityMetrics(world)];
  const tally = createTally(world);
  const log = createBuffer(METRIC_LOG, metrics.length * Math.min(days, 1024));
  const records = createRecords();
  const every = world.scenario.output.distributionEvery;
  const measure = (w: World) => {
    countDay(w, tally);
    recordDay(w, records);
    const summaries = new Map<number, Summary>();
    const shares = new Map<number, Float64Array>();
    let means: StateMeans | undefined;
    let friendsAlike: Float64Array | undefined;
    let counts: PopulationCounts | undefined;
    const ctx = {
      world: w,
      tally,
      scoreSummary: (s: number) => summaries.get(s) ?? summaries.set(s, summarizeScores(w, s)).get(s)!,
      tierShares: (s: number) => shares.get(s) ?? shares.set(s, tierShares(w, s)).get(s)!,
      stateMeans: () => (means ??= stateMeans(w)),
      homophily: () => (friendsAlike ??= homophily(w)),
      population: () => (counts ??= countPopulation(w)),
    };
    const distributionDay = w.day % every === 0 || w.day === days - 1;
    metrics.forEach((metric, index) => {
      if (metric.when === 'distribution' && !distributionDay) return;
      const j = reserve(log);
      log.cols.day[j] = w.day;
      log.cols.metric[j] = index;
      log.cols.value[j] = metric.value(ctx);
    });
  };
  return { metrics, tally, log, records, measure };
}

export type { Metric, MeasureContext } from './metrics.ts';
export type { Records } from './record.ts';
export type { Summary } from './stats.ts';
export { summarizeBounded, gini } from './stats.ts';
