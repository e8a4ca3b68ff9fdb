import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../src/engine/simulate.ts';
import { EventType } from '../src/core/events.ts';
import { small } from './helpers.ts';

const metricRows = (r: ReturnType<typeof simulate>) => {
  const { day, metric, value } = r.measurer.log.cols;
  return Array.from({ length: r.measurer.log.length }, (_, j) => `${day[j]}:${metric[j]}:${value[j]}`);
};

test('the same scenario and seed give identical daily metrics; another seed differs', () => {
  const { scenario } = small('rongcheng', 3000, 60);
  const a = simulate(scenario);
  const b = simulate(scenario);
  const c = simulate(scenario, { seed: scenario.seed + 1 });
  assert.deepEqual(metricRows(a), metricRows(b));
  assert.ok(metricRows(a).length > 1000);
  assert.notDeepEqual(metricRows(a), metricRows(c));
  assert.deepEqual(a.world.standing.scores[0], b.world.standing.scores[0]);
});

test('switching speech off leaves every other act identical, event for event', () => {
  // in the control city nothing is scored, so no mechanism feeds back into another:
  // any difference in the other acts could only come from shifted random draws
  const { scenario } = small('none', 2000, 45);
  const all = simulate(scenario);
  const quiet = simulate(scenario, { disabled: ['speech'] });
  const acts = (r: ReturnType<typeof simulate>, keep: (type: number) => boolean) => {
    const e = r.measurer.records.events;
    const rows: string[] = [];
    for (let j = 0; j < e.length; j++) {
      const t = e.cols.type[j];
      if (keep(t)) rows.push(`${e.cols.day[j]}:${t}:${e.cols.actor[j]}:${e.cols.district[j]}:${e.cols.value[j]}:${e.cols.source[j]}:${e.cols.subject[j]}`);
    }
    return rows.sort();
  };
  const speech = (t: number) => t === EventType.post || t === EventType.dissent_post || t === EventType.spontaneous_act;
  assert.ok(acts(all, speech).length > 1000, 'speech happened in the full run');
  assert.equal(acts(quiet, speech).length, 0, 'and not in the quiet one');
  const others = (t: number) => !speech(t);
  assert.ok(acts(all, others).length > 10_000);
  assert.deepEqual(acts(quiet, others), acts(all, others));
});

test('the run does not depend on how many days are asked for: a prefix is a prefix', () => {
  const { scenario } = small('rongcheng', 2000, 40);
  const long = simulate(scenario);
  const short = simulate(scenario, { days: 20 });
  const daily = (r: ReturnType<typeof simulate>) => metricRows(r).filter((row) => Number(row.split(':')[0]) < 19);
  // distribution metrics are also taken on the last day, so compare days before the short run's last
  assert.deepEqual(daily(short), daily(long));
});

test('life on 1, 2 or 3 threads gives the same run, event for event and metric for metric', () => {
  // nosedive has peer ratings (leniency learned across spans) and seed-2020 every other mechanism
  for (const [name, disabled] of [
    ['seed-2020', []],
    ['nosedive', []],
    ['seed-2020', ['money']],
  ] as const) {
    const { scenario } = small(name, 2501, 40); // an odd size: spans of unequal length
    const one = simulate(scenario, { disabled });
    const events = (r: ReturnType<typeof simulate>) => {
      const e = r.world.events;
      return Array.from({ length: e.length }, (_, j) => `${e.cols.type[j]}:${e.cols.actor[j]}:${e.cols.target[j]}:${e.cols.value[j]}`);
    };
    for (const workers of [2, 3]) {
      const many = simulate(scenario, { disabled, workers });
      assert.deepEqual(metricRows(many), metricRows(one), `${name} on ${workers} threads`);
      assert.deepEqual(events(many), events(one), `${name}: the last day's events, in order`);
      assert.deepEqual(many.world.pop.citizens.leniency, one.world.pop.citizens.leniency);
      assert.deepEqual(many.world.pop.companies.employees, one.world.pop.companies.employees);
    }
    assert.ok(one.world.events.length > 2000, 'a day brings events to compare');
  }
});

test('spans of whole blocks on 1, 2 or 3 threads give the same run: life, the span tasks of respond and measure, every metric', () => {
  // 10,001 citizens: spans of 4,096, 4,096 and 1,809 on three threads, 4,096 and 5,905 on two
  for (const name of ['seed-2020', 'as-implemented', 'nosedive'] as const) {
    const { scenario } = small(name, 10_001, 30);
    const one = simulate(scenario);
    const state = (r: ReturnType<typeof simulate>) => [r.world.pop.citizens.stress, r.world.pop.citizens.riskCamera, r.world.pop.citizens.deprivation, r.world.pop.graph.cut];
    for (const workers of [2, 3]) {
      const many = simulate(scenario, { workers });
      assert.deepEqual(metricRows(many), metricRows(one), `${name} on ${workers} threads`);
      assert.deepEqual(state(many), state(one), `${name}: stress, perceived risk, deprivation and the ties cut`);
      const events = (r: ReturnType<typeof simulate>) => Array.from(r.measurer.records.events.cols.actor.subarray(0, r.measurer.records.events.length));
      assert.deepEqual(events(many), events(one), `${name}: every recorded event, in order`);
      // observation is cut in chunks of 8,192 events (ROW_CHUNK, core/blocks.ts) that whichever thread is free takes
      const seen = (r: ReturnType<typeof simulate>) => {
        const o = r.world.observations;
        return Array.from({ length: o.length }, (_, e) => `${o.cols.source[e]}:${o.cols.subject[e]}:${o.cols.wrongful[e]}:${o.cols.seenAs[e]}:${o.cols.searched[e]}`);
      };
      assert.ok(one.world.observations.length > 8192, `${name}: the last day's events fill more than one chunk (${one.world.observations.length})`);
      assert.deepEqual(seen(many), seen(one), `${name}: the last day's observations, event by event`);
    }
  }
});
