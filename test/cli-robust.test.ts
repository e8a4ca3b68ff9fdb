// Bad command lines the hardening issue (#14) found accepted, or refused with a stack trace: each
// now exits 2 with a message naming the option, and leaves nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readdirSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { runCli } from '../src/cli/cli.ts';
import { captureIo, tempDir } from './helpers.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

/** The CLI in-process: exit code and stderr. */
async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, err: io.stderr.join('\n'), out: io.stdout.join('\n') };
}

/** Every file and directory below `dir`, hidden ones included. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

function assertClean(r: { code: number; err: string }, option: RegExp) {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, option);
  assert.doesNotMatch(r.err, /\n\s+at |internal error/, 'no stack trace');
}

let fixture: { dir: string; cleanup: () => void };
let runId: string;
let runsDir: string;

before(async () => {
  fixture = tempDir('credence-robust-');
  runsDir = join(fixture.dir, 'runs');
  const r = await cli(['run', 'none', '-p', '300', '--days', '3', '--quiet', '--no-report', '--out', runsDir]);
  assert.equal(r.code, 0, r.err);
  [runId] = readdirSync(runsDir);
});
after(() => fixture.cleanup());

/** Bad --out values for a command writing a directory; `file` is an existing regular file. */
function badDirs(base: string) {
  const file = join(base, 'a-file');
  writeFileSync(file, 'x');
  return [
    { what: 'an existing file', out: file },
    { what: 'a path below a file', out: join(file, 'below') },
    { what: '/dev/null', out: '/dev/null' },
    { what: 'an empty path', out: '' },
    { what: 'too long a name', out: join(base, 'x'.repeat(300)) },
  ];
}

// the size is set by one-value parameters rather than `set:` (which the loader drops for now, see the report of issue 14)
const SWEEP = 'scenario: none\ndesign: grid\nparameters:\n  observe.fpir: [0.001, 0.01]\n  population.citizens: [200]\n  days: [2]\nreplications: 1\nworkers: 1\n';

for (const command of ['run', 'compare', 'sweep', 'export'] as const) {
  test(`${command}: every bad --out exits 2 naming --out and leaves nothing behind`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const sweepFile = join(dir, 'grid.yaml');
      writeFileSync(sweepFile, SWEEP);
      for (const bad of badDirs(dir)) {
        const before = tree(dir);
        const args = {
          run: ['run', 'none', '-p', '200', '--days', '2', '--quiet', '--out', bad.out],
          compare: ['compare', 'none', 'none', '-r', '2', '-p', '200', '--days', '2', '--quiet', '--out', bad.out],
          sweep: ['sweep', sweepFile, '--quiet', '--out', bad.out],
          export: ['export', runId, '--runs', runsDir, '--format', 'csv', '--out', bad.out],
        }[command];
        const runBefore = tree(join(runsDir, runId));
        const r = await cli(args);
        assertClean(r, /--out/);
        assert.deepEqual(tree(dir), before, `${bad.what}: nothing left behind`);
        assert.deepEqual(tree(join(runsDir, runId)), runBefore, `${bad.what}: nothing left in the run`);
      }
    } finally {
      cleanup();
    }
  });
}

test('report: every bad --out exits 2 naming --out, and leaves no DIR.partial', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const existingDir = join(dir, 'a-dir');
    mkdirSync(existingDir);
    const bads = [...badDirs(dir).filter((b) => b.what !== 'an existing file'), { what: 'an existing directory', out: existingDir }];
    for (const bad of bads) {
      const before = tree(dir);
      const r = await cli(['report', runId, '--runs', runsDir, '--out', bad.out]);
      assertClean(r, /--out/);
      assert.deepEqual(tree(dir), before, `${bad.what}: nothing left behind`);
    }
    const ok = await cli(['report', runId, '--runs', runsDir, '--out', join(dir, 'r.html')]);
    assert.equal(ok.code, 0, ok.err);
    assert.deepEqual(
      tree(dir).filter((f) => f !== 'r.html'),
      tree(dir).filter((f) => f !== 'r.html' && !f.includes('partial')),
    );
  } finally {
    cleanup();
  }
});

