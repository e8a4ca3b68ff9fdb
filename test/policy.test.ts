import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadScenario, parseScenario } from '../src/load/scenario.ts';
import { createWorld } from '../src/engine/create-world.ts';
import type { World } from '../src/world.ts';
import { simulate, startSimulation } from '../src/engine/simulate.ts';
import { judge } from '../src/judge/index.ts';
import { tierOf } from '../src/policy/compile.ts';
import { APPEAL_RULE } from '../src/core/tables.ts';
import { clear, reserve } from '../src/core/buffer.ts';
import { Source } from '../src/core/tables.ts';
import { EVENT_TYPES, EventType, BY_COMPANY, IS_DEPARTURE } from '../src/core/events.ts';
import { explainSubject } from '../src/measure/explanation.ts';
import { small, reproducible, refusal } from './helpers.ts';
import { SHARE } from '../src/population/citizens.ts';

const SCORED = ['rongcheng', 'sesame', 'fico', 'seed-2020', 'eight-pilots', 'nosedive', 'as-implemented', 'some-cities'];

/** Feed one day of synthetic observed events straight to the judge. */
function judgeDay(world: World, day: number, events: { type: number; subject: number; value: number; actor: number }[]) {
  for (const b of [world.events, world.observations, world.scoreChanges, world.listChanges]) clear(b);
  world.day = day;
  for (const e of events) {
    const i = reserve(world.events);
    world.events.cols.type[i] = e.type;
    world.events.cols.actor[i] = e.actor;
    world.events.cols.target[i] = e.subject;
    world.events.cols.value[i] = e.value;
    world.events.cols.district[i] = 0;
  }
  world.observations.length = 0;
  for (let i = 0; i < events.length; i++) {
    const j = reserve(world.observations);
    world.observations.cols.source[j] = Source.platform;
    world.observations.cols.subject[j] = events[i].subject;
    world.observations.cols.wrongful[j] = 0;
    world.observations.cols.seenAs[j] = events[i].type;
  }
  judge(world);
}

test('property: over random event streams, scores stay in range, tiers match scores, and changes chain exactly', () => {
  for (const name of SCORED) {
    const { scenario } = loadScenario(name, { 'population.citizens': 300 });
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ type: fc.integer({ min: 0, max: EVENT_TYPES.length - 1 }), who: fc.nat(), other: fc.nat(), value: fc.double({ min: 0, max: 30, noNaN: true }) }), { maxLength: 40 }),
          { minLength: 1, maxLength: 25 },
        ),
        (days) => {
          const world = createWorld(scenario, { seed: 3 });
          const companies = world.pop.companies.sector.length;
          days.forEach((raw, day) => {
            // departures forget a subject without a score change (judge/forget.ts): not part of this property
            const events = raw
              .filter((r) => !IS_DEPARTURE[r.type])
              .map((r) => {
                const m = BY_COMPANY[r.type] ? companies : world.pop.n;
                return { type: r.type, subject: r.who % m, actor: (BY_COMPANY[r.type] ? r.who : r.other) % m, value: r.value };
              });
            judgeDay(world, day * 7, events);
            const last = new Map<string, number>();
            const sc = world.scoreChanges.cols;
            for (let j = 0; j < world.scoreChanges.length; j++) {
              const key = `${sc.scorer[j]}:${sc.subject[j]}`;
              const before = sc.after[j] - sc.delta[j];
              if (last.has(key)) assert.ok(Math.abs(before - last.get(key)!) < 1e-3, `${name}: a change starts where the previous one ended`);
              last.set(key, sc.after[j]);
            }
            for (const [key, after] of last) {
              const [s, i] = key.split(':').map(Number);
              assert.ok(Math.abs(world.standing.scores[s][i] - after) < 1e-3, `${name}: the last change is the score`);
            }
            world.policy.scorers.forEach((p, s) => {
              const scores = world.standing.scores[s],
                tiers = world.standing.tiers[s];
              for (let i = 0; i < scores.length; i++) {
                assert.ok(scores[i] >= p.min - 1e-3 && scores[i] <= p.max + 1e-3, `${name}/${p.id}: score ${scores[i]} outside [${p.min}, ${p.max}]`);
                assert.equal(tiers[i], tierOf(p, scores[i]));
              }
            });
          });
        },
      ),
      { numRuns: 8, ...reproducible },
    );
  }
});

