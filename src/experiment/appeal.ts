import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseScenario, type LoadedScenario } from '../load/scenario.ts';
import { readRun } from '../store/read-run.ts';
import { inputError } from '../scenario/errors.ts';
import { manualAppeals, type ManualAppeal, type ManualAppealOutcome } from './manual-appeals.ts';
import { runScenario, type CompletedRun, type RunOptions } from './run.ts';

/** The file a run re-run with appeals filed for citizens keeps them in: what was filed, for whom, and what became of it. */
export const APPEALS_FILE = 'appeals.json';

/** What APPEALS_FILE holds. */
export interface StoredAppeals {
  /** the run that was re-run */
  from: string | null;
  requests: ManualAppeal[];
  outcomes: ManualAppealOutcome[];
}

/** The appeals a stored run was re-run with, or none (a run never re-run with appeals). */
export function readAppeals(runDir: string): StoredAppeals {
  const file = join(runDir, APPEALS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredAppeals) : { from: null, requests: [], outcomes: [] };
}

/** A re-run with appeals, checked and ready to go: the stored run's scenario and seed, and every appeal it will file. */
export interface AppealPlan {
  from: string;
  loaded: LoadedScenario;
  /** the appeals the stored run was itself re-run with, then the new ones */
  requests: ManualAppeal[];
}

/**
 * Check appeals against a stored run, and plan its re-run with them: each must name a citizen of
 * the run, and be decided before the run's last day. The stored run's own appeals (if it was
 * itself a re-run with appeals) are kept, so appeals add up.
 */
export async function planAppeal(runDir: string, requests: readonly ManualAppeal[]): Promise<AppealPlan> {
  const stored = await readRun(runDir);
  const scenario = stored.scenario as { name: string; appeals: { delayDays: number } };
  for (const r of requests) {
    if (!Number.isInteger(r.citizen) || r.citizen < 0 || r.citizen >= stored.citizens) throw inputError(`citizen: ids go from 0 to ${stored.citizens - 1}`);
    const decided = r.day + 1 + scenario.appeals.delayDays;
    if (!Number.isInteger(r.day) || r.day < 0 || decided >= stored.days) {
      throw inputError(
        `day: an appeal of day ${r.day} is filed on day ${r.day + 1} and decided on day ${decided}, after the run's last day (${stored.days - 1}); appeal an earlier penalty, or run longer or with a shorter appeals.delayDays`,
      );
    }
  }
  const source = `# ${stored.id} re-run with appeals filed for citizens\n${stringify({ ...scenario, seed: stored.seed, days: stored.days })}`;
  const loaded = parseScenario(source, `${stored.id}-appealed.yaml`);
  return { from: stored.id, loaded, requests: [...readAppeals(runDir).requests, ...requests] };
}

/** Run a planned re-run with appeals and store it, with what became of them in APPEALS_FILE. */
export async function runAppeal(plan: AppealPlan, options: Omit<RunOptions, 'manualAppeals'> = {}): Promise<CompletedRun & { appeals: StoredAppeals }> {
  const manual = manualAppeals(plan.requests);
  const run = await runScenario(plan.loaded, { ...options, manualAppeals: manual });
  const appeals: StoredAppeals = { from: plan.from, requests: plan.requests, outcomes: manual.outcomes };
  writeFileSync(join(run.dir, APPEALS_FILE), JSON.stringify(appeals, null, 2));
  return { ...run, appeals };
}

/**
 * Appeal penalties of a stored run for citizens: the run is re-run from its scenario and seed with
 * the appeals filed (and those it was re-run with before), decided by the judge like the
 * citizens' own, and stored as a new run; `credence explain` and the dashboard replay it with them.
 * @example const { id, appeals } = await appealRun('runs/2026...', [{ citizen: 7, day: 12 }]);
 */
export async function appealRun(runDir: string, requests: readonly ManualAppeal[], options: Omit<RunOptions, 'manualAppeals'> = {}) {
  return runAppeal(await planAppeal(runDir, requests), options);
}
