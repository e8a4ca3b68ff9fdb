import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSensitivity } from '../src/experiment/sensitivity/run.ts';
import { SENSITIVITY_FILE } from '../src/store/sensitivity-file.ts';
import { queryRun } from '../src/store/read-run.ts';
import { runCli } from '../src/cli/cli.ts';
import { tempDir, captureIo } from './helpers.ts';

// rongcheng has no data broker: broker.premium is a field nothing reads there
const FILE = (method: string, extra: string) => `
scenario: rongcheng
set: { population.citizens: 400, days: 20 }
method: ${method}
factors:
  - { field: observe.fpir, from: 0.001, to: 0.05, log: true, label: false-match rate }
  - { field: broker.premium, from: 50, to: 500, label: insurance premium (inert here) }
measures:
  - { metric: faces.wrongful_matches }
  - { metric: stress.mean, window: [5, 19] }
replications: 2
bootstrap: 200
workers: 2
${extra}
`;

const indices = async (dir: string) =>
  (await queryRun(dir, 'SELECT measure, field, index, estimate, ci_low, ci_high, moves FROM indices', join(dir, SENSITIVITY_FILE))).map((r) => ({
    ...r,
    estimate: r.estimate === null ? NaN : Number(r.estimate),
    low: r.ci_low === null ? NaN : Number(r.ci_low),
    high: r.ci_high === null ? NaN : Number(r.ci_high),
  })) as { measure: string; field: string; index: string; estimate: number; low: number; high: number; moves: boolean | null }[];

test('Morris from the CLI: the false-match rate moves wrongful matches, the inert field gets mu* = 0 in an interval holding zero; report and noise written', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'screen.yaml');
    writeFileSync(file, FILE('morris', 'trajectories: 4\nlevels: 4'));
    const io = captureIo();
    assert.equal(await runCli(['sensitivity', file, '--out', dir], io), 0, io.stderr.join('\n'));
    const out = io.stdout.join('\n');
    assert.match(out, /Sensitivity analysis done \(morris\): 2 factors, 12 points x 2 replications; 24 runs computed now/);
    assert.match(out, /faces\.wrongful_matches \(noise .*\): observe\.fpir/);
    const result = join(dir, 'sensitivity-screen');
    const rows = await indices(result);
    const at = (measure: string, field: string, index: string) => rows.find((r) => r.measure === measure && r.field === field && r.index === index)!;
    const fpir = at('faces.wrongful_matches', 'observe.fpir', 'mu_star');
    assert.ok(fpir.estimate > 0 && fpir.moves === true, JSON.stringify(fpir));
    for (const measure of ['faces.wrongful_matches', 'stress.mean@5-19']) {
      const inert = at(measure, 'broker.premium', 'mu_star');
      assert.ok(inert.low <= 0 && inert.high >= 0 && inert.estimate === 0 && inert.moves === false, `${measure}: ${JSON.stringify(inert)}`);
    }
    const noise = await queryRun(result, 'SELECT * FROM noise ORDER BY measure', join(result, SENSITIVITY_FILE));
    assert.equal(noise.length, 2);
    for (const n of noise) assert.ok(Number(n.run_noise_share) >= 0 && Number(n.run_noise_share) <= 1, JSON.stringify(n));
    const runs = await queryRun(result, "SELECT count(*) AS n FROM results_with_factors WHERE metric = 'faces.wrongful_matches'", join(result, SENSITIVITY_FILE));
    assert.equal(Number(runs[0].n), 24);
    const html = readFileSync(join(result, 'report.html'), 'utf8');
    assert.match(html, /Credence sensitivity analysis/);
    assert.match(html, /The model&#39;s own noise/);
    assert.ok(!existsSync(join(result, 'incomplete.json')), 'finished: no pending marker');
  } finally {
    cleanup();
  }
});

