import * as Plot from '@observablehq/plot';
import { text, button, count } from './api.ts';
import { citizenName } from '../../src/server/names.ts';
import type { CitySnapshot } from '../../src/server/view-types.ts';

export type { CitySnapshot } from '../../src/server/view-types.ts';

/** What the live view and a stored run's view draw: the same shapes the API streams and stores. */
export interface DayRow {
  day: number;
  metrics: Record<string, number>;
}
export interface TierShare {
  day: number;
  tier: string;
  share: number;
}

const width = (el: HTMLElement, fallback = 460) => Math.max(280, Math.min(el.clientWidth || fallback, 900));

const SERIES: Record<string, string> = { violations: 'traffic violations', dissent: 'dissent posts', penalties: 'penalties', wrongfulPenalties: 'wrongful penalties', denials: 'gate denials' };
/** The seed's promise of security and its price, and science restrained. */
export const PROMISES: Record<string, string> = {
  crimes: 'crimes',
  cleared: 'crimes cleared',
  wrongfulDetentions: 'innocents detained',
  contraryFindings: 'contrary findings published',
  withheldFindings: 'findings withheld',
};

/** Daily counts, one line per series (by default violations, dissent, penalties, wrongful penalties and gate denials). */
export function drawDaily(el: HTMLElement, days: DayRow[], series: Record<string, string> = SERIES) {
  const rows = days.flatMap((d) => Object.keys(series).map((k) => ({ day: d.day, series: series[k], value: d.metrics[k] ?? 0 })));
  el.replaceChildren(
    Plot.plot({
      width: width(el),
      height: 240,
      y: { grid: true, label: 'per day' },
      x: { label: 'day' },
      color: { legend: true },
      marks: [Plot.lineY(rows, { x: 'day', y: 'value', stroke: 'series' }), Plot.ruleY([0])],
    }),
  );
}

/** Mean stress and mean health, day by day. */
export function drawStress(el: HTMLElement, days: DayRow[]) {
  const rows = days.flatMap((d) => [
    { day: d.day, series: 'mean stress', value: d.metrics.stress },
    { day: d.day, series: 'mean health (1: full)', value: d.metrics.health ?? Number.NaN },
  ]);
  el.replaceChildren(
    Plot.plot({
      width: width(el),
      height: 180,
      y: { grid: true, label: 'stress, health' },
      x: { label: 'day' },
      color: { legend: true, domain: ['mean stress', 'mean health (1: full)'], range: ['#b00020', '#2a7f62'] },
      marks: [Plot.lineY(rows, { x: 'day', y: 'value', stroke: 'series' }), Plot.ruleY([0])],
    }),
  );
}

/** The score distribution now: citizens per score band. */
export function drawScores(el: HTMLElement, city: CitySnapshot) {
  const s = city.scorer;
  if (!s) return el.replaceChildren(text('p', 'No citizens are scored in this scenario.', 'hint'));
  const step = (s.max - s.min) / s.bins.length;
  const rows = s.bins.map((n, k) => ({ x1: s.min + k * step, x2: s.min + (k + 1) * step, n }));
  el.replaceChildren(
    Plot.plot({
      width: width(el),
      height: 180,
      x: { label: `${s.id} score` },
      y: { grid: true, label: 'citizens' },
      marks: [Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'n', fill: '#1d2b3a', inset: 0.5 }), Plot.ruleY([0])],
    }),
  );
}

/** Tier shares over the run, stacked. */
export function drawTiers(el: HTMLElement, tiers: TierShare[]) {
  if (!tiers.length) return el.replaceChildren(text('p', 'No tiers to show.', 'hint'));
  el.replaceChildren(
    Plot.plot({
      width: width(el),
      height: 180,
      x: { label: 'day' },
      y: { label: 'share of citizens', percent: true },
      color: { legend: true },
      marks: [Plot.areaY(tiers, { x: 'day', y: 'share', fill: 'tier', order: null })],
    }),
  );
}

