import * as Plot from '@observablehq/plot';
import { text } from './api.ts';
import { widthOf, drawBars } from './charts.ts';
import { tierColor, tierIndex, tierScale } from './tiers.ts';
import { CAUSE_WORDS, percent, points, listWords, capital } from './words.ts';
import type { CitySnapshot, ScoreDistribution, WrongfulCell } from '../../src/server/view-types.ts';

/** A tier's share of the scored on one day. */
export interface TierShare {
  day: number;
  tier: string;
  share: number;
}

/**
 * The score distribution now, in bins fitted to the scores held, each bar in its tier's colour.
 * When one bar (most often everyone still at the starting score) dwarfs the rest, the scale is cut
 * above the others and the tall bar labelled with its count, so the shape of the rest shows.
 */
export function drawScores(el: HTMLElement, s: ScoreDistribution | null) {
  if (!s) return el.replaceChildren(text('p', 'No citizens are scored in this scenario.', 'hint'));
  if (!s.scored) return el.replaceChildren(text('p', 'No one is scored yet.', 'hint'));
  const rows = s.bins.map((n, k) => {
    const x1 = s.lo + k * s.step;
    return { x1, x2: x1 + s.step, n, tier: s.tiers[tierIndex(x1, s.tiers)]?.name ?? '' };
  });
  const sorted = rows.map((r) => r.n).sort((a, b) => b - a);
  const cut = sorted.length > 1 && sorted[0] > 4 * Math.max(1, sorted[1]) ? Math.max(1, sorted[1]) * 1.6 : undefined;
  const [x0, x1] = [rows[0].x1, rows.at(-1)!.x2];
  const bounds = s.tiers.filter((t) => t.min > x0 && t.min < x1);
  el.replaceChildren(
    Plot.plot({
      width: widthOf(el),
      height: 200,
      marginLeft: 50,
      x: { label: `${s.label}, points`, domain: [x0, x1] },
      y: { grid: true, label: 'citizens', domain: cut ? [0, cut] : undefined },
      color: tierScale(s.tiers),
      marks: [
        Plot.rectY(rows, {
          x1: 'x1',
          x2: 'x2',
          y: (r: (typeof rows)[number]) => (cut ? Math.min(r.n, cut) : r.n),
          fill: 'tier',
          inset: 0.5,
          tip: true,
          title: (r: (typeof rows)[number]) => `${points(r.x1)} to ${points(r.x2)} points (tier ${r.tier}): ${r.n.toLocaleString('en')} citizens`,
        }),
        cut
          ? Plot.text(
              rows.filter((r) => r.n > cut),
              { x: (r: (typeof rows)[number]) => (r.x1 + r.x2) / 2, y: cut, text: (r: (typeof rows)[number]) => `${r.n.toLocaleString('en')} ↑`, dy: 8, fill: 'currentColor', fontWeight: 'bold' },
            )
          : null,
        Plot.ruleX(bounds, { x: 'min', stroke: 'currentColor', strokeOpacity: 0.35, strokeDasharray: '3,3' }),
        Plot.text(bounds, { x: 'min', text: (t: { name: string }) => t.name, frameAnchor: 'top', dx: 8, fill: 'currentColor' }),
        Plot.ruleY([0]),
      ],
    }),
  );
}

/** What to see in the distribution: who never moved, who fell below the start, who rose. */
export function scoresCaption(s: ScoreDistribution | null): string {
  if (!s?.scored) return '';
  const below = s.bins.reduce((a, n, k) => a + (s.lo + (k + 1) * s.step <= (s.base ?? -Infinity) ? n : 0), 0);
  const parts = [`Bars are ${points(s.step)} points wide, coloured by tier; hover one for its count.`];
  if (s.base !== null && s.atBase) parts.push(`${percent(s.atBase / s.scored)} of the scored are still at the starting ${points(s.base)}.`);
  if (s.base !== null) parts.push(`${percent(below / s.scored)} have fallen below it.`);
  const low = s.tiers.at(-1);
  if (low && s.tiers.length > 1) parts.push(`${percent(low.citizens / s.scored)} are in the lowest tier, ${low.name}.`);
  return parts.join(' ');
}

/** Tier shares over the run as small multiples, one a tier, each with its own scale, titled with its first and last share. */
export function drawTiers(el: HTMLElement, shares: TierShare[], tiers: { name: string }[]) {
  if (!shares.length || !tiers.length) return el.replaceChildren(text('p', 'No tiers to show.', 'hint'));
  const columns = Math.max(1, Math.min(3, Math.floor(widthOf(el) / 200)));
  const panelWidth = Math.floor(widthOf(el) / columns) - 12;
  el.replaceChildren(
    ...tiers.map((t, k) => {
      const rows = shares.filter((s) => s.tier === t.name);
      const panel = document.createElement('div');
      panel.className = 'panel';
      const first = rows[0]?.share ?? 0,
        last = rows.at(-1)?.share ?? 0;
      const title = text('p', `${t.name}: ${percent(first)} → ${percent(last)}`, 'panel-title');
      const swatch = text('span', '', 'swatch');
      swatch.style.background = tierColor(k, tiers.length);
      title.prepend(swatch);
      panel.append(
        title,
        Plot.plot({
          width: panelWidth,
          height: 80,
          marginLeft: 44,
          marginTop: 6,
          marginBottom: 20,
          x: { label: null, ticks: 3 },
          y: { label: null, ticks: 2, grid: true, tickFormat: (v: number) => percent(v) },
          marks: [
            Plot.areaY(rows, { x: 'day', y: 'share', fill: tierColor(k, tiers.length), fillOpacity: 0.25 }),
            Plot.lineY(rows, { x: 'day', y: 'share', stroke: tierColor(k, tiers.length), tip: true, title: (r: TierShare) => `day ${r.day}: ${percent(r.share)} in tier ${r.tier}` }),
          ],
        }),
      );
      return panel;
    }),
  );
}

