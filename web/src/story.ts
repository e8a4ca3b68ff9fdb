import { $, api, text, button, link, postJson, follow, runPath } from './api.ts';
import { STEPS } from './story-steps.ts';
import { go, hashOf } from './router.ts';
import { runs, loadRuns } from './runs.ts';
import { count } from './words.ts';
import type { StoryView } from '../../src/server/view-types.ts';

/**
 * The story mode: a guided walk through one run, step by step, for classrooms and readers. Each
 * step shows real results of the run (read through the API), with a link to the full data; its
 * address (`#/story/<run>/<step>`) can be shared.
 */

const cache = new Map<string, StoryView>();

/** The story's own run: a year of the seed's system in a small city. */
const STORY_RUN = { scenario: 'seed-2020', citizens: 3000, days: 365 };

export async function showStory(run?: string, step = 1) {
  const out = $('story');
  if (!run) return landing(out);
  let story = cache.get(run);
  out.setAttribute('aria-busy', 'true');
  try {
    if (!story) {
      out.replaceChildren(text('p', 'Reading the run…', 'hint loading'));
      story = await api<StoryView>(`${runPath(run)}/story`);
      cache.set(run, story);
    }
    const k = Math.max(1, Math.min(STEPS.length, step));
    const s = STEPS[k - 1];
    const again = () => {
      cache.delete(run);
      void loadRuns();
      void showStory(run, k);
    };
    const body = await s.render(story, again);
    const data = s.data(story);
    const article = document.createElement('article');
    article.className = 'story-step';
    article.setAttribute('aria-labelledby', 'story-step-title');
    const h = text('h2', s.title(story));
    h.id = 'story-step-title';
    h.tabIndex = -1;
    const more = link(data.href, `${data.label} →`);
    more.className = 'see-data';
    article.append(text('p', `Step ${k} of ${STEPS.length}`, 'step-count'), h, ...body, more);
    out.replaceChildren(progress(run, k, story), article, stepNav(run, k));
    out.dataset.step = String(k);
    $('story-title').textContent = `The story of run ${run}`;
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'), link(hashOf('story'), 'Choose another run'));
  } finally {
    out.removeAttribute('aria-busy');
  }
}

/** The steps as a row of links: where the reader is, and a way to jump. */
function progress(run: string, k: number, story: StoryView): HTMLElement {
  const ol = document.createElement('ol');
  ol.className = 'story-progress';
  ol.setAttribute('aria-label', 'steps of the story');
  STEPS.forEach((s, j) => {
    const li = document.createElement('li');
    const a = link(hashOf('story', run, j + 1), `${j + 1}. ${s.title(story)}`);
    if (j + 1 === k) a.setAttribute('aria-current', 'step');
    li.append(a);
    ol.append(li);
  });
  return ol;
}

function stepNav(run: string, k: number): HTMLElement {
  const nav = document.createElement('nav');
  nav.className = 'story-nav';
  nav.setAttribute('aria-label', 'story steps');
  const prev = button('← Previous step', () => go('story', run, k - 1));
  prev.disabled = k === 1;
  const next = button(k === STEPS.length ? 'Back to the first step' : 'Next step →', () => go('story', run, k === STEPS.length ? 1 : k + 1));
  const share = link(`${location.pathname}${hashOf('story', run, k)}`, 'Link to this step');
  share.className = 'share';
  nav.append(prev, next, share);
  return nav;
}

/** No run chosen yet: pick one, or make the story's own. */
function landing(out: HTMLElement) {
  $('story-title').textContent = 'The story of a run';
  const intro = text(
    'p',
    'Credence runs a synthetic city under a social credit system, the one the seed article describes: every citizen scored by secret rules, watched by cameras, rewarded and punished. The story walks through what one run did to the people in it, in seven steps, every number read from the run.',
    'lead',
  );
  const status = text('p', '', 'status');
  status.setAttribute('role', 'status');
  const make = button(`Make the story’s run: a year of ${STORY_RUN.scenario} for ${count(STORY_RUN.citizens, 'citizen')}`, async () => {
    make.disabled = true;
    status.textContent = 'Starting…';
    try {
      const { events } = await postJson<{ events: string }>('/api/runs', STORY_RUN);
      const id = await follow(events, (e) => {
        if (e.type === 'progress') status.textContent = `Day ${e.day} of ${e.days}…`;
      });
      await loadRuns(id);
      go('story', id, 1);
    } catch (error) {
      status.textContent = (error as Error).message;
      make.disabled = false;
    }
  });
  const parts: Node[] = [intro];
  if (runs.length) {
    const field = document.createElement('div');
    field.className = 'field';
    const label = text('label', 'Tell the story of') as HTMLLabelElement;
    label.htmlFor = 'story-run';
    const select = document.createElement('select');
    select.id = 'story-run';
    select.append(...runs.map((r) => new Option(`${r.scenario}, ${count(r.citizens, 'citizen')}, ${count(r.days, 'day')} (${r.id})`, r.id)));
    field.append(label, select);
    const row = document.createElement('div');
    row.className = 'row';
    row.append(
      field,
      button('Begin the story', () => go('story', select.value, 1)),
    );
    parts.push(row, text('p', 'Or:', 'hint'));
  }
  parts.push(make, text('p', 'It takes about a quarter of a minute on this machine.', 'hint'), status);
  out.replaceChildren(...parts);
}
