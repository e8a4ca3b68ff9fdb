import type { Command } from 'commander';
import { relative } from 'node:path';
import { integer, collectSet, atLeast } from '../options.ts';
import { num, table, rate, duration } from '../format.ts';
import type { Io } from '../io.ts';
import { progressBar } from '../progress.ts';
import { stoppable, checkpoint } from '../interrupt.ts';
import { loadScenario, compare, defaultRunsDir, storeComparison, writeReport, inputError, cityOverrides, checkOutDir } from '../../index.ts';

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
  out?: string;
  quiet?: boolean;
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
    .argument('<a>', 'scenario A: a shipped name or a YAML file')
    .argument('<b>', 'scenario B: a shipped name or a YAML file')
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
    .option('-o, --out <dir>', 'directory that holds runs and comparisons (default: $CREDENCE_RUNS, else ./runs)')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Replication r runs A and B with the same seed: the same population and the same keyed random draws,
so the paired difference B - A carries only the effect of the design. For every metric the
comparison reports both means, the difference with a 95 % confidence interval, a paired effect
size, and how much variance the pairing removed against unpaired runs.

Examples:
  credence compare none seed-2020 --replications 10 --population 20000 --days 180
  credence compare rongcheng rongcheng --set-b scorers.0.transparency=secret
  credence compare none rongcheng --target-halfwidth 50 --metric acts.jaywalking`,
    )
    .action(async (aArg: string, bArg: string, flags: CompareFlags) => {
      const common = cityOverrides(flags);
      const a = loadScenario(aArg, { ...common, ...flags.setA, 'output.sampleRate': 0 });
      const b = loadScenario(bArg, { ...common, ...flags.setB, 'output.sampleRate': 0, seed: a.scenario.seed });
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
      const bar = progressBar(io, 'replication {rep} arm {arm} day {value}/{total} [{bar}] {speed} agent-days/s | ETA {remaining}', flags.quiet);
      let current = '';
      await stoppable(
        async (shouldStop) => {
          const c = await compare(a, b, {
            replications: flags.replications,
            targetHalfwidth,
            metric: flags.metric,
            maxReplications: flags.maxReplications,
            shouldStop,
            onProgress: ({ replication, arm, progress: p }) => {
              const tag = `${replication}${arm}`;
              if (tag !== current) {
                bar?.stop();
                bar?.start(p.days, 0, { rep: replication + 1, arm, speed: '-', remaining: '-' });
                current = tag;
              }
              bar?.update(p.day, { rep: replication + 1, arm, speed: rate(p.agentDaysPerSecond), remaining: duration(p.etaMs) });
            },
          });
          bar?.stop();
          const { id, dir } = await storeComparison(runsDir, c, writeReport, { checkpoint: checkpoint(shouldStop, 'comparison') });
          io.out(
            `\nComparison ${id}: B "${b.scenario.name}" against A "${a.scenario.name}", ${c.seeds.length} paired replications, ${c.citizens.toLocaleString('en')} citizens, ${c.days} days, in ${duration(c.durationMs)}\n`,
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
