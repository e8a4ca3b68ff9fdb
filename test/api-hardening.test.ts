import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, jobsOf } from '../src/server/index.ts';
import { createJobs } from '../src/server/jobs.ts';
import { InputError } from '../src/scenario/errors.ts';
import { SCENARIO_DIR } from '../src/load/scenario-files.ts';
import { packageRoot } from '../src/core/package-root.ts';
import { runScenario } from '../src/experiment/run.ts';
import { small, tempDir, events } from './helpers.ts';

type Base = { base: string; port: number; dir: string; server: Awaited<ReturnType<typeof serve>> };

/** A server on a fresh runs directory, closed (and the directory removed) after `body`. */
async function withServer(body: (s: Base) => Promise<void>, options: Parameters<typeof serve>[0] = {}) {
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir, ...options });
  const port = (server.address() as AddressInfo).port;
  try {
    await body({ base: `http://127.0.0.1:${port}`, port, dir, server });
  } finally {
    server.close();
    server.closeAllConnections();
    cleanup();
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
const get = (url: string, method = 'GET') => fetch(url, { method, signal: AbortSignal.timeout(10_000) });

/** Write raw bytes to the server and read what comes back, within `ms`. */
function raw(port: number, text: string, ms = 3000): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      done(`timeout: ${got}`);
    }, ms);
    socket.on('data', (d) => {
      got += d;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      done(got);
    });
    socket.write(text);
  });
}

test('prototype keys in overrides and bodies are refused on every route, and the server is unchanged afterwards', async () => {
  await withServer(async ({ base, server }) => {
    const hostile: [string, string][] = [
      ['/api/runs', JSON.stringify({ scenario: 'none', citizens: 50, days: 2, overrides: { '__proto__.polluted': 1 } })],
      ['/api/runs', JSON.stringify({ scenario: 'none', citizens: 50, days: 2, overrides: { 'constructor.prototype.polluted': 1 } })],
      ['/api/runs', JSON.stringify({ scenario: 'none', citizens: 50, days: 2, overrides: { 'a.prototype.polluted': 1 } })],
      ['/api/runs', '{"scenario":"none","citizens":50,"days":2,"overrides":{"__proto__":{"polluted":1}}}'],
      ['/api/runs', '{"scenario":"none","citizens":50,"days":2,"overrides":{"description":{"__proto__":{"polluted":1}}}}'],
      ['/api/runs', '{"__proto__":{"polluted":1},"scenario":"none","citizens":50,"days":2}'],
      ['/api/runs', '{"scenario":"none","citizens":50,"days":2,"constructor":{"prototype":{"polluted":1}}}'],
      ['/api/compare', JSON.stringify({ a: 'none', b: 'none', citizens: 50, days: 2, overridesB: { '__proto__.polluted': 1 } })],
      ['/api/compare', JSON.stringify({ a: 'none', b: 'none', citizens: 50, days: 2, overridesB: { 'constructor.prototype.polluted': 1 } })],
      ['/api/compare', '{"a":"none","b":"none","citizens":50,"days":2,"overridesB":{"__proto__":{"polluted":1}}}'],
      ['/api/runs/some-run/appeals', '{"citizen":1,"day":1,"__proto__":{"polluted":1}}'],
    ];
    for (const [path, body] of hostile) {
      const res = await post(`${base}${path}`, body);
      assert.equal(res.status, 400, `${path} ${body}: ${await res.text()}`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, `${body} pollutes Object.prototype`);
      assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    }
    const scenarios = await get(`${base}/api/scenarios`);
    assert.equal(scenarios.status, 200);
    assert.equal(jobsOf(server).stats().jobs, 0, 'no hostile request started a job');
    const started = await post(`${base}/api/runs`, { scenario: 'none', citizens: 200, days: 3, overrides: { 'observe.fpir': 0.01 } });
    assert.equal(started.status, 202, await started.clone().text());
    const done = (await events(`${base}${((await started.json()) as { events: string }).events}`)).at(-1)!;
    assert.equal(done.type, 'done', JSON.stringify(done));
  });
});

