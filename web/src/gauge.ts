import type { CardLine, CardScorer } from '../../src/server/view-types.ts';
import { tierColor, tierIndex, tierInk } from './tiers.ts';
import { scorePath } from './timeline.ts';
import { points } from './words.ts';

const NS = 'http://www.w3.org/2000/svg';
const el = (tag: string, attrs: Record<string, string | number>) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

/**
 * Where a score sits among its tiers, as a share of the gauge: each tier gets an equal band (the
 * tiers are what a citizen lives by), and the score sits within its band by its points.
 */
export function gaugePosition(score: number, s: Pick<CardScorer, 'tiers' | 'min' | 'max'>): number {
  const n = s.tiers.length;
  if (!n) return (score - s.min) / (s.max - s.min || 1);
  const k = tierIndex(score, s.tiers);
  const lo = k === n - 1 ? Math.min(s.min, s.tiers[k].min) : s.tiers[k].min;
  const hi = k === 0 ? s.max : s.tiers[k - 1].min;
  const within = Math.max(0, Math.min(1, (score - lo) / (hi - lo || 1)));
  // bands run from the lowest tier on the left to the highest on the right
  return (n - 1 - k + within) / n;
}

/** A tier badge: the tier's name on its colour. */
export function tierBadge(tier: string, tiers: { name: string }[]): HTMLElement {
  const k = Math.max(
    0,
    tiers.findIndex((t) => t.name === tier),
  );
  const b = document.createElement('span');
  b.className = 'badge';
  b.textContent = `tier ${tier}`;
  const color = tierColor(k, tiers.length);
  b.style.background = color;
  b.style.color = tierInk(color);
  return b;
}

/**
 * The score on a gauge of its tier bands, with a mark where the citizen started: a `meter` whose
 * value is the stored score, its text the score in words.
 */
export function scoreGauge(s: CardScorer): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'gauge';
  wrap.setAttribute('role', 'meter');
  wrap.setAttribute('aria-valuemin', String(s.min));
  wrap.setAttribute('aria-valuemax', String(s.max));
  wrap.setAttribute('aria-valuenow', String(s.score));
  wrap.setAttribute('aria-valuetext', `${points(s.score)} points, tier ${s.tier}; started at ${points(s.start)}`);
  wrap.setAttribute('aria-label', `${s.label}: score`);
  const W = 320,
    H = 46;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', 'aria-hidden': 'true' }) as SVGSVGElement;
  const n = Math.max(1, s.tiers.length);
  s.tiers
    .slice()
    .reverse()
    .forEach((t, j) => {
      const k = n - 1 - j;
      const color = tierColor(k, n);
      svg.append(el('rect', { x: (j * W) / n, y: 16, width: W / n - 1, height: 14, fill: color, opacity: t.name === s.tier ? 1 : 0.45 }));
      const label = el('text', { x: ((j + 0.5) * W) / n, y: 42, 'text-anchor': 'middle', 'font-size': 9, fill: 'currentColor' });
      label.textContent = t.name;
      svg.append(label);
    });
  const at = (v: number) => gaugePosition(v, s) * W;
  svg.append(el('line', { x1: at(s.start), x2: at(s.start), y1: 12, y2: 34, stroke: 'currentColor', 'stroke-dasharray': '2,2' }));
  const x = at(s.score);
  svg.append(el('path', { d: `M${x - 6} 2 L${x + 6} 2 L${x} 14 Z`, fill: 'currentColor' }));
  svg.append(el('line', { x1: x, x2: x, y1: 14, y2: 32, stroke: 'currentColor', 'stroke-width': 2 }));
  wrap.append(svg);
  return wrap;
}

/** The score over the run, a step line over the tier bands (in points): the trend at a glance. */
export function sparkline(s: CardScorer, lastDay: number): SVGSVGElement {
  const W = 320,
    H = 70;
  const path = scorePath(s.start, s.lines, lastDay);
  const values = path.map((p) => p.score);
  const lo = Math.min(...values),
    hi = Math.max(...values);
  const pad = Math.max(5, (hi - lo) * 0.15);
  const [y0, y1] = [lo - pad, hi + pad];
  const X = (d: number) => (d / Math.max(1, lastDay)) * W;
  const Y = (v: number) => H - ((v - y0) / (y1 - y0)) * H;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', class: 'spark' }) as SVGSVGElement;
  svg.setAttribute('aria-label', `the score over ${lastDay + 1} days, from ${points(s.start)} to ${points(s.score)}`);
  const n = s.tiers.length;
  s.tiers.forEach((t, k) => {
    const top = k === 0 ? y1 : Math.min(y1, s.tiers[k - 1].min);
    const bottom = Math.max(y0, t.min);
    if (top <= y0 || bottom >= y1 || top <= bottom) return;
    svg.append(el('rect', { x: 0, width: W, y: Y(top), height: Y(bottom) - Y(top), fill: tierColor(k, n), opacity: 0.14 }));
  });
  let d = `M${X(0)} ${Y(s.start)}`;
  for (let k = 1; k < path.length; k++) d += ` H${X(path[k].day)} V${Y(path[k].score)}`;
  svg.append(el('path', { d, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  for (const l of s.lines.filter((x: CardLine) => x.wrongful)) svg.append(el('circle', { cx: X(l.day), cy: Y(l.score), r: 3, fill: '#c0392b' }));
  return svg;
}

/** The trend in words: the change over the last 30 days (or the whole run if shorter). */
export function trendWords(s: CardScorer, lastDay: number): string {
  const window = Math.min(30, lastDay);
  let before = s.start;
  for (const l of s.lines) if (l.day <= lastDay - window) before = l.score;
  const d = s.score - before;
  if (Math.abs(d) < 0.5) return `steady over the last ${window} days`;
  return `${d < 0 ? '↓' : '↑'} ${points(Math.abs(d))} over the last ${window} days`;
}
