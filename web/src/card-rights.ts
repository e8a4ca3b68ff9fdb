import { text } from './api.ts';
import { capital, count, listWords, pronouns } from './words.ts';
import type { CardGate, CitizenCard, GateReason } from '../../src/server/view-types.ts';

type Pronouns = ReturnType<typeof pronouns>;

/** Why a gate lets the citizen through or not, in words. */
export function reasonWords(r: GateReason, p: Pronouns): string {
  if (r.kind === 'list') {
    if (!r.on) return `${p.they} is not on the list of ${r.list}`;
    return r.company ? `${p.they} represents a company on the list of ${r.list}` : `${p.they} is on the list of ${r.list}`;
  }
  if (r.kind === 'tier') return `${p.their} ${r.scorer} is tier ${r.tier}, ${r.below ? 'below' : 'at or above'} ${r.atLeast}`;
  return `the ${r.scorer} does not score ${p.them}, and the gate ${r.grants ? 'lets the unscored through' : 'refuses the unscored'}`;
}

const tries = (g: CardGate) => (g.attempts ? `${count(g.attempts, 'attempt')} in the run${g.denied ? `, ${count(g.denied, 'refusal')}` : ''}` : 'never tried');

/** One gate as a list item: its label, why, and how often it was tried. */
function item(g: CardGate, p: Pronouns): HTMLElement {
  const li = document.createElement('li');
  li.append(text('strong', capital(g.label)), `: ${listWords(g.reasons.map((r) => reasonWords(r, p)))}`);
  const notes = [tries(g)];
  if (g.conditional) notes.push('the gate applies only to some (a trade, a kind of attempt)');
  li.append(text('span', ` (${notes.join('; ')})`, 'hint'));
  return li;
}

/**
 * What a citizen's standing refuses and grants, gate by gate in the scenario's words: refused,
 * privileges missed, privileges held, and (folded) what it lets them do as anyone may.
 */
export function rightsSection(card: CitizenCard): HTMLElement {
  const p = pronouns(card.about.sex);
  const sec = document.createElement('section');
  sec.className = 'rights';
  sec.append(text('h3', `What ${p.their} standing lets ${p.them} do`));
  if (!card.gates.length) {
    sec.append(text('p', 'No gate reads a score or a list in this scenario: the system restricts nothing.', 'hint'));
    return sec;
  }
  const groups: [string, CardGate[], string][] = [
    ['Refused', card.gates.filter((g) => g.status === 'denied'), 'refused'],
    ['Privileges missed', card.gates.filter((g) => g.status === 'served'), 'missed'],
    ['Privileges held', card.gates.filter((g) => g.status === 'privileged'), 'held'],
  ];
  for (const [title, gates, cls] of groups) {
    if (!gates.length) continue;
    const ul = document.createElement('ul');
    ul.className = `rights-${cls}`;
    ul.append(...gates.map((g) => item(g, p)));
    sec.append(text('h4', `${title} (${gates.length})`), ul);
  }
  const allowed = card.gates.filter((g) => g.status === 'granted');
  if (allowed.length) {
    const d = document.createElement('details');
    const ul = document.createElement('ul');
    ul.className = 'rights-allowed';
    ul.append(...allowed.map((g) => item(g, p)));
    d.append(text('summary', `Allowed (${allowed.length}): ${listWords(allowed.map((g) => g.label))}`), ul);
    sec.append(d);
  }
  return sec;
}
