// Fuzzing the command line (issue 14, part 3): valid, small command lines of every command mutated
// at random (unknown options, missing values, wrong types, huge, negative and empty values,
// repeated options, options of other commands), run in-process. Each must exit 0 or 2, print no
// stack trace, and on exit 2 leave nothing in any directory it was pointed at. Fixed seed in CI
// (`reproducible`), fresh seeds for developers; each property is bounded in time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readdirSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runCli } from '../src/cli/cli.ts';
import { captureIo, tempDir, reproducible } from './helpers.ts';

let root: { dir: string; cleanup: () => void };
let runsDir: string;
let runId: string;
let savedRuns: string | undefined;

before(async () => {
  root = tempDir('credence-fuzz-');
  runsDir = join(root.dir, 'runs');
  savedRuns = process.env.CREDENCE_RUNS;
  process.env.CREDENCE_RUNS = join(root.dir, 'default-runs'); // a command line without --out writes here, never in the repository
  const io = captureIo();
  assert.equal(await runCli(['run', 'none', '-p', '200', '--days', '2', '--quiet', '--no-report', '--out', runsDir], io), 0, io.stderr.join('\n'));
  [runId] = readdirSync(runsDir);
  writeFileSync(join(root.dir, 'a-file'), 'x');
  writeFileSync(join(root.dir, 'grid.yaml'), 'scenario: none\ndesign: grid\nparameters:\n  observe.fpir: [0.001, 0.01]\n  population.citizens: [200]\n  days: [2]\nreplications: 1\nworkers: 1\n');
  mkdirSync(join(root.dir, 'a-dir'));
});
after(() => {
  if (savedRuns === undefined) delete process.env.CREDENCE_RUNS;
  else process.env.CREDENCE_RUNS = savedRuns;
  root.cleanup();
});

/** Every path below `dir` with its size and kind: what "nothing left behind" compares. */
function snapshot(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => {
      const st = statSync(join(dir, f), { throwIfNoEntry: false });
      return `${f}:${st?.isDirectory() ? 'd' : (st?.size ?? '?')}`;
    })
    .sort();
}

const NUMBERS = ['0', '-1', '1', '2', '3', '-5', 'abc', '', ' ', '1e3', '1.5', '0x10', 'NaN', 'Infinity', '99999999999999999999', '-99999999999', '4000000000', '65536'];
const OPTIONS = [
  '--days',
  '-d',
  '--seed',
  '-s',
  '--population',
  '-p',
  '--out',
  '-o',
  '--watch',
  '-w',
  '--set',
  '--workers',
  '--quiet',
  '-q',
  '--no-report',
  '--replications',
  '-r',
  '--set-a',
  '--set-b',
  '--target-halfwidth',
  '--metric',
  '--max-replications',
  '--format',
  '-f',
  '--runs',
  '--company',
  '-c',
  '--json',
  '--port',
  '--arm',
  '--point',
  '--replication',
  '--clean',
  '--bogus',
  '-x',
  '--',
  '-',
];

function values(): string[] {
  const d = root.dir;
  return [
    ...NUMBERS,
    join(d, 'out'),
    join(d, 'a-file'),
    join(d, 'a-file', 'below'),
    join(d, 'a-dir'),
    join(d, 'x'.repeat(300)),
    '/dev/null',
    '/proc/1/nope',
    runsDir,
    runId,
    join(runsDir, runId),
    'csv',
    'parquet',
    'xlsx',
    'acts.post',
    'acts.nosuch',
    'observe.fpir=0.01',
    'observe.fpir=2',
    'population=5',
    'days=*a',
    'days=[1',
    '__proto__.polluted=1',
    'constructor.prototype.x=1',
    'A',
    'B',
    'C',
    'none',
    'rongcheng',
    'nosuch',
    'nosuch.yaml',
    '%s%n',
    '\u00e9\u0000',
  ];
}

