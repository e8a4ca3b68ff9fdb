import { join } from 'node:path';
import { queryRun } from '../store/read-run.ts';
import { SENSITIVITY_FILE, type StoredIndex, type StoredNoise } from '../store/sensitivity-file.ts';
import { plot, Plot } from './plot.ts';
import { page, htmlTable, escapeHtml, type Section } from './page.ts';

export interface SensitivityReportInput {
  name: string;
  method: 'morris' | 'sobol';
  yaml: string;
  provenance: Record<string, string | number>;
  factors: { field: string; label?: string }[];
  measures: { measure: string; label?: string }[];
  indices: StoredIndex[];
  noise: StoredNoise[];
}

/** Factors drawn per measure: the rest are in the table and in DuckDB. */
const SHOWN = 15;

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumSignificantDigits: d }) : '-');
const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(v < 0.1 ? 1 : 0)} %` : '-');

/** Per measure and factor: the importance index (mu* or ST) with its interval, its noise floor, and the other index (sigma or S1). */
export function rankings(c: Pick<SensitivityReportInput, 'method' | 'indices'>) {
  const [main, other, floor] = c.method === 'morris' ? ['mu_star', 'sigma', 'mu_star_noise'] : ['ST', 'S1', 'ST_noise'];
  const byMeasure = new Map<string, { factor: number; main: StoredIndex; other?: StoredIndex; floor?: StoredIndex; moves: boolean }[]>();
  const find = (measure: string, factor: number, index: string) => c.indices.find((x) => x.measure === measure && x.factor === factor && x.index === index);
  for (const x of c.indices) {
    if (x.index !== main) continue;
    const list = byMeasure.get(x.measure) ?? [];
    list.push({ factor: x.factor, main: x, other: find(x.measure, x.factor, other), floor: find(x.measure, x.factor, floor), moves: x.moves === true });
    byMeasure.set(x.measure, list);
  }
  for (const list of byMeasure.values()) list.sort((a, b) => (Number.isFinite(b.main.estimate) ? b.main.estimate : -1) - (Number.isFinite(a.main.estimate) ? a.main.estimate : -1));
  return byMeasure;
}

/** The report of a sensitivity analysis: per measure, the factors ranked with their intervals; the model's noise; every index. */
export function sensitivityReport(c: SensitivityReportInput): string {
  const morris = c.method === 'morris';
  const label = (i: number) => c.factors[i].label ?? c.factors[i].field;
  const measureLabel = (m: string) => c.measures.find((x) => x.measure === m)?.label ?? m;
  const ranked = rankings(c);
  const sections: Section[] = [];
  sections.push({
    title: 'How to read this',
    html: `<p>${
      morris
        ? "Morris screening: each factor is moved one at a time along random trajectories through its range. <b>mu*</b> is the mean absolute change in the measure per whole range of the factor (an elementary effect), with a 95 % bootstrap interval over the trajectories; <b>sigma</b>, their spread, says the effect depends on where the other factors are (nonlinearity or interactions). The grey tick is the <b>noise floor</b>: the mu* a factor that did nothing would get from the model's own randomness."
        : "Sobol indices: <b>ST</b>, the total index, is the share of the measure's variance that would remain unexplained if every factor but this one were known (its effect, with all its interactions); <b>S1</b>, the first-order index, the share it explains alone. Intervals: 95 % bootstrap over the base samples. The grey tick is the part of ST a factor without effect would get from the model's own noise."
    } A factor is marked as moving the answer when the lower end of its interval is above that floor; a factor whose interval reaches the floor (or zero) cannot be told from no effect at this sample size.</p>`,
  });
  for (const [measure, list] of ranked) {
    const shown = list.slice(0, SHOWN);
    // fields on the axis (short, and what a file names), the labels in each bar's tooltip
    const rows = shown.map((r) => ({
      factor: c.factors[r.factor].field,
      label: label(r.factor),
      estimate: r.main.estimate,
      low: Number.isFinite(r.main.low) ? r.main.low : r.main.estimate,
      high: Number.isFinite(r.main.high) ? r.main.high : r.main.estimate,
      floor: r.floor?.estimate ?? NaN,
      other: r.other?.estimate ?? NaN,
      moves: r.moves ? 'beyond the noise' : 'within the noise',
    }));
    const movers = list.filter((r) => r.moves).map((r) => label(r.factor));
    const lead = movers.length
      ? `${movers.length} of ${list.length} factors move “${measureLabel(measure)}” beyond the model's noise: ${movers.slice(0, 5).join('; ')}${movers.length > 5 ? `; and ${movers.length - 5} more` : ''}.${list[0] && morris ? ` The first, ${label(list[0].factor)}, changes it by about ${f(list[0].main.estimate)} over its range.` : list[0] ? ` The first, ${label(list[0].factor)}, accounts for about ${pct(list[0].main.estimate)} of its variance with its interactions.` : ''}`
      : `No factor moves “${measureLabel(measure)}” beyond the model's own noise at this sample size.`;
    const domain = rows.map((r) => r.factor);
    const marks = [
      Plot.barX(rows, { x: 'estimate', y: 'factor', fill: 'moves', fillOpacity: 0.8, title: (d: { label: string }) => d.label }),
      Plot.link(rows, { x1: 'low', x2: 'high', y1: 'factor', y2: 'factor', stroke: '#222' }),
      Plot.tickX(
        rows.filter((r) => Number.isFinite(r.floor)),
        { x: 'floor', y: 'factor', stroke: '#999', strokeWidth: 2 },
      ),
      Plot.ruleX([0]),
    ];
    if (!morris) marks.splice(2, 0, Plot.dot(rows, { x: 'other', y: 'factor', fill: '#222', r: 3, symbol: 'diamond' }));
    sections.push({
      title: measureLabel(measure),
      lead,
      html:
        plot({
          width: 960,
          height: 50 + 24 * rows.length,
          marginLeft: 300,
          x: { label: morris ? `mu*: change in ${measure} per range of the factor` : 'ST (bars), S1 (diamonds): share of the variance', grid: true },
          y: { label: null, domain },
          color: { domain: ['beyond the noise', 'within the noise'], range: ['#08519c', '#c6dbef'], legend: true },
          marks,
        }) + (list.length > SHOWN ? `<p class="small">${list.length - SHOWN} more factors, all below these, in the table at the end and in ${SENSITIVITY_FILE}.</p>` : ''),
    });
  }
  const noiseRows = c.noise.flatMap((n) => [
    { measure: measureLabel(n.measure), kind: 'of one run', share: n.runShare },
    { measure: measureLabel(n.measure), kind: 'left in the point means the indices use', share: n.meanShare },
  ]);
  sections.push({
    title: "The model's own noise",
    lead: "Each point ran with the same seeds (common random numbers). The share of the variance that is noise: of one run (the variance across seeds at a point, against the factors' own variance), and what is left of it in the means over replications the indices are computed on, once the seed's effect common to every point cancels (the point x seed interaction). The smaller the second, the more of what the indices say is the factors' doing.",
    html:
      plot({
        width: 960,
        height: 60 + 40 * c.noise.length,
        marginLeft: 320,
        x: { label: 'share of the variance that is noise', percent: true, grid: true, domain: [0, 100] },
        y: { label: null },
        color: { legend: true },
        marks: [
          Plot.ruleY(noiseRows, { y: 'measure', stroke: '#eee' }),
          Plot.dot(noiseRows, { x: (d: { share: number }) => Math.min(1, d.share), y: 'measure', fill: 'kind', r: 5, symbol: 'kind' }),
          Plot.ruleX([0]),
        ],
      }) +
      htmlTable(
        ['measure', 'variance across seeds', 'of it not cancelled by common seeds', 'variance of the point means', 'noise share of a run', 'noise share of the means'],
        c.noise.map((n) => [measureLabel(n.measure), f(n.seedVariance), f(n.residualVariance), f(n.pointVariance), pct(n.runShare), pct(n.meanShare)]),
      ),
  });
  const table = [...ranked].flatMap(([measure, list]) =>
    list.map((r) => [
      measure,
      c.factors[r.factor].field,
      f(r.main.estimate),
      `[${f(r.main.low)}, ${f(r.main.high)}]`,
      f(r.floor?.estimate ?? NaN),
      f(r.other?.estimate ?? NaN),
      r.moves ? 'moves it' : 'within the noise',
    ]),
  );
  sections.push({
    title: 'Every index',
    lead: `The raw table: indices (${morris ? 'mu, mu_star, sigma, mu_star_noise' : 'S1, ST, ST_noise'}), noise, points and every run's results are in ${SENSITIVITY_FILE}.`,
    html: htmlTable(
      morris ? ['measure', 'factor', 'mu*', '95 % CI', 'noise floor', 'sigma', ''] : ['measure', 'factor', 'ST', '95 % CI', 'ST from noise', 'S1', ''],
      table,
      table.map((r) => [false, false, false, false, false, false, r[6] === 'moves it']),
    ),
  });
  sections.push({
    title: 'Experiment and provenance',
    html:
      htmlTable(
        ['', ''],
        Object.entries(c.provenance).map(([k, v]) => [k, String(v)]),
      ) + `<pre>${escapeHtml(c.yaml)}</pre>`,
  });
  return page(`Credence sensitivity analysis: ${c.name}`, `${morris ? 'Morris screening' : 'Sobol indices'} of ${c.factors.length} factors on ${c.measures.length} measures`, sections);
}

