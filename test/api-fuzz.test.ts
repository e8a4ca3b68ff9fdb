import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { serve, jobsOf } from '../src/server/index.ts';
import { runScenario } from '../src/experiment/run.ts';
import { small, reproducible } from './helpers.ts';

/**
 * The API fuzzed over every route: bad JSON, wrong types, oversized and deep bodies, prototype
 * keys, traversal and malformed or double encoding in ids, wrong methods, clients that leave
 * mid-body and mid-stream. Every answer must be a 4xx, in time; nothing may be written outside
 * the runs directory; the server must be alive and its job table bounded afterwards.
 */

interface Answer {
  status: number;
  text: string;
}

/** One request, sent as written (no URL normalisation): its answer, or a failure after `ms`. */
function send(port: number, method: string, path: string, body?: string | Buffer, options: { chunked?: boolean; ms?: number } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = {};
    if (body !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (e) => fail(e));
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(new Error(`no answer to ${method} ${path.slice(0, 100)} within ${options.ms ?? 8000} ms`));
    }, options.ms ?? 8000);
    req.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    if (body !== undefined && options.chunked) {
      const b = Buffer.from(body);
      for (let i = 0; i < b.length; i += 64 * 1024) req.write(b.subarray(i, i + 64 * 1024));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A hostile path part: traversal, malformed and double percent-encoding, odd characters, encoded. */
const encoded = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ZZ';
  }
};
const hostileId = fc.oneof(
  fc.constantFrom(
    '..%2F..%2Fetc',
    '..%2F..%2Fetc%2Fpasswd',
    '..%252F..%252Fetc',
    '%2e%2e%2f%2e%2e%2fetc',
    '%252e%252e',
    '..',
    '.',
    '...',
    '.incomplete-x',
    '%2F',
    'a%2Fb',
    '%5C..%5C..',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%ff%fe',
    '%00',
    '%25',
    'nope',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 40 }).map(encoded),
  fc.string({ maxLength: 30 }).map((s) => encoded(encoded(s))),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{1,40}$/),
);

/** Every route, with `:id` for a hostile id. */
const ID_ROUTES: [string, string][] = [
  ['GET', '/api/scenarios/:id'],
  ['GET', '/api/comparisons/:id/effects'],
  ['GET', '/api/comparisons/:id/report'],
  ['GET', '/api/jobs/:id/events'],
  ['GET', '/api/runs/:id/metrics?names=penalties'],
  ['GET', '/api/runs/:id/citizens/7'],
  ['GET', '/api/runs/:id/citizens/7/card'],
  ['GET', '/api/runs/:id/story'],
  ['POST', '/api/runs/:id/without'],
  ['GET', '/api/runs/:id/districts'],
  ['GET', '/api/runs/:id/screen'],
  ['GET', '/api/runs/:id/view'],
  ['GET', '/api/runs/:id/citizens'],
  ['GET', '/api/runs/:id/appeals'],
  ['GET', '/api/runs/:id/report'],
  ['GET', '/api/runs/:id/parquet/metrics.parquet'],
  ['POST', '/api/runs/:id/appeals'],
  ['DELETE', '/api/runs/:id'],
  ['GET', '/assets/:id'],
];
/** Each path with the methods it answers; any other method is refused. */
const PATHS: [string, string[]][] = [
  ['/api/scenarios', ['GET']],
  ['/api/scenarios/rongcheng', ['GET']],
  ['/api/schema', ['GET']],
  ['/api/runs', ['GET', 'POST']],
  ['/api/compare', ['POST']],
  ['/api/comparisons/x/effects', ['GET']],
  ['/api/jobs/000000000000/events', ['GET']],
  ['/api/runs/x/metrics', ['GET']],
  ['/api/runs/x/citizens/7', ['GET']],
  ['/api/runs/x/citizens/7/card', ['GET']],
  ['/api/runs/x/story', ['GET']],
  ['/api/runs/x/without', ['POST']],
  ['/api/runs/x/appeals', ['GET', 'POST']],
  ['/api/runs/x/parquet/metrics.parquet', ['GET']],
  ['/api/runs/x', ['DELETE']],
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'MKCOL', 'LINK'];

const badJson = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"scenario":', '[1,2', '{"scenario":"none",}', 'nul', '\u0000', '{"a":1}}', '{"scenario":"none"', "{'scenario':'none'}", '\uFEFF{}', '{"scenario":"\\ud800"}'),
  fc.string({ maxLength: 100 }).map((s) => `{${s}`),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);
