import { InvalidArgumentError, type Command } from 'commander';
import { relative } from 'node:path';
import { threadCount } from '../options.ts';
import { duration, int, table } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { experimentOnBar } from '../progress.ts';
import { RunInterrupted, checkRedisUrl, CALIBRATION_FILE } from '../../essentials.ts';
import type { CalibrationResult } from '../../index.ts';

export function addCalibrateCommand(program: Command, io: Io) {
  program
    .command('calibrate')
    .description('infer scenario fields from observed targets by approximate Bayesian computation (ABC-SMC); writes the posterior and a calibrated scenario; resumable')
    .argument('<file>', 'a calibration YAML file (see calibration/ and docs/calibration.md)')
    .option('-w, --workers <n>', "worker threads, 1 to 64 (default: the file's)", threadCount)
    .option('--redis <url>', 'put the runs on this Redis for `credence worker` processes on any machines, instead of threads here', checkRedisUrl)
    .option('-o, --out <dir>', 'directory that holds runs and experiments (default: $CREDENCE_RUNS, else ./runs)')
    .option('--write-scenario <file>', 'where to write the calibrated scenario (default: calibrated.yaml beside the results)')
    .option('--values <which>', "the values the calibrated scenario gets: best (the best particle) or median (each field's posterior median)", values)
    .option('-q, --quiet', 'no progress bar and no tables: print only where the results are')
    .addHelpText(
      'after',
      `
A calibration file names a scenario, the fields to infer (each with a prior), and the numbers a
run should reproduce (targets), each with its observed value and uncertainty:

  scenario: as-implemented
  set: { population.citizens: 2000, days: 1095 }
  priors:
    - { field: population.savingsMonths, from: 4, to: 12 }
    - { field: life.attempts.flight, from: 0.2, to: 2, log: true }
  targets:
    - { metric: list.court_blacklist.stock, window: [1003, 1094], scale: per_citizen, observed: 0.0118, uncertainty: 0.003 }
    - { metric: gate.flight_ban.denied, per: { metric: gate.fast_train_ban.denied }, observed: 4.5, uncertainty: 1 }
  particles: 48
  generations: 4
  quantile: 0.5          # each generation's tolerance: this quantile of the last one's distances

A run's distance is the root mean square of |simulated - observed| / uncertainty over the targets.
Generation 0 draws from the priors; each next one perturbs the last one's particles (a Gaussian
with twice their weighted covariance) and keeps those within its tolerance, weighted by
prior / sum(w K). Every finished run is committed at once: stopped (Ctrl-C, a crash), the same
command resumes. Results: <out>/calibration-<name>/${CALIBRATION_FILE} (tables posterior, fit,
generations, particles, particle_targets, results) and calibrated.yaml, the scenario with the best
particle's values.

Example:
  credence calibrate calibration/as-implemented.yaml
  duckdb runs/calibration-as-implemented/${CALIBRATION_FILE} "SELECT field, median, q05, q95 FROM posterior"`,
    )
    .action((file: string, flags: { workers?: number; redis?: string; out?: string; writeScenario?: string; values?: 'best' | 'median'; quiet?: boolean }) =>
      experimentOnBar(
        io,
        flags,
        'generation {generation} (tolerance {epsilon}) | runs {value}/~{total} [{bar}] | ETA {remaining}',
        async (options, progress) =>
          (await loadLibrary()).runCalibration(file, {
            ...options,
            scenarioOut: flags.writeScenario,
            values: flags.values,
            onProgress: (p) =>
              progress(
                { done: p.done, total: p.expected, computed: p.computed, elapsedMs: p.elapsedMs },
                { generation: `${p.generation}/${p.generations - 1}`, epsilon: Number.isFinite(p.epsilon) ? p.epsilon.toPrecision(3) : 'none' },
              ),
          }),
        (r) => {
          const where = relative(process.cwd(), r.dir) || r.dir;
          if (r.ended === 'stopped') {
            const e = new RunInterrupted('calibration');
            e.message = `calibration interrupted: ${r.runs.computed + r.runs.reused} runs are committed in ${where}; run the same command again to finish it`;
            throw e;
          }
          const g = r.generations.at(-1)!;
          const why = r.ended === 'generations' ? 'every generation done' : 'a generation could not fill its particles within its budget (minAcceptance)';
          io.out(
            `Calibration done (ABC-SMC): ${r.generations.length} generations, ${g.accepted} particles in the last; ${int(r.runs.computed)} runs computed now, ${int(r.runs.reused)} found done before, in ${duration(r.elapsedMs)}. Ended: ${why}.`,
          );
          if (!flags.quiet) io.out(`\n${tables(r)}`);
          io.out(`\nCalibrated scenario: ${relative(process.cwd(), r.scenarioFile!) || r.scenarioFile}`);
          io.out(`Results: ${where}/${CALIBRATION_FILE} (tables posterior, fit, generations, particles)`);
        },
      ),
    );
}

function values(v: string): 'best' | 'median' {
  if (v === 'best' || v === 'median') return v;
  throw new InvalidArgumentError(`expected best or median, found "${v}"`);
}

const show = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '-');

/** The generations, the posterior and the fit, as tables. */
function tables(r: CalibrationResult): string {
  const gens = table(
    ['generation', 'tolerance', 'proposed', 'accepted', 'acceptance', 'ESS'],
    r.generations.map((g) => [String(g.generation), Number.isFinite(g.epsilon) ? show(g.epsilon) : 'none', int(g.proposed), int(g.accepted), `${(100 * g.acceptance).toFixed(0)} %`, int(g.ess)]),
  );
  const p = r.posterior!;
  const posterior = table(
    ['field', 'median', '5 %', '95 %', 'mean', 'best particle'],
    p.parameters.map((x) => [x.field, show(x.median), show(x.q05), show(x.q95), show(x.mean), show(x.best)]),
  );
  const fit = table(
    ['target', 'observed', '+-', 'best', 'error', 'median', '5 %', '95 %'],
    p.fit.map((f) => [f.name, show(f.observed), show(f.uncertainty), show(f.best), show(f.bestError), show(f.median), show(f.q05), show(f.q95)]),
  );
  return `${gens}\n\nPosterior (weighted by the last generation's particles; 5 % and 95 % bound the 90 % interval):\n${posterior}\n\nFit per target (error: |best - observed| / uncertainty; median and interval over the particles):\n${fit}`;
}
