import type { Command } from 'commander';
import { relative } from 'node:path';
import { int, rate, duration, table } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import type { Leftover } from '../../index.ts';

export function addRunsCommand(program: Command, io: Io) {
  program
    .command('runs')
    .description('list complete runs, comparisons and sweeps, newest first, and what interrupted commands left')
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .option(
      '--clean',
      'remove what killed or interrupted commands left (hidden .incomplete-* runs, comparisons, exports, reports, sweep set-ups); never a complete result, work in progress or a sweep that can resume',
    )
    .addHelpText(
      'after',
      `
A run, comparison or export is written in a hidden .incomplete-* directory and renamed into place
when complete, so only complete ones are listed. A process killed with SIGKILL (or a power cut)
leaves its hidden directory behind: this command says so, and --clean removes it. A sweep
interrupted at any point resumes: run the same sweep command again.

Examples:
  credence runs
  credence runs --clean --out /data/runs`,
    )
    .action(async (flags: { out?: string; clean?: boolean }) => {
      const { listRuns, listExperiments, listLeftovers, cleanLeftovers, defaultRunsDir, checkRunsDir, isResumable, RESUMABLE } = await loadLibrary();
      const dir = checkRunsDir(flags.out ?? defaultRunsDir(), '--out');
      const where = relative(process.cwd(), dir) || dir;
      const show = (l: Leftover) => relative(process.cwd(), l.path) || l.path;
      if (flags.clean) {
        const removed = cleanLeftovers(dir);
        for (const l of removed) io.out(`removed ${show(l)} (${l.kind}, interrupted)`);
        io.out(`${removed.length} leftover(s) of interrupted commands removed from ${where}`);
        return;
      }
      const runs = listRuns(dir);
      const experiments = listExperiments(dir);
      if (experiments.length) {
        io.out(
          table(
            ['experiment', 'kind', 'what'],
            experiments.map((e) => [e.id, e.kind, e.what]),
            'lll',
          ),
        );
        io.out('');
      }
      if (!runs.length) io.out(`no runs in ${where} yet: start one with \`credence run\``);
      else {
        io.out(
          table(
            ['id', 'scenario', 'seed', 'citizens', 'days', 'started', 'took', 'agent-days/s'],
            runs.map((r) => [r.id, r.scenario, String(r.seed), int(r.citizens), String(r.days), r.startedAt.replace('T', ' ').slice(0, 19), duration(r.durationMs), rate(r.agentDaysPerSecond)]),
          ),
        );
        io.out(`\n${runs.length} run(s) in ${where}`);
      }
      const leftovers = listLeftovers(dir);
      const resumable = leftovers.filter((l) => isResumable(l.kind) && !l.inProgress);
      const dead = leftovers.filter((l) => !isResumable(l.kind) && !l.inProgress);
      const running = leftovers.filter((l) => l.inProgress);
      for (const l of resumable)
        io.out(`\ninterrupted ${l.kind}, not complete: ${show(l)}\n  run the same \`${RESUMABLE[l.kind as keyof typeof RESUMABLE]}\` again to finish (only what is missing is computed)`);
      if (dead.length)
        io.out(`\ninterrupted, not complete (${dead.length}): ${dead.map((l) => `${show(l)} (${l.kind})`).join(', ')}\n  remove with: credence runs --clean${flags.out ? ` --out ${flags.out}` : ''}`);
      if (running.length) io.out(`\nin progress (${running.length}): ${running.map((l) => `${show(l)} (${l.kind})`).join(', ')}`);
    });
}