const shipped = fc.constantFrom('none', 'rongcheng', 'seed-2020', 'reference/epstein');
const notShipped = fc.constantFrom('nosuch', '../none', 'none/', './none', 'src', 'node_modules', 'package', 'scenarios', '/etc/passwd', 'reference', 'reference/', 'schema', 'NONE', 'none.yaml');
/** overrides that can never all be valid: one always names no field or climbs a prototype; others may pass a limit (the body's own citizens and days win over them) */
const badOverrides = fc
  .tuple(
    fc.oneof(
      fc.constant({ zz_nosuch: 1 }),
      fc.constant({ '__proto__.polluted': 1 }),
      fc.constant({ 'constructor.prototype.polluted': 1 }),
      fc.constant({ 'a.b.__proto__': 1 }),
      fc.constant({ 'a..b': 1 }),
      fc.string({ maxLength: 20 }).map((k) => ({ [`zz${k}`]: 1 })),
    ),
    fc.constantFrom({}, { days: 1000 }, { 'population.citizens': 10_000_000 }, { population: { citizens: 10_000_000 } }, { width: 4096, height: 4096, steps: 65535 }),
    fc.dictionary(fc.string({ maxLength: 20 }), wrongType, { maxKeys: 3 }),
  )
  .map(([bad, limit, more]) => ({ ...more, ...limit, ...bad }));

const runBody = fc.record(
  {
    scenario: fc.oneof(
      shipped,
      notShipped,
      fc.string({ maxLength: 300 }).map((s) => `zz_nosuch: 1\n${s}`),
      wrongType,
    ),
    citizens: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 200_001 }), fc.integer({ max: 0 }), fc.double(), wrongType),
    days: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 731 }), fc.integer({ max: 0 }), wrongType),
    seed: fc.oneof(fc.integer({ min: -1e6, max: 2 ** 33 }), wrongType),
    overrides: badOverrides,
  },
  { requiredKeys: ['scenario', 'overrides'] },
);
const compareBody = fc.record(
  {
    a: fc.oneof(shipped, notShipped, wrongType),
    b: fc.oneof(shipped, notShipped, wrongType),
    overridesB: badOverrides,
    replications: fc.oneof(fc.integer({ min: -2, max: 20 }), wrongType),
    citizens: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 50_001 }), wrongType),
    days: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 731 }), wrongType),
  },
  { requiredKeys: ['overridesB'] },
);
/** an appeal that no run can take: its citizen is never one of the run's 200 */
const appealBody = fc.record({
  citizen: fc.oneof(fc.integer({ min: 200 }), fc.integer({ max: -1 }), fc.double({ noInteger: true }), wrongType),
  day: fc.oneof(fc.integer({ min: -5, max: 5 }), wrongType),
});

/** A JSON text with a prototype key placed somewhere in a body. */
const protoBody = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('top', 'overrides', 'nested', 'deep'), fc.constantFrom('/api/runs', '/api/compare', '/api/runs/RUN/appeals'))
  .map(([key, where, route]) => {
    const evil = `{"${key}":{"polluted":1,"prototype":{"polluted":1}}}`;
    const base = route === '/api/compare' ? '"a":"none","b":"none","citizens":20,"days":2' : route === '/api/runs' ? '"scenario":"none","citizens":20,"days":2' : '"citizen":1,"day":1';
    const field = route === '/api/compare' ? 'overridesB' : 'overrides';
    const body =
      where === 'top'
        ? `{"${key}":{"polluted":1},${base}}`
        : where === 'overrides'
          ? `{${base},"${field}":${evil}}`
          : where === 'nested'
            ? `{${base},"${field}":{"description":${evil}}}`
            : `{${base},"${field}":{"scorers":[{"rules":[${evil}]}]}}`;
    return { route, body };
  });

