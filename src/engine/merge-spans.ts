import { ensureCapacity, type Buffer } from '../core/buffer.ts';
import type { Columns } from '../core/columns.ts';
import { EVENT_COLUMNS } from '../core/tables.ts';

type EventBuffer = Buffer<typeof EVENT_COLUMNS>;

/** The events one thread wrote for its span: `ends[m]` is where mechanism m's events end. */
export interface SpanEvents {
  cols: Columns<typeof EVENT_COLUMNS>;
  ends: number[];
}

/**
 * Merge the events of later spans into `events`, which holds the first span's: the result lists
 * each mechanism's events span after span, exactly as one thread going through every citizen
 * would have written them. The first span's segments move in place, last to first, so no row is
 * overwritten before it moves.
 */
export function mergeSpanEvents(events: EventBuffer, firstEnds: number[], later: SpanEvents[]): void {
  const spans = [firstEnds, ...later.map((s) => s.ends)];
  const mechanisms = firstEnds.length;
  const start = (ends: number[], m: number) => (m === 0 ? 0 : ends[m - 1]);
  const length = (s: number, m: number) => spans[s][m] - start(spans[s], m);
  const total = spans.reduce((sum, ends) => sum + (ends[mechanisms - 1] ?? 0), 0);
  ensureCapacity(events, total);
  const names = Object.keys(EVENT_COLUMNS) as (keyof typeof EVENT_COLUMNS)[];
  let dest = total;
  for (let m = mechanisms - 1; m >= 0; m--) {
    for (let s = spans.length - 1; s >= 1; s--) {
      const len = length(s, m);
      dest -= len;
      const from = start(spans[s], m);
      for (const name of names) events.cols[name].set(later[s - 1].cols[name].subarray(from, from + len) as never, dest);
    }
    const len = length(0, m);
    dest -= len;
    const from = start(firstEnds, m);
    if (dest !== from) for (const name of names) events.cols[name].copyWithin(dest, from, from + len);
  }
  events.length = total;
}
