import { $, api, text, button, runPath } from './api.ts';
import { avatar } from './screen.ts';
import { count, points } from './words.ts';
import type { CitizenRow } from '../../src/server/view-types.ts';

/** Citizens a page of search results shows. */
const PAGE = 25;

interface Found {
  scorer: string | null;
  scorerLabel: string | null;
  total: number;
  offset: number;
  citizens: CitizenRow[];
}

let open: (run: string, citizen: number) => void = () => {};
export const onOpenCitizen = (f: typeof open) => (open = f);

/** Search the chosen run's citizens with the search form's fields (or a district from the map), a page at a time. */
export async function searchCitizens(district?: number, offset = 0) {
  const out = $('results');
  const run = $<HTMLSelectElement>('card-run').value;
  const params = new URLSearchParams({ filter: $<HTMLSelectElement>('search-filter').value, limit: String(PAGE), offset: String(offset) });
  const name = $<HTMLInputElement>('search-name').value.trim();
  if (name) params.set('name', name);
  if (district !== undefined) params.set('district', String(district));
  out.setAttribute('aria-busy', 'true');
  try {
    const found = await api<Found>(`${runPath(run)}/citizens?${params}`);
    const what = district !== undefined ? `in district ${district}` : name ? `named like “${name}”` : '';
    const list = document.createElement('ul');
    list.className = 'results';
    list.append(
      ...found.citizens.map((c) => {
        const li = document.createElement('li');
        const b = button('', () => open(run, c.id));
        b.className = 'result';
        b.dataset.citizen = String(c.id);
        const facts = [
          c.score === null ? 'not scored' : `${points(c.score)} points, tier ${c.tier}`,
          `district ${c.district}`,
          ...c.listedAs.map((l) => `on the list of ${l}`),
          c.wrongfulPenalties ? count(c.wrongfulPenalties, 'wrongful penalty', 'wrongful penalties') : '',
          c.denials ? count(c.denials, 'denial') : '',
          c.onScreen ? 'on a public screen' : '',
        ].filter(Boolean);
        const score = text('span', c.score === null ? '' : String(c.score), 'score-raw');
        score.hidden = true;
        b.append(avatar(c.id, 32), text('span', `${c.name} #${c.id}`, 'name'), text('span', facts.join(' · '), 'hint'), score);
        li.append(b);
        return li;
      }),
    );
    const from = found.offset + 1,
      to = found.offset + found.citizens.length;
    const head = [count(found.total, 'citizen'), what].filter(Boolean).join(' ');
    const summary = found.total > found.citizens.length ? `${head}: ${from.toLocaleString('en')} to ${to.toLocaleString('en')} shown.` : `${head}.`;
    out.replaceChildren(
      text('p', summary, 'hint results-summary'),
      list,
      pager(found, (o) => void searchCitizens(district, o)),
    );
    if (found.scorerLabel) out.prepend(text('p', `Scores are those of the ${found.scorerLabel}.`, 'hint'));
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'));
  } finally {
    out.removeAttribute('aria-busy');
  }
}

/** Previous and next pages of results. */
function pager(found: Found, go: (offset: number) => void): HTMLElement {
  const nav = document.createElement('nav');
  nav.className = 'pager';
  nav.setAttribute('aria-label', 'pages of search results');
  if (found.total <= PAGE) return nav;
  const prev = button('Previous', () => go(Math.max(0, found.offset - PAGE)), 'previous page of citizens');
  prev.disabled = found.offset === 0;
  const next = button('Next', () => go(found.offset + PAGE), 'next page of citizens');
  next.disabled = found.offset + PAGE >= found.total;
  const pages = Math.ceil(found.total / PAGE);
  nav.append(prev, text('span', `page ${Math.floor(found.offset / PAGE) + 1} of ${pages.toLocaleString('en')}`, 'hint'), next);
  return nav;
}