test('--out without permission exits 2 (as a user other than root)', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    for (const args of [
      ['run', 'none', '-p', '200', '--days', '2', '--quiet', '--out', join(locked, 'runs')],
      ['export', runId, '--runs', runsDir, '--format', 'csv', '--out', join(locked, 'csv')],
      ['report', runId, '--runs', runsDir, '--out', join(locked, 'r.html')],
    ])
      assertClean(await cli(args), /--out/);
    chmodSync(locked, 0o700);
    assert.deepEqual(readdirSync(locked), []);
  } finally {
    cleanup();
  }
});

test('--out /proc/1/nope exits 2 at once instead of hanging', () => {
  for (const args of [
    ['run', 'none', '-p', '200', '--days', '2', '--quiet'],
    ['export', runId, '--runs', runsDir, '--format', 'csv'],
  ]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args, '--out', '/proc/1/nope'], { encoding: 'utf8', timeout: 30_000, cwd: ROOT });
    assert.equal(r.signal, null, 'it did not hang');
    assertClean({ code: r.status ?? -1, err: r.stderr }, /--out/);
  }
});

test('serve: --port 99999 and -1 exit 2 naming --port; a port in use exits 2', async () => {
  assertClean(await cli(['serve', '--port', '99999']), /--port/);
  assertClean(await cli(['serve', '--port', '-1']), /--port/);
  const taken: Server = createServer();
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  try {
    const port = (taken.address() as { port: number }).port;
    // spawned: before the fix the server's listen error was uncaught and would take this process down
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', String(port)], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearTimeout(timer);
    assertClean({ code: code ?? -1, err }, new RegExp(`port ${port}.*in use|in use.*${port}`));
  } finally {
    taken.close();
  }
});

test('a corrupt run.duckdb makes explain, report and export exit 2 with a message', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const r = await cli(['run', 'none', '-p', '200', '--days', '2', '--quiet', '--no-report', '--out', dir]);
    assert.equal(r.code, 0, r.err);
    const [id] = readdirSync(dir);
    writeFileSync(join(dir, id, 'run.duckdb'), 'this is not a database\n'.repeat(500));
    const before = tree(dir);
    for (const args of [
      ['explain', id, '3', '--runs', dir],
      ['report', id, '--runs', dir],
      ['export', id, '--format', 'csv', '--runs', dir],
      ['export', id, '--format', 'parquet', '--runs', dir],
    ]) {
      const c = await cli(args);
      assertClean(c, /run\.duckdb/);
    }
    assert.deepEqual(tree(dir), before, 'no .incomplete-export-*, no report.html.partial');
  } finally {
    cleanup();
  }
});

test('sweep of a file that does not exist, or is a directory, exits 2', async () => {
  const { dir, cleanup } = tempDir();
  try {
    assertClean(await cli(['sweep', join(dir, 'nosuch.yaml'), '--out', dir, '--quiet']), /nosuch\.yaml/);
    assertClean(await cli(['sweep', dir, '--out', dir, '--quiet']), /not a (regular )?file|directory/);
    assert.deepEqual(tree(dir), []);
  } finally {
    cleanup();
  }
});

