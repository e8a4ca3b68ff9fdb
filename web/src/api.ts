/** Small helpers the dashboard's views share: elements, the JSON API, and following a job's events. */

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** An answer of the API that is not OK: its message, and the scenario's issues by field path when it gave them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!res.ok) throw new ApiError(body.issues?.join('\n') ?? body.error ?? res.statusText, body.fields ?? []);
  return body as T;
};

export const postJson = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const text = (tag: string, content: string, className?: string) => {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
};

export const button = (label: string, onClick: () => void, ariaLabel?: string) => {
  const b = text('button', label) as HTMLButtonElement;
  b.type = 'button';
  if (ariaLabel) b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', onClick);
  return b;
};

export const link = (href: string, label: string, download = false) => {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  if (download) a.download = '';
  return a;
};

/** A table from a header row and body rows. */
export function table(head: string[], rows: (string | Node)[][]): HTMLTableElement {
  const t = document.createElement('table');
  const row = (cells: (string | Node)[], tag: string) => {
    const tr = document.createElement('tr');
    tr.append(
      ...cells.map((c) => {
        const cell = document.createElement(tag);
        cell.append(c);
        return cell;
      }),
    );
    return tr;
  };
  t.append(row(head, 'th'), ...rows.map((r) => row(r, 'td')));
  return t;
}

export interface JobEvent {
  type: 'progress' | 'day' | 'done' | 'error';
  [k: string]: unknown;
}

/** Follow a job's server-sent events until it is done or fails; resolves with the stored run's id. */
export function follow(events: string, onEvent: (e: JobEvent) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(events);
    source.onmessage = (m) => {
      const e = JSON.parse(m.data) as JobEvent;
      onEvent(e);
      if (e.type === 'done') {
        source.close();
        resolve(String(e.run));
      } else if (e.type === 'error') {
        source.close();
        reject(new ApiError(String(e.message)));
      }
    };
  });
}

export const runPath = (run: string) => `/api/runs/${encodeURIComponent(run)}`;

export { count } from './words.ts';

export const fmt = (v: number) => (!Number.isFinite(v) ? '–' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(Math.abs(v) >= 10 ? 1 : 3));
