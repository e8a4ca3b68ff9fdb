/** The shell of a self-contained report: inline CSS, no script, nothing fetched. */
export interface Section {
  title: string;
  /** what the reader should take from it, in a sentence or two */
  lead?: string;
  html: string;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function page(title: string, subtitle: string, sections: Section[]): string {
  const nav = sections.map((s, i) => `<a href="#s${i}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s, i) => `<section id="s${i}"><h2>${escapeHtml(s.title)}</h2>${s.lead ? `<p class="lead">${escapeHtml(s.lead)}</p>` : ''}${s.html}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1d2b3a;color:#fff;padding:1.5rem 2rem}header h1{margin:0 0 .3rem;font-size:1.5rem}header p{margin:0;opacity:.85}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.4rem 2rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.85rem;z-index:1}
nav a{color:#1d2b3a;text-decoration:none}nav a:hover{text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:1rem 1.4rem;margin:1.2rem 0}
h2{font-size:1.15rem;margin:.2rem 0 .5rem}.lead{color:#555;margin-top:0}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f4f4f4}.flag{color:#b00020;font-weight:600}.small{color:#777;font-size:.8rem}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:.8rem;border-radius:4px}
figure{margin:.6rem 0}svg{max-width:100%;height:auto}
</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${nav}</nav>
<main>
${body}
<p class="small">Made by Credence. Populations are synthetic; face recognition is modelled from published error rates, never from images.</p>
</main></body></html>
`;
}

/** An HTML table; cells are escaped; `flags[r][c]` marks a cell. */
export function htmlTable(header: string[], rows: string[][], flags?: boolean[][]): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r, i) => `<tr>${r.map((c, j) => `<td${flags?.[i]?.[j] ? ' class="flag"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}
