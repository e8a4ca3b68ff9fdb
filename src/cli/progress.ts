import cliProgress from 'cli-progress';
import type { Progress } from '../index.ts';
import { duration, rate } from './format.ts';
import type { Io } from './io.ts';
import { stoppable } from './interrupt.ts';

/** A progress bar on stderr (a line every 5 s when stderr is not a terminal), or none when quiet. */
export function progressBar(io: Io, format: string, quiet = false): cliProgress.SingleBar | undefined {
  if (quiet) return undefined;
  return new cliProgress.SingleBar({ format, barsize: 30, hideCursor: true, noTTYOutput: !io.isTTY, notTTYSchedule: 5000, stream: process.stderr }, cliProgress.Presets.shades_classic);
}

/** How far an experiment's runs are: `done` (computed now or found done) of `total` (an estimate that may grow), `computed` of them now. */
export interface RunsProgress {
  done: number;
  total: number;
  computed: number;
  elapsedMs: number;
}

/**
 * What moves `bar` with an experiment's runs (sweep, sensitivity, calibrate): the first report
 * starts it, each one moves it and its total, with an ETA (`{remaining}`) from the rate of the runs
 * computed now (runs found done cost nothing); `fields` fill the format's other fields.
 */
export function runsProgress(bar: cliProgress.SingleBar | undefined): (p: RunsProgress, fields?: Record<string, string>) => void {
  let started = false;
  return (p, fields) => {
    if (!started) bar?.start(p.total, p.done, { ...fields, remaining: '-' });
    started = true;
    const perMs = p.computed / Math.max(1, p.elapsedMs);
    bar?.setTotal(Math.max(p.total, p.done));
    bar?.update(p.done, { ...fields, remaining: perMs > 0 ? duration((p.total - p.done) / perMs) : '-' });
  };
}

/** The flags of an experiment command that say where its runs run and whether it shows a bar. */
export interface ExperimentFlags {
  workers?: number;
  redis?: string;
  out?: string;
  quiet?: boolean;
}

/**
 * An experiment command's runs (sweep, sensitivity, calibrate): `run` gets where they run (from
 * the flags), the signal Ctrl-C or SIGTERM aborts, and what to report progress to, shown on a bar
 * in `format` (none with --quiet); `report` gets the result, and when the runs started, once the
 * bar is gone, still inside the stoppable work.
 */
export function experimentOnBar<R>(
  io: Io,
  flags: ExperimentFlags,
  format: string,
  run: (options: { runsDir?: string; workers?: number; redis?: string; signal: AbortSignal }, progress: ReturnType<typeof runsProgress>) => Promise<R>,
  report: (r: R, t0: number) => void,
): Promise<void> {
  const bar = progressBar(io, format, flags.quiet);
  const progress = runsProgress(bar);
  return stoppable(
    async (_shouldStop, signal) => {
      const t0 = performance.now();
      const r = await run({ runsDir: flags.out, workers: flags.workers, redis: flags.redis, signal }, progress);
      bar?.stop();
      report(r, t0);
    },
    bar,
    io,
  );
}

/** What moves `bar` with a replay's days (explain, whatif): the first report starts it at day 0, each one moves it, with `{speed}` and `{remaining}`. */
export function replayProgress(bar: cliProgress.SingleBar | undefined): (p: Progress) => void {
  let started = false;
  return (p) => {
    if (!started) bar?.start(p.days, 0, { speed: '-', remaining: '-' });
    started = true;
    bar?.update(p.day, { speed: rate(p.agentDaysPerSecond), remaining: duration(p.etaMs) });
  };
}
