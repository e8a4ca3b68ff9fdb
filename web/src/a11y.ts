/**
 * Charts made plain for assistive technology. Observable Plot names its mark groups with
 * `aria-label` on `g` elements that have no role (ARIA forbids that), and gives its SVGs no role:
 * every chart added to the page, including a tooltip redrawn on hover, gets its groups' names moved
 * to `data-mark` and its SVG a role and a name (from its panel's title or its figure's), or the role
 * `group` where it holds controls (the map's districts).
 */
const PLOT = 'svg[class^="plot-"]';

function nameOf(svg: Element): string {
  const panel = svg.closest('.panel')?.querySelector('.panel-title')?.textContent;
  const figure = svg.closest('figure')?.querySelector('.fig-title, figcaption')?.textContent;
  return (panel ?? figure ?? svg.closest('[aria-label]')?.getAttribute('aria-label') ?? 'chart').trim();
}

function clean(root: Element) {
  const svgs = root.matches(PLOT) ? [root] : [...root.querySelectorAll(PLOT)];
  for (const svg of svgs) {
    if (!svg.hasAttribute('role')) svg.setAttribute('role', svg.querySelector('[role="button"]') ? 'group' : 'img');
    if (!svg.hasAttribute('aria-label')) svg.setAttribute('aria-label', nameOf(svg));
  }
  const groups = root.matches('g[aria-label]') ? [root] : [...root.querySelectorAll('g[aria-label]')];
  for (const g of groups) {
    if (g.hasAttribute('role')) continue;
    g.setAttribute('data-mark', g.getAttribute('aria-label') ?? '');
    g.removeAttribute('aria-label');
  }
}

export function watchCharts(root: HTMLElement = document.body) {
  clean(root);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) clean(n);
  }).observe(root, { subtree: true, childList: true });
}