test('the API takes a shipped scenario name or uploaded text, never a file of its working directory, and puts no server path in an answer', async () => {
  const cwd = process.cwd();
  const work = mkdtempSync(join(tmpdir(), 'credence-cwd-'));
  const secret = 'LEAKED-SECRET-CONTENT';
  writeFileSync(join(work, 'secret'), `${secret}: 1\n`);
  writeFileSync(join(work, 'rongcheng'), `description: ${secret}\n`);
  writeFileSync(join(work, 'uploaded.yaml'), 'name: x\n');
  mkdirSync(join(work, 'somedir'));
  mkdirSync(join(work, 'x'));
  writeFileSync(join(work, 'x', 'y.yaml'), `${secret}: 2\n`);
  process.chdir(work);
  try {
    await withServer(async ({ base, dir }) => {
      const answers: string[] = [];
      const expect4xx = async (res: Response, what: string) => {
        const text = await res.text();
        answers.push(text);
        assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${text}`);
      };
      for (const scenario of ['secret', 'somedir', 'x/y', 'rongcheng/', 'reference', 'reference/nosuch'])
        await expect4xx(await post(`${base}/api/runs`, { scenario, citizens: 50, days: 2 }), `run ${scenario}`);
      await expect4xx(await post(`${base}/api/runs`, { scenario: 'extends: x/y\n' }), 'uploaded text extending a file of the working directory');
      await expect4xx(await post(`${base}/api/runs`, { scenario: 'extends: ./x/y.yaml\n' }), 'uploaded text extending a file of the working directory');
      for (const [a, b] of [
        ['secret', 'none'],
        ['none', 'somedir'],
        ['none', 'x/y'],
      ])
        await expect4xx(await post(`${base}/api/compare`, { a, b, citizens: 50, days: 2 }), `compare ${a} ${b}`);
      // issues placed in a shipped file, by overrides and by the policy check
      await expect4xx(await post(`${base}/api/runs`, { scenario: 'rongcheng', citizens: 50, days: 2, overrides: { 'gates.0.notListed': 'nosuch', 'observe.fpir': 'x' } }), 'bad overrides');
      await expect4xx(await post(`${base}/api/compare`, { a: 'rongcheng', b: 'rongcheng', citizens: 50, days: 2, overridesB: { 'gates.0.notListed': 'nosuch' } }), 'bad overridesB');
      await expect4xx(await post(`${base}/api/runs`, { scenario: 'extends: rongcheng\nset:\n  gates.0.notListed: nosuch\n' }), 'bad uploaded text');
      await expect4xx(await get(`${base}/api/runs/nope/view`), 'no run');
      await expect4xx(await get(`${base}/api/comparisons/nope/effects`), 'no comparison');

      // a shipped scenario is the shipped one, whatever the working directory holds
      const listed = await get(`${base}/api/scenarios`);
      assert.equal(listed.status, 200);
      const list = (await listed.json()) as { name: string; description: string }[];
      assert.ok(list.some((s) => s.name === 'rongcheng' && !s.description.includes(secret)));
      const one = (await (await get(`${base}/api/scenarios/rongcheng`)).json()) as { values: { description: string } };
      assert.ok(!one.values.description.includes(secret), 'the shipped rongcheng, not ./rongcheng');

      for (const text of answers) {
        assert.ok(!text.includes(secret), `file content echoed: ${text}`);
        for (const path of [work, packageRoot(), SCENARIO_DIR, dir, tmpdir()]) assert.ok(!text.includes(path), `a server path in an answer: ${text}`);
      }
      assert.deepEqual(readdirSync(dir), [], 'nothing run');
    });
  } finally {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  }
});

test('the Parquet download writes its temporary export inside the runs directory, not the OS temp directory', async () => {
  const { dir, cleanup } = tempDir();
  const run = await runScenario(small('none', 200, 3, { 'output.sampleRate': 0 }), { runsDir: dir });
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = process.env.TMPDIR;
  const blocked = join(dir, 'not-a-directory');
  writeFileSync(blocked, '');
  process.env.TMPDIR = blocked; // a temporary directory here cannot be made
  try {
    const res = await get(`${base}/api/runs/${run.id}/parquet/metrics.parquet`);
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 4)
        .toString(),
      'PAR1',
    );
    assert.deepEqual(readdirSync(dir).sort(), [run.id, 'not-a-directory'].sort(), 'the export is removed afterwards');
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    server.close();
    cleanup();
  }
});

test("the API's limits hold after overrides are merged, for every arm and route", async () => {
  await withServer(async ({ base, dir }) => {
    const refused: [string, unknown][] = [
      ['/api/compare', { a: 'none', b: 'none', citizens: 20, days: 2, replications: 2, overridesB: { days: 1000 } }],
      ['/api/compare', { a: 'none', b: 'none', citizens: 20, days: 2, replications: 2, overridesB: { 'population.citizens': 1_000_000 } }],
      ['/api/compare', { a: 'none', b: 'none', citizens: 20, days: 2, replications: 2, overridesB: { population: { citizens: 1_000_000 } } }],
      ['/api/runs', { scenario: 'none', citizens: 20, overrides: { days: 1000 } }],
      ['/api/runs', { scenario: 'none', overrides: { 'population.citizens': 1_000_000, days: 2 } }],
      ['/api/runs', { scenario: 'none', days: 2, overrides: { population: { citizens: 1_000_000 } } }],
      ['/api/runs', { scenario: 'days: 1000\npopulation: { citizens: 20 }\n' }],
      ['/api/runs', { scenario: 'reference/epstein', days: 20, overrides: { width: 4096, height: 4096 } }],
      ['/api/runs', { scenario: 'reference/epstein', overrides: { steps: 65535 } }],
    ];
    for (const [path, body] of refused) {
      const res = await post(`${base}${path}`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${await res.text()}`);
    }
    assert.deepEqual(readdirSync(dir), [], 'nothing run');
  });
});

