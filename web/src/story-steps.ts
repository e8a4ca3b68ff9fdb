import * as Plot from '@observablehq/plot';
import { api, text, runPath, button, table, postJson, follow } from './api.ts';
import { widthOf, drawBars } from './charts.ts';
import { drawWrongful, wrongfulCaption } from './distribution.ts';
import { drawMap } from './map.ts';
import { avatar } from './screen.ts';
import { scoreGauge, sparkline, tierBadge } from './gauge.ts';
import { summarize, mainScorer } from './summary.ts';
import { hashOf } from './router.ts';
import { capital, count, listWords, percent, points, pronouns } from './words.ts';
import type { AuditRow, CitizenCard, DistrictRow, RunTotals, StoryView } from '../../src/server/view-types.ts';

/** A step of the story: its title, what it shows (real results of the run), and where its full data is. */
export interface Step {
  title: (s: StoryView) => string;
  render: (s: StoryView, again: () => void) => Promise<Node[]> | Node[];
  data: (s: StoryView) => { href: string; label: string };
}

const para = (...xs: string[]) => xs.filter(Boolean).map((x) => text('p', x));
const n = (v: number) => Math.round(v).toLocaleString('en');

/** How long a run is, as a reader says it: "A year", "Two years", "90 days". */
export const spanWords = (days: number) => ({ 1: 'A day', 7: 'A week', 365: 'A year', 366: 'A year', 730: 'Two years' })[days] ?? `${days.toLocaleString('en')} days`;

const figure = (chart: HTMLElement, caption: string, label: string) => {
  const f = document.createElement('figure');
  f.setAttribute('aria-label', label);
  f.append(chart, text('figcaption', caption, 'caption'));
  return f;
};

const chartBox = () => {
  const d = document.createElement('div');
  d.className = 'chart';
  return d;
};

/** Draw a chart once the box is in the page, so it takes the page's width. */
const later = (box: HTMLElement, draw: (el: HTMLElement) => void) => requestAnimationFrame(() => draw(box));

const city: Step = {
  title: (s) => `${spanWords(s.days)} in a city under ${s.scenario.name}`,
  render: async (s) => {
    const deny = s.gates.filter((g) => g.effect === 'deny').map((g) => g.label);
    const perks = s.gates.filter((g) => g.effect === 'priority').map((g) => g.label);
    const out: Node[] = para(
      `${n(s.citizens)} synthetic citizens live in ${count(s.districts, 'district')}${s.cities.length > 1 ? ` of ${count(s.cities.length, 'city', 'cities')} (${listWords(s.cities)})` : ''}, watched by about ${n(s.camerasPerThousand)} cameras per 1,000 residents. The system, in the scenario’s words: “${s.scenario.description}”`,
      s.scorers.length
        ? `They are scored by ${listWords(
            s.scorers.map((x) => `the ${x.label}: rules ${x.transparency}${x.base !== null ? `, everyone starting at ${points(x.base)}` : ''}, tiers ${listWords(x.tiers.map((t) => t.name))}`),
            'and by',
          )}.`
        : 'No one is scored.',
      s.lists.length ? `The system keeps ${count(s.lists.length, 'list')}: ${listWords(s.lists.map((l) => l.label))}.` : '',
      deny.length ? `A low score or a place on a list refuses ${listWords(deny)}.` : '',
      perks.length ? `A high score earns ${listWords(perks)}.` : '',
      s.screens.enabled ? `Public screens show the faces of offenders for ${count(s.screens.displayDays, 'day')}, or until they pay ${n(s.screens.fee)} CNY.` : '',
      `Every number in this story is read from run ${s.run} (seed ${s.seed}): run it again with the same seed and you get the same city.`,
    );
    const box = chartBox();
    box.classList.add('h-map');
    const districts = await api<DistrictRow[]>(`${runPath(s.run)}/districts`);
    later(box, (el) =>
      drawMap(el, { day: s.days - 1, districts, cities: s.cities, screen: { fee: 0, enabled: false, faces: [] }, scorer: null }, 'camerasPerThousand', 'cameras per 1,000 residents', () => {}),
    );
    out.push(
      figure(
        box,
        'The city’s districts, darker where there are more cameras: the denser the cameras, the more acts are seen, and the more faces are matched, rightly or not.',
        'map of cameras by district',
      ),
    );
    return out;
  },
  data: (s) => ({ href: hashOf('city', s.run), label: 'See the city’s data' }),
};

