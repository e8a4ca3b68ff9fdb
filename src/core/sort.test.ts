import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reproducible } from '../../test/helpers.ts';
import { sortFloat32, mergeSorted } from './sort.ts';

const same = (a: Float32Array, b: Float32Array) => assert.deepEqual(new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length));

test('sortFloat32 orders as Float32Array.prototype.sort does, bit for bit: negatives, both zeros, infinities, NaN last', () => {
  const special = [0, -0, 1, -1, Infinity, -Infinity, Number.NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 1200, 1200];
  const values = Float32Array.from({ length: 20_000 }, (_, i) => (i < special.length ? special[i] : (Math.sin(i * 12.9898) * 43758.5453) % 5000));
  const expected = Float32Array.from(values).sort();
  same(sortFloat32(Float32Array.from(values)), expected);
  assert.ok(Number.isNaN(expected[expected.length - 1]));
});

test('sortFloat32 agrees with the comparison sort on any array, short or long, and sorts in place', () => {
  fc.assert(
    fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 3000 }), fc.integer({ min: 1, max: 4 }), (items, copies) => {
      const values = Float32Array.from(Array.from({ length: copies }, () => items).flat());
      const expected = Float32Array.from(values).sort();
      const sorted = sortFloat32(values);
      assert.equal(sorted, values);
      same(sorted, expected);
    }),
    { ...reproducible, numRuns: 60 },
  );
});

test("mergeSorted gives the sorted concatenation of sorted parts, of the parts' own type; one part comes back as it is", () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), { minLength: 1, maxLength: 4 }), (lists) => {
      const parts = lists.map((l) => Int32Array.from(l).sort());
      const merged = mergeSorted(parts);
      assert.ok(merged instanceof Int32Array);
      assert.deepEqual(
        [...merged],
        parts.flatMap((p) => [...p]).sort((a, b) => a - b),
      );
      if (parts.length === 1) assert.equal(merged, parts[0]);
    }),
    { ...reproducible, numRuns: 100 },
  );
  assert.deepEqual([...mergeSorted([Float32Array.of(0.5, 2), Float32Array.of(1, 3)])], [0.5, 1, 2, 3]);
});
