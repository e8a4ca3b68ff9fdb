import type { World, SpanTask } from '../world.ts';
import { shareOfSpan } from '../core/blocks.ts';
import { EventType, EVENT_TYPE_COUNT, IS_CRIME } from '../core/events.ts';
import { Source } from '../core/tables.ts';

interface Search {
  types: Uint8Array;
  seenAs: Uint8Array;
  sources: Uint8Array;
  count: number;
  /** by event type: 1 for attempts at a gate, crimes (detention) and screen fees paid */
  byType: Uint8Array;
  /** by the type recorded: 1 for the offences a camera puts on a screen */
  byCamera: Uint8Array;
}

/**
 * The day's events that consequence acts on (attempts at a gate, crimes, offences a camera saw for
 * the screens, fees paid), found on every thread over a share of the events each (AT_STAKE), in
 * event order: the gates, screens and detention then go through these alone, in that order, on the
 * main thread, as they would through every event (each step skips the others' events).
 */
export function eventsAtStake(world: World): Int32Array[] {
  const { policy, scenario } = world;
  const byType = Uint8Array.from({ length: EVENT_TYPE_COUNT }, (_, t) => (policy.gatesByType[t].length > 0 || IS_CRIME[t] ? 1 : 0));
  const byCamera = new Uint8Array(EVENT_TYPE_COUNT);
  if (scenario.screens.enabled) {
    byType[EventType.screen_fee_paid] = 1;
    for (const o of scenario.screens.offences) byCamera[EventType[o]] = 1;
  }
  const { cols: ev, length: count } = world.events;
  const ob = world.observations.cols;
  return world.overCitizens(AT_STAKE, { types: ev.type, seenAs: ob.seenAs, sources: ob.source, count, byType, byCamera });
}

export const AT_STAKE: SpanTask<Search, Int32Array> = {
  name: 'consequence.at-stake',
  run(world, from, to, { types, seenAs, sources, count, byType, byCamera }) {
    const [first, end] = shareOfSpan(count, world.pop.n, from, to);
    const found = new Int32Array(end - first);
    let k = 0;
    for (let e = first; e < end; e++) if (byType[types[e]] || (sources[e] === Source.camera && byCamera[seenAs[e]])) found[k++] = e;
    return found.slice(0, k);
  },
};
