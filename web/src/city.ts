import { $, api, text, runPath } from './api.ts';
import { drawMultiples, dailyCaption, DAILY, WELLBEING, PROMISES, type DayRow } from './charts.ts';
import { drawScores, scoresCaption, drawTiers, tiersCaption, tierShares, drawWrongful, wrongfulCaption, type TierShare } from './distribution.ts';
import { drawMap, mapCaption } from './map.ts';
import { drawScreen } from './screen.ts';
import type { CitySnapshot, RunView, WrongfulCell } from '../../src/server/view-types.ts';

/** The city view: a run's days so far, tier shares over time, the city now, and (once stored) wrongful penalties by cause. */
export const view = { run: '', days: [] as DayRow[], tiers: [] as TierShare[], city: null as CitySnapshot | null, wrongful: null as WrongfulCell[] | null };

let handlers = { card: (_run: string, _citizen: number) => {}, district: (_run: string, _district: number) => {} };
export const onCityChoice = (h: typeof handlers) => (handlers = h);

let pending = 0;

/** Draw every chart of the city view from `view`. */
export function drawView() {
  pending = 0;
  drawMultiples($('chart-daily'), view.days, DAILY);
  $('cap-daily').textContent = dailyCaption(view.days, DAILY);
  drawMultiples($('chart-stress'), view.days, WELLBEING, ['stress', 'health']);
  $('cap-stress').textContent = 'Stress and health are the means of the day; spontaneous acts are counted. Each has its own scale.';
  drawMultiples($('chart-promises'), view.days, PROMISES);
  $('cap-promises').textContent = dailyCaption(view.days, PROMISES);
  const scorer = view.city?.scorer ?? null;
  if (view.city) {
    drawScores($('chart-scores'), scorer);
    $('cap-scores').textContent = scoresCaption(scorer);
    drawMapNow();
    drawScreen($('screen'), view.city.screen, (c) => handlers.card(view.run, c));
    $('screen-day').textContent = `on day ${view.city.day}`;
  }
  drawTiers($('chart-tiers'), view.tiers, scorer?.tiers ?? []);
  $('cap-tiers').textContent = scorer ? tiersCaption(view.tiers, scorer.tiers) : '';
  if (view.wrongful) {
    drawWrongful($('chart-wrongful'), view.wrongful);
    $('cap-wrongful').textContent = wrongfulCaption(view.wrongful);
  } else {
    $('chart-wrongful').replaceChildren(text('p', 'Drawn when the run is stored: the causes are counted over the whole run.', 'hint'));
    $('cap-wrongful').textContent = '';
  }
}
export const scheduleDraw = () => (pending ||= window.setTimeout(drawView, 250));

export function drawMapNow() {
  if (!view.city) return;
  const select = $<HTMLSelectElement>('city-metric');
  const score = Object.keys(view.city.districts[0] ?? {}).find((k) => k.startsWith('score_'));
  if (score && ![...select.options].some((o) => o.value === score)) select.append(new Option(`mean score (${view.city.scorer?.label ?? score.slice(6)})`, score));
  const label = select.selectedOptions[0].text;
  drawMap($('map'), view.city, select.value, label, (d) => handlers.district(view.run, d));
  $('cap-map').textContent = mapCaption(view.city, select.value, label);
}

/** Start a live view: empty charts of the size they will have. */
export function resetView() {
  Object.assign(view, { run: '', days: [], tiers: [], city: null, wrongful: null });
  drawView();
}

/** One streamed day of a live run. */
export function liveDay(day: number, metrics: Record<string, number>, city?: CitySnapshot) {
  view.days.push({ day, metrics });
  if (city) {
    view.city = city;
    view.tiers.push(...tierShares(city));
  }
  scheduleDraw();
}

/** Show a stored run. */
export async function openRun(id: string) {
  const status = $('view-status');
  const shown = () => (status.textContent = `Showing run ${id}: ${view.days.length.toLocaleString('en')} days.`);
  if (view.run === id && view.wrongful) return void shown();
  status.textContent = `Loading run ${id}…`;
  try {
    const v = await api<RunView>(`${runPath(id)}/view`);
    Object.assign(view, { run: id, days: v.days, tiers: v.tiers, city: v.snapshot, wrongful: v.wrongful });
    $('view-title').textContent = `The city: run ${id}`;
    drawView();
    shown();
  } catch (error) {
    status.textContent = (error as Error).message;
  }
}
