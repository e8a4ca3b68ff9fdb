import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../src/engine/simulate.ts';
import { metricSeries } from '../src/measure/series.ts';
import { small } from './helpers.ts';

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
