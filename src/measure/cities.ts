import type { World } from '../world.ts';
import type { Metric } from './metrics.ts';
import { EventType, EVENT_TYPE_COUNT } from '../core/events.ts';
import { APPEAL_RULE } from '../core/tables.ts';
import { TRAFFIC_VIOLATIONS } from './tally.ts';
import { countWhere } from './stats.ts';

/** Today's counts by city (the city of the citizen's home district), from one pass over the day's tables. */
interface CityCounts {
  day: number;
  penalties: Float64Array;
  wrongful: Float64Array;
  rewards: Float64Array;
  dissent: Float64Array;
  traffic: Float64Array;
  attempts: Float64Array;
  denials: Float64Array;
}

const TRAFFIC = new Uint8Array(EVENT_TYPE_COUNT);
for (const t of TRAFFIC_VIOLATIONS) TRAFFIC[t] = 1;

/**
 * Per-city metrics, for a grid divided into several cities (scenario.city.cities): what each
 * city's residents did and had done to them. Everything is counted by the home district's city:
 * an act by its actor's, a penalty by the penalised citizen's, a denial by the one denied. None
 * for a single city, whose figures are the national ones.
 *
 * Names: `city.<name>.residents`, `.penalties`, `.penalties.wrongful`, `.rewards`,
 * `.dissent_posts`, `.traffic_violations`, `.attempts`, `.denials` (gates), `.stress.mean`,
 * `.mean_score.<scorer>` (scorers of citizens that run in the city, over those they score) and
 * `.listed.<list>` (lists of citizens: lists are national, read in every city).
 */
export function cityMetrics(world: World): Metric[] {
  const names = world.city.cities;
  const k = names.length;
  if (k <= 1) return [];
  const cityOf = world.city.districts.cityOf;
  const fresh = () => new Float64Array(k);
  const counts: CityCounts = { day: -1, penalties: fresh(), wrongful: fresh(), rewards: fresh(), dissent: fresh(), traffic: fresh(), attempts: fresh(), denials: fresh() };
  const today = (w: World): CityCounts => {
    if (counts.day !== w.day) countDay(w, cityOf, counts);
    return counts;
  };
  const daily = (name: string, unit: string, value: (w: World) => number): Metric => ({ name, unit, when: 'daily', over: 'sum', value: ({ world: w }) => value(w) });
  const distribution = (name: string, unit: string, value: (w: World) => number): Metric => ({ name, unit, when: 'distribution', over: 'last', value: ({ world: w }) => value(w) });
  const { scorers, lists } = world.policy;
  return names.flatMap((name, c) => {
    const at = `city.${name}`;
    const inCity = (w: World, i: number) => cityOf[w.pop.citizens.home[i]] === c;
    return [
      distribution(`${at}.residents`, 'citizens', (w) => countWhere(w.pop.n, (i) => inCity(w, i))),
      daily(`${at}.penalties`, 'score deductions', (w) => today(w).penalties[c]),
      daily(`${at}.penalties.wrongful`, 'score deductions', (w) => today(w).wrongful[c]),
      daily(`${at}.rewards`, 'score additions', (w) => today(w).rewards[c]),
      daily(`${at}.dissent_posts`, 'events', (w) => today(w).dissent[c]),
      daily(`${at}.traffic_violations`, 'events', (w) => today(w).traffic[c]),
      daily(`${at}.attempts`, 'attempts', (w) => today(w).attempts[c]),
      daily(`${at}.denials`, 'denials', (w) => today(w).denials[c]),
      distribution(`${at}.stress.mean`, 'stress units', (w) =>
        meanWhere(
          w.pop.n,
          (i) => inCity(w, i),
          (i) => w.pop.citizens.stress[i],
        ),
      ),
      ...scorers.flatMap((s, si) =>
        s.kind === 'citizens' && runsIn(s.districts, cityOf, c)
          ? [
              distribution(`${at}.mean_score.${s.id}`, 'points', (w) => {
                const enrolled = w.standing.scorers[si].enrolled;
                const scores = w.standing.scores[si];
                return meanWhere(
                  w.pop.n,
                  (i) => inCity(w, i) && (enrolled === null || enrolled[i] === 1),
                  (i) => scores[i],
                );
              }),
            ]
          : [],
      ),
      ...lists.flatMap((l, li) => (l.kind === 'citizens' ? [distribution(`${at}.listed.${l.id}`, 'citizens', (w) => countWhere(w.pop.n, (i) => inCity(w, i) && w.standing.listed[li][i] === 1))] : [])),
    ];
  });
}

/** Whether a scorer runs in city c: everywhere, or in some district of it. */
function runsIn(districts: Uint8Array | null, cityOf: Uint8Array, c: number): boolean {
  if (districts === null) return true;
  for (let d = 0; d < cityOf.length; d++) if (cityOf[d] === c && districts[d]) return true;
  return false;
}

function countDay(world: World, cityOf: Uint8Array, t: CityCounts): void {
  for (const a of [t.penalties, t.wrongful, t.rewards, t.dissent, t.traffic, t.attempts, t.denials]) a.fill(0);
  t.day = world.day;
  const home = world.pop.citizens.home;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  const citizensEvent = (e: number) => ev.type[e] === EventType.dissent_post || TRAFFIC[ev.type[e]] === 1;
  for (let e = 0; e < world.events.length; e++) {
    if (!citizensEvent(e)) continue;
    const c = cityOf[home[ev.actor[e]]];
    if (ev.type[e] === EventType.dissent_post) t.dissent[c]++;
    else t.traffic[c]++;
  }
  const sc = world.scoreChanges.cols;
  const { scoresCitizens } = world.policy;
  for (let j = 0; j < world.scoreChanges.length; j++) {
    if (!scoresCitizens[sc.scorer[j]] || sc.rule[j] === APPEAL_RULE) continue;
    const c = cityOf[home[sc.subject[j]]];
    if (sc.delta[j] > 0) t.rewards[c]++;
    else {
      t.penalties[c]++;
      if (ob.wrongful[sc.event[j]]) t.wrongful[c]++;
    }
  }
  const dc = world.decisions.cols;
  for (let j = 0; j < world.decisions.length; j++) {
    const c = cityOf[home[ev.actor[dc.event[j]]]];
    t.attempts[c]++;
    if (!dc.granted[j]) t.denials[c]++;
  }
}

function meanWhere(n: number, test: (i: number) => boolean, value: (i: number) => number): number {
  let sum = 0,
    k = 0;
  for (let i = 0; i < n; i++) {
    if (!test(i)) continue;
    sum += value(i);
    k++;
  }
  return k ? sum / k : NaN;
}
