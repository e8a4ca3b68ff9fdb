import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '../src/server/index.ts';
import { tempDir, events } from './helpers.ts';

test('the API runs a scenario with streamed progress, and answers metrics, explanations and reports', async () => {
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const scenarios = (await (await fetch(`${base}/api/scenarios`)).json()) as { name: string }[];
    assert.ok(scenarios.some((s) => s.name === 'rongcheng'));
    const schema = (await (await fetch(`${base}/api/schema`)).json()) as { properties: Record<string, unknown> };
    assert.ok('population' in schema.properties);

    const started = await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'rongcheng', citizens: 800, days: 15 }) });
    assert.equal(started.status, 202);
    const { events: stream } = (await started.json()) as { events: string };
    const seen = await events(`${base}${stream}`);
    const done = seen.at(-1)!;
    assert.equal(done.type, 'done', JSON.stringify(done));
    assert.ok(
      seen.some((e) => e.type === 'progress' && e.day === 15),
      'progress reaches the last day',
    );
    const days = seen.filter((e) => e.type === 'day') as unknown as { day: number; metrics: { violations: number; penalties: number } }[];
    assert.deepEqual(
      days.map((d) => d.day),
      Array.from({ length: 15 }, (_, i) => i),
      'one live update a day, for the live charts',
    );
    const run = String(done.run);

    const metrics = (await (await fetch(`${base}/api/runs/${run}/metrics?names=acts.jaywalking,penalties`)).json()) as Record<string, [number, number][]>;
    assert.equal(metrics['acts.jaywalking'].length, 15);
    assert.deepEqual(
      days.map((d) => d.metrics.penalties),
      metrics.penalties.map(([, v]) => v),
      'the live numbers are the stored ones',
    );
    const card = (await (await fetch(`${base}/api/runs/${run}/citizens/7`)).json()) as { id: number; verified: boolean; scorers: unknown[] };
    assert.equal(card.id, 7);
    assert.equal(card.verified, true);
    const districts = (await (await fetch(`${base}/api/runs/${run}/districts`)).json()) as { id: number; residents: number; camerasPerThousand: number; score_rongcheng: number }[];
    assert.equal(districts.length, 64);
    assert.equal(
      districts.reduce((a, d) => a + d.residents, 0),
      800,
    );
    assert.ok(districts.every((d) => d.residents === 0 || (d.score_rongcheng > 900 && d.score_rongcheng <= 1100)));
    const parquet = await fetch(`${base}/api/runs/${run}/parquet/metrics.parquet`);
    assert.equal(parquet.status, 200);
    assert.equal(
      Buffer.from(await parquet.arrayBuffer())
        .subarray(0, 4)
        .toString(),
      'PAR1',
      'a Parquet file',
    );
    assert.equal((await fetch(`${base}/api/runs/${run}/parquet/nothing.parquet`)).status, 404);
    const report = await fetch(`${base}/api/runs/${run}/report`);
    assert.match(await report.text(), /<svg/);
    const listed = (await (await fetch(`${base}/api/runs`)).json()) as { runs: { id: string }[] };
    assert.deepEqual(
      listed.runs.map((r) => r.id),
      [run],
    );

    // bad input: 4xx with a message, never a stack trace
    const bad = await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'days: nope' }) });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /uploaded\.yaml:1:7: days: expected number/);
    assert.equal((await fetch(`${base}/api/runs`, { method: 'POST', body: '{oops' })).status, 400);
    assert.equal((await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'rongcheng', citizens: 10_000_000 }) })).status, 400);
    assert.equal((await fetch(`${base}/api/runs`, { method: 'POST', body: 'x'.repeat(300_000) })).status, 413);
    assert.equal((await fetch(`${base}/api/runs/..%2F..%2Fetc/metrics?names=a`)).status, 400, 'run ids cannot climb out of the runs directory');
    assert.equal((await fetch(`${base}/api/runs/nope/metrics?names=a`)).status, 404);
    assert.equal((await fetch(`${base}/api/nothing`)).status, 404);
    assert.equal((await fetch(`${base}/api/compare`, { method: 'POST', body: JSON.stringify({ a: 'none', b: 'no-such' }) })).status, 400);
    assert.equal((await fetch(`${base}/api/compare`, { method: 'POST', body: JSON.stringify({ a: 'none', b: 'rongcheng', replications: 99 }) })).status, 400);
    assert.equal((await fetch(`${base}/api/comparisons/nope/effects`)).status, 404);

    assert.equal((await fetch(`${base}/api/runs/${run}`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${base}/api/runs/${run}/metrics?names=penalties`)).status, 404);
  } finally {
    server.close();
    cleanup();
  }
});

test('the API allows one run at a time, and a client that leaves mid-stream does not stop it', async () => {
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const first = (await (await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'rongcheng', citizens: 3000, days: 60 }) })).json()) as { events: string };
    const second = await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'none', citizens: 500, days: 5 }) });
    assert.equal(second.status, 429);
    const abort = new AbortController();
    const res = await fetch(`${base}${first.events}`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read(); // one event, then go away
    abort.abort();
    const seen = await events(`${base}${first.events}`); // a new client hears it all, to the end
    assert.equal(seen.at(-1)!.type, 'done');
  } finally {
    server.close();
    cleanup();
  }
});

test('serve reads its runs directory from CREDENCE_RUNS when none is given', async () => {
  const { dir, cleanup } = tempDir();
  const { runScenario } = await import('../src/experiment/run.ts');
  const { small } = await import('./helpers.ts');
  const run = await runScenario(small('rongcheng', 300, 3, { 'output.sampleRate': 0 }), { runsDir: dir });
  const saved = process.env.CREDENCE_RUNS;
  process.env.CREDENCE_RUNS = dir;
  const server = await serve({ port: 0 });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { runs } = (await (await fetch(`${base}/api/runs`)).json()) as { runs: { id: string }[] };
    assert.deepEqual(
      runs.map((r) => r.id),
      [run.id],
    );
  } finally {
    if (saved === undefined) delete process.env.CREDENCE_RUNS;
    else process.env.CREDENCE_RUNS = saved;
    server.close();
    cleanup();
  }
});

test('the API runs a reference model too (Epstein civil violence), and refuses city-only fields for it', async () => {
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const refused = await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'reference/epstein', citizens: 800 }) });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(await refused.json()), /reference model/);
    const started = await fetch(`${base}/api/runs`, { method: 'POST', body: JSON.stringify({ scenario: 'reference/epstein', days: 20 }) });
    assert.equal(started.status, 202);
    const { events: stream } = (await started.json()) as { events: string };
    const done = (await events(`${base}${stream}`)).at(-1)!;
    assert.equal(done.type, 'done', JSON.stringify(done));
    const listed = (await (await fetch(`${base}/api/runs`)).json()) as { runs: { id: string; days: number }[] };
    const run = listed.runs.find((r) => r.id === done.run);
    assert.equal(run?.days, 20, 'stored with its 20 steps');
  } finally {
    server.close();
    cleanup();
  }
});