test('an explanation’s lines sum to the score; without decay every point comes from a rule', () => {
  const r = simulate(small('rongcheng', 3000, 200, { 'output.sampleRate': 0.2 }).scenario);
  let checked = 0;
  for (let i = 0; i < r.world.pop.n && checked < 100; i++) {
    if (!r.world.recorded[i]) continue;
    const [s] = explainSubject(r, 'citizens', i).scorers;
    const rules = s.history.reduce((a, l) => a + l.delta, 0);
    const drift = s.history.reduce((a, l) => a + l.drift, 0);
    assert.equal(drift, 0, 'rongcheng has no decay');
    assert.ok(Math.abs(s.start + rules - s.score) < 1e-3);
    if (s.history.length) checked++;
  }
  assert.ok(checked > 20);
  const fico = simulate(small('fico', 2000, 120, { 'output.sampleRate': 0.2 }).scenario);
  for (let i = 0; i < 200; i++) {
    if (!fico.world.recorded[i]) continue;
    const [s] = explainSubject(fico, 'citizens', i).scorers;
    assert.ok(Math.abs(s.start + s.history.reduce((a, l) => a + l.drift + l.delta, 0) - s.score) < 1e-2);
  }
});

test('FICO: five factors weighted 35/30/15/10/10 onto 300-850', () => {
  const world = createWorld(loadScenario('fico', { 'population.citizens': 50 }).scenario);
  const fico = world.policy.scorers[0];
  assert.deepEqual(
    fico.dimensions.map((d) => d.weight),
    [35, 30, 15, 10, 10],
  );
  assert.deepEqual(
    fico.dimensions.map((d) => d.id),
    ['payment_history', 'amounts_owed', 'history_length', 'new_credit', 'credit_mix'],
  );
  // one missed payment moves payment history by -0.1: 0.35 x 550 x 0.1 = 19.25 points
  judgeDay(world, 0, []); // day 0 computes the state-derived factors
  const i = 7;
  const before = world.standing.scores[0][i];
  judgeDay(world, 1, [{ type: EventType.missed_payment, subject: i, actor: i, value: 100 }]);
  assert.ok(Math.abs(before - world.standing.scores[0][i] - 19.25) < 0.01, `${before - world.standing.scores[0][i]}`);
  const st = world.standing.scorers[0];
  for (const d of st.dims) d[i] = 1;
  judgeDay(world, 2, [{ type: EventType.late_payment, subject: i, actor: i, value: 0 }]);
  // the day's decay toward the baselines moves the score by a few hundredths as well
  assert.ok(Math.abs(world.standing.scores[0][i] - (850 - 0.35 * 550 * 0.03)) < 0.1);
});

test('Sesame: tiers poor, fair, good, excellent, outstanding at 550, 600, 650, 700', () => {
  const world = createWorld(loadScenario('sesame', { 'population.citizens': 50 }).scenario);
  const s = world.policy.scorers[0];
  const tier = (score: number) => s.tierNames[tierOf(s, score)];
  assert.deepEqual([350, 549.9, 550, 599, 600, 649, 650, 699, 700, 950].map(tier), ['poor', 'poor', 'fair', 'fair', 'good', 'good', 'excellent', 'excellent', 'outstanding', 'outstanding']);
  assert.equal(s.min, 350);
  assert.equal(s.max, 950);
});

test('Nosedive: a rating counts in proportion to the rater’s own rating', () => {
  const world = createWorld(loadScenario('nosedive', { 'population.citizens': 50 }).scenario);
  const sc = world.policy.scorers[0];
  const st = world.standing.scorers[0];
  const scores = st.score;
  // give rater 1 a rating near 5 and rater 2 one near 2, through many past ratings
  const past = (i: number, stars: number) => {
    st.ratingWeight![i] = 100;
    st.ratingSum![i] = stars * (sc.priorWeight + 100) - sc.base * sc.priorWeight;
  };
  past(1, 5);
  past(2, 2);
  judgeDay(world, 1, [
    { type: EventType.peer_rating, actor: 1, subject: 0, value: 5 },
    { type: EventType.peer_rating, actor: 2, subject: 0, value: 1 },
  ]);
  assert.ok(scores[1] > 4.9 && scores[2] < 2.1);
  const w1 = (scores[1] - 1) / 4,
    w2 = (scores[2] - 1) / 4;
  const expected = (sc.base * sc.priorWeight + w1 * 5 + w2 * 1) / (sc.priorWeight + w1 + w2);
  assert.ok(Math.abs(scores[0] - expected) < 1e-4, `${scores[0]} vs ${expected}`);
});

