import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../src/engine/simulate.ts';
import { compilePolicy } from '../src/policy/compile.ts';
import { EventType } from '../src/core/events.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { small } from './helpers.ts';

/** Each metric's daily values, by name. */
function metricsByName(r: ReturnType<typeof simulate>): Map<string, number[]> {
  const { metric, value } = r.measurer.log.cols;
  const byName = new Map<string, number[]>();
  for (let j = 0; j < r.measurer.log.length; j++) {
    const name = r.measurer.metrics[metric[j]].name;
    let values = byName.get(name);
    if (!values) byName.set(name, (values = []));
    values.push(value[j]);
  }
  return byName;
}

/** The scenario with a list that reads every day's play (and never takes anyone in): no play is left unemitted. */
function everyPlayRead(scenario: Scenario): Scenario {
  return { ...scenario, lists: [...scenario.lists, { id: 'all_play', subjects: 'citizens', enter: { on: 'gaming_hours', when: 'false' }, restrictsRepresentative: false }] };
}

test('the floor under which gaming hours are counted, not emitted, is the least value a rule or list reads', () => {
  const gaming = (scenario: Scenario) => compilePolicy(scenario).quietBelow[EventType.gaming_hours];
  const seed = small('seed-2020', 100, 1).scenario;
  assert.equal(gaming(seed), 10, 'seed-2020 penalises play of 10 hours or more');
  assert.equal(gaming(small('none', 100, 1).scenario), Infinity, 'no system reads no play');
  assert.equal(gaming(everyPlayRead(seed)), -Infinity, 'a list entered on any day of play reads every day');
  const anyPlay = { ...seed, scorers: seed.scorers.map((s, k) => (k === 0 ? { ...s, rules: [...s.rules, { on: 'gaming_hours' as const, points: -1 }] } : s)) };
  assert.equal(gaming(anyPlay), -Infinity, 'a rule without a condition reads every day');
  assert.equal(compilePolicy(seed).quietBelow[EventType.dissent_post], -Infinity, 'a type scored whatever its value');
});

test('play below every floor counted, not emitted, changes no score, penalty or decision: only the records the platform keeps of it', () => {
  for (const name of ['seed-2020', 'sesame'] as const) {
    const { scenario } = small(name, 3000, 40, { 'output.sampleRate': 0 });
    const quiet = simulate(scenario);
    const full = simulate(everyPlayRead(scenario));
    const a = metricsByName(quiet);
    const b = metricsByName(full);
    // what differs by design: the records kept of play no one reads, and the offences counted among them
    const ofPlay = /^(observed\.platform|broker\.records_sold|offences\.|list\.all_play\.)/;
    let compared = 0;
    for (const [metric, values] of a) {
      if (ofPlay.test(metric)) continue;
      assert.deepEqual(values, b.get(metric), `${name}: ${metric}`);
      compared++;
    }
    assert.ok(compared > 100, `${name}: ${compared} metrics compared`);
    const total = (m: Map<string, number[]>, metric: string) => (m.get(metric) ?? []).reduce((x, y) => x + y, 0);
    assert.ok(total(a, 'acts.gaming_hours') > 3000 * 40 * 0.2, `${name}: every day of play is still counted as an act`);
    assert.ok(total(b, 'observed.platform') > total(a, 'observed.platform'), `${name}: the platform records the unread play only when it is emitted`);
    assert.ok(total(b, 'offences.majority') > total(a, 'offences.majority'), `${name}: a short day of play counted as an offence only when emitted`);
    for (let s = 0; s < quiet.world.standing.scores.length; s++) assert.deepEqual(quiet.world.standing.scores[s], full.world.standing.scores[s], `${name}: scorer ${s}'s scores`);
    assert.deepEqual(quiet.world.pop.citizens.stress, full.world.pop.citizens.stress, `${name}: stress`);
  }
});
