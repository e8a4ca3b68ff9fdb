import * as Plot from '@observablehq/plot';
import { widthOf, fmtValue } from './charts.ts';
import type { CitySnapshot } from '../../src/server/view-types.ts';

/** The city map: a cell a district, coloured by a metric; a click (or Enter) on a district calls `open`. */
export function drawMap(el: HTMLElement, city: CitySnapshot, metric: string, label: string, open: (district: number) => void) {
  const names = city.cities ?? [];
  const where = (d: Record<string, number>) => (names.length > 1 ? ` (${names[d.city] ?? ''})` : '');
  // several cities: each named on the first district of its band of rows
  const firsts = names.length > 1 ? names.map((_, k) => city.districts.find((d) => d.city === k)).filter((d) => d !== undefined) : [];
  const size = Math.min(420, widthOf(el));
  const plot = Plot.plot({
    width: size,
    height: size,
    x: { axis: null },
    y: { axis: null },
    color: { legend: true, label, scheme: 'blues' },
    marks: [
      Plot.cell(city.districts, {
        x: 'x',
        y: 'y',
        fill: metric,
        inset: 1,
        tip: true,
        title: (d: Record<string, number>) => `district ${d.id}${where(d)}: ${label} ${fmtValue(Number(d[metric]))}, ${d.residents} residents`,
      }),
      Plot.text(firsts, {
        x: 'x',
        y: 'y',
        text: (d: Record<string, number>) => names[d.city],
        textAnchor: 'start',
        dx: -12,
        dy: -10,
        fill: 'currentColor',
        stroke: 'var(--surface)',
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
    rect.setAttribute('aria-label', `district ${d.id}${where(d)}: ${label} ${fmtValue(Number(d[metric]))}; list its citizens`);
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

/** What to see on the map: the district with the most of the metric, against the city's median. */
export function mapCaption(city: CitySnapshot, metric: string, label: string): string {
  const values = city.districts.map((d) => ({ id: d.id, v: Number(d[metric]) })).filter((d) => Number.isFinite(d.v));
  if (!values.length) return '';
  values.sort((a, b) => b.v - a.v);
  const median = values[Math.floor(values.length / 2)].v;
  return `Darker districts have more ${label}. The most: district ${values[0].id}, ${fmtValue(values[0].v)} (the median district: ${fmtValue(median)}). Choose a district to list its residents.`;
}
