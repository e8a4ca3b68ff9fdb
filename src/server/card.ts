import { citizenName } from './names.ts';
import type { CardGate, CardScorer, CitizenCard, GateReason } from './view-types.ts';
import { explainRun, readAppeals, readRun } from '../index.ts';
import type { RunExplanation, Scenario } from '../index.ts';

/** Changes no appeal can reverse: peer ratings, reversals themselves, and the drift to the end of the run. */
const NOT_PENALTIES = new Set(['appeal', 'peer_rating', 'end of run']);

const words = (id: string) => id.replace(/[_-]+/g, ' ');

/**
 * A citizen's card: their explanation (the run replayed with them watched) put in the scenario's
 * words: every scorer, list and gate by its label, the tiers with their bounds, each gate's
 * reasons as conditions, the days whose penalties can still be appealed, and the appeals filed.
 */
export async function citizenCard(dir: string, id: number, whatif: string | null = null): Promise<CitizenCard> {
  const [why, stored] = await Promise.all([explainRun(dir, 'citizens', id), readRun(dir)]);
  const scenario = stored.scenario as Scenario;
  const appeals = readAppeals(dir);
  const scorers = why.scorers.map((s): CardScorer => {
    const spec = scenario.scorers.find((x) => x.id === s.scorer);
    return {
      id: s.scorer,
      label: s.label ?? spec?.label ?? words(s.scorer),
      transparency: s.transparency,
      aggregation: spec?.aggregation ?? 'points',
      scored: s.scored,
      start: s.start,
      score: s.score,
      tier: s.tier,
      min: spec?.min ?? 0,
      max: spec?.max ?? 1,
      tiers: (spec?.tiers ?? []).map((t) => ({ name: t.name, min: t.min })),
      lines: s.history.map((l) => ({
        day: l.day,
        event: l.event,
        source: l.observedBy,
        rule: l.rule,
        drift: l.drift,
        delta: l.delta,
        score: l.score,
        wrongful: l.wrongful,
        why: l.why,
        actor: l.actor,
      })),
    };
  });
  const appealed = new Set(appeals.requests.filter((r) => r.citizen === id).map((r) => r.day));
  const lastAppealable = stored.days - 2 - scenario.appeals.delayDays;
  const appealable = new Set<number>();
  for (const s of scorers) {
    if (s.aggregation === 'ratings') continue;
    for (const l of s.lines) if (l.delta < 0 && !NOT_PENALTIES.has(l.event) && l.day <= lastAppealable && !appealed.has(l.day)) appealable.add(l.day);
  }
  const a = why.about;
  return {
    run: why.run,
    id,
    name: citizenName(id),
    days: stored.days,
    scenario: scenario.name,
    about: {
      age: Number(a.age),
      sex: a.sex === 'female' ? 'female' : 'male',
      group: String(a.group),
      occupation: String(a.occupation),
      employed: a.employed === true,
      income: Number(a.income),
      savings: Number(a.savings),
      arrears: Number(a.arrears),
      district: Number(a.homeDistrict),
      stress: Number(a.stress),
      inRunSince: Number(a.inTheRunSinceDay),
      loanInterest: Number(a.loanInterest),
      insurancePremium: Number(a.insurancePremium),
      childrenInWorseSchool: Number(a.childrenInWorseSchool),
      schooledWorse: a.schooledWorse === true,
    },
    scorers,
    lists: why.lists.map((l) => ({ id: l.list, label: scenario.lists.find((x) => x.id === l.list)?.label ?? words(l.list), listed: l.listed, since: l.since, history: l.history })),
    gates: gates(why, scenario),
    screens: { enabled: scenario.screens.enabled, fee: scenario.screens.fee, spells: why.screens },
    appealable: [...appealable].sort((x, y) => x - y),
    appeals: { from: appeals.from, outcomes: appeals.outcomes.filter((o) => o.citizen === id).map(({ citizen: _c, ...o }) => o) },
    verified: why.verified,
    whatif,
  };
}

/** Each gate in words: its label, and why it lets the citizen through or not, one condition at a time. */
function gates(why: RunExplanation, scenario: Scenario): CardGate[] {
  const tierOf = new Map(why.scorers.map((s) => [s.scorer, s]));
  return why.gates.map((g): CardGate => {
    const spec = scenario.gates.find((x) => x.id === g.gate);
    const parts = g.because.split('; ');
    const reasons: GateReason[] = [];
    if (spec?.notListed) {
      const list = scenario.lists.find((l) => l.id === spec.notListed);
      const said = parts.shift() ?? '';
      reasons.push({ kind: 'list', list: list?.label ?? words(spec.notListed), on: !said.startsWith('not on'), company: list?.subjects === 'companies' });
    }
    if (spec?.scorer) {
      const sc = scenario.scorers.find((x) => x.id === spec.scorer);
      const label = sc?.label ?? words(spec.scorer);
      const s = tierOf.get(spec.scorer);
      if (!s?.scored) reasons.push({ kind: 'unscored', scorer: label, grants: spec.unscored === 'grant' });
      else {
        const names = sc?.tiers.map((t) => t.name) ?? [];
        const atLeast = spec.atLeast ?? names.at(-1) ?? '';
        reasons.push({ kind: 'tier', scorer: label, tier: s.tier, atLeast, below: names.indexOf(s.tier) > names.indexOf(atLeast) });
      }
    }
    return {
      id: g.gate,
      label: spec?.label ?? words(g.gate),
      effect: spec?.effect ?? 'deny',
      status: g.status,
      reasons,
      attempts: g.attempts,
      denied: g.denied,
      conditional: spec?.when !== undefined,
    };
  });
}
