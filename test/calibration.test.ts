import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { series, total } from '../src/measure/series.ts';

/**
 * The calibrated `as-implemented` scenario shows the stylized facts of docs/calibration.md.
 * One run, 12,000 citizens (all adults) for five years, a fixed seed; the tolerances are wide
 * enough for other seeds (checked with seeds 1-4) but fail if a mechanism breaks: debtors who
 * cannot leave the list, travellers who never retry, bans that press no one, city points that
 * drift away from their start.
 */
const CITIZENS = 12_000;
const YEAR = 365;
const DAYS = 5 * YEAR;
const SEED = 1;

const { scenario } = loadScenario('as-implemented', { 'population.citizens': CITIZENS, days: DAYS, 'output.sampleRate': 0 });
const run = simulate(scenario, { seed: SEED });

const stock = new Map(series(run, 'list.court_blacklist.stock'));
/** list stock at the end of year y (1-based), as a share of adults */
const stockAt = (y: number) => (stock.get(y * YEAR - 1) ?? NaN) / CITIZENS;
const sumOver = (name: string, fromYear: number, toYear: number) => series(run, name).reduce((a, [d, v]) => (d >= (fromYear - 1) * YEAR && d < toYear * YEAR ? a + v : a), 0);
const last = (name: string) => series(run, name).at(-1)![1];
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

test('1. the court blacklist grows to about 1 % of adults, then flattens as exits catch up', () => {
  const s3 = stockAt(3);
  assert.ok(s3 > 0.006 && s3 < 0.016, `stock at year 3 ${pct(s3)} of adults, expected 0.6-1.6 % (SPC: ~1.2 % of adults by 2018-19)`);
  const early = stockAt(2); // growth over years 1-2, from an empty list
  const late = stockAt(5) - stockAt(3); // growth over years 4-5
  assert.ok(late < early / 2, `growth in years 4-5 (${pct(late)}) should be under half of years 1-2 (${pct(early)})`);
  const inflow = sumOver('list.court_blacklist.inflow', 4, 5);
  const outflow = sumOver('list.court_blacklist.outflow', 4, 5);
  assert.ok(outflow > 0.7 * inflow, `years 4-5: outflow ${outflow} should roughly balance inflow ${inflow}`);
});

test('2. blocked purchases outnumber listed people, flights more than trains', () => {
  const flights = total(run, 'gate.flight_ban.denied');
  const trains = total(run, 'gate.fast_train_ban.denied');
  // listings counted with repeats: at least the number of people ever listed
  const listings = total(run, 'list.court_blacklist.inflow');
  assert.ok(flights > 1.5 * trains, `flights blocked ${flights} vs trains ${trains} (SPC: 27.3M vs ~6M)`);
  assert.ok(flights + trains > listings, `blocked purchases ${flights + trains} should outnumber listings ${listings}`);
});

test('3. a share of debtors repays under the pressure of the bans', () => {
  const pressed = total(run, 'debtors.repaid_under_bans');
  const outflow = total(run, 'list.court_blacklist.outflow');
  assert.ok(outflow > 0);
  const share = pressed / outflow;
  assert.ok(share > 0.1 && share < 0.65, `repaid under bans ${pressed} = ${pct(share)} of list outflow ${outflow}, expected 10-65 % (calibrated ~40 %)`);
});

test('4. city points cluster near their start: the median within 10 points of 1000, most in tier A', () => {
  const median = last('score.city_points.p50');
  assert.ok(Math.abs(median - 1000) <= 10, `city points median ${median}`);
  const tierA = last('tier.city_points.A') + last('tier.city_points.AA') + last('tier.city_points.AAA');
  assert.ok(tierA > 0.8, `share in tier A or above ${pct(tierA)}`);
});
