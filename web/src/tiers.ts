import type { TierBand } from '../../src/server/view-types.ts';

/**
 * Tier colours, the same in every view (badge, gauge, histogram, tier chart): from the best tier
 * (green) through amber to the worst (red), sampled evenly for a scorer's number of tiers.
 */
const RAMP = ['#17804a', '#4d9a2e', '#8a9a1b', '#b98a00', '#d2691e', '#c0392b', '#9b1c31'];

export function tierColor(index: number, count: number): string {
  if (count <= 1) return RAMP[0];
  return RAMP[Math.round((index / (count - 1)) * (RAMP.length - 1))];
}

/** Text that reads on a tier's colour (WCAG contrast against white or near-black). */
export function tierInk(color: string): string {
  const [r, g, b] = [1, 3, 5].map((k) => {
    const c = Number.parseInt(color.slice(k, k + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (L + 0.05) / 0.05 > 1.05 / (L + 0.05) ? '#111111' : '#ffffff';
}

/** The index of the tier a score falls in (tiers from highest to lowest, each from its `min`). */
export function tierIndex(score: number, tiers: TierBand[]): number {
  const k = tiers.findIndex((t) => score >= t.min);
  return k < 0 ? tiers.length - 1 : k;
}

/** Colours by tier name, for a chart's colour scale. */
export const tierScale = (tiers: { name: string }[]) => ({ domain: tiers.map((t) => t.name), range: tiers.map((_, k) => tierColor(k, tiers.length)) });
