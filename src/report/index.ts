import { writeFileSync, renameSync, existsSync, rmSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { validateScenario } from '../load/scenario.ts';
import { inputError, InputError } from '../scenario/errors.ts';
import { queryRun, assertCityRun } from '../store/read-run.ts';
import { fromRows } from '../measure/series.ts';
import { RUN_FILE, INCOMPLETE_PREFIX, trackPending, untrackPending } from '../store/run-dir.ts';
import { checkOutFile, ensureDir, reasonOf } from '../store/out-dir.ts';
import { holdForTest } from '../store/test-hold.ts';
import { COMPARISON_FILE } from '../store/write-comparison.ts';
import { SENSITIVITY_FILE } from '../store/sensitivity-file.ts';
// the charts (Observable Plot, linkedom) are loaded by the functions that draw them: the CLI starts faster
import type { EffectRow } from './compare-report.ts';

const REPORT_FILE = 'report.html';

/**
 * Write the self-contained HTML report of a run, a comparison or a sensitivity analysis directory (default:
 * `<dir>/report.html`), through a temporary file renamed when complete. Returns its path.
 */
export async function writeReport(dir: string, out?: string): Promise<string> {
  const target = out === undefined ? join(dir, REPORT_FILE) : checkOutFile(out, '--out'); // checked before the report is drawn
  const html = existsSync(join(dir, RUN_FILE))
    ? await runHtml(dir)
    : existsSync(join(dir, COMPARISON_FILE))
      ? await comparisonHtml(dir)
      : existsSync(join(dir, SENSITIVITY_FILE))
        ? await (await import('./sensitivity-report.ts')).sensitivityHtml(dir)
        : undefined;
  if (html === undefined) throw inputError(`${dir} holds neither a run, a comparison nor a sensitivity analysis`);
  ensureDir(dirname(target), '--out');
  // a hidden file beside the target, renamed over it when whole; `credence runs --clean` knows the name
  const partial = join(dirname(target), `${INCOMPLETE_PREFIX}${basename(target)}.pid${process.pid}.partial`);
  trackPending(partial);
  try {
    writeFileSync(partial, html);
    await holdForTest('report-write');
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error instanceof InputError || !(error as NodeJS.ErrnoException).code ? error : inputError(`cannot write ${target}: ${reasonOf(error)}`, { path: out === undefined ? undefined : '--out' });
  } finally {
    untrackPending(partial);
  }
  return target;
}

async function runHtml(dir: string): Promise<string> {
  const { runReport } = await import('./run-report.ts');
  await assertCityRun(dir, 'the report');
  const [run] = await queryRun(dir, 'SELECT * FROM run');
  const rows = (await queryRun(dir, 'SELECT day, metric, value FROM metrics')) as { day: number; metric: string; value: number | null }[];
  return runReport({
    id: String(run.id),
    scenario: validateScenario(JSON.parse(String(run.scenario_resolved)), "the run's stored scenario"),
    yaml: String(run.scenario_yaml),
    provenance: {
      run: String(run.id),
      scenario: String(run.scenario),
      'scenario hash': String(run.scenario_hash),
      overrides: String(run.overrides),
      seed: Number(run.seed),
      days: Number(run.days),
      citizens: Number(run.citizens),
      'model version': String(run.model_version),
      'random streams': String(run.random_algorithm),
      'started at': String(run.started_at),
    },
    metrics: fromRows(rows),
  });
}

async function comparisonHtml(dir: string): Promise<string> {
  const { compareReport } = await import('./compare-report.ts');
  const file = join(dir, COMPARISON_FILE);
  const q = (sql: string) => queryRun(dir, sql, file);
  const [meta] = await q('SELECT * FROM comparison');
  const arms = await q('SELECT * FROM arms ORDER BY arm');
  const effects = (
    await q(
      'SELECT metric, unit, n, mean_a AS "meanA", mean_b AS "meanB", diff, ci_low AS "ciLow", ci_high AS "ciHigh", effect_size AS "effectSize", variance_reduction AS "varianceReduction" FROM effects',
    )
  ).map((e) => ({ ...e, n: Number(e.n) })) as unknown as EffectRow[];
  const replications = (await q('SELECT metric, arm, replication, value FROM replications')) as { metric: string; arm: string; replication: number; value: number }[];
  const arm = (i: number) => ({ name: String(arms[i].scenario), yaml: String(arms[i].scenario_yaml), overrides: String(arms[i].overrides) });
  return compareReport({
    id: String(meta.id),
    a: arm(0),
    b: arm(1),
    provenance: {
      comparison: String(meta.id),
      'A hash': String(arms[0].scenario_hash),
      'B hash': String(arms[1].scenario_hash),
      replications: Number(meta.replications),
      seeds: String(meta.seeds),
      days: Number(meta.days),
      citizens: Number(meta.citizens),
      'model version': String(meta.model_version),
      'random streams': String(meta.random_algorithm),
    },
    effects,
    replications,
  });
}
