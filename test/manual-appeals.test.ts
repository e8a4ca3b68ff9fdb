import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulation, simulate } from '../src/engine/simulate.ts';
import { metricSeries } from '../src/measure/series.ts';
import { manualAppeals } from '../src/experiment/manual-appeals.ts';
import { small } from './helpers.ts';

const scenario = () => small('seed-2020', 2000, 40, { 'appeals.delayDays': 5, 'output.sampleRate': 0 }).scenario;

/** A citizen's penalty that they did not appeal themselves, early enough to be decided in the run. */
function unappealedPenalty() {
  const sim = startSimulation(scenario());
  const penalties: { citizen: number; day: number; delta: number; rule: string }[] = [];
  const selfAppealed = new Set<string>();
  while (sim.step()) {
    const w = sim.world;
    for (let j = 0; j < w.appeals.length; j++) selfAppealed.add(`${w.appeals.cols.citizen[j]}:${w.day - 1}`);
    if (w.day < 5 || w.day > 20) continue;
    const sc = w.scoreChanges.cols;
    for (let j = 0; j < w.scoreChanges.length; j++) {
      if (sc.delta[j] < 0 && w.policy.scorers[sc.scorer[j]].kind === 'citizens')
        penalties.push({ citizen: sc.subject[j], day: w.day, delta: sc.delta[j], rule: w.scenario.scorers[sc.scorer[j]].rules[sc.rule[j]].id ?? '' });
    }
  }
  const counts = new Map<string, number>();
  for (const p of penalties) counts.set(`${p.citizen}:${p.day}`, (counts.get(`${p.citizen}:${p.day}`) ?? 0) + 1);
  const p = penalties.find((x) => counts.get(`${x.citizen}:${x.day}`) === 1 && !selfAppealed.has(`${x.citizen}:${x.day}`));
  assert.ok(p, 'some citizen got exactly one penalty on a day and did not appeal it');
  return p;
}

test("an appeal filed for a citizen is decided by the judge like the citizens' own, and shows in the run", () => {
  const p = unappealedPenalty();
  const base = simulate(scenario());
  const manual = manualAppeals([{ citizen: p.citizen, day: p.day }]);
  const appealed = simulate(scenario(), { interventions: [manual] });
  assert.equal(manual.outcomes.length, 1);
  const [o] = manual.outcomes;
  assert.equal(o.citizen, p.citizen);
  assert.equal(o.day, p.day);
  assert.equal(o.filedOn, p.day + 1);
  assert.equal(o.decidedOn, p.day + 6);
  assert.equal(o.filedBy, 'user');
  assert.equal(o.delta, p.delta);
  assert.equal(o.rule, p.rule);
  assert.notEqual(o.upheld, null, 'the appeal was decided');
  if (o.upheld) assert.ok(Math.abs(o.restored + o.delta) < 1e-3, `an upheld appeal gives back the points: ${o.restored} for ${o.delta}`);
  else assert.equal(o.restored, 0);
  // the run's own appeal metrics count it: one more filed on the filing day, the same before it
  const filed = (r: typeof base) => metricSeries(r).series('appeals.filed');
  const upheld = (r: typeof base) => metricSeries(r).series('appeals.upheld');
  const [a, b] = [filed(base), filed(appealed)];
  for (const [i, [day, v]] of a.entries()) assert.equal(b[i][1], v + (day === o.filedOn ? 1 : 0), `appeals filed on day ${day}`);
  const upheldOn = (r: typeof base) => upheld(r).find(([d]) => d === o.decidedOn)?.[1] ?? 0;
  assert.equal(upheldOn(appealed), upheldOn(base) + (o.upheld ? 1 : 0), "the decision is among the run's appeal decisions");
  // and nothing else changed before the appeal was filed
  const stress = (r: typeof base) =>
    metricSeries(r)
      .series('stress.mean')
      .filter(([d]) => d < o.filedOn);
  assert.deepEqual(stress(appealed), stress(base));
});

test('a manual appeal against a day without penalties files nothing, and a run without manual appeals is unchanged', () => {
  const base = simulate(scenario());
  const manual = manualAppeals([{ citizen: 0, day: 39 }]);
  const again = simulate(scenario(), { interventions: [manual] });
  assert.deepEqual(manual.outcomes, []);
  for (const name of ['appeals.filed', 'appeals.upheld', 'stress.mean', 'penalties']) assert.deepEqual(metricSeries(again).series(name), metricSeries(base).series(name), name);
});
