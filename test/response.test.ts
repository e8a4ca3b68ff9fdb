import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from '../src/experiment/compare.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { forEachFriend } from '../src/population/graph.ts';

const shrink = { 'population.citizens': 3000, days: 120, 'output.sampleRate': 0 };

test('more cameras lower violations (deterrence) and chill harmless acts', async () => {
  const few = loadScenario('rongcheng', { ...shrink, 'city.camerasPerThousand': 50 });
  const many = loadScenario('rongcheng', { ...shrink, 'city.camerasPerThousand': 800 });
  const c = await compare(few, many, { replications: 3 });
  const v = c.effects.get('acts.jaywalking')!;
  assert.ok(v.ciHigh < 0, `fewer jaywalkers under more cameras: ${v.diff} [${v.ciLow}, ${v.ciHigh}]`);
  const risk = c.effects.get('perceived_risk.mean')!;
  assert.ok(risk.ciLow > 0, 'people feel more watched');
});

test('secret rules leave citizens’ perceived risk less accurate than published ones, and chill more', async () => {
  const published = loadScenario('rongcheng', shrink);
  const secret = loadScenario('rongcheng', { ...shrink, 'scorers.0.transparency': 'secret' });
  assert.equal(published.scenario.scorers[0].transparency, 'published');
  const c = await compare(published, secret, { replications: 3 });
  const error = c.effects.get('perceived_risk.error')!;
  assert.ok(error.ciLow > 0, `perceived risk is further from the truth under secret rules: ${error.diff}`);
  const spontaneous = c.effects.get('acts.spontaneous_act')!;
  assert.ok(spontaneous.ciHigh < 0, `fewer harmless unusual acts under secret rules: ${spontaneous.diff}`);
});

test('pruning lowers ties to low scorers where friends count in the score', () => {
  const lowTies = (pruneRate: number) => {
    const r = simulate(loadScenario('sesame', { ...shrink, days: 180, 'response.pruneRate': pruneRate }).scenario);
    const g = r.world.pop.graph;
    const tiers = r.world.standing.tiers[0];
    let down = 0,
      all = 0;
    for (let i = 0; i < r.world.pop.n; i++) {
      forEachFriend(g, i, (f) => {
        all++;
        if (tiers[f] > tiers[i]) down++;
      });
    }
    return { share: down / all, pruned: r.measurer.metrics.length };
  };
  const none = lowTies(0),
    some = lowTies(0.5);
  assert.ok(some.share < none.share * 0.8, `ties to lower-tier friends: ${some.share} with pruning, ${none.share} without`);
});

test('people near a tier threshold volunteer more', async () => {
  const calm = loadScenario('rongcheng', { ...shrink, 'response.approvalBoost': 0 });
  const eager = loadScenario('rongcheng', { ...shrink, 'response.approvalBoost': 5, 'response.approvalMargin': 0.05 });
  const c = await compare(calm, eager, { replications: 3 });
  const v = c.effects.get('acts.volunteering')!;
  assert.ok(v.ciLow > 0, `more volunteering when chasing points: ${v.diff}`);
});
