import type { Command } from 'commander';
import { relative } from 'node:path';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';

export function addReportCommand(program: Command, io: Io) {
  program
    .command('report')
    .description('write the self-contained HTML report of a run or a comparison')
    .argument('<run>', 'a run or comparison id, or its directory')
    .option('-o, --out <file>', 'where to write it (default: <dir>/report.html)')
    .option('--runs <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .addHelpText(
      'after',
      `
The report has its charts drawn in, its scenario embedded, and needs no network to open.`,
    )
    .action(async (run: string, flags: { out?: string; runs?: string }) => {
      const { resolveResult, writeReport } = await loadLibrary();
      const file = await writeReport(resolveResult(run, flags.runs), flags.out);
      io.out(`report: ${relative(process.cwd(), file) || file}`);
    });
}
