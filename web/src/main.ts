import * as Plot from '@observablehq/plot';

/** The dashboard: start a run and watch it, open a citizen's card, find past runs. It talks only to the JSON API. */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!res.ok) throw new Error(body.issues?.join('\n') ?? body.error ?? res.statusText);
  return body as T;
};
const text = (tag: string, content: string, className?: string) => {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
};

interface DayEvent {
  type: 'day';
  day: number;
  metrics: Record<string, number>;
}

async function loadScenarios() {
  const scenarios = await api<{ name: string; description: string }[]>('/api/scenarios');
  const select = $<HTMLSelectElement>('scenario');
  for (const s of scenarios) select.append(new Option(s.name, s.name, s.name === 'rongcheng', s.name === 'rongcheng'));
  for (const [id, pick] of [['compare-a', 'none'], ['compare-b', 'rongcheng']]) {
    $<HTMLSelectElement>(id).append(...scenarios.map((s) => new Option(s.name, s.name, s.name === pick, s.name === pick)));
  }
  const describe = () => ($('scenario-description').textContent = scenarios.find((s) => s.name === select.value)?.description ?? '');
  select.addEventListener('change', describe);
  describe();
}

async function loadRuns(select?: string) {
  const { runs } = await api<{ runs: { id: string; scenario: string; citizens: number; days: number }[] }>('/api/runs');
  const list = $('runs');
  list.replaceChildren(
    ...runs.map((r) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/api/runs/${encodeURIComponent(r.id)}/report`;
      a.textContent = `${r.scenario}, ${r.citizens.toLocaleString('en')} citizens, ${r.days} days (report)`;
      const del = text('button', 'Delete');
      del.setAttribute('aria-label', `Delete run ${r.id}`);
      del.addEventListener('click', async () => {
        await api(`/api/runs/${encodeURIComponent(r.id)}`, { method: 'DELETE' });
        void loadRuns();
      });
      const parquet = document.createElement('a');
      parquet.href = `/api/runs/${encodeURIComponent(r.id)}/parquet/metrics.parquet`;
      parquet.textContent = 'metrics.parquet';
      li.append(a, text('span', ` ${r.id} `, 'hint'), parquet, text('span', ' '), del);
      return li;
    }),
  );
  const runSelect = $<HTMLSelectElement>('card-run');
  runSelect.replaceChildren(...runs.map((r) => new Option(`${r.scenario} (${r.id})`, r.id, r.id === select, r.id === select)));
}

function drawLive(days: DayEvent[]) {
  const rows = days.flatMap((d) => ['violations', 'dissent', 'penalties', 'wrongfulPenalties', 'denials'].map((series) => ({ day: d.day, series, value: d.metrics[series] })));
  const chart = Plot.plot({ width: 900, height: 260, y: { grid: true, label: 'per day' }, x: { label: 'day' }, color: { legend: true }, marks: [Plot.lineY(rows, { x: 'day', y: 'value', stroke: 'series' }), Plot.ruleY([0])] });
  $('live').replaceChildren(chart);
}

function startRun(event: Event, scenario = $<HTMLSelectElement>('scenario').value) {
  event.preventDefault();
  const status = $('status'), progress = $<HTMLProgressElement>('progress');
  status.className = '';
  const body = { scenario, citizens: Number($<HTMLInputElement>('citizens').value), days: Number($<HTMLInputElement>('days').value) };
  status.textContent = 'Starting…';
  $<HTMLButtonElement>('run').disabled = true;
  api<{ events: string }>('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(({ events }) => {
      const days: DayEvent[] = [];
      progress.hidden = false;
      const source = new EventSource(events);
      source.onmessage = (m) => {
        const e = JSON.parse(m.data);
        if (e.type === 'progress') {
          progress.max = e.days;
          progress.value = e.day;
          status.textContent = `Day ${e.day} of ${e.days}, ${Math.round(e.agentDaysPerSecond).toLocaleString('en')} agent-days/s`;
        } else if (e.type === 'day') {
          days.push(e);
          if (days.length % 5 === 0 || days.length === body.days) drawLive(days);
        } else {
          source.close();
          $<HTMLButtonElement>('run').disabled = false;
          if (e.type === 'done') {
            drawLive(days);
            // the run is listed (and chosen for the card, map and screens) before it is announced
            void loadRuns(e.run).then(() => (status.textContent = `Done: run ${e.run}.`));
          } else status.textContent = `The run failed: ${e.message}`;
        }
      };
    })
    .catch((error: Error) => {
      status.textContent = error.message;
      status.className = 'issues';
      $<HTMLButtonElement>('run').disabled = false;
    });
}

interface Card {
  id: number;
  about: Record<string, string | number | boolean>;
  scorers: { scorer: string; scored: boolean; score: number; tier: string; history: { day: number; event: string; rule: string; delta: number; score: number; wrongful: boolean; why?: string }[] }[];
  lists: { list: string; listed: boolean }[];
  gates: { gate: string; status: string; because: string }[];
}

async function openCard(event: SubmitEvent) {
  event.preventDefault();
  const out = $('card');
  out.replaceChildren(text('p', 'Replaying the run for this citizen…', 'hint'));
  try {
    const card = await api<Card>(`/api/runs/${encodeURIComponent($<HTMLSelectElement>('card-run').value)}/citizens/${Number($<HTMLInputElement>('card-id').value)}`);
    const parts: HTMLElement[] = [text('h3', `Citizen ${card.id}`), text('p', Object.entries(card.about).map(([k, v]) => `${k}: ${v}`).join(' · '), 'hint')];
    for (const s of card.scorers) {
      parts.push(text('h4', s.scored ? `${s.scorer}: ${s.score.toFixed(1)}, tier ${s.tier}` : `${s.scorer}: not scored`));
      const table = document.createElement('table');
      table.append(...[['day', 'event', 'rule', 'change', 'score'], ...s.history.map((l) => [String(l.day), l.event, l.rule, l.delta.toFixed(2), l.score.toFixed(1)])].map((cells, i) => {
        const tr = document.createElement('tr');
        tr.append(...cells.map((c) => text(i ? 'td' : 'th', c)));
        const line = s.history[i - 1];
        if (line?.wrongful) {
          tr.className = 'wrongful';
          tr.append(text('td', `wrongful: ${line.why ?? ''}`));
        }
        return tr;
      }));
      parts.push(table);
    }
    parts.push(text('h4', 'Privileges and restrictions'));
    const ul = document.createElement('ul');
    ul.append(...card.gates.map((g) => text('li', `${g.gate}: ${g.status} (${g.because})`)), ...card.lists.map((l) => text('li', `${l.list}: ${l.listed ? 'listed' : 'not listed'}`)));
    parts.push(ul);
    out.replaceChildren(...parts);
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message));
  }
}

/** A generated avatar: a face drawn from the citizen's id, never from an image of anyone. */
function avatar(id: number): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const h = (k: number) => ((Math.imul(id + 1, 2654435761) >>> (k * 3)) & 255) / 255;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('width', '64');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `generated avatar of synthetic citizen ${id}`);
  const shape = (tag: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  };
  shape('circle', { cx: 20, cy: 20, r: 18, fill: `hsl(${Math.round(h(0) * 360)}, 35%, ${55 + Math.round(h(1) * 25)}%)` });
  shape('circle', { cx: 14, cy: 17, r: 2 + h(2) * 1.5, fill: '#222' });
  shape('circle', { cx: 26, cy: 17, r: 2 + h(2) * 1.5, fill: '#222' });
  shape('path', { d: `M12 ${26 + h(3) * 3} Q20 ${28 + h(4) * 6} 28 ${26 + h(3) * 3}`, stroke: '#222', fill: 'none', 'stroke-width': 1.5 });
  return svg;
}

const viewedRun = () => encodeURIComponent($<HTMLSelectElement>('card-run').value);

async function showMap(event: Event) {
  event.preventDefault();
  const metric = $<HTMLSelectElement>('city-metric').value;
  const districts = await api<Record<string, number>[]>(`/api/runs/${viewedRun()}/districts`);
  $('map').replaceChildren(
    Plot.plot({
      width: 420, height: 420, x: { axis: null }, y: { axis: null }, color: { legend: true, label: $<HTMLSelectElement>('city-metric').selectedOptions[0].text, scheme: 'blues' },
      marks: [Plot.cell(districts, { x: 'x', y: 'y', fill: metric, title: (d: Record<string, number>) => `district ${d.id}: ${Number(d[metric]).toFixed(2)}`, inset: 1 })],
    }),
  );
}

async function showScreen() {
  const screen = await api<{ fee: number; enabled: boolean; faces: { citizen: number; district: number; offence: string; daysLeft: number }[] }>(`/api/runs/${viewedRun()}/screen`);
  const list = $('screen');
  if (!screen.enabled) return list.replaceChildren(text('li', 'This scenario has no public screens.'));
  if (!screen.faces.length) return list.replaceChildren(text('li', 'No faces on the screens today.'));
  list.replaceChildren(
    ...screen.faces.map((f) => {
      const li = document.createElement('li');
      li.append(avatar(f.citizen), text('div', `Citizen ${f.citizen}, district ${f.district}`), text('div', `${f.offence.replace('_', ' ')}: ${f.daysLeft} day(s) left, or ${screen.fee} CNY`, 'hint'));
      return li;
    }),
  );
}

const HEADLINE = ['acts.jaywalking', 'acts.dissent_post', 'acts.spontaneous_act', 'penalties', 'penalties.wrongful', 'stress.mean', 'perceived_risk.mean', 'legitimacy.mean'];

function startCompare(event: Event) {
  event.preventDefault();
  const status = $('compare-status');
  const a = $<HTMLSelectElement>('compare-a').value, b = $<HTMLSelectElement>('compare-b').value;
  const body = { a, b, replications: Number($<HTMLInputElement>('compare-reps').value), citizens: Math.min(50_000, Number($<HTMLInputElement>('citizens').value)), days: Number($<HTMLInputElement>('days').value) };
  status.textContent = 'Starting…';
  api<{ events: string }>('/api/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(({ events }) => {
      const source = new EventSource(events);
      source.onmessage = async (m) => {
        const e = JSON.parse(m.data);
        if (e.type === 'progress') status.textContent = `Running: day ${e.day} of ${e.days}…`;
        if (e.type !== 'done' && e.type !== 'error') return;
        source.close();
        if (e.type === 'error') return void (status.textContent = `The comparison failed: ${e.message}`);
        status.textContent = 'Reading the effects…';
        const effects = await api<{ metric: string; mean_a: number; mean_b: number; diff: number; ci_low: number; ci_high: number }[]>(`/api/comparisons/${encodeURIComponent(e.run)}/effects`);
        const table = document.createElement('table');
        const f = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(3));
        table.append(
          ...[['metric', `A: ${a}`, `B: ${b}`, 'B - A', '95 % interval']].map((cells) => {
            const tr = document.createElement('tr');
            tr.append(...cells.map((c) => text('th', c)));
            return tr;
          }),
          ...effects.filter((x) => HEADLINE.includes(x.metric)).map((x) => {
            const tr = document.createElement('tr');
            tr.append(...[x.metric, f(x.mean_a), f(x.mean_b), f(x.diff), `[${f(x.ci_low)}, ${f(x.ci_high)}]`].map((c) => text('td', c)));
            return tr;
          }),
        );
        const link = document.createElement('a');
        link.href = `/api/comparisons/${encodeURIComponent(e.run)}/report`;
        link.textContent = 'The full report: every metric, the fairness audit, the replications';
        $('compare-result').replaceChildren(table, link);
        status.textContent = `Done: comparison ${e.run}.`;
      };
    })
    .catch((error: Error) => (status.textContent = error.message));
}

$<HTMLFormElement>('compare-form').addEventListener('submit', startCompare);
$<HTMLFormElement>('start').addEventListener('submit', (e) => startRun(e));
$<HTMLButtonElement>('run-yaml').addEventListener('click', (e) => startRun(e, $<HTMLTextAreaElement>('yaml').value));
$<HTMLFormElement>('city-form').addEventListener('submit', (e) => void showMap(e));
$<HTMLButtonElement>('screen-show').addEventListener('click', () => void showScreen());
$<HTMLFormElement>('card-form').addEventListener('submit', openCard);
void loadScenarios();
void loadRuns();
