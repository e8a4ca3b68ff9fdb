import { inputError } from '../scenario/errors.ts';
import { validateScenario } from '../load/scenario.ts';
import { startSimulation, type Progress } from '../engine/simulate.ts';
import { stepToEnd } from './step.ts';
import { explainSubject, type Explanation } from '../measure/explanation.ts';
import { readRun, queryRun } from '../store/read-run.ts';
import { VERSION } from '../core/version.ts';
import type { SubjectKind } from '../core/events.ts';
import { manualAppeals } from './manual-appeals.ts';
import { readAppeals } from '../store/appeals-file.ts';

export interface RunExplanation extends Explanation {
  run: string;
  /** the replay ended where the stored run did, for every score of this subject */
  verified: boolean;
}

/**
 * Explain any citizen or company of a stored run, line by line. The run is replayed
 * deterministically from its stored scenario and seed with that subject watched, so it works
 * for everyone, not only for those whose events were stored; a run re-run with appeals filed for
 * citizens (its APPEALS_FILE) is replayed with the same appeals. The replay is checked against the
 * stored final scores.
 * @example const why = await explainRun('runs/2026...', 'citizens', 42);
 */
export async function explainRun(runDir: string, kind: SubjectKind, id: number, options: { onProgress?: (p: Progress) => void; shouldStop?: () => boolean } = {}): Promise<RunExplanation> {
  const stored = await readRun(runDir);
  const scenario = validateScenario(stored.scenario, `the run's stored scenario (made by Credence ${stored.modelVersion}; this is ${VERSION})`);
  const count = kind === 'citizens' ? stored.citizens : (await queryRun(runDir, 'SELECT count(*) AS n FROM companies')).map((r) => Number(r.n))[0];
  if (!Number.isInteger(id) || id < 0 || id >= count) throw inputError(`no ${kind === 'citizens' ? 'citizen' : 'company'} ${id} in run ${stored.id}: ids go from 0 to ${count - 1}`);
  scenario.output = { ...scenario.output, sampleRate: 0, watch: kind === 'citizens' ? [id] : [], watchCompanies: kind === 'companies' ? [id] : [] };
  const { requests } = readAppeals(runDir);
  const interventions = requests.length ? [manualAppeals(requests)] : undefined;
  const sim = startSimulation(scenario, { seed: stored.seed, days: stored.days, onProgress: options.onProgress, interventions });
  await stepToEnd(sim, { shouldStop: options.shouldStop, what: 'replay' });
  const explanation = explainSubject(sim.result(), kind, id);
  const table = kind === 'citizens' ? 'citizens' : 'companies';
  const [row] = await queryRun(runDir, `SELECT * FROM ${table} WHERE id = ${id}`);
  const verified = explanation.scorers.every((s) => {
    const stored = row[`score_${s.scorer}`];
    return stored === null ? !s.scored : Math.abs(Number(stored) - s.score) < 1e-3;
  });
  return { ...explanation, run: stored.id, verified };
}
