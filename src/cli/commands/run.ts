import type { Command } from 'commander';
import { relative, join } from 'node:path';
import { summarize } from '../summary.ts';
import { integer, collectSet, integerList, threadCount } from '../options.ts';
import { int, rate, duration, table } from '../format.ts';
import type { Io } from '../io.ts';
import { progressBar } from '../progress.ts';
import { stoppable } from '../interrupt.ts';
import { prepareRun, runReference, runScenario, estimateBytes, formatBytes, assertFitsInMemory, autoWorkers, writeReport, checkOutDir, defaultRunsDir, RunInterrupted } from '../../index.ts';
import type { LoadedScenario } from '../../index.ts';

interface RunFlags {
  days?: number;
  seed?: number;
  population?: number;
  out?: string;
  quiet?: boolean;
  report?: boolean;
  watch?: number[];
  set?: Record<string, unknown>;
  workers?: number;
}

export function addRunCommand(program: Command, io: Io) {
  program
    .command('run')
    .description('simulate a scenario and store the run (runs/<id>/run.duckdb)')
    .argument('[scenario]', 'a shipped scenario name (see `credence scenarios`) or a YAML file', 'rongcheng')
    .option('-d, --days <n>', "days to simulate (default: the scenario's, usually 365)", integer)
    .option('-s, --seed <n>', 'random seed: same scenario and seed, same results', integer)
    .option('-p, --population <n>', "number of adult citizens (default: the scenario's, usually 100,000)", integer)
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .option('-w, --watch <ids>', 'comma-separated citizen ids whose every event is stored', integerList)
    .option('--set <field=value>', 'override any scenario field, e.g. --set observe.fpir=0.01 (repeatable)', collectSet)
    .option('--workers <n>', 'threads to live on (default: every core from 200,000 citizens, else 1); results are the same for any number', threadCount)
    .option('-q, --quiet', 'no progress bar, no summary and no report: print only where the run is (write the report later with `credence report <id>`)')
    .option('--no-report', 'do not write the HTML report')
    .addHelpText(
      'after',
      `
Examples:
  credence run                                   the default scenario (rongcheng), 100,000 citizens, a year
  credence run none --days 90                    the control city, no scoring, for 90 days
  credence run rongcheng -p 20000 -s 7           a smaller city with another seed
  credence run my-regime.yaml --set observe.fpir=0.01 --set city.camerasPerThousand=500
  credence run reference/epstein --set legitimacy=0.3   Epstein's civil violence model, as Mesa runs it
The run is written to runs/<id>/ only once complete; query it with DuckDB or export it:
  credence export <id> --format parquet`,
    )
    .action(async (scenario: string, flags: RunFlags) => {
      const prepared = prepareRun({ scenario, days: flags.days, seed: flags.seed, population: flags.population, watch: flags.watch, set: flags.set });
      if ('loaded' in prepared) await runAndPrint(prepared.loaded, flags, io);
      else await runReferenceAndPrint(prepared.reference, flags, io);
    });
}

/** Run a loaded scenario with a progress bar, then print the summary and where everything is. */
export async function runAndPrint(loaded: LoadedScenario, flags: { out?: string; quiet?: boolean; report?: boolean; workers?: number }, io: Io): Promise<void> {
  const s = loaded.scenario;
  const workers = flags.workers ?? autoWorkers(s.population.citizens);
  assertFitsInMemory(s, undefined, workers); // before any progress is shown
  const runsDir = checkOutDir(flags.out ?? defaultRunsDir(), '--out'); // before a day is simulated
  const withReport = !flags.quiet && flags.report !== false;
  if (!flags.quiet)
    io.err(
      `credence: ${s.name}, ${int(s.population.citizens)} citizens, ${s.days} days, seed ${s.seed} (about ${formatBytes(estimateBytes(s, workers))} of memory, ${workers} thread${workers > 1 ? 's' : ''})`,
    );
  const bar = progressBar(io, 'day {value}/{total} [{bar}] {percentage}% | {speed} agent-days/s | elapsed {elapsed} | ETA {remaining}', flags.quiet);
  bar?.start(s.days, 0, { speed: '-', elapsed: '0 s', remaining: '-' });
  const run = await stoppable(
    (shouldStop) =>
      runScenario(loaded, {
        runsDir,
        workers,
        shouldStop,
        // the report is written before the run is renamed into place: a listed run always has one
        beforeComplete: withReport ? (dir) => writeReport(dir) : undefined,
        onProgress: (p) => bar?.update(p.day, { speed: rate(p.agentDaysPerSecond), elapsed: duration(p.elapsedMs), remaining: duration(p.etaMs) }),
      }),
    bar,
    io,
  );
  const where = relative(process.cwd(), run.dir) || run.dir;
  if (flags.quiet) {
    io.out(where);
    return;
  }
  const r = run.result;
  io.out(`\nRun ${run.id}: ${s.name}, ${int(r.world.pop.n)} citizens, ${r.days} days, seed ${r.seed}, in ${duration(r.durationMs)} (${rate(r.agentDaysPerSecond)} agent-days/s)\n`);
  io.out(summarize(r));
  const report = withReport ? join(run.dir, 'report.html') : undefined;
  io.out(`\nResults: ${where}/run.duckdb (tables: run, metrics, metric_defs, events, score_changes, decisions, list_changes, citizens, companies, districts)`);
  if (report) io.out(`Report:  ${relative(process.cwd(), report) || report}`);
  io.out(`Explain: credence explain ${run.id} CITIZEN_ID      Export: credence export ${run.id} --format parquet`);
}

/** A reference model (Epstein's civil violence): run it, store it, print the counts. --days sets its steps. */
async function runReferenceAndPrint(reference: { file: string; overrides: Record<string, unknown> }, flags: RunFlags, io: Io): Promise<void> {
  const runsDir = checkOutDir(flags.out ?? defaultRunsDir(), '--out');
  const { id, dir, run } = await stoppable(
    async (shouldStop) => {
      const done = await runReference(reference.file, reference.overrides, { runsDir });
      // the reference model runs in one go: a signal during it is seen here, and the run not kept
      if (shouldStop()) {
        const { rmSync } = await import('node:fs');
        rmSync(done.dir, { recursive: true, force: true });
        throw new RunInterrupted();
      }
      return done;
    },
    undefined,
    io,
  );
  const where = relative(process.cwd(), dir) || dir;
  if (flags.quiet) {
    io.out(where);
    return;
  }
  const share = (x: Int32Array) => Array.from(x.subarray(1)).reduce((a, b) => a + b, 0) / Math.max(1, x.length - 1) / run.citizens;
  io.out(
    `\nRun ${id}: Epstein civil violence (Mesa rules), ${int(run.citizens)} citizens and ${int(run.cops)} cops, ${run.steps} steps, in ${duration(run.durationMs)} (${rate(run.agentSteps / (run.durationMs / 1000))} agent-steps/s)\n`,
  );
  io.out(
    table(
      ['citizens', 'mean share', 'peak', 'at the end'],
      (['active', 'quiet', 'arrested'] as const).map((k) => [k, `${(100 * share(run[k])).toFixed(2)} %`, int(Math.max(...run[k])), int(run[k][run[k].length - 1])]),
    ),
  );
  io.out(`\nResults: ${where}/run.duckdb (per-step counts in table metrics)`);
}
