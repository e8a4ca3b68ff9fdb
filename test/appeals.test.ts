import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScenario } from '../src/load/scenario.ts';
import { createWorld } from '../src/engine/create-world.ts';
import { decideAppeals } from '../src/judge/appeals.ts';
import { reserve } from '../src/core/buffer.ts';
import { ATTEMPTS, EVENT_TYPES, EventType, attemptEventType } from '../src/core/events.ts';
import { ATTEMPT_OF_TYPE } from '../src/life/answers.ts';
import { reproducible } from './helpers.ts';

/** A scenario with one dimensions scorer of `n` dimensions, every appeal upheld the day it is filed. */
function dimensionsScenario(n: number) {
  const dims = Array.from({ length: n }, (_, d) => `      - { id: d${d}, weight: ${d + 1}, baseline: 0.5 }`).join('\n');
  const yaml = `
scorers:
  - id: dims
    aggregation: dimensions
    min: 0
    max: 100
    dimensions:
${dims}
    rules: [{ id: fine, on: jaywalking, dimension: d${n - 1}, points: -0.2 }]
    tiers: [{ name: all, min: 0 }]
appeals: { delayDays: 0, successIfWrongful: 1, successIfRightful: 1 }
population: { citizens: 50 }
days: 10
`;
  return parseScenario(yaml, `dims-${n}.yaml`).scenario;
}

/** File appeals straight into the world's table of the day, then let the judge decide them. */
function fileAndDecide(world: ReturnType<typeof createWorld>, day: number, appeals: { citizen: number; delta: number }[]) {
  world.day = day;
  world.appeals.length = 0;
  world.appealDecisions.length = 0;
  world.scoreChanges.length = 0;
  for (const p of appeals) {
    const k = reserve(world.appeals);
    const a = world.appeals.cols;
    a.citizen[k] = p.citizen;
    a.scorer[k] = 0;
    a.rule[k] = 0;
    a.delta[k] = p.delta;
    a.wrongful[k] = 1;
  }
  decideAppeals(world);
}

test('property: over 1 to 20 dimensions, an upheld appeal in a dimensions scorer restores a finite score', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 49 }), (n, citizen) => {
      const world = createWorld(dimensionsScenario(n), { seed: 5 });
      const st = world.standing.scorers[0];
      const before = st.score[citizen];
      fileAndDecide(world, 3, [{ citizen, delta: -2 }]);
      assert.equal(world.appealDecisions.length, 1);
      assert.equal(world.appealDecisions.cols.upheld[0], 1);
      const after = st.score[citizen];
      assert.ok(Number.isFinite(after), `${n} dimensions: the score is ${after}`);
      assert.ok(after >= before - 1e-9 && after <= 100, `${n} dimensions: ${before} -> ${after}`);
    }),
    { numRuns: 40, ...reproducible },
  );
});

test('same-day appeals of one citizen to one scorer each get a draw of their own', () => {
  const scenario = dimensionsScenario(2);
  scenario.appeals = { ...scenario.appeals, successIfWrongful: 0.5, successIfRightful: 0.5 };
  const world = createWorld(scenario, { seed: 11 });
  // 40 appeals of citizen 3 decided on one day: with one shared draw they would all be upheld, or none
  fileAndDecide(
    world,
    4,
    Array.from({ length: 40 }, () => ({ citizen: 3, delta: -0.01 })),
  );
  const upheld = Array.from(world.appealDecisions.cols.upheld.subarray(0, world.appealDecisions.length));
  assert.equal(upheld.length, 40);
  const count = upheld.reduce((a, b) => a + b, 0);
  assert.ok(count > 5 && count < 35, `upheld ${count} of 40`);
  // and the draws are the same on a second world of the same seed
  const again = createWorld(scenario, { seed: 11 });
  fileAndDecide(
    again,
    4,
    Array.from({ length: 40 }, () => ({ citizen: 3, delta: -0.01 })),
  );
  assert.deepEqual(Array.from(again.appealDecisions.cols.upheld.subarray(0, 40)), upheld);
});

test('every attempt event type maps to its attempt, and nothing else does', () => {
  ATTEMPTS.forEach((a, kind) => {
    assert.equal(ATTEMPT_OF_TYPE[attemptEventType(a)], kind, a);
    assert.equal(ATTEMPT_OF_TYPE[EventType[`attempt_${a}`]], kind, a);
  });
  EVENT_TYPES.forEach((t, code) => {
    if (!t.startsWith('attempt_')) assert.equal(ATTEMPT_OF_TYPE[code], -1, t);
  });
  assert.equal(ATTEMPT_OF_TYPE.filter((k) => k >= 0).length, ATTEMPTS.length);
});
