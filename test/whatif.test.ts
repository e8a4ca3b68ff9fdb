import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { runScenario, type CompletedRun } from '../src/experiment/run.ts';
import { whatIf } from '../src/experiment/whatif.ts';
import { runCli } from '../src/cli/cli.ts';
import { serve } from '../src/server/index.ts';
import { small, tempDir, captureIo } from './helpers.ts';

/** A run and its citizen with the most wrongful penalties. */
async function setUp(runsDir: string): Promise<{ run: CompletedRun; citizen: number }> {
  const run = await runScenario(small('rongcheng', 1500, 90, { 'output.sampleRate': 0 }), { runsDir });
  const wrongful = run.result.world.pop.citizens.wrongfulPenalties;
  let citizen = 0;
  for (let i = 0; i < wrongful.length; i++) if (wrongful[i] > wrongful[citizen]) citizen = i;
  assert.ok(wrongful[citizen] > 0, 'someone was wrongly penalised');
  return { run, citizen };
}

const last = (xs: unknown[]) => xs[xs.length - 1];

test('whatif: with nothing removed the replay reproduces the actual life exactly; without the wrongful attributions the life is better', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { run, citizen } = await setUp(dir);
    const same = await whatIf(run.dir, citizen, { without: 'none' });
    assert.equal(same.verified, true, 'the actual replay ends where the stored run did');
    assert.deepEqual(same.counterfactual, same.actual, 'the same life to the last digit');
    assert.equal(same.divergedOn, null);
    assert.deepEqual(same.removed, []);
    assert.equal(same.actual.denials.length, 90);
    // the actual life is the run's: its last day is the stored citizen's
    const c = run.result.world.pop.citizens;
    assert.equal(last(same.actual.denials), c.denials[citizen]);
    assert.equal(last(same.actual.scorers[0].score), +run.result.world.standing.scores[0][citizen].toFixed(3));

    const better = await whatIf(run.dir, citizen, { without: 'wrongful' });
    assert.ok(better.removed.length > 0 && better.removed.every((a) => a.wrongful), 'wrongful attributions taken away');
    assert.ok(better.divergedOn !== null && better.divergedOn >= better.removed[0].day);
    const score = (l: typeof better.actual) => last(l.scorers[0].score) as number;
    assert.ok(score(better.counterfactual) > score(better.actual), `a higher score without them (${score(better.actual)} -> ${score(better.counterfactual)})`);
    assert.ok((last(better.counterfactual.denials) as number) <= (last(better.actual.denials) as number), 'no more denials');
    assert.deepEqual(better.actual, same.actual, 'the actual life is the same in every what-if');
    assert.ok(better.summary.some((s) => s.measure.startsWith('score with') && s.actual !== s.counterfactual));

    // one event by id: taken away on its day, and the life parts there
    const penalty = better.attributions.find((a) => a.wrongful && a.points < 0)!;
    assert.ok(penalty, 'a wrongful penalty to take away');
    const one = await whatIf(run.dir, citizen, { without: [penalty.id] });
    assert.deepEqual(
      one.removed.map((a) => a.id),
      [penalty.id],
    );
    assert.equal(one.divergedOn, penalty.day);
    await assert.rejects(whatIf(run.dir, citizen, { without: ['3:999999'] }), /not an event citizen/);
    await assert.rejects(whatIf(run.dir, 1500, { without: 'wrongful' }), /ids go from 0 to 1499/);
  } finally {
    cleanup();
  }
});

test('credence whatif prints the two lives in words, and the API answers the card', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { run, citizen } = await setUp(dir);
    const io = captureIo();
    assert.equal(await runCli(['whatif', run.id, String(citizen), '--without', 'wrongful', '--runs', dir], io), 0, io.stderr.join('\n'));
    const text = io.stdout.join('\n');
    assert.match(text, /what if the system had never wrongly blamed them/);
    assert.match(text, /Taken away \(\d+\):/);
    assert.match(text, /WRONGFUL: /);
    assert.match(text, /Day by day/);
    const json = captureIo();
    assert.equal(await runCli(['whatif', run.id, String(citizen), '--without', 'none', '--json', '--runs', dir], json), 0);
    assert.equal(JSON.parse(json.stdout.join('\n')).divergedOn, null);
    for (const args of [['--without', 'nonsense'], ['--without', '1:2,3'], []]) assert.equal(await runCli(['whatif', run.id, String(citizen), ...args, '--runs', dir], captureIo()), 2, args.join(' '));

    const server = await serve({ port: 0, runsDir: dir });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    try {
      const res = await post(`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: 'wrongful' });
      assert.equal(res.status, 200);
      const w = await res.json();
      assert.equal(w.citizen, citizen);
      assert.equal(typeof w.name, 'string');
      assert.ok(w.removed.length > 0 && Array.isArray(w.summary) && w.actual.stress.length === 90);
      const refused: [string, unknown, number][] = [
        [`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: 'everything' }, 400],
        [`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: ['1;2'] }, 400],
        [`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: [] }, 400],
        [`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: 'wrongful', extra: 1 }, 400],
        [`/api/runs/${run.id}/citizens/${citizen}/whatif`, { without: ['3:999999'] }, 400],
        [`/api/runs/${run.id}/citizens/1500/whatif`, {}, 404],
        [`/api/runs/no-such-run/citizens/1/whatif`, {}, 404],
        [`/api/runs/..%2F..%2Fetc/citizens/1/whatif`, {}, 400],
      ];
      for (const [path, body, status] of refused) assert.equal((await post(path, body)).status, status, `${path} ${JSON.stringify(body)}`);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  } finally {
    cleanup();
  }
});
