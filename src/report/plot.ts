import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

/** Render an Observable Plot figure on the server, as SVG markup (no script, no network). */
export function plot(options: Plot.PlotOptions): string {
  const figure = Plot.plot({ ...options, document } as Plot.PlotOptions) as unknown as { outerHTML: string };
  return figure.outerHTML;
}

export { Plot };

/** Rows for a multi-series line chart: one row per (series, day). */
export function rowsOf(named: Record<string, [number, number][]>): { series: string; day: number; value: number }[] {
  return Object.entries(named).flatMap(([series, points]) => points.filter(([, v]) => Number.isFinite(v)).map(([day, value]) => ({ series, day, value })));
}

/** A rolling mean over `window` days, to read daily counts through their noise. */
export function rolling(points: [number, number][], window = 7): [number, number][] {
  let sum = 0;
  return points.map(([day, v], i) => {
    sum += v;
    if (i >= window) sum -= points[i - window][1];
    return [day, sum / Math.min(i + 1, window)];
  });
}

/** Sum several series day by day. */
export function added(...series: [number, number][][]): [number, number][] {
  const byDay = new Map<number, number>();
  for (const s of series) for (const [d, v] of s) byDay.set(d, (byDay.get(d) ?? 0) + v);
  return [...byDay].sort((a, b) => a[0] - b[0]);
}

/** Running total. */
export function cumulative(points: [number, number][]): [number, number][] {
  let sum = 0;
  return points.map(([d, v]) => [d, (sum += v)]);
}
