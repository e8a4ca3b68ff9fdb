import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../web/src/summary.ts';
import { groupTimeline } from '../web/src/timeline.ts';
import { gaugePosition } from '../web/src/gauge.ts';
import { count, percent, points } from '../web/src/words.ts';
import { fittedHistogram, niceStep } from '../src/server/histogram.ts';
import type { CardLine, CitizenCard } from '../src/server/view-types.ts';

const TIERS = [
  { name: 'A', min: 960 },
  { name: 'B', min: 850 },
  { name: 'C', min: 0 },
];

const line = (day: number, event: string, delta: number, score: number, extra: Partial<CardLine> = {}): CardLine => ({
  day,
  event,
  source: 'platform',
  rule: event,
  drift: 0,
  delta,
  score,
  wrongful: false,
  actor: 7,
  ...extra,
});

/** A card as the server gives it, for a citizen who lost points to dissent, some of it wrongly, and a day on a screen. */
function card(lines: CardLine[]): CitizenCard {
  return {
    run: 'r',
    id: 7,
    name: 'Wang Li',
    days: 100,
    scenario: 's',
    about: {
      age: 40,
      sex: 'female',
      group: 'majority',
      occupation: 'ordinary',
      employed: true,
      income: 1,
      savings: 1,
      arrears: 0,
      district: 3,
      stress: 0,
      inRunSince: 0,
      loanInterest: 0,
      insurancePremium: 0,
      childrenInWorseSchool: 0,
      schooledWorse: false,
    },
    scorers: [
      { id: 'points', label: 'city points', transparency: 'secret', aggregation: 'points', scored: true, start: 1000, score: lines.at(-1)!.score, tier: 'B', min: 0, max: 1500, tiers: TIERS, lines },
    ],
    lists: [],
    gates: [
      { id: 'hotel', label: 'hotels without a deposit', effect: 'priority', status: 'served', reasons: [], attempts: 1, denied: 0, conditional: false },
      { id: 'net', label: 'fast internet', effect: 'deny', status: 'denied', reasons: [], attempts: 2, denied: 1, conditional: false },
    ],
    screens: { enabled: true, fee: 200, spells: [{ day: 5, until: 11, district: 2, offence: 'jaywalking', wrongful: false, feePaidOn: null }] },
    appealable: [],
    appeals: { from: null, outcomes: [] },
    verified: true,
    whatif: null,
  };
}

test('the card summary tells the explanation in words: the standing, what cost points and why, the wrongs, the screens, what the standing refuses', () => {
  const lines = [
    line(3, 'dissent_post', -20, 980, { source: 'censor' }),
    line(9, 'dissent_post', -20, 960, { source: 'censor', wrongful: true, why: 'a harmless post the censors flagged as dissent' }),
    line(12, 'dissent_post', -20, 940, { source: 'censor', wrongful: true }),
    line(20, 'purchase_books', 1, 941),
  ];
  const said = summarize(card(lines));
  assert.equal(said[0], 'Started at 1,000 with the city points and ends the 100 days at 941, tier B: 59 points down.');
  assert.equal(said[1], 'Lost 20 points for one dissenting post.');
  assert.equal(said[2], 'Lost 40 more points for two harmless posts the censors took for dissent; she never meant them so.');
  assert.equal(said[3], 'Won 1 point for one book bought.');
  assert.match(said.join(' '), /Her face was put up on a public screen once, 7 days in all\./);
  assert.match(said.join(' '), /Now she is refused fast internet and does not get hotels without a deposit\./);
  assert.match(said.at(-1)!, /^The rules are secret: she sees her score/);
});

test('the timeline keeps wrongful penalties, turning points and the first large change open, and folds repeated ones by rule', () => {
  const lines = [
    line(1, 'purchase_books', 1, 1001),
    line(2, 'purchase_books', 1, 1002),
    line(3, 'dissent_post', -20, 982),
    line(4, 'dissent_post', -20, 962),
    line(5, 'dissent_post', -20, 942),
    line(6, 'purchase_books', 1, 943),
    line(7, 'dissent_post', -20, 923, { wrongful: true }),
    line(99, 'end of run', 0, 924, { drift: 1 }),
  ];
  const items = groupTimeline(lines, TIERS, 1500);
  assert.deepEqual(
    items.map((i) => (i.kind === 'line' ? `${i.why} ${i.line.day}` : i.kind === 'fold' ? `fold ${i.lines.map((l) => l.day).join(',')}` : 'drift')),
    ['fold 1,2', 'large 3', 'fold 4', 'turning 5', 'fold 6', 'wrongful 7', 'drift'],
  );
  const books = items[0];
  assert.ok(books.kind === 'fold' && books.total === 2 && books.from === 1 && books.to === 2);
});

test('the gauge gives each tier an equal band, lowest on the left; fitted bins are round and hold every score', () => {
  const s = { tiers: TIERS, min: 0, max: 1500 };
  assert.equal(gaugePosition(0, s), 0);
  assert.equal(gaugePosition(850, s), 1 / 3);
  assert.ok(Math.abs(gaugePosition(905, s) - 0.5) < 1e-9);
  assert.equal(gaugePosition(1500, s), 1);
  assert.equal(niceStep(110), 5);
  const h = fittedHistogram(
    [
      [1000, 900],
      [995, 50],
      [912.5, 10],
    ],
    1000,
  );
  assert.equal(h.step, 5);
  assert.equal(h.lo, 910);
  assert.equal(
    h.bins.reduce((a, b) => a + b, 0),
    960,
  );
  assert.equal(h.atBase, 900);
  assert.equal(h.bins.at(-1), 900, 'the starting score in the last bin');
  assert.deepEqual(fittedHistogram([], 1000), { lo: 0, step: 1, bins: [], atBase: 0, scored: 0 });
});

test('numbers and plurals as a reader reads them', () => {
  assert.equal(count(1, 'day'), '1 day');
  assert.equal(count(3161, 'citizen'), '3,161 citizens');
  assert.equal(count(2, 'penalty', 'penalties'), '2 penalties');
  assert.equal(points(912.4), '912');
  assert.equal(points(1.25), '1.3');
  assert.equal(percent(0.042), '4.2\u00a0%');
  assert.equal(percent(0.82), '82\u00a0%');
});
