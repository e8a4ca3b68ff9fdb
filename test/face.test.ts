import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../src/load/scenario.ts';
import { createCity } from '../src/city/city.ts';
import { createPopulation } from '../src/population/create.ts';
import { createFaceModel, searchFace, NO_MATCH } from '../src/observe/face.ts';
import { cellSize, cellMember } from '../src/population/cells.ts';
import { streamKey, uniform, below } from '../src/core/random.ts';

const SEARCHES = 1_000_000;
const Z = 3.89; // two-sided 99.99 %: the test is run often, so keep false alarms rare

test('over a million searches per group, wrongful attributions match FPIR x multipliers and misses match FNIR', () => {
  const { scenario } = loadScenario('none', { 'population.citizens': 20_000 });
  const pop = createPopulation(scenario, createCity(scenario, 3), 3);
  const model = createFaceModel(scenario);
  const key = streamKey(11, 'test.face');
  const c = pop.citizens;
  scenario.population.groups.forEach((group, g) => {
    const men = cellSize(pop.cells, 2 * g),
      size = men + cellSize(pop.cells, 2 * g + 1); // both sexes of group g
    let wrongful = 0,
      expectedWrongful = 0,
      varWrongful = 0,
      noFalse = 0,
      missed = 0;
    for (let s = 0; s < SEARCHES; s++) {
      const r = below(key, s, g, 0, size);
      const actor = r < men ? cellMember(pop.cells, c, 2 * g, r) : cellMember(pop.cells, c, 2 * g + 1, r - men);
      const p = scenario.observe.fpir * group.fpirMultiplier * (c.sex[actor] === 1 ? scenario.population.femaleFpirMultiplier : 1);
      expectedWrongful += p;
      varWrongful += p * (1 - p);
      const named = searchFace(model, pop, actor, uniform(key, s, g, 1), uniform(key, s, g, 2), uniform(key, s, g, 3));
      if (named !== NO_MATCH && named !== actor) {
        wrongful++;
        assert.equal(c.group[named], g, 'false matches stay within the group');
        assert.equal(c.sex[named], c.sex[actor], 'and the sex');
      } else {
        noFalse++;
        if (named === NO_MATCH) missed++;
      }
    }
    const z = (wrongful - expectedWrongful) / Math.sqrt(varWrongful);
    assert.ok(Math.abs(z) < Z, `${group.name}: ${wrongful} wrongful vs ${expectedWrongful.toFixed(0)} expected (z = ${z.toFixed(2)})`);
    const fnir = scenario.observe.fnir;
    const zMiss = (missed - noFalse * fnir) / Math.sqrt(noFalse * fnir * (1 - fnir));
    assert.ok(Math.abs(zMiss) < Z, `${group.name}: ${missed} misses of ${noFalse} vs FNIR ${fnir} (z = ${zMiss.toFixed(2)})`);
  });
});

test('the minority group is named wrongly about ten times as often, as its multiplier says', () => {
  const { scenario } = loadScenario('none', { 'population.citizens': 20_000, 'population.femaleFpirMultiplier': 1 });
  const pop = createPopulation(scenario, createCity(scenario, 5), 5);
  const model = createFaceModel(scenario);
  const key = streamKey(12, 'test.face.ratio');
  const rate = (g: number) => {
    const men = cellSize(pop.cells, 2 * g),
      size = men + cellSize(pop.cells, 2 * g + 1); // both sexes of group g
    let wrongful = 0;
    for (let s = 0; s < SEARCHES; s++) {
      const r = below(key, s, g, 0, size);
      const actor = r < men ? cellMember(pop.cells, pop.citizens, 2 * g, r) : cellMember(pop.cells, pop.citizens, 2 * g + 1, r - men);
      const named = searchFace(model, pop, actor, uniform(key, s, g, 1), uniform(key, s, g, 2), uniform(key, s, g, 3));
      if (named !== NO_MATCH && named !== actor) wrongful++;
    }
    return wrongful / SEARCHES;
  };
  const ratio = rate(1) / rate(0);
  assert.ok(ratio > 8.5 && ratio < 11.5, `ratio ${ratio}`);
});

test('an innocent named is never the actor, and any other member can be named', () => {
  const { scenario } = loadScenario('none', { 'population.citizens': 100, 'population.groups': [{ name: 'all', share: 1, fpirMultiplier: 1 }], 'population.femaleShare': 0, 'observe.fpir': 1 });
  const pop = createPopulation(scenario, createCity(scenario, 1), 1);
  const model = createFaceModel(scenario);
  const key = streamKey(1, 'test.face.innocent');
  const named = new Set<number>();
  for (let s = 0; s < 20_000; s++) {
    const innocent = searchFace(model, pop, 7, 0, uniform(key, s, 0, 0), 0);
    assert.notEqual(innocent, 7);
    named.add(innocent);
  }
  assert.equal(named.size, 99);
});
