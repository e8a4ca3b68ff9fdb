import { postJson, text, button, table, follow } from './api.ts';
import { pronouns } from './words.ts';
import type { CitizenCard } from '../../src/server/view-types.ts';

interface WhatIfAnswer {
  summary?: { measure: string; actual: number | string | null; counterfactual: number | string | null }[];
  divergedOn?: number | null;
  events?: string;
}

const cell = (v: number | string | null) => (v === null ? '–' : typeof v === 'number' ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : String(+v.toFixed(2))) : v);

/**
 * The citizen's counterfactual life: the same run with what the system wrongly held against them
 * taken away. Offered where the server answers for it (`card.whatif`); the place is kept otherwise.
 */
export function whatIfSection(card: CitizenCard): HTMLElement {
  const p = pronouns(card.about.sex);
  const sec = document.createElement('section');
  sec.className = 'whatif';
  sec.append(text('h3', 'What if?'));
  if (!card.whatif) {
    sec.append(text('p', `A counterfactual life (the same run, without what was wrongly held against ${p.them}) is not offered by this server.`, 'hint'));
    return sec;
  }
  if (!card.scorers.some((s) => s.lines.some((l) => l.wrongful))) {
    sec.append(text('p', `The system held nothing wrongly against ${p.them}: without its errors, ${p.their} year is the one ${p.they} lived.`, 'hint'));
    return sec;
  }
  const out = document.createElement('div');
  out.setAttribute('aria-live', 'polite');
  const path = card.whatif;
  sec.append(
    button(`Live ${p.their} year again without the wrongful penalties`, async () => {
      out.replaceChildren(text('p', 'Replaying the year twice: as it was, and without the wrongs…', 'hint'));
      try {
        let answer = await postJson<WhatIfAnswer>(path, { without: 'wrongful' });
        if (answer.events) {
          await follow(answer.events, () => {});
          answer = await postJson<WhatIfAnswer>(path, { without: 'wrongful' });
        }
        const rows = answer.summary ?? [];
        out.replaceChildren(
          text(
            'p',
            answer.divergedOn === null || answer.divergedOn === undefined
              ? `${p.their[0].toUpperCase()}${p.their.slice(1)} two lives never differ.`
              : `The two lives part on day ${answer.divergedOn}.`,
          ),
          table(
            ['', 'as it was', 'without the wrongs'],
            rows.map((r) => [r.measure, cell(r.actual), cell(r.counterfactual)]),
          ),
        );
      } catch (error) {
        out.replaceChildren(text('p', (error as Error).message, 'issues'));
      }
    }),
    out,
  );
  return sec;
}
