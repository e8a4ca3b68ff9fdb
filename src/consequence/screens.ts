import type { World } from '../world.ts';
import { reserve } from '../core/buffer.ts';
import { Source } from '../core/tables.ts';
import { EventType, EVENT_TYPE_COUNT } from '../core/events.ts';

/**
 * Public screens: each district's screen shows the faces of those the cameras blamed for the
 * chosen offences (innocents named by a false match included), up to its daily capacity, for
 * `displayDays` days, or until the fee is paid.
 */
export function showOnScreens(world: World, atStake: readonly Int32Array[]): void {
  const { scenario, day, pop, city } = world;
  const sc = scenario.screens;
  if (!sc.enabled) return;
  const c = pop.citizens;
  const shown = new Uint8Array(EVENT_TYPE_COUNT);
  for (const o of sc.offences) shown[EventType[o]] = 1;
  const used = new Uint16Array(city.count);
  const ev = world.events.cols;
  const ob = world.observations.cols;
  // the day's events at stake (at-stake.ts), in event order: the fees paid and the offences cameras saw are among them
  for (const share of atStake) {
    for (let x = 0; x < share.length; x++) {
      const e = share[x];
      const type = ev.type[e];
      if (type === EventType.screen_fee_paid) {
        c.shownUntil[ev.actor[e]] = -1;
        continue;
      }
      if (!shown[ob.seenAs[e]] || ob.source[e] !== Source.camera) continue;
      const subject = ob.subject[e];
      const d = ev.district[e];
      if (c.shownUntil[subject] >= day || used[d] >= city.districts.screenCapacity[d]) continue;
      used[d]++;
      c.shownUntil[subject] = day + sc.displayDays - 1;
      c.shownFor[subject] = ob.seenAs[e];
      c.shownIn[subject] = d;
      const j = reserve(world.displays);
      world.displays.cols.citizen[j] = subject;
      world.displays.cols.district[j] = d;
      world.displays.cols.event[j] = e;
    }
  }
}
