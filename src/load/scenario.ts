import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
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

/**
 * Limits on what a scenario file may be, far above any real one (the shipped ones are under 20 KB
 * and nest a few levels): a larger or stranger input is refused before it can cost time or memory.
 */
export const LIMITS = { bytes: 1 << 20, aliases: 100, depth: 64 } as const;

/** A shipped scenario's name (`rongcheng`) or a path to a YAML file (a regular file: not a directory, a device or a pipe). */
export function resolveScenarioPath(nameOrPath: string): string {
  const kind = fileKind(nameOrPath);
  if (kind === 'file') return resolve(nameOrPath);
  // shipped names may name a folder's scenario (reference/epstein)
  const shipped = shippedFile(nameOrPath, /^[a-z0-9/_-]+$/);
  if (shipped !== undefined) return shipped;
  if (kind === 'other') throw new InputError([{ file: nameOrPath, message: 'not a regular file (a directory, a device or a pipe): expected a YAML scenario file' }]);
  throw new InputError([{ message: `no scenario file "${nameOrPath}" and no shipped scenario of that name (try: credence scenarios)` }]);
}

function fileKind(path: string): 'file' | 'other' | 'none' {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/** A scenario file's text, refused before reading when it is too large. */
function readScenarioFile(file: string): string {
  const size = statSync(file).size;
  if (size > LIMITS.bytes) throw new InputError([{ file, message: `a file of ${size.toLocaleString('en')} bytes: a scenario may have at most ${LIMITS.bytes.toLocaleString('en')}` }]);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}` }]);
  }
}

/** The file of a shipped scenario, if `name` matches `pattern` and names one. */
function shippedFile(name: string, pattern: RegExp): string | undefined {
  const file = join(SCENARIO_DIR, `${name}.yaml`);
  return pattern.test(name) && fileKind(file) === 'file' ? file : undefined;
}

/** A shipped scenario a file may extend: a plain name, no folder. */
function resolveShipped(name: string): string {
  const shipped = shippedFile(name, /^[a-z0-9_-]+$/);
  if (shipped !== undefined) return shipped;
  throw new InputError([{ message: `no shipped scenario "${name}" (try: credence scenarios)` }]);
}

/**
 * Load, default and validate a scenario file. `overrides` maps dotted field paths to values
 * (`{'population.citizens': 1000}`), applied before validation so they are checked like the file.
 * @example const { scenario } = loadScenario('rongcheng', { days: 30 });
 */
export function loadScenario(nameOrPath: string, overrides: Record<string, unknown> = {}): LoadedScenario {
  const file = resolveScenarioPath(nameOrPath);
  return parseScenario(readScenarioFile(file), file, overrides, { fromFile: true });
}

/**
 * Parse, default and validate scenario YAML text: the schema, then the policy check (every
 * reference and expression). A scenario may extend another (`extends: seed-2020`, a shipped name
 * or a path from the file's folder): the base's fields with the file's own on top, mappings merged
 * field by field and lists replaced whole; each problem is reported in the file that wrote it.
 */
export function parseScenario(source: string, file = '<scenario>', overrides: Record<string, unknown> = {}, options: { fromFile?: boolean } = {}): LoadedScenario {
  const layers = scenarioLayers(source, file, [], options.fromFile === true);
  const scenario = validateLayers(scenarioSchema, layers, overrides, (s) => checkScenario(s, Object.hasOwn(overrides, 'days')), true);
  const hash = createHash('sha256');
  for (const layer of layers) hash.update(layer.source);
  return { scenario, source, file, overrides, hash: hash.update(JSON.stringify(overrides)).digest('hex') };
}

/** One YAML file of a scenario: a base it extends, or the scenario itself (the last layer). */
interface Layer {
  file: string;
  source: string;
  doc: Document;
  lines: LineCounter;
  raw: Record<string, unknown>;
}

/** A scenario's files, its bases first: at most this many deep. */
const MAX_EXTENDS = 8;

function scenarioLayers(source: string, file: string, within: string[], fromFile: boolean): Layer[] {
  const layer = readLayer(source, file, 'scenario fields');
  const base = layer.raw.extends;
  if (base === undefined) return [layer];
  const where = (message: string): InputIssue => {
    const node = layer.doc.get('extends', true) as Node | undefined;
    const { line, col } = layer.lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col, path: 'extends', message };
  };
  if (typeof base !== 'string' || base === '') throw new InputError([where(`expected the name of a shipped scenario or a path to one, found ${show(base)}`)]);
  let baseFile: string;
  try {
    // text that is no file (an upload to the API) may extend only a shipped scenario
    const local = fromFile ? resolve(dirname(file), base) : null;
    baseFile = local !== null && !/^[a-z0-9_-]+$/.test(base) && existsSync(local) ? local : resolveShipped(base);
  } catch (e) {
    throw new InputError([where((e as InputError).issues?.[0]?.message ?? String(e))]);
  }
  const chain = [...within, file];
  if (chain.includes(baseFile) || chain.length >= MAX_EXTENDS) throw new InputError([where(`"${base}" extends, in the end, this file itself (or a chain over ${MAX_EXTENDS} deep)`)]);
  let baseSource: string;
  try {
    if (fileKind(baseFile) !== 'file') throw new Error('not a regular file');
    baseSource = readScenarioFile(baseFile);
  } catch {
    throw new InputError([where(`cannot read the scenario "${base}"`)]);
  }
  return [...scenarioLayers(baseSource, baseFile, chain, true), layer];
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
  return validateLayers(schema, [readLayer(source, file, what)], overrides, check);
}

function readLayer(source: string, file: string, what: string): Layer {
  if (source.length > LIMITS.bytes) throw new InputError([{ file, message: `a text of ${source.length.toLocaleString('en')} characters: at most ${LIMITS.bytes.toLocaleString('en')}` }]);
  const nul = source.indexOf('\0');
  if (nul >= 0) throw new InputError([{ file, message: 'a NUL character in the text: expected YAML text, not a binary file' }]);
  const lines = new LineCounter();
  // keys are checked for duplicates below, in one pass (the parser's own check is quadratic in a mapping's size)
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { file, line, column: col, message: `malformed YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  checkStructure(doc, lines, file);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (e) {
    // an alias with no anchor, or too many aliases of one (a "billion laughs" document)
    throw new InputError([{ file, message: `malformed YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (raw === null || raw === undefined) throw new InputError([{ file, line: 1, column: 1, message: `the document is empty: expected a mapping of ${what}` }]);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError([{ file, line: 1, column: 1, message: `expected a mapping of ${what}, found ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  return { file, source, doc, lines, raw: raw as Record<string, unknown> };
}

/** Duplicate keys (each mapping's keys in a set: linear) and nesting beyond LIMITS.depth, with their line. */
function checkStructure(doc: Document, lines: LineCounter, file: string) {
  const issues: InputIssue[] = [];
  const at = (node: Node | null | undefined, message: string) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    issues.push({ file, line, column: col, message });
  };
  visit(doc, {
    Map(_, map, path) {
      if (depthOf(path) > LIMITS.depth) {
        at(map, `nested more than ${LIMITS.depth} levels deep`);
        return visit.BREAK;
      }
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) at(pair.key as Node, `duplicate key "${String(key)}"`);
        seen.add(key);
      }
    },
    Seq(_, seq, path) {
      if (depthOf(path) > LIMITS.depth) {
        at(seq, `nested more than ${LIMITS.depth} levels deep`);
        return visit.BREAK;
      }
    },
  });
  if (issues.length) throw new InputError(issues.slice(0, 20));
}

/** How many mappings and lists hold a node. */
const depthOf = (path: readonly unknown[]) => path.reduce<number>((n, node) => n + (isMap(node) || isSeq(node) ? 1 : 0), 0);

/** The layers merged (each on top of the one before), the overrides applied, validated; a problem is placed in the last file that wrote its field. */
function validateLayers<S extends z.ZodType>(schema: S, layers: Layer[], overrides: Record<string, unknown>, check?: (value: z.output<S>) => CheckIssue[], scenario = false): z.output<S> {
  let raw: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!scenario) {
      raw = merge(raw, layer.raw);
      continue;
    }
    // a scenario's `extends` names its base, and its `set` changes fields by dotted paths, lists' items by index
    const { extends: _base, set, ...fields } = layer.raw;
    raw = merge(raw, fields);
    if (typeof set === 'object' && set !== null && !Array.isArray(set)) for (const [path, value] of Object.entries(set)) applyOverride(raw, path, value);
    else if (set !== undefined) raw.set = set; // for the schema to refuse
  }
  for (const [path, value] of Object.entries(overrides)) applyOverride(raw, path, value);
  const parsed = schema.safeParse(raw, { reportInput: true });
  const place = (i: z.core.$ZodIssue) => {
    const path = i.path as (string | number)[];
    // a field changed by a `set` entry is that entry's
    const unknown = i.code === 'unrecognized_keys' ? i.keys.slice(0, 20).map((k) => [...path, k].join('.')) : [];
    for (const field of [...unknown, path.join('.')]) {
      const setter = [...layers].reverse().find((l) => setKeys(l).has(field));
      if (!setter || field === '') continue;
      const node = setter.doc.getIn(['set', field], true) as Node;
      const { line, col } = setter.lines.linePos(node.range?.[0] ?? 0);
      return { file: setter.file, line, column: col, path: field, message: unknown.includes(field) ? 'unknown field' : describe(i) };
    }
    const layer = [...layers].reverse().find((l) => l.doc.getIn(path, true) !== undefined) ?? layers[layers.length - 1];
    return locate(i, layer.doc, layer.lines, layer.file, overrides);
  };
  if (!parsed.success) throw new InputError(parsed.error.issues.map(place));
  const checked = check?.(parsed.data) ?? [];
  if (checked.length) throw new InputError(checked.map((i) => place(customIssue(i))));
  return parsed.data;
}

