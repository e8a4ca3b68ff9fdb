import type { Command } from 'commander';
import { relative, join } from 'node:path';
import { summarize } from '../summary.ts';
import { integer, collectSet, integerList, threadCount } from '../options.ts';
import { int, rate, duration, table } from '../format.ts';
import type { Io } from '../io.ts';
import { progressBar } from '../progress.ts';
import { stoppable } from '../interrupt.ts';
import { loadLibrary } from '../library.ts';
import { prepareReference, runReference, checkOutDir, defaultRunsDir, RunInterrupted, inputError, type ReferenceRequest } from '../../essentials.ts';
import type { LoadedScenario, Checkpoint } from '../../index.ts';

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
  checkpointAt?: number[];
  from?: string;
}

export function addRunCommand(program: Command, io: Io) {
  program
    .command('run')
    .description('simulate a scenario and store the run (runs/<id>/run.duckdb)')
    .argument('[scenario]', 'a shipped scenario name (see `credence scenarios`) or a YAML file (default: rongcheng)')
    .option('-d, --days <n>', "days to simulate (default: the scenario's, usually 365)", integer)
    .option('-s, --seed <n>', 'random seed: same scenario and seed, same results', integer)
    .option('-p, --population <n>', "number of adult citizens (default: the scenario's, usually 100,000)", integer)
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .option('-w, --watch <ids>', 'comma-separated citizen ids whose every event is stored', integerList)
    .option('--set <field=value>', 'override any scenario field, e.g. --set observe.fpir=0.01 (repeatable)', collectSet)
    .option('--workers <n>', 'threads to live on (default: every core from 100,000 citizens, else 1); results are the same for any number', threadCount)
    .option('--checkpoint-at <days>', 'save the complete state at the start of these days (comma-separated), in the run directory', integerList)
    .option('--from <checkpoint>', 'continue a checkpoint (a file, or a run holding one) instead of starting at day 0; --set changes fields from its day on')
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
  credence run rongcheng --checkpoint-at 360     also save the city as it is at the start of day 360
  credence run --from runs/<id>/checkpoint-day-360.bin --set scorers.0.transparency=secret
                                                 the same city from day 360 on, under secret rules
The run is written to runs/<id>/ only once complete; query it with DuckDB or export it:
  credence export <id> --format parquet`,
    )
    .action(async (scenario: string | undefined, flags: RunFlags) => {
      if (flags.from !== undefined) return continueAndPrint(scenario, flags, io);
      const request = { scenario: scenario ?? 'rongcheng', days: flags.days, seed: flags.seed, population: flags.population, watch: flags.watch, set: flags.set };
      // a reference model runs without the city's code: the library is loaded only for the city
      const reference = prepareReference(request);
      if (reference) {
        if (flags.checkpointAt) throw inputError('checkpoints are taken of runs of the Credence city, not of reference models', { path: '--checkpoint-at' });
        return runReferenceAndPrint(reference, flags, io);
      }
      const prepared = (await loadLibrary()).prepareRun(request);
      if ('loaded' in prepared) await runAndPrint(prepared.loaded, { ...flags, from: undefined }, io);
    });
}

/** `run --from`: the checkpoint's scenario with --set from its day on; what the checkpoint fixes cannot be given. */
async function continueAndPrint(scenario: string | undefined, flags: RunFlags, io: Io): Promise<void> {
  if (scenario !== undefined) throw inputError(`a run continued from a checkpoint runs the checkpoint's scenario: give no scenario ("${scenario}"), and its changes with --set`, { path: '--from' });
  const fixed = (['population', 'seed', 'watch'] as const).find((k) => flags[k] !== undefined);
  if (fixed) throw inputError(`--${fixed} cannot change from a checkpoint: the city, its people and its draws are the checkpoint's`, { path: `--${fixed}` });
  const { resolveCheckpoint, readCheckpoint, branchScenario } = await loadLibrary();
  const file = resolveCheckpoint(flags.from!, flags.out ?? defaultRunsDir());
  const from = readCheckpoint(file);
  const loaded = branchScenario(from, { set: flags.set, days: flags.days, file });
  if (!flags.quiet) io.err(`credence: continuing ${relative(process.cwd(), file) || file} from day ${from.day}${flags.set ? `, with ${Object.keys(flags.set).join(', ')} changed from then on` : ''}`);
  await runAndPrint(loaded, { ...flags, from }, io);
}

/** Run a loaded scenario with a progress bar, then print the summary and where everything is. */
export async function runAndPrint(
  loaded: LoadedScenario,
  flags: { out?: string; quiet?: boolean; report?: boolean; workers?: number; checkpointAt?: number[]; from?: Checkpoint },
  io: Io,
): Promise<void> {
  const { autoWorkers, assertFitsInMemory, estimateBytes, formatBytes, runScenario, writeReport } = await loadLibrary();
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
  bar?.start(s.days, flags.from?.day ?? 0, { speed: '-', elapsed: '0 s', remaining: '-' });
  const run = await stoppable(
    (shouldStop) =>
      runScenario(loaded, {
        runsDir,
        workers,
        shouldStop,
        checkpointAt: flags.checkpointAt,
        from: flags.from,
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
  if (flags.from) io.out(`\nContinued from the checkpoint at day ${flags.from.day}: days ${flags.from.day} to ${r.days - 1} were simulated here, the days before are the checkpoint's`);
  io.out(`\nRun ${run.id}: ${s.name}, ${int(r.world.pop.n)} citizens, ${r.days} days, seed ${r.seed}, in ${duration(r.durationMs)} (${rate(r.agentDaysPerSecond)} agent-days/s)\n`);
  io.out(await summarize(r));
  const report = withReport ? join(run.dir, 'report.html') : undefined;
  io.out(`\nResults: ${where}/run.duckdb (tables: run, metrics, metric_defs, events, score_changes, decisions, list_changes, citizens, companies, districts)`);
  if (report) io.out(`Report:  ${relative(process.cwd(), report) || report}`);
  for (const file of run.checkpoints) io.out(`Checkpoint: ${relative(process.cwd(), file) || file}  (continue it: credence run --from ${relative(process.cwd(), file) || file} --set FIELD=VALUE)`);
  io.out(`Explain: credence explain ${run.id} CITIZEN_ID      Export: credence export ${run.id} --format parquet`);
}

/** A reference model (Epstein's civil violence): run it, store it, print the counts. --days sets its steps. */
async function runReferenceAndPrint(reference: ReferenceRequest, flags: RunFlags, io: Io): Promise<void> {
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
