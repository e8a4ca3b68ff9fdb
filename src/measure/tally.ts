import type { World } from '../engine/world.ts';
import { EVENT_TYPE_COUNT } from '../life/event-types.ts';
import { SOURCES, Source } from '../engine/tables.ts';

/** Today's counts, from one pass over each of the day's tables. List stocks carry over days. */
export interface Tally {
  acts: Float64Array;
  seen: Float64Array;
  searched: number;
  trueMatches: number;
  wrongfulMatches: number;
  missed: number;
  searchedByGroup: Float64Array;
  wrongfulByGroup: Float64Array;
  penalties: number;
  rewards: number;
  wrongfulPenalties: number;
  wrongfulPenaltiesByGroup: Float64Array;
  listIn: Float64Array;
  listOut: Float64Array;
  listStock: Float64Array;
  gateAttempts: Float64Array;
  gateDenied: Float64Array;
  attemptsByGroup: Float64Array;
  deniedByGroup: Float64Array;
}

export function createTally(world: World): Tally {
  const groups = world.scenario.population.groups.length;
  const lists = world.policy.lists.length;
  const gates = world.policy.gates.length;
  return {
    acts: new Float64Array(EVENT_TYPE_COUNT),
    seen: new Float64Array(SOURCES.length),
    searched: 0,
    trueMatches: 0,
    wrongfulMatches: 0,
    missed: 0,
    searchedByGroup: new Float64Array(groups),
    wrongfulByGroup: new Float64Array(groups),
    penalties: 0,
    rewards: 0,
    wrongfulPenalties: 0,
    wrongfulPenaltiesByGroup: new Float64Array(groups),
    listIn: new Float64Array(lists),
    listOut: new Float64Array(lists),
    listStock: new Float64Array(lists),
    gateAttempts: new Float64Array(gates),
    gateDenied: new Float64Array(gates),
    attemptsByGroup: new Float64Array(groups),
    deniedByGroup: new Float64Array(groups),
  };
}

export function countDay(world: World, t: Tally): void {
  for (const a of [t.acts, t.seen, t.searchedByGroup, t.wrongfulByGroup, t.wrongfulPenaltiesByGroup, t.listIn, t.listOut, t.gateAttempts, t.gateDenied, t.attemptsByGroup, t.deniedByGroup]) a.fill(0);
  t.searched = t.trueMatches = t.wrongfulMatches = t.missed = t.penalties = t.rewards = t.wrongfulPenalties = 0;
  const group = world.pop.citizens.group;

  const ev = world.events.cols;
  const ob = world.observations.cols;
  for (let e = 0; e < world.events.length; e++) {
    t.acts[ev.type[e]]++;
    t.seen[ob.source[e]]++;
    if (!ob.searched[e]) continue;
    const g = group[ev.actor[e]];
    t.searched++;
    t.searchedByGroup[g]++;
    if (ob.source[e] === Source.unseen) t.missed++;
    else if (ob.wrongful[e]) {
      t.wrongfulMatches++;
      t.wrongfulByGroup[g]++;
    } else t.trueMatches++;
  }

  const sc = world.scoreChanges.cols;
  const scoresCitizens = world.policy.scorers.map((s) => s.kind === 'citizens');
  for (let j = 0; j < world.scoreChanges.length; j++) {
    if (!scoresCitizens[sc.scorer[j]]) continue;
    if (sc.delta[j] > 0) t.rewards++;
    else {
      t.penalties++;
      if (ob.wrongful[sc.event[j]]) {
        t.wrongfulPenalties++;
        t.wrongfulPenaltiesByGroup[group[sc.subject[j]]]++;
      }
    }
  }

  const lc = world.listChanges.cols;
  for (let j = 0; j < world.listChanges.length; j++) {
    if (lc.entered[j]) t.listIn[lc.list[j]]++;
    else t.listOut[lc.list[j]]++;
  }
  for (let l = 0; l < t.listStock.length; l++) t.listStock[l] += t.listIn[l] - t.listOut[l];

  const dc = world.decisions.cols;
  for (let j = 0; j < world.decisions.length; j++) {
    const g = group[ev.actor[dc.event[j]]];
    t.gateAttempts[dc.gate[j]]++;
    t.attemptsByGroup[g]++;
    if (!dc.granted[j]) {
      t.gateDenied[dc.gate[j]]++;
      t.deniedByGroup[g]++;
    }
  }
}