/** The city map: a cell a district, coloured by a metric; a click (or Enter) on a district calls `open`. */
export function drawMap(el: HTMLElement, city: CitySnapshot, metric: string, label: string, open: (district: number) => void) {
  const names = city.cities ?? [];
  const where = (d: Record<string, number>) => (names.length > 1 ? ` (${names[d.city] ?? ''})` : '');
  // several cities: each named on the first district of its band of rows
  const firsts = names.length > 1 ? names.map((_, k) => city.districts.find((d) => d.city === k)).filter((d) => d !== undefined) : [];
  const plot = Plot.plot({
    width: Math.min(420, width(el)),
    height: Math.min(420, width(el)),
    x: { axis: null },
    y: { axis: null },
    color: { legend: true, label, scheme: 'blues' },
    marks: [
      Plot.cell(city.districts, { x: 'x', y: 'y', fill: metric, title: (d: Record<string, number>) => `district ${d.id}${where(d)}: ${Number(d[metric]).toFixed(2)}`, inset: 1 }),
      Plot.text(firsts, {
        x: 'x',
        y: 'y',
        text: (d: Record<string, number>) => names[d.city],
        textAnchor: 'start',
        dx: -12,
        dy: -10,
        fill: 'currentColor',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fontWeight: 'bold',
      }),
    ],
  });
  const cells = [...plot.querySelectorAll('g[aria-label="cell"] rect')];
  cells.forEach((rect, k) => {
    const d = city.districts[k];
    rect.setAttribute('tabindex', '0');
    rect.setAttribute('role', 'button');
    rect.setAttribute('aria-label', `district ${d.id}${where(d)}: ${label} ${Number(d[metric]).toFixed(2)}; list its citizens`);
    rect.addEventListener('click', () => open(d.id));
    rect.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
        e.preventDefault();
        open(d.id);
      }
    });
  });
  el.replaceChildren(plot);
}

/** The public screen: generated avatars with synthetic names and ids, the offence, days left and the fee; a face opens the card. */
export function drawScreen(el: HTMLElement, screen: CitySnapshot['screen'], open: (citizen: number) => void, max = 48) {
  if (!screen.enabled) return el.replaceChildren(text('li', 'This scenario has no public screens.'));
  if (!screen.faces.length) return el.replaceChildren(text('li', 'No faces on the screens today.'));
  el.replaceChildren(
    ...screen.faces.slice(0, max).map((f) => {
      const li = document.createElement('li');
      const b = button('', () => open(f.citizen), `open the card of ${citizenName(f.citizen)}, citizen ${f.citizen}`);
      b.className = 'face';
      b.append(
        avatar(f.citizen),
        text('span', citizenName(f.citizen), 'name'),
        text('span', `#${f.citizen}, district ${f.district}`),
        text('span', `${f.offence.replace(/_/g, ' ')}: ${count(f.daysLeft, 'day')} left, or ${screen.fee} CNY`, 'hint'),
      );
      li.append(b);
      return li;
    }),
  );
}

/** A generated avatar: a face drawn from the citizen's id, never from an image of anyone. */
export function avatar(id: number, size = 64): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const h = (k: number) => ((Math.imul(id + 1, 2654435761) >>> (k * 3)) & 255) / 255;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('width', String(size));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `generated avatar of synthetic citizen ${id}`);
  const shape = (tag: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  };
  shape('circle', { cx: 20, cy: 20, r: 18, fill: `hsl(${Math.round(h(0) * 360)}, 35%, ${55 + Math.round(h(1) * 25)}%)` });
  shape('circle', { cx: 14, cy: 17, r: 2 + h(2) * 1.5, fill: '#222' });
  shape('circle', { cx: 26, cy: 17, r: 2 + h(2) * 1.5, fill: '#222' });
  shape('path', { d: `M12 ${26 + h(3) * 3} Q20 ${28 + h(4) * 6} 28 ${26 + h(3) * 3}`, stroke: '#222', fill: 'none', 'stroke-width': 1.5 });
  return svg;
}

/** Tier shares of one snapshot, as rows for the stacked chart. */
export const tierShares = (city: CitySnapshot): TierShare[] => {
  const total = city.scorer?.tiers.reduce((a, t) => a + t.citizens, 0) ?? 0;
  return total ? city.scorer!.tiers.map((t) => ({ day: city.day, tier: t.tier, share: t.citizens / total })) : [];
};
