import type { World } from '../world.ts';
import type { Measured } from './series.ts';

/** A finished simulation, as far as an explanation reads it. */
type Finished = Measured & { world: World; days: number };
import type { SubjectKind } from '../core/events.ts';
import { EVENT_TYPES, EventType } from '../core/events.ts';
import { SOURCES } from '../core/tables.ts';
import { OCCUPATIONS, incomeOf } from '../population/citizens.ts';
import { SECTORS } from '../population/companies.ts';
import { isListed } from '../consequence/index.ts';
import { RATING_RULE } from '../core/tables.ts';
import { APPEAL_RULE } from '../core/tables.ts';

/** One line of a score's history: an event that moved it (or the end of the run). */
export interface ScoreLine {
  day: number;
  /** event type, or 'end of run' for the drift after the last event */
  event: string;
  observedBy: string;
  rule: string;
  /** change since the previous line from decay and recomputed dimensions, before this event */
  drift: number;
  /** change this event made */
  delta: number;
  score: number;
  /** the event was someone else's act, or not what was recorded */
  wrongful: boolean;
  /** how the wrong came about, when wrongful */
  why?: string;
  actor: number;
}

export interface ScorerExplanation {
  scorer: string;
  label?: string;
  transparency: 'published' | 'secret';
  scored: boolean;
  start: number;
  score: number;
  tier: string;
  history: ScoreLine[];
}

export interface GateExplanation {
  gate: string;
  attempt: string;
  /** a gate that denies: granted or denied; a priority gate: privileged, or served as everyone is */
  status: 'granted' | 'denied' | 'privileged' | 'served';
  because: string;
  attempts: number;
  denied: number;
}

/** A stretch on a public screen: from the day the face went up to the last day it was shown. */
export interface ScreenSpell {
  day: number;
  /** the last day shown: the display's end, the day the fee was paid (the face comes down at the end of it), or the run's last day */
  until: number;
  district: number;
  /** the act the face was put up for */
  offence: string;
  /** the face was this citizen's, the act someone else's (a false face match) */
  wrongful: boolean;
  /** the day the fee was paid to take it down, if it was */
  feePaidOn: number | null;
}

export interface Explanation {
  kind: SubjectKind;
  id: number;
  day: number;
  about: Record<string, string | number | boolean>;
  scorers: ScorerExplanation[];
  lists: { list: string; listed: boolean; since: number | null; history: { day: number; entered: boolean }[] }[];
  gates: GateExplanation[];
  /** citizens: each time their face went up on a public screen */
  screens: ScreenSpell[];
}

const END = 'end of run';

/** How each source gets it wrong. */
const WHY: Partial<Record<(typeof SOURCES)[number], (actor: number) => string>> = {
  camera: (a) => `the act was citizen ${a}'s: a false face match`,
  censor: () => 'a harmless post the censors flagged as dissent',
  platform: (a) => `citizen ${a}'s record, filed under this citizen`,
  employer: (a) => `citizen ${a}'s record, filed under this citizen`,
  informant: (a) => `the act was citizen ${a}'s: a neighbour named the wrong person`,
};

/**
 * Explain one subject's standing at the end of a run line by line, from the run's records. The
 * subject must have been recorded (sampled or watched); the drifts and changes of each score's
 * lines sum from the starting score to the final one.
 */
