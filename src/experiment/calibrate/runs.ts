import { loadScenario } from '../../load/scenario.ts';
import { bits, streamKey } from '../../core/random.ts';
import type { Calibration } from '../../scenario/calibration-schema.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { runId, type CalibrationFile, PROPOSALS_PER_GENERATION } from '../../store/calibration-file.ts';
import { jobKey, type Executor, type RunJob } from '../executor/job.ts';
import { targetDistance, targetValue, targetWindows } from './distance.ts';
import type { Prior } from './prior.ts';
import type { Outcome, Proposal, SimulateBatch } from './smc.ts';

export interface CalibrationRunsContext {
  calibration: Calibration;
  /** the base scenario's file */
  base: string;
  hash: string;
  priors: Prior[];
  executor: Executor;
  store: CalibrationFile;
  /** after each run answered or found done */
  onRun?: (counts: RunCounts, left: number) => void;
  shouldStop?: () => boolean;
  signal?: AbortSignal;
}

export interface RunCounts {
  /** runs computed now */
  computed: number;
  /** runs found done by an earlier, interrupted calibration */
  reused: number;
}

/** The values a proposal's fields take in its scenario, by field path. */
export const proposalValues = (priors: Prior[], point: number[]) => Object.fromEntries(priors.map((p, d) => [p.field, p.value(point[d])]));

/** The seed of a proposal's run: keyed by the calibration's seed, so every run draws its own noise. */
export const runSeed = (seed: number, generation: number, proposal: number, replication: number) => bits(streamKey(seed, 'calibrate.run'), proposal, generation, replication);

/**
 * The simulator ABC-SMC calls: each batch of proposals becomes `replications` runs per proposal,
 * handed to the executor at once; each run's summary is committed as it arrives (a run already in
 * the file from an interrupted calibration is read back, not run again), and a proposal's targets
 * are compared on their mean over its replications. Null when stopped.
 */
export function calibrationRuns(ctx: CalibrationRunsContext): { simulate: SimulateBatch; counts: RunCounts } {
  const { calibration: c, base, hash, priors, executor, store } = ctx;
  const windows = targetWindows(c.targets);
  const counts: RunCounts = { computed: 0, reused: 0 };
  const simulate: SimulateBatch = async (batch: Proposal[]) => {
    const summaries = new Map<string, Map<string, number>>();
    const scenarios: Scenario[] = [];
    const jobs: RunJob[] = [];
    const runOf = new Map<string, { generation: number; proposal: number; replication: number; seed: number }>();
    for (const p of batch) {
      const scenario = loadScenario(base, { ...c.set, ...proposalValues(priors, p.point), 'output.sampleRate': 0 }).scenario;
      scenarios.push(scenario);
      for (let replication = 0; replication < c.replications; replication++) {
        const run = { generation: p.generation, proposal: p.index, replication, seed: runSeed(c.seed, p.generation, p.index, replication) };
        const id = runId(run);
        const done = store.done.get(id);
        if (done) {
          summaries.set(id, done);
          counts.reused++;
          continue;
        }
        const key = jobKey(hash, p.generation * PROPOSALS_PER_GENERATION + p.index, replication);
        jobs.push({ key, scenario, seed: run.seed, windows });
        runOf.set(key, run);
      }
    }
    ctx.onRun?.(counts, jobs.length);
    let stopped = false;
    let left = jobs.length;
    await executor.execute(
      jobs,
      async (job, summary) => {
        const run = runOf.get(job.key)!;
        await store.record(run, summary);
        summaries.set(runId(run), new Map(summary));
        counts.computed++;
        ctx.onRun?.(counts, --left);
        if (ctx.shouldStop?.()) stopped = true;
      },
      { shouldStop: () => stopped, signal: ctx.signal },
    );
    if (stopped || ctx.signal?.aborted) return null;
    return batch.map((p, k): Outcome => {
      const citizens = scenarios[k].population.citizens;
      const values = c.targets.map((t) => {
        let sum = 0;
        for (let replication = 0; replication < c.replications; replication++) sum += targetValue(t, summaries.get(runId({ generation: p.generation, proposal: p.index, replication }))!, citizens);
        return sum / c.replications;
      });
      return { distance: targetDistance(c.targets, values), values };
    });
  };
  return { simulate, counts };
}
