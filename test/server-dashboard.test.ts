import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '../src/server/index.ts';
import { citizenName } from '../src/server/names.ts';
import { tempDir, events } from './helpers.ts';
import type { CitizenCard, StoryView } from '../src/server/view-types.ts';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the dashboard API: scenario values for the form, field issues, live city snapshots, citizen search, appeals re-run, the card, the story and the city without the system', async () => {
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
    type City = { districts: { residents: number; onScreen: number }[]; scorer: { bins: number[]; atBase: number; scored: number; tiers: { citizens: number }[] }; screen: { faces: unknown[] } };
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
      assert.ok(c.scorer.bins.length <= 41 && c.scorer.atBase <= c.scorer.scored, 'bins fitted to the scores held');
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

    // the card view: the scenario's words, the days that can still be appealed, the days on a screen
    const view2 = (await (await fetch(`${base}/api/runs/${appealed}/citizens/${target.citizen}/card`)).json()) as CitizenCard;
    assert.equal(view2.name, citizenName(target.citizen));
    assert.equal(view2.scorers[0].label, 'social credit score (citizens)', 'a scorer by its label');
    assert.deepEqual(
      view2.scorers[0].tiers.map((t) => t.name),
      ['AAA', 'AA', 'A', 'B', 'C', 'D'],
    );
    assert.equal(view2.gates.find((g) => g.id === 'flight_ban')?.label, 'flights', 'a gate by its label');
    assert.deepEqual(view2.gates.find((g) => g.id === 'flight_ban')?.reasons[0], { kind: 'list', list: 'dishonest judgment debtors', on: view2.lists[0].listed, company: false });
    assert.equal(view2.appeals.from, run);
    assert.ok(!view2.appealable.includes(target.day), 'a day appealed is not offered again');
    assert.ok(
      view2.appealable.every((d) => d + 1 + 5 < 30),
      'only days decided within the run',
    );
    assert.equal((await fetch(`${base}/api/runs/${appealed}/citizens/99999/card`)).status, 404);
    const screen = (await (await fetch(`${base}/api/runs/${run}/screen`)).json()) as { faces: { citizen: number; daysLeft: number }[] };
    const shown = screen.faces[0];
    const shamed = (await (await fetch(`${base}/api/runs/${run}/citizens/${shown.citizen}/card`)).json()) as CitizenCard;
    assert.equal(shamed.screens.spells.at(-1)?.until, 29, 'a face up on the last day is on the screen to the end of the run');

    // the story: the run's own numbers, a citizen to follow, and the same city without the system
    const story = (await (await fetch(`${base}/api/runs/${run}/story`)).json()) as StoryView;
    assert.equal(story.citizens, 2000);
    assert.equal(
      story.totals.penalties,
      view.days.reduce((a, d) => a + d.metrics.penalties, 0),
      'the totals are the run’s',
    );
    assert.deepEqual(
      story.audit.map((r) => r.group),
      ['majority', 'minority'],
    );
    assert.ok(story.protagonist && story.protagonist.why === 'wronged');
    assert.equal(story.without, null, 'not run yet');
    const without = await post(`${base}/api/runs/${run}/without`, {});
    assert.equal(without.status, 202);
    const plain = await events(`${base}${((await without.json()) as { events: string }).events}`);
    assert.equal(plain.at(-1)!.type, 'done', JSON.stringify(plain.at(-1)));
    const told = (await (await fetch(`${base}/api/runs/${run}/story`)).json()) as StoryView;
    assert.equal(told.without?.run, plain.at(-1)!.run);
    assert.equal(told.without?.totals.penalties, 0, 'no system, no penalties');
    assert.ok(told.without!.totals.violations > 0, 'the same city lives on');

    // search pages
    const page2 = (await (await fetch(`${base}/api/runs/${run}/citizens?filter=lowest&limit=10&offset=10`)).json()) as Search & { offset: number };
    assert.equal(page2.offset, 10);
    assert.ok(page2.citizens[0].score >= lowest.citizens.at(-1)!.score, 'the second page goes on from the first');
  } finally {
    server.close();
    cleanup();
  }
});