test('Nosedive: ratings inflate toward five stars', () => {
  const r = simulate(small('nosedive', 3000, 240, { 'output.sampleRate': 0 }).scenario);
  const c = r.world.pop.citizens;
  let lenient = 0;
  for (let i = 0; i < r.world.pop.n; i++) lenient += c.leniency[i] * SHARE;
  assert.ok(lenient / r.world.pop.n > 0.3, `mean leniency ${lenient / r.world.pop.n}`);
  const scores = r.world.standing.scores[0];
  let mean = 0;
  for (const v of scores) mean += v / scores.length;
  assert.ok(mean > 4.2, `mean rating ${mean}`);
});

test('a scheduled rule change takes effect on its day and not before', () => {
  const yaml = `
scorers:
  - id: points
    base: 100
    min: 0
    max: 1000
    rules:
      - { id: old-fine, on: jaywalking, points: -1, until: 30 }
      - { id: new-fine, on: jaywalking, points: -7, from: 30 }
    tiers: [{ name: all, min: 0 }]
population: { citizens: 3000 }
days: 60
output: { sampleRate: 1 }
city: { camerasPerThousand: 2000 }
`;
  const r = simulate(parseScenario(yaml, 'change.yaml').scenario);
  const s = r.measurer.records.scores.cols;
  let before = 0,
    after = 0;
  for (let j = 0; j < r.measurer.records.scores.length; j++) {
    if (s.rule[j] === APPEAL_RULE) continue; // reversals on appeal are not the rules' doing
    if (s.day[j] < 30) {
      assert.equal(s.rule[j], 0, 'only the old rule before day 30');
      assert.equal(s.delta[j], -1);
      before++;
    } else {
      assert.equal(s.rule[j], 1, 'only the new rule from day 30');
      assert.equal(s.delta[j], -7);
      after++;
    }
  }
  assert.ok(before > 20 && after > 20, `${before} before, ${after} after`);
});

test('conditions, cooldowns and yearly caps hold', () => {
  const yaml = `
scorers:
  - id: points
    base: 100
    min: 0
    max: 1000
    rules:
      - { id: big-spender, on: purchase_alcohol, when: "event.value > 500 && subject.age >= 30", points: -1 }
      - { id: gamer, on: gaming_hours, points: -1, cooldownDays: 10 }
      - { id: reader, on: purchase_books, points: 2, cap: 6 }
    tiers: [{ name: all, min: 0 }]
`;
  const world = createWorld(parseScenario(yaml, 'c.yaml', { 'population.citizens': 20 }).scenario);
  const age = world.pop.citizens.age;
  const old = [...age].findIndex((a) => a >= 30),
    young = [...age].findIndex((a) => a < 30);
  const score = (i: number) => world.standing.scores[0][i];
  judgeDay(world, 1, [
    { type: EventType.purchase_alcohol, subject: old, actor: old, value: 600 },
    { type: EventType.purchase_alcohol, subject: old, actor: old, value: 400 },
    { type: EventType.purchase_alcohol, subject: young, actor: young, value: 600 },
  ]);
  assert.equal(score(old), 99, 'the condition holds once for the older citizen');
  assert.equal(score(young), 100, 'and never for the younger');
  for (let day = 2; day < 30; day++) judgeDay(world, day, [{ type: EventType.gaming_hours, subject: young, actor: young, value: 3 }]);
  assert.equal(score(young), 100 - 3, 'a 10-day cooldown over 28 days of play: days 2, 12, 22');
  for (let day = 30; day < 40; day++) judgeDay(world, day, [{ type: EventType.purchase_books, subject: old, actor: old, value: 50 }]);
  assert.equal(score(old), 99 + 6, 'a cap of 6 points a year');
  judgeDay(world, 400, [{ type: EventType.purchase_books, subject: old, actor: old, value: 50 }]);
  assert.equal(score(old), 99 + 8, 'the cap renews the next year');
});

