import { $, api, postJson, text, button, follow, runPath, type ApiError } from './api.ts';
import { avatar } from './screen.ts';
import { scoreGauge, sparkline, tierBadge, trendWords } from './gauge.ts';
import { summarize, mainScorer } from './summary.ts';
import { timelineTable } from './card-timeline.ts';
import { rightsSection } from './card-rights.ts';
import { downloadCardPng } from './card-png.ts';
import { whatIfSection } from './card-whatif.ts';
import { count, daySpan, eventNoun, humanize, occupationWords, points, pointsOf, pronouns, capital } from './words.ts';
import type { CardAppeal, CitizenCard } from '../../src/server/view-types.ts';

/**
 * The citizen card: who they are (a synthetic name and a generated face), their standing at a
 * glance (the score on a gauge of its tiers, the tier badge, where they started, the trend), a
 * summary in plain words, what their standing refuses or grants them and why, their days on the
 * public screens and lists, and the score's timeline grouped, with appeals where one can be filed.
 */

let current: { card: CitizenCard; before?: CitizenCard } | null = null;
/** The card on show, for the story mode and tests. */
export const shownCard = () => current?.card ?? null;

/** Fetch and show a citizen's card of a run (the server replays the run with the citizen watched). */
export async function openCard(run: string, citizen: number, out: HTMLElement = $('card'), before?: CitizenCard): Promise<CitizenCard | null> {
  out.setAttribute('aria-busy', 'true');
  out.replaceChildren(text('p', 'Replaying the run for this citizen…', 'hint loading'));
  try {
    const card = await api<CitizenCard>(`${runPath(run)}/citizens/${citizen}/card`);
    current = { card, before };
    out.replaceChildren(renderCard(card, before));
    return card;
  } catch (error) {
    out.replaceChildren(text('p', (error as Error).message, 'issues'));
    return null;
  } finally {
    out.removeAttribute('aria-busy');
  }
}

/** A card as a page element, standing alone: the story mode embeds it too. */
export function renderCard(card: CitizenCard, before?: CitizenCard, options: { appeals?: boolean } = {}): HTMLElement {
  const p = pronouns(card.about.sex);
  const article = document.createElement('article');
  article.className = 'citizen-card';
  article.setAttribute('aria-labelledby', `card-name-${card.id}`);
  const main = mainScorer(card);

  const head = document.createElement('header');
  head.className = 'card-head';
  const who = document.createElement('div');
  const h = text('h2', card.name);
  h.id = `card-name-${card.id}`;
  who.append(
    h,
    text(
      'p',
      `Age ${card.about.age}. ${capital(p.they)} ${occupationWords(card.about.occupation)}${card.about.employed ? '' : ' (out of work now)'} and lives in district ${card.about.district} (${card.about.group} group).`,
      'who',
    ),
    text(
      'p',
      `Synthetic citizen #${card.id} of run ${card.run} (${card.scenario}), after ${count(card.days, 'day')}${card.about.inRunSince ? `; in the city since day ${card.about.inRunSince}` : ''}.`,
      'hint',
    ),
  );
  head.append(avatar(card.id, 80), who, actions(card, article));
  article.append(head);

  const standing = document.createElement('div');
  standing.className = 'standing';
  for (const s of card.scorers) {
    const box = document.createElement('section');
    box.className = 'scorer-standing';
    box.setAttribute('aria-label', `standing with the ${s.label}`);
    if (!s.scored) {
      box.append(text('h3', capital(s.label)), text('p', `Not scored: ${p.they} did not enrol.`, 'hint'));
    } else {
      const big = document.createElement('p');
      big.className = 'big-score';
      big.append(text('span', points(s.score), 'score-value'), ' ', tierBadge(s.tier, s.tiers));
      box.append(
        text('h3', capital(s.label)),
        big,
        scoreGauge(s),
        text('p', `Started at ${points(s.start)} · ${trendWords(s, card.days - 1)} · rules ${s.transparency}`, 'hint'),
        sparkline(s, card.days - 1),
      );
    }
    standing.append(box);
  }
  if (main) article.append(standing);

  const summary = document.createElement('section');
  summary.className = 'summary';
  summary.setAttribute('aria-labelledby', `summary-${card.id}`);
  const sh = text('h3', 'In short');
  sh.id = `summary-${card.id}`;
  summary.append(sh, ...summarize(card).map((s) => text('p', s)));
  article.append(summary);

  if (card.scorers.some((s) => s.scored && s.transparency === 'secret')) {
    const note = text(
      'p',
      `The rules are secret. ${card.name} sees only the outcome: ${p.their} score, ${p.their} tier and what they cost ${p.them}. The lines below, and why each was counted, are what the system knows and ${p.they} does not.`,
      'secret',
    );
    note.setAttribute('role', 'note');
    article.append(note);
  }
  if (card.appeals.outcomes.length || before) article.append(appealsBox(card, before));
  article.append(rightsSection(card));
  article.append(screensSection(card));
  if (card.lists.length) article.append(listsSection(card));
  for (const s of card.scorers) if (s.scored && s.lines.length) article.append(timelineTable(card, s, options.appeals === false ? undefined : (day) => void fileAppeal(card, day)));
  article.append(whatIfSection(card));
  if (!card.verified) article.append(text('p', 'Warning: the replay did not end where the stored run did; this card may not match the run.', 'issues'));
  return article;
}

