import type { World } from '../world.ts';
import type { Intervention } from '../engine/pipeline.ts';
import type { ManualAppeal, ManualAppealOutcome } from '../store/appeals-file.ts';
import { reserve } from '../core/buffer.ts';
import { APPEAL_RULE } from '../core/tables.ts';
import { RATING_RULE } from '../core/tables.ts';

interface Tracked {
  outcome: ManualAppealOutcome;
  scorer: number;
  /** which of the day's appeals of this citizen to this scorer it is (they are decided in filing order) */
  ordinal: number;
}

/**
 * Appeals filed for citizens by a user, decided by the judge like every other appeal: an
 * intervention in the day. At dawn the requested citizens' penalties of the day before are
 * found; after life has filed the citizens' own appeals (world.appeals), those penalties are filed
 * too, unless the citizen already appealed them; at dusk the decisions on them are read.
 * @example const manual = manualAppeals([{ citizen: 7, day: 12 }]); startSimulation(s, { interventions: [manual] }); // manual.outcomes
 */
export function manualAppeals(requests: readonly ManualAppeal[]): Intervention & { outcomes: ManualAppealOutcome[] } {
  const outcomes: ManualAppealOutcome[] = [];
  const tracked: Tracked[] = [];
  /** before the engine clears them: the requested citizens' penalties of yesterday that can be appealed */
  const yesterdaysPenalties = (world: World) => {
    const due = requests.filter((r) => r.day === world.day - 1);
    if (!due.length) return [];
    const { scorers } = world.policy;
    const sc = world.scoreChanges.cols;
    const wrongful = world.observations.cols.wrongful;
    const found: { citizen: number; scorer: number; rule: number; delta: number; wrongful: number }[] = [];
    for (let j = 0; j < world.scoreChanges.length; j++) {
      const s = sc.scorer[j],
        rule = sc.rule[j];
      if (sc.delta[j] >= 0 || rule === APPEAL_RULE || rule === RATING_RULE || scorers[s].kind !== 'citizens' || scorers[s].aggregation === 'ratings') continue;
      if (!due.some((r) => r.citizen === sc.subject[j])) continue;
      found.push({ citizen: sc.subject[j], scorer: s, rule, delta: sc.delta[j], wrongful: wrongful[sc.event[j]] });
    }
    return found;
  };
  /** after life: file each penalty not already appealed, and track the appeal that covers it */
  const file = (world: World, penalties: ReturnType<typeof yesterdaysPenalties>) => {
    const a = world.appeals;
    const claimed = new Set<number>();
    const ordinalOf = (k: number) => {
      let n = 0;
      for (let j = 0; j < k; j++) if (a.cols.citizen[j] === a.cols.citizen[k] && a.cols.scorer[j] === a.cols.scorer[k]) n++;
      return n;
    };
    for (const p of penalties) {
      let k = -1;
      for (let j = 0; j < a.length && k < 0; j++) {
        if (!claimed.has(j) && a.cols.citizen[j] === p.citizen && a.cols.scorer[j] === p.scorer && a.cols.rule[j] === p.rule && a.cols.delta[j] === p.delta) k = j;
      }
      const filedBy = k >= 0 ? 'citizen' : 'user';
      if (k < 0) {
        k = reserve(a);
        a.cols.citizen[k] = p.citizen;
        a.cols.scorer[k] = p.scorer;
        a.cols.rule[k] = p.rule;
        a.cols.delta[k] = p.delta;
        a.cols.wrongful[k] = p.wrongful;
      }
      claimed.add(k);
      const sc = world.policy.scorers[p.scorer];
      const outcome: ManualAppealOutcome = {
        citizen: p.citizen,
        day: world.day - 1,
        filedOn: world.day,
        scorer: sc.id,
        rule: world.scenario.scorers[p.scorer]?.rules[p.rule]?.id ?? `rule ${p.rule + 1}`,
        delta: p.delta,
        wrongful: p.wrongful === 1,
        filedBy,
        decidedOn: world.day + world.scenario.appeals.delayDays,
        upheld: null,
        restored: 0,
      };
      outcomes.push(outcome);
      tracked.push({ outcome, scorer: p.scorer, ordinal: ordinalOf(k) });
    }
  };
  /** after the day: today's decisions on the tracked appeals, matched in filing order */
  const read = (world: World) => {
    const due = tracked.filter((t) => t.outcome.decidedOn === world.day);
    if (!due.length) return;
    const d = world.appealDecisions.cols;
    const seen = new Map<string, number>();
    for (let j = 0; j < world.appealDecisions.length; j++) {
      const key = `${d.citizen[j]}:${d.scorer[j]}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const t = due.find((x) => x.outcome.citizen === d.citizen[j] && x.scorer === d.scorer[j] && x.ordinal === n);
      if (!t) continue;
      t.outcome.upheld = d.upheld[j] === 1;
      t.outcome.restored = d.restored[j];
    }
  };
  let penalties: ReturnType<typeof yesterdaysPenalties> = [];
  return {
    outcomes,
    dawn: (world) => {
      penalties = yesterdaysPenalties(world);
    },
    afterLife: (world) => {
      if (penalties.length) file(world, penalties);
    },
    dusk: read,
  };
}

export type ManualAppeals = ReturnType<typeof manualAppeals>;

export type { ManualAppeal, ManualAppealOutcome } from '../store/appeals-file.ts';
