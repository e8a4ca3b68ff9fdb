import { $, api, postJson, text, table, follow, runPath, fmt, link } from './api.ts';
import { drawMultiples, DAILY, type DayRow } from './charts.ts';
import { drawScores, drawTiers } from './distribution.ts';
import type { RunView } from '../../src/server/view-types.ts';

/** Compare: two past runs side by side, or two designs over paired replications with intervals. */

const sum = (days: DayRow[], k: string) => days.reduce((a, d) => a + (d.metrics[k] ?? 0), 0);

/** The few numbers a reader compares first, for one run. */
function keyMetrics(view: RunView): [string, number][] {
  const last = view.days.at(-1)?.metrics ?? {};
  const tiers = view.snapshot.scorer?.tiers ?? [];
  const scored = tiers.reduce((a, t) => a + t.citizens, 0);
  return [
    ['traffic violations', sum(view.days, 'violations')],
    ['dissent posts', sum(view.days, 'dissent')],
    ['penalties', sum(view.days, 'penalties')],
    ['wrongful penalties', sum(view.days, 'wrongfulPenalties')],
    ['gate denials', sum(view.days, 'denials')],
    ['mean stress, last day', last.stress ?? NaN],
    ...tiers.map((t): [string, number] => [`share in tier ${t.name}`, scored ? t.citizens / scored : NaN]),
  ];
}

/** Two runs side by side: their key numbers in one table, and their charts in two columns. */
export async function sideBySide() {
  const a = $<HTMLSelectElement>('side-a').value,
    b = $<HTMLSelectElement>('side-b').value;
  const out = $('side-result');
  out.replaceChildren(text('p', 'Loading both runs…', 'hint'));
  try {
    const [va, vb] = await Promise.all([a, b].map((r) => api<RunView>(`${runPath(r)}/view`)));
    const ka = keyMetrics(va),
      kb = new Map(keyMetrics(vb));
    const names = [...new Set([...ka.map(([k]) => k), ...kb.keys()])];
    const am = new Map(ka);
    const numbers = table(
      ['metric', `A: ${a}`, `B: ${b}`],
      names.map((k) => [k, fmt(am.get(k) ?? NaN), fmt(kb.get(k) ?? NaN)]),
    );
    numbers.className = 'side-table';
    const columns = document.createElement('div');
    columns.className = 'side';
    columns.append(
      ...[
        ['A', a, va],
        ['B', b, vb],
      ].map(([label, id, v]) => {
        const col = document.createElement('div');
        col.className = 'side-col';
        const view = v as RunView;
        const charts = ['daily', 'scores', 'tiers'].map((k) => {
          const f = document.createElement('figure');
          if (k !== 'scores') f.classList.add('multiples');
          f.setAttribute('aria-label', `run ${label}: ${k}`);
          f.className = `side-${k}`;
          return f;
        });
        col.append(text('h3', `Run ${label}`), text('p', String(id), 'hint'), ...charts);
        // drawn once in the page, so the charts take the column's width
        requestAnimationFrame(() => {
          drawMultiples(charts[0], view.days, DAILY);
          drawScores(charts[1], view.snapshot.scorer);
          drawTiers(charts[2], view.tiers, view.snapshot.scorer?.tiers ?? []);
        });
        return col;
      }),
    );
    out.replaceChildren(numbers, columns);
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'));
  }
}

const HEADLINE = [
  'acts.jaywalking',
  'acts.dissent_post',
  'acts.spontaneous_act',
  'penalties',
  'penalties.wrongful',
  'detentions.wrongful',
  'stress.mean',
  'health.mean',
  'acts.sick_day',
  'perceived_risk.camera',
  'perceived_risk.censor',
  'legitimacy.mean',
];

/** Compare two designs over paired replications (common random numbers): the effect table with 95 % intervals. */
export async function compareDesigns(size: () => { citizens: number; days: number }) {
  const status = $('compare-status');
  const a = $<HTMLSelectElement>('compare-a').value,
    b = $<HTMLSelectElement>('compare-b').value;
  const { citizens, days } = size();
  status.className = '';
  status.textContent = 'Starting…';
  try {
    const { events } = await postJson<{ events: string }>('/api/compare', { a, b, replications: Number($<HTMLInputElement>('compare-reps').value), citizens: Math.min(50_000, citizens), days });
    const id = await follow(events, (e) => {
      if (e.type === 'progress') status.textContent = `Running: day ${e.day} of ${e.days}…`;
    });
    status.textContent = 'Reading the effects…';
    const effects = await api<{ metric: string; mean_a: number; mean_b: number; diff: number; ci_low: number; ci_high: number }[]>(`/api/comparisons/${encodeURIComponent(id)}/effects`);
    const t = table(
      ['metric', `A: ${a}`, `B: ${b}`, 'B - A', '95 % interval'],
      effects.filter((x) => HEADLINE.includes(x.metric)).map((x) => [x.metric, fmt(x.mean_a), fmt(x.mean_b), fmt(x.diff), `[${fmt(x.ci_low)}, ${fmt(x.ci_high)}]`]),
    );
    $('compare-result').replaceChildren(t, link(`/api/comparisons/${encodeURIComponent(id)}/report`, 'The full report: every metric, the fairness audit, the replications'));
    status.textContent = `Done: comparison ${id}.`;
  } catch (error) {
    status.textContent = `The comparison failed: ${(error as Error).message}`;
    status.className = 'issues';
  }
}
