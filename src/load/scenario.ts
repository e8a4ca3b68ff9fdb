import { existsSync, readdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { Node } from 'yaml';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { InputError, type InputIssue } from '../scenario/errors.ts';
import { checkPolicy } from '../policy/check.ts';
import { checkSchedule } from './schedule.ts';
import { readLayer, validateLayers, show, type Layer } from './yaml.ts';
import { SCENARIO_DIR, resolveScenarioPath, readScenarioFile, resolveShipped, fileKind } from './scenario-files.ts';

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
