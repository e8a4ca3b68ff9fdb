import { $, api, postJson, text, button, link, follow, runPath, type ApiError, type JobEvent } from './api.ts';
import { scenarioForm, type SchemaNode, type ScenarioForm } from './form.ts';
import { drawDaily, drawStress, PROMISES, drawScores, drawTiers, drawMap, drawScreen, tierShares, type DayRow, type CitySnapshot, type TierShare } from './charts.ts';
import { searchCitizens, openCard, afterAppeal } from './citizens.ts';
import { sideBySide, compareDesigns, type RunView } from './compare.ts';

/** The dashboard: set up a scenario and watch it live, open citizens' cards, compare runs, find past runs. It talks only to the JSON API. */

let schema: SchemaNode | undefined;
let form: ScenarioForm | undefined;

async function loadScenarios() {
  const [scenarios, s] = await Promise.all([api<{ name: string; description: string }[]>('/api/scenarios'), api<SchemaNode>('/api/schema')]);
  schema = s;
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
    form = scenarioForm($('scenario-fields'), schema!, values);
    $('scenario-fields').dataset.scenario = select.value;
  };
  select.addEventListener('change', () => void chosen());
  await chosen();
}

interface RunListing {
  id: string;
  scenario: string;
  citizens: number;
  days: number;
}

async function loadRuns(select?: string) {
  const { runs, limits } = await api<{ runs: RunListing[]; limits: { citizens: number; days: number } }>('/api/runs');
  $<HTMLInputElement>('citizens').max = String(limits.citizens);
  $<HTMLInputElement>('days').max = String(limits.days);
  $('runs').replaceChildren(
    ...runs.map((r) => {
      const li = document.createElement('li');
      const path = runPath(r.id);
      li.append(
        text('span', `${r.scenario}, ${r.citizens.toLocaleString('en')} citizens, ${r.days} days `, 'run-title'),
        text('span', r.id, 'hint run-id'),
        document.createElement('br'),
        button('Open', () => void openRun(r.id), `Open run ${r.id}`),
        ' ',
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
  if (!runs.length) $('runs').replaceChildren(text('li', 'No runs yet.', 'hint'));
  const options = (pick?: string) => runs.map((r) => new Option(`${r.scenario} (${r.id})`, r.id, r.id === pick, r.id === pick));
  const keep = (id: string, fallback?: string) => {
    const s = $<HTMLSelectElement>(id);
    const was = s.value;
    s.replaceChildren(...options(fallback ?? was));
  };
  keep('card-run', select);
  keep('side-a', runs[1]?.id);
  keep('side-b', runs[0]?.id);
}

/** What the city view draws: the run's days so far, tier shares over time, and the city now. */
const view = { run: '', days: [] as DayRow[], tiers: [] as TierShare[], city: null as CitySnapshot | null };
let pending = 0;

function drawView() {
  pending = 0;
  drawDaily($('chart-daily'), view.days);
  drawStress($('chart-stress'), view.days);
  drawDaily($('chart-promises'), view.days, PROMISES);
  if (view.city) {
    drawScores($('chart-scores'), view.city);
    drawMapNow();
    drawScreen($('screen'), view.city.screen, (c) => void openCard(c, view.run || undefined));
    $('screen-day').textContent = `on day ${view.city.day}`;
  }
  drawTiers($('chart-tiers'), view.tiers);
}
const scheduleDraw = () => (pending ||= window.setTimeout(drawView, 250));

function drawMapNow() {
  if (!view.city) return;
  const select = $<HTMLSelectElement>('city-metric');
  const score = Object.keys(view.city.districts[0] ?? {}).find((k) => k.startsWith('score_'));
  if (score && ![...select.options].some((o) => o.value === score)) select.append(new Option(`mean ${score.slice(6)} score`, score));
  drawMap($('map'), view.city, select.value, select.selectedOptions[0].text, (d) => {
    $<HTMLSelectElement>('card-run').value = view.run;
    void searchCitizens(d);
    $('citizens-title').scrollIntoView({ block: 'start' });
  });
}

async function openRun(id: string) {
  const status = $('view-status');
  status.textContent = `Loading run ${id}…`;
  const v = await api<RunView>(`${runPath(id)}/view`);
  Object.assign(view, { run: id, days: v.days, tiers: v.tiers, city: v.snapshot });
  $<HTMLSelectElement>('card-run').value = id;
  $('view-title').textContent = `The city: run ${id}`;
  drawView();
  status.textContent = `Showing run ${id}, ${v.days.length} days.`;
  $('view-title').scrollIntoView({ block: 'start' });
}

async function startRun(event: Event, yaml?: string) {
  event.preventDefault();
  const status = $('status'),
    progress = $<HTMLProgressElement>('progress');
  status.className = '';
  if (!yaml && form && !form.validate()) {
    status.textContent = 'Some fields are not valid: see the messages next to them.';
    status.className = 'issues';
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
    Object.assign(view, { run: '', days: [], tiers: [], city: null });
    $('view-title').textContent = 'The city, live';
    progress.hidden = false;
    const id = await follow(events, (e: JobEvent) => {
      if (e.type === 'progress') {
        progress.max = Number(e.days);
        progress.value = Number(e.day);
        status.textContent = `Day ${e.day} of ${e.days}, ${Math.round(Number(e.agentDaysPerSecond)).toLocaleString('en')} agent-days/s`;
      } else if (e.type === 'day') {
        view.days.push({ day: Number(e.day), metrics: e.metrics as Record<string, number> });
        if (e.city) {
          view.city = e.city as CitySnapshot;
          view.tiers.push(...tierShares(view.city));
        }
        $('view-status').textContent = `Live: day ${e.day}.`;
        scheduleDraw();
      }
    });
    view.run = id;
    // the run is listed (and chosen for the card, map and screens) before it is announced
    await loadRuns(id);
    drawView();
    $('view-title').textContent = `The city: run ${id}`;
    $('view-status').textContent = `Run ${id} is done.`;
    status.textContent = `Done: run ${id}.`;
  } catch (error) {
    const e = error as ApiError;
    const left = yaml || !form ? e.fields : form.showIssues(e.fields);
    status.textContent = e.fields.length && !left.length ? 'The scenario is not valid: see the messages next to the fields.' : e.message;
    status.className = 'issues';
  } finally {
    run.disabled = false;
  }
}

const size = () => ({ citizens: Number($<HTMLInputElement>('citizens').value), days: Number($<HTMLInputElement>('days').value) });

$<HTMLFormElement>('start').addEventListener('submit', (e) => void startRun(e));
$<HTMLButtonElement>('run-yaml').addEventListener('click', (e) => void startRun(e, $<HTMLTextAreaElement>('yaml').value));
$<HTMLSelectElement>('city-metric').addEventListener('change', drawMapNow);
$<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void searchCitizens();
});
$<HTMLFormElement>('card-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void openCard(Number($<HTMLInputElement>('card-id').value));
});
$<HTMLFormElement>('side-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void sideBySide();
});
$<HTMLFormElement>('compare-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void compareDesigns(size);
});
afterAppeal((run) => loadRuns(run));
void loadScenarios();
void loadRuns();
