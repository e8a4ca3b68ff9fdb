import { citizenName } from './names.ts';
import { storedScreen } from './snapshot.ts';
import { audit, runNumbers, runTotals, wrongfulCells } from './run-numbers.ts';
import type { StoryView } from './view-types.ts';
import { listRuns, parseScenario, queryRun, readRun } from '../index.ts';
import type { LoadedScenario, Scenario } from '../index.ts';

type StoredRun = Awaited<ReturnType<typeof readRun>>;

const words = (id: string) => id.replace(/[_-]+/g, ' ');

/** The name of a run's counterfactual: the same city, seed and size, with no system. */
const withoutName = (name: string) => `${name.slice(0, 53)}-no-system`;

/** Whether a scenario has any part of a system: a scorer, a list, a gate, or public screens. */
const hasSystem = (s: Scenario) => s.scorers.length > 0 || s.lists.length > 0 || s.gates.length > 0 || s.screens.enabled;

/**
 * What the story mode tells of a stored run, all read from it: the city, the system, the numbers
 * of the wrongly blamed, the chilled and the shamed, the fairness audit, a citizen whose year is
 * worth telling, and, when it was run, the same city without the system.
 */
export async function runStory(dir: string, runsDir: string): Promise<StoryView> {
  const stored = await readRun(dir);
  const scenario = stored.scenario as Scenario;
  const numbers = await runNumbers(dir);
  const groups = scenario.population.groups.map((g) => g.name);
  const [city] = await queryRun(dir, 'SELECT count(*) AS districts, sum(camerasPerThousand * residents) / sum(residents) AS cameras FROM districts');
  const weeks = await queryRun(
    dir,
    `SELECT day // 7 AS week,
       sum(value) FILTER (WHERE metric = 'acts.dissent_post') AS dissent,
       sum(value) FILTER (WHERE metric = 'acts.spontaneous_act') AS spontaneous,
       avg(value) FILTER (WHERE metric = 'perceived_risk.censor') AS risk
     FROM metrics WHERE metric IN ('acts.dissent_post', 'acts.spontaneous_act', 'perceived_risk.censor') GROUP BY 1 ORDER BY 1`,
  );
  const screen = await storedScreen(dir);
  const without = hasSystem(scenario) ? await counterfactual(runsDir, scenario.name, stored) : null;
  return {
    run: stored.id,
    scenario: { name: scenario.name, description: scenario.description },
    citizens: stored.citizens,
    days: stored.days,
    seed: stored.seed,
    districts: Number(city.districts),
    camerasPerThousand: Number(city.cameras ?? 0),
    cities: scenario.city.cities.map((c) => c.label ?? c.name),
    scorers: scenario.scorers
      .filter((s) => s.subjects === 'citizens')
      .map((s) => ({
        id: s.id,
        label: s.label ?? words(s.id),
        transparency: s.transparency,
        base: s.aggregation === 'dimensions' ? null : (s.base ?? s.min),
        tiers: s.tiers.map((t) => ({ name: t.name, min: t.min })),
      })),
    lists: scenario.lists.filter((l) => l.subjects === 'citizens').map((l) => ({ id: l.id, label: l.label ?? words(l.id) })),
    gates: scenario.gates.map((g) => ({ id: g.id, label: g.label ?? words(g.id), effect: g.effect })),
    screens: { enabled: scenario.screens.enabled, fee: scenario.screens.fee, displayDays: scenario.screens.displayDays },
    totals: runTotals(numbers),
    wrongful: wrongfulCells(numbers, groups),
    weeks: weeks.map((w) => ({ week: Number(w.week), dissent: Number(w.dissent ?? 0), spontaneous: Number(w.spontaneous ?? 0), censorRisk: Number(w.risk ?? 0) })),
    audit: audit(numbers, scenario),
    protagonist: await protagonist(dir, scenario),
    faces: screen.faces.slice(0, 12),
    without,
  };
}

/**
 * The citizen whose year the story tells: the one the system blamed wrongly most often (the
 * lowest score first among equals), else the lowest scored, else the first citizen.
 */
async function protagonist(dir: string, scenario: Scenario): Promise<StoryView['protagonist']> {
  const scorer = scenario.scorers.find((s) => s.subjects === 'citizens');
  const col = scorer ? `"score_${scorer.id.replace(/"/g, '""')}"` : null;
  const order = col ? `${col} ASC NULLS LAST, id` : 'id';
  const [wronged] = await queryRun(dir, `SELECT id, wrongfulPenalties AS n FROM citizens WHERE wrongfulPenalties > 0 ORDER BY wrongfulPenalties DESC, ${order} LIMIT 1`);
  if (wronged) return { id: Number(wronged.id), name: citizenName(Number(wronged.id)), why: 'wronged' };
  if (col) {
    const [lowest] = await queryRun(dir, `SELECT id FROM citizens WHERE ${col} IS NOT NULL ORDER BY ${order} LIMIT 1`);
    if (lowest) return { id: Number(lowest.id), name: citizenName(Number(lowest.id)), why: 'lowest' };
  }
  return { id: 0, name: citizenName(0), why: 'first' };
}

/** The newest stored run of the same city, seed and size without the system, with its totals. */
async function counterfactual(runsDir: string, name: string, stored: { seed: number; days: number; citizens: number }): Promise<StoryView['without']> {
  const match = listRuns(runsDir).find((r) => r.scenario === withoutName(name) && r.seed === stored.seed && r.days === stored.days && r.citizens === stored.citizens);
  return match ? { run: match.id, totals: runTotals(await runNumbers(match.dir)) } : null;
}

/**
 * A stored run's city with the system taken out: the same population, cameras, life and seed, with
 * no scorer, list, gate, public screen or data broker, and no scheduled change (they change the
 * system). Run with the same seed, every citizen lives the same draws (common random numbers).
 */
export function withoutSystem(stored: StoredRun): LoadedScenario {
  const s = stored.scenario as Scenario;
  const { scorer: _scorer, ...broker } = s.broker;
  const plain = {
    ...s,
    name: withoutName(s.name),
    description: `${s.name}'s city with no system: no scores, lists, gates, public screens or data broker (the control for the story mode).`,
    seed: stored.seed,
    days: stored.days,
    scorers: [],
    lists: [],
    gates: [],
    screens: { ...s.screens, enabled: false },
    broker,
    schedule: [],
    output: { ...s.output, watch: [], watchCompanies: [] },
  };
  return parseScenario(JSON.stringify(plain), `${stored.id}-no-system.yaml`);
}
