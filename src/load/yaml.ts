import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { InputError, type InputIssue } from '../scenario/errors.ts';

/**
 * YAML read against a zod schema, every problem placed at its file, line and column: the scenario
 * files (scenario.ts) and the files of experiments and reference models.
 */

/**
 * Limits on what a YAML input (a scenario, an experiment's file) may be, far above any real one (the shipped ones are under 20 KB
 * and nest a few levels): a larger or stranger input is refused before it can cost time or memory.
 */
export const LIMITS = { bytes: 1 << 20, aliases: 100, depth: 64 } as const;

/** One YAML file of an input: for a scenario, a base it extends, or the scenario itself (the last layer). */
export interface Layer {
  file: string;
  source: string;
  doc: Document;
  lines: LineCounter;
  raw: Record<string, unknown>;
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

export function readLayer(source: string, file: string, what: string): Layer {
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
export function validateLayers<S extends z.ZodType>(schema: S, layers: Layer[], overrides: Record<string, unknown>, check?: (value: z.output<S>) => CheckIssue[], scenario = false): z.output<S> {
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
export interface CheckIssue {
  path: (string | number)[];
  message: string;
  offset?: number;
}

const customIssue = (i: CheckIssue): z.core.$ZodIssue => ({ code: 'custom', path: i.path, message: i.message, params: i.offset === undefined ? undefined : { offset: i.offset }, input: undefined });

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

export function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}
