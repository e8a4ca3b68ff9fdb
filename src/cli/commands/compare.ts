import type { Command } from 'commander';
import { relative } from 'node:path';
import { integer, collectSet, atLeast, threadCount } from '../options.ts';
import { num, table, rate, duration } from '../format.ts';
import type { Io } from '../io.ts';
import { progressBar } from '../progress.ts';
import { stoppable, checkpoint } from '../interrupt.ts';
import { loadLibrary, type Library } from '../library.ts';
import { defaultRunsDir, inputError, checkOutDir, checkRedisUrl } from '../../essentials.ts';
import type { LoadedScenario } from '../../index.ts';

interface CompareFlags {
  replications: number;
  days?: number;
  population?: number;
  seed?: number;
  set?: Record<string, unknown>;
  setA?: Record<string, unknown>;
  setB?: Record<string, unknown>;
  targetHalfwidth?: string;
  metric?: string;
  maxReplications: number;
  workers: number;
  redis?: string;
  out?: string;
  quiet?: boolean;
  from?: string;
}

/**
 * The two arms: two scenarios; or, with --from, the checkpoint's scenario continued twice, each
 * changed from the checkpoint's day on by --set and its own --set-a or --set-b.
 */
function arms(lib: Library, aArg: string | undefined, bArg: string | undefined, flags: CompareFlags): { a: LoadedScenario; b: LoadedScenario; from?: string } {
  const { cityOverrides, loadScenario, resolveCheckpoint, readCheckpoint, branchScenario } = lib;
  if (flags.from === undefined) {
    if (aArg === undefined || bArg === undefined)
      throw inputError("compare needs two scenarios, A and B (or --from CHECKPOINT, with the arms' differences in --set-a and --set-b)", { path: aArg === undefined ? 'a' : 'b' });
    const common = cityOverrides(flags);
    const a = loadScenario(aArg, { ...common, ...flags.setA, 'output.sampleRate': 0 });
    return { a, b: loadScenario(bArg, { ...common, ...flags.setB, 'output.sampleRate': 0, seed: a.scenario.seed }) };
  }
  if (aArg !== undefined)
    throw inputError(`with --from both arms continue the checkpoint's scenario: give no scenario ("${aArg}"), and the arms' differences with --set-a and --set-b`, { path: '--from' });
  const fixed = (['population', 'seed'] as const).find((k) => flags[k] !== undefined);
  if (fixed) throw inputError(`--${fixed} cannot change from a checkpoint: the city, its people and its draws are the checkpoint's`, { path: `--${fixed}` });
  const file = resolveCheckpoint(flags.from, flags.out ?? defaultRunsDir());
  const checkpoint = readCheckpoint(file);
  const arm = (set: Record<string, unknown> = {}) => branchScenario(checkpoint, { set: { ...flags.set, ...set }, days: flags.days, file });
  return { a: arm(flags.setA), b: arm(flags.setB), from: file };
}

const HEADLINE = [
  'acts.jaywalking',
  'acts.dissent_post',
  'acts.spontaneous_act',
  'acts.post',
  'faces.wrongful_matches',
  'penalties.wrongful',
  'detentions.wrongful',
  'stress.mean',
  'health.mean',
  'acts.sick_day',
  'legitimacy.mean',
  'perceived_risk.mean',
  'perceived_risk.camera',
  'perceived_risk.censor',
  'perceived_risk.error',
  'income.gini',
];

