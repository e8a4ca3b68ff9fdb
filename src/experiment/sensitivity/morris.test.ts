import { test } from 'node:test';
import assert from 'node:assert/strict';
import { morrisDesign, morrisIndices, elementaryEffects } from './morris.ts';

const outputs = (design: ReturnType<typeof morrisDesign>, f: (x: number[]) => number) =>
  Float64Array.from({ length: design.trajectories * (design.factors + 1) }, (_, p) => f(Array.from(design.rows.subarray(p * design.factors, (p + 1) * design.factors))));

test('each trajectory moves every factor once by Δ = p / (2 (p - 1)), on the grid', () => {
  const d = morrisDesign(20, 5, 4, 1);
  for (let t = 0; t < 20; t++) {
    assert.deepEqual([...d.moved.subarray(t * 5, t * 5 + 5)].sort(), [0, 1, 2, 3, 4]);
    for (let s = 1; s <= 5; s++) {
      const before = d.rows.subarray((t * 6 + s - 1) * 5, (t * 6 + s) * 5);
      const after = d.rows.subarray((t * 6 + s) * 5, (t * 6 + s + 1) * 5);
      const changed = [...after].map((x, i) => Math.abs(x - before[i])).filter((x) => x > 0);
      assert.equal(changed.length, 1);
      assert.ok(Math.abs(changed[0] - 2 / 3) < 1e-12);
      for (const x of after) assert.ok([0, 1 / 3, 2 / 3, 1].some((l) => Math.abs(l - x) < 1e-12));
    }
  }
});

test('a linear function: mu is each coefficient, sigma 0, and the inert input gets mu* = 0 with the interval [0, 0]', () => {
  const c = [3, -2, 0, 0.5];
  const d = morrisDesign(12, 4, 6, 2);
  const r = morrisIndices(
    d,
    outputs(d, (x) => x.reduce((s, xi, i) => s + c[i] * xi, 0)),
    { resamples: 200, seed: 2 },
  );
  r.forEach((m, i) => {
    assert.ok(Math.abs(m.mu - c[i]) < 1e-9 && Math.abs(m.muStar - Math.abs(c[i])) < 1e-9 && m.sigma < 1e-9, JSON.stringify(m));
    assert.equal(m.effects, 12);
  });
  assert.deepEqual([r[2].muStar, r[2].muStarCi.low, r[2].muStarCi.high], [0, 0, 0]);
});

test('Sobol G function: mu* ranks the inputs as their importance (a = 0 first, a = 99 last) and the elementary effects are exact', () => {
  const a = [0, 1, 4.5, 9, 99, 99];
  const g = (x: number[]) => x.reduce((p, xi, i) => (p * (Math.abs(4 * xi - 2) + a[i])) / (1 + a[i]), 1);
  const d = morrisDesign(50, 6, 4, 3);
  const y = outputs(d, g);
  const r = morrisIndices(d, y, { resamples: 300, seed: 3 });
  for (let i = 0; i + 1 < 4; i++) assert.ok(r[i].muStarCi.low > r[i + 1].muStar, `factor ${i + 1} above factor ${i + 2}`);
  assert.ok(r[4].muStar < 0.05 * r[0].muStar && r[5].muStar < 0.05 * r[0].muStar);
  // Morris's elementary effect of x1 on the step from the trajectory's first point, by hand
  const effects = elementaryEffects(d, y);
  const i = d.moved[0];
  const x0 = Array.from(d.rows.subarray(0, 6)),
    x1 = Array.from(d.rows.subarray(6, 12));
  assert.ok(Math.abs(effects[i] - (g(x1) - g(x0)) / (x1[i] - x0[i])) < 1e-12);
});
