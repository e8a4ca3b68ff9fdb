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
const GOLDEN = '0fbf73fa30eccaf57ab11e8b280f3f0ca40ec21d07ac353fa5742c3303dd8e5e';

test('a fixed seed-2020 run gives the golden metrics', () => {
  const r = simulate(loadScenario('seed-2020', { 'population.citizens': 3000, days: 90, 'output.sampleRate': 0 }).scenario);
  const digest = metricsDigest(r);
  assert.equal(digest, GOLDEN, `metrics hash ${digest}: if the model changed on purpose, set GOLDEN to it`);
});
