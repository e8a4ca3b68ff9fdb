import type { World } from '../world.ts';
import type { Intervention } from '../engine/pipeline.ts';
import { startSimulation, type Progress } from '../engine/simulate.ts';
import { validateScenario } from '../load/scenario.ts';
import { inputError } from '../scenario/errors.ts';
import { readRun, queryRun } from '../store/read-run.ts';
import { readAppeals } from '../store/appeals-file.ts';
import { VERSION } from '../core/version.ts';
import { EVENT_TYPES, BY_COMPANY } from '../core/events.ts';
import { Source, SOURCES, APPEAL_RULE } from '../core/tables.ts';
import { incomeOf, SHARE } from '../population/citizens.ts';
import { NO_EVENT } from '../judge/lists.ts';
import { manualAppeals } from './manual-appeals.ts';
import { stepToEnd } from './step.ts';

/** An event's id in a run: `DAY:ROW`, its row in that day's table of events. */
export const EVENT_ID = /^(\d{1,5}):(\d{1,9})$/;

/** Something the system held against a citizen: an event it blamed them for. */
export interface Attribution {
  id: string;
  day: number;
  event: string;
  seenBy: string;
  /** whose act it was */
  actor: number;
  /** the citizen did not do it, or it was not what was recorded */
  wrongful: boolean;
  /** how the wrong came about, in words */
  why?: string;
  /** what it did to their scores, summed over scorers (negative: a penalty) */
  points: number;
}

/** A citizen's life day by day, each value as it stood at the end of the day. */
export interface Life {
  scorers: { scorer: string; score: (number | null)[]; tier: (string | null)[] }[];
  lists: { list: string; listed: boolean[] }[];
  /** gate denials so far */
  denials: number[];
  employed: boolean[];
  /** CNY a month */
  income: number[];
  stress: number[];
  /** in [0, 1] */
  health: number[];
  /** the day the citizen left the run (died or moved away; the place then holds someone else), or null */
  left: number | null;
}

export interface WhatIf {
  run: string;
  citizen: number;
  days: number;
  without: 'wrongful' | 'none' | string[];
  /** what the counterfactual took away, as it happened in it */
  removed: Attribution[];
  /** every penalised or wrongful attribution of the actual run: the ids `without` can name */
  attributions: Attribution[];
  /** the first day the two lives differ, or null */
  divergedOn: number | null;
  actual: Life;
  counterfactual: Life;
  /** the two lives in a few numbers, side by side */
  summary: { measure: string; actual: number | string | null; counterfactual: number | string | null }[];
  /** the actual replay ended where the stored run did, for each of this citizen's scores */
  verified: boolean;
}

export interface WhatIfOptions {
  /** 'wrongful': every wrongful attribution to the citizen; event ids (`DAY:ROW`, from `attributions`); 'none': a check, the replay alone */
  without: 'wrongful' | 'none' | readonly string[];
  onProgress?: (p: Progress) => void;
  shouldStop?: () => boolean;
}

/** How each source gets it wrong. */
const WHY: Partial<Record<(typeof SOURCES)[number], (actor: number) => string>> = {
  camera: (a) => `citizen ${a}'s act: a false face match`,
  censor: () => 'a harmless post flagged as dissent',
  platform: (a) => `citizen ${a}'s record, filed under this citizen`,
  employer: (a) => `citizen ${a}'s record, filed under this citizen`,
  informant: (a) => `citizen ${a}'s act: a neighbour named the wrong person`,
};

/** The act an attribution is of, to find it again in the counterfactual (where rows may have moved). */
interface Act {
  type: number;
  actor: number;
  target: number;
  subject: number;
}

const actOf = (world: World, e: number): Act => ({
  type: world.events.cols.type[e],
  actor: world.events.cols.actor[e],
  target: world.events.cols.target[e],
  subject: world.observations.cols.subject[e],
});

const sameAct = (a: Act, b: Act) => a.type === b.type && a.actor === b.actor && a.target === b.target && a.subject === b.subject;

/** Today's events the system blames `id` for (a citizen's act, or a company's whose penalty reached them), as attributions. */
function describe(world: World, e: number, points: number): Attribution {
  const ev = world.events.cols,
    ob = world.observations.cols;
  const seenBy = SOURCES[ob.source[e]];
  const wrongful = ob.wrongful[e] === 1;
  return { id: `${world.day}:${e}`, day: world.day, event: EVENT_TYPES[ev.type[e]], seenBy, actor: ev.actor[e], wrongful, why: wrongful ? WHY[seenBy]?.(ev.actor[e]) : undefined, points };
}

