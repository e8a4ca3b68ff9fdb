import type { World } from '../engine/world.ts';

/**
 * How people respond to what happened to them yesterday (read from yesterday's judgment and
 * consequence tables, before they are cleared): a penalty raises perceived detection risk and
 * stress; a wrongful one costs the system legitimacy; a denial costs stress, money and hardship.
 * Every day stress recovers and perceived risk drifts back toward the prior.
 */
export function respond(world: World): void {
  const r = world.scenario.response;
  const c = world.pop.citizens;
  const n = world.pop.n;

  const sc = world.scoreChanges.cols;
  const wrongful = world.observations.cols.wrongful;
  const scoresCitizens = world.policy.scorers.map((s) => s.kind === 'citizens');
  for (let j = 0; j < world.scoreChanges.length; j++) {
    if (sc.delta[j] >= 0 || !scoresCitizens[sc.scorer[j]]) continue;
    const i = sc.subject[j];
    c.perceivedRisk[i] += r.riskLearning * (1 - c.perceivedRisk[i]);
    c.stress[i] += r.stressPerPenalty;
    if (wrongful[sc.event[j]]) {
      c.legitimacy[i] -= r.legitimacyPerWrongful * c.legitimacy[i];
      if (c.wrongfulPenalties[i] < 65535) c.wrongfulPenalties[i]++;
    }
  }

  const dc = world.decisions.cols;
  const actor = world.events.cols.actor;
  const gates = world.policy.gates;
  for (let j = 0; j < world.decisions.length; j++) {
    if (dc.granted[j]) continue;
    const i = actor[dc.event[j]];
    const gate = gates[dc.gate[j]];
    c.stress[i] += gate.denialStress;
    c.savings[i] -= Math.min(c.savings[i], gate.denialCost);
    c.hardship[i] = Math.min(1, c.hardship[i] + r.hardshipPerDenial);
    if (c.denials[i] < 65535) c.denials[i]++;
  }

  const prior = r.riskPrior;
  const keep = 1 - r.stressRecovery;
  for (let i = 0; i < n; i++) {
    c.stress[i] *= keep;
    c.perceivedRisk[i] += r.riskForgetting * (prior - c.perceivedRisk[i]);
  }
}
