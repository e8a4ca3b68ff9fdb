import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamKey, uniform, normal, bits } from './random.ts';

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
    let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = f(i);
      sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
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
  let s = 0, ss = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) { const x = normal(key, i, 0, 0); s += x; ss += x * x; }
  assert.ok(Math.abs(s / n) < 0.01);
  assert.ok(Math.abs(ss / n - 1) < 0.02);
});