test('a body over the limit is refused by its length before it is read, deep nesting is refused, and many keys do not block the server', async () => {
  await withServer(async ({ base, port }) => {
    // a declared length over the limit: answered at once, without waiting for the body
    const answer = await new Promise<number | string>((done) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/runs', headers: { 'content-length': String(50 * 1024 * 1024) } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', (e) => done(String(e)));
      req.write('{"scenario":');
      setTimeout(() => {
        req.destroy();
        done('timeout');
      }, 3000);
    });
    assert.equal(answer, 413);
    assert.equal((await post(`${base}/api/runs`, `{"scenario":"${'x'.repeat(300_000)}"}`)).status, 413);

    const deep = `{"scenario":"none","citizens":10,"days":2,"overrides":{"description":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    const nested = await post(`${base}/api/runs`, deep);
    assert.equal(nested.status, 400);
    assert.match(((await nested.json()) as { error: string }).error, /nest/);

    for (const body of [
      { scenario: Array.from({ length: 28_619 }, (_, i) => `k${i}: 1`).join('\n') },
      { scenario: `{${Array.from({ length: 28_619 }, (_, i) => `k${i}`).join(',')}}` },
      { scenario: 'none', citizens: 10, days: 2, overrides: Object.fromEntries(Array.from({ length: 28_619 }, (_, i) => [`k${i}`, 1])) },
    ]) {
      const t = performance.now();
      const res = await post(`${base}/api/runs`, body);
      const text = await res.text();
      assert.ok(res.status === 400 || res.status === 413, `${res.status} ${text.slice(0, 200)}`);
      assert.ok(text.length < 20_000, 'the answer is short');
      assert.ok(performance.now() - t < 3000, `answered in ${Math.round(performance.now() - t)} ms`);
    }
    assert.equal((await get(`${base}/api/scenarios`)).status, 200);
  });
});

test('bad input gets 4xx, not 500: malformed escapes in ids, YAML aliases, deep conditions, directories, unknown jobs, odd methods and URLs', async () => {
  const { dir, cleanup } = tempDir();
  const run = await runScenario(small('none', 200, 3, { 'output.sampleRate': 0 }), { runsDir: dir });
  const server = await serve({ port: 0, runsDir: dir });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  try {
    const routes = ['metrics?names=penalties', 'citizens/7', 'districts', 'screen', 'view', 'citizens', 'appeals', 'report', 'parquet/metrics.parquet'];
    for (const id of ['%E0%A4%A', '%', '%zz', '%E0%A4', '%C0%AF', `${run.id}%`]) {
      for (const r of routes) assert.equal((await get(`${base}/api/runs/${id}/${r}`)).status, 400, `${id}/${r}`);
      assert.equal((await post(`${base}/api/runs/${id}/appeals`, { citizen: 1, day: 1 })).status, 400, `POST ${id}/appeals`);
      assert.equal((await get(`${base}/api/runs/${id}`, 'DELETE')).status, 400, `DELETE ${id}`);
      for (const r of ['effects', 'report']) assert.equal((await get(`${base}/api/comparisons/${id}/${r}`)).status, 400, `comparison ${id}/${r}`);
      assert.equal((await get(`${base}/api/scenarios/${id}`)).status < 500, true);
    }
    assert.equal((await get(`${base}/api/runs/${run.id}/view`)).status, 200, 'the run is still there');

    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const texts = [
      bomb,
      `a: &a 1\nb: [${Array(101).fill('*a').join(',')}]\n`,
      'days: *x\n',
      'a: &a\n  b: *a\n',
      `extends: rongcheng\nset:\n  scorers.0.rules.0.when: "${'1 ? '.repeat(3000)}1${' : 1'.repeat(3000)}"\n`,
      `extends: rongcheng\nset:\n  scorers.0.rules.0.when: "${'('.repeat(5000)}1${')'.repeat(5000)}"\n`,
      `extends: rongcheng\nset:\n  scorers.0.rules.0.when: "${Array(8000).fill('1').join('&&')}"\n`,
    ];
    for (const scenario of texts) {
      const res = await post(`${base}/api/runs`, { scenario, citizens: 50, days: 2 });
      assert.ok(res.status >= 400 && res.status < 500, `${scenario.slice(0, 60)}: ${res.status} ${await res.text()}`);
    }
    const chain = `${'1 ? '.repeat(3000)}1${' : 1'.repeat(3000)}`;
    const deep = await post(`${base}/api/runs`, { scenario: 'rongcheng', citizens: 50, days: 2, overrides: { 'scorers.0.rules.0.when': chain } });
    assert.equal(deep.status, 400);

    const unknownJob = await get(`${base}/api/jobs/000000000000/events`);
    assert.equal(unknownJob.status, 404);
    assert.equal((await get(`${base}/api/jobs/nope/events`)).status, 404);

    // methods: a known path with another method is 405; CONNECT and upgrades are answered, not left hanging
    for (const method of ['PUT', 'PATCH', 'OPTIONS', 'PROPFIND']) assert.equal((await get(`${base}/api/runs`, method)).status, 405, method);
    assert.equal((await get(`${base}/api/scenarios`, 'POST')).status, 405);
    assert.match(await raw(port, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), /^HTTP\/1\.1 405/);
    assert.match(await raw(port, 'GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n\r\n'), /^HTTP\/1\.1 [1-4]\d\d/);
    // URLs the URL parser refuses: an answer, and the server lives on
    for (const target of ['http://[/', 'http://a:b@[::1/api/runs', '//[/api/runs', '*']) {
      assert.match(await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), /^HTTP\/1\.1 4\d\d/, target);
    }
    // the dashboard's files: a dot name or a folder is no file
    for (const file of ['...', '.vite', '.well-known'])
      assert.match(await raw(port, `GET /assets/${file} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), /^HTTP\/1\.1 404/, `/assets/${file}`);
    assert.equal((await get(`${base}/api/runs`)).status, 200);
  } finally {
    server.close();
    server.closeAllConnections();
    cleanup();
  }
});