const citizen: Step = {
  title: (s) => `One citizen’s ${s.days === 365 || s.days === 366 ? 'year' : spanWords(s.days).toLowerCase()}${s.protagonist ? `: ${s.protagonist.name}` : ''}`,
  render: async (s) => {
    if (!s.protagonist) return para('No one lived in this city.');
    const card = await api<CitizenCard>(`${runPath(s.run)}/citizens/${s.protagonist.id}/card`);
    const p = pronouns(card.about.sex);
    const whys: Record<string, string> = {
      wronged: `the system blamed more often than anyone else for something ${p.they} had not done`,
      lowest: 'who ended with the lowest score',
      first: 'the first citizen of the city',
    };
    const head = document.createElement('div');
    head.className = 'card-head';
    head.append(avatar(card.id, 72), text('p', `${card.name}, ${card.about.age}: the citizen ${whys[s.protagonist.why] ?? ''}. Told from ${p.their} card.`, 'lead'));
    const body = document.createElement('div');
    body.className = 'story-citizen';
    const main = mainScorer(card);
    if (main) {
      const big = document.createElement('p');
      big.className = 'big-score';
      big.append(text('span', points(main.score), 'score-value'), ' ', tierBadge(main.tier, main.tiers));
      const standing = document.createElement('div');
      standing.className = 'scorer-standing';
      standing.append(big, scoreGauge(main), text('p', `Started at ${points(main.start)}. The score over the run; red dots are wrongful penalties.`, 'hint'), sparkline(main, card.days - 1));
      body.append(standing);
    }
    const summary = document.createElement('div');
    summary.className = 'summary';
    summary.append(...summarize(card).map((x) => text('p', x)));
    body.append(summary);
    const out: Node[] = [head, body];
    return out;
  },
  data: (s) => ({ href: s.protagonist ? hashOf('citizens', s.run, s.protagonist.id) : hashOf('citizens'), label: 'Open the full card' }),
};

const wronged: Step = {
  title: () => 'The wrongly blamed',
  render: (s) => {
    const t = s.totals;
    if (!t.penalties) return para('No one was penalised in this run: there is no one to blame wrongly.');
    const box = chartBox();
    box.className = 'multiples';
    later(box, (el) => drawWrongful(el, s.wrongful));
    return [
      ...para(
        `The system took points ${n(t.penalties)} times. ${n(t.wrongful)} of those penalties (${percent(t.wrongful / t.penalties)}) fell on someone who had done nothing wrong: a harmless post flagged as dissent, a stranger’s face matched to theirs, someone else’s record filed under their name.`,
        t.faceSearches ? `Cameras searched ${n(t.faceSearches)} faces; ${n(t.wrongfulMatches)} of those searches named an innocent.` : '',
        t.appealsFiled ? `Citizens filed ${n(t.appealsFiled)} appeals; ${n(t.appealsUpheld)} were upheld (${percent(t.appealsUpheld / t.appealsFiled)}).` : 'No appeals were filed.',
      ),
      figure(box, wrongfulCaption(s.wrongful), 'wrongful penalties by cause and group'),
    ];
  },
  data: (s) => ({ href: hashOf('city', s.run), label: 'See the daily counts' }),
};

