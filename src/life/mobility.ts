import type { SpanWorld } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { workDistrictOf, TRAIT } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { streetRisk, uniformRiskThrough, WATCHED_BY } from './knowledge.ts';

/**
 * Mobility: on the way between home and work, citizens jaywalk, run red lights and drive drunk
 * at rates scaled by imprudence and deterred by the perceived risk of being seen by a camera or
 * reported by a neighbour (the channels that see traffic), with elasticity `deterrenceElasticity`
 * to that risk relative to its prior (certainty deters, Nagin 2013). A violation may end in an
 * accident.
 */
export function liveMobility(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const mob = scenario.life.mobility;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'mobility.violation');
  const prior = uniformRiskThrough(scenario.response.riskPrior, WATCHED_BY[EventType.jaywalking]);
  const elasticity = mob.deterrenceElasticity;
  const pAny = mob.jaywalking + mob.redLight + mob.drunkDriving;
  for (let i = from; i < to; i++) {
    const imprudence = c.imprudence[i] * TRAIT;
    const u = uniform(key, i, day, 0);
    // above the prior, deterrence only lowers this bound: most citizens are ruled out here,
    // before the costly power
    const risk = streetRisk(c, i);
    if (u >= pAny * imprudence && risk >= prior) continue;
    const deterrence = prior > 0 ? (risk / prior) ** -elasticity : 1;
    const scale = imprudence * deterrence;
    const pJay = mob.jaywalking * scale,
      pRed = mob.redLight * scale,
      pDrunk = mob.drunkDriving * scale;
    if (u >= pJay + pRed + pDrunk) continue;
    const type = u < pJay ? EventType.jaywalking : u < pJay + pRed ? EventType.red_light : EventType.drunk_driving;
    const district = uniform(key, i, day, 1) < mob.homeShare ? c.home[i] : workDistrictOf(c, pop.companies.district, i);
    emit(world, type, i, district, 0);
    const pAccident = mob.accidentAfterViolation * (type === EventType.drunk_driving ? mob.drunkAccidentFactor : 1);
    if (uniform(key, i, day, 2) < pAccident) emit(world, EventType.accident, i, district, 0);
  }
}
