import { parentPort } from 'node:worker_threads';
import { scenarioSchema } from '../scenario/schema.ts';
import { simulate } from '../engine/simulate.ts';
import { runSummary } from '../measure/run-summary.ts';

/** A worker thread: runs (scenario, seed) jobs and answers with each run's summary of every metric. */
parentPort!.on('message', (job: { id: number; scenario: unknown; seed: number }) => {
  const result = simulate(scenarioSchema.parse(job.scenario), { seed: job.seed });
  parentPort!.postMessage({ id: job.id, summary: [...runSummary(result)] });
});
