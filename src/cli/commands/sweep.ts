import type { Command } from 'commander';
import { relative } from 'node:path';
import { threadCount } from '../options.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { experimentOnBar } from '../progress.ts';
import { RunInterrupted, checkRedisUrl } from '../../essentials.ts';

export function addSweepCommand(program: Command, io: Io) {
  program
    .command('sweep')
    .description('run a grid or Latin hypercube over scenario fields, with replications, on worker threads; resumable')
    .argument('<file>', 'a sweep YAML file (see sweeps/ and docs/experiments.md)')
    .option('-w, --workers <n>', "worker threads, 1 to 64 (default: the sweep file's)", threadCount)
    .option('--redis <url>', 'put the runs on this Redis for `credence worker` processes on any machines, instead of threads here', checkRedisUrl)
    .option('-o, --out <dir>', 'directory that holds runs and sweeps (default: $CREDENCE_RUNS, else ./runs)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Every finished run is committed at once: if a sweep stops (Ctrl-C, SIGTERM, a crash, a kill, even
during its set-up), run the same command again and only what is missing is computed. Until every
run is done, \`credence runs\` lists the sweep as interrupted. Results: <out>/sweep-<name>/sweep.duckdb, tables
points, results, and the view results_with_parameters.

With --redis the runs go on a queue that \`credence worker --redis URL\` processes take, on this
machine or others (docs/distributed.md); results are the same as on threads here.

Example:
  credence sweep sweeps/fpir-cameras.yaml
  duckdb runs/sweep-fpir-cameras/sweep.duckdb "SELECT \\"observe.fpir\\", avg(value) FROM results_with_parameters WHERE metric = 'penalties.wrongful' GROUP BY 1"`,
    )
    .action((file: string, flags: { workers?: number; redis?: string; out?: string; quiet?: boolean }) =>
      experimentOnBar(
        io,
        flags,
        'runs {value}/{total} [{bar}] {percentage}% | ETA {remaining}',
        async (options, progress) => (await loadLibrary()).runSweep(file, { ...options, onProgress: (p) => progress({ ...p, computed: p.done - p.skipped }) }),
        (r) => {
          const where = relative(process.cwd(), r.dir) || r.dir;
          if (r.stopped) {
            const e = new RunInterrupted('sweep');
            e.message = `sweep interrupted: ${r.skipped + r.computed} of ${r.points * r.replications} runs are committed in ${where}; run the same command again to finish it`;
            throw e;
          }
          io.out(`${r.stopped ? 'Stopped' : 'Sweep done'}: ${r.points} points x ${r.replications} replications; ${r.computed} runs computed now, ${r.skipped} found done before.`);
          io.out(`Results: ${where}/sweep.duckdb (view results_with_parameters)${r.stopped ? '\nRun the same command again to finish it.' : ''}`);
        },
      ),
    );
}