/** Print, download as an image, and see the card as the citizen does. */
function actions(card: CitizenCard, article: HTMLElement): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'card-actions';
  const asCitizen = button('As the citizen sees it', () => {
    const on = article.classList.toggle('as-citizen');
    asCitizen.setAttribute('aria-pressed', String(on));
  });
  asCitizen.setAttribute('aria-pressed', 'false');
  bar.append(
    button('Print', () => window.print(), `Print the card of ${card.name}`),
    button('Download PNG', () => void downloadCardPng(card), `Download PNG of the card of ${card.name}`),
    asCitizen,
  );
  return bar;
}

function appealsBox(card: CitizenCard, before?: CitizenCard): HTMLElement {
  const box = document.createElement('section');
  box.className = 'outcome';
  box.setAttribute('aria-label', 'appeals');
  box.append(text('h3', `Appeals filed for ${card.name}`));
  if (card.appeals.from) box.append(text('p', `This card is from run ${card.run}: run ${card.appeals.from} re-run from its seed with the appeals filed, decided by the judge like any other.`, 'hint'));
  for (const o of card.appeals.outcomes) box.append(text('p', outcomeText(o)));
  const now = mainScorer(card);
  const was = before && now ? before.scorers.find((s) => s.id === now.id) : undefined;
  if (now && was) box.append(text('p', `Before the appeal: ${points(was.score)} (tier ${was.tier}). After: ${points(now.score)} (tier ${now.tier}).`, 'before-after'));
  return box;
}

export const outcomeText = (o: CardAppeal) => {
  const what = `The appeal of day ${o.day}’s penalty (${humanize(o.rule)}, ${pointsOf(o.delta)}${o.wrongful ? ', a wrongful one' : ''})${o.filedBy === 'citizen' ? ', which the citizen had also appealed,' : ''} filed on day ${o.filedOn}`;
  if (o.upheld === null) return `${what} was not decided before the run ended (due on day ${o.decidedOn}).`;
  return o.upheld ? `${what}: upheld on day ${o.decidedOn}, the penalty is reversed and ${pointsOf(o.restored)} restored.` : `${what}: rejected on day ${o.decidedOn}, the penalty stands.`;
};

function screensSection(card: CitizenCard): HTMLElement {
  const p = pronouns(card.about.sex);
  const sec = document.createElement('section');
  sec.className = 'screens-history';
  sec.append(text('h3', 'Days on a public screen'));
  if (!card.screens.enabled) sec.append(text('p', 'This city has no public screens.', 'hint'));
  else if (!card.screens.spells.length) sec.append(text('p', `${capital(p.their)} face was never put up on a public screen.`, 'hint'));
  else {
    const ul = document.createElement('ul');
    for (const s of card.screens.spells) {
      const days = s.until - s.day + 1;
      ul.append(
        text(
          'li',
          `${capital(daySpan(s.day, s.until))} (${count(days, 'day')}), on the screen of district ${s.district}, for ${eventNoun(s.offence)}${s.wrongful ? ': someone else’s act, a false face match' : ''}${s.feePaidOn !== null ? `; ${p.they} paid ${card.screens.fee.toLocaleString('en')} CNY to take it down on day ${s.feePaidOn}` : ''}.`,
          s.wrongful ? 'wrongful' : '',
        ),
      );
    }
    sec.append(ul);
  }
  return sec;
}

function listsSection(card: CitizenCard): HTMLElement {
  const sec = document.createElement('section');
  sec.append(text('h3', 'Lists'));
  const ul = document.createElement('ul');
  for (const l of card.lists) {
    const moves = l.history.map((h) => `${h.entered ? 'put on' : 'taken off'} on day ${h.day}`).join(', ');
    ul.append(text('li', `${capital(l.label)}: ${l.listed ? `on the list${l.since !== null ? ` since day ${l.since}` : ''}` : 'not on the list'}${moves ? ` (${moves})` : ''}.`));
  }
  sec.append(ul);
  return sec;
}

/** File an appeal: the run is re-run from its scenario and seed with the appeal filed, and the card reopens in the new run, before and after side by side. */
let onNewRun: (run: string) => Promise<void> = async () => {};
export const afterAppeal = (f: typeof onNewRun) => (onNewRun = f);

async function fileAppeal(card: CitizenCard, day: number) {
  const status = $('appeal-status');
  status.className = '';
  status.textContent = `Filing the appeal of day ${day} and re-running the city…`;
  try {
    const { events } = await postJson<{ events: string }>(`${runPath(card.run)}/appeals`, { citizen: card.id, day });
    const appealed = await follow(events, (e) => {
      if (e.type === 'progress') status.textContent = `Re-running with the appeal filed: day ${e.day} of ${e.days}…`;
    });
    await onNewRun(appealed);
    const next = await openCard(appealed, card.id, $('card'), card);
    const o = next?.appeals.outcomes.filter((x) => x.day === day) ?? [];
    status.textContent = o.length ? `Decided in run ${appealed}: ${o.map(outcomeText).join(' ')}` : `Nothing to appeal on day ${day}.`;
  } catch (error) {
    status.textContent = (error as ApiError).message;
    status.className = 'issues';
  }
}
