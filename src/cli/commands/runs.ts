import type { Command } from 'commander';
import { relative } from 'node:path';
import { listRuns } from '../../store/run-dir.ts';
import { int, rate, duration, table } from '../format.ts';
import type { Io } from '../io.ts';

export function addRunsCommand(program: Command, io: Io) {
  program
    .command('runs')
    .description('list complete runs, newest first')
    .option('-o, --out <dir>', 'directory that holds runs', 'runs')
    .action((flags: { out: string }) => {
      const runs = listRuns(flags.out);
      if (!runs.length) {
        io.out(`no runs in ${flags.out} yet: start one with \`credence run\``);
        return;
      }
      io.out(
        table(
          ['id', 'scenario', 'seed', 'citizens', 'days', 'started', 'took', 'agent-days/s'],
          runs.map((r) => [r.id, r.scenario, String(r.seed), int(r.citizens), String(r.days), r.startedAt.replace('T', ' ').slice(0, 19), duration(r.durationMs), rate(r.agentDaysPerSecond)]),
        ),
      );
      io.out(`\n${runs.length} run(s) in ${relative(process.cwd(), flags.out) || flags.out}`);
    });
}
