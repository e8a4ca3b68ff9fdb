import type { CardLine, TierBand } from '../../src/server/view-types.ts';
import { tierIndex } from './tiers.ts';

/**
 * A score's history grouped for reading: the lines that matter stay open (wrongful penalties,
 * turning points where the tier changed, the first large change of each rule, appeals upheld), and
 * the repeated ones between them are folded by rule ("12 books bought, +1 each"). Pure: no DOM.
 */
export type TimelineItem =
  | { kind: 'line'; line: CardLine; why: 'wrongful' | 'turning' | 'large' | 'appeal'; tierBefore: string; tierAfter: string }
  | { kind: 'fold'; event: string; rule: string; lines: CardLine[]; total: number; from: number; to: number }
  | { kind: 'drift'; line: CardLine };

/** A change is large when it moves the score by at least this share of the scorer's range, or this many points. */
const LARGE_SHARE = 0.01;
const LARGE_POINTS = 20;

export function groupTimeline(lines: CardLine[], tiers: TierBand[], range: number): TimelineItem[] {
  const items: TimelineItem[] = [];
  let folds = new Map<string, Extract<TimelineItem, { kind: 'fold' }>>();
  const flush = () => {
    items.push(...[...folds.values()].sort((a, b) => a.from - b.from));
    folds = new Map();
  };
  const large = Math.min(LARGE_POINTS, LARGE_SHARE * range);
  const seen = new Set<string>();
  let before = lines.length ? lines[0].score - lines[0].delta - lines[0].drift : 0;
  for (const line of lines) {
    const tierBefore = tiers.length ? tiers[tierIndex(before, tiers)].name : '';
    const tierAfter = tiers.length ? tiers[tierIndex(line.score, tiers)].name : '';
    before = line.score;
    if (line.event === 'end of run') {
      flush();
      items.push({ kind: 'drift', line });
      continue;
    }
    const key = `${line.rule}\u0000${line.event}\u0000${Math.sign(line.delta)}`;
    // a large change is news the first time its rule applies; repeated, it folds like a small one
    const news = Math.abs(line.delta) >= large && !seen.has(key);
    if (news) seen.add(key);
    const why = line.wrongful ? 'wrongful' : line.event === 'appeal' ? 'appeal' : tierBefore !== tierAfter ? 'turning' : news ? 'large' : null;
    if (why) {
      flush();
      items.push({ kind: 'line', line, why, tierBefore, tierAfter });
      continue;
    }
    const fold = folds.get(key);
    if (fold) {
      fold.lines.push(line);
      fold.total += line.delta;
      fold.to = line.day;
    } else folds.set(key, { kind: 'fold', event: line.event, rule: line.rule, lines: [line], total: line.delta, from: line.day, to: line.day });
  }
  flush();
  return items;
}

/** The score day by day as a step line, from the start to the run's last day: what a sparkline draws. */
export function scorePath(start: number, lines: CardLine[], lastDay: number): { day: number; score: number }[] {
  const points = [{ day: 0, score: start }];
  for (const l of lines) points.push({ day: l.day, score: l.score });
  points.push({ day: lastDay, score: lines.at(-1)?.score ?? start });
  return points;
}

/** The score on a day: the last line on or before it. */
export function scoreOn(start: number, lines: CardLine[], day: number): number {
  let score = start;
  for (const l of lines) {
    if (l.day > day) break;
    score = l.score;
  }
  return score;
}
