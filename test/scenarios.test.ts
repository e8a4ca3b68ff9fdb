import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../src/scenario/json-schema.ts';
import { DERIVED } from '../src/load/write-schema.ts';
import { SCENARIO_DIR } from '../src/load/scenario-files.ts';
import { loadScenario, parseScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { total } from '../src/measure/series.ts';
import { refusal, tempDir } from './helpers.ts';

test('scenarios/schema.json and docs/parameters.md are generated from the zod schema (run `npm run schema` when this fails)', () => {
  for (const { file, make } of DERIVED) assert.equal(readFileSync(file, 'utf8'), make(), `${file} is stale`);
});

test('every parameter in the JSON Schema has a default, a unit and a source', () => {
  const schema = JSON.parse(scenarioJsonSchema());
  const missing: string[] = [];
  const walk = (node: Record<string, unknown>, path: string) => {
    if (node.type === 'number' || node.type === 'integer') {
      if (path.includes('[]')) return; // items of user lists (rules, tiers) are the user's own numbers
      if (node.default === undefined || !node.unit || !node.source) missing.push(path);
    }
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) walk(v, `${path}.${k}`);
    if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});

test('every shipped scenario validates and runs a few days', () => {
  const names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml'));
  assert.ok(names.length >= 2);
  for (const file of names) {
    const { scenario } = loadScenario(join(SCENARIO_DIR, file), { 'population.citizens': 1500, days: 5 });
    const r = simulate(scenario);
    assert.ok(total(r, 'acts.purchase_essentials') > 0, `${file} ran`);
  }
});

test('defaults fill every section of a scenario that sets nothing (an empty mapping; an empty file is refused)', () => {
  const { scenario } = parseScenario('{}\n', 'empty.yaml');
  assert.equal(scenario.population.citizens, 100_000);
  assert.equal(scenario.days, 365);
  assert.equal(scenario.observe.fpir, 0.003);
  assert.deepEqual(scenario.scorers, []);
});

test('policy errors are caught before the run, at their line', () => {
  const bad = refusal;
  const scorer = (extra: string) => `scorers:\n  - id: s\n    base: 100\n    min: 0\n    max: 200\n${extra}`;
  assert.match(bad(scorer('    tiers: [{name: hi, min: 50}, {name: lo, min: 60}]\n')), /p\.yaml:6:\d+: scorers\.0\.tiers\.1\.min: tiers go from highest to lowest/);
  assert.match(bad(scorer('    tiers: [{name: top, min: 300}, {name: lo, min: 0}]\n')), /tier top starts at 300, above the maximum score 200: unreachable/);
  assert.match(bad(scorer('    rules: [{on: jaywalkin, points: -5}]\n    tiers: [{name: all, min: 0}]\n')), /p\.yaml:6:\d+: scorers\.0\.rules\.0\.on/);
  assert.match(bad(scorer('    tiers: [{name: all, min: 0}]\n') + 'gates:\n  - {id: g, attempt: flight, scorer: s, atLeast: gold}\n'), /p\.yaml:8:50: gates\.0\.atLeast: scorer s has no tier "gold"/);
  assert.match(bad('gates:\n  - {id: g, attempt: flight, scorer: nobody, atLeast: A}\n'), /gates\.0\.scorer: no scorer named "nobody"/);
});

test("an override that names an object's machinery (__proto__, constructor, prototype) is refused, and pollutes nothing", async () => {
  const { InputError } = await import('../src/scenario/errors.ts');
  for (const path of ['__proto__.polluted', 'constructor.prototype.polluted', 'population.__proto__.polluted', 'population..citizens']) {
    assert.throws(
      () => loadScenario('rongcheng', { [path]: 1 }),
      (e: unknown) => e instanceof InputError && /not a field path/.test(e.message),
      path,
    );
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  assert.equal(loadScenario('rongcheng', { 'population.citizens': 1234 }).scenario.population.citizens, 1234, 'ordinary overrides still apply');
});

test('a scenario extends another: the base with its own fields on top, lists changed by index through set, problems placed in the file that wrote them', () => {
  const seed = loadScenario('seed-2020').scenario;
  const voluntary = loadScenario('voluntary-to-mandatory').scenario;
  assert.equal(voluntary.scorers[0].enrolment, 0.3);
  assert.equal(voluntary.days, 730);
  // everything else is seed-2020's, gate for gate
  assert.deepEqual({ ...voluntary, name: seed.name, description: seed.description, days: seed.days, schedule: seed.schedule, scorers: seed.scorers }, seed);
  assert.deepEqual(voluntary.scorers.slice(1), seed.scorers.slice(1));
  assert.deepEqual({ ...voluntary.scorers[0], enrolment: 1 }, seed.scorers[0]);

  const { dir, cleanup } = tempDir();
  try {
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write('base.yaml', 'name: base\ndays: 40\ncity:\n  width: 3\n  camerasPerThousand: 100\n');
    write('child.yaml', 'extends: ./base.yaml\nname: child\ncity:\n  height: 2\n');
    const child = loadScenario(join(dir, 'child.yaml')).scenario;
    assert.deepEqual([child.name, child.days, child.city.width, child.city.height, child.city.camerasPerThousand], ['child', 40, 3, 2, 100]);
    write('bad-base.yaml', 'name: bad-base\ncity:\n  width: -3\n');
    write('on-bad.yaml', 'extends: ./bad-base.yaml\nset:\n  days: 0\n');
    assert.throws(
      () => loadScenario(join(dir, 'on-bad.yaml')),
      (e: Error) => /bad-base\.yaml:3:\d+: city\.width/.test(e.message) && /on-bad\.yaml:3:\d+: days/.test(e.message),
    );
    write('loop-a.yaml', 'extends: ./loop-b.yaml\n');
    write('loop-b.yaml', 'extends: ./loop-a.yaml\n');
    assert.throws(() => loadScenario(join(dir, 'loop-a.yaml')), /extends, in the end, this file itself/);
  } finally {
    cleanup();
  }
  // text that is no file (an upload) extends shipped scenarios only, never a path
  assert.match(refusal('extends: ../../etc/passwd\n', 'uploaded.yaml'), /uploaded\.yaml:1:\d+: extends: no shipped scenario/);
  assert.match(refusal('extends: nosuch\n'), /extends: no shipped scenario "nosuch"/);
  assert.match(refusal('extends: seed-2020\nset:\n  scorers.0.nofield: 1\n'), /p\.yaml:3:\d+: scorers\.0\.nofield: unknown field/);
});
