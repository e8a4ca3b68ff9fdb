import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, startSimulation } from '../src/engine/simulate.ts';
import { total } from '../src/measure/series.ts';
import { EventType } from '../src/core/events.ts';
import { Source } from '../src/core/tables.ts';
import { captureProbability } from '../src/city/city.ts';
import { small } from './helpers.ts';

test('nobody is blacklisted without a court judgment, and only courts put people on the list', () => {
  const { scenario } = small('rongcheng', 6000, 420);
  const r = simulate(scenario);
  const ev = r.measurer.records.events;
  const judged = new Map<number, number>(); // citizen -> first judgment day
  for (let j = 0; j < ev.length; j++) {
    if (ev.cols.type[j] === EventType.judgment && !judged.has(ev.cols.actor[j])) judged.set(ev.cols.actor[j], ev.cols.day[j]);
  }
  const lists = r.measurer.records.lists;
  let entries = 0;
  for (let j = 0; j < lists.length; j++) {
    if (!lists.cols.entered[j]) continue;
    entries++;
    const citizen = lists.cols.citizen[j];
    assert.ok(judged.has(citizen), `citizen ${citizen} listed without a judgment`);
    assert.ok(judged.get(citizen)! < lists.cols.day[j], `citizen ${citizen} listed before being judged`);
  }
  assert.ok(entries > 20, `the test needs listings to check: ${entries}`);
  assert.equal(entries, total(r, 'list.court_blacklist.inflow'));
});

test('a citizen on the blacklist is denied every flight; others are granted', () => {
  const sim = startSimulation(small('rongcheng', 6000, 420).scenario);
  const flightGate = sim.world.policy.gates.findIndex((g) => g.id === 'flight_ban');
  const listed = sim.world.standing.listed[0];
  let deniedListed = 0,
    grantedFree = 0;
  while (sim.step()) {
    const { decisions, events } = sim.world;
    for (let j = 0; j < decisions.length; j++) {
      if (decisions.cols.gate[j] !== flightGate) continue;
      const citizen = events.cols.actor[decisions.cols.event[j]];
      assert.equal(events.cols.type[decisions.cols.event[j]], EventType.attempt_flight);
      if (listed[citizen]) {
        assert.equal(decisions.cols.granted[j], 0, `listed citizen ${citizen} was let fly`);
        deniedListed++;
      } else {
        assert.equal(decisions.cols.granted[j], 1);
        grantedFree++;
      }
    }
  }
  assert.ok(deniedListed > 10 && grantedFree > 1000, `denied ${deniedListed}, granted ${grantedFree}`);
});

test('a tier gate denies exactly those below its tier, and each denial costs the citizen stress', () => {
  const sim = startSimulation(small('rongcheng', 4000, 200, { 'life.mobility.drunkDriving': 0.01 }).scenario);
  const gate = sim.world.policy.gates.find((g) => g.id === 'internet_speed')!;
  const tiers = sim.world.standing.tiers[gate.scorer];
  const c = sim.world.pop.citizens;
  let denied = 0;
  while (sim.step()) {
    const { decisions, events } = sim.world;
    const deniedToday = new Map<number, number>();
    for (let j = 0; j < decisions.length; j++) {
      if (decisions.cols.gate[j] !== gate.index) continue;
      const citizen = events.cols.actor[decisions.cols.event[j]];
      assert.equal(decisions.cols.granted[j], tiers[citizen] <= gate.worstTier ? 1 : 0);
      if (!decisions.cols.granted[j]) deniedToday.set(citizen, c.denials[citizen]);
    }
    denied += deniedToday.size;
    if (!deniedToday.size) continue;
    const stressBefore = new Map([...deniedToday.keys()].map((i) => [i, c.stress[i]]));
    sim.step(); // tomorrow, life's response books the cost
    for (const [citizen, before] of deniedToday) {
      assert.ok(c.denials[citizen] > before, 'the denial is counted in the citizen’s state');
      assert.ok(c.stress[citizen] > stressBefore.get(citizen)! * (1 - sim.world.scenario.response.stressRecovery), 'and raises stress');
    }
  }
  assert.ok(denied > 10, `denials: ${denied}`);
});

test('raising camera density raises detections', () => {
  const run = (cameras: number) => simulate(small('rongcheng', 4000, 60, { 'city.camerasPerThousand': cameras, 'output.sampleRate': 0 }).scenario);
  const few = total(run(20), 'faces.searched');
  const many = total(run(600), 'faces.searched');
  assert.ok(many > few * 3, `detections: ${few} with few cameras, ${many} with many`);
  assert.ok(captureProbability(600, 500) > captureProbability(20, 500));
  assert.equal(captureProbability(0, 500), 0);
});

test('wrongful penalties are counted, and those from misattribution land only on citizens who did not act', () => {
  const r = simulate(small('seed-2020', 5000, 120, { 'observe.fpir': 0.05, 'observe.recordErrors': 0.01, 'observe.informantShare': 0.2 }).scenario);
  const s = r.measurer.records.scores;
  const bySource = new Map<number, number>();
  let wrongful = 0;
  for (let j = 0; j < s.length; j++) {
    if (s.cols.delta[j] >= 0 || r.world.policy.scorers[s.cols.scorer[j]].kind !== 'citizens') continue;
    const source = s.cols.source[j];
    if (source === Source.camera || source === Source.platform) assert.equal(s.cols.wrongful[j] === 1, s.cols.actor[j] !== s.cols.subject[j]);
    if (source === Source.censor && s.cols.wrongful[j]) assert.equal(s.cols.actor[j], s.cols.subject[j], 'a false flag blames the poster for a harmless post');
    if (s.cols.wrongful[j]) {
      wrongful++;
      bySource.set(source, (bySource.get(source) ?? 0) + 1);
    }
  }
  for (const source of [Source.camera, Source.platform, Source.censor, Source.informant])
    assert.ok((bySource.get(source) ?? 0) > 5, `wrongful penalties from source ${source}: ${bySource.get(source)}`);
  assert.equal(wrongful, total(r, 'penalties.wrongful'));
});

test('scores stay within their range and drunk driving drops a citizen to grade C at once', () => {
  const r = simulate(small('rongcheng', 5000, 120, { 'life.mobility.drunkDriving': 0.005, 'observe.fnir': 0, 'observe.fpir': 0, 'city.camerasPerThousand': 5000 }).scenario);
  const sc = r.world.policy.scorers[0];
  for (const v of r.world.standing.scores[0]) assert.ok(v >= sc.min && v <= sc.max);
  const s = r.measurer.records.scores;
  let drunk = 0;
  const cTop = sc.tierMin[sc.tierNames.indexOf('C') - 1] - 1;
  for (let j = 0; j < s.length; j++) {
    if (s.cols.type[j] !== EventType.drunk_driving) continue;
    drunk++;
    assert.ok(s.cols.after[j] <= cTop, `after drunk driving the score is ${s.cols.after[j]}, above grade C's top ${cTop}`);
  }
  assert.ok(drunk > 10);
});
