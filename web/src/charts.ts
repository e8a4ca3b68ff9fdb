import * as Plot from '@observablehq/plot';
import { text } from './api.ts';
import { capital, percent } from './words.ts';

/** What the live view and a stored run's view draw: the same shapes the API streams and stores. */
export interface DayRow {
  day: number;
  metrics: Record<string, number>;
}

/** A chart's width: its container's, within bounds (charts are drawn again when the page is resized). */
export const widthOf = (el: HTMLElement, fallback = 460) => Math.max(220, Math.min(el.clientWidth || fallback, 1100));

/** The city's daily counts: what the system sees and does. */
export const DAILY: Record<string, string> = {
  violations: 'traffic violations',
  dissent: 'dissenting posts',
  penalties: 'penalties',
  wrongfulPenalties: 'wrongful penalties',
  denials: 'gate denials',
  displays: 'faces put on screens',
};
/** How citizens fare. */
export const WELLBEING: Record<string, string> = { stress: 'mean stress', health: 'mean health (1: full)', spontaneous: 'spontaneous acts' };
/** The seed's promise of security and its price, and science restrained. */
export const PROMISES: Record<string, string> = {
  crimes: 'crimes',
  cleared: 'crimes cleared',
  wrongfulDetentions: 'innocents detained',
  contraryFindings: 'contrary findings published',
  withheldFindings: 'findings withheld',
};

/** The one line colour of the small multiples: it reads on a light and on a dark page. */
const LINE = '#3b82c4';

export const fmtValue = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : Math.abs(v) >= 1 || v === 0 ? v.toFixed(1) : v.toFixed(3));

/**
 * Daily series as small multiples: one small chart a series, each with its own scale, so a series
 * of tens a day is not flattened by one of thousands; each titled with its total (or last value
 * for a level) and with a tooltip of the day's value.
 */
export function drawMultiples(el: HTMLElement, days: DayRow[], series: Record<string, string>, levels: string[] = []) {
  const keys = Object.keys(series).filter((k) => days.some((d) => (d.metrics[k] ?? 0) !== 0));
  if (!days.length) return el.replaceChildren(text('p', 'Nothing yet: the charts fill as days pass.', 'hint'));
  if (!keys.length) return el.replaceChildren(text('p', 'None of these happened in this run.', 'hint'));
  const columns = Math.max(1, Math.min(3, Math.floor(widthOf(el) / 230)));
  const panelWidth = Math.floor(widthOf(el) / columns) - 12;
  el.replaceChildren(
    ...keys.map((k) => {
      const rows = days.map((d) => ({ day: d.day, value: d.metrics[k] ?? 0 }));
      const total = rows.reduce((a, r) => a + r.value, 0);
      const panel = document.createElement('div');
      panel.className = 'panel';
      const level = levels.includes(k);
      panel.append(text('p', `${series[k]}: ${level ? `${fmtValue(rows.at(-1)!.value)} on the last day` : `${Math.round(total).toLocaleString('en')} in all`}`, 'panel-title'));
      panel.append(
        Plot.plot({
          width: panelWidth,
          height: 96,
          marginLeft: 40,
          marginTop: 6,
          marginBottom: 22,
          x: { label: null, ticks: 3 },
          y: { label: null, ticks: 3, grid: true, tickFormat: (v: number) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v)) },
          marks: [
            Plot.areaY(rows, { x: 'day', y: 'value', fill: 'currentColor', fillOpacity: 0.08 }),
            Plot.lineY(rows, { x: 'day', y: 'value', stroke: LINE, tip: true, title: (r: { day: number; value: number }) => `day ${r.day}: ${fmtValue(r.value)} ${series[k]}` }),
            Plot.ruleY([0]),
          ],
        }),
      );
      return panel;
    }),
  );
}

/** What to see in daily series: the one that changed most between the first and last week, and the wrongful share of penalties. */
export function dailyCaption(days: DayRow[], series: Record<string, string>): string {
  if (days.length < 2) return 'Each panel has its own scale; hover a line for the day’s value.';
  const week = Math.max(1, Math.min(7, Math.floor(days.length / 3)));
  const mean = (rows: DayRow[], k: string) => rows.reduce((a, d) => a + (d.metrics[k] ?? 0), 0) / rows.length;
  let best: { k: string; a: number; b: number; r: number } | null = null;
  for (const k of Object.keys(series)) {
    const a = mean(days.slice(0, week), k),
      b = mean(days.slice(-week), k);
    const r = Math.abs(Math.log((b + 0.5) / (a + 0.5)));
    if (a + b > 0 && (!best || r > best.r)) best = { k, a, b, r };
  }
  const parts = ['Each panel has its own scale; hover a line for the day’s value.'];
  if (best && best.r > 0.1)
    parts.push(
      `${capital(series[best.k])} went from ${fmtValue(best.a)} a day in the first ${week === 7 ? 'week' : `${week} days`} to ${fmtValue(best.b)} in the last: ${best.b < best.a ? 'down' : 'up'} ${percent(Math.abs(best.b - best.a) / Math.max(best.a, 1e-9))}.`,
    );
  const pen = days.reduce((a, d) => a + (d.metrics.penalties ?? 0), 0);
  const wrong = days.reduce((a, d) => a + (d.metrics.wrongfulPenalties ?? 0), 0);
  if ('penalties' in series && pen > 0) parts.push(`${percent(wrong / pen)} of the penalties fell on someone who had done nothing wrong.`);
  return parts.join(' ');
}

/** One small bar chart of a set: a title, and a value per group. */
export interface BarPanel {
  title: string;
  rows: { group: string; value: number; note?: string }[];
  format: (v: number) => string;
}

/** Group colours, in the order of the scenario's groups (the reference group first). */
export const GROUP_COLORS = ['#3b82c4', '#d2691e', '#7b4fb5', '#2a9d8f', '#b5476b'];

/** Bar charts as small multiples: a panel a measure, a bar a group, each panel with its own scale and a tooltip of its values. */
export function drawBars(el: HTMLElement, panels: BarPanel[], groups: string[]) {
  const columns = Math.max(1, Math.min(panels.length, Math.floor(widthOf(el) / 260)));
  const panelWidth = Math.floor(widthOf(el) / columns) - 12;
  el.replaceChildren(
    ...panels.map((p) => {
      const panel = document.createElement('div');
      panel.className = 'panel';
      panel.append(
        text('p', p.title, 'panel-title'),
        Plot.plot({
          width: panelWidth,
          height: 34 + 26 * p.rows.length,
          marginLeft: 80,
          marginRight: 56,
          marginTop: 4,
          x: { label: null, ticks: 3, grid: true, tickFormat: p.format },
          y: { label: null, domain: groups },
          color: { domain: groups, range: GROUP_COLORS },
          marks: [
            Plot.barX(p.rows, { y: 'group', x: 'value', fill: 'group', tip: true, title: (r: BarPanel['rows'][number]) => `${r.group}: ${p.format(r.value)}${r.note ? ` (${r.note})` : ''}` }),
            Plot.text(p.rows, { y: 'group', x: 'value', text: (r: BarPanel['rows'][number]) => p.format(r.value), dx: 4, textAnchor: 'start', fill: 'currentColor' }),
            Plot.ruleX([0]),
          ],
        }),
      );
      return panel;
    }),
  );
}
