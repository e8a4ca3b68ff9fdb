import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { createHash } from 'node:crypto';
import { parseDocument, LineCounter, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { InputError, type InputIssue } from '../scenario/errors.ts';
import { checkPolicy } from '../policy/check.ts';
import { checkSchedule } from './schedule.ts';
import { packageRoot } from '../core/package-root.ts';

export const SCENARIO_DIR = join(packageRoot(), 'scenarios');

/** A validated scenario and where it came from. */
export interface LoadedScenario {
  scenario: Scenario;
  /** the YAML text as written (overrides are recorded apart) */
  source: string;
  file: string;
  overrides: Record<string, unknown>;
  /** sha256 of the source and the overrides: the scenario's identity in provenance */
  hash: string;
}

/** A shipped scenario's name (`rongcheng`) or a path to a YAML file. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath) && !nameOrPath.endsWith('/')) return resolve(nameOrPath);
  const shipped = join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  if (/^[a-z0-9/_-]+$/.test(nameOrPath) && existsSync(shipped)) return shipped;
  throw new InputError([{ message: `no scenario file "${nameOrPath}" and no shipped scenario of that name (try: credence scenarios)` }]);
}

/**
 * Load, default and validate a scenario file. `overrides` maps dotted field paths to values
 * (`{'population.citizens': 1000}`), applied before validation so they are checked like the file.
 * @example const { scenario } = loadScenario('rongcheng', { days: 30 });
 */
export function loadScenario(nameOrPath: string, overrides: Record<string, unknown> = {}): LoadedScenario {
  const file = resolveScenarioPath(nameOrPath);
  return parseScenario(readFileSync(file, 'utf8'), file, overrides);
}

/** Parse, default and validate scenario YAML text: the schema, then the policy check (every reference and expression). */
export function parseScenario(source: string, file = '<scenario>', overrides: Record<string, unknown> = {}): LoadedScenario {
  const scenario = parseYaml(scenarioSchema, source, file, overrides, 'scenario fields', (s) => checkScenario(s, Object.hasOwn(overrides, 'days')));
  const hash = createHash('sha256').update(source).update(JSON.stringify(overrides)).digest('hex');
  return { scenario, source, file, overrides, hash };
}

/**
 * Parse YAML text against a zod schema, with `overrides` (dotted paths) applied first. Every
 * problem is reported with the file, line and column, the field path, what was expected and what
 * was found.
 */
export function parseYaml<S extends z.ZodType>(
  schema: S,
  source: string,
  file: string,
  overrides: Record<string, unknown> = {},
  what = 'fields',
  check?: (value: z.output<S>) => CheckIssue[],
): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, line, column: col, message: `malformed YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError([{ file, line: 1, column: 1, message: `expected a mapping of ${what}, found ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    // an override names fields; one that names an object's machinery would change every object
    const forbidden = keys.find((k) => UNSAFE_KEYS.has(k) || k === '');
    if (forbidden !== undefined) throw new InputError([{ path, message: `not a field path: "${forbidden}" is not a field name` }]);
    setPath(raw, keys, value);
  }
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => locate(i, doc, lines, file, overrides)));
  const checked = check?.(parsed.data) ?? [];
  if (checked.length) throw new InputError(checked.map((i) => locate(customIssue(i), doc, lines, file, overrides)));
  return parsed.data;
}

/** A problem found by a check beyond the schema; `offset` points inside an expression's text. */
interface CheckIssue {
  path: (string | number)[];
  message: string;
  offset?: number;
}

const customIssue = (i: CheckIssue): z.core.$ZodIssue => ({ code: 'custom', path: i.path, message: i.message, params: i.offset === undefined ? undefined : { offset: i.offset }, input: undefined });

/**
 * Validate a scenario held as an object (a stored run's resolved scenario, an API body): the
 * schema, then the policy check. `what` names it in messages.
 */
export function validateScenario(value: unknown, what = 'the scenario'): Scenario {
  const refuse = (issues: { path: PropertyKey[]; message: string }[]) => new InputError(issues.map((i) => ({ path: i.path.map(String).join('.'), message: `${what}: ${i.message}` })));
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) throw refuse(parsed.error.issues);
  // a stored run may have been shortened: it ends before the changes it never reached
  const issues = checkScenario(parsed.data, true);
  if (issues.length) throw refuse(issues);
  return parsed.data;
}

/** Every check beyond the schema: the policy, then the schedule of changes. */
const checkScenario = (s: Scenario, shortened = false) => {
  const policy = checkPolicy(s);
  return policy.length ? policy : checkSchedule(s, shortened);
};

/** The shipped scenarios, by name, with what each represents. */
export function listScenarios(): { name: string; description: string }[] {
  const names = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
  return names.map((name) => ({ name, description: loadScenario(name).scenario.description }));
}

/** Keys that reach Object.prototype rather than a field. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(node, key) || typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function locate(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string, overrides: Record<string, unknown>): InputIssue {
  const path = issue.path.map(String);
  let node = doc.getIn(issue.path as (string | number)[], true) as Node | undefined;
  let fieldPath = path;
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length ? doc.getIn(path, true) : doc.contents;
    const key = issue.keys[0];
    fieldPath = [...path, key];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      node = (pair?.key as Node | undefined) ?? node;
    }
    return at(node, { path: fieldPath.join('.'), message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` });
  }
  // a missing field has no node: point at the closest ancestor that exists
  for (let depth = path.length; !node && depth > 0; depth--) node = doc.getIn(path.slice(0, depth - 1), true) as Node | undefined;
  const overridden = Object.keys(overrides).find((k) => k === path.join('.'));
  const message = describe(issue);
  if (overridden) return { path: overridden, message: `${message} (from the command line)` };
  // an expression's error points inside its text: past the opening quote, if any
  const inner = issue.code === 'custom' && typeof issue.params?.offset === 'number' ? issue.params.offset + (isScalar(node) && String(node.type).startsWith('QUOTE') ? 1 : 0) : 0;
  return at(node, { path: fieldPath.join('.'), message }, inner);

  function at(n: Node | undefined, rest: Omit<InputIssue, 'file'>, shift = 0): InputIssue {
    const offset = n?.range?.[0] === undefined ? undefined : n.range[0] + shift;
    if (offset === undefined) return { file, ...rest };
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, ...rest };
  }
}

function describe(issue: z.core.$ZodIssue): string {
  const found = 'input' in issue && issue.code !== 'custom' ? show(issue.input) : undefined;
  const suffix = found !== undefined ? `, found ${found}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required field missing: expected ${issue.expected}` : `expected ${issue.expected}${suffix}`;
    case 'too_small':
      return `expected ${issue.origin === 'array' ? 'a list of at least' : 'a value'} ${issue.inclusive ? '>=' : '>'} ${issue.minimum}${suffix}`;
    case 'too_big':
      return `expected ${issue.origin === 'array' ? 'a list of at most' : 'a value'} ${issue.inclusive ? '<=' : '<'} ${issue.maximum}${suffix}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${suffix}`;
    default:
      return `${issue.message}${suffix}`;
  }
}

function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}