test('one corrupt run.json (or comparison.json) does not break the list of runs: it is skipped and named', async () => {
  const { dir, cleanup } = tempDir();
  const run = await runScenario(small('none', 200, 3, { 'output.sampleRate': 0 }), { runsDir: dir });
  for (const [name, manifest] of [
    ['bad-json', '{oops'],
    ['bad-null', 'null'],
    ['bad-shape', '{"id": 3}'],
  ]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'run.json'), manifest);
    writeFileSync(join(dir, name, 'run.duckdb'), '');
  }
  mkdirSync(join(dir, 'bad-comparison'));
  writeFileSync(join(dir, 'bad-comparison', 'comparison.json'), '{oops');
  writeFileSync(join(dir, 'stray-file'), 'x');
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const res = await get(`${base}/api/runs`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { runs: { id: string }[]; corrupt: string[] };
    assert.deepEqual(
      body.runs.map((r) => r.id),
      [run.id],
    );
    assert.deepEqual(body.corrupt.sort(), ['bad-comparison', 'bad-json', 'bad-null', 'bad-shape']);
  } finally {
    server.close();
    cleanup();
  }
});

test("a finished job's events are released after a while and the job table stays bounded over many runs; a late subscriber still hears the end", async () => {
  const { dir, cleanup } = tempDir();
  const jobs = createJobs(dir, 1, { keepFinished: 3, keepEventsMs: 0, forgetMs: 60_000 });
  const follow = (id: string) =>
    new Promise<{ type: string }[]>((done) => {
      const seen: { type: string }[] = [];
      jobs.follow(id, (e) => {
        seen.push(e);
        if (e.type === 'done' || e.type === 'error') done(seen);
      });
    });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = jobs.start(small('none', 100, 3 + i, { 'output.sampleRate': 0 }));
      assert.ok(id);
      ids.push(id);
      const seen = await follow(id);
      assert.equal(seen.at(-1)?.type, 'done');
      assert.ok(
        seen.some((e) => e.type === 'day'),
        'a subscriber during the run hears every day',
      );
    }
    await new Promise((r) => setTimeout(r, 50));
    const stats = jobs.stats();
    assert.ok(stats.jobs <= 3, `jobs kept: ${stats.jobs}`);
    assert.ok(stats.events <= 3 * 2, `events kept: ${stats.events}`);
    assert.equal(
      jobs.follow(ids[0], () => {}),
      undefined,
      'the oldest job is forgotten',
    );
    const late = await follow(ids[5]);
    assert.equal(late.at(-1)?.type, 'done', 'a late subscriber hears how it ended');
  } finally {
    cleanup();
  }
});

test('serve refuses a bad port or one in use with an InputError, not a crash', async () => {
  for (const port of [99_999, -1, 1.5, Number.NaN]) {
    await assert.rejects(serve({ port, runsDir: join(tmpdir(), 'credence-never') }), (e: unknown) => e instanceof InputError && /port/.test(e.message), String(port));
  }
  const { dir, cleanup } = tempDir();
  const first = await serve({ port: 0, runsDir: dir });
  try {
    const port = (first.address() as AddressInfo).port;
    await assert.rejects(serve({ port, runsDir: dir }), (e: unknown) => e instanceof InputError && /in use/.test(e.message));
  } finally {
    first.close();
    cleanup();
  }
});
