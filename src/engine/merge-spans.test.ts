import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBuffer, reserve } from '../core/buffer.ts';
import { EVENT_COLUMNS } from '../core/tables.ts';
import { mergeSpanEvents } from './merge-spans.ts';
import { reproducible } from '../../test/helpers.ts';

/** Events of `spans` spans x `mechanisms` mechanisms, each row tagged (mechanism, span, k). */
function write(buf: ReturnType<typeof createBuffer<typeof EVENT_COLUMNS>>, counts: number[], span: number): number[] {
  const ends: number[] = [];
  counts.forEach((count, m) => {
    for (let k = 0; k < count; k++) {
      const i = reserve(buf);
      buf.cols.type[i] = m;
      buf.cols.actor[i] = span;
      buf.cols.target[i] = k;
    }
    ends.push(buf.length);
  });
  return ends;
}

test('merged spans list each mechanism, span after span, as one thread would', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(40), { minLength: 24, maxLength: 24 }), (mechanisms, spans, raw) => {
      const counts = Array.from({ length: spans }, (_, s) => Array.from({ length: mechanisms }, (_, m) => raw[s * mechanisms + m]));
      const first = createBuffer(EVENT_COLUMNS, 4); // small, so the merge has to grow it
      const firstEnds = write(first, counts[0], 0);
      const later = counts.slice(1).map((c, s) => {
        const b = createBuffer(EVENT_COLUMNS, 4);
        const ends = write(b, c, s + 1);
        return { cols: b.cols, ends };
      });
      mergeSpanEvents(first, firstEnds, later);
      const expected: string[] = [];
      for (let m = 0; m < mechanisms; m++) for (let s = 0; s < spans; s++) for (let k = 0; k < counts[s][m]; k++) expected.push(`${m}.${s}.${k}`);
      const got = Array.from({ length: first.length }, (_, i) => `${first.cols.type[i]}.${first.cols.actor[i]}.${first.cols.target[i]}`);
      assert.deepEqual(got, expected);
    }),
    reproducible,
  );
});