const chilled: Step = {
  title: () => 'The chilled',
  render: (s) => {
    const w = s.weeks;
    const k = Math.max(1, Math.min(4, Math.floor(w.length / 3)));
    const mean = (rows: typeof w, f: (x: (typeof w)[number]) => number) => rows.reduce((a, x) => a + f(x), 0) / Math.max(1, rows.length);
    const [d0, d1] = [mean(w.slice(0, k), (x) => x.dissent), mean(w.slice(-k), (x) => x.dissent)];
    const box = chartBox();
    const rows = w.flatMap((x) => [
      { week: x.week + 1, series: 'dissenting posts', value: x.dissent },
      { week: x.week + 1, series: 'spontaneous acts', value: x.spontaneous },
    ]);
    later(box, (el) =>
      el.replaceChildren(
        Plot.plot({
          width: widthOf(el),
          height: 220,
          marginLeft: 56,
          x: { label: 'week' },
          y: { label: 'a week', grid: true },
          color: { legend: true, domain: ['dissenting posts', 'spontaneous acts'], range: ['#c0392b', '#3b82c4'] },
          marks: [Plot.lineY(rows, { x: 'week', y: 'value', stroke: 'series', tip: true }), Plot.ruleY([0])],
        }),
      ),
    );
    const without = s.without?.totals;
    return [
      ...para(
        `Citizens who feel watched say less. In the first ${count(k, 'week')} they posted ${n(d0)} dissenting posts a week; in the last ${count(k, 'week')}, ${n(d1)}${d0 > 0 ? ` (${d1 < d0 ? 'down' : 'up'} ${percent(Math.abs(d1 - d0) / d0)})` : ''}.`,
        `The censors’ reach, as citizens guessed it, went from ${percent(w[0]?.censorRisk ?? 0)} to ${percent(w.at(-1)?.censorRisk ?? 0)}.`,
        without
          ? `In the same city without the system, the same citizens posted ${n(without.dissent)} dissenting posts and did ${n(without.spontaneous)} spontaneous things; with it, ${n(s.totals.dissent)} and ${n(s.totals.spontaneous)}.`
          : 'The last step runs the same city without the system, to compare.',
      ),
      figure(box, 'Weekly dissenting posts and spontaneous acts (a hobby, a protest, a joke in public): what a watched city does less of.', 'dissent and spontaneity by week'),
    ];
  },
  data: (s) => ({ href: hashOf('city', s.run), label: 'See the daily counts' }),
};

const shamed: Step = {
  title: () => 'The shamed',
  render: (s) => {
    const t = s.totals;
    if (!s.screens.enabled) return para('This system has no public screens: no one’s face is put up.');
    const faces = document.createElement('ul');
    faces.className = 'faces story-faces';
    faces.append(
      ...s.faces.map((f) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = hashOf('citizens', s.run, f.citizen);
        a.className = 'face';
        a.dataset.citizen = String(f.citizen);
        a.append(text('span', 'Exposed', 'exposed'), avatar(f.citizen, 56, 'shamed'));
        li.append(a);
        return li;
      }),
    );
    return [
      ...para(
        `${n(t.displays)} faces were put up on public screens over the run, ${n(t.displaysWrongful)} of them of someone who had not done it (a false face match).`,
        `${n(t.feesPaid)} times someone paid ${n(s.screens.fee)} CNY to have their face taken down. Friends who saw a face cut ${n(t.tiesCut)} friendships, and ${count(Math.round(t.jobsLostToScreens), 'person', 'people')} lost their job to it.`,
      ),
      s.faces.length ? faces : text('p', 'No faces were up on the last day.', 'hint'),
    ];
  },
  data: (s) => ({ href: hashOf('city', s.run), label: 'See the public screens' }),
};

const errors: Step = {
  title: () => 'Who bears the errors',
  render: (s) => {
    const rows = s.audit.filter((r) => r.citizens > 0);
    if (rows.length < 2) return para('This city has one group: the audit compares groups, so there is nothing to compare.');
    const ref = rows[0];
    const lines = rows.slice(1).map((r) => {
      const ratio = Number.isFinite(r.wrongfulRatio) && r.wrongfulRatio !== null ? `${r.wrongfulRatio.toFixed(1)} times the ${ref.group}’s` : 'no comparison';
      const faces =
        Number.isFinite(r.falseMatchRate) && r.falseMatchRate !== null && Number.isFinite(ref.falseMatchRate) && ref.falseMatchRate
          ? ` Searches of their faces named an innocent ${percent(r.falseMatchRate)} of the time, against ${percent(ref.falseMatchRate)} for the ${ref.group}.`
          : '';
      return `The ${r.group} group (${percent(r.citizens / rows.reduce((a, x) => a + x.citizens, 0))} of citizens) got ${r.wrongfulPer1000.toFixed(1)} wrongful penalties per 1,000 people, ${ratio}${r.flagged ? ': the four-fifths rule flags it as disparate' : ''}${r.small ? ' (a small group: the rates are noisy)' : ''}.${faces}`;
    });
    const box = chartBox();
    box.className = 'multiples';
    const groups = rows.map((r) => r.group);
    const panel = (title: string, f: (r: AuditRow) => number, format: (v: number) => string) => ({
      title,
      rows: rows.filter((r) => Number.isFinite(f(r)) && f(r) !== null).map((r) => ({ group: r.group, value: f(r) })),
      format,
    });
    later(box, (el) =>
      drawBars(
        el,
        [
          panel(
            'Wrongful penalties per 1,000',
            (r) => r.wrongfulPer1000,
            (v) => v.toFixed(1),
          ),
          panel('Face searches naming an innocent', (r) => r.falseMatchRate, percent),
          panel(
            'Penalties per 1,000',
            (r) => r.penaltiesPer1000,
            (v) => Math.round(v).toLocaleString('en'),
          ),
          panel('Gate attempts granted', (r) => r.grantRate, percent),
        ].filter((p) => p.rows.length),
        groups,
      ),
    );
    return [
      ...para(
        `The model knows the truth, so it can audit the system against it: who was penalised for what they did not do, group by group. The ${ref.group} group is the reference: ${ref.wrongfulPer1000.toFixed(1)} wrongful penalties per 1,000 people.`,
        ...lines,
      ),
      figure(box, 'The fairness audit: each group’s rates, a panel a measure with its own scale. Face recognition errs more on some faces; the censors err on everyone’s words.', 'the fairness audit'),
    ];
  },
  data: (s) => ({ href: `${runPath(s.run)}/report`, label: 'Read the full audit in the report' }),
};

