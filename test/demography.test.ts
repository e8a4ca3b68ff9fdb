import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { metricSeries, total } from '../src/measure/series.ts';
import { EventType, IS_DEPARTURE } from '../src/core/events.ts';
import { mortality } from '../src/life/demography.ts';
import type { World } from '../src/world.ts';

/**
 * "Throughout the life of the subject" (issue 13 part 6): the population ages, is born into, dies
 * and moves, and the dead leave every score and list.
 */
const TEN_YEARS = 3650;

test('over ten years the age structure stays within its sources: deaths near the crude death rate, the old share near the census', () => {
  const s = loadScenario('none', { 'population.citizens': 4000, days: TEN_YEARS, 'output.sampleRate': 0 }).scenario;
  const r = simulate(s);
  const c = r.world.pop.citizens;
  const years = TEN_YEARS / 365;
  // NBS 2020: 7.07 deaths per 1,000 people, ~9 per 1,000 adults (children hardly die); 2023: 7.87 per 1,000
  const deathRate = (1000 * total(r, 'acts.died')) / (4000 * years);
  assert.ok(deathRate > 7 && deathRate < 12, `deaths per 1,000 adults a year: ${deathRate}`);
  // NBS: 60+ is 23.6 % of adults in the 2020 census and 26 % in 2023; the population ages, within bounds
  const over60 = metricSeries(r).series('population.over_60');
  for (const [day, share] of over60) assert.ok(share > 0.17 && share < 0.33, `share over 60 on day ${day}: ${share}`);
  assert.ok(over60[over60.length - 1][1] > over60[0][1], 'the population ages');
  const meanAge = metricSeries(r).series('population.mean_age');
  const rise = meanAge[meanAge.length - 1][1] - meanAge[0][1];
  assert.ok(rise > 0 && rise < 0.6 * years, `mean age rose by ${rise} years in ${years}`);
  for (let i = 0; i < c.age.length; i++) assert.ok(c.age[i] >= s.population.minAge && c.age[i] <= 110);
  // every place left is taken again: as many enter as leave, the dead replaced by those coming of age
  assert.equal(total(r, 'acts.came_of_age'), total(r, 'acts.died'));
  assert.equal(total(r, 'acts.moved_in'), total(r, 'acts.moved_away'));
  const moveRate = total(r, 'acts.moved_away') / (4000 * years);
  assert.ok(Math.abs(moveRate - s.life.demography.moveAwayPerYear) < 0.006, `moves away a year: ${moveRate}`);
  const births = total(r, 'acts.born') / years;
  assert.ok(births > 0, 'children are born');
  const entrants = metricSeries(r).series('population.entrants');
  assert.ok(entrants[entrants.length - 1][1] > 0.2, 'a quarter of the city is new after ten years');
});

test('mortality rises with age, is higher for men and for the ill', () => {
  const d = loadScenario('none').scenario.life.demography;
  assert.ok(mortality(d, 80, true, 1) > 10 * mortality(d, 40, true, 1));
  assert.ok(mortality(d, 60, false, 1) > mortality(d, 60, true, 1));
  assert.ok(mortality(d, 60, true, 0.2) > 1.5 * mortality(d, 60, true, 1));
});

test('the dead leave every list and every score; entrants start with no history', () => {
  // many deaths, in a year of the seed's system with its lists
  const s = loadScenario('seed-2020', { 'population.citizens': 3000, days: 365, 'output.sampleRate': 0, 'life.demography.mortalityBase': 0.3 }).scenario;
  let departures = 0,
    listedAtDeath = 0,
    entrants = 0;
  const check = (world: World) => {
    const ev = world.events.cols;
    for (let e = 0; e < world.events.length; e++) {
      const i = ev.actor[e];
      if (IS_DEPARTURE[ev.type[e]]) {
        departures++;
        world.policy.lists.forEach((l, k) => {
          if (l.kind === 'citizens') assert.equal(world.standing.listed[k][i], 0, `citizen ${i} left on day ${world.day} but is still on ${l.id}`);
        });
        world.policy.scorers.forEach((sc, k) => {
          if (sc.kind === 'citizens') assert.equal(world.standing.scores[k][i], Math.fround(sc.base), `citizen ${i} left but keeps a score with ${sc.id}`);
        });
      }
    }
    for (let j = 0; j < world.listChanges.length; j++) {
      const e = world.listChanges.cols.event[j];
      if (e < world.events.length && IS_DEPARTURE[typeOf(world, e)]) listedAtDeath++;
    }
  };
  const typeOf = (world: World, e: number) => world.events.cols.type[e];
  // after life, before anything has judged the day: an entrant is as new as on the first day
  const fresh = (world: World) => {
    const c = world.pop.citizens;
    for (let e = 0; e < world.events.length; e++) {
      const i = world.events.cols.actor[e];
      if (typeOf(world, e) !== EventType.came_of_age && typeOf(world, e) !== EventType.moved_in) continue;
      entrants++;
      assert.equal(c.arrivedOn[i], world.day);
      assert.equal(c.wrongfulPenalties[i], 0);
      assert.equal(c.denials[i], 0);
      assert.equal(c.shownUntil[i], -1);
      assert.equal(c.detainedUntil[i], -1);
      world.policy.scorers.forEach((sc, k) => {
        if (sc.kind === 'citizens') assert.equal(world.standing.scores[k][i], Math.fround(sc.base));
      });
    }
  };
  simulate(s, { interventions: [{ dusk: check, afterLife: fresh }] });
  assert.ok(departures > 500, `departures: ${departures}`);
  assert.ok(entrants >= departures - 10, `entrants ${entrants} for ${departures} departures`);
  assert.ok(listedAtDeath > 0, 'some of the dead were on a list, and left it');
});

test('children a private school turned away grow up to earn less: paired, with and without the cost of a worse school', () => {
  const run = (cost: number) => simulate(loadScenario('seed-2020', { 'population.citizens': 3000, days: TEN_YEARS, 'output.sampleRate': 0, 'life.demography.worseSchoolWage': cost }).scenario);
  const [a, b] = [run(0), run(0.1)];
  const c = b.world.pop.citizens;
  let worse = 0;
  for (let i = 0; i < c.worseSchool.length; i++) if (c.worseSchool[i]) worse++;
  assert.ok(worse > 20, `adults schooled worse: ${worse}`);
  const ratio = (r: typeof a) => metricSeries(r).series('schooling.worse_schooled_income_ratio').at(-1)?.[1] ?? NaN;
  // the same entrants (common random numbers): the cost lowers their income against the others by about its size
  const drop = ratio(b) / ratio(a);
  assert.ok(drop > 0.85 && drop < 0.95, `income ratio ${ratio(a)} without the cost, ${ratio(b)} with it`);
  // without the system, no private school turns anyone away
  const none = simulate(loadScenario('none', { 'population.citizens': 3000, days: 730, 'output.sampleRate': 0 }).scenario);
  assert.equal(metricSeries(none).series('schooling.worse_schooled_adults').at(-1)?.[1], 0);
});