test('the API fuzzed over every route answers 4xx, in time, touches nothing outside its runs directory, and lives on bounded', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'credence-fuzz-'));
  const runsDir = join(parent, 'runs');
  const cwd = join(parent, 'cwd');
  const tmp = join(parent, 'tmp');
  for (const d of [runsDir, cwd, tmp]) mkdirSync(d);
  const run = await runScenario(small('none', 200, 4, { 'output.sampleRate': 0 }), { runsDir });
  const savedCwd = process.cwd();
  const savedTmp = process.env.TMPDIR;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  // the server's working directory and temporary directory are watched: nothing may appear in them
  process.chdir(cwd);
  process.env.TMPDIR = tmp;
  const touched: string[] = [];
  const watchers = [parent, cwd, tmp].map((d) => watch(d, (event, file) => touched.push(`${event} ${join(d, String(file))}`)));
  const server = await serve({ port: 0, runsDir });
  const port = (server.address() as AddressInfo).port;
  const started = performance.now();
  const unexpected: string[] = [];
  const expect4xx = (what: string, a: Answer) => {
    if (a.status < 400 || a.status >= 500) unexpected.push(`${what}: ${a.status} ${a.text.slice(0, 300)}`);
    if (a.text.includes(parent) || a.text.includes(savedCwd)) unexpected.push(`${what}: a server path in the answer: ${a.text.slice(0, 300)}`);
  };
  const json = (v: unknown) => JSON.stringify(v);
  try {
    // hostile ids on every id route
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ID_ROUTES), hostileId, async ([method, route], id) => {
        const path = route.replace(':id', id);
        const a = await send(port, method, path, method === 'POST' ? json({ citizen: 1, day: 1 }) : undefined);
        // the dashboard's files: /assets/.. is the URL of the dashboard itself
        if (route.startsWith('/assets/') && a.status === 200) assert.match(a.text, /^<!doctype html>/, path);
        else expect4xx(`${method} ${path}`, a);
      }),
      { ...reproducible, numRuns: 600 },
    );
    // a real run's routes with hostile parameters: metric names, citizen numbers, search queries
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }).map((n) => `/api/runs/${run.id}/metrics?names=${encoded(`${n}'`)}`),
          fc.array(fc.stringMatching(/^[a-z.]{1,10}$/), { minLength: 51, maxLength: 60 }).map((n) => `/api/runs/${run.id}/metrics?names=${n.join(',')}`),
          fc.integer({ min: 200, max: 999_999_999 }).map((n) => `/api/runs/${run.id}/citizens/${n}`),
          fc.integer({ min: 200, max: 999_999_999 }).map((n) => `/api/runs/${run.id}/citizens/${n}/card`),
          fc.dictionary(fc.constantFrom('name', 'district', 'filter', 'limit', 'offset', '__proto__', 'constructor'), fc.string({ maxLength: 70 }), { maxKeys: 4 }).map(
            (q) =>
              `/api/runs/${run.id}/citizens?zz=1&${Object.entries(q)
                .map(([k, v]) => `${k}=${encoded(v)}`)
                .join('&')}`,
          ),
          fc.stringMatching(/^[a-z_]{1,20}$/).map((t) => `/api/runs/${run.id}/parquet/zz${t}.parquet`),
        ),
        async (path) => {
          expect4xx(`GET ${path}`, await send(port, 'GET', path));
        },
      ),
      { ...reproducible, numRuns: 100 },
    );
    // bad JSON and wrong types, on every route that takes a body
    const bodyRoutes = ['/api/runs', '/api/compare', `/api/runs/${run.id}/appeals`];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), fc.oneof(badJson, wrongType.map(json)), async (route, body) => {
        expect4xx(`POST ${route} ${body.slice(0, 80)}`, await send(port, 'POST', route, body));
      }),
      { ...reproducible, numRuns: 300 },
    );
    // bodies of the right shape with wrong values
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          runBody.map((b) => ['/api/runs', b] as const),
          compareBody.map((b) => ['/api/compare', b] as const),
          appealBody.map((b) => [`/api/runs/${run.id}/appeals`, b] as const),
        ),
        async ([route, body]) => {
          expect4xx(`POST ${route} ${json(body).slice(0, 200)}`, await send(port, 'POST', route, json(body)));
        },
      ),
      { ...reproducible, numRuns: 300 },
    );
    // prototype keys anywhere in a body
    await fc.assert(
      fc.asyncProperty(protoBody, async ({ route, body }) => {
        const path = route.replace('RUN', run.id);
        expect4xx(`POST ${path} ${body}`, await send(port, 'POST', path, body));
        assert.equal(({} as Record<string, unknown>).polluted, undefined, `${body} pollutes Object.prototype`);
      }),
      { ...reproducible, numRuns: 60 },
    );
    // oversized bodies (declared, and chunked with no length) and deep nesting
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 256 * 1024 + 1, max: 600 * 1024 }),
        fc.boolean(),
        fc.constantFrom('/api/runs', '/api/compare', `/api/runs/${run.id}/appeals`),
        async (size, chunked, route) => {
          const body = `{"scenario":"${'y'.repeat(size)}"}`;
          const a = await send(port, 'POST', route, body, { chunked });
          if (a.status !== 413) unexpected.push(`${size} bytes${chunked ? ' chunked' : ''} to ${route}: ${a.status}`);
        },
      ),
      { ...reproducible, numRuns: 12 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 33, max: 60_000 }), fc.constantFrom('[', '{"a":'), async (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const body = `{"scenario":"none","overrides":{"description":${open.repeat(depth)}1${close.repeat(depth)}}}`;
        expect4xx(`nesting ${depth}`, await send(port, 'POST', '/api/runs', body));
      }),
      { ...reproducible, numRuns: 15 },
    );
    // wrong methods on every path
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom(...METHODS), async ([path, allowed], method) => {
        if (allowed.includes(method)) return;
        const a = await send(port, method, path);
        if (a.status !== 405) unexpected.push(`${method} ${path}: ${a.status}`);
      }),
      { ...reproducible, numRuns: 150 },
    );
    // clients that leave mid-body: the server neither hangs nor keeps them
    for (let i = 0; i < 10; i++) {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/runs', headers: { 'content-length': '5000' } });
      req.on('error', () => {});
      req.write('{"scenario":"no');
      await new Promise((r) => setTimeout(r, 5));
      req.destroy();
    }
    assert.deepEqual(unexpected, [], `${unexpected.length} answers not 4xx:\n${unexpected.slice(0, 20).join('\n')}`);

    // alive: the listing and a valid run, with clients that drop its stream mid-run
    assert.equal((await send(port, 'GET', '/api/scenarios')).status, 200);
    assert.equal((await send(port, 'GET', '/api/runs')).status, 200);
    const start = await send(port, 'POST', '/api/runs', json({ scenario: 'none', citizens: 2000, days: 25 }));
    assert.equal(start.status, 202, start.text);
    const { events } = JSON.parse(start.text) as { events: string };
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((done) => {
        const req = request({ host: '127.0.0.1', port, path: events }, (res) => {
          res.once('data', () => {
            req.destroy();
            done();
          });
        });
        req.on('error', () => done());
        req.end();
      });
    }
    await new Promise((r) => setTimeout(r, 50));
    const jobs = jobsOf(server);
    const parquet = await send(port, 'GET', `/api/runs/${run.id}/parquet/metrics.parquet`);
    assert.equal(parquet.status, 200, 'a Parquet download, with its export written inside the runs directory');
    const end = await send(port, 'GET', events, undefined, { ms: 30_000 });
    const last = JSON.parse(end.text.trim().split('\n\n').at(-1)!.slice(6)) as { type: string; run?: string };
    assert.equal(last.type, 'done', end.text.slice(-300));
    assert.equal(jobs.stats().listeners, 0, 'clients that left are not written to');

    // bounded: the job table, and the heap where a collection can be forced
    const stats = jobs.stats();
    assert.ok(stats.jobs <= 20 && stats.events <= 5000, JSON.stringify(stats));
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      assert.ok(process.memoryUsage().heapUsed < 1024 ** 3, `heap ${process.memoryUsage().heapUsed}`);
    }

    // nothing written outside the runs directory, nothing left inside it but complete runs
    assert.deepEqual(touched, [], 'nothing written next to the runs directory, in the working directory or the temporary directory');
    assert.deepEqual(readdirSync(parent).sort(), ['cwd', 'runs', 'tmp']);
    assert.deepEqual(readdirSync(cwd), [], 'nothing in the working directory');
    assert.deepEqual(readdirSync(tmp), [], 'nothing in the temporary directory');
    assert.deepEqual(readdirSync(runsDir).sort(), [run.id, last.run].sort(), 'only complete runs in the runs directory');
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore, 'Object.prototype unchanged');
    assert.ok(performance.now() - started < 60_000, `the fuzzing took ${Math.round(performance.now() - started)} ms`);
  } finally {
    for (const w of watchers) w.close();
    server.close();
    server.closeAllConnections();
    process.chdir(savedCwd);
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(parent, { recursive: true, force: true });
  }
});
