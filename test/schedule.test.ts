import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_DIR } from '../src/load/scenario-files.ts';
import assert from 'node:assert/strict';
import { parseScenario } from '../src/load/scenario.ts';
import { simulate, startSimulation } from '../src/engine/simulate.ts';
import { InputError } from '../src/scenario/errors.ts';
import { TRAIT } from '../src/population/citizens.ts';

/** A voluntary scheme made mandatory on day 40, cameras rolled out the same day, a gate introduced on day 50. */
const YAML = `name: scheduled
days: 80
population: { citizens: 3000 }
output: { sampleRate: 0 }
scorers:
  - id: points
    base: 1000
    min: 0
    max: 1500
    enrolment: 0.3
    rules:
      - { id: traffic, on: [jaywalking, red_light], points: -5 }
    tiers: [{ name: A, min: 960 }, { name: B, min: 0 }]
gates:
  - { id: trains, attempt: fast_train, scorer: points, atLeast: A, from: 50 }
schedule:
  - day: 40
    note: mandatory from 2020
    set: { "scorers.0.enrolment": 1, "city.camerasPerThousand": 800 }
`;

test('a schedule changes its fields on its day and not before; a voluntary scheme made mandatory keeps its first enrolled', () => {
  const sim = startSimulation(parseScenario(YAML).scenario);
  const c = sim.world.pop.citizens;
  const enrolled = sim.world.standing.scorers[0].enrolled!;
  const first = Uint8Array.from(enrolled);
  const share = first.reduce((a, b) => a + b, 0) / first.length;
  assert.ok(share > 0.25 && share < 0.35, `enrolment ${share}, expected about 0.3`);
  // those who expect to score well opt in first: the enrolled are the more conscientious
  const mean = (pick: (i: number) => boolean) => {
    let s = 0,
      n = 0;
    for (let i = 0; i < first.length; i++) if (pick(i)) (s += c.conscientiousness[i] * TRAIT), n++;
    return s / n;
  };
  assert.ok(mean((i) => first[i] === 1) > mean((i) => first[i] === 0) + 0.05, 'self-selected enrolment');
  const cameras = Float32Array.from(sim.world.city.districts.camerasPerThousand);
  while (sim.step()) {
    const day = sim.world.day;
    assert.equal(sim.world.scenario.scorers[0].enrolment, day >= 40 ? 1 : 0.3, `enrolment on day ${day}`);
    assert.equal(sim.world.scenario.city.camerasPerThousand, day >= 40 ? 800 : 250, `cameras on day ${day}`);
    if (day === 39) assert.deepEqual(sim.world.city.districts.camerasPerThousand, cameras, 'the districts keep their cameras until the day');
    if (day === 40) {
      for (let d = 0; d < cameras.length; d++)
        assert.ok(Math.abs(sim.world.city.districts.camerasPerThousand[d] - (cameras[d] * 800) / 250) < 1e-2 * cameras[d] * 3.2, `district ${d} gets its share of the new cameras`);
      for (let i = 0; i < first.length; i++) assert.equal(enrolled[i], 1, 'mandatory: everyone enrolled');
    }
    const gate = sim.world.policy.gates[0];
    for (let j = 0; j < sim.world.decisions.length; j++) if (sim.world.decisions.cols.gate[j] === gate.index) assert.ok(day >= 50, `the gate decides nothing before day 50 (day ${day})`);
  }
  const r = sim.result();
  const searched = r.measurer.log;
  assert.ok(searched.length > 0);
});

test('a scheduled run is the same on one thread or two', () => {
  const { scenario } = parseScenario(YAML);
  const rows = (r: ReturnType<typeof simulate>) => {
    const { day, metric, value } = r.measurer.log.cols;
    return Array.from({ length: r.measurer.log.length }, (_, j) => `${day[j]}:${metric[j]}:${value[j]}`);
  };
  assert.deepEqual(rows(simulate(scenario, { workers: 2 })), rows(simulate(scenario)));
});

test('an invalid schedule is refused with the line and the field: an unknown field, a bad value, a fixed field, a day past the run', () => {
  const cases: [string, string, RegExp][] = [
    ['"scorers.0.enrolmnt": 1', 'schedule.0.set.scorers.0.enrolmnt', /unknown field/],
    ['"scorers.0.enrolment": 2', 'schedule.0.set.scorers.0.enrolment', /expected a value <=1/],
    ['"population.citizens": 10', 'schedule.0.set.population.citizens', /cannot change during a run/],
    ['"gates.4.atLeast": "A"', 'schedule.0.set.gates.4.atLeast', /no field/],
  ];
  for (const [set, path, message] of cases) {
    const yaml = YAML.replace('{ "scorers.0.enrolment": 1, "city.camerasPerThousand": 800 }', `{ ${set} }`);
    assert.throws(
      () => parseScenario(yaml, 'scheduled.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        const issue = e.issues[0];
        assert.equal(issue.path, path);
        assert.equal(issue.file, 'scheduled.yaml');
        assert.equal(issue.line, 19);
        assert.match(issue.message, message);
        return true;
      },
    );
  }
  assert.throws(() => parseScenario(YAML.replace('day: 40', 'day: 80')), /day 80 is past the run's last day \(79\)/);
});

test('voluntary-to-mandatory ships the switch: from day 365 everyone is scored, and penalties and denials jump', () => {
  const { scenario } = parseScenario(readFileSync(join(SCENARIO_DIR, 'voluntary-to-mandatory.yaml'), 'utf8'), 'voluntary-to-mandatory.yaml', { 'population.citizens': 3000, days: 430 });
  const sim = startSimulation(scenario);
  const perDay = { before: 0, after: 0 };
  let enrolledBefore = 0;
  while (sim.step()) {
    const day = sim.world.day;
    const enrolled = sim.world.standing.scorers[0].enrolled!;
    if (day === 364) enrolledBefore = enrolled.reduce((a, b) => a + b, 0) / enrolled.length;
    if (day === 365)
      assert.equal(
        enrolled.reduce((a, b) => a + b, 0),
        enrolled.length,
        'mandatory from day 365',
      );
    const penalties = sim.world.scoreChanges.length;
    if (day >= 300 && day < 365) perDay.before += penalties / 65;
    if (day >= 365) perDay.after += penalties / 65;
  }
  assert.ok(enrolledBefore > 0.2 && enrolledBefore < 0.4, `about a third enrolled in 2019: ${enrolledBefore}`);
  assert.ok(perDay.after > 2 * perDay.before, `score changes a day: ${perDay.before} before, ${perDay.after} after`);
});
