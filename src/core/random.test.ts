import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamKey, uniform, normal, bits, forEachPicked } from './random.ts';
import { BLOCK } from './blocks.ts';

test('draws are a pure function of their key', () => {
  const k = streamKey(42, 'x');
  assert.equal(uniform(k, 7, 3, 1), uniform(streamKey(42, 'x'), 7, 3, 1));
  assert.notEqual(uniform(k, 7, 3, 1), uniform(streamKey(43, 'x'), 7, 3, 1));
  assert.notEqual(uniform(k, 7, 3, 1), uniform(streamKey(42, 'y'), 7, 3, 1));
  assert.notEqual(uniform(k, 7, 3, 1), uniform(k, 8, 3, 1));
  assert.notEqual(uniform(k, 7, 3, 1), uniform(k, 7, 4, 1));
  assert.notEqual(uniform(k, 7, 3, 1), uniform(k, 7, 3, 2));
});

test('uniform draws are uniform over subjects (chi-square, 100 bins)', () => {
  const key = streamKey(1, 'chi');
  const bins = new Float64Array(100);
  const n = 1_000_000;
  for (let i = 0; i < n; i++) bins[Math.floor(uniform(key, i, 5, 0) * 100)]++;
  let chi = 0;
  for (const b of bins) chi += (b - n / 100) ** 2 / (n / 100);
  // 99 degrees of freedom: the 99.9th percentile is 148.2
  assert.ok(chi < 148.2, `chi-square ${chi}`);
});

test('neighbouring keys are uncorrelated (subjects, days, k)', () => {
  const key = streamKey(9, 'corr');
  const n = 200_000;
  const corr = (f: (i: number) => [number, number]) => {
    let sx = 0,
      sy = 0,
      sxy = 0,
      sxx = 0,
      syy = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = f(i);
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    return (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
  };
  // |r| < 4 / sqrt(n) is a four-sigma bound for independent draws
  const bound = 4 / Math.sqrt(n);
  assert.ok(Math.abs(corr((i) => [uniform(key, i, 0, 0), uniform(key, i + 1, 0, 0)])) < bound);
  assert.ok(Math.abs(corr((i) => [uniform(key, i, 0, 0), uniform(key, i, 1, 0)])) < bound);
  assert.ok(Math.abs(corr((i) => [uniform(key, i, 0, 0), uniform(key, i, 0, 1)])) < bound);
  assert.ok(Math.abs(corr((i) => [uniform(key, 0, i, 0), uniform(key, 0, i + 1, 0)])) < bound);
});

test('each output bit is fair', () => {
  const key = streamKey(3, 'bits');
  const ones = new Float64Array(32);
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const b = bits(key, i, 0, 0);
    for (let j = 0; j < 32; j++) ones[j] += (b >>> j) & 1;
  }
  for (const c of ones) assert.ok(Math.abs(c / n - 0.5) < 0.01);
});

test('normal draws have mean 0 and variance 1', () => {
  const key = streamKey(5, 'normal');
  let s = 0,
    ss = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const x = normal(key, i, 0, 0);
    s += x;
    ss += x * x;
  }
  assert.ok(Math.abs(s / n) < 0.01);
  assert.ok(Math.abs(ss / n - 1) < 0.02);
});

test('picks by waiting times: each citizen with probability p, independently, whatever the spans', () => {
  const key = streamKey(3, 'test.picks');
  const n = 5 * BLOCK + 123;
  for (const p of [0.002, 0.05, 0.5]) {
    const hits = new Uint32Array(n);
    const days = Math.ceil(400 / (p * BLOCK)) * 20;
    for (let day = 0; day < days; day++) forEachPicked(key, day, 0, n, p, (i) => hits[i]++);
    const total = hits.reduce((a, b) => a + b, 0);
    const expected = n * days * p;
    assert.ok(Math.abs(total - expected) < 4 * Math.sqrt(expected), `p = ${p}: ${total} picks, expected ${expected.toFixed(0)}`);
    // no part of a block is favoured: the first and last 64 citizens of each block are picked as often as the rest
    let edge = 0,
      edgeCount = 0;
    for (let i = 0; i < n; i++) if (i % BLOCK < 64 || i % BLOCK >= BLOCK - 64) (edge += hits[i]), edgeCount++;
    const edgeExpected = edgeCount * days * p;
    assert.ok(Math.abs(edge - edgeExpected) < 4 * Math.sqrt(edgeExpected), `p = ${p}: block edges ${edge} vs ${edgeExpected.toFixed(0)}`);
    // the same picks when the citizens are cut into spans at block boundaries
    const whole: number[] = [],
      cut: number[] = [];
    forEachPicked(key, 7, 0, n, p, (i) => whole.push(i));
    for (const [from, to] of [
      [0, 2 * BLOCK],
      [2 * BLOCK, 3 * BLOCK],
      [3 * BLOCK, n],
    ])
      forEachPicked(key, 7, from, to, p, (i) => cut.push(i));
    assert.deepEqual(cut, whole);
    assert.ok(
      whole.every((i, k) => i >= 0 && i < n && (k === 0 || i > whole[k - 1])),
      'in order, each at most once',
    );
  }
  const all: number[] = [];
  forEachPicked(key, 0, 10, 20, 1, (i) => all.push(i));
  assert.deepEqual(all, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 'p = 1 picks everyone');
  forEachPicked(key, 0, 0, n, 0, () => assert.fail('p = 0 picks no one'));
});
