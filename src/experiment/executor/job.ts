import type { Scenario } from '../../scenario/schema.ts';

/** A window of days a metric is averaged over: its summary is named `<metric>@<from>-<to>`. */
export interface MetricWindow {
  metric: string;
  /** first day, counted from 0 */
  from: number;
  /** last day, included */
  to: number;
}

/**
 * One run of an experiment: a validated scenario and a seed. Its key derives from the experiment,
 * the point and the replication (`jobKey`), so a run handed out twice (a worker killed after it
 * finished, a coordinator restarted) is counted once.
 */
export interface RunJob {
  key: string;
  scenario: Scenario;
  seed: number;
  /** windows to summarise besides the whole run (sensitivity and calibration targets) */
  windows?: MetricWindow[];
  /** a checkpoint file (a path every worker reads) the run continues instead of starting at day 0: engine/checkpoint.ts */
  from?: string;
}

/** What a run answers: one number per metric (`runSummary`), the fairness audit's numbers, and each window's mean. */
export type RunSummary = [string, number][];

/** How far one run is: `day` of `days` simulated. */
export interface RunProgress {
  day: number;
  days: number;
}

export interface ExecuteOptions {
  /** how far a run in flight is (a few times a second at most, per run) */
  onProgress?: (job: RunJob, progress: RunProgress) => void;
  /** checked after each answer: true stops handing out runs (answers already recorded are kept) */
  shouldStop?: () => boolean;
  /** aborted: stop at once, runs in flight are dropped */
  signal?: AbortSignal;
}

/**
 * Where an experiment's runs run: worker threads on this machine (`localExecutor`) or a queue on
 * Redis that workers on any number of machines take from (`redisExecutor`). Same jobs, same
 * answers: a run's result depends on its scenario and seed only.
 */
export interface Executor {
  /** a short description for progress lines: "2 worker threads", "queue credence:ab12 on redis://..." */
  readonly where: string;
  /** run every job; `record` is called once per job, one at a time, in order of arrival */
  execute(jobs: RunJob[], record: (job: RunJob, summary: RunSummary) => Promise<void> | void, options?: ExecuteOptions): Promise<void>;
  close(): Promise<void>;
}

/** The key of a run: the experiment's hash, the point, the replication. */
export const jobKey = (experiment: string, point: number, replication: number) => `${experimentKey(experiment)}-p${point}-r${replication}`;

/** The experiment part of a job key (Redis job ids may not hold a colon). */
export const experimentKey = (experiment: string) => experiment.slice(0, 16);

/** A summary as JSON can carry it (NaN and infinities as strings), and back. */
export const encodeSummary = (s: RunSummary): [string, number | string][] => s.map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]);
export const decodeSummary = (s: [string, number | string][]): RunSummary => s.map(([k, v]) => [k, typeof v === 'number' ? v : Number(v)]);
