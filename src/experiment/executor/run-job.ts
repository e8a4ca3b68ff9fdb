import { scenarioSchema } from '../../scenario/schema.ts';
import { simulate } from '../../engine/simulate.ts';
import { experimentSummary } from '../../measure/run-summary.ts';
import type { RunJob, RunSummary } from './job.ts';

/** Run one job: the same answer on any thread of any machine, since it depends on the scenario and the seed only. */
export function runJob(job: RunJob): RunSummary {
  const scenario = scenarioSchema.parse(job.scenario);
  const result = simulate(scenario, { seed: job.seed });
  const groups = scenario.population.groups.map((g) => g.name);
  return [...experimentSummary(result, groups, scenario.output.referenceGroup, job.windows)];
}
