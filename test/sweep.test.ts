import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../src/experiment/sweep.ts';
import { designPoints } from '../src/experiment/design.ts';
import { sweepSchema } from '../src/scenario/sweep-schema.ts';
import { queryRun } from '../src/store/read-run.ts';
import { runCli } from '../src/cli/cli.ts';
import { tempDir, captureIo } from './helpers.ts';

const SWEEP = `
scenario: rongcheng
set: { population.citizens: 1500, days: 20 }
design: grid
parameters:
  observe.fpir: [0.001, 0.05]
  city.camerasPerThousand: [50, 500]
replications: 2
`;

async function table(dir: string) {
  return (await queryRun(dir, `SELECT point, replication, seed, metric, value FROM results ORDER BY point, replication, metric`, join(dir, 'sweep.duckdb'))).map((r) => JSON.stringify(r));
}

test('a sweep interrupted and run again gives the same table, without recomputing finished runs', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'grid.yaml');
    writeFileSync(file, SWEEP);
    let finished = 0;
    const first = await runSweep(file, { runsDir: join(dir, 'a'), workers: 2, shouldStop: () => ++finished >= 3 });
    assert.ok(first.stopped && first.computed >= 3 && first.computed < 8, `stopped after ${first.computed}`);
    const second = await runSweep(file, { runsDir: join(dir, 'a'), workers: 2 });
    assert.equal(second.skipped, first.computed, 'finished runs are not recomputed');
    assert.equal(second.computed, 8 - first.computed);
    const whole = await runSweep(file, { runsDir: join(dir, 'b'), workers: 1 });
    assert.equal(whole.computed, 8);
    const resumed = await table(second.dir),
      straight = await table(whole.dir);
    assert.ok(resumed.length > 8 * 50);
    assert.deepEqual(resumed, straight, 'same table, whatever the interruption and the number of workers');
    const wrongful = await queryRun(
      second.dir,
      `SELECT "observe.fpir" AS fpir, avg(value) AS v FROM results_with_parameters WHERE metric = 'faces.wrongful_matches' GROUP BY 1 ORDER BY 1`,
      join(second.dir, 'sweep.duckdb'),
    );
    assert.ok(Number(wrongful[1].v) > Number(wrongful[0].v), 'a higher FPIR names more innocents');
  } finally {
    cleanup();
  }
});

test('a Latin hypercube puts one point in each stratum of every range', () => {
  const sweep = sweepSchema.parse({ scenario: 'x', design: 'lhs', samples: 10, parameters: { a: { from: 0, to: 1 }, b: { from: 10, to: 1000, log: true } } });
  const points = designPoints(sweep);
  assert.equal(points.length, 10);
  const strata = (xs: number[]) => new Set(xs.map((x) => Math.floor(x * 10))).size;
  assert.equal(strata(points.map((p) => p.a as number)), 10);
  assert.equal(strata(points.map((p) => Math.log((p.b as number) / 10) / Math.log(100))), 10);
});

test('a bad sweep file exits 2 at its line', async () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bad.yaml'), 'scenario: rongcheng\nparameters:\n  observe.fpir: [2]\n');
    const io = captureIo();
    assert.equal(await runCli(['sweep', join(dir, 'bad.yaml'), '--out', dir, '--quiet'], io), 2);
    assert.match(io.stderr.join('\n'), /observe\.fpir: expected a value <= 1, found 2/);
    writeFileSync(join(dir, 'bad2.yaml'), 'scenario: rongcheng\nparameters: {}\nrepetitions: 3\n');
    const io2 = captureIo();
    assert.equal(await runCli(['sweep', join(dir, 'bad2.yaml'), '--out', dir, '--quiet'], io2), 2);
    assert.match(io2.stderr.join('\n'), /bad2\.yaml:3:1: repetitions: unknown field/);
  } finally {
    cleanup();
  }
});

test('every shipped sweep file is valid, point by point', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { parseYaml } = await import('../src/load/yaml.ts');
  const { loadScenario } = await import('../src/load/scenario.ts');
  const files = readdirSync('sweeps').filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const sweep = parseYaml(sweepSchema, readFileSync(join('sweeps', f), 'utf8'), f);
    for (const p of designPoints(sweep)) assert.ok(loadScenario(sweep.scenario, { ...sweep.set, ...p }).scenario);
  }
});
