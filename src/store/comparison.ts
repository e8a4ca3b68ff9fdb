import type { LoadedScenario } from '../load/scenario.ts';
import type { Metric } from '../measure/metrics.ts';
import type { PairedEffect } from '../measure/paired.ts';

/** A comparison of two designs as the store keeps it: what experiment/compare.ts returns. */
export interface MetricInfo {
  name: string;
  unit: string;
  over: Metric['over'];
}

export interface Comparison {
  a: LoadedScenario;
  b: LoadedScenario;
  seeds: number[];
  days: number;
  citizens: number;
  metrics: MetricInfo[];
  /** per metric, the run summaries of each replication, arm A and arm B */
  values: Map<string, { a: number[]; b: number[] }>;
  effects: Map<string, PairedEffect>;
  startedAt: Date;
  durationMs: number;
}
