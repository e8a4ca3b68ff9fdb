import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../src/engine/simulate.ts';
import { metricSeries } from '../src/measure/series.ts';
import { small } from './helpers.ts';
import { createWorld } from '../src/engine/create-world.ts';
import { homophily } from '../src/measure/metrics.ts';
import { forEachFriend } from '../src/population/graph.ts';
import { uniform } from '../src/core/random.ts';

test('derived metrics are, day by day, the sum of their parts', () => {
  const r = simulate(small('seed-2020', 2000, 60, { 'output.sampleRate': 0 }).scenario);
  const s = metricSeries(r);
  const day = (name: string) => new Map(s.series(name));
  const violations = s.series('traffic_violations');
  assert.equal(violations.length, 60, 'taken every day');
  const parts = ['acts.jaywalking', 'acts.red_light', 'acts.drunk_driving'].map(day);
  for (const [d, v] of violations)
    assert.equal(
      v,
      parts.reduce((a, p) => a + p.get(d)!, 0),
      `traffic violations on day ${d}`,
    );
  assert.ok(
    violations.some(([, v]) => v > 0),
    'some traffic violations happen',
  );

  const gates = r.world.policy.gates.map((g) => day(`gate.${g.id}.denied`));
  assert.ok(gates.length > 0);
  const groups = r.scenario.population.groups.map((g) => day(`gates.denied.${g.name}`));
  for (const [d, v] of s.series('gates.denied')) {
    assert.equal(
      v,
      gates.reduce((a, g) => a + g.get(d)!, 0),
      `denials on day ${d}, by gate`,
    );
    assert.equal(
      v,
      groups.reduce((a, g) => a + g.get(d)!, 0),
      `denials on day ${d}, by group`,
    );
  }
  assert.ok(
    s.series('gates.denied').some(([, v]) => v > 0),
    'some attempts are denied',
  );
  const defs = new Map(r.measurer.metrics.map((m) => [m.name, m]));
  assert.equal(defs.get('traffic_violations')?.over, 'sum');
  assert.equal(defs.get('gates.denied')?.over, 'sum');
});

test('homophily: every tie gives the Pearson correlation of friends; a systematic sample of citizens comes close to it', () => {
  const { scenario } = small('seed-2020', 60_000, 10);
  const world = createWorld(scenario);
  // scores that friends share: the district's number, plus noise of the citizen's own
  const scores = world.standing.scores[0];
  const c = world.pop.citizens;
  for (let i = 0; i < world.pop.n; i++) scores[i] = c.home[i] + 20 * uniform(7, i, 0, 0);
  let n = 0,
    sx = 0,
    sxx = 0,
    sxy = 0;
  for (let i = 0; i < world.pop.n; i++)
    forEachFriend(world.pop.graph, i, (f) => {
      n++;
      sx += scores[i];
      sxx += scores[i] ** 2;
      sxy += scores[i] * scores[f];
    });
  const truth = (sxy / n - (sx / n) ** 2) / (sxx / n - (sx / n) ** 2);
  assert.ok(truth > 0.3, `friends' scores correlate (${truth})`);
  const exact = homophily({ ...world, scenario: { ...scenario, output: { ...scenario.output, homophilySample: 0 } } })[0];
  assert.ok(Math.abs(exact - truth) < 1e-9, `every tie: ${exact} against ${truth}`);
  const sampled = homophily({ ...world, scenario: { ...scenario, output: { ...scenario.output, homophilySample: 10_000 } } })[0];
  assert.notEqual(sampled, exact, 'a sample, not the whole');
  assert.ok(Math.abs(sampled - exact) < 0.02, `10,000 of 60,000 citizens: ${sampled} against ${exact}`);
});
