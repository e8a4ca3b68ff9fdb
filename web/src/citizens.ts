import { $, api, postJson, text, button, table, follow, runPath, fmt, count, type ApiError } from './api.ts';
import { avatar } from './charts.ts';
import { citizenName } from '../../src/server/names.ts';
import type { CitizenRow } from '../../src/server/view-types.ts';

/** The citizen card and the search that finds citizens: by synthetic name, district, or standing. */

interface Line {
  day: number;
  event: string;
  rule: string;
  delta: number;
  score: number;
  wrongful: boolean;
  why?: string;
}
interface Card {
  id: number;
  about: Record<string, string | number | boolean>;
  scorers: { scorer: string; scored: boolean; score: number; tier: string; history: Line[] }[];
  lists: { list: string; listed: boolean }[];
  gates: { gate: string; status: string; because: string }[];
}
interface Outcome {
  citizen: number;
  day: number;
  filedOn: number;
  decidedOn: number;
  scorer: string;
  rule: string;
  delta: number;
  wrongful: boolean;
  filedBy: 'user' | 'citizen';
  upheld: boolean | null;
  restored: number;
}
const viewed = () => $<HTMLSelectElement>('card-run').value;
const NOT_APPEALABLE = /^(appeal upheld|peer rating)/;

/** Search the viewed run's citizens with the search form's fields (or a district from the map). */
export async function searchCitizens(district?: number) {
  const out = $('results');
  const params = new URLSearchParams({ filter: $<HTMLSelectElement>('search-filter').value, limit: '50' });
  const name = $<HTMLInputElement>('search-name').value.trim();
  if (name) params.set('name', name);
  if (district !== undefined) params.set('district', String(district));
  out.replaceChildren(text('p', 'Searching…', 'hint'));
  try {
    const found = await api<{ scorer: string | null; total: number; citizens: CitizenRow[] }>(`${runPath(viewed())}/citizens?${params}`);
    const what = district !== undefined ? `in district ${district}` : name ? `named like “${name}”` : '';
    const list = document.createElement('ul');
    list.className = 'results';
    list.append(
      ...found.citizens.map((c) => {
        const li = document.createElement('li');
        const b = button('', () => void openCard(c.id), `open the card of ${c.name}, citizen ${c.id}`);
        b.className = 'result';
        const facts = [
          c.score === null ? 'not scored' : `${found.scorer} ${fmt(c.score)} (${c.tier})`,
          `district ${c.district}`,
          ...c.listed.map((l) => `on ${l}`),
          c.wrongfulPenalties ? count(c.wrongfulPenalties, 'wrongful penalty', 'wrongful penalties') : '',
          c.denials ? count(c.denials, 'denial') : '',
          c.onScreen ? 'on the screen' : '',
        ].filter(Boolean);
        b.append(avatar(c.id, 32), text('span', `${c.name} #${c.id}`, 'name'), text('span', facts.join(' · '), 'hint'));
        li.append(b);
        return li;
      }),
    );
    out.replaceChildren(
      text('p', `${[count(found.total, 'citizen'), what].filter(Boolean).join(' ')}${found.total > found.citizens.length ? `: the first ${found.citizens.length} shown` : ''}.`, 'hint'),
      list,
    );
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'));
  }
}

