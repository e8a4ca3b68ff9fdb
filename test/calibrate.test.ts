import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCalibration } from '../src/experiment/calibrate/index.ts';
import { runJob } from '../src/experiment/executor/run-job.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { queryRun } from '../src/store/read-run.ts';
import { runCli } from '../src/cli/cli.ts';
import { captureIo, tempDir } from './helpers.ts';

/**
 * Calibration against data the model made itself: Rongcheng with 1,500 citizens for 30 days, run
 * once at known values of two fields with a strong effect each (the jaywalking rate sets how many
 * citizens jaywalk; the face search's false-positive rate sets the share of searches that name an
 * innocent), on a seed the calibration never uses. Its two numbers are the targets, with
 * uncertainties near the model's own noise at this size; ABC-SMC must put the truth inside the
 * posterior's 90 % interval.
 */
const TRUTH = { 'life.mobility.jaywalking': 0.015, 'observe.fpir': 0.02 };
const SET = { 'population.citizens': 1500, days: 30 };

function observed() {
  const { scenario } = loadScenario('rongcheng', { ...SET, ...TRUTH, 'output.sampleRate': 0 });
  const s = new Map(runJob({ key: 'truth', scenario, seed: 777_777 }));
  return { jaywalking: s.get('acts.jaywalking')! / 1500, wrongful: s.get('faces.wrongful_matches')! / s.get('faces.searched')! };
}

const calibrationFile = (o: { jaywalking: number; wrongful: number }) => `
scenario: rongcheng
set: { population.citizens: 1500, days: 30 }
priors:
  - { field: life.mobility.jaywalking, from: 0.008, to: 0.03 }
  - { field: observe.fpir, from: 0.005, to: 0.08, log: true }
targets:
  - { metric: acts.jaywalking, scale: per_citizen, observed: ${o.jaywalking}, uncertainty: ${0.05 * o.jaywalking} }
  - { metric: faces.wrongful_matches, per: { metric: faces.searched }, observed: ${o.wrongful}, uncertainty: ${0.15 * o.wrongful} }
particles: 25
generations: 5
quantile: 0.5
seed: 3
workers: 2
`;

test('calibration recovers the fields of data the model made, within the 90 % interval; the same command again reruns nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'synthetic.yaml');
    writeFileSync(file, calibrationFile(observed()));
    const r = await runCalibration(file, { runsDir: join(dir, 'runs') });
    assert.ok(r.generations.length >= 4, `${r.generations.length} generations (${r.ended})`);
    const last = r.generations.at(-1)!;
    assert.ok(last.epsilon < r.generations[1].epsilon, 'the tolerance falls');
    for (const p of r.posterior!.parameters) {
      const truth = TRUTH[p.field as keyof typeof TRUTH];
      assert.ok(p.q05 <= truth && truth <= p.q95, `${p.field}: truth ${truth} outside the 90 % interval ${p.q05}-${p.q95} (median ${p.median})`);
    }
    // the interval is informative: well inside the prior's range
    const [jay, fpir] = r.posterior!.parameters;
    assert.ok(jay.q95 - jay.q05 < 0.5 * (0.03 - 0.008), `jaywalking interval ${jay.q05}-${jay.q95}`);
    assert.ok(fpir.q95 / fpir.q05 < 3, `fpir interval ${fpir.q05}-${fpir.q95}`);
    // the calibrated scenario loads, with the best particle's values and a header saying where they came from
    const written = readFileSync(r.scenarioFile!, 'utf8');
    assert.match(written, /^# Written by `credence calibrate/m);
    const calibrated = loadScenario(r.scenarioFile!).scenario;
    assert.equal(calibrated.life.mobility.jaywalking, Number(jay.best.toPrecision(6)));
    const rows = await queryRun(r.dir, 'SELECT field, median, q05, q95 FROM posterior ORDER BY parameter', join(r.dir, 'calibration.duckdb'));
    assert.deepEqual(
      rows.map((x) => x.field),
      ['life.mobility.jaywalking', 'observe.fpir'],
    );
    // again, writing the posterior medians instead: nothing is run, the particles are the same
    const again = await runCalibration(file, { runsDir: join(dir, 'runs'), values: 'median', scenarioOut: join(dir, 'median.yaml') });
    assert.equal(again.runs.computed, 0, 'every run is read back from the file');
    assert.deepEqual(again.posterior!.parameters, r.posterior!.parameters, 'the same particles: every draw is keyed');
    assert.equal(loadScenario(join(dir, 'median.yaml')).scenario.observe.fpir, Number(fpir.median.toPrecision(6)));
  } finally {
    cleanup();
  }
});

async function refused(text: string) {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, text);
    const io = captureIo();
    const code = await runCli(['calibrate', file, '--out', join(dir, 'runs'), '--quiet'], io);
    return { code, err: io.stderr.join('\n'), runs: existsSync(join(dir, 'runs')) };
  } finally {
    cleanup();
  }
}

const GOOD_START = `scenario: rongcheng
set: { population.citizens: 300, days: 20 }
priors:
  - { field: observe.fpir, from: 0.002, to: 0.1 }
targets:
`;

test('a bad calibration file exits 2 naming the file, the line and the field, before anything runs', async () => {
  const negative = await refused(`${GOOD_START}  - { metric: faces.searched, observed: 10, uncertainty: -1 }\n`);
  assert.equal(negative.code, 2);
  assert.match(negative.err, /bad\.yaml:6:\d+: targets\.0\.uncertainty: /);
  assert.equal(negative.runs, false, 'nothing written');
  const metric = await refused(`${GOOD_START}  - { metric: faces.searched, observed: 10, uncertainty: 1 }\n  - { metric: faces.serched, observed: 10, uncertainty: 1 }\n`);
  assert.equal(metric.code, 2);
  assert.match(metric.err, /bad\.yaml:7:\d+: targets\.1\.metric: no metric "faces\.serched"/);
  const field = await refused(GOOD_START.replace('observe.fpir', 'observe.fpri') + '  - { metric: faces.searched, observed: 10, uncertainty: 1 }\n');
  assert.equal(field.code, 2);
  assert.match(field.err, /bad\.yaml:4:\d+: priors\.0\.field: .*unknown field/);
  const range = await refused(GOOD_START.replace('to: 0.1', 'to: 2') + '  - { metric: faces.searched, window: [0, 30], observed: 10, uncertainty: 1 }\n');
  assert.equal(range.code, 2);
  assert.match(range.err, /bad\.yaml:4:\d+: priors\.0\.to: observe\.fpir = 2: /);
  assert.match(range.err, /bad\.yaml:6:\d+: targets\.0\.window: the window ends on day 30/);
});
