import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../src/engine/simulate.ts';
import { metricsDigest } from '../src/measure/series.ts';
import { loadScenario } from '../src/load/scenario.ts';

/**
 * The golden hash of a fixed run's every metric. It guards optimisations: a faster engine must
 * give the same numbers. When the model changes on purpose, update GOLDEN (and say so in the
 * commit): run this test and copy the hash it prints.
 */
// issue 15: sums over citizens taken per block of 4,096 and added in block order, so that they are
// the same for any number of threads (core/blocks.ts): the one change of this hash the issue allows;
// with it, a fix (on the first day nobody was on a screen yesterday: respond.ts had shamed everyone)
// and homophily as the full Pearson correlation of the pairs, so that a sample of citizens can be measured
const GOLDEN = '5233510fe9a13aca7e64d005dd2c42b163f0ea8520e564edb1d4a5f4d5e47da4';

test('a fixed seed-2020 run gives the golden metrics', () => {
  const r = simulate(loadScenario('seed-2020', { 'population.citizens': 3000, days: 90, 'output.sampleRate': 0 }).scenario);
  const digest = metricsDigest(r);
  assert.equal(digest, GOLDEN, `metrics hash ${digest}: if the model changed on purpose, set GOLDEN to it`);
});
