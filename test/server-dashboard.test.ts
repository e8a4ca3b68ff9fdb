import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '../src/server/index.ts';
import { citizenName } from '../src/server/names.ts';
import { tempDir, events } from './helpers.ts';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the dashboard API: scenario values for the form, field issues, live city snapshots, citizen search, appeals re-run', async () => {
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const seed = (await (await fetch(`${base}/api/scenarios/seed-2020`)).json()) as { values: { appeals: { delayDays: number }; scorers: { id: string }[] } };
    assert.equal(seed.values.appeals.delayDays, 30, 'defaults filled in');
    assert.equal(seed.values.scorers[0].id, 'social_credit');
    assert.equal((await fetch(`${base}/api/scenarios/nope`)).status, 404);

    const bad = await post(`${base}/api/runs`, { scenario: 'seed-2020', citizens: 500, days: 5, overrides: { 'appeals.successIfWrongful': 3 } });
    assert.equal(bad.status, 400);
    const issues = (await bad.json()) as { fields: { path: string; message: string }[] };
    assert.deepEqual(
      issues.fields.map((f) => f.path),
      ['appeals.successIfWrongful'],
      'a server-side issue names its field',
    );

    const started = await post(`${base}/api/runs`, { scenario: 'seed-2020', citizens: 2000, days: 30, overrides: { 'appeals.delayDays': 5 } });
    assert.equal(started.status, 202);
    const seen = await events(`${base}${((await started.json()) as { events: string }).events}`);
    assert.equal(seen.at(-1)!.type, 'done', JSON.stringify(seen.at(-1)));
    const run = String(seen.at(-1)!.run);
    type City = { districts: { residents: number; onScreen: number }[]; scorer: { bins: number[]; tiers: { citizens: number }[] }; screen: { faces: unknown[] } };
    const cities = seen.filter((e) => e.type === 'day' && e.city).map((e) => e.city as City);
    assert.equal(cities.length, 30, 'the city every day of a short run');
    for (const c of cities) {
      assert.equal(c.districts.length, 64);
      assert.equal(
        c.scorer.bins.reduce((a, b) => a + b, 0),
        2000,
        'every scored citizen in the histogram',
      );
      assert.equal(
        c.scorer.tiers.reduce((a, t) => a + t.citizens, 0),
        2000,
      );
    }
    assert.ok(
      cities.at(-1)!.districts.some((d) => d.onScreen > 0),
      'faces on the screens by the end',
    );

    const view = (await (await fetch(`${base}/api/runs/${run}/view`)).json()) as { days: { day: number; metrics: { penalties: number } }[]; tiers: { tier: string; share: number }[]; snapshot: City };
    assert.equal(view.days.length, 30);
    assert.deepEqual(view.snapshot.scorer.bins, cities.at(-1)!.scorer.bins, 'a stored run draws as the live view ended');
    assert.ok(view.tiers.some((t) => t.share > 0));

    type Search = { total: number; citizens: { id: number; name: string; score: number; wrongfulPenalties: number; district: number }[] };
    const lowest = (await (await fetch(`${base}/api/runs/${run}/citizens?filter=lowest&limit=10`)).json()) as Search;
    assert.equal(lowest.citizens.length, 10);
    assert.deepEqual(
      lowest.citizens.map((c) => c.score),
      [...lowest.citizens.map((c) => c.score)].sort((a, b) => a - b),
    );
    assert.ok(lowest.citizens[0].score < 1000, 'the lowest score is below the base');
    const wrongful = (await (await fetch(`${base}/api/runs/${run}/citizens?filter=wrongful`)).json()) as Search;
    assert.ok(wrongful.total > 0 && wrongful.citizens.every((c) => c.wrongfulPenalties > 0));
    const name = citizenName(1234);
    const byName = (await (await fetch(`${base}/api/runs/${run}/citizens?name=${encodeURIComponent(name.toUpperCase())}`)).json()) as Search;
    assert.ok(byName.citizens.some((c) => c.id === 1234) && byName.citizens.every((c) => c.name === name));
    const inDistrict = (await (await fetch(`${base}/api/runs/${run}/citizens?district=3&limit=200`)).json()) as Search;
    assert.ok(inDistrict.total > 0 && inDistrict.citizens.every((c) => c.district === 3));
    assert.equal((await fetch(`${base}/api/runs/${run}/citizens?filter=richest`)).status, 400);
    assert.equal((await fetch(`${base}/api/runs/..%2F..%2Fetc/citizens`)).status, 400);

    // an appeal: the first penalty of a penalised citizen, early enough to be decided in the run
    let target: { citizen: number; day: number } | undefined;
    for (const c of lowest.citizens) {
      const card = (await (await fetch(`${base}/api/runs/${run}/citizens/${c.id}`)).json()) as { scorers: { history: { day: number; delta: number; rule: string }[] }[] };
      const line = card.scorers[0].history.find((l) => l.delta < 0 && l.day + 6 < 30 && !l.rule.startsWith('appeal'));
      if (line) {
        target = { citizen: c.id, day: line.day };
        break;
      }
    }
    assert.ok(target, 'a penalty to appeal');
    assert.equal((await post(`${base}/api/runs/${run}/appeals`, { citizen: target.citizen, day: 28 })).status, 400, 'an appeal decided after the run ends is refused');
    assert.equal((await post(`${base}/api/runs/${run}/appeals`, { citizen: 99999, day: 1 })).status, 400);
    const filed = await post(`${base}/api/runs/${run}/appeals`, target);
    assert.equal(filed.status, 202);
    const appealEvents = await events(`${base}${((await filed.json()) as { events: string }).events}`);
    const done = appealEvents.at(-1)!;
    assert.equal(done.type, 'done', JSON.stringify(done));
    const appealed = String(done.run);
    assert.notEqual(appealed, run);
    const outcome = (await (await fetch(`${base}/api/runs/${appealed}/appeals`)).json()) as {
      from: string;
      outcomes: { citizen: number; day: number; upheld: boolean | null; restored: number; delta: number }[];
    };
    assert.equal(outcome.from, run);
    assert.ok(outcome.outcomes.length >= 1);
    for (const o of outcome.outcomes) {
      assert.equal(o.citizen, target.citizen);
      assert.equal(o.day, target.day);
      assert.notEqual(o.upheld, null, 'decided within the run');
    }
    const card = (await (await fetch(`${base}/api/runs/${appealed}/citizens/${target.citizen}`)).json()) as { scorers: { history: { rule: string }[] }[] };
    const upheld = outcome.outcomes.filter((o) => o.upheld).length;
    assert.ok(card.scorers[0].history.filter((l) => l.rule.startsWith('appeal upheld')).length >= upheld, "an upheld appeal shows in the new run's card");
  } finally {
    server.close();
    cleanup();
  }
});
