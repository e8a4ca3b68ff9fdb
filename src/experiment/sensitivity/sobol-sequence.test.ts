import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sobolPoints, SOBOL_MAX_DIMENSIONS } from './sobol-sequence.ts';

test('the Sobol sequence matches the Joe-Kuo generator (values from SALib 1.5, sobol_sequence.sample(1024, 256))', () => {
  const x = sobolPoints(1024, SOBOL_MAX_DIMENSIONS);
  const at = (i: number, d: number) => x[i * SOBOL_MAX_DIMENSIONS + d];
  const reference: [number, number, number][] = [
    [1, 0, 0.5],
    [2, 1, 0.25],
    [5, 2, 0.125],
    [37, 39, 0.078125],
    [100, 79, 0.6015625],
    [513, 150, 0.6318359375],
    [1023, 255, 0.8427734375],
    [777, 200, 0.9912109375],
  ];
  for (const [i, d, v] of reference) assert.equal(at(i, d), v, `point ${i}, dimension ${d + 1}`);
  assert.deepEqual([...sobolPoints(4, 2)], [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]);
});

test('starting later gives the same points, and an aligned block of 2^m points is a net', () => {
  const whole = sobolPoints(256, 40);
  const tail = sobolPoints(128, 40, 128);
  assert.deepEqual([...tail], [...whole.subarray(128 * 40)]);
  // every dimension of the block puts one point in each of 128 equal intervals
  for (let d = 0; d < 40; d++) assert.equal(new Set(Array.from({ length: 128 }, (_, i) => Math.floor(tail[i * 40 + d] * 128))).size, 128, `dimension ${d + 1}`);
  // and pairs of dimensions one point in each of the 16 x 8 boxes (t = 0 for the first two)
  assert.equal(new Set(Array.from({ length: 128 }, (_, i) => `${Math.floor(tail[i * 40] * 16)},${Math.floor(tail[i * 40 + 1] * 8)}`)).size, 128);
});

test('too many dimensions are refused', () => {
  assert.throws(() => sobolPoints(4, SOBOL_MAX_DIMENSIONS + 1), /1 to 256 dimensions/);
});
