import type { Command } from 'commander';
import { relative } from 'node:path';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { stoppable, checkpoint } from '../interrupt.ts';
import { EXPORT_FORMATS } from '../../essentials.ts';

export function addExportCommand(program: Command, io: Io) {
  program
    .command('export')
    .description("export a run's tables to Parquet or CSV, one file per table")
    .argument('<run>', 'a run id (see `credence runs`) or a path to a run directory')
    .requiredOption('-f, --format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('-o, --out <dir>', 'output directory, which must not exist yet (default: <run>/export-<format>)')
    .option('--runs <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .action(async (run: string, flags: { format: string; out?: string; runs?: string }) => {
      const { resolveRun, exportRun } = await loadLibrary();
      const dir = resolveRun(run, flags.runs);
      const result = await stoppable((shouldStop) => exportRun(dir, flags.format, flags.out, { checkpoint: checkpoint(shouldStop, 'export') }), undefined, io);
      io.out(`${result.files.length} tables written to ${relative(process.cwd(), result.dir) || result.dir}:`);
      for (const f of result.files) io.out(`  ${relative(process.cwd(), f)}`);
    });
}
