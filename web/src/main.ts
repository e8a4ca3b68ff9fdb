import { $, api, postJson, follow, type ApiError, type JobEvent } from './api.ts';
import { scenarioForm, type SchemaNode, type ScenarioForm } from './form.ts';
import { view, drawView, drawMapNow, resetView, liveDay, openRun, onCityChoice } from './city.ts';
import { searchCitizens, onOpenCitizen } from './search.ts';
import { openCard, afterAppeal } from './card.ts';
import { sideBySide, compareDesigns } from './compare.ts';
import { loadRuns } from './runs.ts';
import { showStory } from './story.ts';
import { onRoute, showPage, go, replaceRoute, type Route } from './router.ts';
import { watchCharts } from './a11y.ts';
import type { CitySnapshot } from '../../src/server/view-types.ts';

/** The dashboard: a page a view (the story, a run, the city, citizens and their cards, compare, past runs), chosen by the address. It talks only to the JSON API. */

let form: ScenarioForm | undefined;

async function loadScenarios() {
  const [scenarios, schema] = await Promise.all([api<{ name: string; description: string }[]>('/api/scenarios'), api<SchemaNode>('/api/schema')]);
  const select = $<HTMLSelectElement>('scenario');
  for (const sc of scenarios) select.append(new Option(sc.name, sc.name, sc.name === 'rongcheng', sc.name === 'rongcheng'));
  for (const [id, pick] of [
    ['compare-a', 'none'],
    ['compare-b', 'rongcheng'],
  ]) {
    $<HTMLSelectElement>(id).append(...scenarios.map((sc) => new Option(sc.name, sc.name, sc.name === pick, sc.name === pick)));
  }
  const chosen = async () => {
    $('scenario-description').textContent = scenarios.find((sc) => sc.name === select.value)?.description ?? '';
    const { values } = await api<{ values: Record<string, unknown> }>(`/api/scenarios/${encodeURIComponent(select.value)}`);
    form = scenarioForm($('scenario-fields'), schema, values);
    $('scenario-fields').dataset.scenario = select.value;
  };
  select.addEventListener('change', () => void chosen());
  await chosen();
}

async function startRun(event: Event, yaml?: string) {
  event.preventDefault();
  const status = $('status');
  const progress = $<HTMLProgressElement>('progress');
  status.className = 'status';
  if (!yaml && form && !form.validate()) {
    status.textContent = 'Some fields are not valid: see the messages next to them.';
    status.className = 'status issues';
    return;
  }
  const body = {
    scenario: yaml ?? $<HTMLSelectElement>('scenario').value,
    citizens: Number($<HTMLInputElement>('citizens').value),
    days: Number($<HTMLInputElement>('days').value),
    overrides: yaml ? {} : (form?.overrides() ?? {}),
  };
  status.textContent = 'Starting…';
  const run = $<HTMLButtonElement>('run');
  run.disabled = true;
  try {
    const { events } = await postJson<{ events: string }>('/api/runs', body);
    form?.showIssues([]);
    resetView();
    $('view-title').textContent = 'The city, live';
    progress.value = 0;
    progress.style.visibility = 'visible';
    go('city');
    const id = await follow(events, (e: JobEvent) => {
      if (e.type === 'progress') {
        progress.max = Number(e.days);
        progress.value = Number(e.day);
        const text = `Day ${e.day} of ${e.days}, ${Math.round(Number(e.agentDaysPerSecond)).toLocaleString('en')} agent-days a second`;
        status.textContent = text;
        $('view-status').textContent = `Live: ${text}.`;
      } else if (e.type === 'day') liveDay(Number(e.day), e.metrics as Record<string, number>, e.city as CitySnapshot | undefined);
    });
    progress.value = progress.max;
    // the run is listed (and chosen for the cards) before it is announced
    await loadRuns(id);
    replaceRoute('city', id);
    await openRun(id);
    status.textContent = `Done: run ${id}.`;
    $('view-status').textContent = `Run ${id} is done and stored: ${view.days.length.toLocaleString('en')} days.`;
  } catch (error) {
    const e = error as ApiError;
    const left = yaml || !form ? e.fields : form.showIssues(e.fields);
    status.textContent = e.fields.length && !left.length ? 'The scenario is not valid: see the messages next to the fields.' : e.message;
    status.className = 'status issues';
  } finally {
    run.disabled = false;
    progress.style.visibility = 'hidden';
  }
}

const size = () => ({ citizens: Number($<HTMLInputElement>('citizens').value), days: Number($<HTMLInputElement>('days').value) });
const chooseRun = (run: string) => {
  const select = $<HTMLSelectElement>('card-run');
  if ([...select.options].some((o) => o.value === run)) select.value = run;
};

/** Show what the address asks for. */
let first = true;
async function route(r: Route) {
  showPage(r.page, !first);
  first = false;
  const [a, b] = r.args;
  if (r.page === 'city' && a) await openRun(a);
  if (r.page === 'citizens' && a) {
    chooseRun(a);
    if (b !== undefined) {
      $<HTMLInputElement>('card-id').value = b;
      await openCard(a, Number(b));
    }
  }
  if (r.page === 'story') await showStory(a, Number(b ?? 1));
  if (r.page === 'compare' && a && b) {
    $<HTMLSelectElement>('side-a').value = a;
    $<HTMLSelectElement>('side-b').value = b;
    await sideBySide();
  }
}

$<HTMLFormElement>('start').addEventListener('submit', (e) => void startRun(e));
$<HTMLButtonElement>('run-yaml').addEventListener('click', (e) => void startRun(e, $<HTMLTextAreaElement>('yaml').value));
$<HTMLSelectElement>('city-metric').addEventListener('change', drawMapNow);
$<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void searchCitizens();
});
$<HTMLFormElement>('card-form').addEventListener('submit', (e) => {
  e.preventDefault();
  go('citizens', $<HTMLSelectElement>('card-run').value, Number($<HTMLInputElement>('card-id').value));
});
$<HTMLFormElement>('side-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void sideBySide();
});
$<HTMLFormElement>('compare-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void compareDesigns(size);
});
onOpenCitizen((run, citizen) => go('citizens', run, citizen));
onCityChoice({
  card: (run, citizen) => (run ? go('citizens', run, citizen) : undefined),
  district: (run, district) => {
    if (!run) return;
    go('citizens', run);
    chooseRun(run);
    void searchCitizens(district);
  },
});
afterAppeal(async (run) => {
  await loadRuns(run);
  replaceRoute('citizens', run, $<HTMLInputElement>('card-id').value);
});
let resized = 0;
window.addEventListener('resize', () => {
  clearTimeout(resized);
  resized = window.setTimeout(() => view.days.length && drawView(), 200);
});
watchCharts();
drawView();
void Promise.all([loadScenarios(), loadRuns()]).then(() => onRoute((r) => void route(r)));
