import type { Command } from 'commander';
import { threadCount } from '../options.ts';
import { duration } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { checkRedisUrl } from '../../essentials.ts';
import { stoppable } from '../interrupt.ts';

export function addWorkerCommand(program: Command, io: Io) {
  program
    .command('worker')
    .description('take runs from a Redis queue and run them here, for experiments started with --redis on any machine')
    .requiredOption('--redis <url>', 'the Redis the experiments use, e.g. redis://10.0.0.5:6379', checkRedisUrl)
    .option('-c, --concurrency <n>', 'runs at a time on this machine, each on a thread of its own, 1 to 64 (default 1: one a core is best)', threadCount, 1)
    .option('-q, --quiet', 'no line per run')
    .addHelpText(
      'after',
      `
A worker waits for Redis and for work as long as it takes, so start workers before or after the
experiment, on as many machines as you like; each needs this checkout (same version) and nothing
shared but Redis. Runs are simulated on worker threads, so the process stays free to keep its jobs'
locks: a worker that is killed loses its runs in flight for at most about 15 seconds, then another
worker takes them. Ctrl-C or SIGTERM stops taking runs, lets those in flight finish and exits; a
second one exits at once (another worker picks up what was in flight).

Example, a sweep on three machines (docs/distributed.md):
  redis-server --bind 10.0.0.5 --maxmemory-policy noeviction      # machine A
  credence sweep sweeps/fpir-cameras.yaml --redis redis://10.0.0.5:6379   # machine A, the coordinator
  credence worker --redis redis://10.0.0.5:6379 --concurrency 2    # machines B and C`,
    )
    .action(async (flags: { redis: string; concurrency: number; quiet?: boolean }) => {
      let runs = 0;
      const { startWorker } = await loadLibrary();
      const worker = await startWorker(flags.redis, flags.concurrency, {
        waiting: (m) => io.err(`credence worker: ${m}`),
        finished: (key, ms) => {
          runs++;
          if (!flags.quiet) io.out(`run ${key} done in ${duration(ms)}`);
        },
        failed: (key, reason) => io.err(`credence worker: run ${key} failed: ${reason}`),
      });
      io.err(`credence worker ${worker.name}: taking runs from ${flags.redis.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}, ${flags.concurrency} at a time (Ctrl-C to stop)`);
      // the first Ctrl-C or SIGTERM lets the runs in flight finish; a second exits at once
      await stoppable((_shouldStop, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => worker.close().then(resolve, resolve), { once: true })), undefined, io);
      io.err(`credence worker: stopped after ${runs} run${runs === 1 ? '' : 's'}`);
    });
}
