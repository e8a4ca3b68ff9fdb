import { parentPort } from 'node:worker_threads';
import { runJob } from './run-job.ts';
import type { RunJob } from './job.ts';

/** A worker thread: runs jobs one at a time and answers with each run's summary. */
parentPort!.on('message', (job: RunJob) => {
  const summary = runJob(job, (progress) => parentPort!.postMessage({ key: job.key, progress }));
  parentPort!.postMessage({ key: job.key, summary });
});
