import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from '../src/experiment/compare.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { startSimulation } from '../src/engine/simulate.ts';
import { IS_CRIME } from '../src/core/events.ts';
import { Source } from '../src/core/tables.ts';
import { small } from './helpers.ts';

// crime is rare at its sourced rate (~0.002 thefts per adult a year): these tests raise it to see the mechanism
const busy = { 'population.citizens': 5000, days: 180, 'output.sampleRate': 0, 'life.crime.theftPerYear': 3, 'life.crime.violentPerYear': 0.3 };

test('cameras and face search clear more crimes and detain more innocents, both', async () => {
  // a looser face-match threshold in both arms, so that false matches are frequent enough to count
  const loose = { ...busy, 'observe.fpir': 0.03 };
  const c = await compare(loadScenario('seed-2020', { ...loose, 'city.camerasPerThousand': 0 }), loadScenario('seed-2020', loose), { replications: 3 });
  for (const m of ['crimes.cleared', 'detentions.wrongful', 'detention.days']) {
    const e = c.effects.get(m)!;
    assert.ok(e.ciLow > 0, `${m} should rise with cameras: ${e.meanA} -> ${e.meanB} [${e.ciLow}, ${e.ciHigh}]`);
  }
  assert.equal(c.effects.get('detentions.wrongful')!.meanA, 0, 'without cameras the police name only the right suspect');
});

test('a higher false-positive rate detains more innocents of the group with the higher multiplier', async () => {
  const c = await compare(loadScenario('seed-2020', busy), loadScenario('seed-2020', { ...busy, 'observe.fpir': 0.03 }), { replications: 6 });
  const e = c.effects.get('detentions.wrongful.minority')!;
  assert.ok(e.ciLow > 0, `wrongful detentions of the minority: ${e.meanA} -> ${e.meanB} [${e.ciLow}, ${e.ciHigh}]`);
});

test('a suspect named for a crime is held for detentionDays, committing nothing meanwhile; the innocent are held like the guilty', () => {
  const sim = startSimulation(small('seed-2020', 4000, 120, { 'output.sampleRate': 0, 'life.crime.theftPerYear': 3, 'observe.fpir': 0.03 }).scenario);
  const c = sim.world.pop.citizens;
  const days = sim.world.scenario.life.crime.detentionDays;
  let held = 0,
    innocents = 0;
  while (sim.step()) {
    const { events, observations, day } = sim.world;
    for (let e = 0; e < events.length; e++) {
      if (!IS_CRIME[events.cols.type[e]]) continue;
      assert.ok(c.detainedUntil[events.cols.actor[e]] < day || c.detainedOn[events.cols.actor[e]] === day, 'nobody offends while held');
      const source = observations.cols.source[e];
      if (source !== Source.camera && source !== Source.police) continue;
      const suspect = observations.cols.subject[e];
      assert.ok(c.detainedUntil[suspect] >= day, 'the suspect is held');
      if (c.detainedOn[suspect] === day) {
        assert.equal(c.detainedUntil[suspect], day + days);
        held++;
        if (suspect !== events.cols.actor[e]) innocents++;
      }
    }
  }
  assert.ok(held > 20 && innocents > 0, `held ${held}, of them innocent ${innocents}`);
});

test('a detention reaches the family: the other adults of the household take the shock, and its children are counted', async () => {
  const c = await compare(loadScenario('seed-2020', { ...busy, 'life.crime.familyStress': 0 }), loadScenario('seed-2020', { ...busy, 'life.crime.familyStress': 2 }), { replications: 3 });
  const stress = c.effects.get('stress.mean')!;
  assert.ok(stress.ciLow > 0, `the families' stress adds to the mean: ${stress.meanA} -> ${stress.meanB} [${stress.ciLow}, ${stress.ciHigh}]`);
  assert.ok(c.effects.get('detentions.relatives')!.meanA > 10 && c.effects.get('detentions.children')!.meanA > 0, 'detainees have families');
});
