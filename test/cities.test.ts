import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare, type Comparison } from '../src/experiment/compare.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { runSummary } from '../src/measure/run-summary.ts';
import { cityOfDistricts } from '../src/city/city.ts';
import { scenarioSchema } from '../src/scenario/schema.ts';
import { runCli } from '../src/cli/cli.ts';
import type { World } from '../src/world.ts';
import { captureIo, tempDir, refusal } from './helpers.ts';
import { createWorld } from '../src/engine/create-world.ts';
import { citySnapshot } from '../src/server/live.ts';
import { knownRisks, riskAnchors, chillAwareness } from '../src/life/knowledge.ts';
import { EventType } from '../src/core/events.ts';

/**
 * "Only in some cities" (issue 13): the grid divided into cities, a scorer run in some of them,
 * the lists national. some-cities runs Rongcheng-style points in a pilot city only.
 */
const shrink = (citizens: number, days: number) => ({ 'population.citizens': citizens, days, 'output.sampleRate': 0 });
const PILOT = 0;

const inCity = (w: World, i: number, c: number) => w.city.districts.cityOf[w.pop.citizens.home[i]] === c;

test('cities are bands of whole rows, in the order listed, each at least one row, sized by share', () => {
  const city = (shares: number[], height = 8, width = 3) => ({ width, height, cities: shares.map((share, k) => ({ name: `c${k}`, share })) });
  const rows = (shares: number[], height = 8) => {
    const of = cityOfDistricts(city(shares, height));
    return Array.from({ length: height }, (_, r) => of[r * 3]);
  };
  assert.deepEqual(rows([1]), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(rows([0.25, 0.75]), [0, 0, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(rows([0.01, 0.01, 0.98]), [0, 1, 2, 2, 2, 2, 2, 2], 'a tiny city still gets a row');
  assert.deepEqual(rows([0.98, 0.01, 0.01]), [0, 0, 0, 0, 0, 0, 1, 2], 'and so does a tiny last one');
  assert.deepEqual(rows([0.5, 0.5], 2), [0, 1]);
  // every district of a row is in the same city
  const of = cityOfDistricts(city([0.5, 0.5], 4));
  assert.deepEqual([...of], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
});

test('one city by default: the whole grid, and no per-city metrics', () => {
  const s = scenarioSchema.parse({});
  assert.deepEqual(s.city.cities, [{ name: 'city', share: 1 }]);
  const r = simulate(loadScenario('rongcheng', shrink(800, 5)).scenario);
  assert.deepEqual(r.world.city.cities, ['city']);
  assert.ok(r.world.city.districts.cityOf.every((c) => c === 0));
  assert.equal(r.world.standing.scorers[0].enrolled, null, 'a scorer of every city needs no enrolment mask');
  assert.ok(![...runSummary(r).keys()].some((k) => k.startsWith('city.')));
});

test('a scorer of the pilot city scores only its residents; the national list reaches both cities', () => {
  const { scenario } = loadScenario('some-cities', shrink(3000, 365));
  const strays: string[] = [];
  const check = {
    dusk: (w: World) => {
      const sc = w.scoreChanges.cols;
      for (let j = 0; j < w.scoreChanges.length; j++) {
        if (sc.scorer[j] === 0 && !inCity(w, sc.subject[j], PILOT)) strays.push(`day ${w.day}: citizen ${sc.subject[j]}`);
      }
    },
  };
  const r = simulate(scenario, { interventions: [check] });
  assert.deepEqual(strays, [], 'no score change by the pilot’s points for a resident of another city');
  const w = r.world;
  const enrolled = w.standing.scorers[0].enrolled;
  assert.ok(enrolled);
  for (let i = 0; i < w.pop.n; i++) assert.equal(enrolled[i], inCity(w, i, PILOT) ? 1 : 0);
  const m = runSummary(r);
  assert.ok(m.get('city.pilot.penalties')! > 0);
  assert.equal(m.get('city.others.penalties'), 0);
  assert.equal(m.get('city.others.mean_score.city_points'), undefined, 'no mean score where the scorer does not run');
  assert.ok(m.get('city.pilot.mean_score.city_points')! > 0);
  assert.ok(m.get('city.others.listed.court_blacklist')! > 0, 'the court blacklist is national');
  assert.equal(m.get('city.pilot.residents')! + m.get('city.others.residents')!, w.pop.n);
  // the pilot's own camera density (500 against 250 elsewhere)
  const d = w.city.districts;
  const mean = (c: number) => {
    let sum = 0,
      n = 0;
    for (let k = 0; k < w.city.count; k++) if (d.cityOf[k] === c) (sum += d.camerasPerThousand[k]), n++;
    return sum / n;
  };
  assert.ok(mean(0) > 1.5 * mean(1), `pilot ${mean(0)} vs others ${mean(1)}`);
});

test('subject.city reads the home district’s city in expressions', () => {
  const { scenario } = loadScenario('some-cities', {
    ...shrink(2000, 60),
    'scorers.0.cities': undefined,
    'scorers.0.rules': [{ id: 'pilot-traffic', on: ['jaywalking', 'red_light'], when: "subject.city == 'pilot'", points: -5 }],
  });
  const strays: number[] = [];
  let changes = 0;
  const r = simulate(scenario, {
    interventions: [
      {
        dusk: (w) => {
          const sc = w.scoreChanges.cols;
          for (let j = 0; j < w.scoreChanges.length; j++) {
            if (sc.scorer[j] !== 0) continue;
            changes++;
            if (!inCity(w, sc.subject[j], PILOT)) strays.push(sc.subject[j]);
          }
        },
      },
    ],
  });
  assert.equal(r.world.standing.scorers[0].enrolled, null);
  assert.ok(changes > 0);
  assert.deepEqual(strays, []);
});

test('a schedule raising a pilot scorer’s enrolment keeps it in its city', () => {
  const { scenario } = loadScenario('some-cities', { ...shrink(2000, 40), 'scorers.0.enrolment': 0.5, schedule: [{ day: 20, set: { 'scorers.0.enrolment': 1 } }] });
  const before: number[] = [];
  const r = simulate(scenario, {
    interventions: [
      {
        dusk: (w) => {
          if (w.day !== 10) return;
          const e = w.standing.scorers[0].enrolled!;
          let pilot = 0,
            enrolled = 0,
            strays = 0;
          for (let i = 0; i < w.pop.n; i++) {
            if (inCity(w, i, PILOT)) pilot++;
            if (e[i]) enrolled++;
            if (e[i] && !inCity(w, i, PILOT)) strays++;
          }
          before.push(pilot, enrolled, strays);
        },
      },
    ],
  });
  const [pilot, enrolled, strays] = before;
  assert.equal(strays, 0);
  assert.ok(enrolled > 0.35 * pilot && enrolled < 0.65 * pilot, `about half the pilot enrolled: ${enrolled} of ${pilot}`);
  const w = r.world;
  const e = w.standing.scorers[0].enrolled!;
  for (let i = 0; i < w.pop.n; i++) assert.equal(e[i], inCity(w, i, PILOT) ? 1 : 0);
});

const effect = (c: Comparison, metric: string) => {
  const e = c.effects.get(metric);
  assert.ok(e, `no metric ${metric}`);
  return e;
};

test('the pilot’s regime acts where it runs: moved to the other cities, the pilot’s penalties vanish, its traffic violations rise and its stress falls', async () => {
  const size = shrink(4000, 365);
  // A: points in the pilot city (as shipped); B: the same points in the other cities instead
  const c = await compare(loadScenario('some-cities', size), loadScenario('some-cities', { ...size, 'scorers.0.cities': ['others'] }), { replications: 4 });
  const show = (m: string) => {
    const e = effect(c, m);
    return `${m}: ${e.meanA} -> ${e.meanB}, diff ${e.diff} [${e.ciLow}, ${e.ciHigh}]`;
  };
  assert.equal(effect(c, 'city.pilot.penalties').meanB, 0, show('city.pilot.penalties'));
  assert.equal(effect(c, 'city.others.penalties').meanA, 0, show('city.others.penalties'));
  assert.ok(effect(c, 'city.pilot.penalties').meanA > 0);
  // deterrence: unscored, the pilot's residents jaywalk and run red lights more; scored, the others less
  assert.ok(effect(c, 'city.pilot.traffic_violations').ciLow > 0, show('city.pilot.traffic_violations'));
  assert.ok(effect(c, 'city.others.traffic_violations').ciHigh < 0, show('city.others.traffic_violations'));
  assert.ok(effect(c, 'city.pilot.stress.mean').ciHigh < 0, show('city.pilot.stress.mean'));
  assert.ok(effect(c, 'city.pilot.denials').ciHigh < 0, show('city.pilot.denials'));
});

test('validation refuses an unknown city, shares that do not sum to 1, more cities than rows, and a scorer changing cities during a run', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const pilot = 'scorers:\n  - id: s\n    base: 1\n    min: 0\n    max: 2\n    cities: [pilot, rongcheng]\n    tiers: [{ name: t, min: 0 }]\n';
    const cities = 'city:\n  cities:\n    - { name: pilot, share: 0.25 }\n    - { name: others, share: 0.65 }\n';
    writeFileSync(join(dir, 'unknown.yaml'), `city:\n  cities:\n    - { name: pilot, share: 0.25 }\n    - { name: others, share: 0.75 }\n${pilot}`);
    writeFileSync(join(dir, 'shares.yaml'), cities);
    writeFileSync(join(dir, 'rows.yaml'), 'city:\n  height: 1\n  cities:\n    - { name: a, share: 0.5 }\n    - { name: b, share: 0.5 }\n');
    writeFileSync(join(dir, 'twice.yaml'), 'city:\n  cities:\n    - { name: a, share: 0.5 }\n    - { name: a, share: 0.5 }\n');
    const io = captureIo();
    const files = ['unknown', 'shares', 'rows', 'twice'].map((f) => join(dir, `${f}.yaml`));
    assert.equal(await runCli(['validate', ...files], io), 2);
    const err = io.stderr.join('\n');
    assert.match(err, /unknown\.yaml:10:\d+: scorers\.0\.cities\.1: no city named "rongcheng" \(cities: pilot, others\)/);
    assert.match(err, /shares\.yaml:3:\d+: city\.cities: city shares must sum to 1, found 0\.9/);
    assert.match(err, /rows\.yaml:4:\d+: city\.cities: 2 cities need at least as many rows of districts \(city\.height is 1\)/);
    assert.match(err, /twice\.yaml:4:\d+: city\.cities\.1\.name: the city name "a" is used twice/);
  } finally {
    cleanup();
  }
  const bad = refusal;
  const base = 'city:\n  cities: [{ name: pilot, share: 0.5 }, { name: others, share: 0.5 }]\nscorers:\n  - { id: s, base: 1, min: 0, max: 2, cities: [pilot], tiers: [{ name: t, min: 0 }] }\n';
  assert.match(bad(`${base}schedule:\n  - { day: 10, set: { "scorers.0.cities": [others] } }\n`), /schedule\.0\.set.*scorer s runs in the same cities all run long/);
  assert.match(bad(`${base}schedule:\n  - { day: 10, set: { "city.cities.0.share": 0.6 } }\n`), /city\.cities\.0\.share cannot change during a run/);
  assert.equal(bad(`${base}schedule:\n  - { day: 10, set: { "city.cities.0.camerasPerThousand": 800 } }\n`), 'no error');
  assert.match(bad(`${base}gates:\n  - { id: g, attempt: flight, scorer: s, atLeast: t, when: "subject.city == 'rongcheng'" }\n`), /gates\.0\.when/);
});

test('what citizens know of the rules is their city’s: published points anchor perceived risk only where they run', () => {
  const s = loadScenario('some-cities', { 'population.citizens': 2000 }).scenario;
  const world = createWorld(s, { seed: 1 });
  const anchors = riskAnchors(world);
  const known = knownRisks(world);
  const prior = s.response.riskPrior;
  const pilot = s.city.cities.findIndex((c) => c.name === 'pilot');
  const chill = chillAwareness(world, EventType.dissent_post);
  for (let d = 0; d < world.city.count; d++) {
    const inPilot = world.city.districts.cityOf[d] === pilot;
    for (let ch = 0; ch < anchors.length; ch++) assert.equal(anchors[ch][d], inPilot ? known[ch][d] : prior, `district ${d}, channel ${ch}`);
    // dissent is scored by the pilot's points; elsewhere only the secret national rules could
    if (inPilot) assert.equal(chill[d], 1);
  }
});

test('the live map knows each district’s city, by its label', () => {
  const world = createWorld(loadScenario('some-cities', { 'population.citizens': 1000 }).scenario, { seed: 1 });
  const snap = citySnapshot(world);
  assert.deepEqual(snap.cities, ['pilot city (Rongcheng-style points)', 'the other cities (national lists only)']);
  for (const d of snap.districts) assert.equal(d.city, world.city.districts.cityOf[d.id]);
  assert.ok(snap.districts.some((d) => d.city === 0) && snap.districts.some((d) => d.city === 1));
});
