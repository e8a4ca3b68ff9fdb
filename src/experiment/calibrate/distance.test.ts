import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetSchema } from '../../scenario/calibration-schema.ts';
import { targetDistance, targetName, targetValue, targetWindows } from './distance.ts';

const summary = new Map([
  ['list.x.stock@0-364', 20],
  ['gate.f.denied@0-364', 0.1],
  ['gate.f.denied', 40],
  ['gate.t.denied', 8],
  ['gate.none.denied', 0],
]);

test('a target is scaled as its observation: per citizen, per another number of the run, times a constant', () => {
  const share = targetSchema.parse({ metric: 'list.x.stock', window: [0, 364], scale: 'per_citizen', observed: 0.01, uncertainty: 0.002 });
  assert.equal(targetValue(share, summary, 2000), 0.01);
  // blocked per listed person-year: a daily mean over the listed's daily mean, times 365
  const perYear = targetSchema.parse({ metric: 'gate.f.denied', window: [0, 364], per: { metric: 'list.x.stock', window: [0, 364] }, times: 365, observed: 1.3, uncertainty: 0.3 });
  assert.ok(Math.abs(targetValue(perYear, summary, 2000) - 1.825) < 1e-12);
  assert.equal(targetName(perYear), 'gate.f.denied@0-364 / list.x.stock@0-364 x 365');
  const ratio = targetSchema.parse({ metric: 'gate.f.denied', per: { metric: 'gate.t.denied' }, observed: 4.5, uncertainty: 1.5 });
  assert.equal(targetValue(ratio, summary, 2000), 5);
  assert.ok(Number.isNaN(targetValue({ ...ratio, per: { metric: 'gate.none.denied' } }, summary, 2000)), 'a zero denominator has no value');
  assert.ok(Number.isNaN(targetValue({ ...ratio, metric: 'missing' }, summary, 2000)));
  assert.deepEqual(targetWindows([share, perYear]), [
    { metric: 'list.x.stock', from: 0, to: 364 },
    { metric: 'gate.f.denied', from: 0, to: 364 },
  ]);
});

test('the distance is the root mean square of the errors in uncertainties; a missing value is infinitely far', () => {
  const a = targetSchema.parse({ metric: 'a', observed: 10, uncertainty: 2 });
  const b = targetSchema.parse({ metric: 'b', observed: 0, uncertainty: 1 });
  assert.equal(targetDistance([a, b], [14, 0]), Math.sqrt((2 ** 2 + 0) / 2));
  assert.equal(targetDistance([a, b], [10, Number.NaN]), Infinity);
});