/** Valid, small command lines: what the mutations start from. The last tokens keep every run small; mutations go before them. */
function bases(): { args: string[]; tail: string[] }[] {
  const out = join(root.dir, 'out');
  return [
    { args: ['run', 'none', '--quiet', '--no-report', '--out', out], tail: ['-p', '200', '--days', '2'] },
    { args: ['run', 'rongcheng', '--seed', '3', '--out', out, '--quiet'], tail: ['-p', '200', '--days', '2'] },
    { args: ['compare', 'none', 'none', '--quiet', '--out', out], tail: ['-p', '200', '--days', '2', '-r', '2', '--max-replications', '2'] },
    { args: ['validate', 'none', 'rongcheng'], tail: [] },
    { args: ['export', runId, '--runs', runsDir, '--format', 'csv', '--out', join(out, 'csv')], tail: [] },
    { args: ['explain', runId, '7', '--runs', runsDir, '--json'], tail: [] },
    { args: ['runs', '--out', runsDir], tail: [] },
    { args: ['report', runId, '--runs', runsDir, '--out', join(out, 'r.html')], tail: [] },
    { args: ['sweep', join(root.dir, 'grid.yaml'), '--out', out, '--quiet'], tail: ['--workers', '1'] },
  ];
}

/** A random mutation of a command line: insert, delete, replace or repeat tokens. */
function mutated(base: { args: string[]; tail: string[] }) {
  const token = fc.oneof(fc.constantFrom(...OPTIONS), fc.constantFrom(...values()), fc.string({ maxLength: 12 }));
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), tokens: fc.array(token, { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), tokens: fc.array(token, { minLength: 1, maxLength: 1 }) }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const args = [...base.args];
    for (const e of edits) {
      // the command name stays: a mutation of it is a mutation of another command
      const at = 1 + (e.at % Math.max(1, args.length));
      if (e.kind === 'insert') args.splice(at, 0, ...e.tokens);
      else if (e.kind === 'delete' && args.length > 1) args.splice(Math.min(at, args.length - 1), 1);
      else if (e.kind === 'replace' && args.length > 1) args.splice(Math.min(at, args.length - 1), 1, ...e.tokens);
      else if (e.kind === 'repeat') args.push(...args.slice(Math.min(at, args.length - 1), Math.min(at, args.length - 1) + 2));
    }
    return [...args, ...base.tail];
  });
}

const watched = () => [root.dir];

/** Whether a command line names a relative output directory or file (--out, -o, --runs, or a value glued to them). */
function writesRelative(args: string[]): boolean {
  return args.some((a, i) => {
    // a value glued to -o, also among combined short flags (-qo./x), or to --out= / --runs=
    if (/^(-[a-zA-Z]*o[^/]|--o[a-z]*=[^/]|--r[a-z]*=[^/])/.test(a)) return true;
    // -o, --out, --runs or combined short flags ending in o (-qo), then a relative value
    return (['--out', '--runs'].includes(a) || /^-[a-zA-Z]*o$/.test(a)) && (i + 1 >= args.length || !args[i + 1].startsWith('/'));
  });
}

const NAMES = ['run', 'run', 'compare', 'validate', 'export', 'explain', 'runs', 'report', 'sweep'];
for (const [i, name] of NAMES.entries()) {
  const runs = { run: 60, compare: 20, validate: 60, export: 60, explain: 30, runs: 60, report: 20, sweep: 8 }[name] ?? 20;
  test(`fuzzed ${name} command lines (${i}) exit 0 or 2, without a stack trace, leaving nothing on exit 2`, async () => {
    const base = bases()[i]; // built once the fixture run exists
    assert.equal(base.args[0], name);
    await fc.assert(
      fc.asyncProperty(mutated(base), async (args) => {
        // a relative --out would write in the repository: such cases are left out (worker threads need this working directory)
        fc.pre(!writesRelative(args));
        const before = snapshot(root.dir);
        const io = captureIo();
        const code = await runCli(args, io);
        const err = io.stderr.join('\n');
        assert.ok(code === 0 || code === 2, `exit ${code} for ${JSON.stringify(args)}: ${err}`);
        assert.doesNotMatch(err, /^\s{4}at /m, `a stack trace for ${JSON.stringify(args)}`);
        assert.doesNotMatch(err, /internal error/, `an internal error for ${JSON.stringify(args)}: ${err}`);
        if (code === 2) for (const d of watched()) assert.deepEqual(snapshot(d), before, `exit 2 left something for ${JSON.stringify(args)}`);
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
      }),
      { ...reproducible, numRuns: runs, interruptAfterTimeLimit: 8_000, markInterruptAsFailure: false },
    );
  });
}