/** The report of the sensitivity analysis stored in `dir`, read from its DuckDB file. */
export async function sensitivityHtml(dir: string): Promise<string> {
  const file = join(dir, SENSITIVITY_FILE);
  const q = (sql: string) => queryRun(dir, sql, file);
  const [e] = await q('SELECT * FROM experiment');
  const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
  const indices = (await q('SELECT * FROM indices')).map((r) => ({
    measure: String(r.measure),
    factor: Number(r.factor),
    field: String(r.field),
    index: String(r.index),
    estimate: num(r.estimate),
    low: num(r.ci_low),
    high: num(r.ci_high),
    n: Number(r.n),
    moves: r.moves === null ? undefined : Boolean(r.moves),
  }));
  const noise = (await q('SELECT * FROM noise')).map((r) => ({
    measure: String(r.measure),
    seedVariance: num(r.seed_variance),
    residualVariance: num(r.residual_variance),
    pointVariance: num(r.point_variance),
    runShare: num(r.run_noise_share),
    meanShare: num(r.mean_noise_share),
  }));
  const factors = (await q('SELECT field, label FROM factors ORDER BY factor')).map((r) => ({ field: String(r.field), label: r.label === null ? undefined : String(r.label) }));
  const measures = (await q('SELECT measure, label FROM measures')).map((r) => ({ measure: String(r.measure), label: r.label === null ? undefined : String(r.label) }));
  const method = String(e.method) as 'morris' | 'sobol';
  return sensitivityReport({
    name: String(e.scenario),
    method,
    yaml: String(e.sensitivity_yaml),
    provenance: {
      scenario: String(e.scenario),
      method,
      ...(method === 'morris' ? { trajectories: Number(e.trajectories), levels: Number(e.levels) } : { 'base samples': Number(e.samples) }),
      points: Number(e.points),
      replications: Number(e.replications),
      'first seed': Number(e.first_seed),
      'bootstrap resamples': Number(e.bootstrap),
      citizens: Number(e.citizens),
      days: Number(e.days),
      'model version': String(e.model_version),
      'random streams': String(e.random_algorithm),
    },
    factors,
    measures,
    indices,
    noise,
  });
}
