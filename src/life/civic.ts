import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { EventType } from './event-types.ts';
import { emit } from './emit.ts';

const YEAR = 365;

/** Civic acts: volunteering and blood donation (more often by the conforming), and rare heroic acts. */
export function liveCivic(world: World): void {
  const { day, pop, scenario } = world;
  const cv = scenario.life.civic;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'civic.act');
  const pHero = cv.heroicAct / YEAR;
  for (let i = 0; i < pop.n; i++) {
    const pVol = (cv.volunteering / YEAR) * c.conformity[i];
    const pBlood = (cv.bloodDonation / YEAR) * c.conformity[i];
    const u = uniform(key, i, day, 0);
    if (u >= pVol + pBlood + pHero) continue;
    const type = u < pVol ? EventType.volunteering : u < pVol + pBlood ? EventType.blood_donation : EventType.heroic_act;
    emit(world, type, i, c.work[i], 0);
  }
}
