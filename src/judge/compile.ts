import type { Scenario, ScorerSpec } from '../scenario/schema.ts';
import { EventType, EVENT_TYPE_COUNT, attemptEventType } from '../life/event-types.ts';

/** A scorer compiled to lookup tables indexed by event type: no rule text is read during a run. */
export interface CompiledScorer {
  id: string;
  base: number;
  min: number;
  max: number;
  /** points per event type (0 when no rule) */
  points: Float32Array;
  /** the score cap an event type imposes (+Infinity when none) */
  cap: Float32Array;
  /** index of the rule that scores each event type, -1 when none */
  rule: Int16Array;
  tierNames: string[];
  /** tier thresholds from highest to lowest */
  tierMin: Float64Array;
}

export interface CompiledList {
  id: string;
  enter: number;
  exit: number;
}

export interface CompiledGate {
  id: string;
  /** position in Policy.gates */
  index: number;
  attemptType: number;
  /** list index to deny, -1 for none */
  list: number;
  /** scorer index read, -1 for none */
  scorer: number;
  /** highest tier index (0 = top) still granted */
  worstTier: number;
  denialStress: number;
  denialCost: number;
}

export interface Policy {
  scorers: CompiledScorer[];
  lists: CompiledList[];
  gates: CompiledGate[];
  /** gates by attempt event type */
  gatesByType: CompiledGate[][];
}

export function compilePolicy(scenario: Scenario): Policy {
  const scorers = scenario.scorers.map(compileScorer);
  const lists = scenario.lists.map((l) => ({ id: l.id, enter: EventType[l.enter], exit: EventType[l.exit] }));
  const gates = scenario.gates.map((g, index): CompiledGate => {
    const scorer = g.scorer === undefined ? -1 : scorers.findIndex((s) => s.id === g.scorer);
    return {
      id: g.id,
      index,
      attemptType: attemptEventType(g.attempt),
      list: g.notListed === undefined ? -1 : lists.findIndex((l) => l.id === g.notListed),
      scorer,
      worstTier: scorer < 0 ? -1 : scorers[scorer].tierNames.indexOf(g.atLeast as string),
      denialStress: g.denialStress,
      denialCost: g.denialCost,
    };
  });
  const gatesByType: CompiledGate[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  for (const g of gates) gatesByType[g.attemptType].push(g);
  return { scorers, lists, gates, gatesByType };
}

function compileScorer(spec: ScorerSpec): CompiledScorer {
  const points = new Float32Array(EVENT_TYPE_COUNT);
  const cap = new Float32Array(EVENT_TYPE_COUNT).fill(Infinity);
  const rule = new Int16Array(EVENT_TYPE_COUNT).fill(-1);
  const tierNames = spec.tiers.map((t) => t.name);
  const tierMin = Float64Array.from(spec.tiers.map((t) => t.min));
  spec.rules.forEach((r, index) => {
    for (const name of Array.isArray(r.on) ? r.on : [r.on]) {
      const type = EventType[name];
      points[type] = r.points;
      rule[type] = index;
      if (r.capTier !== undefined) {
        const t = tierNames.indexOf(r.capTier);
        // one point below the next tier up: the top of the capping tier
        cap[type] = t === 0 ? spec.max : tierMin[t - 1] - 1;
      }
    }
  });
  return { id: spec.id, base: spec.base, min: spec.min, max: spec.max, points, cap, rule, tierNames, tierMin };
}

/** Tier index of a score: 0 is the highest tier. */
export function tierOf(scorer: CompiledScorer, score: number): number {
  const t = scorer.tierMin;
  for (let i = 0; i < t.length; i++) if (score >= t[i]) return i;
  return t.length - 1;
}
