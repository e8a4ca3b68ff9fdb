import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tQuantile, paired } from './paired.ts';
import { streamKey, normal } from '../core/random.ts';

test('t quantiles match tables', () => {
  // two-sided 95 %: df 1 12.706, 2 4.303, 5 2.571, 10 2.228, 30 2.042, 1000 1.962
  for (const [df, t] of [
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [30, 2.042],
    [1000, 1.962],
  ])
    assert.ok(Math.abs(tQuantile(0.975, df) - t) < 0.005, `df ${df}: ${tQuantile(0.975, df)}`);
});

test('paired confidence intervals cover a known effect at their nominal rate', () => {
  // a synthetic case: each replication shares a large random level (common random numbers), B adds 2
  const key = streamKey(7, 'test.paired');
  let covered = 0;
  const trials = 2000,
    n = 8;
  let reduction = 0;
  for (let t = 0; t < trials; t++) {
    const a: number[] = [],
      b: number[] = [];
    for (let r = 0; r < n; r++) {
      const shared = 50 * normal(key, t, r, 0);
      a.push(shared + normal(key, t, r, 2));
      b.push(shared + 2 + normal(key, t, r, 4));
    }
    const e = paired(a, b);
    if (e.ciLow <= 2 && 2 <= e.ciHigh) covered++;
    reduction += e.varianceReduction / trials;
  }
  const rate = covered / trials;
  assert.ok(Math.abs(rate - 0.95) < 0.015, `coverage ${rate}`);
  assert.ok(reduction > 0.99, `pairing removes the shared variance: ${reduction}`);
});

test('comparing a thing with itself gives exactly zero', () => {
  const e = paired([3, 5, 8], [3, 5, 8]);
  assert.equal(e.diff, 0);
  assert.equal(e.halfWidth, 0);
  assert.equal(e.effectSize, 0);
});
