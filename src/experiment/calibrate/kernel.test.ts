import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky, gaussianKernel, weightedCovariance } from './kernel.ts';
import { quantile, weightedQuantile } from './stats.ts';
import { priorOf, priorDensity } from './prior.ts';
import { factorSchema } from '../../scenario/factor-schema.ts';

test('the kernel has twice the weighted covariance: a move by L z, a density by the Mahalanobis distance', () => {
  const points = [
    [0, 0],
    [2, 1],
    [4, 5],
  ];
  const weights = [0.25, 0.5, 0.25];
  const cov = weightedCovariance(points, weights);
  assert.deepEqual(cov, [
    [2, 2.5],
    [2.5, 3.6875],
  ]);
  const l = cholesky(cov.map((r) => r.map((v) => 2 * v)))!;
  const kernel = gaussianKernel(points, weights, [1e-9, 1e-9]);
  assert.deepEqual(kernel.move([1, 1], [1, 0]), [1 + l[0][0], 1 + l[1][0]]);
  assert.ok(Math.abs(kernel.density(kernel.move([1, 1], [1, 2]), [1, 1]) - Math.exp(-0.5 * 5)) < 1e-12, 'z = (1, 2): q = 5');
  assert.equal(
    cholesky([
      [1, 2],
      [2, 1],
    ]),
    null,
    'not positive definite',
  );
  // a population collapsed on one point still moves, by the floor
  assert.deepEqual(gaussianKernel([[3], [3]], [0.5, 0.5], [0.1]).move([3], [1]), [3.1]);
});

test('weighted quantiles agree with plain ones for equal weights; priors have the support of their range', () => {
  const xs = [5, 1, 4, 2, 3];
  assert.equal(weightedQuantile(xs, [1, 1, 1, 1, 1], 0.5), 3);
  assert.equal(quantile(xs, 0.5), 3);
  assert.equal(weightedQuantile([1, 2], [3, 1], 0.5), 1 + (0.5 - 0.375) / (0.875 - 0.375));
  const log = priorOf(factorSchema.parse({ field: 'x', from: 0.01, to: 1, log: true }));
  assert.ok(Math.abs(log.value(log.draw(0.5)) - 0.1) < 1e-12, 'a log-uniform prior moves in the logarithm');
  const int = priorOf(factorSchema.parse({ field: 'n', from: 30, to: 365, integer: true }));
  assert.equal(int.value(100.4), 100);
  const normal = priorOf(factorSchema.parse({ field: 'y', distribution: 'normal', mean: 0, sd: 1, from: -1 }));
  assert.equal(priorDensity([int, normal], [100, -2]), 0);
  assert.ok(Math.abs(priorDensity([int, normal], [100, 1]) - Math.exp(-0.5)) < 1e-12);
});
