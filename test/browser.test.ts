import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { serve, WEB_DIST } from '../src/server/index.ts';
import { citizenName } from '../src/server/names.ts';
import { tempDir } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// CI installs Chromium and requires this test; elsewhere it runs when Chromium is there
const skip = !existsSync(CHROMIUM) && !process.env.CREDENCE_REQUIRE_BROWSER ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;
const SHOTS = 'test/screenshots';

/** Controls (inputs, selects, buttons, text areas, focusable map cells) that have no accessible name. */
const unnamedControls = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, button, textarea, [role="button"]')]
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        const named =
          (labels && labels.length > 0 && [...labels].some((l) => l.textContent?.trim())) ||
          el.getAttribute('aria-label')?.trim() ||
          el.getAttribute('aria-labelledby') ||
          (el.tagName === 'BUTTON' && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('in a real browser: the generated form, a live run, citizens found and their cards, an appeal, runs compared', { skip, timeout: 180_000 }, async () => {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the dashboard is built (npm run build:web)');
  const { dir, cleanup } = tempDir();
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // note what the run's status said when the live chart was first drawn
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        const chart = document.getElementById('chart-daily');
        if (chart?.querySelector('svg')) {
          (window as unknown as { firstChartAt: string }).firstChartAt = document.getElementById('status')?.textContent ?? '';
          o.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(base);

    // the form generated from the schema, prefilled with the chosen scenario's values
    await page.getByLabel('Scenario', { exact: true }).selectOption('seed-2020');
    await page.locator('#scenario-fields[data-scenario="seed-2020"]').waitFor();
    const sections = await page.locator('#scenario-fields > details > summary').allTextContents();
    for (const s of ['general', 'population', 'city', 'life', 'observe', 'response', 'screens', 'appeals']) assert.ok(sections.includes(s), `a section for ${s}: ${sections}`);
    await page.locator('#scenario-fields summary', { hasText: /^appeals$/ }).click();
    const delay = page.locator('#f-appeals-delayDays');
    assert.equal(await delay.inputValue(), '30', 'prefilled with the scenario value');
    assert.equal(await delay.getAttribute('min'), '0');
    assert.match((await page.locator('#f-appeals-delayDays-hint').textContent()) ?? '', /time to a decision \(days\)/);
    const success = page.getByLabel('success if wrongful', { exact: true });
    assert.equal(await success.getAttribute('max'), '1');
    await success.fill('3');
    assert.equal(await page.locator('#f-appeals-successIfWrongful-error').textContent(), 'at most 1', 'a bad value is refused beside its field');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Some fields are not valid' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-appeals-successIfWrongful', 'the bad field gets the focus');
    await success.fill('0.6');
    assert.equal(await page.locator('#f-appeals-successIfWrongful-error').textContent(), '');
    // the server's own checks come back to their fields
    await page.locator('#scenario-fields summary', { hasText: /^population$/ }).click();
    await page.getByLabel('min age', { exact: true }).fill('70');
    await page.getByLabel('max age', { exact: true }).fill('60');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('#f-population-maxAge-error', { hasText: 'maxAge 60 is below minAge 70' }).waitFor();
    await page.getByLabel('min age', { exact: true }).fill('18');
    await page.getByLabel('max age', { exact: true }).fill('80');
    await delay.fill('5');

    // every control is labelled; the keyboard reaches the main ones
    assert.deepEqual(await unnamedControls(page), []);
    const reached = new Set<string>();
    await page.locator('a.skip').focus();
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
    }
    for (const id of ['scenario', 'citizens', 'days', 'run']) assert.ok(reached.has(id), `Tab reaches ${id}: ${[...reached]}`);

    // a live run: the charts, the map and the screens fill as days pass
    await page.getByLabel('Citizens', { exact: true }).fill('2000');
    await page.getByLabel('Days', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Done: run' }).waitFor({ timeout: 60_000 });
    const first = await page.evaluate(() => (window as unknown as { firstChartAt?: string }).firstChartAt);
    assert.match(first ?? '', /^(Starting…|Day \d+ of 30)/, `the chart was drawn during the run, not after (${first})`);
    assert.match((await page.locator('#chart-daily').textContent()) ?? '', /wrongful penalties/);
    for (const id of ['chart-stress', 'chart-scores', 'chart-tiers']) assert.equal((await page.locator(`#${id} svg`).count()) >= 1, true, `${id} drawn`);
    assert.equal(await page.locator('#map svg g[aria-label="cell"] rect').count(), 64, 'one cell a district');
    assert.ok((await page.locator('#screen button.face').count()) > 0, 'faces on the public screen');
    assert.match((await page.locator('#screen').textContent()) ?? '', /\b\d+ days? left, or 200 CNY/);
    assert.equal(errors.length, 0, errors.join('\n'));

    // a face opens the card
    const face = page.locator('#screen button.face').first();
    const faceId = Number(/citizen (\d+)/.exec((await face.getAttribute('aria-label')) ?? '')?.[1]);
    await face.click();
    await page.getByRole('heading', { name: `${citizenName(faceId)}, citizen ${faceId}` }).waitFor({ timeout: 30_000 });

    // search: the lowest scores, then by name
    await page.getByLabel('Who', { exact: true }).selectOption('lowest');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results button.result').first().waitFor();
    const scores = (await page.locator('#results button.result').allTextContents()).map((t) => Number(/social_credit ([\d,.]+)/.exec(t)?.[1].replace(/,/g, '')));
    assert.ok(scores.length > 1 && scores.every((s, k) => k === 0 || s >= scores[k - 1]), `lowest first: ${scores}`);
    const lowestLabel = (await page.locator('#results button.result').first().getAttribute('aria-label')) ?? '';
    const lowestId = Number(/citizen (\d+)$/.exec(lowestLabel)?.[1]);
    const family = citizenName(lowestId).split(' ')[0].toLowerCase();
    await page.getByLabel('Who', { exact: true }).selectOption('all');
    await page.getByLabel('Name', { exact: true }).fill(family);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results p', { hasText: `named like “${family}”` }).waitFor();
    const names = await page.locator('#results button.result .name').allTextContents();
    assert.ok(names.length > 1 && names.every((n) => n.toLowerCase().includes(family)), `names found: ${names}`);
    await page.getByLabel('Name', { exact: true }).fill(citizenName(lowestId));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results p', { hasText: `named like “${citizenName(lowestId)}”` }).waitFor();
    await page.getByRole('button', { name: `open the card of ${citizenName(lowestId)}, citizen ${lowestId}` }).click();
    await page.getByRole('heading', { name: `${citizenName(lowestId)}, citizen ${lowestId}` }).waitFor({ timeout: 30_000 });
    const card = (await page.locator('#card').textContent()) ?? '';
    assert.match(card, /social_credit: [\d.]+, tier \w+/);
    assert.match(card, /flight_ban: (granted|denied)/);
    assert.match(card, /dayeventrulechangescore/, 'the timeline of score changes');
    assert.match(card, /\d+(dissent post|jaywalking|red light|purchase \w+|missed payment)[a-z-]+-\d+\.\d\d/, 'penalties with their events and rules');
    // (the end-of-run drift row appears only when decay moved the score after the last event: test/explain.test.ts checks the lines sum to the score)
    assert.match(card, /hotel_deposit: (privileged|served)/, 'a privilege is told from a denial');
    mkdirSync(SHOTS, { recursive: true });

    // an appeal against an early penalty: the run is re-run with it, and the card shows the outcome
    const appeals = page.getByRole('button', { name: /^Appeal the penalty of day (\d|1\d|2[0-3]) / });
    assert.ok((await appeals.count()) > 0, 'an early penalty to appeal');
    const appealLabel = (await appeals.first().getAttribute('aria-label')) ?? '';
    const appealDay = Number(/day (\d+)/.exec(appealLabel)?.[1]);
    await appeals.first().click();
    await page.locator('#appeal-status', { hasText: 'Decided in run' }).waitFor({ timeout: 60_000 });
    assert.match(
      (await page.locator('#appeal-status').textContent()) ?? '',
      new RegExp(`appeal of day ${appealDay}'s penalty .*: (upheld on day \\d+, the penalty is reversed and [\\d.]+ points restored|rejected on day \\d+, the penalty stands)`),
    );
    await page.locator('#card .outcome').waitFor();
    assert.match((await page.locator('#card .outcome').textContent()) ?? '', new RegExp(`Appeals filed for ${citizenName(lowestId)}`));
    assert.equal(await page.locator('#runs li').count(), 2, 'the appealed run is a run of its own');
    await page.locator('#card').screenshot({ path: `${SHOTS}/citizen-card.png` });

    // a district on the map lists its citizens
    await page.locator('#map svg g[aria-label="cell"] rect').nth(9).click();
    await page.locator('#results p', { hasText: 'in district 9' }).waitFor();

    // two runs side by side
    await page.getByRole('button', { name: 'Show side by side' }).click();
    await page.locator('#side-result .side-col').nth(1).waitFor();
    assert.equal(await page.locator('#side-result .side-col').count(), 2);
    await page.locator('#side-result .side-col').nth(1).locator('.side-daily svg').first().waitFor();
    const side = (await page.locator('#side-result table').textContent()) ?? '';
    assert.match(side, /wrongful penalties/);
    assert.match(side, /share in tier/);

    // a comparison of two designs, with intervals
    await page.getByLabel('Design A', { exact: true }).selectOption('none');
    await page.getByLabel('Design B', { exact: true }).selectOption('seed-2020');
    await page.getByLabel('Replications', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('#compare-status').filter({ hasText: 'Done: comparison' }).waitFor({ timeout: 90_000 });
    const effects = (await page.locator('#compare-result').textContent()) ?? '';
    assert.match(effects, /penalties\.wrongful/);
    assert.match(effects, /95 % interval/);

    // past runs: open one, and its downloads work
    const firstRun = page.locator('#runs li').last();
    await firstRun.getByRole('button', { name: /^Open run / }).click();
    await page.locator('#view-status', { hasText: /Showing run .*, 30 days/ }).waitFor();
    const parquet = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'metrics.parquet' }).getAttribute('href')) ?? ''));
    assert.equal(parquet.status(), 200);
    assert.equal((await parquet.body()).subarray(0, 4).toString(), 'PAR1');
    const citizens = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'citizens.parquet' }).getAttribute('href')) ?? ''));
    assert.equal(citizens.status(), 200);
    assert.equal((await citizens.body()).subarray(0, 4).toString(), 'PAR1');
    const report = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'HTML report' }).getAttribute('href')) ?? ''));
    assert.equal(report.status(), 200);
    assert.match(await report.text(), /<svg/);

    assert.deepEqual(await unnamedControls(page), [], 'every control is labelled, the generated ones too');
    assert.equal(await sideways(page), 0, 'no sideways scrolling on a laptop');
    await page.evaluate(() => document.querySelectorAll('#scenario-fields details').forEach((d) => ((d as HTMLDetailsElement).open = false)));
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    assert.ok((await sideways(page)) <= 0, `no sideways scrolling on a phone: ${await sideways(page)}px`);
    await page.screenshot({ path: `${SHOTS}/dashboard-phone.png`, fullPage: true });

    await page
      .getByRole('button', { name: /^Delete run / })
      .first()
      .click();
    await page.waitForFunction(() => document.querySelectorAll('#runs li').length === 1);
    assert.equal(errors.length, 0, errors.join('\n'));
  } finally {
    await browser.close();
    server.close();
    cleanup();
  }
});
