import { text, button } from './api.ts';
import { groupTimeline, type TimelineItem } from './timeline.ts';
import { count, daySpan, eventNoun, humanize, points, sourceWords, capital } from './words.ts';
import type { CardLine, CardScorer, CitizenCard } from '../../src/server/view-types.ts';

const signed = (v: number) => (v > 0 ? `+${points(v)}` : v < 0 ? `−${points(-v)}` : '0');

const WHY: Record<string, string> = {
  wrongful: 'wrongful',
  turning: 'turning point',
  large: 'large change',
  appeal: 'appeal upheld',
};

/**
 * A score's timeline as a table: the lines that matter open (wrongful penalties, turning points,
 * large changes, appeals upheld), the small repeated ones folded by rule between them, each
 * expandable. An Appeal button sits on the first penalty of each day that can still be appealed.
 */
export function timelineTable(card: CitizenCard, s: CardScorer, appeal?: (day: number) => void): HTMLElement {
  const sec = document.createElement('section');
  sec.className = 'timeline';
  const items = groupTimeline(s.lines, s.tiers, s.max - s.min);
  const folded = items.filter((i) => i.kind === 'fold' && i.lines.length > 1).length;
  sec.append(
    text('h3', `How the ${s.label} moved`),
    text(
      'p',
      `${count(s.lines.filter((l) => l.event !== 'end of run').length, 'change')}: ${count(items.filter((i) => i.kind === 'line').length, 'key moment')} open, ${count(folded, 'run')} of small repeated changes folded (open one to see its days).`,
      'hint',
    ),
  );
  const appealable = new Set(card.appealable);
  const offered = new Set<number>();
  const appealCell = (l: CardLine) => {
    const cell = document.createElement('span');
    if (!appeal || l.delta >= 0 || !appealable.has(l.day) || offered.has(l.day)) return cell;
    offered.add(l.day);
    const b = button('Appeal', () => appeal(l.day), `Appeal the penalties of day ${l.day} (${humanize(l.rule)}, ${points(l.delta)} points)`);
    b.className = 'small';
    cell.append(b);
    return cell;
  };
  const t = document.createElement('table');
  t.className = 'timeline-table';
  const head = document.createElement('tr');
  for (const h of ['day', 'what happened', 'change', 'score after', 'appeal']) head.append(text('th', h));
  t.append(head);
  for (const item of items) t.append(row(item, appealCell));
  sec.append(t);
  return sec;
}

function row(item: TimelineItem, appealCell: (l: CardLine) => HTMLElement): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const cells = (...xs: (string | Node)[]) => {
    for (const x of xs) {
      const td = document.createElement('td');
      td.append(x);
      tr.append(td);
    }
  };
  if (item.kind === 'drift') {
    tr.className = 'drift';
    cells(String(item.line.day), 'drift to the end of the run (decay toward the start, recomputed parts)', signed(item.line.drift), points(item.line.score), '');
    return tr;
  }
  if (item.kind === 'line') {
    const l = item.line;
    tr.className = `key ${item.why}`;
    const what = document.createElement('span');
    what.append(text('span', WHY[item.why], `tag tag-${item.why}`), ' ', describe(l));
    if (item.why === 'turning' || item.tierBefore !== item.tierAfter) what.append(text('span', ` tier ${item.tierBefore} → ${item.tierAfter}`, 'tier-move'));
    if (l.wrongful && l.why) what.append(text('span', ` ${capital(l.why)}.`, 'why'));
    cells(String(l.day), what, signed(l.delta), points(l.score), appealCell(l));
    return tr;
  }
  if (item.lines.length === 1) {
    const l = item.lines[0];
    cells(String(l.day), describe(l), signed(l.delta), points(l.score), appealCell(l));
    return tr;
  }
  tr.className = 'fold';
  const d = document.createElement('details');
  const each = item.total / item.lines.length;
  d.append(
    text('summary', `${count(item.lines.length, eventNoun(item.event, 1), eventNoun(item.event, 2))} (rule: ${humanize(item.rule)})${Number.isInteger(each) ? `, ${signed(each)} each` : ''}`),
    ...item.lines.map((l) => {
      const line = document.createElement('div');
      line.className = 'fold-line';
      line.append(`day ${l.day}: ${signed(l.delta)}, score ${points(l.score)}, seen by ${sourceWords(l.source)} `, appealCell(l));
      return line;
    }),
  );
  cells(daySpan(item.from, item.to), d, signed(item.total), points(item.lines.at(-1)!.score), '');
  return tr;
}

/** A line in words: the event, who saw it, the rule. */
function describe(l: CardLine): string {
  if (l.event === 'appeal') return 'an appeal upheld: the penalty is reversed';
  if (l.event === 'peer_rating') return 'a rating by a peer, weighed by the rater’s own score';
  return `${eventNoun(l.event)}, seen by ${sourceWords(l.source)} (rule: ${humanize(l.rule)})`;
}