/** At dusk: the citizen's penalised or wrongful attributions of the day. */
function collectAttributions(id: number, into: (Attribution & { act: Act })[]): Intervention {
  return {
    dusk: (world) => {
      const points = new Map<number, number>();
      const sc = world.scoreChanges.cols;
      for (let j = 0; j < world.scoreChanges.length; j++) {
        if (sc.subject[j] !== id || sc.rule[j] === APPEAL_RULE || sc.event[j] === NO_EVENT || world.policy.scorers[sc.scorer[j]].kind !== 'citizens') continue;
        points.set(sc.event[j], (points.get(sc.event[j]) ?? 0) + sc.delta[j]);
      }
      const ev = world.events.cols,
        ob = world.observations.cols;
      for (let e = 0; e < world.events.length; e++) if (ob.source[e] !== Source.unseen && ob.wrongful[e] && ob.subject[e] === id && !BY_COMPANY[ev.type[e]] && !points.has(e)) points.set(e, 0);
      for (const e of [...points.keys()].sort((a, b) => a - b)) into.push({ ...describe(world, e, points.get(e)!), act: actOf(world, e) });
    },
  };
}

/** After observation: the sightings that blame the citizen for what `drop` picks are undone, as if the system had never made them. */
function dropAttributions(id: number, drop: 'wrongful' | Map<number, Act[]>, removed: Attribution[], pointsOf: (day: number, act: Act) => number): Intervention {
  return {
    afterObserve: (world) => {
      const ev = world.events.cols,
        ob = world.observations.cols;
      const acts = drop === 'wrongful' ? null : drop.get(world.day);
      if (acts === undefined) return;
      for (let e = 0; e < world.events.length; e++) {
        if (ob.source[e] === Source.unseen) continue;
        const picked = acts === null ? ob.wrongful[e] === 1 && ob.subject[e] === id && !BY_COMPANY[ev.type[e]] : acts.some((a) => sameAct(a, actOf(world, e)));
        if (!picked) continue;
        removed.push(describe(world, e, pointsOf(world.day, actOf(world, e))));
        ob.source[e] = Source.unseen;
        ob.wrongful[e] = 0;
      }
    },
  };
}

/** At dusk: the citizen's day, into `life`. */
function recordLife(id: number, days: number): { life: Life; intervention: Intervention } {
  const life: Life = { scorers: [], lists: [], denials: [], employed: [], income: [], stress: [], health: [], left: null };
  let since: number | undefined;
  const intervention: Intervention = {
    dusk: (world) => {
      const { policy, standing, day } = world;
      const c = world.pop.citizens;
      if (since === undefined) {
        life.scorers = policy.scorers.flatMap((sc) => (sc.kind === 'citizens' ? [{ scorer: sc.id, score: new Array(days).fill(null), tier: new Array(days).fill(null) }] : []));
        life.lists = policy.lists.flatMap((l) => (l.kind === 'citizens' ? [{ list: l.id, listed: new Array(days).fill(false) }] : []));
      }
      let k = 0;
      policy.scorers.forEach((sc, s) => {
        if (sc.kind !== 'citizens') return;
        const enrolled = standing.scorers[s].enrolled;
        const line = life.scorers[k++];
        if (enrolled !== null && !enrolled[id]) return;
        line.score[day] = +standing.scores[s][id].toFixed(3);
        line.tier[day] = sc.tierNames[standing.tiers[s][id]];
      });
      k = 0;
      policy.lists.forEach((l, i) => {
        if (l.kind === 'citizens') life.lists[k++].listed[day] = standing.listed[i][id] === 1;
      });
      life.denials[day] = c.denials[id];
      life.employed[day] = c.employer[id] >= 0;
      life.income[day] = Math.round(incomeOf(c, id, world.scenario.life.money.benefitShare));
      life.stress[day] = +c.stress[id].toFixed(4);
      life.health[day] = +(c.health[id] * SHARE).toFixed(4);
      since ??= c.arrivedOn[id];
      if (life.left === null && c.arrivedOn[id] !== since) life.left = day;
    },
  };
  return { life, intervention };
}

/** The values of a day, to tell when two lives part. */
const dayOf = (l: Life, d: number) =>
  JSON.stringify([l.scorers.map((s) => [s.score[d], s.tier[d]]), l.lists.map((x) => x.listed[d]), l.denials[d], l.employed[d], l.income[d], l.stress[d], l.health[d]]);

