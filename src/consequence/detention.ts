import type { World } from '../world.ts';
import { Source } from '../core/tables.ts';
import { IS_CRIME } from '../core/events.ts';

/**
 * Detention: whoever today's investigation names for a crime (a camera's face search, or the
 * police) is held for `detentionDays`, the guilty and the innocent named by a false match alike,
 * unless already held. Life pays the cost from tomorrow (life/crime.ts, money).
 */
export function detainSuspects(world: World): void {
  const days = world.scenario.life.crime.detentionDays;
  const c = world.pop.citizens;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  for (let e = 0; e < world.events.length; e++) {
    if (!IS_CRIME[ev.type[e]] || (ob.source[e] !== Source.camera && ob.source[e] !== Source.police)) continue;
    const suspect = ob.subject[e];
    if (c.detainedUntil[suspect] >= world.day) continue;
    c.detainedOn[suspect] = world.day;
    c.detainedUntil[suspect] = world.day + days;
  }
}
