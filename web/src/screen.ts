import { text, button, count } from './api.ts';
import { eventNoun } from './words.ts';
import { citizenName } from '../../src/server/names.ts';
import type { CitySnapshot } from '../../src/server/view-types.ts';

/** How a generated face looks: calm on a card, exposed and ashamed on a public screen. */
export type Mood = 'calm' | 'shamed';

/**
 * A generated avatar: a face drawn from the citizen's id (skin, hair, eyes), never from an image of
 * anyone. On a screen it is shamed: eyes cast down, brows raised in distress, the mouth turned down,
 * the colour drained, as the seed describes offenders' faces put up for all to see.
 */
export function avatar(id: number, size = 64, mood: Mood = 'calm'): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const h = (k: number) => ((Math.imul(id + 1, 2654435761) >>> (k * 3)) & 255) / 255;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', mood === 'shamed' ? `generated face of synthetic citizen ${id}, shamed on a public screen` : `generated face of synthetic citizen ${id}`);
  const shape = (tag: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  };
  const shamed = mood === 'shamed';
  const skin = `hsl(${20 + Math.round(h(0) * 20)}, ${shamed ? 8 : 40}%, ${58 + Math.round(h(1) * 22)}%)`;
  const hair = `hsl(${Math.round(h(5) * 40)}, ${shamed ? 5 : 25}%, ${12 + Math.round(h(6) * 25)}%)`;
  shape('rect', { x: 0, y: 0, width: 40, height: 40, fill: shamed ? '#3a3a3f' : `hsl(${Math.round(h(7) * 360)}, 30%, 88%)` });
  shape('ellipse', { cx: 20, cy: 22, rx: 12, ry: 14, fill: skin });
  shape('path', { d: `M8 ${19 - h(4) * 3} Q20 ${2 + h(3) * 4} 32 ${19 - h(4) * 3} Q28 12 20 12 Q12 12 8 ${19 - h(4) * 3}Z`, fill: hair });
  const eyeY = 21;
  if (shamed) {
    // eyes cast down, brows raised at the middle, the mouth turned down
    for (const x of [15, 25]) shape('path', { d: `M${x - 2.5} ${eyeY} Q${x} ${eyeY + 2} ${x + 2.5} ${eyeY}`, stroke: '#222', fill: 'none', 'stroke-width': 1.3 });
    shape('path', { d: `M12 ${eyeY - 3} L17 ${eyeY - 5}`, stroke: '#222', 'stroke-width': 1.2 });
    shape('path', { d: `M28 ${eyeY - 3} L23 ${eyeY - 5}`, stroke: '#222', 'stroke-width': 1.2 });
    shape('path', { d: `M15 ${31 + h(2)} Q20 ${27 + h(2)} 25 ${31 + h(2)}`, stroke: '#222', fill: 'none', 'stroke-width': 1.4 });
  } else {
    for (const x of [15, 25]) shape('circle', { cx: x, cy: eyeY, r: 1.4 + h(2) * 0.6, fill: '#222' });
    shape('path', { d: `M16 ${29 + h(3)} L24 ${29 + h(3)}`, stroke: '#222', fill: 'none', 'stroke-width': 1.3, 'stroke-linecap': 'round' });
  }
  return svg;
}

/** The public screen: generated faces with synthetic names and ids, the offence, days left and the fee; a face opens the card. */
export function drawScreen(el: HTMLElement, screen: CitySnapshot['screen'], open: (citizen: number) => void, max = 24) {
  if (!screen.enabled) return el.replaceChildren(text('li', 'This scenario has no public screens.', 'hint'));
  if (!screen.faces.length) return el.replaceChildren(text('li', 'No faces on the screens today.', 'hint'));
  el.replaceChildren(
    ...screen.faces.slice(0, max).map((f) => {
      const li = document.createElement('li');
      const b = button('', () => open(f.citizen));
      b.className = 'face';
      b.dataset.citizen = String(f.citizen);
      b.append(
        text('span', 'Exposed', 'exposed'),
        avatar(f.citizen, 64, 'shamed'),
        text('span', citizenName(f.citizen), 'name'),
        text('span', `#${f.citizen}, district ${f.district}`, 'hint'),
        text('span', `${offenceWords(f.offence)}: ${count(f.daysLeft, 'day')} left, or ${screen.fee.toLocaleString('en')} CNY to be taken down`, 'offence'),
      );
      li.append(b);
      return li;
    }),
  );
}

const OFFENCES: Record<string, string> = { jaywalking: 'crossed against the light', red_light: 'ran a red light', drunk_driving: 'drove drunk', accident: 'caused an accident' };
const offenceWords = (offence: string) => OFFENCES[offence] ?? eventNoun(offence);
