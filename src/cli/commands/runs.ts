import type { Command } from 'commander';
import { relative } from 'node:path';
import { int, rate, duration, table } from '../format.ts';
import type { Io } from '../io.ts';
import { listRuns, listExperiments, defaultRunsDir } from '../../index.ts';

export function addRunsCommand(program: Command, io: Io) {
  program
    .command('runs')
    .description('list complete runs, comparisons and sweeps, newest first')
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .action((flags: { out?: string }) => {
      const dir = flags.out ?? defaultRunsDir();
      const runs = listRuns(dir);
      const experiments = listExperiments(dir);
      if (experiments.length) {
        io.out(
          table(
            ['comparison or sweep', 'kind', 'what'],
            experiments.map((e) => [e.id, e.kind, e.what]),
            'lll',
          ),
        );
        io.out('');
      }
      if (!runs.length) {
        io.out(`no runs in ${relative(process.cwd(), dir) || dir} yet: start one with \`credence run\``);
        return;
      }
      io.out(
        table(
          ['id', 'scenario', 'seed', 'citizens', 'days', 'started', 'took', 'agent-days/s'],
          runs.map((r) => [r.id, r.scenario, String(r.seed), int(r.citizens), String(r.days), r.startedAt.replace('T', ' ').slice(0, 19), duration(r.durationMs), rate(r.agentDaysPerSecond)]),
        ),
      );
      io.out(`\n${runs.length} run(s) in ${relative(process.cwd(), dir) || dir}`);
    });
}
