import { Redis } from 'ioredis';
import { ServiceUnavailable, checkRedisUrl, shownUrl, reason } from './service.ts';

/** The one queue every experiment's runs go on; a run's job id names its experiment, point and replication. */
export const QUEUE = 'credence-runs';

/**
 * A connection for a coordinator: it gives up after about five seconds without Redis, so an
 * experiment whose Redis went away fails with a clear message (every result committed so far is
 * kept). BullMQ needs `noeviction`: a Redis that may evict keys would lose runs, and is refused.
 */
export async function connectCoordinator(url: string): Promise<Redis> {
  const redis = new Redis(checkRedisUrl(url), { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: 5000, retryStrategy: (times) => (times <= 20 ? 250 : null) });
  redis.on('error', () => {}); // reported where a command fails
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailable(`cannot reach Redis at ${shownUrl(url)}: ${reason(error)}. Start it (redis-server) or check --redis.`);
  }
  await refuseEviction(redis, url);
  return redis;
}

/**
 * A connection for a worker: it waits for Redis as long as it takes (a worker may start before
 * Redis, or outlive a restart of it), saying so once.
 */
export function connectWorker(url: string, onWaiting: (message: string) => void): Redis {
  let said = false;
  const redis = new Redis(checkRedisUrl(url), {
    maxRetriesPerRequest: null,
    retryStrategy: () => {
      if (!said) onWaiting(`waiting for Redis at ${shownUrl(url)}...`);
      said = true;
      return 1000;
    },
  });
  redis.on('error', () => {});
  redis.on('ready', () => (said = false));
  return redis;
}

async function refuseEviction(redis: Redis, url: string) {
  let policy: string | undefined;
  try {
    policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
  } catch {
    return; // CONFIG may be disabled on a managed Redis: nothing to check
  }
  if (policy && policy !== 'noeviction') {
    redis.disconnect();
    throw new ServiceUnavailable(
      `Redis at ${shownUrl(url)} may evict keys (maxmemory-policy ${policy}), which would lose runs: set it to noeviction (redis-cli CONFIG SET maxmemory-policy noeviction).`,
    );
  }
}
