import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compare } from '../src/experiment/compare.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { runCli } from '../src/cli/cli.ts';
import { tempDir, captureIo } from './helpers.ts';

const shrink = { 'population.citizens': 2000, days: 60, 'output.sampleRate': 0 };

test('comparing a scenario with itself gives differences of exactly zero (common random numbers)', async () => {
  const c = await compare(loadScenario('seed-2020', shrink), loadScenario('seed-2020', shrink), { replications: 3 });
  assert.equal(c.seeds.length, 3);
  assert.ok(c.effects.size > 50);
  for (const [name, e] of c.effects) {
    assert.equal(e.diff, 0, `${name}`);
    assert.equal(e.halfWidth, 0, `${name}`);
  }
  const v = c.values.get('acts.jaywalking')!;
  assert.notEqual(v.a[0], v.a[1], 'replications differ from each other');
});

test('a real effect is found, and pairing removes variance', async () => {
  const a = loadScenario('rongcheng', shrink);
  const b = loadScenario('rongcheng', { ...shrink, 'observe.fpir': 0.05 });
  const c = await compare(a, b, { replications: 4 });
  const e = c.effects.get('faces.wrongful_matches')!;
  assert.ok(e.ciLow > 0, `more false matches at a higher FPIR: [${e.ciLow}, ${e.ciHigh}]`);
  const p = c.effects.get('acts.purchase_essentials')!;
  assert.ok(p.varianceReduction > 0.9, `shared draws cancel out: ${p.varianceReduction}`);
});

test('--target-halfwidth adds replications until the interval is narrow enough', async () => {
  const a = loadScenario('none', shrink);
  const b = loadScenario('rongcheng', shrink);
  const c = await compare(a, b, { replications: 2, targetHalfwidth: 20, metric: 'acts.red_light', maxReplications: 6 });
  const e = c.effects.get('acts.red_light')!;
  assert.ok(e.halfWidth <= 20 || c.seeds.length === 6, `halfwidth ${e.halfWidth} after ${c.seeds.length}`);
  assert.ok(c.seeds.length > 2, 'it had to add replications');
});

test('credence compare writes a comparison and a self-contained report; credence report renders a run', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const io = captureIo();
    assert.equal(await runCli(['compare', 'none', 'seed-2020', '-r', '2', '-p', '1500', '-d', '40', '--out', dir, '--quiet'], io), 0);
    const [comparison] = readdirSync(dir);
    const html = readFileSync(join(dir, comparison, 'report.html'), 'utf8');
    assert.match(html, /Effects at a glance[\s\S]*<svg[\s\S]*Every metric[\s\S]*acts\.dissent_post/);
    assert.doesNotMatch(html, /<script|<link|src="http|href="http|url\(http/, 'nothing is fetched when the report opens');
    assert.match(io.stdout.join('\n'), /acts\.dissent_post .* \[/);

    const run = captureIo();
    assert.equal(await runCli(['run', 'seed-2020', '-p', '1500', '-d', '40', '--out', dir], run), 0);
    const runDir = readdirSync(dir).find((d) => d.includes('-seed-2020-s'))!;
    const page = readFileSync(join(dir, runDir, 'report.html'), 'utf8');
    for (const title of [
      'Deterrence and chilling',
      'Crime and detention: the honest ledger',
      'Score: social credit score',
      'Gate denials',
      'Wrongful penalties and disparate impact',
      'Lists',
      'Public screens',
      'Stress, health, legitimacy',
      'Perceived risk by channel',
      'The data trade',
      'Inequality, mobility, homophily',
      'Scenario and provenance',
    ]) {
      assert.ok(page.includes(title), `the report has "${title}"`);
    }
    assert.ok((page.match(/<svg/g) ?? []).length >= 9, 'and its charts');
    assert.match(page, /censor’s false flag/, 'wrongful penalties are shown by cause');
    assert.doesNotMatch(page, /<script|<link|src="http|href="http|url\(http/);
    assert.match(run.stdout.join('\n'), /Report: .*report\.html/);
    const again = captureIo();
    assert.equal(await runCli(['report', runDir, '--runs', dir, '--out', join(dir, 'again.html')], again), 0);
    assert.equal(readFileSync(join(dir, 'again.html'), 'utf8'), page, 'a report is a pure function of the run');
  } finally {
    cleanup();
  }
});

test('any single replication of a comparison or a sweep can be re-run alone, with the same results', async () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.equal(await runCli(['compare', 'none', 'rongcheng', '-r', '2', '-p', '1200', '-d', '30', '--out', dir, '--quiet'], captureIo()), 0);
    const [comparison] = readdirSync(dir);
    const io = captureIo();
    assert.equal(await runCli(['rerun', comparison, '--arm', 'B', '--replication', '1', '--out', dir, '--quiet'], io), 0);
    const runDir = io.stdout.join('').trim();
    const { queryRun } = await import('../src/store/read-run.ts');
    const [stored] = await queryRun(
      join(dir, comparison),
      `SELECT value FROM replications WHERE arm = 'B' AND replication = 1 AND metric = 'acts.jaywalking'`,
      join(dir, comparison, 'comparison.duckdb'),
    );
    const [again] = await queryRun(runDir, `SELECT sum(value) AS value FROM metrics WHERE metric = 'acts.jaywalking'`);
    assert.equal(Number(again.value), Number(stored.value));
    assert.ok(Number(stored.value) > 0);
  } finally {
    cleanup();
  }
});

test('the fairness audit: per-group rates against ground truth, with intervals across replications', async () => {
  const a = loadScenario('rongcheng', { ...shrink, 'population.citizens': 4000 });
  const b = loadScenario('rongcheng', {
    ...shrink,
    'population.citizens': 4000,
    'population.groups': [
      { name: 'majority', share: 0.8, fpirMultiplier: 1 },
      { name: 'minority', share: 0.2, fpirMultiplier: 30 },
    ],
    'observe.fpir': 0.01,
  });
  const c = await compare(a, b, { replications: 3 });
  const ratio = c.effects.get('audit.minority.wrongfulRatio')!;
  assert.ok(ratio.meanB > ratio.meanA, `a larger differential raises the minority's wrongful-penalty ratio: ${ratio.meanA} -> ${ratio.meanB}`);
  const fm = c.effects.get('audit.minority.falseMatchRate')!;
  assert.ok(Math.abs(fm.meanB - 0.01 * 30 * (1 + 1.5 * 0.488)) < 0.05, `the minority's false-match rate follows FPIR x 30 (x 2.5 for women): ${fm.meanB}`);
  assert.equal(c.effects.get('audit.majority.wrongfulRatio')!.meanA, 1, 'the reference group’s ratio is 1');
  const miss = c.effects.get('audit.majority.missRate')!;
  assert.ok(miss.meanA > 0 && miss.meanA < 1, 'some offences go unseen');
});
