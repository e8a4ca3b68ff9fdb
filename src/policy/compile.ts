import type { Scenario, ScorerSpec, RuleSpec } from '../scenario/schema.ts';
import { EventType, EVENT_TYPE_COUNT, BY_COMPANY, attemptEventType, type SubjectKind, type EventTypeName } from '../core/events.ts';
import { compileExpression, lowerBound, type Compiled, type Fields } from './expression.ts';
import { fieldsFor } from './fields.ts';
import { cityOfDistricts } from '../city/city.ts';

/** A rule, compiled: its condition is a closure; nothing is parsed during the run. */
export interface CompiledRule {
  index: number;
  name: string;
  points: number;
  /** dimension index in a dimensions scorer, -1 otherwise */
  dimension: number;
  /** the score a capTier rule leaves at most (+Infinity when none) */
  cap: number;
  when: Compiled | null;
  cooldownDays: number;
  yearlyCap: number;
  from: number;
  until: number;
}

export interface CompiledDimension {
  id: string;
  weight: number;
  baseline: number;
  /** state-derived value, or null for event-driven dimensions */
  value: Compiled | null;
  /** scorer index whose friends' scores make the dimension, -1 when none */
  friends: number;
  every: number;
}

export interface CompiledScorer {
  id: string;
  kind: SubjectKind;
  aggregation: 'points' | 'dimensions' | 'ratings';
  base: number;
  min: number;
  max: number;
  /** daily decay factor toward the base, 1 for none */
  keep: number;
  dimensions: CompiledDimension[];
  rules: CompiledRule[];
  /** rules by event type */
  rulesByType: CompiledRule[][];
  tierNames: string[];
  /** tier thresholds from highest to lowest */
  tierMin: Float64Array;
  /** by district: 1 where the scorer runs (a district of one of its cities); null when it runs everywhere */
  districts: Uint8Array | null;
  enrolment: number;
  transparency: 'published' | 'secret';
  selfSelection: number;
  /** who sees a subject's score: private (the scorer and its buyers), friends, or public */
  visibility: 'private' | 'friends' | 'public';
  priorWeight: number;
  raterWeightExponent: number;
}

export interface CompiledList {
  id: string;
  kind: SubjectKind;
  enter: number;
  enterWhen: Compiled | null;
  /** exit event type, -1 for a fixed term */
  exit: number;
  exitAfterDays: number;
  restrictsRepresentative: boolean;
}

export interface CompiledGate {
  id: string;
  /** position in Policy.gates */
  index: number;
  attemptType: number;
  /** the gate applies only where this holds; null: always */
  when: Compiled | null;
  /** list index to deny, -1 for none */
  list: number;
  /** scorer index read, -1 for none */
  scorer: number;
  /** highest tier index (0 = top) still granted */
  worstTier: number;
  grantUnscored: boolean;
  /** a priority gate serves everyone and privileges those who qualify */
  priority: boolean;
  /** the days it applies: [from, until) */
  from: number;
  until: number;
  denialStress: number;
  denialCost: number;
  deprivation: number;
  daysSaved: number;
  feeSaved: number;
}

export interface Policy {
  scorers: CompiledScorer[];
  /** by scorer: 1 for a scorer of citizens, 0 for one of companies */
  scoresCitizens: Uint8Array;
  lists: CompiledList[];
  gates: CompiledGate[];
  /** gates by attempt event type */
  gatesByType: CompiledGate[][];
  /** by the event type recorded: the scorers (indices, in order) that may score it, of its subject's kind; a ratings scorer only for peer ratings */
  scorersByType: Int32Array[];
  /** by event type: the lists (indices, in order) of its subject's kind it may enter or leave */
  listsByType: Int32Array[];
  /**
   * By event type, the least value an event of it needs for some rule or list to read it: acts
   * below it can be counted instead of emitted (life/consumption.ts, gaming hours). +Infinity when
   * nothing reads the type, -Infinity when any value may count.
   */
  quietBelow: Float64Array;
}

/**
 * Compile the scenario's policy into tables and closures, once: nothing is parsed during the run.
 * Expressions are evaluated against a field source (source.ts), given at each call.
 */
