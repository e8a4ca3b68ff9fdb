import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../src/cli/cli.ts';
import { captureIo, tempDir } from './helpers.ts';

const BIN = new URL('../bin/credence.mjs', import.meta.url).pathname;

/** Run the CLI in-process on a scenario text; return exit code, stderr and what the runs dir holds. */
async function runBad(yaml: string | null, args: string[] = []) {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'scenario.yaml');
    if (yaml !== null) writeFileSync(file, yaml);
    const io = captureIo();
    const runs = join(dir, 'runs');
    const code = await runCli(['run', yaml === null ? 'rongcheng' : file, '--out', runs, '--quiet', ...args], io);
    return { code, err: io.stderr.join('\n'), runsLeft: existsSync(runs) ? readdirSync(runs) : [], file };
  } finally {
    cleanup();
  }
}

test('malformed YAML exits 2 naming the file and line', async () => {
  const r = await runBad('name: x\npopulation:\n  citizens: [1, 2\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /scenario\.yaml:\d+:\d+: malformed YAML/);
  assert.deepEqual(r.runsLeft, []);
});

test('an unknown field exits 2 naming the field, its line and column', async () => {
  const r = await runBad('name: x\npopulation:\n  citizenz: 100\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /scenario\.yaml:3:3: population\.citizenz: unknown field "citizenz"/);
  assert.deepEqual(r.runsLeft, []);
});

test('a wrong type exits 2 saying what was expected and what was found', async () => {
  const r = await runBad('days: many\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /scenario\.yaml:1:7: days: expected number, found "many"/);
});

test('a negative or zero population exits 2, in the file or on the command line', async () => {
  const negative = await runBad('population:\n  citizens: -5\n');
  assert.equal(negative.code, 2);
  assert.match(negative.err, /scenario\.yaml:2:13: population\.citizens: expected a value >= 1, found -5/);
  const zero = await runBad(null, ['--population', '0']);
  assert.equal(zero.code, 2);
  assert.match(zero.err, /population\.citizens: expected a value >= 1, found 0 \(from the command line\)/);
  assert.deepEqual(zero.runsLeft, []);
});

test('zero days exits 2', async () => {
  const r = await runBad(null, ['--days', '0']);
  assert.equal(r.code, 2);
  assert.match(r.err, /days: expected a value >= 1, found 0/);
  assert.deepEqual(r.runsLeft, []);
});

test('a population too large for memory is refused before allocating, with the estimate', async () => {
  const r = await runBad(null, ['--population', '900000000']);
  assert.equal(r.code, 2);
  assert.match(r.err, /900,000,000 citizens need about [\d.]+ (GiB|TiB)/);
  assert.deepEqual(r.runsLeft, []);
});

test('a gate naming a missing list exits 2 at its line', async () => {
  const r = await runBad('gates:\n  - { id: g, attempt: flight, notListed: nowhere }\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /scenario\.yaml:2:\d+: gates\.0\.notListed: no list named "nowhere"/);
});

test('a bad condition in a policy exits 2 at its line and column', async () => {
  const r = await runBad('scorers:\n  - id: s\n    base: 1\n    min: 0\n    max: 2\n    rules: [{ on: jaywalking, when: "subject.agee > 3", points: -1 }]\n    tiers: [{ name: t, min: 0 }]\n');
  assert.equal(r.code, 2);
  assert.match(r.err, /scenario\.yaml:6:\d+: scorers\.0\.rules\.0\.when: unknown field "subject\.agee"/);
  assert.deepEqual(r.runsLeft, []);
});

test('validate accepts the shipped scenarios and reports every bad file', async () => {
  const io = captureIo();
  const shipped = ['none', 'rongcheng', 'sesame', 'fico', 'nosedive', 'seed-2020', 'as-implemented', 'eight-pilots', 'some-cities'];
  assert.equal(await runCli(['validate', ...shipped], io), 0);
  assert.equal(io.stdout.length, shipped.length);
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a.yaml'), 'days: 0\n');
    writeFileSync(join(dir, 'b.yaml'), 'city: {width: x}\n');
    const bad = captureIo();
    assert.equal(await runCli(['validate', join(dir, 'a.yaml'), join(dir, 'b.yaml')], bad), 2);
    assert.match(bad.stderr.join('\n'), /a\.yaml:1:7: days/);
    assert.match(bad.stderr.join('\n'), /b\.yaml:1:15: city\.width/);
  } finally {
    cleanup();
  }
});

test('an unknown option or a non-number exits 2 with usage help', async () => {
  const io = captureIo();
  assert.equal(await runCli(['run', '--dayz', '3'], io), 2);
  assert.equal(await runCli(['run', '--days', 'three'], captureIo()), 2);
  assert.equal(await runCli(['run', 'no-such-scenario'], captureIo()), 2);
});

test('the installed command prints errors without a stack trace', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'bad.yaml'), 'population:\n  citizens: 0\n');
    const r = spawnSync(process.execPath, [BIN, 'run', join(dir, 'bad.yaml'), '--out', join(dir, 'runs')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.yaml:2:13: population\.citizens/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(join(dir, 'runs')), false);
  } finally {
    cleanup();
  }
});