test('Sobol: stopped and resumed, the inert field gets S1 and ST intervals holding zero; the false-match rate carries the variance of wrongful matches', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'sobol.yaml');
    writeFileSync(file, FILE('sobol', 'samples: 8'));
    let finished = 0;
    const first = await runSensitivity(file, { runsDir: dir, shouldStop: () => ++finished >= 5 });
    assert.ok(first.stopped && first.computed >= 5 && first.computed < 64, `stopped after ${first.computed}`);
    assert.ok(existsSync(join(first.dir, 'incomplete.json')));
    const second = await runSensitivity(file, { runsDir: dir });
    assert.equal(second.skipped, first.computed, 'finished runs are not recomputed');
    assert.equal(second.skipped + second.computed, 8 * 4 * 2);
    const rows = await indices(second.dir);
    for (const index of ['S1', 'ST']) {
      for (const measure of ['faces.wrongful_matches', 'stress.mean@5-19']) {
        const inert = rows.find((r) => r.measure === measure && r.field === 'broker.premium' && r.index === index)!;
        assert.ok(inert.low <= 0 && inert.high >= 0, `${measure} ${index}: ${JSON.stringify(inert)}`);
      }
    }
    // at 400 citizens and 8 base samples the interval is wide, but the estimate stands well above the noise's share
    const at = (index: string) => rows.find((r) => r.measure === 'faces.wrongful_matches' && r.field === 'observe.fpir' && r.index === index)!;
    assert.ok(at('ST').estimate > 0.5 && at('ST').estimate > 2 * at('ST_noise').estimate, JSON.stringify([at('ST'), at('ST_noise')]));
  } finally {
    cleanup();
  }
});

test('a bad sensitivity file exits 2 with the file, the line and the field', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const cases: [string, RegExp][] = [
      [FILE('morris', '').replace('observe.fpir,', 'observe.fpirr,'), /bad\.yaml:6:\d+: factors\.0\.field: .*observe\.fpirr: unknown field "fpirr"/],
      [FILE('morris', 'levels: 3'), /bad\.yaml:\d+:\d+: levels: expected an even number of levels/],
      [
        FILE('morris', '').replace('faces.wrongful_matches', 'faces.wrongful'),
        /bad\.yaml:9:\d+: measures\.0\.metric: no metric "faces\.wrongful" in rongcheng; did you mean .*faces\.wrongful_matches/,
      ],
      [FILE('morris', '').replace('from: 50, to: 500', 'from: 500, to: 50'), /bad\.yaml:7:\d+: factors\.1\.to: expected to above from \(500\)/],
      [FILE('morris', '').replace('window: [5, 19]', 'window: [5, 40]'), /bad\.yaml:10:\d+: measures\.1\.window: the run has days 0 to 19/],
    ];
    for (const [text, expected] of cases) {
      writeFileSync(join(dir, 'bad.yaml'), text);
      const io = captureIo();
      assert.equal(await runCli(['sensitivity', join(dir, 'bad.yaml'), '--out', dir, '--quiet'], io), 2, io.stderr.join('\n'));
      assert.match(io.stderr.join('\n'), expected);
    }
    const io = captureIo();
    assert.equal(await runCli(['sensitivity', join(dir, 'nosuch.yaml'), '--out', dir, '--quiet'], io), 2);
    assert.match(io.stderr.join('\n'), /cannot read the sensitivity file .*nosuch\.yaml: no such file/);
    assert.ok(!existsSync(join(dir, 'sensitivity-bad')), 'nothing written for a bad file');
  } finally {
    cleanup();
  }
});

test('every shipped sensitivity file is valid', async () => {
  const { readdirSync } = await import('node:fs');
  const { parseYaml } = await import('../src/load/yaml.ts');
  const { sensitivitySchema } = await import('../src/scenario/sensitivity-schema.ts');
  const { checkSensitivity } = await import('../src/experiment/sensitivity/check.ts');
  const files = readdirSync('sensitivity').filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const path = join('sensitivity', f);
    const s = parseYaml(sensitivitySchema, readFileSync(path, 'utf8'), path, {}, 'sensitivity fields');
    assert.deepEqual(checkSensitivity(s, path), [], f);
  }
});
