import { localExecutor } from './local.ts';
import type { Executor } from './job.ts';
import type { RedisWorker, WorkerEvents } from './redis-worker.ts';
import type { QueueStatus } from './redis-status.ts';

// BullMQ and ioredis are loaded only by what uses Redis, so every other command starts without them.

/** Where an experiment runs: on `workers` threads here, or, given a Redis URL, on the queue workers take from. */
export async function openExecutor({ workers, redis }: { workers: number; redis?: string }): Promise<Executor> {
  if (redis === undefined) return localExecutor(workers);
  const { redisExecutor } = await import('./redis.ts');
  return redisExecutor(redis);
}

/** A worker that takes runs from the Redis queue, `concurrency` at a time on threads of this machine. */
export async function startWorker(url: string, concurrency: number, on?: WorkerEvents): Promise<RedisWorker> {
  const { startRedisWorker } = await import('./redis-worker.ts');
  return startRedisWorker(url, concurrency, on);
}

/** What is on the Redis queue and who takes from it. */
export async function redisStatus(url: string): Promise<QueueStatus> {
  const { queueStatus } = await import('./redis-status.ts');
  return queueStatus(url);
}