export function compilePolicy(scenario: Scenario): Policy {
  const fields = { citizens: fieldsFor('citizens', scenario), companies: fieldsFor('companies', scenario) };
  const stateFields = { citizens: fieldsFor('citizens', scenario, false), companies: fieldsFor('companies', scenario, false) };
  const scorerIndex = (id: string) => scenario.scorers.findIndex((s) => s.id === id);
  const cityOf = cityOfDistricts(scenario.city);
  const cityIndex = (name: string) => scenario.city.cities.findIndex((c) => c.name === name);
  const scorers = scenario.scorers.map((spec) => ({
    ...compileScorer(spec, fields[spec.subjects], stateFields[spec.subjects], scorerIndex),
    districts: spec.cities === undefined ? null : districtsOf(cityOf, spec.cities.map(cityIndex)),
  }));
  const lists = scenario.lists.map(
    (l): CompiledList => ({
      id: l.id,
      kind: l.subjects,
      enter: EventType[l.enter.on],
      enterWhen: l.enter.when ? compileExpression(l.enter.when, fields[l.subjects], 'boolean') : null,
      exit: l.exit?.on ? EventType[l.exit.on] : -1,
      exitAfterDays: l.exit?.afterDays ?? 0,
      restrictsRepresentative: l.subjects === 'companies' && l.restrictsRepresentative,
    }),
  );
  const gates = scenario.gates.map((g, index): CompiledGate => {
    const scorer = g.scorer === undefined ? -1 : scorerIndex(g.scorer);
    return {
      id: g.id,
      index,
      attemptType: attemptEventType(g.attempt),
      when: g.when ? compileExpression(g.when, fields.citizens, 'boolean') : null,
      list: g.notListed === undefined ? -1 : lists.findIndex((l) => l.id === g.notListed),
      scorer,
      worstTier: scorer < 0 ? -1 : scorers[scorer].tierNames.indexOf(g.atLeast as string),
      grantUnscored: g.unscored === 'grant',
      priority: g.effect === 'priority',
      from: g.from ?? 0,
      until: g.until ?? Infinity,
      denialStress: g.denialStress,
      denialCost: g.denialCost,
      deprivation: g.deprivation,
      daysSaved: g.daysSaved,
      feeSaved: g.feeSaved,
    };
  });
  const gatesByType: CompiledGate[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  for (const g of gates) gatesByType[g.attemptType].push(g);
  const kindOf = (type: number): SubjectKind => (BY_COMPANY[type] === 1 ? 'companies' : 'citizens');
  const indicesWhere = <T>(items: readonly T[], keep: (item: T) => boolean) => Int32Array.from(items.flatMap((item, k) => (keep(item) ? [k] : [])));
  const types = Array.from({ length: EVENT_TYPE_COUNT }, (_, type) => type);
  const scorersByType = types.map((type) => indicesWhere(scorers, (s) => s.kind === kindOf(type) && (s.aggregation === 'ratings' ? type === EventType.peer_rating : s.rulesByType[type].length > 0)));
  const listsByType = types.map((type) => indicesWhere(lists, (l) => l.kind === kindOf(type) && (l.enter === type || l.exit === type)));
  const scoresCitizens = Uint8Array.from(scorers, (s) => (s.kind === 'citizens' ? 1 : 0));
  return { scorers, scoresCitizens, lists, gates, gatesByType, scorersByType, listsByType, quietBelow: quietBelow(scenario) };
}

/** By event type, the least event value any rule or list condition can read (Policy.quietBelow). */
function quietBelow(scenario: Scenario): Float64Array {
  const floor = new Float64Array(EVENT_TYPE_COUNT).fill(Infinity);
  const reads = (type: EventTypeName, when: string | undefined) => {
    const t = EventType[type];
    floor[t] = Math.min(floor[t], when === undefined ? -Infinity : lowerBound(when, 'event.value'));
  };
  for (const s of scenario.scorers) for (const r of s.rules) for (const type of Array.isArray(r.on) ? r.on : [r.on]) reads(type, r.when);
  for (const l of scenario.lists) {
    reads(l.enter.on, l.enter.when);
    if (l.exit?.on) reads(l.exit.on, undefined);
  }
  return floor;
}

/** By district: 1 for the districts of the given cities. */
function districtsOf(cityOf: Uint8Array, cities: number[]): Uint8Array {
  return Uint8Array.from(cityOf, (c) => (cities.includes(c) ? 1 : 0));
}

function compileScorer(spec: ScorerSpec, fields: Fields, stateFields: Fields, scorerIndex: (id: string) => number): Omit<CompiledScorer, 'districts'> {
  const tierNames = spec.tiers.map((t) => t.name);
  const tierMin = Float64Array.from(spec.tiers.map((t) => t.min));
  const dimensions = spec.dimensions.map(
    (d): CompiledDimension => ({
      id: d.id,
      weight: d.weight,
      baseline: d.baseline,
      value: d.value ? compileExpression(d.value, stateFields, 'number') : null,
      friends: d.friends ? scorerIndex(d.friends) : -1,
      every: d.every,
    }),
  );
  const rules = spec.rules.map((r, index) => compileRule(r, index, spec, fields, tierNames, tierMin));
  const rulesByType: CompiledRule[][] = Array.from({ length: EVENT_TYPE_COUNT }, () => []);
  spec.rules.forEach((r, index) => {
    for (const name of Array.isArray(r.on) ? r.on : [r.on]) rulesByType[EventType[name]].push(rules[index]);
  });
  const base =
    spec.aggregation === 'dimensions'
      ? dimensionScore(
          spec.min,
          spec.max,
          dimensions,
          dimensions.map((d) => d.baseline),
        )
      : (spec.base ?? spec.min);
  return {
    id: spec.id,
    kind: spec.subjects,
    aggregation: spec.aggregation,
    base,
    min: spec.min,
    max: spec.max,
    keep: spec.halfLifeDays ? 0.5 ** (1 / spec.halfLifeDays) : 1,
    dimensions,
    rules,
    rulesByType,
    tierNames,
    tierMin,
    enrolment: spec.enrolment,
    transparency: spec.transparency,
    selfSelection: spec.selfSelection,
    visibility: spec.visibility,
    priorWeight: spec.priorWeight,
    raterWeightExponent: spec.raterWeightExponent,
  };
}

function compileRule(r: RuleSpec, index: number, spec: ScorerSpec, fields: Fields, tierNames: string[], tierMin: Float64Array): CompiledRule {
  let cap = Infinity;
  if (r.capTier !== undefined) {
    const t = tierNames.indexOf(r.capTier);
    // one point below the next tier up: the top of the capping tier
    cap = t === 0 ? spec.max : tierMin[t - 1] - 1;
  }
  return {
    index,
    name: r.id ?? `rule ${index + 1} (${Array.isArray(r.on) ? r.on.join(', ') : r.on})`,
    points: r.points,
    dimension: r.dimension === undefined ? -1 : spec.dimensions.findIndex((d) => d.id === r.dimension),
    cap,
    when: r.when ? compileExpression(r.when, fields, 'boolean') : null,
    cooldownDays: r.cooldownDays ?? 0,
    yearlyCap: r.cap ?? Infinity,
    from: r.from ?? 0,
    until: r.until ?? Infinity,
  };
}

/** The score of weighted dimension values in [0, 1], mapped onto [min, max]. */
export function dimensionScore(min: number, max: number, dims: readonly { weight: number }[], values: ArrayLike<number>): number {
  let total = 0,
    weighted = 0;
  for (let d = 0; d < dims.length; d++) {
    total += dims[d].weight;
    weighted += dims[d].weight * values[d];
  }
  return total > 0 ? min + ((max - min) * weighted) / total : min;
}

/** Tier index of a score: 0 is the highest tier. */
export function tierOf(scorer: CompiledScorer, score: number): number {
  const t = scorer.tierMin;
  for (let i = 0; i < t.length; i++) if (score >= t[i]) return i;
  return t.length - 1;
}
