import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendMerged, createBuffer, reserve, type Rows } from './buffer.ts';

const SPEC = { event: Uint32Array, part: Uint8Array, value: Float32Array } as const;

function rows(part: number, events: number[]): Rows<typeof SPEC> {
  return { cols: { event: Uint32Array.from(events), part: Uint8Array.from(events, () => part), value: Float32Array.from(events, (e) => e / 2) }, length: events.length };
}

test('appendMerged writes the parts after what the table holds, in order of the key, a tie to the earlier part', () => {
  const target = createBuffer(SPEC, 16); // grows past its capacity
  const j = reserve(target);
  target.cols.event[j] = 99;
  const parts = [rows(0, [1, 2, 2, 7, 8, 20]), rows(1, [0, 2, 3, 4, 9]), rows(2, []), rows(3, [5, 6, 21, 22, 23, 24, 25, 26, 27, 28])];
  appendMerged(target, parts, 'event');
  const n = target.length;
  assert.equal(n, 22);
  const got = Array.from({ length: n }, (_, k) => [target.cols.event[k], target.cols.part[k], target.cols.value[k]]);
  const want = [[99, 0, 0], ...[0, 1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24, 25, 26, 27, 28].map((e, k) => [e, [1, 0, 0, 0, 1, 1, 1, 3, 3, 0, 0, 1, 0, 3, 3, 3, 3, 3, 3, 3, 3][k], e / 2])];
  assert.deepEqual(got, want);
});
