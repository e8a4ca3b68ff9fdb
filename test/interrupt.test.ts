// Interruption (issue 14, part 4): SIGINT, SIGTERM and SIGKILL sent to the CLI at known moments of a
// run, a comparison and a sweep (set-up included; CREDENCE_TEST_HOLD holds the process there,
// src/store/test-hold.ts). Nothing that looks complete is left, an interrupted command exits 130,
// `credence runs` says what was interrupted and --clean removes it, and a re-run or resume
// completes without loss or duplication.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/cli.ts';
import { listRuns, listExperiments } from '../src/store/run-dir.ts';
import { queryRun } from '../src/store/read-run.ts';
import { captureIo, tempDir } from './helpers.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

interface Child {
  /** resolves once stderr matches */
  reach(pattern: RegExp): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** The CLI in a child process, held at `hold` (a phase of src/store/test-hold.ts) if given. */
function start(args: string[], hold?: string, deaf = false): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...(hold ? { CREDENCE_TEST_HOLD: `${hold}:20000${deaf ? ':deaf' : ''}` } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiting: { pattern: RegExp; done: () => void }[] = [];
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of [...waiting]) if (w.pattern.test(stderr)) waiting.splice(waiting.indexOf(w), 1), w.done();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr });
    }),
  );
  return {
    reach: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((done) => waiting.push({ pattern, done })),
            exit.then((e) => {
              throw new Error(`exited (${e.code}, ${e.signal}) before ${pattern}: ${e.stderr}`);
            }),
          ]),
    kill: (signal) => child.kill(signal),
    exit,
  };
}

const all = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []);

async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

function assertInterrupted(e: { code: number | null; signal: NodeJS.Signals | null; stderr: string }) {
  assert.equal(e.code, 130, `exit 130, got ${e.code} (${e.signal}): ${e.stderr}`);
  assert.doesNotMatch(e.stderr, /\n\s+at |internal error/);
}

const RUN = ['run', 'none', '-p', '2000', '--days', '30'];
const SWEEP = 'scenario: none\ndesign: grid\nparameters:\n  observe.fpir: [0.001, 0.01, 0.05]\n  population.citizens: [300]\n  days: [3]\nreplications: 2\nworkers: 1\n';

