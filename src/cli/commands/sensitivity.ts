import type { Command } from 'commander';
import { relative } from 'node:path';
import { threadCount } from '../options.ts';
import { duration } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { experimentOnBar } from '../progress.ts';
import { RunInterrupted, SENSITIVITY_FILE, checkRedisUrl } from '../../essentials.ts';
import type { IndexRow } from '../../index.ts';

export function addSensitivityCommand(program: Command, io: Io) {
  program
    .command('sensitivity')
    .description('which uncertain scenario fields move which answers: Morris screening or Sobol indices, with intervals and the model noise; resumable')
    .argument('<file>', 'a sensitivity YAML file (see sensitivity/ and docs/sensitivity.md)')
    .option('-w, --workers <n>', "worker threads, 1 to 64 (default: the file's)", threadCount)
    .option('--redis <url>', 'put the runs on this Redis for `credence worker` processes on any machines, instead of threads here', checkRedisUrl)
    .option('-o, --out <dir>', 'directory that holds runs and experiments (default: $CREDENCE_RUNS, else ./runs)')
    .option('-q, --quiet', 'no progress bar and no ranking: print only where the results are')
    .addHelpText(
      'after',
      `
A sensitivity file names a scenario, the fields you are unsure of (each a range or a distribution),
and the numbers of a run you care about:

  scenario: seed-2020
  set: { population.citizens: 2000, days: 180 }
  method: morris                  # screening: r trajectories of k + 1 points; or sobol: N (k + 2) points
  trajectories: 10
  factors:
    - { field: response.stressPerPenalty, from: 0.01, to: 0.2, label: stress per penalty }
    - { field: observe.censorFalseFlags, from: 0.001, to: 0.05, log: true }
  measures:
    - { metric: penalties.wrongful }
    - { metric: stress.mean, window: [90, 179] }
    - { metric: audit.minority.wrongfulRatio }
  replications: 2                 # seeds seed, seed+1 at every point: the model's noise, measured

Every point runs every replication with the same seeds (common random numbers), so a field that
changes nothing gets indices of exactly zero, and the noise of the model is reported beside the
indices. Every finished run is committed at once: stopped (Ctrl-C, a crash), the same command
resumes. Results: <out>/sensitivity-<name>/${SENSITIVITY_FILE} (tables indices, noise, points, results,
the view results_with_factors) and report.html (the ranking, with intervals, measure by measure).

Example:
  credence sensitivity sensitivity/assumptions.yaml
  duckdb runs/sensitivity-assumptions/${SENSITIVITY_FILE} "SELECT measure, field, estimate, ci_low, ci_high FROM indices WHERE index = 'mu_star' AND moves ORDER BY measure, estimate DESC"`,
    )
    .action((file: string, flags: { workers?: number; redis?: string; out?: string; quiet?: boolean }) =>
      experimentOnBar(
        io,
        flags,
        'runs {value}/{total} [{bar}] {percentage}% | ETA {remaining}',
        async (options, progress) => (await loadLibrary()).runSensitivity(file, { ...options, onProgress: (p) => progress({ ...p, computed: p.done - p.skipped }) }),
        (r, t0) => {
          const where = relative(process.cwd(), r.dir) || r.dir;
          if (r.stopped) {
            const e = new RunInterrupted('sensitivity analysis');
            e.message = `sensitivity analysis interrupted: ${r.skipped + r.computed} of ${r.points * r.replications} runs are committed in ${where}; run the same command again to finish it`;
            throw e;
          }
          io.out(
            `Sensitivity analysis done (${r.method}): ${r.factors} factors, ${r.points} points x ${r.replications} replications; ${r.computed} runs computed now, ${r.skipped} found done before, in ${duration(performance.now() - t0)}.`,
          );
          if (!flags.quiet && r.analysis) io.out(ranking(r.method, r.analysis.indices, r.analysis.noise));
          io.out(`Results: ${where}/${SENSITIVITY_FILE} (tables indices, noise, results); report: ${relative(process.cwd(), r.report ?? '') || r.report}`);
        },
      ),
    );
}

/** Per measure, the factors that move it beyond the noise, most important first, and its noise share. */
function ranking(method: 'morris' | 'sobol', indices: IndexRow[], noise: { measure: string; meanShare: number }[]): string {
  const main = method === 'morris' ? 'mu_star' : 'ST';
  const fmt = (v: number) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumSignificantDigits: 3 }) : '-');
  return noise
    .map(({ measure, meanShare }) => {
      const movers = indices.filter((x) => x.measure === measure && x.index === main && x.moves).sort((a, b) => b.estimate - a.estimate);
      const list = movers.length
        ? movers
            .slice(0, 6)
            .map((x) => `${x.field} ${fmt(x.estimate)} [${fmt(x.low)}, ${fmt(x.high)}]`)
            .join('; ')
        : 'no factor beyond the noise';
      return `  ${measure} (noise ${Number.isFinite(meanShare) ? `${(100 * meanShare).toFixed(0)} %` : '-'} of the means): ${list}${movers.length > 6 ? `; and ${movers.length - 6} more` : ''}`;
    })
    .join('\n');
}