test('a listed company restricts its legal representative; lists with a term let go on time', () => {
  const sim = startSimulation(small('seed-2020', 2000, 560, { 'life.companies.taxEvasion': 1, 'life.companies.integrity': { mean: 0.05, spread: 0.05 }, 'output.sampleRate': 0 }).scenario);
  const l = sim.world.policy.lists.findIndex((x) => x.id === 'company_blacklist');
  const gate = sim.world.policy.gates.find((g) => g.id === 'representative_flight_ban')!;
  let denied = 0,
    exits = 0;
  while (sim.step()) {
    const { standing, pop, decisions, events, listChanges } = sim.world;
    const reps = new Uint16Array(pop.n);
    standing.listed[l].forEach((on, k) => on && reps[pop.companies.legalRep[k]]++);
    assert.deepEqual(Uint16Array.from(standing.representsListed[l]!), reps, 'representation counts follow the list');
    for (let j = 0; j < decisions.length; j++) {
      if (decisions.cols.gate[j] !== gate.index) continue;
      const citizen = events.cols.actor[decisions.cols.event[j]];
      assert.equal(decisions.cols.granted[j], reps[citizen] > 0 ? 0 : 1);
      if (!decisions.cols.granted[j]) denied++;
    }
    for (let j = 0; j < listChanges.length; j++) {
      if (listChanges.cols.list[j] !== l || listChanges.cols.entered[j]) continue;
      exits++;
      const k = listChanges.cols.subject[j];
      assert.equal(sim.world.day - standing.listedSince[l][k], 365, 'a company leaves exactly a year after entering');
    }
  }
  assert.ok(denied > 0 && exits > 0, `denied ${denied}, exits ${exits}`);
});

test('policy errors name their line: unknown field or type error in a condition, unknown dimension, wrong subject kind', () => {
  const bad = (rules: string, extra = '') => refusal(`scorers:\n  - id: s\n    base: 100\n    min: 0\n    max: 200\n    rules:\n${rules}    tiers: [{name: all, min: 0}]\n${extra}`);
  assert.match(bad('      - { on: jaywalking, when: "subject.agee > 3", points: -1 }\n'), /p\.yaml:7:\d+: scorers\.0\.rules\.0\.when: unknown field "subject\.agee"/);
  assert.match(bad('      - { on: jaywalking, when: "subject.age + 3", points: -1 }\n'), /p\.yaml:7:\d+: scorers\.0\.rules\.0\.when: .*boolean/);
  assert.match(bad('      - { on: jaywalking, when: "subject.group == \'martian\'", points: -1 }\n'), /"martian" is not a value of subject\.group/);
  assert.match(bad('      - { on: tax_paid, points: 1 }\n'), /tax_paid is done by companies, but this policy scores citizens/);
  assert.match(bad('      - { on: jaywalking, points: -1, from: 10, until: 5 }\n'), /never apply/);
  // the column points into the expression, at the unknown field
  const where = bad('      - { on: jaywalking, when: "event.value > 1 && subject.agee > 3", points: -1 }\n').match(/p\.yaml:7:(\d+)/);
  assert.ok(where);
  assert.equal(Number(where[1]), '      - { on: jaywalking, when: "event.value > 1 && '.length + 1);
});

test('a score on a tier boundary is in the tier the stored score says (a counterexample fast-check found)', () => {
  const world = createWorld(loadScenario('fico', { 'population.citizens': 300 }).scenario, { seed: 3 });
  judgeDay(world, 0, [{ type: EventType.missed_payment, subject: 882602085 % 300, actor: 0, value: 0 }]);
  judgeDay(world, 7, []);
  const sc = world.policy.scorers[0];
  world.standing.scores[0].forEach((v, i) => assert.equal(world.standing.tiers[0][i], tierOf(sc, v)));
});