/** What to see in tier shares: the tier that grew most and the one that shrank most. */
export function tiersCaption(shares: TierShare[], tiers: { name: string }[]): string {
  const moves = tiers.map((t) => {
    const rows = shares.filter((s) => s.tier === t.name);
    return { tier: t.name, from: rows[0]?.share ?? 0, to: rows.at(-1)?.share ?? 0 };
  });
  const grew = [...moves].sort((a, b) => b.to - b.from - (a.to - a.from))[0];
  const shrank = [...moves].sort((a, b) => a.to - a.from - (b.to - b.from))[0];
  const parts = ['Each tier has its own scale, so small tiers show their changes.'];
  if (grew && grew.to - grew.from > 0.0005) parts.push(`Tier ${grew.tier} grew from ${percent(grew.from)} to ${percent(grew.to)} of the scored.`);
  if (shrank && shrank.to - shrank.from < -0.0005) parts.push(`Tier ${shrank.tier} shrank from ${percent(shrank.from)} to ${percent(shrank.to)}.`);
  return parts.join(' ');
}

/** Tier shares of one snapshot, as rows for the tier chart. */
export const tierShares = (city: CitySnapshot): TierShare[] => {
  const total = city.scorer?.tiers.reduce((a, t) => a + t.citizens, 0) ?? 0;
  return total ? city.scorer!.tiers.map((t) => ({ day: city.day, tier: t.name, share: t.citizens / total })) : [];
};

/** Wrongful penalties per 1,000 citizens of each group, a panel a cause (the most frequent first), each with its own scale. */
export function drawWrongful(el: HTMLElement, cells: WrongfulCell[]) {
  if (!cells.some((c) => c.count > 0)) return el.replaceChildren(text('p', 'No one was wrongly penalised in this run.', 'hint'));
  const groups = [...new Set(cells.map((c) => c.group))];
  const causes = [...new Set(cells.map((c) => c.cause))]
    .map((cause) => ({ cause, n: cells.filter((c) => c.cause === cause).reduce((a, c) => a + c.count, 0) }))
    .filter((c) => c.n > 0)
    .sort((a, b) => b.n - a.n);
  drawBars(
    el,
    causes.map(({ cause, n }) => ({
      title: `${capital(CAUSE_WORDS[cause] ?? cause)}: ${n.toLocaleString('en')}`,
      rows: cells.filter((c) => c.cause === cause && c.citizens > 0).map((c) => ({ group: c.group, value: (1000 * c.count) / c.citizens, note: `${c.count.toLocaleString('en')} penalties` })),
      format: (v) => v.toFixed(1),
    })),
    groups,
  );
}

/** What to see in wrongful penalties: which cause dominates, and how much more often one group is wronged than another. */
export function wrongfulCaption(cells: WrongfulCell[]): string {
  const total = cells.reduce((a, c) => a + c.count, 0);
  if (!total) return '';
  const byCause = new Map<string, number>();
  for (const c of cells) byCause.set(c.cause, (byCause.get(c.cause) ?? 0) + c.count);
  const [topCause, topN] = [...byCause].sort((a, b) => b[1] - a[1])[0];
  const groups = new Map<string, { n: number; citizens: number }>();
  for (const c of cells) groups.set(c.group, { n: (groups.get(c.group)?.n ?? 0) + c.count, citizens: c.citizens });
  const rates = [...groups].filter(([, g]) => g.citizens > 0).map(([group, g]) => ({ group, rate: g.n / g.citizens }));
  rates.sort((a, b) => b.rate - a.rate);
  const parts = [`Per 1,000 citizens of each group; each panel has its own scale. ${percent(topN / total)} of wrongful penalties came from ${CAUSE_WORDS[topCause] ?? topCause}.`];
  if (rates.length > 1 && rates.at(-1)!.rate > 0) {
    const ratio = rates[0].rate / rates.at(-1)!.rate;
    if (ratio > 1.05) parts.push(`Per citizen, the ${rates[0].group} group was wrongly penalised ${ratio.toFixed(1)} times as often as the ${rates.at(-1)!.group}.`);
    else parts.push(`The ${listWords(rates.map((r) => r.group))} groups were wrongly penalised about as often, per citizen.`);
  }
  return parts.join(' ');
}
