import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saltelliDesign, saltelliPoints, saltelliRole } from './saltelli.ts';
import { sobolIndices } from './sobol-indices.ts';

/** Evaluate f on every point of a Saltelli design, each coordinate scaled from [0, 1) by `scale`. */
function evaluate(n: number, k: number, f: (x: number[]) => number, scale = (u: number) => u): Float64Array {
  const rows = saltelliDesign(n, k);
  return Float64Array.from({ length: saltelliPoints(n, k) }, (_, p) => f(Array.from(rows.subarray(p * k, (p + 1) * k), scale)));
}

const within = (v: number, ci: { low: number; high: number }, what: string) => assert.ok(ci.low <= v && v <= ci.high, `${what}: ${v.toFixed(4)} outside [${ci.low.toFixed(4)}, ${ci.high.toFixed(4)}]`);

test('Ishigami (a = 7, b = 0.1): first-order and total indices recovered within their intervals', () => {
  const a = 7,
    b = 0.1;
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2,
    v2 = a ** 2 / 8,
    v13 = ((b ** 2 * pi4 ** 2) / 18 - (b ** 2 * pi4 ** 2) / 50) * 1;
  const v = v1 + v2 + v13;
  const first = [v1 / v, v2 / v, 0];
  const total = [(v1 + v13) / v, v2 / v, v13 / v];
  assert.deepEqual(
    first.map((s) => +s.toFixed(3)),
    [0.314, 0.442, 0],
  );
  assert.deepEqual(
    total.map((s) => +s.toFixed(3)),
    [0.558, 0.442, 0.244],
  );
  const y = evaluate(
    4096,
    3,
    ([x1, x2, x3]) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1),
    (u) => -Math.PI + 2 * Math.PI * u,
  );
  const r = sobolIndices(y, 3, { resamples: 500, seed: 1 });
  r.factors.forEach((f, i) => {
    within(first[i], f.firstCi, `S${i + 1}`);
    within(total[i], f.totalCi, `ST${i + 1}`);
    assert.ok(f.firstCi.high - f.firstCi.low < 0.1 && f.totalCi.high - f.totalCi.low < 0.1, 'intervals narrow enough to mean something');
    assert.ok(Math.abs(f.first - first[i]) < 0.03 && Math.abs(f.total - total[i]) < 0.03, `estimates near the truth (${f.first}, ${f.total})`);
  });
  assert.ok(Math.abs(r.variance - v) / v < 0.03, `V(Y) ${r.variance} against ${v}`);
});

test('Sobol G function (a = 0, 1, 4.5, 9, 99, 99, 99, 99): analytic indices recovered within their intervals', () => {
  const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const v = vi.reduce((p, x) => p * (1 + x), 1) - 1;
  const first = vi.map((x) => x / v);
  const total = vi.map((x, i) => (x * vi.reduce((p, y, j) => (j === i ? p : p * (1 + y)), 1)) / v);
  const y = evaluate(4096, 8, (x) => x.reduce((p, xi, i) => (p * (Math.abs(4 * xi - 2) + a[i])) / (1 + a[i]), 1));
  const r = sobolIndices(y, 8, { resamples: 500, seed: 2 });
  r.factors.forEach((f, i) => {
    within(first[i], f.firstCi, `S${i + 1}`);
    within(total[i], f.totalCi, `ST${i + 1}`);
  });
  // the nearly inert inputs (a = 99) have intervals that hold zero or lie close to it
  for (const f of r.factors.slice(4)) assert.ok(f.totalCi.high < 0.01 && f.firstCi.low < 0.01, `a = 99: ${JSON.stringify(f)}`);
});

test('an inert factor gets indices of exactly zero, and a sample with a NaN output is left out', () => {
  const y = evaluate(64, 3, ([x1, , x3]) => x1 + 2 * x3);
  y[5] = NaN; // base sample 1
  const r = sobolIndices(y, 3, { resamples: 200, seed: 3 });
  assert.equal(r.samples, 63);
  assert.deepEqual(r.factors[1], { first: 0, firstCi: { low: 0, high: 0 }, total: 0, totalCi: { low: 0, high: 0 } });
  assert.ok(r.factors[2].first > r.factors[0].first);
});

test("a Saltelli design's A_B^i differ from A in column i only", () => {
  const k = 4;
  const rows = saltelliDesign(8, k);
  for (let p = 0; p < saltelliPoints(8, k); p++) {
    const role = saltelliRole(p, k);
    if (role.matrix !== 'AB') continue;
    const a = role.sample * (k + 2) * k,
      b = (role.sample * (k + 2) + k + 1) * k;
    for (let i = 0; i < k; i++) assert.equal(rows[p * k + i], i === role.factor ? rows[b + i] : rows[a + i]);
  }
});
