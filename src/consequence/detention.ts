import type { World } from '../world.ts';
import { Source } from '../core/tables.ts';
import { IS_CRIME } from '../core/events.ts';
import { forEachRelative } from '../population/citizens.ts';

/**
 * Detention: whoever today's investigation names for a crime (a camera's face search, or the
 * police) is held for `detentionDays`, the guilty and the innocent named by a false match alike,
 * unless already held; the other adults of the household take the shock at once (`familyStress`).
 * Life pays the rest from tomorrow (life/crime.ts, money): no wage, stress each day held, a job at risk.
 */
export function detainSuspects(world: World, atStake: readonly Int32Array[]): void {
  const { detentionDays: days, familyStress } = world.scenario.life.crime;
  const c = world.pop.citizens;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  // the crimes are among the day's events at stake (at-stake.ts), in event order
  for (const share of atStake) {
    for (let x = 0; x < share.length; x++) {
      const e = share[x];
      if (!IS_CRIME[ev.type[e]] || (ob.source[e] !== Source.camera && ob.source[e] !== Source.police)) continue;
      const suspect = ob.subject[e];
      if (c.detainedUntil[suspect] >= world.day) continue;
      c.detainedOn[suspect] = world.day;
      c.detainedUntil[suspect] = world.day + days;
      forEachRelative(c, suspect, (j) => (c.stress[j] += familyStress));
    }
  }
}
