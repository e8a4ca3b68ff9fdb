// The distributed executor (issue 16, part 3) against a real redis-server: workers on the queue give
// the same results table as worker threads here, whatever is killed on the way; a coordinator
// restarted resumes; a worker started first waits; a Redis that goes away fails the coordinator with
// a clear message and leaves every committed result intact.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../src/cli/cli.ts';
import { compare } from '../src/experiment/compare.ts';
import { runSensitivity } from '../src/experiment/sensitivity/run.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { captureIo, tempDir } from './helpers.ts';
import { noRedis, startRedis, type RedisServer } from './redis-server.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

/** Six runs long enough (about a second each) to kill a worker in the middle of one. */
const SWEEP = `scenario: rongcheng
set:
  population.citizens: 4000
  days: 90
parameters:
  observe.fpir: [0.001, 0.01, 0.05]
replications: 2
`;

interface Child {
  output: () => string;
  /** resolves once the output (stdout and stderr) matches `pattern` `times` times */
  reach(pattern: RegExp, times?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exit: Promise<{ code: number | null; output: string }>;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const checks: (() => void)[] = [];
  const onData = (d: Buffer) => {
    output += d;
    for (const c of [...checks]) c();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  const exit = new Promise<{ code: number | null; output: string }>((done) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
  const count = (p: RegExp) => output.match(new RegExp(p.source, 'g'))?.length ?? 0;
  return {
    output: () => output,
    reach: (pattern, times = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (count(pattern) >= times) {
            checks.splice(checks.indexOf(check), 1);
            resolve();
          }
        };
        checks.push(check);
        check();
        exit.then((e) => reject(new Error(`exited (${e.code}) before ${pattern} x${times}: ${e.output}`)));
      }),
    kill: (signal) => child.kill(signal),
    exit,
  };
}

const worker = (url: string) => start(['worker', '--redis', url]);
const DONE = /run \S+ done in/;

/** The committed results of a sweep, row by row, and how many runs are marked done. */
async function table(dir: string): Promise<{ rows: string[]; done: number }> {
  const db = await (await DuckDBInstance.create(join(dir, 'sweep-runs', 'sweep.duckdb'), { access_mode: 'READ_ONLY' })).connect();
  const rows = (await db.runAndReadAll('SELECT point, replication, metric, value FROM results ORDER BY 1, 2, 3')).getRows().map((r) => r.join('|'));
  const done = Number((await db.runAndReadAll('SELECT count(*) FROM done')).getRows()[0][0]);
  db.closeSync();
  return { rows, done };
}

async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('experiments on a Redis queue', { skip: noRedis, timeout: 600_000 }, () => {
  let redis: RedisServer;
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'runs.yaml');
  let local: { rows: string[]; done: number };
  before(async () => {
    writeFileSync(file, SWEEP);
    redis = await startRedis();
    assert.equal((await cli(['sweep', file, '--workers', '2', '--out', join(dir, 'local'), '--quiet'])).code, 0);
    local = await table(join(dir, 'local'));
    assert.equal(local.done, 6);
  });
  after(async () => {
    await redis?.kill();
    cleanup();
  });

  test('two workers, started before the coordinator, one killed mid-run: the same results table as threads here, no run lost or counted twice', async () => {
    const a = worker(redis.url);
    const b = worker(redis.url);
    await Promise.all([a.reach(/taking runs/), b.reach(/taking runs/)]); // waiting for work before there is any
    const coordinator = start(['sweep', file, '--redis', redis.url, '--out', join(dir, 'killed-worker'), '--quiet']);
    await a.reach(DONE); // a finished one run and took the next: kill it in the middle of that one
    a.kill('SIGKILL');
    const e = await coordinator.exit;
    assert.equal(e.code, 0, e.output);
    b.kill('SIGTERM');
    await b.exit;
    const got = await table(join(dir, 'killed-worker'));
    assert.equal(got.done, 6);
    assert.deepEqual(got.rows, local.rows);
    // the queue holds nothing of it any more: finished jobs are removed once recorded
    const status = await cli(['status', '--redis', redis.url, '--json']);
    assert.equal(status.code, 0, status.err);
    const s = JSON.parse(status.out) as { waiting: number; active: number; completed: number; failed: number };
    assert.deepEqual([s.waiting, s.active, s.completed, s.failed], [0, 0, 0, 0]);
  });

  test('a coordinator killed and started again resumes: runs finished meanwhile are taken, none is run twice into the table', async () => {
    const w = worker(redis.url);
    const out = join(dir, 'killed-coordinator');
    const first = start(['sweep', file, '--redis', redis.url, '--out', out, '--quiet']);
    await w.reach(DONE, 2);
    first.kill('SIGKILL');
    await first.exit;
    await w.reach(DONE, 4); // the worker goes on without a coordinator; its answers wait on the queue
    const again = await cli(['sweep', file, '--redis', redis.url, '--out', out, '--quiet']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Sweep done: 3 points x 2 replications/);
    w.kill('SIGTERM');
    const we = await w.exit;
    // six runs in all: the worker ran each once (nothing was handed out again)
    assert.equal(we.output.match(new RegExp(DONE.source, 'g'))?.length, 6, we.output);
    const got = await table(out);
    assert.equal(got.done, 6);
    assert.deepEqual(got.rows, local.rows);
  });

  test('a Redis that goes away fails the coordinator with a clear message, and what was committed stays', async () => {
    const own = await startRedis();
    const w = worker(own.url);
    const out = join(dir, 'lost-redis');
    const coordinator = start(['sweep', file, '--redis', own.url, '--out', out, '--quiet']);
    await w.reach(DONE, 2);
    w.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500)); // the coordinator records what it was told of
    await own.kill();
    const e = await coordinator.exit;
    assert.equal(e.code, 1, e.output);
    assert.match(e.output, /lost Redis at redis:\/\/127\.0\.0\.1:\d+ .*every run recorded so far is kept/);
    assert.doesNotMatch(e.output, /internal error|\n\s+at /);
    const got = await table(out);
    assert.ok(got.done >= 1, `committed ${got.done}`);
    const committed = new Set(got.rows.map((r) => r.split('|').slice(0, 2).join('|')));
    assert.equal(committed.size, got.done);
    assert.deepEqual(
      got.rows,
      local.rows.filter((r) => committed.has(r.split('|').slice(0, 2).join('|'))),
    );
  });

  test('a comparison on the queue gives the same effects as on threads here', async () => {
    const w = worker(redis.url);
    const size = { 'population.citizens': 1500, days: 40 };
    const [a, b] = [loadScenario('none', size), loadScenario('rongcheng', size)];
    const here = await compare(a, b, { replications: 2, workers: 1 });
    const there = await compare(a, b, { replications: 2, redis: redis.url });
    w.kill('SIGTERM');
    await w.exit;
    assert.ok(here.effects.size > 100);
    assert.deepEqual([...there.effects], [...here.effects]);
    assert.deepEqual([...there.values], [...here.values]);
  });

  test('a sensitivity analysis on the queue gives the same indices as on threads here', async () => {
    const w = worker(redis.url);
    const screen = join(dir, 'screen.yaml');
    writeFileSync(
      screen,
      `scenario: rongcheng
set: { population.citizens: 400, days: 20 }
method: morris
factors:
  - { field: observe.fpir, from: 0.001, to: 0.05, log: true }
  - { field: life.mobility.jaywalking, from: 0.005, to: 0.03 }
measures:
  - { metric: faces.wrongful_matches }
trajectories: 3
replications: 2
bootstrap: 100
`,
    );
    const here = await runSensitivity(screen, { runsDir: join(dir, 'sens-local'), workers: 1 });
    const there = await runSensitivity(screen, { runsDir: join(dir, 'sens-redis'), redis: redis.url });
    w.kill('SIGTERM');
    await w.exit;
    assert.equal(there.computed, here.computed);
    assert.ok(here.analysis && here.analysis.indices.length > 0);
    assert.deepEqual(there.analysis?.indices, here.analysis?.indices);
  });

  test('a bad --redis is bad input (exit 2); a Redis that cannot be reached, or that may evict keys, is said plainly (exit 1)', async () => {
    const bad = await cli(['sweep', file, '--redis', 'http://127.0.0.1:1', '--out', join(dir, 'bad')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--redis: expected a redis:\/\/ or rediss:\/\/ URL/);
    const down = await cli(['status', '--redis', 'redis://127.0.0.1:1']);
    assert.equal(down.code, 1);
    assert.match(down.err, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const evicting = await startRedis(['--maxmemory-policy', 'allkeys-lru']);
    try {
      const refused = await cli(['sweep', file, '--redis', evicting.url, '--out', join(dir, 'evicting')]);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /may evict keys \(maxmemory-policy allkeys-lru\).*noeviction/);
    } finally {
      await evicting.kill();
    }
  });
});