describe('interruptions', { concurrency: 4 }, () => {
  test('run: SIGINT while simulating, SIGTERM during the final write, two Ctrl-C during the report: 130 and nothing left', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const a = start(['run', 'none', '-p', '20000', '--days', '365', '--out', dir]);
      await a.reach(/credence: none, /);
      await new Promise((r) => setTimeout(r, 300));
      a.kill('SIGINT');
      assertInterrupted(await a.exit);
      assert.deepEqual(all(dir), [], 'nothing left');

      const b = start([...RUN, '--out', dir, '--quiet'], 'run-write');
      await b.reach(/at run-write/);
      b.kill('SIGTERM');
      const eb = await b.exit;
      assertInterrupted(eb);
      assert.match(eb.stderr, /run interrupted; nothing was kept/);
      assert.deepEqual(all(dir), [], 'interrupted during the final write: nothing left');

      const c = start([...RUN, '--out', dir], 'report-write', true);
      await c.reach(/at report-write/);
      c.kill('SIGINT');
      await c.reach(/stopping/);
      c.kill('SIGINT');
      assertInterrupted(await c.exit);
      assert.deepEqual(all(dir), [], 'a second Ctrl-C removes what is half-written');
    } finally {
      cleanup();
    }
  });

  test('run: SIGKILL during the final write and during the report: runs says so, --clean removes it, a re-run completes', async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const hold of ['run-write', 'report-write']) {
        const k = start([...RUN, '--out', dir], hold);
        await k.reach(new RegExp(`at ${hold}`));
        k.kill('SIGKILL');
        assert.equal((await k.exit).signal, 'SIGKILL');
      }
      assert.deepEqual(listRuns(dir), [], 'no killed run is listed');
      const listed = await cli(['runs', '--out', dir]);
      assert.equal(listed.code, 0);
      assert.match(listed.out, /interrupted, not complete \(2\)/);
      assert.match(listed.out, /credence runs --clean/);
      const cleaned = await cli(['runs', '--clean', '--out', dir]);
      assert.equal(cleaned.code, 0, cleaned.err);
      assert.match(cleaned.out, /2 leftover\(s\)/);
      assert.deepEqual(all(dir), [], 'cleaned');
      const again = await cli([...RUN, '--out', dir]);
      assert.equal(again.code, 0, again.err);
      const runs = listRuns(dir);
      assert.equal(runs.length, 1);
      assert.ok(existsSync(join(runs[0].dir, 'report.html')), 'a listed run has its report');
      assert.doesNotMatch((await cli(['runs', '--out', dir])).out, /interrupted/);
    } finally {
      cleanup();
    }
  });

  test('compare: SIGTERM while simulating and SIGINT during the final write exit 130; SIGKILL leaves what --clean removes', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const args = ['compare', 'none', 'none', '-r', '2', '-p', '2000', '--days', '20', '--out', dir];
      const a = start(['compare', 'none', 'none', '-r', '3', '-p', '20000', '--days', '365', '--out', dir]);
      await a.reach(/replication|day/);
      await new Promise((r) => setTimeout(r, 300));
      a.kill('SIGTERM');
      assertInterrupted(await a.exit);
      assert.deepEqual(all(dir), []);

      const b = start(args, 'comparison-write');
      await b.reach(/at comparison-write/);
      b.kill('SIGINT');
      const eb = await b.exit;
      assertInterrupted(eb);
      assert.match(eb.stderr, /comparison interrupted/);
      assert.deepEqual(all(dir), []);

      const k = start(args, 'comparison-write');
      await k.reach(/at comparison-write/);
      k.kill('SIGKILL');
      await k.exit;
      assert.deepEqual(listExperiments(dir), []);
      assert.match((await cli(['runs', '--out', dir])).out, /interrupted, not complete \(1\)/);
      assert.equal((await cli(['runs', '--clean', '--out', dir])).code, 0);
      assert.deepEqual(all(dir), []);
    } finally {
      cleanup();
    }
  });

  test('sweep: SIGKILL during set-up, SIGINT and SIGTERM between runs: 130, listed as interrupted, and the resumed table equals an uninterrupted one', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'grid.yaml');
      writeFileSync(file, SWEEP);
      const out = join(dir, 'a');
      const setUp = start(['sweep', file, '--out', out, '--quiet'], 'sweep-setup');
      await setUp.reach(/at sweep-setup/);
      setUp.kill('SIGKILL');
      await setUp.exit;
      assert.deepEqual(listExperiments(out), [], 'a sweep killed in its set-up is not listed');

      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const s = start(['sweep', file, '--out', out, '--quiet'], 'sweep-record');
        await s.reach(/at sweep-record/);
        s.kill(signal);
        const e = await s.exit;
        assertInterrupted(e);
        assert.match(e.stderr, /sweep interrupted: \d of 6 runs are committed/);
        assert.deepEqual(listExperiments(out), [], 'an interrupted sweep is not listed as complete');
        assert.match((await cli(['runs', '--out', out])).out, /interrupted sweep/);
      }
      const resumed = await cli(['sweep', file, '--out', out, '--quiet']);
      assert.equal(resumed.code, 0, resumed.err);
      assert.match(resumed.out, /Sweep done/);
      assert.equal(listExperiments(out).length, 1);
      const straight = await cli(['sweep', file, '--out', join(dir, 'b'), '--quiet']);
      assert.equal(straight.code, 0, straight.err);
      const rows = (d: string) =>
        queryRun(d, 'SELECT point, replication, seed, metric, value FROM results ORDER BY point, replication, metric', join(d, 'sweep.duckdb')).then((r) => r.map((x) => JSON.stringify(x)));
      const [x, y] = [await rows(join(out, 'sweep-grid')), await rows(join(dir, 'b', 'sweep-grid'))];
      assert.ok(x.length > 6 * 50);
      assert.deepEqual(x, y, 'no run lost, none twice');
      assert.deepEqual(
        all(out).filter((f) => f.includes('incomplete')),
        [],
      );
    } finally {
      cleanup();
    }
  });
});
