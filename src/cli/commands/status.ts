import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { checkRedisUrl } from '../../essentials.ts';

export function addStatusCommand(program: Command, io: Io) {
  program
    .command('status')
    .description('what is on the Redis queue of distributed experiments, and which workers take from it')
    .requiredOption('--redis <url>', 'the Redis the experiments use, e.g. redis://127.0.0.1:6379', checkRedisUrl)
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      `
Runs are listed by experiment (the first 16 hex digits of the experiment's hash, as in the runs' job
ids). "finished" runs wait for their coordinator to record them: if none is running, start the
same command again and it takes them.

Example:
  credence status --redis redis://127.0.0.1:6379`,
    )
    .action(async (flags: { redis: string; json?: boolean }) => {
      const { redisStatus } = await loadLibrary();
      const s = await redisStatus(flags.redis);
      if (flags.json) return io.out(JSON.stringify(s, null, 2));
      const runs = (n: number) => `${n.toLocaleString('en')} run${n === 1 ? '' : 's'}`;
      io.out(
        `Queue ${s.queue}: ${runs(s.waiting)} waiting, ${s.active.toLocaleString('en')} running, ${s.completed.toLocaleString('en')} finished and not yet recorded, ${s.failed.toLocaleString('en')} failed.`,
      );
      io.out(s.workers.length ? `Workers (${s.workers.length}):` : 'No worker is connected: start one with credence worker --redis URL.');
      for (const w of s.workers) io.out(`  ${w.name} at ${w.address}, idle ${w.idleSeconds} s`);
      for (const e of s.experiments) io.out(`Experiment ${e.experiment}: ${e.waiting} waiting, ${e.active} running, ${e.completed} finished, ${e.failed} failed`);
      for (const f of s.failures.slice(0, 10)) io.out(`  failed: ${f.key}: ${f.reason}`);
    });
}
