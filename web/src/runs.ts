import { $, api, text, button, link, runPath } from './api.ts';
import { count } from './words.ts';
import { go, hashOf } from './router.ts';

export interface RunListing {
  id: string;
  scenario: string;
  citizens: number;
  days: number;
  startedAt: string;
}

/** Past runs a page shows. */
const PAGE = 10;

/** The runs last listed, newest first. */
export let runs: RunListing[] = [];
let page = 0;

/** List the stored runs, keep the run pickers in step, and show a page of the list. */
export async function loadRuns(select?: string) {
  const answer = await api<{ runs: RunListing[]; limits: { citizens: number; days: number } }>('/api/runs');
  runs = answer.runs;
  $<HTMLInputElement>('citizens').max = String(answer.limits.citizens);
  $<HTMLInputElement>('days').max = String(answer.limits.days);
  const options = (pick?: string) => runs.map((r) => new Option(`${r.scenario}, ${count(r.citizens, 'citizen')}, ${count(r.days, 'day')} (${r.id})`, r.id, r.id === pick, r.id === pick));
  const keep = (id: string, fallback?: string) => {
    const s = $<HTMLSelectElement>(id);
    s.replaceChildren(...options(fallback ?? s.value));
  };
  keep('card-run', select);
  keep('side-a', runs[1]?.id);
  keep('side-b', runs[0]?.id);
  showRuns(Math.min(page, Math.max(0, Math.ceil(runs.length / PAGE) - 1)));
}

/** A page of the past runs, with what can be done with each. */
export function showRuns(p: number) {
  page = p;
  const shown = runs.slice(page * PAGE, (page + 1) * PAGE);
  $('runs').replaceChildren(
    ...shown.map((r) => {
      const li = document.createElement('li');
      const path = runPath(r.id);
      li.append(
        text('span', `${r.scenario}: ${count(r.citizens, 'citizen')}, ${count(r.days, 'day')} `, 'run-title'),
        text('span', r.id, 'hint run-id'),
        document.createElement('br'),
        button('Open', () => go('city', r.id), `Open run ${r.id}`),
        ' ',
        link(hashOf('story', r.id, 1), 'Its story'),
        ' · ',
        link(`${path}/report`, 'HTML report'),
        ' · ',
        link(`${path}/parquet/metrics.parquet`, 'metrics.parquet', true),
        ' · ',
        link(`${path}/parquet/citizens.parquet`, 'citizens.parquet', true),
        ' ',
        button(
          'Delete',
          async () => {
            await api(path, { method: 'DELETE' });
            void loadRuns();
          },
          `Delete run ${r.id}`,
        ),
      );
      return li;
    }),
  );
  if (!runs.length) $('runs').replaceChildren(text('li', 'No runs yet: start one on the Run page, or make the story’s run.', 'hint'));
  const pages = Math.ceil(runs.length / PAGE);
  const nav = $('runs-pages');
  nav.replaceChildren();
  if (pages > 1) {
    const prev = button('Previous', () => showRuns(page - 1), 'previous page of runs');
    prev.disabled = page === 0;
    const next = button('Next', () => showRuns(page + 1), 'next page of runs');
    next.disabled = page >= pages - 1;
    nav.append(prev, text('span', `page ${page + 1} of ${pages} (${count(runs.length, 'run')})`, 'hint'), next);
  }
}
