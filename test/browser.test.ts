import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { serve, WEB_DIST } from '../src/server/index.ts';
import { tempDir } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// CI installs Chromium and requires this test; elsewhere it runs when Chromium is there
const skip = !existsSync(CHROMIUM) && !process.env.CREDENCE_REQUIRE_BROWSER ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;

test('in a real browser: start a run, watch the live chart fill, open a citizen card', { skip }, async () => {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the dashboard is built (npm run build:web)');
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(base);
    await page.getByLabel('Scenario', { exact: true }).selectOption('seed-2020');
    await page.getByLabel('Citizens', { exact: true }).fill('2000');
    await page.getByLabel('Days', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: run' }).waitFor({ timeout: 60_000 });
    assert.ok((await page.locator('#live svg').count()) >= 1, 'the live chart is drawn');
    assert.match((await page.locator('#live').textContent()) ?? '', /violations/);
    await page.getByLabel('Citizen id', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Open card' }).click();
    await page.getByRole('heading', { name: 'Citizen 7' }).waitFor({ timeout: 60_000 });
    const card = (await page.locator('#card').textContent()) ?? '';
    assert.match(card, /social_credit: [\d.]+, tier \w+/);
    assert.match(card, /flight_ban: (granted|denied)/);

    await page.getByRole('button', { name: 'Show the map' }).click();
    await page.locator('#map svg rect').first().waitFor();
    assert.equal(await page.locator('#map svg g[aria-label="cell"] rect').count(), 64, 'one cell a district');
    await page.getByRole('button', { name: "Show today's faces" }).click();
    await page.locator('#screen li').first().waitFor();
    const faces = await page.locator('#screen li svg[role="img"]').count();
    assert.ok(faces > 0, 'faces on the public screen, as generated avatars');
    assert.match((await page.locator('#screen').textContent()) ?? '', /day\(s\) left, or 200 CNY/);

    await page.getByText('Or write your own scenario (YAML)').click();
    await page.getByLabel('Scenario YAML', { exact: true }).fill('name: bad\ncity: { width: many }\n');
    await page.getByRole('button', { name: 'Run this YAML' }).click();
    await page.getByRole('status').filter({ hasText: 'uploaded.yaml:2:16: city.width: expected number' }).waitFor();
    assert.ok((await page.locator('#runs li').count()) === 1, 'the run is listed');
    await page.getByLabel('Design A', { exact: true }).selectOption('none');
    await page.getByLabel('Design B', { exact: true }).selectOption('seed-2020');
    await page.getByLabel('Replications', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('#compare-status').filter({ hasText: 'Done: comparison' }).waitFor({ timeout: 90_000 });
    await page.locator('#compare-result table').waitFor();
    const effects = (await page.locator('#compare-result').textContent()) ?? '';
    assert.match(effects, /penalties\.wrongful/);
    assert.match(effects, /95 % interval/);
    mkdirSync('test/screenshots', { recursive: true });
    await page.screenshot({ path: 'test/screenshots/dashboard.png', fullPage: true });
    // keyboard: every control is reachable and labelled
    for (const label of ['Scenario', 'Citizens', 'Days', 'Citizen id']) assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `${label} is labelled`);
    await page.setViewportSize({ width: 390, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const widest = await page.evaluate(() => [...document.querySelectorAll('body *')].map((e) => [e.tagName + '#' + e.id + '.' + e.className, Math.round(e.getBoundingClientRect().right)] as const).sort((a, b) => b[1] - a[1]).slice(0, 3));
    assert.ok(width <= 400, `no sideways scrolling on a phone: ${width}px (${JSON.stringify(widest)})`);
    await page.getByRole('button', { name: /^Delete run / }).click();
    await page.locator('#runs li').first().waitFor({ state: 'detached' });
  } finally {
    await browser.close();
    server.close();
    cleanup();
  }
});