const MEASURES: [keyof RunTotals, string, boolean][] = [
  ['violations', 'traffic violations', false],
  ['crimes', 'crimes', false],
  ['dissent', 'dissenting posts', false],
  ['spontaneous', 'spontaneous acts', false],
  ['penalties', 'penalties', false],
  ['wrongful', 'wrongful penalties', false],
  ['denials', 'gate denials', false],
  ['displays', 'faces on screens', false],
  ['stress', 'mean stress', true],
  ['health', 'mean health', true],
];

const without: Step = {
  title: () => 'The same city without the system',
  render: (s, again) => {
    if (!s.without) {
      const status = text('p', '', 'status');
      status.setAttribute('role', 'status');
      const b = button('Run the same city without the system', async () => {
        b.disabled = true;
        status.textContent = 'Starting…';
        try {
          const { events } = await postJson<{ events: string }>(`${runPath(s.run)}/without`, {});
          await follow(events, (e) => {
            if (e.type === 'progress') status.textContent = `Day ${e.day} of ${e.days}…`;
          });
          again();
        } catch (error) {
          status.textContent = (error as Error).message;
          b.disabled = false;
        }
      });
      return [
        ...para(
          `Everything so far happened under the system. To know what it changed, the model runs the same ${n(s.citizens)} citizens, the same days and the same chance (seed ${s.seed}) with no scores, lists, gates or screens. It takes about as long as the run did.`,
        ),
        b,
        status,
      ];
    }
    const w = s.without.totals;
    const fmt = (v: number, level: boolean) => (level ? v.toFixed(3) : n(v));
    const rows = MEASURES.map(([k, label, level]) => {
      const a = s.totals[k],
        b = w[k];
      const diff = b ? (a - b) / b : a ? Infinity : 0;
      return [label, fmt(a, level), fmt(b, level), Number.isFinite(diff) ? `${diff > 0 ? '+' : ''}${percent(diff)}` : 'only with it'];
    });
    const fewer = (k: keyof RunTotals, what: string) => {
      const a = s.totals[k],
        b = w[k];
      if (!b) return '';
      return `${capital(what)}: ${n(a)} with the system, ${n(b)} without (${a <= b ? `${percent((b - a) / b)} fewer` : `${percent((a - b) / b)} more`}).`;
    };
    return [
      ...para(
        `Run ${s.without.run} is the same city, seed and days with no system at all.`,
        fewer('violations', 'traffic violations'),
        fewer('dissent', 'dissenting posts'),
        `Mean stress: ${s.totals.stress.toFixed(3)} with the system, ${w.stress.toFixed(3)} without.`,
        `Without the system, no one is penalised, wrongly or not: the ${n(s.totals.wrongful)} wrongful penalties are its own.`,
      ),
      table(['over the run', 'with the system', 'without', 'difference'], rows),
      ...para('That is the end of the story. Every number came from the runs themselves: open the city, find any citizen’s card, or run another scenario and tell its story.'),
    ];
  },
  data: (s) => (s.without ? { href: hashOf('compare', s.run, s.without.run), label: 'Compare the two runs side by side' } : { href: hashOf('compare'), label: 'Compare runs' }),
};

export const STEPS: Step[] = [city, citizen, wronged, chilled, shamed, errors, without];
