import { scenarioSchema, type Scenario } from './schema.ts';

/** Fields a run cannot change once it has started: who lives where, how long, how it is recorded. */
const FIXED = ['name', 'description', 'seed', 'days', 'population', 'city.width', 'city.height', 'city.residentDispersion', 'city.cities', 'output', 'schedule'];
/** Fields under a fixed one that may change all the same: a city's own camera density. */
const CHANGEABLE = /^city\.cities\.\d+\.camerasPerThousand$/;
/** Keys that reach Object.prototype rather than a field. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export interface ScheduleIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The scenario in force after the first `upTo` changes of the schedule (in day order): the base
 * with each change's fields set, defaulted and parsed again; with the issues, if a change does not
 * make a scenario the schema accepts (load/schedule.ts checks the policy too).
 */
export function applyChanges(base: Scenario, upTo: number): { scenario: Scenario; issues: ScheduleIssue[] } {
  const issues: ScheduleIssue[] = [];
  const value = structuredClone({ ...base, schedule: [] }) as Record<string, unknown>;
  const order = ordered(base);
  for (const k of order.slice(0, upTo)) {
    for (const [field, v] of Object.entries(base.schedule[k].set)) {
      const at = ['schedule', k, 'set', field];
      const keys = field.split('.');
      if (keys.some((key) => key === '' || UNSAFE.has(key))) issues.push({ path: at, message: `not a field path: "${field}"` });
      else if (!CHANGEABLE.test(field) && FIXED.some((f) => field === f || field.startsWith(`${f}.`)))
        issues.push({ path: at, message: `${field} cannot change during a run (fixed: ${FIXED.join(', ')})` });
      else if (!exists(value, keys.slice(0, -1))) issues.push({ path: at, message: `no field ${field} in the scenario` });
      else setPath(value, keys, v);
    }
  }
  if (issues.length) return { scenario: base, issues };
  const parsed = scenarioSchema.safeParse(value);
  const last = order[upTo - 1];
  if (!parsed.success) return { scenario: base, issues: parsed.error.issues.map((i) => schemaIssue(base, last, i)) };
  return { scenario: parsed.data, issues: [] };
}

/** A schema problem of a change, at the field of the change that caused it, in words. */
function schemaIssue(base: Scenario, k: number, issue: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }): ScheduleIssue {
  const where = issue.path.map(String).join('.');
  const fields = Object.keys(base.schedule[k].set);
  const unknown = issue.code === 'unrecognized_keys' && issue.keys?.length ? `${where ? `${where}.` : ''}${issue.keys[0]}` : undefined;
  const field = fields.find((f) => f === (unknown ?? where) || (unknown ?? where).startsWith(`${f}.`) || f.startsWith(`${unknown ?? where}.`));
  const message = unknown ? `unknown field ${unknown}` : `${where}: ${issue.message.replace(/^Too (big|small): expected number to be /, 'expected a value ')}`;
  return { path: field ? ['schedule', k, 'set', field] : ['schedule', k, 'set'], message: `on day ${base.schedule[k].day}, ${message}` };
}

/** The schedule's changes in the order they apply: by day, then as written. */
export function ordered(s: Scenario): number[] {
  return s.schedule.map((_, k) => k).sort((a, b) => s.schedule[a].day - s.schedule[b].day || a - b);
}

/** By base scenario: the scenario in force after each change of its schedule, in day order, computed once. */
const cache = new WeakMap<Scenario, { day: number; scenario: Scenario }[]>();

/**
 * The scenario in force on `day`: the base, with every change of its schedule due on or before
 * that day applied. The same object for the same (base, day) range, so that a caller can tell a
 * change by identity. Pure: the main thread and every life thread compute the same.
 */
export function scenarioOn(base: Scenario, day: number): Scenario {
  if (base.schedule.length === 0) return base;
  let steps = cache.get(base);
  if (!steps) {
    const order = ordered(base);
    steps = order.map((k, n) => ({ day: base.schedule[k].day, scenario: applyChanges(base, n + 1).scenario }));
    cache.set(base, steps);
  }
  let now = base;
  for (const step of steps) if (step.day <= day) now = step.scenario;
  return now;
}

/** Whether some change of the schedule takes effect on `day`. */
export const changesOn = (base: Scenario, day: number): boolean => base.schedule.some((c) => c.day === day);

function exists(target: Record<string, unknown>, keys: string[]): boolean {
  let node: unknown = target;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown) {
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}