function applyOverride(raw: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  // an override names fields; one that names an object's machinery would change every object
  const forbidden = keys.find((k) => UNSAFE_KEYS.has(k) || k === '');
  if (forbidden !== undefined) throw new InputError([{ path, message: `not a field path: "${forbidden}" is not a field name` }]);
  setPath(raw, keys, value);
}

/** The dotted paths a layer's `set` names. */
function setKeys(layer: Layer): Set<string> {
  const set = layer.raw.set;
  return new Set(typeof set === 'object' && set !== null && !Array.isArray(set) ? Object.keys(set) : []);
}

/** `top` over `base`: mappings merged field by field, anything else (a list, a value) replaced whole. */
function merge(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    // a key like __proto__ stays a (refused) field, never the object's prototype
    if (UNSAFE_KEYS.has(key)) {
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const under = out[key];
    const mapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = mapping(under) && mapping(value) ? merge(under, value) : value;
  }
  return out;
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
  for (const [k, key] of path.slice(0, -1).entries()) {
    if (!Object.hasOwn(node, key) || node[key] === undefined || node[key] === null) node[key] = {};
    // a section given a plain value (`--set population=5`) cannot also have a field set
    else if (typeof node[key] !== 'object') throw new InputError([{ path: path.join('.'), message: `${path.slice(0, k + 1).join('.')} is set to ${show(node[key])}, not a section with fields` }]);
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
    const named = issue.keys
      .slice(0, 10)
      .map((k) => `"${k}"`)
      .join(', ');
    const more = issue.keys.length > 10 ? ` and ${(issue.keys.length - 10).toLocaleString('en')} more` : '';
    return at(node, { path: fieldPath.join('.'), message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${named}${more}` });
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
