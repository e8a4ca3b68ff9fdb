import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulation } from '../src/engine/simulate.ts';
import { EventType, IS_DEPARTURE } from '../src/core/events.ts';
import type { World } from '../src/world.ts';
import { Occupation } from '../src/population/citizens.ts';
import { total } from '../src/measure/series.ts';
import { small } from './helpers.ts';

test('a privilege denies nothing: every attempt at a priority gate is served, and exactly those who qualify are privileged', () => {
  const sim = startSimulation(small('seed-2020', 4000, 200, { 'output.sampleRate': 0 }).scenario);
  const priority = sim.world.policy.gates.filter((g) => g.priority);
  assert.deepEqual(
    priority.map((g) => g.id),
    ['hotel_deposit', 'rental_deposit', 'visa_priority'],
  );
  const tiers = sim.world.standing.tiers[0];
  const privileged = new Map(priority.map((g) => [g.index, 0]));
  while (sim.step()) {
    const { decisions, events } = sim.world;
    for (let j = 0; j < decisions.length; j++) {
      const gate = sim.world.policy.gates[decisions.cols.gate[j]];
      if (!gate.priority) continue;
      const citizen = events.cols.actor[decisions.cols.event[j]];
      assert.equal(decisions.cols.granted[j], 1, `${gate.id} denied citizen ${citizen}`);
      assert.equal(decisions.cols.privileged[j], tiers[citizen] <= gate.worstTier ? 1 : 0, `${gate.id} privileges exactly those at ${sim.world.policy.scorers[0].tierNames[gate.worstTier]} or better`);
      privileged.set(gate.index, privileged.get(gate.index)! + decisions.cols.privileged[j]);
    }
  }
  const r = sim.result();
  for (const g of priority) assert.equal(total(r, `gate.${g.id}.denied`), 0);
  assert.ok(privileged.get(priority[0].index)! > 100 && privileged.get(priority[1].index)! > 5, `privileges granted: ${[...privileged.values()]}`);
  assert.ok(total(r, 'privileges.fees_saved') > 0, 'a waived deposit saves money');
});

const departed = (world: World, citizen: number) => {
  for (let e = 0; e < world.events.length; e++) if (IS_DEPARTURE[world.events.cols.type[e]] && world.events.cols.actor[e] === citizen) return true;
  return false;
};

test('barred trades are screened in post: a civil servant below the tier is dismissed and retrains for ordinary work', () => {
  // a strict review (below A dismissed) so that dismissals happen in a short run
  const sim = startSimulation(small('seed-2020', 4000, 90, { 'output.sampleRate': 0, 'gates.14.atLeast': 'A' }).scenario);
  const review = sim.world.policy.gates.find((g) => g.id === 'civil_service_review')!;
  const c = sim.world.pop.citizens;
  let dismissed = 0;
  while (sim.step()) {
    const { decisions, events } = sim.world;
    const denied: number[] = [];
    for (let j = 0; j < decisions.length; j++) {
      if (decisions.cols.gate[j] !== review.index) continue;
      const citizen = events.cols.actor[decisions.cols.event[j]];
      assert.equal(events.cols.type[decisions.cols.event[j]], EventType.attempt_post);
      assert.equal(c.occupation[citizen], Occupation.civil_service, 'only civil servants are reviewed by this gate');
      // (one who died or moved away at the end of the day has left the post since)
      assert.ok(c.employer[citizen] >= 0 || departed(sim.world, citizen), 'only those in post');
      if (!decisions.cols.granted[j]) denied.push(citizen);
    }
    if (!denied.length) continue;
    const wages = denied.map((i) => c.wage[i]);
    if (!sim.step()) break;
    denied.forEach((i, k) => {
      assert.equal(c.employer[i], -1, 'dismissed');
      assert.equal(c.occupation[i], Occupation.ordinary, 'retrained');
      assert.ok(Math.abs(c.wage[i] - wages[k] * sim.world.scenario.life.money.careerPenalty) < 1e-3 * wages[k], 'at a lower wage');
      dismissed++;
    });
  }
  assert.ok(dismissed > 3, `dismissed: ${dismissed}`);
});

test('travel abroad needs a passport: visas are sought only by holders, and a passport granted is held', () => {
  const sim = startSimulation(small('seed-2020', 4000, 200, { 'output.sampleRate': 0, 'life.attempts.passport': 0.5 }).scenario);
  const c = sim.world.pop.citizens;
  let visas = 0,
    granted = 0;
  while (sim.step()) {
    const { events, decisions } = sim.world;
    const grantedToday: number[] = [];
    for (let e = 0; e < events.length; e++) {
      if (events.cols.type[e] === EventType.attempt_visa) {
        assert.equal(c.passport[events.cols.actor[e]], 1, 'a visa needs a passport');
        visas++;
      }
      if (events.cols.type[e] === EventType.attempt_passport) assert.equal(c.passport[events.cols.actor[e]], 0, 'only those without a passport apply');
    }
    for (let j = 0; j < decisions.length; j++) {
      const e = decisions.cols.event[j];
      if (events.cols.type[e] === EventType.attempt_passport && decisions.cols.granted[j]) grantedToday.push(events.cols.actor[e]);
    }
    if (!sim.step()) break;
    for (const i of grantedToday) assert.equal(c.passport[i], 1, 'a passport granted is held from the next day');
    granted += grantedToday.length;
  }
  assert.ok(visas > 50 && granted > 50, `visas ${visas}, passports granted ${granted}`);
});

test('a promotion granted raises the wage; one a gate denies does not', () => {
  // a strict promotion gate (below AA barred), so that denials happen in a short run
  const sim = startSimulation(small('seed-2020', 4000, 120, { 'output.sampleRate': 0, 'gates.13.atLeast': 'AA', 'life.attempts.promotion': 3 }).scenario);
  const gate = sim.world.policy.gates.find((g) => g.id === 'gated_promotion')!;
  const c = sim.world.pop.citizens;
  const raise = 1 + sim.world.scenario.life.money.promotionRaise;
  let raised = 0,
    barred = 0;
  while (sim.step()) {
    const { events, decisions } = sim.world;
    const gated = new Map<number, boolean>();
    for (let j = 0; j < decisions.length; j++) if (decisions.cols.gate[j] === gate.index) gated.set(decisions.cols.event[j], decisions.cols.granted[j] === 1);
    const before: { i: number; wage: number; granted: boolean }[] = [];
    for (let e = 0; e < events.length; e++) {
      if (events.cols.type[e] !== EventType.attempt_promotion) continue;
      const i = events.cols.actor[e];
      before.push({ i, wage: c.wage[i], granted: gated.get(e) ?? true });
    }
    if (!sim.step()) break;
    for (const b of before) {
      if (c.employer[b.i] < 0) continue; // lost the job meanwhile
      const expected = b.granted ? Math.fround(b.wage * raise) : b.wage;
      assert.ok(Math.abs(c.wage[b.i] - expected) < 1e-3 * b.wage, `citizen ${b.i}: wage ${b.wage} -> ${c.wage[b.i]}, promotion ${b.granted ? 'granted' : 'denied'}`);
      if (b.granted) raised++;
      else barred++;
    }
  }
  assert.ok(raised > 10 && barred > 3, `raised ${raised}, barred ${barred}`);
});
