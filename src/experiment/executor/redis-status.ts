import { Queue } from 'bullmq';
import { QUEUE, connectCoordinator } from './redis-connection.ts';

export interface QueueStatus {
  queue: string;
  waiting: number;
  active: number;
  /** finished, waiting for their coordinator to record them */
  completed: number;
  failed: number;
  workers: { name: string; address: string; idleSeconds: number }[];
  /** runs on the queue by experiment (the first 16 hex digits of its hash) */
  experiments: { experiment: string; waiting: number; active: number; completed: number; failed: number }[];
  failures: { key: string; reason: string }[];
}

/** What is on the queue, who is taking from it, and which experiments the runs belong to. */
export async function queueStatus(url: string): Promise<QueueStatus> {
  const connection = await connectCoordinator(url);
  const queue = new Queue(QUEUE, { connection });
  queue.on('error', () => {});
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'prioritized', 'delayed');
    const workers = (await queue.getWorkers()).map((w) => ({ name: String(w.rawname ?? '').split(':w:')[1] ?? 'unnamed', address: String(w.addr ?? '?'), idleSeconds: Number(w.idle ?? 0) }));
    const byExperiment = new Map<string, { experiment: string; waiting: number; active: number; completed: number; failed: number }>();
    const failures: { key: string; reason: string }[] = [];
    for (const state of ['waiting', 'active', 'completed', 'failed'] as const) {
      for (const job of await queue.getJobs(state)) {
        const experiment = job.id!.split('-')[0];
        let row = byExperiment.get(experiment);
        if (!row) byExperiment.set(experiment, (row = { experiment, waiting: 0, active: 0, completed: 0, failed: 0 }));
        row[state]++;
        if (state === 'failed') failures.push({ key: job.id!, reason: job.failedReason ?? '?' });
      }
    }
    return {
      queue: QUEUE,
      waiting: counts.waiting + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active,
      completed: counts.completed,
      failed: counts.failed,
      workers,
      experiments: [...byExperiment.values()],
      failures,
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
