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
      a.textContent = `${r.scenario}, ${r.citizens.toLocaleString('en')} citizens, ${r.days} days`;
      li.append(a, text('span', ` (${r.id})`, 'hint'));
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

function startRun(event: SubmitEvent) {
  event.preventDefault();
  const status = $('status'), progress = $<HTMLProgressElement>('progress');
  const body = { scenario: $<HTMLSelectElement>('scenario').value, citizens: Number($<HTMLInputElement>('citizens').value), days: Number($<HTMLInputElement>('days').value) };
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
            status.textContent = `Done: run ${e.run}.`;
            void loadRuns(e.run);
          } else status.textContent = `The run failed: ${e.message}`;
        }
      };
    })
    .catch((error: Error) => {
      status.textContent = error.message;
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

$<HTMLFormElement>('start').addEventListener('submit', startRun);
$<HTMLFormElement>('card-form').addEventListener('submit', openCard);
void loadScenarios();
void loadRuns();