/** Open a citizen's card in the viewed run: scores per scorer, tier, privileges and restrictions, the timeline with causes, appeal buttons. */
export async function openCard(citizen: number, run = viewed()) {
  $<HTMLInputElement>('card-id').value = String(citizen);
  const out = $('card');
  out.replaceChildren(text('p', 'Replaying the run for this citizen…', 'hint'));
  out.scrollIntoView({ block: 'nearest' });
  try {
    const [card, appeals] = await Promise.all([api<Card>(`${runPath(run)}/citizens/${citizen}`), api<{ from: string | null; outcomes: Outcome[] }>(`${runPath(run)}/appeals`)]);
    const name = citizenName(card.id);
    const head = document.createElement('div');
    head.className = 'card-head';
    head.append(avatar(card.id, 72), text('h3', `${name}, citizen ${card.id}`));
    const parts: HTMLElement[] = [
      head,
      text(
        'p',
        Object.entries(card.about)
          .map(([k, v]) => `${k}: ${v}`)
          .join(' · '),
        'hint',
      ),
    ];
    const mine = appeals.outcomes.filter((o) => o.citizen === card.id);
    if (mine.length) {
      const box = document.createElement('div');
      box.className = 'outcome';
      box.setAttribute('role', 'note');
      box.append(text('h4', `Appeals filed for ${name} (this run re-runs ${appeals.from} with them)`), ...mine.map((o) => text('p', outcomeText(o))));
      parts.push(box);
    }
    for (const s of card.scorers) {
      parts.push(text('h4', s.scored ? `${s.scorer}: ${s.score.toFixed(1)}, tier ${s.tier}` : `${s.scorer}: not scored`));
      if (!s.history.length) continue;
      parts.push(
        table(
          ['day', 'event', 'rule', 'change', 'score', 'note'],
          s.history.map((l) => {
            const note = document.createElement('span');
            if (l.wrongful) note.append(text('strong', 'wrongful: '), l.why ?? '');
            if (l.delta < 0 && !NOT_APPEALABLE.test(l.rule) && l.event !== 'end of run') {
              const b = button('Appeal', () => void fileAppeal(run, card.id, l), `Appeal the penalty of day ${l.day} (${l.rule}, ${l.delta.toFixed(1)} points)`);
              b.className = 'small';
              note.append(' ', b);
            }
            return [String(l.day), l.event.replace(/_/g, ' '), l.rule, l.delta.toFixed(2), l.score.toFixed(1), note];
          }),
        ),
      );
      const rows = parts.at(-1)!.querySelectorAll('tr');
      s.history.forEach((l, k) => l.wrongful && rows[k + 1].classList.add('wrongful'));
    }
    parts.push(text('h4', 'Privileges and restrictions'));
    const ul = document.createElement('ul');
    ul.append(...card.gates.map((g) => text('li', `${g.gate}: ${g.status} (${g.because})`)), ...card.lists.map((l) => text('li', `${l.list}: ${l.listed ? 'listed' : 'not listed'}`)));
    parts.push(ul);
    out.replaceChildren(...parts);
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'));
  }
}

const outcomeText = (o: Outcome) => {
  const what = `The appeal of day ${o.day}'s penalty (${o.rule}, ${o.delta.toFixed(1)} points${o.wrongful ? ', wrongful' : ''})${o.filedBy === 'citizen' ? ', which the citizen had also appealed,' : ''} filed on day ${o.filedOn}`;
  if (o.upheld === null) return `${what} was not decided before the run ended (due on day ${o.decidedOn}).`;
  return o.upheld ? `${what}: upheld on day ${o.decidedOn}, the penalty is reversed and ${o.restored.toFixed(1)} points restored.` : `${what}: rejected on day ${o.decidedOn}, the penalty stands.`;
};

/** File an appeal: the run is re-run from its scenario and seed with the appeal filed, and the card reopens in the new run. */
let onNewRun: (run: string) => Promise<void> = async () => {};
export const afterAppeal = (f: typeof onNewRun) => (onNewRun = f);

async function fileAppeal(run: string, citizen: number, line: Line) {
  const status = $('appeal-status');
  status.className = '';
  status.textContent = `Filing the appeal of day ${line.day} and re-running the city…`;
  try {
    const { events } = await postJson<{ events: string }>(`${runPath(run)}/appeals`, { citizen, day: line.day });
    const appealed = await follow(events, (e) => {
      if (e.type === 'progress') status.textContent = `Re-running with the appeal filed: day ${e.day} of ${e.days}…`;
    });
    await onNewRun(appealed);
    await openCard(citizen, appealed);
    const { outcomes } = await api<{ outcomes: Outcome[] }>(`${runPath(appealed)}/appeals`);
    const o = outcomes.filter((x) => x.citizen === citizen && x.day === line.day);
    status.textContent = o.length ? `Decided in run ${appealed}: ${o.map(outcomeText).join(' ')}` : `Nothing to appeal on day ${line.day}.`;
  } catch (error) {
    status.textContent = (error as ApiError).message;
    status.className = 'issues';
  }
}
