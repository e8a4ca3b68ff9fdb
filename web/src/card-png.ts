import { avatar } from './screen.ts';
import { gaugePosition } from './gauge.ts';
import { summarize, mainScorer } from './summary.ts';
import { tierColor, tierInk } from './tiers.ts';
import { listWords, points } from './words.ts';
import type { CitizenCard } from '../../src/server/view-types.ts';

const W = 1200;
const PAD = 48;
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

/** Lines of `text` that fit `width` in the context's font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The card's generated face as an image the canvas can draw (an SVG of shapes, no foreign content). */
function faceImage(id: number): Promise<HTMLImageElement> {
  const svg = avatar(id, 160);
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
  return img.decode().then(() => img);
}

/**
 * The card drawn on a canvas, for sharing as an image: the face and name, the score with its tier
 * on the gauge, the summary, and what the standing refuses. Drawn, not screenshotted: the image is
 * the same whatever the page looks like.
 */
export async function cardCanvas(card: CitizenCard): Promise<HTMLCanvasElement> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const sentences = summarize(card);
  ctx.font = `22px ${FONT}`;
  const body = sentences.flatMap((s) => [...wrap(ctx, s, W - 2 * PAD), '']);
  const H = 330 + body.length * 30 + 60;
  canvas.width = W;
  canvas.height = H;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#1d2b3a';
  ctx.fillRect(0, 0, W, 8);
  ctx.drawImage(await faceImage(card.id), PAD, 40, 140, 140);
  ctx.fillStyle = '#111';
  ctx.font = `bold 44px ${FONT}`;
  ctx.fillText(card.name, PAD + 170, 90);
  ctx.font = `22px ${FONT}`;
  ctx.fillStyle = '#444';
  ctx.fillText(`Synthetic citizen #${card.id}, ${card.about.age}, district ${card.about.district} · run ${card.run}`, PAD + 170, 128);
  const s = mainScorer(card);
  if (s) {
    ctx.fillStyle = '#111';
    ctx.font = `bold 40px ${FONT}`;
    const score = points(s.score);
    ctx.fillText(score, PAD + 170, 178);
    const sw = ctx.measureText(score).width;
    const k = Math.max(
      0,
      s.tiers.findIndex((t) => t.name === s.tier),
    );
    const color = tierColor(k, s.tiers.length);
    ctx.font = `bold 22px ${FONT}`;
    const bw = ctx.measureText(`tier ${s.tier}`).width + 24;
    ctx.fillStyle = color;
    ctx.fillRect(PAD + 190 + sw, 152, bw, 32);
    ctx.fillStyle = tierInk(color);
    ctx.fillText(`tier ${s.tier}`, PAD + 202 + sw, 176);
    ctx.fillStyle = '#444';
    ctx.font = `20px ${FONT}`;
    ctx.fillText(`${s.label}, started at ${points(s.start)}`, PAD + 210 + sw + bw, 176);
    // the gauge: a band a tier, lowest on the left
    const gx = PAD,
      gy = 220,
      gw = W - 2 * PAD;
    const n = Math.max(1, s.tiers.length);
    s.tiers.forEach((t, j) => {
      const x = gx + ((n - 1 - j) * gw) / n;
      ctx.globalAlpha = t.name === s.tier ? 1 : 0.45;
      ctx.fillStyle = tierColor(j, n);
      ctx.fillRect(x, gy, gw / n - 2, 22);
      ctx.globalAlpha = 1;
      ctx.fillStyle = '#333';
      ctx.font = `16px ${FONT}`;
      ctx.fillText(t.name, x + gw / n / 2 - ctx.measureText(t.name).width / 2, gy + 44);
    });
    const x = gx + gaugePosition(s.score, s) * gw;
    ctx.fillStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(x - 10, gy - 16);
    ctx.lineTo(x + 10, gy - 16);
    ctx.lineTo(x, gy);
    ctx.fill();
  }
  ctx.font = `22px ${FONT}`;
  ctx.fillStyle = '#111';
  body.forEach((line, k) => ctx.fillText(line, PAD, 310 + k * 30));
  ctx.font = `16px ${FONT}`;
  ctx.fillStyle = '#555';
  const refused = card.gates.filter((g) => g.status === 'denied').map((g) => g.label);
  ctx.fillText(`Credence · a synthetic citizen, not a real person${refused.length ? ` · refused: ${listWords(refused).slice(0, 90)}` : ''}`, PAD, H - 28);
  return canvas;
}

/** Download the card as a PNG file. */
export async function downloadCardPng(card: CitizenCard) {
  const canvas = await cardCanvas(card);
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
  if (!blob) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `credence-${card.name.replace(/\s+/g, '-').toLowerCase()}-${card.id}.png`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
