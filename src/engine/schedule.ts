import type { Scenario } from '../scenario/schema.ts';
import type { System } from './pipeline.ts';
import { scenarioOn, changesOn } from '../scenario/schedule.ts';
import { compilePolicy } from '../policy/compile.ts';
import { enrol, widenCaps } from '../policy/standing.ts';
import { createCity } from '../city/city.ts';

/**
 * The scenario's schedule of changes, applied at the start of each day it names: the world takes
 * the scenario in force that day and its compiled policy; a scorer whose enrolment changed enrols
 * anew (those enrolled stay enrolled when it rises); the city's cameras and screens follow its
 * fields. Life threads apply the same schedule to their own copy (life-thread.ts), so every thread
 * lives the same day under the same rules. The standing (scores, lists) carries over.
 */
export function createSchedule(base: Scenario): System {
  return (world) => {
    if (!changesOn(base, world.day)) return;
    const before = world.scenario;
    const next = scenarioOn(base, world.day);
    world.scenario = next;
    world.policy = compilePolicy(next);
    world.policy.scorers.forEach((sc, s) => {
      const enrolled = world.standing.scorers[s].enrolled;
      if (enrolled !== null && sc.enrolment !== before.scorers[s].enrolment) enrol(enrolled, world.pop, world.pop.seed, sc);
      widenCaps(sc, world.standing.scorers[s]);
    });
    const city = createCity(next, world.pop.seed);
    world.city.districts.camerasPerThousand.set(city.districts.camerasPerThousand);
    world.city.districts.screenCapacity.set(city.districts.screenCapacity);
  };
}