export function explainSubject(result: Finished, kind: SubjectKind, id: number): Explanation {
  const { world, measurer } = result;
  const { policy, standing, scenario } = world;
  const recorded = kind === 'citizens' ? world.recorded : world.recordedCompanies;
  if (!(id < recorded.length) || !recorded[id]) throw new Error(`${kind} ${id} was not recorded in this simulation`);
  const rec = measurer.records;
  // a place left by the dead or a move is taken by an entrant: only the present occupant's records count
  const since = kind === 'citizens' ? world.pop.citizens.arrivedOn[id] : 0;

  const scorers = policy.scorers.flatMap((sc, s): ScorerExplanation[] => {
    if (sc.kind !== kind) return [];
    const st = standing.scorers[s];
    const history: ScoreLine[] = [];
    let score = sc.base;
    const r = rec.scores.cols;
    for (let j = 0; j < rec.scores.length; j++) {
      if (r.scorer[j] !== s || r.subject[j] !== id || r.day[j] < since) continue;
      const before = r.after[j] - r.delta[j];
      const rule =
        r.rule[j] === RATING_RULE
          ? 'peer rating, weighted by the rater’s score'
          : r.rule[j] === APPEAL_RULE
            ? 'appeal upheld: the penalty is reversed'
            : (scenario.scorers[s].rules[r.rule[j]]?.id ?? `rule ${r.rule[j] + 1}`);
      const wrongful = r.wrongful[j] === 1;
      history.push({
        day: r.day[j],
        event: EVENT_TYPES[r.type[j]] ?? 'appeal',
        observedBy: SOURCES[r.source[j]],
        rule,
        drift: before - score,
        delta: r.delta[j],
        score: r.after[j],
        wrongful,
        why: wrongful ? WHY[SOURCES[r.source[j]]]?.(r.actor[j]) : undefined,
        actor: r.actor[j],
      });
      score = r.after[j];
    }
    const final = st.score[id];
    if (Math.abs(final - score) > 1e-3) history.push({ day: result.days - 1, event: END, observedBy: '', rule: '', drift: final - score, delta: 0, score: final, wrongful: false, actor: id });
    return [
      {
        scorer: sc.id,
        label: scenario.scorers[s].label,
        transparency: sc.transparency,
        scored: st.enrolled === null || st.enrolled[id] === 1,
        start: sc.base,
        score: final,
        tier: sc.tierNames[st.tier[id]],
        history,
      },
    ];
  });

  const lists = policy.lists.flatMap((l, i) => {
    if (l.kind !== kind) return [];
    const history: { day: number; entered: boolean }[] = [];
    const c = rec.lists.cols;
    for (let j = 0; j < rec.lists.length; j++) if (c.list[j] === i && c.citizen[j] === id && c.day[j] >= since) history.push({ day: c.day[j], entered: c.entered[j] === 1 });
    const listed = standing.listed[i][id] === 1;
    return [{ list: l.id, listed, since: listed ? standing.listedSince[i][id] : null, history }];
  });

  const gates =
    kind === 'citizens'
      ? policy.gates.map((g): GateExplanation => {
          const reasons: string[] = [];
          let denied = false;
          if (g.list >= 0) {
            const list = policy.lists[g.list];
            const on = isListed(standing, g.list, id);
            denied ||= on;
            reasons.push(on ? (list.kind === 'companies' ? `represents a company on ${list.id}` : `on ${list.id}`) : `not on ${list.id}`);
          }
          if (g.scorer >= 0) {
            const sc = policy.scorers[g.scorer];
            const enrolled = standing.scorers[g.scorer].enrolled;
            if (enrolled !== null && !enrolled[id]) {
              denied ||= !g.grantUnscored;
              reasons.push(`not scored by ${sc.id}: the gate ${g.grantUnscored ? 'grants' : 'denies'} the unscored`);
            } else {
              const tier = standing.tiers[g.scorer][id];
              denied ||= tier > g.worstTier;
              reasons.push(`tier ${sc.tierNames[tier]} with ${sc.id} is ${tier > g.worstTier ? 'below' : 'at or above'} ${sc.tierNames[g.worstTier]}`);
            }
          }
          let attempts = 0,
            deniedCount = 0;
          const d = rec.decisions.cols;
          for (let j = 0; j < rec.decisions.length; j++) {
            if (d.gate[j] !== g.index || d.citizen[j] !== id || d.day[j] < since) continue;
            attempts++;
            if (!d.granted[j]) deniedCount++;
          }
          return {
            gate: g.id,
            attempt: EVENT_TYPES[g.attemptType].replace('attempt_', ''),
            status: g.priority ? (denied ? 'served' : 'privileged') : denied ? 'denied' : 'granted',
            because: reasons.join('; '),
            attempts,
            denied: deniedCount,
          };
        })
      : [];

  return { kind, id, day: result.days, about: describe(result, kind, id), scorers, lists, gates, screens: kind === 'citizens' ? screenSpells(result, id, since) : [] };
}

/** A citizen's stretches on the public screens, from the recorded displays and the fees they paid. */
function screenSpells(result: Finished, id: number, since: number): ScreenSpell[] {
  const rec = result.measurer.records;
  const last = result.days - 1;
  const displayDays = result.world.scenario.screens.displayDays;
  const paid: number[] = [];
  const ev = rec.events.cols;
  for (let j = 0; j < rec.events.length; j++) if (ev.type[j] === EventType.screen_fee_paid && ev.actor[j] === id && ev.day[j] >= since) paid.push(ev.day[j]);
  const spells: ScreenSpell[] = [];
  const d = rec.displays.cols;
  for (let j = 0; j < rec.displays.length; j++) {
    if (d.citizen[j] !== id || d.day[j] < since) continue;
    const day = d.day[j];
    const end = Math.min(last, day + displayDays - 1);
    // the fee paid on day t takes the face down at the end of that day
    const fee = paid.find((t) => t >= day && t <= end) ?? null;
    spells.push({ day, until: fee ?? end, district: d.district[j], offence: EVENT_TYPES[d.offence[j]], wrongful: d.wrongful[j] === 1, feePaidOn: fee });
  }
  return spells;
}

function describe(result: Finished, kind: SubjectKind, id: number): Record<string, string | number | boolean> {
  const { pop, scenario } = result.world;
  if (kind === 'companies') {
    const co = pop.companies;
    return { sector: SECTORS[co.sector[id]], employees: co.employees[id], district: co.district[id], legalRepresentative: co.legalRep[id] };
  }
  const c = pop.citizens;
  return {
    age: c.age[id],
    sex: c.sex[id] ? 'female' : 'male',
    group: scenario.population.groups[c.group[id]].name,
    occupation: OCCUPATIONS[c.occupation[id]],
    employed: c.employer[id] >= 0,
    income: Math.round(incomeOf(c, id, scenario.life.money.benefitShare)),
    savings: Math.round(c.savings[id]),
    arrears: Math.round(c.arrears[id]),
    homeDistrict: c.home[id],
    stress: +c.stress[id].toFixed(3),
    wrongfulPenalties: c.wrongfulPenalties[id],
    denials: c.denials[id],
    childrenInWorseSchool: c.childrenDenied[id],
    inTheRunSinceDay: c.arrivedOn[id],
    schooledWorse: c.worseSchool[id] === 1,
    onPublicScreenUntilDay: c.shownUntil[id] >= result.days - 1 ? c.shownUntil[id] : 'no',
    loanInterest: +c.loanRate[id].toFixed(3),
    insurancePremium: Math.round(c.premium[id]),
  };
}
