import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { emit } from './emit.ts';
import { nearThreshold } from './knowledge.ts';
import { workDistrictOf, TRAIT } from '../population/citizens.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Civic acts: volunteering and blood donation (more often by the conforming), and rare heroic
 * acts. A citizen near a tier threshold chases approval: volunteers and gives more, the more so
 * the more conforming (`approvalBoost`).
 */
export function liveCivic(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const cv = scenario.life.civic;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'civic.act');
  const pHero = cv.heroicAct / DAYS_A_YEAR;
  const boost = scenario.response.approvalBoost;
  const chasing = world.policy.scorers.some((s) => s.kind === 'citizens');
  // the most anyone could do today (conformity 1, chasing approval): citizens are picked at that
  // rate, and a picked citizen acts with their own chance over it (thinning)
  const most = Math.min(1, ((cv.volunteering + cv.bloodDonation) / DAYS_A_YEAR) * (1 + boost) + pHero);
  forEachPicked(streamKey(world.seed, 'civic.pick'), day, from, to, most, (i) => {
    const conformity = c.conformity[i] * TRAIT;
    const eager = chasing && nearThreshold(world, i) ? 1 + boost * conformity : 1;
    const pVol = (cv.volunteering / DAYS_A_YEAR) * conformity * eager;
    const pBlood = (cv.bloodDonation / DAYS_A_YEAR) * conformity * eager;
    const u = uniform(key, i, day, 0) * most;
    if (u >= pVol + pBlood + pHero) return;
    const type = u < pVol ? EventType.volunteering : u < pVol + pBlood ? EventType.blood_donation : EventType.heroic_act;
    emit(world, type, i, workDistrictOf(c, pop.companies.district, i), 0);
  });
}