function summarize(actual: Life, counterfactual: Life, days: number): WhatIf['summary'] {
  const last = days - 1;
  const mean = (xs: number[]) => +(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(3);
  const count = (xs: boolean[]) => xs.filter(Boolean).length;
  const rows: [string, (l: Life) => number | string | null][] = [
    ...actual.scorers.flatMap((s, k): [string, (l: Life) => number | string | null][] => [
      [`score with ${s.scorer} at the end`, (l) => l.scorers[k].score[last]],
      [`tier with ${s.scorer} at the end`, (l) => l.scorers[k].tier[last]],
    ]),
    ['denials', (l) => l.denials[last]],
    ['days out of work', (l) => days - count(l.employed)],
    ['employed at the end', (l) => (l.employed[last] ? 'yes' : 'no')],
    ['income at the end (CNY a month)', (l) => l.income[last]],
    ['mean stress', (l) => mean(l.stress)],
    ['health at the end', (l) => l.health[last]],
    ...actual.lists.map((x, k): [string, (l: Life) => number] => [`days on ${x.list}`, (l) => count(l.lists[k].listed)]),
  ];
  return rows.map(([measure, f]) => ({ measure, actual: f(actual), counterfactual: f(counterfactual) }));
}

/**
 * One citizen's counterfactual: the stored run is replayed from its scenario and seed (with the
 * appeals it was re-run with, if any) twice, once as it was and once with what `without` names
 * taken from the system's sightings after observation: every wrongful attribution to the citizen
 * (an innocent matched by a face, a harmless post flagged, another's record filed under them, a
 * neighbour naming the wrong person), or given events. Their life, day by day, side by side:
 * scores, tiers, denials, work, income, stress, health, days on lists. Nothing else is changed, so
 * with nothing removed the two lives are the same to the last digit.
 * @example const w = await whatIf('runs/2026...', 42, { without: 'wrongful' }); w.summary
 */
export async function whatIf(runDir: string, citizen: number, options: WhatIfOptions): Promise<WhatIf> {
  const stored = await readRun(runDir);
  const scenario = validateScenario(stored.scenario, `the run's stored scenario (made by Credence ${stored.modelVersion}; this is ${VERSION})`);
  if (!Number.isInteger(citizen) || citizen < 0 || citizen >= stored.citizens) throw inputError(`no citizen ${citizen} in run ${stored.id}: ids go from 0 to ${stored.citizens - 1}`);
  const without = options.without;
  const ids = typeof without === 'string' ? [] : [...new Set(without)];
  if (typeof without === 'string' ? without !== 'wrongful' && without !== 'none' : ids.length === 0)
    throw inputError(`expected "wrongful", "none" or event ids (DAY:ROW), found ${JSON.stringify(without)}`, { path: '--without' });
  for (const id of ids) {
    const m = EVENT_ID.exec(id);
    if (!m || Number(m[1]) >= stored.days) throw inputError(`"${id}" is not an event id of this run: DAY:ROW, the day from 0 to ${stored.days - 1} (whatif lists the ids)`, { path: '--without' });
  }
  scenario.output = { ...scenario.output, sampleRate: 0, watch: [], watchCompanies: [] };
  const { requests } = readAppeals(runDir);
  const days = stored.days;
  const replay = async (extra: Intervention[], pass: number) => {
    const recorder = recordLife(citizen, days);
    const interventions = [...(requests.length ? [manualAppeals(requests)] : []), ...extra, recorder.intervention];
    const onProgress = options.onProgress && ((p: Progress) => options.onProgress!({ ...p, day: p.day + pass * days, days: 2 * days }));
    const sim = startSimulation(scenario, { seed: stored.seed, days, interventions, onProgress });
    await stepToEnd(sim, { shouldStop: options.shouldStop, what: 'replay' });
    const s = sim.world.standing;
    const final = new Map(sim.world.policy.scorers.map((sc, k) => [sc.id, s.scorers[k].enrolled === null || s.scorers[k].enrolled![citizen] ? s.scores[k][citizen] : null]));
    return { life: recorder.life, final };
  };

  const attributions: (Attribution & { act: Act })[] = [];
  const actual = await replay([collectAttributions(citizen, attributions)], 0);
  const drop = without === 'wrongful' ? 'wrongful' : new Map<number, Act[]>();
  if (drop !== 'wrongful') {
    for (const id of ids) {
      const a = attributions.find((x) => x.id === id);
      if (!a) {
        const known = attributions.slice(0, 8).map((x) => x.id);
        throw inputError(
          `${id} is not an event citizen ${citizen} was penalised or wrongly blamed for in this run${known.length ? ` (such events: ${known.join(', ')}${attributions.length > 8 ? ', ...' : ''})` : ' (there are none)'}`,
          { path: '--without' },
        );
      }
      drop.set(a.day, [...(drop.get(a.day) ?? []), a.act]);
    }
  }
  const removed: Attribution[] = [];
  const pointsOf = (day: number, act: Act) => attributions.find((a) => a.day === day && sameAct(a.act, act))?.points ?? 0;
  // with nothing to remove the intervention still runs, finding nothing: the check that it changes nothing else
  const counterfactual = await replay([dropAttributions(citizen, without === 'none' ? new Map() : drop, removed, pointsOf)], 1);

  let divergedOn: number | null = null;
  for (let d = 0; d < days && divergedOn === null; d++) if (dayOf(actual.life, d) !== dayOf(counterfactual.life, d)) divergedOn = d;
  const [row] = await queryRun(runDir, `SELECT * FROM citizens WHERE id = ${citizen}`);
  const verified = [...actual.final].every(([scorer, score]) => {
    const want = row[`score_${scorer}`];
    return want === undefined || (want === null ? score === null : score !== null && Math.abs(Number(want) - score) < 1e-3);
  });
  return {
    run: stored.id,
    citizen,
    days,
    without: typeof without === 'string' ? without : ids,
    removed,
    attributions: attributions.map(({ act: _act, ...a }) => a),
    divergedOn,
    actual: actual.life,
    counterfactual: counterfactual.life,
    summary: summarize(actual.life, counterfactual.life, days),
    verified,
  };
}