test('credence run reference/epstein runs the reference model and stores its counts', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const io = captureIo();
    assert.equal(await runCli(['run', 'reference/epstein', '--days', '60', '--set', 'legitimacy=0.3', '--out', dir], io), 0);
    assert.match(io.stdout.join('\n'), /Epstein civil violence \(Mesa rules\), [\d,]+ citizens and [\d,]+ cops, 60 steps/);
    const [run] = readdirSync(dir);
    const { queryRun } = await import('../src/store/read-run.ts');
    const rows = await queryRun(join(dir, run), `SELECT max(value) AS peak FROM metrics WHERE metric = 'active'`);
    assert.ok(Number(rows[0].peak) > 100, 'low legitimacy: an outburst');
    assert.equal(await runCli(['report', run, '--runs', dir], captureIo()), 2, 'a city report of a reference run is refused cleanly');
  } finally {
    cleanup();
  }
});

test('every command that reads or writes runs defaults to $CREDENCE_RUNS', async () => {
  const { dir, cleanup } = tempDir();
  const before = process.env.CREDENCE_RUNS;
  try {
    process.env.CREDENCE_RUNS = join(dir, 'elsewhere');
    const io = captureIo();
    assert.equal(await runCli(['run', 'rongcheng', '--population', '500', '--days', '3', '--quiet'], io), 0);
    assert.equal(readdirSync(join(dir, 'elsewhere')).filter((f) => !f.startsWith('.')).length, 1, 'the run went to $CREDENCE_RUNS');
    const listed = captureIo();
    assert.equal(await runCli(['runs'], listed), 0);
    assert.match(listed.stdout.join('\n'), /rongcheng/);
  } finally {
    if (before === undefined) delete process.env.CREDENCE_RUNS;
    else process.env.CREDENCE_RUNS = before;
    cleanup();
  }
});

test("the CLI's bundle starts without the city: what it loads before a command runs holds none of the model's code", () => {
  // the chunks dist/cli.mjs imports statically, followed to the end (what a dynamic import() loads is not among them)
  const dist = new URL('../dist/', import.meta.url).pathname;
  const loaded = new Set<string>();
  const follow = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const m of readFileSync(join(dist, file), 'utf8').matchAll(/^import\s+(?:[^'"]*?from\s+)?["']\.\/([^"']+)["'];?$/gms)) follow(m[1]);
  };
  follow('cli.mjs');
  // esbuild marks each bundled source file with a comment of its path
  const sources = [...loaded].flatMap((f) => [...readFileSync(join(dist, f), 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((m) => m[1]));
  assert.ok(sources.includes('src/cli/cli.ts') && sources.includes('src/reference/epstein/model.ts'), `the start-up sources were found: ${sources.length}`);
  const city = sources.filter((f) => /^src\/(engine|life|observe|judge|consequence|measure|policy|population|city)\/|^src\/scenario\/schema\.ts$|^src\/index\.ts$/.test(f));
  assert.deepEqual(city, [], 'loaded when a command runs, not at start');
});

test('a command that writes no results does not load DuckDB (its native library costs start-up time); one that writes does', () => {
  // at exit, how many of the process's shared libraries are DuckDB's
  const hook = "process.on('exit', () => process.stderr.write('\\nduckdb libraries: ' + process.report.getReport().sharedObjects.filter((s) => /duckdb/i.test(s)).length))";
  const loaded = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return Number(/duckdb libraries: (\d+)$/.exec(r.stderr)?.[1]);
  };
  assert.equal(loaded(['validate', 'seed-2020']), 0);
  assert.equal(loaded(['--help']), 0);
  const { dir, cleanup } = tempDir();
  try {
    assert.ok(loaded(['run', 'reference/epstein', '--days', '3', '--quiet', '--no-report', '--out', dir]) > 0);
  } finally {
    cleanup();
  }
});
