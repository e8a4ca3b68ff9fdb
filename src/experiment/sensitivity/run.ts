import { writeFileSync, renameSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { parseYaml } from '../../load/yaml.ts';
import { loadScenario } from '../../load/scenario.ts';
import { defaultRunsDir, ownerText, SWEEP_PENDING_FILE } from '../../store/run-dir.ts';
import { checkOutDir, ensureDir } from '../../store/out-dir.ts';
import { sensitivitySchema } from '../../scenario/sensitivity-schema.ts';
import { openSensitivityFile, readMeasureValues, writeFindings } from '../../store/sensitivity-file.ts';
import { writeReport } from '../../report/index.ts';
import { VERSION } from '../../core/version.ts';
import { openExecutor } from '../executor/open.ts';
import { runMissing, type ExperimentOptions } from '../jobs.ts';
import { measureName, windowsOf } from '../factors.ts';
import { baseScenario, readSweepFile } from '../sweep.ts';
import { sensitivityDesign, pointValues } from './design.ts';
import { analyseSensitivity, type SensitivityAnalysis } from './analyse.ts';
import { checkSensitivity } from './check.ts';

export type SensitivityOptions = ExperimentOptions;

export interface SensitivityResult {
  dir: string;
  method: 'morris' | 'sobol';
  factors: number;
  points: number;
  replications: number;
  /** runs computed now, and runs found done from an earlier, interrupted analysis */
  computed: number;
  skipped: number;
  stopped: boolean;
  /** the indices and the noise, once every run is done */
  analysis?: SensitivityAnalysis;
  /** the HTML report, once every run is done */
  report?: string;
}

/**
 * Run a global sensitivity analysis: the design's points (Morris trajectories, or Saltelli's
 * matrices from a Sobol sequence) over the file's factors, each run `replications` times with the
 * same seeds at every point (common random numbers), into `<runs>/sensitivity-<name>/`. Every
 * finished run is committed at once, so a stopped analysis resumes where it was. When every run is
 * done: the indices of each measure with bootstrap intervals, the model's noise beside them
 * (tables indices and noise), and report.html.
 * @example await runSensitivity('sensitivity/assumptions.yaml')
 */
export async function runSensitivity(file: string, options: SensitivityOptions = {}): Promise<SensitivityResult> {
  const source = readSweepFile(file, 'sensitivity');
  const s = parseYaml(sensitivitySchema, source, file, {}, 'sensitivity fields', (value) => checkSensitivity(value, file));
  const base = baseScenario(s.scenario, file);
  const design = sensitivityDesign(s);
  const fixed = { ...s.set, 'output.sampleRate': 0 };
  const values = Array.from({ length: design.points }, (_, p) => pointValues(s, design, p));
  // every point is built before anything runs (its values are checked against the schema)
  const scenarios = values.map((v) => loadScenario(base, { ...fixed, ...v }).scenario);
  const measures = s.measures.map(measureName);
  const hash = createHash('sha256').update(source).update(VERSION).digest('hex');
  const executor = options.executor ?? (await openExecutor({ workers: options.workers ?? s.workers, redis: options.redis })); // a bad --workers or an unreachable Redis is refused before anything is written
  try {
    const runsDir = checkOutDir(options.runsDir ?? defaultRunsDir(), '--out');
    const dir = join(runsDir, `sensitivity-${basename(file).replace(/\.ya?ml$/, '')}`);
    ensureDir(dir, '--out');
    // until every run is done and the indices are written the directory says so: `credence runs` lists it as interrupted
    const pendingFile = join(dir, SWEEP_PENDING_FILE);
    writeFileSync(`${pendingFile}.tmp`, ownerText());
    renameSync(`${pendingFile}.tmp`, pendingFile);
    const R = s.replications;
    const results = await openSensitivityFile(dir, {
      sensitivity: s,
      source,
      hash,
      base: loadScenario(base, fixed).scenario,
      points: values.map((v, p) => ({ values: v, ...design.roles[p] })),
      measures,
    });
    let closed = false;
    const close = () => {
      if (!closed) results.close();
      closed = true;
    };
    try {
      const { total, computed, skipped, stopped } = await runMissing(executor, results, { hash, scenarios, replications: R, seed: s.seed, windows: windowsOf(s.measures) }, options);
      const summary = { dir, method: s.method, factors: design.factors, points: design.points, replications: R, computed, skipped };
      if (stopped || skipped + computed < total) return { ...summary, stopped: true };
      const runs = (await readMeasureValues(results.db, measures, design.points, R)).map((v) => ({ values: v, points: design.points, replications: R }));
      const analysis = analyseSensitivity(s, design, runs);
      await writeFindings(results.db, analysis.indices, analysis.noise);
      close(); // the report reads the file
      const report = await writeReport(dir);
      rmSync(pendingFile, { force: true });
      return { ...summary, stopped: false, analysis, report };
    } finally {
      close();
    }
  } finally {
    if (!options.executor) await executor.close();
  }
}
