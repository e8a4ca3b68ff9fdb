import { scenarioSchema } from '../../scenario/schema.ts';
import { simulate } from '../../engine/simulate.ts';
import { experimentSummary } from '../../measure/run-summary.ts';
import type { RunJob, RunSummary, RunProgress } from './job.ts';
import { readCheckpoint } from '../../store/checkpoint-file.ts';
import type { Checkpoint } from '../../engine/checkpoint.ts';

/** The last checkpoint read, kept for the next run branched from it (a comparison's every run is). */
let lastCheckpoint: { file: string; checkpoint: Checkpoint } | undefined;
const checkpointOf = (file: string) => (lastCheckpoint?.file === file ? lastCheckpoint : (lastCheckpoint = { file, checkpoint: readCheckpoint(file) })).checkpoint;

/** How often a run in flight says how far it is. */
const PROGRESS_MS = 250;

/** Run one job: the same answer on any thread of any machine, since it depends on the scenario and the seed only. */
export function runJob(job: RunJob, onProgress?: (p: RunProgress) => void): RunSummary {
  const scenario = scenarioSchema.parse(job.scenario);
  let said = performance.now();
  const result = simulate(scenario, {
    seed: job.seed,
    from: job.from === undefined ? undefined : checkpointOf(job.from),
    onProgress:
      onProgress &&
      ((p) => {
        if (performance.now() - said < PROGRESS_MS) return;
        said = performance.now();
        onProgress({ day: p.day, days: p.days });
      }),
  });
  const groups = scenario.population.groups.map((g) => g.name);
  return [...experimentSummary(result, groups, scenario.output.referenceGroup, job.windows)];
}
