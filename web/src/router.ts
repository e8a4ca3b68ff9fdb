/**
 * The dashboard's pages, one shown at a time, chosen by the address's hash so every view can be
 * shared and bookmarked: `#/city/<run>`, `#/citizens/<run>/<citizen>`, `#/story/<run>/<step>`.
 */
export const PAGES = ['story', 'run', 'city', 'citizens', 'compare', 'runs'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  args: string[];
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const page = (PAGES as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as Page) : 'story';
  return { page, args: parts.slice(1) };
}

export const hashOf = (page: Page, ...args: (string | number)[]) => `#/${[page, ...args.map((a) => encodeURIComponent(String(a)))].join('/')}`;

/** Go to a page: the address changes, and the route handler shows it. */
export const go = (page: Page, ...args: (string | number)[]) => {
  const hash = hashOf(page, ...args);
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
};

/** Change the address without showing anything new (a live run that became a stored one). */
export const replaceRoute = (page: Page, ...args: (string | number)[]) => history.replaceState(null, '', hashOf(page, ...args));

/** Show one page: the others hidden, the navigation marking it, the focus on its heading when the reader moved. */
export function showPage(page: Page, focus: boolean) {
  for (const section of document.querySelectorAll<HTMLElement>('[data-page]')) section.hidden = section.dataset.page !== page;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (a.dataset.nav === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const title = document.querySelector<HTMLElement>(`[data-page="${page}"] h1`);
  document.title = `${title?.textContent ?? 'Credence'} · Credence`;
  if (focus && title) {
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }
}

export const onRoute = (f: (r: Route) => void) => {
  window.addEventListener('hashchange', () => f(parseHash(location.hash)));
  f(parseHash(location.hash));
};
