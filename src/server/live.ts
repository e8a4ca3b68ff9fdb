import type { CitySnapshot, DistrictRow, Face, ScoreDistribution } from './view-types.ts';
import { EVENT_TYPES } from '../index.ts';
import { fittedHistogram } from './histogram.ts';
import type { World } from '../index.ts';

export type { CitySnapshot, DistrictRow, Face } from './view-types.ts';

/** faces sent with a snapshot: the screens hold more, the page shows a wall of them */
const FACES = 48;

/** Read a snapshot of the city from a simulation in progress (one pass over the citizens). */
export function citySnapshot(world: World): CitySnapshot {
  const { city, pop, policy, standing, scenario, day } = world;
  const c = pop.citizens;
  const n = pop.n;
  const D = city.count;
  const stress = new Float64Array(D),
    denials = new Float64Array(D),
    wrongful = new Float64Array(D),
    onScreen = new Float64Array(D),
    residents = new Float64Array(D);
  const s = policy.scorers.findIndex((sc) => sc.kind === 'citizens');
  const scores = s >= 0 ? standing.scores[s] : null;
  const enrolled = s >= 0 ? standing.scorers[s].enrolled : null;
  const scoreSum = new Float64Array(D),
    scored = new Float64Array(D);
  // distinct scores and how many hold each: a points scorer's citizens share few values
  const held = new Map<number, number>();
  const tiers = s >= 0 ? new Array<number>(policy.scorers[s].tierNames.length).fill(0) : [];
  const faces: Face[] = [];
  for (let i = 0; i < n; i++) {
    const h = c.home[i];
    residents[h]++;
    stress[h] += c.stress[i];
    denials[h] += c.denials[i];
    wrongful[h] += c.wrongfulPenalties[i];
    if (c.shownUntil[i] >= day) {
      onScreen[h]++;
      if (faces.length < FACES) faces.push({ citizen: i, district: h, offence: EVENT_TYPES[c.shownFor[i]], daysLeft: c.shownUntil[i] - day + 1 });
    }
    if (scores && (enrolled === null || enrolled[i])) {
      scoreSum[h] += scores[i];
      scored[h]++;
      held.set(scores[i], (held.get(scores[i]) ?? 0) + 1);
      tiers[standing.tiers[s][i]]++;
    }
  }
  const d = city.districts;
  const score = s >= 0 ? `score_${policy.scorers[s].id}` : null;
  const districts = Array.from({ length: D }, (_, k) => {
    const r = Math.max(1, residents[k]);
    const row: DistrictRow = {
      id: k,
      x: d.x[k],
      y: d.y[k],
      residents: d.residents[k],
      camerasPerThousand: d.camerasPerThousand[k],
      stress: stress[k] / r,
      denialsPer1000: (1000 * denials[k]) / r,
      wrongfulPer1000: (1000 * wrongful[k]) / r,
      onScreen: onScreen[k],
      city: d.cityOf[k],
    };
    if (score) row[score] = scored[k] ? scoreSum[k] / scored[k] : NaN;
    return row;
  });
  return {
    day,
    districts,
    cities: scenario.city.cities.map((c) => c.label ?? c.name),
    screen: { fee: scenario.screens.fee, enabled: scenario.screens.enabled, faces },
    scorer: s >= 0 ? distribution(scenario.scorers[s], held, tiers) : null,
  };
}

type ScorerSpec = World['scenario']['scorers'][number];

/** A scorer's distribution from its distinct scores and its tier counts (in the scenario's tier order). */
export function distribution(spec: ScorerSpec, held: Iterable<readonly [number, number]>, tierCounts: number[]): ScoreDistribution {
  // dimension scores start where each citizen's computed dimensions put them: no common start
  const base = spec.aggregation === 'dimensions' ? null : (spec.base ?? spec.min);
  return {
    id: spec.id,
    label: spec.label ?? spec.id,
    min: spec.min,
    max: spec.max,
    base,
    ...fittedHistogram(held, base),
    tiers: spec.tiers.map((t, k) => ({ name: t.name, min: t.min, citizens: tierCounts[k] ?? 0 })),
  };
}
