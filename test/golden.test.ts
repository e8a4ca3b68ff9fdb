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
// and homophily as the full Pearson correlation of the pairs, so that a sample of citizens can be measured.
// Then a change of what is measured, not of any draw: a day of play shorter than every rule and
// list reads is counted, not emitted (policy/compile.ts quietBelow), so the platform keeps no
// record of it and it is no offence; every score, penalty and decision is the same
// (test/quiet-acts.test.ts), and observed.platform, broker.records_sold and offences.* moved.
const GOLDEN = 'f1915ff0a7d23903953ef1915a3625da83cfcfe6063d428d0480e024363ee9b9';

test('a fixed seed-2020 run gives the golden metrics', () => {
  const r = simulate(loadScenario('seed-2020', { 'population.citizens': 3000, days: 90, 'output.sampleRate': 0 }).scenario);
  const digest = metricsDigest(r);
  assert.equal(digest, GOLDEN, `metrics hash ${digest}: if the model changed on purpose, set GOLDEN to it`);
});
