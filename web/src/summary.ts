import type { CardGate, CardScorer, CitizenCard } from '../../src/server/view-types.ts';
import { eventNoun, wrongedNoun, countWords, points, pointsOf, listWords, capital, pronouns, numberWord, count } from './words.ts';

/**
 * A citizen's card in plain words, generated from the explanation: where they started and stand,
 * what cost them points and what won some back, what the system got wrong about them, their days
 * on the public screens and lists, and what their standing now refuses or grants them. Pure.
 * @example summarize(card) // ["Started at 1,000 and ends the 365 days at 912, tier B: 88 points down.", ...]
 */
export function summarize(card: CitizenCard): string[] {
  const p = pronouns(card.about.sex);
  const main = mainScorer(card);
  const out: string[] = [];
  if (main) out.push(...standing(main, card.days, p));
  else out.push(`No scorer scores ${p.them} in this run.`);
  const spells = card.screens.spells;
  if (spells.length) {
    const days = spells.reduce((a, s) => a + s.until - s.day + 1, 0);
    const wrong = spells.filter((s) => s.wrongful).length;
    const paid = spells.filter((s) => s.feePaidOn !== null).length;
    out.push(
      `${capital(p.their)} face was put up on a public screen ${times(spells.length)}, ${count(days, 'day')} in all${
        wrong
          ? ` (${wrong === spells.length ? (spells.length === 1 ? 'for an act that was not ' : 'each time for an act that was not ') : `${numberWord(wrong)} of them for acts that were not `}${p.their})`
          : ''
      }${paid ? `; ${p.they} paid the fee to take it down ${times(paid)}` : ''}.`,
    );
  }
  for (const l of card.lists) if (l.listed) out.push(`${capital(p.they)} is on the list of ${l.label}${l.since !== null ? ` since day ${l.since}` : ''}.`);
  out.push(consequences(card.gates, p));
  for (const o of card.appeals.outcomes)
    out.push(
      o.upheld === null
        ? `An appeal of day ${o.day}’s penalty is still waiting for a decision.`
        : o.upheld
          ? `An appeal of day ${o.day}’s penalty was upheld on day ${o.decidedOn}: ${pointsOf(o.restored)} given back.`
          : `An appeal of day ${o.day}’s penalty was rejected on day ${o.decidedOn}.`,
    );
  if (card.scorers.some((s) => s.scored && s.transparency === 'secret'))
    out.push(`The rules are secret: ${p.they} sees ${p.their} score and what it costs ${p.them}, never the lines below that explain it.`);
  return out;
}

/** The scorer the summary tells of: the first that scores the citizen and moved their score, else the first that scores them. */
export const mainScorer = (card: CitizenCard): CardScorer | undefined => card.scorers.find((s) => s.scored && s.lines.length) ?? card.scorers.find((s) => s.scored);

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${numberWord(n)} times`);

type Pronouns = ReturnType<typeof pronouns>;

/** Where the score started and ended, what moved it most, and what was wrongly held against them. */
function standing(s: CardScorer, days: number, p: Pronouns): string[] {
  const out: string[] = [];
  const moved = s.score - s.start;
  const direction = Math.abs(moved) < 0.5 ? 'where it started' : `${pointsOf(Math.abs(moved))} ${moved < 0 ? 'down' : 'up'}`;
  out.push(`Started at ${points(s.start)} with the ${s.label} and ends the ${count(days, 'day')} at ${points(s.score)}, tier ${s.tier}: ${direction}.`);
  const groups = new Map<string, { event: string; source: string; wrongful: boolean; n: number; total: number }>();
  for (const l of s.lines) {
    if (l.event === 'end of run' || l.event === 'appeal') continue;
    const key = `${l.event}\u0000${l.wrongful ? l.source : ''}\u0000${Math.sign(l.delta)}`;
    const g = groups.get(key) ?? { event: l.event, source: l.source, wrongful: l.wrongful, n: 0, total: 0 };
    g.n++;
    g.total += l.delta;
    groups.set(key, g);
  }
  const all = [...groups.values()];
  const losses = all.filter((g) => !g.wrongful && g.total < 0).sort((a, b) => a.total - b.total);
  const gains = all.filter((g) => g.total > 0).sort((a, b) => b.total - a.total);
  const wronged = all.filter((g) => g.wrongful && g.total < 0).sort((a, b) => a.total - b.total);
  const phrase = (g: (typeof all)[number], k: number) => `${k === 0 ? pointsOf(Math.abs(g.total)) : points(Math.abs(g.total))} for ${countWords(g.n, eventNoun(g.event, 1), eventNoun(g.event, 2))}`;
  if (losses.length) out.push(`Lost ${listWords(losses.slice(0, 2).map(phrase))}${losses.length > 2 ? `, and ${points(-losses.slice(2).reduce((a, g) => a + g.total, 0))} for other things` : ''}.`);
  for (const g of wronged) {
    const what = wrongedNoun(g.source, g.n)
      .replace(/\bthem\b/g, p.them)
      .replace(/\btheir\b/g, p.their);
    const never = g.source === 'censor' ? `; ${p.they} never meant ${g.n === 1 ? 'it' : 'them'} so` : '';
    out.push(`Lost ${points(Math.abs(g.total))} ${losses.length ? 'more ' : ''}${points(Math.abs(g.total)) === '1' ? 'point' : 'points'} for ${numberWord(g.n)} ${what}${never}.`);
  }
  const reversed = s.lines.filter((l) => l.event === 'appeal');
  if (reversed.length) out.push(`${capital(countWords(reversed.length, 'penalty was', 'penalties were'))} reversed on appeal, giving back ${pointsOf(reversed.reduce((a, l) => a + l.delta, 0))}.`);
  if (gains.length) out.push(`Won ${listWords(gains.slice(0, 2).map(phrase))}${gains.length > 2 ? `, and ${points(gains.slice(2).reduce((a, g) => a + g.total, 0))} for other things` : ''}.`);
  return out;
}

/** What the citizen's standing refuses and grants them now, by the gates' labels. */
function consequences(gates: CardGate[], p: Pronouns): string {
  const refused = gates.filter((g) => g.status === 'denied' && !g.conditional).map((g) => g.label);
  const missed = gates.filter((g) => g.status === 'served').map((g) => g.label);
  const privileges = gates.filter((g) => g.status === 'privileged').map((g) => g.label);
  const parts: string[] = [];
  if (refused.length) parts.push(`is refused ${listWords(unique(refused))}`);
  if (missed.length) parts.push(`does not get ${listWords(unique(missed), 'or')}`);
  if (privileges.length) parts.push(`enjoys ${listWords(unique(privileges))}`);
  if (!parts.length) return gates.length ? `So far ${p.their} standing bars ${p.them} from nothing.` : 'No gate reads this scenario’s scores or lists.';
  return `Now ${p.they} ${listWords(parts)}.`;
}

const unique = (xs: string[]) => [...new Set(xs)];