export function addCompareCommand(program: Command, io: Io) {
  program
    .command('compare')
    .description('compare two designs over paired replications with common random numbers, with confidence intervals')
    .argument('[a]', 'scenario A: a shipped name or a YAML file (none with --from)')
    .argument('[b]', 'scenario B: a shipped name or a YAML file (none with --from)')
    .option('-r, --replications <n>', 'paired replications, at least 2 (seeds seed, seed+1, ...)', atLeast(2, ' (a paired interval needs two replications)', 10_000), 5)
    .option('-d, --days <n>', 'days for both arms', integer)
    .option('-p, --population <n>', 'citizens for both arms', integer)
    .option('-s, --seed <n>', 'the first seed', integer)
    .option('--set <field=value>', 'override a field in both arms (repeatable)', collectSet)
    .option('--set-a <field=value>', 'override a field in A only (repeatable)', collectSet)
    .option('--set-b <field=value>', 'override a field in B only (repeatable)', collectSet)
    .option('--target-halfwidth <h>', 'add replications until the 95 % interval of --metric is at most this wide on each side')
    .option('--metric <name>', 'the metric --target-halfwidth watches, e.g. acts.dissent_post')
    .option('--max-replications <n>', 'stop adding replications here', atLeast(2, '', 10_000), 50)
    .option('-w, --workers <n>', 'worker threads running replications side by side, 1 to 64', threadCount, 2)
    .option('--redis <url>', 'put the runs on this Redis for `credence worker` processes on any machines, instead of threads here', checkRedisUrl)
    .option('--from <checkpoint>', 'branch both arms from one checkpoint (a file, or a run holding one): the same city at its day, then --set-a and --set-b')
    .option('-o, --out <dir>', 'directory that holds runs and comparisons (default: $CREDENCE_RUNS, else ./runs)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Replication r runs A and B with the same seed: the same population and the same keyed random draws,
so the paired difference B - A carries only the effect of the design. For every metric the
comparison reports both means, the difference with a 95 % confidence interval, a paired effect
size, and how much variance the pairing removed against unpaired runs.

Replications run side by side on --workers threads, or with --redis on workers of other machines
(docs/distributed.md); the results are the same either way.

Examples:
  credence compare none seed-2020 --replications 10 --population 20000 --days 180
  credence compare rongcheng rongcheng --set-b scorers.0.transparency=secret
  credence compare none rongcheng --target-halfwidth 50 --metric acts.jaywalking
  credence compare --from runs/<id>/checkpoint-day-360.bin --set-b scorers.0.transparency=secret
      the same city at day 360, then published or secret rules; replication r continues it with seed + r`,
    )
    .action(async (aArg: string | undefined, bArg: string | undefined, flags: CompareFlags) => {
      const lib = await loadLibrary();
      const { a, b, from } = arms(lib, aArg, bArg, flags);
      const targetHalfwidth = flags.targetHalfwidth === undefined ? undefined : Number(flags.targetHalfwidth);
      if (targetHalfwidth !== undefined && !(targetHalfwidth > 0 && Number.isFinite(targetHalfwidth)))
        throw inputError(`expected a positive number, found "${flags.targetHalfwidth}"`, { path: '--target-halfwidth' });
      if (targetHalfwidth !== undefined && !flags.metric) throw inputError('--target-halfwidth needs --metric, the metric whose interval it watches', { path: '--metric' });
      if (a.scenario.days !== b.scenario.days || a.scenario.population.citizens !== b.scenario.population.citizens) {
        io.err(
          `credence: note: A and B differ in days or population (${a.scenario.days}/${b.scenario.days} days, ${a.scenario.population.citizens}/${b.scenario.population.citizens} citizens); use --days and --population to align them`,
        );
      }
      const runsDir = checkOutDir(flags.out ?? defaultRunsDir(), '--out'); // before a day is simulated
      const bar = progressBar(io, 'runs {done}/{runs} [{bar}] {percentage}% {speed} agent-days/s | ETA {remaining}', flags.quiet);
      let started = false;
      await stoppable(
        async (shouldStop, signal) => {
          const c = await lib.compare(a, b, {
            replications: flags.replications,
            targetHalfwidth,
            metric: flags.metric,
            maxReplications: flags.maxReplications,
            workers: flags.workers,
            redis: flags.redis,
            from,
            signal,
            onProgress: ({ done, total, progress: p }) => {
              const values = { done, runs: total, speed: rate(p.agentDaysPerSecond), remaining: duration(p.etaMs) };
              if (!started) bar?.start(p.days, p.day, values);
              started = true;
              bar?.setTotal(p.days);
              bar?.update(p.day, values);
            },
          });
          bar?.stop();
          const { id, dir } = await lib.storeComparison(runsDir, c, lib.writeReport, { checkpoint: checkpoint(shouldStop, 'comparison') });
          io.out(
            `\nComparison ${id}: B "${b.scenario.name}" against A "${a.scenario.name}", ${c.seeds.length} paired replications, ${c.citizens.toLocaleString('en')} citizens, ${c.days} days${from ? ` (branched from ${relative(process.cwd(), from) || from}; the days before it are the same in both arms)` : ''}, in ${duration(c.durationMs)}\n`,
          );
          const shown = [...HEADLINE.filter((m) => c.effects.has(m)), ...(flags.metric && c.effects.has(flags.metric) && !HEADLINE.includes(flags.metric) ? [flags.metric] : [])];
          io.out(
            table(
              ['metric', 'A', 'B', 'B - A', '95 % CI', 'effect size', 'variance removed by pairing'],
              shown.map((m) => {
                const e = c.effects.get(m)!;
                const sig = e.ciLow > 0 || e.ciHigh < 0 ? ' *' : '';
                return [
                  m,
                  num(e.meanA),
                  num(e.meanB),
                  num(e.diff) + sig,
                  `[${num(e.ciLow)}, ${num(e.ciHigh)}]`,
                  num(e.effectSize),
                  Number.isFinite(e.varianceReduction) ? `${(100 * e.varianceReduction).toFixed(0)} %` : '-',
                ];
              }),
            ),
          );
          io.out(`  * the interval excludes zero. Every metric is in the report and in comparison.duckdb (table effects).`);
          io.out(`\nReport:  ${relative(process.cwd(), dir)}/report.html`);
        },
        bar,
        io,
      );
    });
}
