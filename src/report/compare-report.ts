import { plot, Plot } from './plot.ts';
import { page, htmlTable, escapeHtml, type Section } from './page.ts';
import { tQuantile } from '../measure/paired.ts';

export interface EffectRow {
  metric: string;
  unit: string;
  n: number;
  meanA: number;
  meanB: number;
  diff: number;
  ciLow: number;
  ciHigh: number;
  effectSize: number;
  varianceReduction: number;
}

export interface CompareReportInput {
  id: string;
  a: { name: string; yaml: string; overrides: string };
  b: { name: string; yaml: string; overrides: string };
  provenance: Record<string, string | number>;
  effects: EffectRow[];
  replications: { metric: string; arm: string; replication: number; value: number }[];
}

/** The metrics a reader looks at first, in this order, when both arms have them. */
const HEADLINE = [
  /^acts\.(jaywalking|red_light|drunk_driving|dissent_post|post)$/,
  /^faces\.wrongful_matches$/,
  /^penalties(\.wrongful)?$/,
  /^penalties\.wrongful\./,
  /^gates\.denied\./,
  /^list\..*\.stock$/,
  /^(stress|legitimacy|perceived_risk|hardship)\.mean$/,
  /^income\.gini$/,
  /^screens\.(displays|ties_cut)$/,
];

const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: 0 }) : '-');

/** The report of a comparison: the effect of B over A on every metric, with confidence intervals. */
export function compareReport(c: CompareReportInput): string {
  const headline = c.effects.filter((e) => HEADLINE.some((re) => re.test(e.metric)));
  const relative = headline
    .filter((e) => Math.abs(e.meanA) > 1e-9)
    .map((e) => ({ metric: e.metric, change: e.diff / Math.abs(e.meanA), low: e.ciLow / Math.abs(e.meanA), high: e.ciHigh / Math.abs(e.meanA) }));
  const sections: Section[] = [];
  sections.push({
    title: 'Effects at a glance',
    lead: `Change in B ("${c.b.name}") relative to A ("${c.a.name}"), with 95 % confidence intervals from ${c.effects[0]?.n ?? 0} paired replications (common random numbers).`,
    html: plot({
      width: 960,
      height: 40 + 22 * relative.length,
      marginLeft: 230,
      x: { label: 'relative change (B - A) / A', percent: true, grid: true },
      y: { label: null, domain: relative.map((r) => r.metric) },
      marks: [Plot.ruleX([0]), Plot.link(relative, { x1: 'low', x2: 'high', y1: 'metric', y2: 'metric', stroke: '#08519c' }), Plot.dot(relative, { x: 'change', y: 'metric', fill: '#08519c' })],
    }),
  });
  const dots = c.replications.filter((r) => headline.slice(0, 8).some((e) => e.metric === r.metric));
  if (dots.length) {
    sections.push({
      title: 'Replications',
      lead: 'Each dot is one replication; lines join the two arms run with the same seed.',
      html: plot({
        width: 960,
        height: 300,
        marginLeft: 60,
        fx: { label: null },
        facet: { data: dots, x: 'metric' },
        y: { grid: true, label: 'value' },
        marks: [Plot.line(dots, { x: 'arm', y: 'value', z: 'replication', stroke: '#bbb', fx: 'metric' }), Plot.dot(dots, { x: 'arm', y: 'value', fill: 'arm', fx: 'metric' })],
      }),
    });
  }
  const audit = c.effects.filter((e) => e.metric.startsWith('audit.'));
  if (audit.length) {
    const interval = (metric: string, arm: string) => {
      const v = c.replications
        .filter((r) => r.metric === metric && r.arm === arm)
        .map((r) => r.value)
        .filter(Number.isFinite);
      if (v.length < 2) return '-';
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
      const h = (tQuantile(0.975, v.length - 1) * sd) / Math.sqrt(v.length);
      return `${f(m, 3)} [${f(m - h, 3)}, ${f(m + h, 3)}]`;
    };
    sections.push({
      title: 'Fairness audit',
      lead: 'Against ground truth, by group, with 95 % intervals across replications: false-match rate, penalties and wrongful penalties per 1,000, the share of penalties that were wrongful (1 - precision), the share of offences missed (FNR), the gate grant rate, and the ratios to the reference group (four-fifths heuristic: a grant ratio under 0.8 or a wrongful ratio over 1.25).',
      html: htmlTable(
        ['measure', `A: ${c.a.name}`, `B: ${c.b.name}`, 'B - A [95 % CI]'],
        audit.map((e) => [e.metric.replace(/^audit\./, ''), interval(e.metric, 'A'), interval(e.metric, 'B'), `${f(e.diff, 3)} [${f(e.ciLow, 3)}, ${f(e.ciHigh, 3)}]`]),
        audit.map((e) => {
          const ratio = e.metric.endsWith('Ratio');
          const bad = (x: number) => (e.metric.endsWith('grantRatio') ? x < 0.8 : e.metric.endsWith('wrongfulRatio') ? x > 1.25 : false);
          return [false, ratio && bad(e.meanA), ratio && bad(e.meanB), e.ciLow > 0 || e.ciHigh < 0];
        }),
      ),
    });
  }
  const rows = [...headline, ...c.effects.filter((e) => !headline.includes(e) && !audit.includes(e))];
  sections.push({
    title: 'Every metric',
    lead: 'Means of each arm, the paired difference B - A with its 95 % interval, the paired effect size (mean difference over its standard deviation), and the share of the unpaired variance that pairing removed. Intervals that exclude zero are marked.',
    html: htmlTable(
      ['metric', 'unit', 'mean A', 'mean B', 'B - A', '95 % CI', 'effect size', 'variance removed'],
      rows.map((e) => [
        e.metric,
        e.unit,
        f(e.meanA),
        f(e.meanB),
        f(e.diff),
        `[${f(e.ciLow)}, ${f(e.ciHigh)}]`,
        f(e.effectSize),
        Number.isFinite(e.varianceReduction) ? `${(100 * e.varianceReduction).toFixed(0)} %` : '-',
      ]),
      rows.map((e) => [false, false, false, false, e.ciLow > 0 || e.ciHigh < 0, e.ciLow > 0 || e.ciHigh < 0, false, false]),
    ),
  });
  sections.push({
    title: 'Scenarios and provenance',
    html:
      htmlTable(
        ['', ''],
        Object.entries(c.provenance).map(([k, v]) => [k, String(v)]),
      ) +
      `<h3>A: ${escapeHtml(c.a.name)}</h3><p class="small">overrides: ${escapeHtml(c.a.overrides)}</p><pre>${escapeHtml(c.a.yaml)}</pre>` +
      `<h3>B: ${escapeHtml(c.b.name)}</h3><p class="small">overrides: ${escapeHtml(c.b.overrides)}</p><pre>${escapeHtml(c.b.yaml)}</pre>`,
  });
  return page(`Credence comparison: ${c.a.name} vs ${c.b.name}`, c.id, sections);
}
