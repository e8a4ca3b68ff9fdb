import { stringify } from 'yaml';
import { parseScenario, type LoadedScenario } from '../load/scenario.ts';
import { readRun } from '../store/read-run.ts';
import { inputError } from '../scenario/errors.ts';
import { manualAppeals, type ManualAppeal } from './manual-appeals.ts';
import { readAppeals, writeAppeals, type StoredAppeals } from '../store/appeals-file.ts';
import { runScenario, type CompletedRun, type RunOptions } from './run.ts';

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
export async function runAppeal(plan: AppealPlan, options: Omit<RunOptions, 'interventions'> = {}): Promise<CompletedRun & { appeals: StoredAppeals }> {
  const manual = manualAppeals(plan.requests);
  const run = await runScenario(plan.loaded, { ...options, interventions: [manual] });
  const appeals: StoredAppeals = { from: plan.from, requests: plan.requests, outcomes: manual.outcomes };
  writeAppeals(run.dir, appeals);
  return { ...run, appeals };
}

/**
 * Appeal penalties of a stored run for citizens: the run is re-run from its scenario and seed with
 * the appeals filed (and those it was re-run with before), decided by the judge like the
 * citizens' own, and stored as a new run; `credence explain` and the dashboard replay it with them.
 * @example const { id, appeals } = await appealRun('runs/2026...', [{ citizen: 7, day: 12 }]);
 */
export async function appealRun(runDir: string, requests: readonly ManualAppeal[], options: Omit<RunOptions, 'interventions'> = {}) {
  return runAppeal(await planAppeal(runDir, requests), options);
}
