import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runScenario } from '../src/experiment/run.ts';
import { RunInterrupted } from '../src/experiment/step.ts';
import { exportRun } from '../src/store/export.ts';
import { resolveRun, listRuns } from '../src/store/run-dir.ts';
import { total } from '../src/measure/series.ts';
import { runCli } from '../src/cli/cli.ts';
import { small, tempDir, captureIo } from './helpers.ts';
import { COMPANY_EVENTS } from '../src/core/events.ts';

async function query(file: string, sql: string) {
  const instance = await DuckDBInstance.create(file, file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

test('a run is stored in DuckDB with its provenance, metrics, records and snapshot, and exports', async () => {
  const { dir: runsDir, cleanup } = tempDir();
  try {
    const loaded = small('rongcheng', 3000, 40, { 'output.sampleRate': 0.05, 'output.watch': [7, 11] });
    const run = await runScenario(loaded, { runsDir });
    assert.equal(basename(run.dir), run.id);
    assert.deepEqual(readdirSync(runsDir), [run.id], 'no temporary directory is left');
    const db = join(run.dir, 'run.duckdb');

    const [meta] = await query(db, 'SELECT * FROM run');
    assert.equal(meta.scenario, 'rongcheng');
    assert.equal(meta.seed, 1);
    assert.equal(meta.days, 40);
    assert.equal(meta.citizens, 3000);
    assert.equal(meta.scenario_hash, loaded.hash);
    assert.match(String(meta.scenario_yaml), /Rongcheng/);
    assert.ok(String(meta.model_version).length > 0 && String(meta.random_algorithm).length > 0);

    const [stored] = await query(db, `SELECT sum(value) AS v FROM metrics WHERE metric = 'acts.jaywalking'`);
    assert.equal(stored.v, total(run.result, 'acts.jaywalking'));
    const [{ n }] = await query(db, 'SELECT count(*) AS n FROM citizens');
    assert.equal(Number(n), 3000);
    const watched = await query(db, 'SELECT DISTINCT actor FROM events WHERE actor IN (7, 11) ORDER BY actor');
    assert.deepEqual(
      watched.map((r) => r.actor),
      [7, 11],
      'every event of the watch list is kept',
    );
    const [{ recorded }] = await query(db, 'SELECT count(*) AS recorded FROM citizens WHERE recorded');
    const companyEvents = COMPANY_EVENTS.map((t) => `'${t}'`).join(', ');
    const [{ strangers }] = await query(
      db,
      `SELECT count(*) AS strangers FROM events e JOIN citizens c ON c.id = e.actor
       WHERE e.type NOT IN (${companyEvents}) AND NOT c.recorded AND e.target NOT IN (SELECT id FROM citizens WHERE recorded)
         AND (e.subject IS NULL OR e.subject NOT IN (SELECT id FROM citizens WHERE recorded))`,
    );
    const [{ companyStrangers }] = await query(db, `SELECT count(*) AS companyStrangers FROM events e JOIN companies k ON k.id = e.actor WHERE e.type IN (${companyEvents}) AND NOT k.recorded`);
    assert.equal(Number(companyStrangers), 0, 'only recorded companies’ events are kept');
    assert.ok(Number(recorded) > 100 && Number(recorded) < 300, `a 5 % sample: ${recorded}`);
    assert.equal(Number(strangers), 0, 'only recorded citizens’ events are kept');

    assert.equal(resolveRun(run.id, runsDir), run.dir);
    assert.equal(resolveRun(run.dir, runsDir), run.dir);
    assert.equal(listRuns(runsDir)[0].id, run.id);

    const parquet = await exportRun(run.dir, 'parquet');
    assert.ok(parquet.files.some((f) => f.endsWith('metrics.parquet')));
    const [{ rows }] = await query(':memory:', `SELECT count(*) AS rows FROM '${join(parquet.dir, 'citizens.parquet')}'`);
    assert.equal(Number(rows), 3000);
    const csvOut = join(runsDir, 'csv-out');
    const io = captureIo();
    assert.equal(await runCli(['export', run.id, '--format', 'csv', '--out', csvOut, '--runs', runsDir], io), 0);
    const header = readFileSync(join(csvOut, 'metrics.csv'), 'utf8').split('\n')[0];
    assert.equal(header, 'day,metric,value');
    assert.equal(await runCli(['export', run.id, '--format', 'xlsx', '--runs', runsDir], captureIo()), 2);
    assert.equal(await runCli(['export', 'no-such-run', '--format', 'csv', '--runs', runsDir], captureIo()), 2);
  } finally {
    cleanup();
  }
});

test('an interrupted run leaves nothing behind that looks complete', async () => {
  const { dir: runsDir, cleanup } = tempDir();
  try {
    let days = 0;
    await assert.rejects(runScenario(small('rongcheng', 1000, 50), { runsDir, shouldStop: () => ++days > 5 }), RunInterrupted);
    assert.deepEqual(readdirSync(runsDir), []);
    assert.deepEqual(listRuns(runsDir), []);
    assert.equal(existsSync(join(runsDir, 'anything')), false);
  } finally {
    cleanup();
  }
});

test('sensitivity analyses and calibrations are listed by kind, complete or interrupted, and --clean keeps an interrupted one (it resumes)', async () => {
  const { listLeftovers, cleanLeftovers, listExperiments, SWEEP_PENDING_FILE } = await import('../src/store/run-dir.ts');
  const { dir, cleanup } = tempDir();
  try {
    const dead = JSON.stringify({ pid: 2 ** 22 + 12345, host: 'elsewhere' });
    for (const [name, file] of [
      ['sensitivity-a', 'sensitivity.duckdb'],
      ['calibration-b', 'calibration.duckdb'],
      ['sweep-c', 'sweep.duckdb'],
    ]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, file), '');
    }
    mkdirSync(join(dir, 'calibration-d'));
    writeFileSync(join(dir, 'calibration-d', 'calibration.duckdb'), '');
    writeFileSync(join(dir, 'calibration-d', SWEEP_PENDING_FILE), dead);
    assert.deepEqual(
      listExperiments(dir).map((e) => [e.id, e.kind]),
      [
        ['sweep-c', 'sweep'],
        ['sensitivity-a', 'sensitivity analysis'],
        ['calibration-b', 'calibration'],
      ],
    );
    assert.deepEqual(
      listLeftovers(dir).map((l) => [basename(l.path), l.kind]),
      [['calibration-d', 'calibration']],
    );
    assert.deepEqual(cleanLeftovers(dir), []);
    assert.ok(existsSync(join(dir, 'calibration-d', SWEEP_PENDING_FILE)));
  } finally {
    cleanup();
  }
});
