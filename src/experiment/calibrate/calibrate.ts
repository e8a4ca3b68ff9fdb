import { basename, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../../load/scenario.ts';
import { parseYaml } from '../../load/yaml.ts';
import { SCENARIO_DIR } from '../../load/scenario-files.ts';
import { calibrationSchema, type Calibration } from '../../scenario/calibration-schema.ts';
import { InputError } from '../../scenario/errors.ts';
import { defaultRunsDir, ownerText, SWEEP_PENDING_FILE } from '../../store/run-dir.ts';
import { checkOutDir, ensureDir } from '../../store/out-dir.ts';
import { CALIBRATION_FILE, openCalibrationFile } from '../../store/calibration-file.ts';
import { writeCalibratedScenario } from '../../store/calibrated-scenario.ts';
import { VERSION } from '../../core/version.ts';
import { openExecutor } from '../executor/open.ts';
import type { Executor } from '../executor/job.ts';
import { baseScenario, readSweepFile } from '../sweep.ts';
import { measureName } from '../factors.ts';
import { checkCalibration } from './check.ts';
import { priorOf } from './prior.ts';
import { abcSmc, tolerance, type Generation } from './smc.ts';
import { calibrationRuns, type RunCounts } from './runs.ts';
import { summarisePosterior, type Posterior } from './posterior.ts';
import { targetName } from './distance.ts';

export interface CalibrationProgress {
  /** the generation being filled, from 0 */
  generation: number;
  generations: number;
  /** its tolerance (Infinity for generation 0) */
  epsilon: number;
  /** runs done (computed now or found done), and an estimate of the runs in all */
  done: number;
  expected: number;
  computed: number;
  elapsedMs: number;
}

export interface CalibrationOptions {
  runsDir?: string;
  workers?: number;
  /** the runs go on this Redis's queue, for `credence worker` processes on any machine, instead of threads here */
  redis?: string;
  /** where the runs run, when the caller holds one open (then `workers` and `redis` are not read) */
  executor?: Executor;
  /** where to write the calibrated scenario (default: calibrated.yaml in the calibration's directory) */
  scenarioOut?: string;
  /**
   * which values it gets: the best particle's (the default: the parameter set closest to the
   * targets), or each field's posterior median (steadier when one run's noise is large, though
   * medians taken field by field need not fit together); either can be written again at no cost
   */
  values?: 'best' | 'median';
  onProgress?: (p: CalibrationProgress) => void;
  /** checked after each finished run: true stops the calibration (finished runs are kept: run it again to resume) */
  shouldStop?: () => boolean;
  signal?: AbortSignal;
}

/** A generation as reported: its tolerance, proposals, accepted particles, acceptance and effective sample size. */
export interface GenerationSummary {
  generation: number;
  epsilon: number;
  proposed: number;
  accepted: number;
  acceptance: number;
  ess: number;
}

export interface CalibrationResult {
  dir: string;
  calibration: Calibration;
  generations: GenerationSummary[];
  /** every generation done, one that could not fill its particles, or stopped (then no posterior: run it again to resume) */
  ended: 'generations' | 'acceptance' | 'stopped';
  posterior?: Posterior;
  /** the calibrated scenario written */
  scenarioFile?: string;
  runs: RunCounts;
  elapsedMs: number;
}

/**
 * Calibrate a scenario's fields to observed targets by ABC-SMC: `particles` parameter sets per
 * generation, each generation's tolerance the `quantile` of the previous one's distances, every
 * run through the executor (threads here, or a Redis queue), committed to
 * `<runs>/calibration-<name>/calibration.duckdb` as it finishes, so a stopped calibration resumes
 * where it was. Ends with the posterior (weighted mean, median and 90 % interval per field), the
 * fit per target, and a scenario written with the best particle's values.
 * @example const { posterior } = await runCalibration('calibration/as-implemented.yaml');
 */
export async function runCalibration(file: string, options: CalibrationOptions = {}): Promise<CalibrationResult> {
  const t0 = performance.now();
  const source = readSweepFile(file, 'calibration');
  let base = '';
  const calibration = parseYaml(calibrationSchema, source, file, {}, 'calibration fields', (c) => {
    try {
      base = baseScenario(c.scenario, file);
    } catch (error) {
      if (error instanceof InputError) return [{ path: ['scenario'], message: error.issues[0].message }];
      throw error;
    }
    return checkCalibration(c, base);
  });
  // the file, the scenario's own text (and its bases'), and the model: a change to any is another calibration
  const hash = createHash('sha256').update(source).update(loadScenario(base).hash).update(VERSION).digest('hex');
  const executor = options.executor ?? (await openExecutor({ workers: options.workers ?? calibration.workers, redis: options.redis }));
  try {
    return await calibrateOn(executor, file, { calibration, source, base, hash, t0 }, options);
  } finally {
    if (!options.executor) await executor.close();
  }
}

async function calibrateOn(
  executor: Executor,
  file: string,
  { calibration: c, source, base, hash, t0 }: { calibration: Calibration; source: string; base: string; hash: string; t0: number },
  options: CalibrationOptions,
): Promise<CalibrationResult> {
  const runsDir = checkOutDir(options.runsDir ?? defaultRunsDir(), '--out');
  const dir = join(runsDir, `calibration-${basename(file).replace(/\.ya?ml$/, '')}`);
  ensureDir(dir, '--out');
  // until the posterior is written the directory says so (and who is at it): `credence runs` lists it as interrupted
  const pendingFile = join(dir, SWEEP_PENDING_FILE);
  writeFileSync(`${pendingFile}.tmp`, ownerText());
  renameSync(`${pendingFile}.tmp`, pendingFile);
  const metrics = c.targets.flatMap((t) => [measureName(t), ...(t.per ? [measureName(t.per)] : [])]);
  const store = await openCalibrationFile(dir, { calibration: c, source, hash, targetNames: c.targets.map(targetName) }, metrics);
  try {
    const priors = c.priors.map(priorOf);
    const generations: Generation[] = [];
    let current = { generation: 0, epsilon: Infinity };
    // runs a generation to come will take: as many as the last one's acceptance asks (generation 0 accepts all: the quantile's share then)
    const perGeneration = () => {
      const last = generations.at(-1);
      return Math.ceil(c.particles / (last && last.generation > 0 ? last.acceptance : c.quantile)) * c.replications;
    };
    const { simulate, counts } = calibrationRuns({
      calibration: c,
      base,
      hash,
      priors,
      executor,
      store,
      shouldStop: options.shouldStop,
      signal: options.signal,
      onRun: (n, left) => {
        const done = n.computed + n.reused;
        const expected = done + left + Math.max(0, c.generations - 1 - current.generation) * perGeneration();
        options.onProgress?.({ ...current, generations: c.generations, done, expected, computed: n.computed, elapsedMs: performance.now() - t0 });
      },
    });
    const settings = { particles: c.particles, generations: c.generations, quantile: c.quantile, minAcceptance: c.minAcceptance, kernel: c.kernel, seed: c.seed };
    const result = await abcSmc(
      priors,
      settings,
      (batch) => {
        const previous = generations.at(-1);
        current = { generation: batch[0].generation, epsilon: previous ? tolerance(previous, c.quantile) : Infinity };
        return simulate(batch);
      },
      async (g) => {
        generations.push(g);
        await store.writeGeneration({
          ...g,
          particles: g.particles.map((p) => ({ proposal: p.index, distance: p.distance, weight: p.weight, values: priors.map((q, d) => q.value(p.point[d])), simulated: p.values })),
        });
      },
    );
    const summaries = result.generations.map((g) => ({ generation: g.generation, epsilon: g.epsilon, proposed: g.proposed, accepted: g.particles.length, acceptance: g.acceptance, ess: g.ess }));
    const elapsedMs = () => performance.now() - t0;
    if (result.ended === 'stopped') return { dir, calibration: c, generations: summaries, ended: 'stopped', runs: counts, elapsedMs: elapsedMs() };
    const last = result.generations.at(-1)!;
    const posterior = summarisePosterior(last, priors, c.targets);
    await store.writePosterior({ ended: result.ended, elapsedMs: counts.computed > 0 ? elapsedMs() : undefined, parameters: posterior.parameters, fit: posterior.fit });
    const scenarioFile = options.scenarioOut ?? join(dir, 'calibrated.yaml');
    writeCalibratedScenario(scenarioFile, calibratedScenario(file, base, c, last, posterior, dir, options.values ?? 'best'));
    rmSync(pendingFile, { force: true });
    return { dir, calibration: c, generations: summaries, ended: result.ended, posterior, scenarioFile, runs: counts, elapsedMs: elapsedMs() };
  } finally {
    store.close();
  }
}

/** The calibrated scenario: the base with the best particle's values (or the posterior medians), and a header that says where they came from. */
function calibratedScenario(file: string, base: string, c: Calibration, last: Generation, posterior: Posterior, dir: string, which: 'best' | 'median') {
  const { scenario } = loadScenario(base);
  const shipped = /^[a-z0-9_-]+$/.test(c.scenario) && base.startsWith(SCENARIO_DIR);
  const show = (v: number) => String(Number(v.toPrecision(4)));
  const values = Object.fromEntries(Object.entries(which === 'best' ? posterior.bestValues : posterior.medianValues).map(([k, v]) => [k, Number(v.toPrecision(6))]));
  const here = relative(process.cwd(), file) || file;
  const header = [
    `Written by \`credence calibrate ${here}${which === 'median' ? ' --values median' : ''}\` (ABC-SMC), ${new Date().toISOString().slice(0, 16)}, model ${VERSION}.`,
    which === 'best'
      ? `The fields below are the best particle of generation ${last.generation} (${last.particles.length} particles within`
      : `The fields below are the posterior medians, field by field, of generation ${last.generation} (${last.particles.length} particles within`,
    `tolerance ${show(last.epsilon)}; the best particle's distance ${show(posterior.best.distance)}, the RMS of |simulated - observed| / uncertainty over ${c.targets.length} targets).`,
    `Runs: ${
      Object.entries(c.set)
        .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
        .join(', ') || 'the scenario as it is'
    }; ${c.replications} replication${c.replications === 1 ? '' : 's'} per particle.`,
    '',
    'Posterior: weighted median [90 % interval]',
    ...posterior.parameters.map((p) => `  ${p.field}: ${show(p.median)} [${show(p.q05)}, ${show(p.q95)}]`),
    'Fit of the best particle: simulated (observed +- uncertainty)',
    ...posterior.fit.map((f) => `  ${f.name}: ${show(f.best)} (${show(f.observed)} +- ${show(f.uncertainty)})`),
    `All particles: ${join(relative(process.cwd(), dir) || dir, CALIBRATION_FILE)}`,
  ];
  return { base: shipped ? c.scenario : base, shipped, name: `${scenario.name}-calibrated`, description: `${scenario.description} Fields calibrated by ABC-SMC.`, values, header };
}
