import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noiseOf, pointMeans, morrisNoiseFloor, totalIndexNoise } from './noise.ts';
import { morrisDesign } from './morris.ts';

const replicated = (points: number, R: number, f: (p: number, r: number) => number) => ({
  values: Float64Array.from({ length: points * R }, (_, i) => f(Math.floor(i / R), i % R)),
  points,
  replications: R,
});

test('a seed effect common to every point is noise of a run but none of the point means', () => {
  // y = point effect + a seed's shift shared by every point: common random numbers cancel it
  const runs = replicated(10, 3, (p, r) => p + [0, 5, -5][r]);
  const n = noiseOf(runs);
  assert.ok(Math.abs(n.seedVariance - 25) < 1e-9, `${n.seedVariance}`);
  assert.ok(n.residualVariance < 1e-12);
  assert.equal(n.meanShare, 0);
  assert.ok(Math.abs(n.runShare - 25 / (25 + n.pointVariance)) < 1e-12);
  assert.deepEqual([...pointMeans(runs)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('noise that differs from point to point is left in the means, at 1/R of its variance', () => {
  // point effect 0 everywhere; a point x seed interaction of variance 2 (±√2 in a checkerboard of signs)
  const runs = replicated(200, 2, (p, r) => ((p + r) % 2 ? 1 : -1) * Math.SQRT2);
  const n = noiseOf(runs);
  assert.ok(Math.abs(n.seedVariance - 4) < 1e-9 && Math.abs(n.residualVariance - 4 * (200 / 199)) < 0.05, JSON.stringify(n));
  assert.ok(n.runShare === 1 && Number.isNaN(n.meanShare), 'the point means do not vary: all of a run is noise');
});

test("a factor without effect has noise floors of zero; paired noise gives Morris's floor s √(2/π)", () => {
  const d = morrisDesign(30, 2, 4, 1);
  const points = 30 * 3;
  assert.deepEqual(
    [
      ...morrisNoiseFloor(
        d,
        replicated(points, 2, () => 7),
      ),
    ],
    [0, 0],
  );
  // independent noise of sd 1 at every run: an effect's noise is sd √2 / Δ per replication, / √R averaged
  const noisy = replicated(points, 2, (p, r) => (Math.sin(p * 12.9898 + r * 78.233) * 43758.5453) % 1);
  const floor = morrisNoiseFloor(d, noisy);
  assert.ok(floor.every((x) => x > 0));
  assert.deepEqual(
    [
      ...totalIndexNoise(
        replicated(4 * 5, 2, () => 1),
        3,
        1,
      ),
    ],
    [0, 0, 0],
  );
});
