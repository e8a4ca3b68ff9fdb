import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SCENARIO_DIR } from '../src/load/scenario-files.ts';
import { parseScenario, type LoadedScenario } from '../src/load/scenario.ts';
import { parseYaml } from '../src/load/yaml.ts';
import { InputError } from '../src/scenario/errors.ts';
import { sweepSchema } from '../src/scenario/sweep-schema.ts';
import { simulate } from '../src/engine/simulate.ts';
import { metricSeries } from '../src/measure/series.ts';
import { packageRoot } from '../src/core/package-root.ts';
import { reproducible } from './helpers.ts';

/**
 * Fuzzing the inputs (issue 14): mutations of every shipped scenario and sweep file either load,
 * and then run, or are refused with an InputError whose every problem names its place (a line, a
 * field path); never another exception. Fixed seed in CI, fresh seeds for developers.
 */
const SCENARIOS = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(SCENARIO_DIR, f));
const SWEEPS = readdirSync(join(packageRoot(), 'sweeps'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(packageRoot(), 'sweeps', f));

/** What a hostile or careless edit puts where a value was. */
const NASTY = [
  '-1',
  '0',
  '1e309',
  '-1e309',
  '.inf',
  '.nan',
  '1e9',
  '99999999999',
  '~',
  '[]',
  '{}',
  '"',
  "'",
  '*a',
  '&a x',
  '!!binary AA==',
  'x'.repeat(300),
  '[1, [2, [3]]]',
  '"a\\u0000b"',
  '? a : b',
  'true',
  '2020-01-01',
  '0x10',
  '__proto__',
  '{ __proto__: 1 }',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), line: fc.nat(), token: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant('drop' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('bytes' as const), line: fc.nat(), at: fc.nat(), text: fc.string({ maxLength: 4 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(source: string, edits: Mutation[]): string {
  const lines = source.split('\n');
  for (const m of edits) {
    const k = m.line % lines.length;
    const line = lines[k];
    if (m.kind === 'value') lines[k] = line.includes(':') ? `${line.slice(0, line.indexOf(':') + 1)} ${m.token}` : `${line} ${m.token}`;
    else if (m.kind === 'drop') lines.splice(k, 1);
    else if (m.kind === 'duplicate') lines.splice(k, 0, line);
    else if (m.kind === 'indent') lines[k] = m.by > 0 ? ' '.repeat(m.by) + line : line.slice(Math.min(-m.by, line.length - line.trimStart().length));
    else lines[k] = line.slice(0, m.at % (line.length + 1)) + m.text + line.slice(m.at % (line.length + 1));
  }
  return lines.join('\n');
}

/** Refused well: an InputError, every problem with a message and a place (line or field path). */
function refusedWell(error: unknown, file: string) {
  assert.ok(error instanceof InputError, `not an input error: ${error instanceof Error ? error.stack : String(error)}`);
  assert.ok(error.issues.length > 0);
  for (const issue of error.issues) {
    assert.ok(issue.message.length > 0);
    assert.ok(issue.line !== undefined || issue.path !== undefined || issue.file === file, `no place for "${issue.message}"`);
    assert.doesNotMatch(issue.message, /\n\s+at /, 'a stack trace in a message');
  }
}

/** A loaded scenario runs, tiny, and measures finite numbers. */
function runsTiny(loaded: LoadedScenario) {
  const s = {
    ...loaded.scenario,
    population: { ...loaded.scenario.population, citizens: 60 },
    days: Math.min(loaded.scenario.days, 4),
    schedule: [],
    output: { ...loaded.scenario.output, sampleRate: 0 },
  };
  const r = simulate(s);
  const series = metricSeries(r);
  for (const name of ['penalties', 'stress.mean']) for (const [, v] of series.series(name)) assert.ok(Number.isFinite(v), `${name} is ${v}`);
}

test('mutated shipped scenarios load and run, or are refused with their place named', () => {
  let loaded = 0,
    refused = 0;
  fc.assert(
    fc.property(fc.constantFrom(...SCENARIOS.filter((f) => !f.includes('reference'))), fc.array(mutation, { minLength: 1, maxLength: 3 }), (file, edits) => {
      const text = mutate(readFileSync(file, 'utf8'), edits);
      let result: LoadedScenario;
      try {
        result = parseScenario(text, file);
      } catch (e) {
        refused++;
        return refusedWell(e, file);
      }
      loaded++;
      runsTiny(result);
    }),
    { numRuns: 150, ...reproducible },
  );
  assert.ok(loaded > 5 && refused > 5, `loaded ${loaded}, refused ${refused}: the mutations should do both`);
});

test('mutated sweep files load or are refused with their place named', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SWEEPS), fc.array(mutation, { minLength: 1, maxLength: 3 }), (file, edits) => {
      const text = mutate(readFileSync(file, 'utf8'), edits);
      try {
        parseYaml(sweepSchema, text, file, {}, 'sweep fields');
      } catch (e) {
        refusedWell(e, file);
      }
    }),
    { numRuns: 100, ...reproducible },
  );
});

test('hostile documents are refused before they cost: aliases, nesting, size, duplicates, expressions', () => {
  const refused = (text: string, pattern: RegExp) => {
    assert.throws(
      () => parseScenario(text, 'h.yaml'),
      (e: unknown) => {
        refusedWell(e, 'h.yaml');
        assert.match((e as Error).message, pattern);
        return true;
      },
    );
  };
  refused('a: &a [1, 2]\nb: [' + Array(150).fill('*a').join(', ') + ']\n', /alias/i);
  refused('days: *nowhere\n', /alias|malformed/i);
  refused(`x: ${'['.repeat(100)}${']'.repeat(100)}\n`, /nested more than 64/);
  refused(`# ${'x'.repeat(1_100_000)}\n`, /at most 1,048,576/);
  refused('days: 3\ndays: 4\n', /h\.yaml:2:1: duplicate key "days"/);
  refused('', /empty/);
  refused('~\n', /empty/);
  refused('name: a\u0000b\n', /NUL/);
  refused(`name: ${'a'.repeat(65)}\n`, /name/);
  refused('appeals:\n  delayDays: 1000000000\n', /appeals\.delayDays/);
  const scorer = (when: string) => `scorers:\n  - id: s\n    base: 1\n    min: 0\n    max: 2\n    rules: [{ on: jaywalking, when: "${when}", points: -1 }]\n    tiers: [{ name: t, min: 0 }]\n`;
  refused(scorer(Array(3000).fill('subject.age > 1').join(' && ')), /at most 2000/);
  refused(scorer(`${'('.repeat(250)}true${')'.repeat(250)}`), /nested more than 200/);
  refused('scorers:\n  - { id: s, base: 0, min: -1e308, max: 1e308, tiers: [{ name: t, min: -1e308 }] }\n', /scorers\.0\.min/);
  refused('population:\n  groups: [{ name: a, share: 0.5 }, { name: a, share: 0.5 }]\n', /group name "a" is used twice/);
  refused('scorers:\n  - { id: s, base: 1, min: 0, max: 2, tiers: [{ name: t, min: 1 }, { name: t, min: 0 }] }\n', /tier name "t" is used twice/);
  // a 2,000-character && chain is accepted and runs without overflowing the stack
  const chain = Array(100).fill('subject.age > 1').join(' && ');
  runsTiny(parseScenario(scorer(chain), 'h.yaml'));
  // and so is a conditional chain of a hundred within the length
  runsTiny(parseScenario(scorer(`${'subject.age>1?true:'.repeat(100)}false`), 'h.yaml'));
});
