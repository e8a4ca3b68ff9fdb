import { InvalidArgumentError, type Command } from 'commander';
import { atLeast } from '../options.ts';
import { runAndPrint } from './run.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';

export function addRerunCommand(program: Command, io: Io) {
  program
    .command('rerun')
    .description('run one replication of a comparison or a sweep alone, as a full run you can explain and report')
    .argument('<dir>', 'a comparison or sweep id, or its directory')
    .option('-a, --arm <arm>', 'comparisons: A or B', arm, 'A')
    .option('--point <n>', 'sweeps: the point (0 for the first)', atLeast(0), 0)
    .requiredOption('-r, --replication <n>', 'the replication (0 for the first)', atLeast(0))
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .option('-q, --quiet', 'no progress bar and no summary')
    .addHelpText(
      'after',
      `
The stored scenario (fully resolved) and the replication's seed give the same run again: its
metrics equal the comparison's or sweep's for that replication.

Example:
  credence rerun 20261126-154852-compare-rongcheng-vs-rongcheng-6504 --arm B --replication 3`,
    )
    .action(async (dir: string, flags: { arm: string; point: number; replication: number; out?: string; quiet?: boolean }) => {
      const { resolveResult, scenarioOfReplication } = await loadLibrary();
      const loaded = await scenarioOfReplication(resolveResult(dir, flags.out), flags);
      await runAndPrint(loaded, flags, io);
    });
}

function arm(value: string): string {
  const a = value.trim().toUpperCase();
  if (a !== 'A' && a !== 'B') throw new InvalidArgumentError(`expected A or B, found "${value}"`);
  return a;
}