test('options accepted though they should be refused now exit 2', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const sweepFile = join(dir, 'grid.yaml');
    writeFileSync(sweepFile, SWEEP);
    const out = join(dir, 'out');
    assertClean(await cli(['sweep', sweepFile, '--workers', '0', '--out', out, '--quiet']), /--workers/);
    assertClean(await cli(['sweep', sweepFile, '--workers', '-3', '--out', out, '--quiet']), /--workers/);
    for (const reps of ['0', '1', '-1']) assertClean(await cli(['compare', 'none', 'none', '--replications', reps, '-p', '200', '--days', '2', '--out', out, '--quiet']), /--replications/);
    assertClean(await cli(['compare', 'none', 'none', '--max-replications', '1', '-p', '200', '--days', '2', '--out', out, '--quiet']), /--max-replications/);
    assertClean(
      await cli(['compare', 'none', 'none', '-p', '200', '--days', '2', '--target-halfwidth', '5', '--metric', 'acts.nosuch', '--out', out, '--quiet']),
      /--metric.*acts\.nosuch|acts\.nosuch.*--metric/,
    );
    assertClean(await cli(['compare', 'none', 'none', '-p', '200', '--days', '2', '--metric', 'acts.nosuch', '--out', out, '--quiet']), /--metric/);
    assertClean(await cli(['compare', 'none', 'none', '-p', '200', '--days', '2', '--target-halfwidth', 'Infinity', '--metric', 'acts.post', '--out', out, '--quiet']), /--target-halfwidth/);
    assertClean(await cli(['run', 'none', '--set', 'population=5', '--days', '2', '--out', out, '--quiet']), /population/);
    assertClean(await cli(['runs', '--out', sweepFile]), /--out/);
    assert.equal(existsSync(out), false, 'nothing written');

    // a comparison to rerun: arm C is refused, not run as A
    const c = await cli(['compare', 'none', 'none', '-r', '2', '-p', '200', '--days', '2', '--out', out, '--quiet']);
    assert.equal(c.code, 0, c.err);
    const [comparison] = readdirSync(out);
    const before = tree(out);
    assertClean(await cli(['rerun', comparison, '--arm', 'C', '--replication', '0', '--out', out, '--quiet']), /--arm/);
    assertClean(await cli(['rerun', comparison, '--replication', '-1', '--out', out, '--quiet']), /--replication/);
    assert.deepEqual(tree(out), before);
    const b = await cli(['rerun', comparison, '--arm', 'b', '--replication', '1', '--out', out, '--quiet']);
    assert.equal(b.code, 0, b.err);
  } finally {
    cleanup();
  }
});

test('a sweep whose set-up was killed (a sweep table and no done table) resumes', async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { dir, cleanup } = tempDir();
  try {
    const sweepFile = join(dir, 'grid.yaml');
    writeFileSync(sweepFile, SWEEP);
    for (const [i, setup] of [
      'CREATE TABLE sweep (hash VARCHAR)',
      "CREATE TABLE sweep (hash VARCHAR); INSERT INTO sweep VALUES ('x'); CREATE TABLE points (point INTEGER)",
      'CREATE TABLE sweep (hash VARCHAR); CREATE TABLE points (point INTEGER); CREATE TABLE results (point INTEGER)',
    ].entries()) {
      const out = join(dir, `out${i}`);
      mkdirSync(join(out, 'sweep-grid'), { recursive: true });
      const instance = await DuckDBInstance.create(join(out, 'sweep-grid', 'sweep.duckdb'));
      const db = await instance.connect();
      for (const sql of setup.split('; ')) await db.run(sql);
      db.closeSync();
      instance.closeSync();
      const r = await cli(['sweep', sweepFile, '--out', out, '--quiet']);
      assert.equal(r.code, 0, `set-up ${i}: ${r.err}`);
      assert.match(r.out, /2 runs computed now/);
    }
  } finally {
    cleanup();
  }
});

test('validate checks a reference model file as the run does, and names what it is', async () => {
  const r = await cli(['validate', 'reference/epstein', 'none']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /reference\/epstein: epstein, reference model epstein-civil-violence, a 40 x 40 grid, 1000 steps/);
  assert.match(r.out, /ok {2}none: /);
});

test('a --set value with a YAML tag (!!binary, !!set) is refused, not given to a field', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const value of ['days=!!binary x', 'days=!!set {a: null}']) {
      const r = await cli(['run', 'none', '-d', '2', '-p', '100', '-q', '--set', value, '--out', dir]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /tagged YAML value/);
    }
    assert.deepEqual(tree(dir), []);
  } finally {
    cleanup();
  }
});
