import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { serve, WEB_DIST } from '../src/server/index.ts';
import { citizenName } from '../src/server/names.ts';
import type { CitizenCard, StoryView } from '../src/server/view-types.ts';
import { summarize } from '../web/src/summary.ts';
import { points } from '../web/src/words.ts';
import { runScenario } from '../src/index.ts';
import { small, tempDir } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// CI installs Chromium and requires this test; elsewhere it runs when Chromium is there
const skip = !existsSync(CHROMIUM) && !process.env.CREDENCE_REQUIRE_BROWSER ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;
const SHOTS = 'test/screenshots';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Controls (inputs, selects, buttons, text areas, focusable map cells) that have no accessible name. */
const unnamedControls = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, button, textarea, [role="button"]')]
      .filter((el) => el.offsetParent !== null || el.closest('svg'))
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

/** The accessibility audit: axe-core on the page as it is, no serious or critical violation. */
async function audit(page: Page, what: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run());
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' '))}`),
    [],
    `axe on ${what}`,
  );
}

/** Plurals and numbers: no "1 days", no "day(s)", no bare "NaN" or "undefined" in what the page says. */
function wellWritten(textContent: string, what: string) {
  assert.doesNotMatch(textContent, /\(s\)/, `${what}: "(s)" plurals`);
  assert.doesNotMatch(textContent, /(^|[^\d.,])1 (days|denials|citizens|penalties|attempts|refusals|changes|runs|points|appeals|faces)\b/, `${what}: a singular with a plural noun`);
  assert.doesNotMatch(textContent, /\bNaN\b|\bundefined\b|\[object /, `${what}: a value that is not a number`);
  assert.doesNotMatch(textContent, / ;/, `${what}: a space before a semicolon`);
}

/** Raw ids and field names that a card or a story must never show: they come in the scenario's words. */
const RAW = /\b(social_credit|court_blacklist|company_blacklist|representative_flight_ban|flight_ban|hotel_deposit|homeDistrict|onPublicScreenUntilDay|loanInterest|wrongfulPenalties)\b/;

test('in a real browser: the form, a live run and its charts, citizens and their cards, an appeal, the story, compare, past runs, each view audited', { skip, timeout: 300_000 }, async () => {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the dashboard is built (npm run build:web)');
  mkdirSync(SHOTS, { recursive: true });
  const { dir, cleanup } = tempDir();
  // past runs to page through: tiny ones, stored as the CLI stores them
  for (let seed = 1; seed <= 9; seed++) await runScenario(small('none', 100, 2, { seed, 'output.sampleRate': 0 }), { runsDir: dir });
  const server = await serve({ port: 0, runsDir: dir });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const json = async <T>(path: string) => (await (await fetch(base + path)).json()) as T;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // note what the run's status said when the live chart was first drawn, and the layout shifts while it streamed
    await page.addInitScript(() => {
      const w = window as unknown as { firstChartAt: string; shift: number };
      w.shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
      new MutationObserver((_, o) => {
        if (document.querySelector('#chart-daily svg')) {
          w.firstChartAt = document.getElementById('status')?.textContent ?? '';
          o.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(`${base}/#/run`);

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
    for (let k = 0; k < 14; k++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
    }
    for (const id of ['scenario', 'citizens', 'days', 'run']) assert.ok(reached.has(id), `Tab reaches ${id}: ${[...reached]}`);
    await audit(page, 'the run page');

    // a live run: the city page opens, its charts, map and screens fill as days pass, without the layout moving
    await page.getByLabel('Citizens', { exact: true }).fill('2000');
    await page.getByLabel('Days', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('#view-status', { hasText: /Run .* is done and stored/ }).waitFor({ timeout: 60_000 });
    assert.match(page.url(), /#\/city\/[\w.-]+$/, 'the stored run has an address');
    const run = decodeURIComponent(page.url().split('/').at(-1)!);
    const first = await page.evaluate(() => (window as unknown as { firstChartAt?: string }).firstChartAt);
    assert.match(first ?? '', /^(Starting…|Day \d+ of 30)/, `the chart was drawn during the run, not after (${first})`);
    const shift = await page.evaluate(() => (window as unknown as { shift: number }).shift);
    assert.ok(shift < 0.1, `no layout shift while the run streamed: cumulative shift ${shift}`);
    // charts that speak: small multiples with their own scales, bins fitted to the scores, tier shares, wrongful penalties by cause; every chart a caption
    assert.ok((await page.locator('#chart-daily .panel').count()) >= 4, 'the daily counts as small multiples');
    assert.match((await page.locator('#chart-daily').textContent()) ?? '', /wrongful penalties: [\d,]+ in all/);
    const view = await json<{ snapshot: { scorer: { step: number; bins: number[]; tiers: { name: string }[] } } }>(`/api/runs/${run}/view`);
    assert.ok(view.snapshot.scorer.step < 100 && view.snapshot.scorer.bins.filter((n) => n > 0).length >= 3, `bins fitted to the scores: ${view.snapshot.scorer.step} points wide`);
    assert.equal(await page.locator('#chart-scores svg [data-mark="rect"] rect').count(), view.snapshot.scorer.bins.length, 'a bar a bin');
    assert.equal(await page.locator('#chart-tiers .panel').count(), view.snapshot.scorer.tiers.length, 'a panel a tier');
    assert.ok((await page.locator('#chart-wrongful .panel').count()) >= 1, 'wrongful penalties by cause and group');
    for (const id of ['cap-daily', 'cap-scores', 'cap-tiers', 'cap-wrongful', 'cap-stress', 'cap-promises', 'cap-map'])
      assert.ok(((await page.locator(`#${id}`).textContent()) ?? '').length > 30, `${id}: a caption saying what to see`);
    assert.match((await page.locator('#cap-daily').textContent()) ?? '', /% of the penalties fell on someone who had done nothing wrong/);
    await page
      .locator('#chart-daily .panel svg')
      .first()
      .hover({ position: { x: 150, y: 40 } });
    await page.locator('#chart-daily [data-mark="tip"] text').first().waitFor();
    assert.match((await page.locator('#chart-daily [data-mark="tip"]').first().textContent()) ?? '', /day \d+: [\d.,]+/, 'a tooltip with the value');
    assert.equal(await page.locator('#map rect[role="button"]').count(), 64, 'one cell a district');
    // the shaming board: shamed faces, not smiling ones
    const faces = page.locator('#screen button.face');
    assert.ok((await faces.count()) > 0, 'faces on the public screen');
    assert.match((await faces.first().locator('svg').getAttribute('aria-label')) ?? '', /shamed on a public screen/);
    assert.equal(await faces.first().locator('.exposed').textContent(), 'Exposed');
    assert.match((await page.locator('#screen').textContent()) ?? '', /\b\d+ days? left, or 200 CNY to be taken down/);
    wellWritten((await page.locator('[data-page="city"]').textContent()) ?? '', 'the city page');
    await audit(page, 'the city page');
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    assert.equal(errors.length, 0, errors.join('\n'));

    // a face opens the card
    const faceId = Number(await faces.first().getAttribute('data-citizen'));
    await faces.first().click();
    await page.getByRole('heading', { name: citizenName(faceId), exact: true }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), new RegExp(`#/citizens/${run}/${faceId}$`), 'a card has an address');
    assert.match((await page.locator('.screens-history').textContent()) ?? '', /Days? \d+( to \d+)? \(\d+ days?\), on the screen of district \d+/, 'the card tells the days on a screen');

    // search: the lowest scores first, a page at a time, then by name
    await page.getByLabel('Who', { exact: true }).selectOption('lowest');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#results button.result').first().waitFor();
    const scores = (await page.locator('#results .score-raw').allTextContents()).map(Number);
    assert.ok(scores.length === 25 && scores.every((s, k) => k === 0 || s >= scores[k - 1]), `lowest first: ${scores}`);
    assert.match((await page.locator('#results .results-summary').textContent()) ?? '', /^[\d,]+ citizens: 1 to 25 shown\.$/);
    const lowestId = Number(await page.locator('#results button.result').first().getAttribute('data-citizen'));
    await page.getByRole('button', { name: 'next page of citizens' }).click();
    await page.locator('#results .results-summary', { hasText: '26 to 50 shown' }).waitFor();
    const next = (await page.locator('#results .score-raw').allTextContents()).map(Number);
    assert.ok(next[0] >= scores.at(-1)!, 'the next page goes on from the last');
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
    await page.locator(`#results button.result[data-citizen="${lowestId}"]`).click();
    await page.getByRole('heading', { name: citizenName(lowestId), exact: true }).waitFor({ timeout: 30_000 });

    // the card as a card: the gauge holds the stored score, the summary is the run's, labels in words, appeals only where they can be filed
    const card = await json<CitizenCard>(`/api/runs/${run}/citizens/${lowestId}/card`);
    const [stored] = (await json<{ citizens: { id: number; score: number }[] }>(`/api/runs/${run}/citizens?filter=lowest&limit=1`)).citizens;
    assert.equal(stored.id, lowestId);
    const gauge = page.locator('.citizen-card [role="meter"]').first();
    assert.ok(Math.abs(Number(await gauge.getAttribute('aria-valuenow')) - stored.score) < 1e-3, 'the gauge holds the stored score');
    assert.equal(await page.locator('.citizen-card .score-value').first().textContent(), points(stored.score));
    assert.match((await page.locator('.citizen-card .badge').first().textContent()) ?? '', new RegExp(`^tier ${card.scorers[0].tier}$`));
    const summary = await page.locator('.citizen-card .summary p').allTextContents();
    assert.deepEqual(summary, summarize(card), 'the summary is generated from the explanation');
    const main = card.scorers[0];
    assert.match(summary[0], new RegExp(`^Started at ${points(main.start)} with the .* ends the 30 days at ${points(main.score)}, tier ${main.tier}`), 'the summary tells the stored score');
    const wrongful = main.lines.filter((l) => l.wrongful);
    if (wrongful.length)
      assert.ok(
        summary.some((s) => s.includes(`Lost ${points(-wrongful.filter((l) => l.source === wrongful[0].source).reduce((a, l) => a + l.delta, 0))}`)),
        `the wrongful penalties in the summary: ${summary}`,
      );
    const cardText = (await page.locator('.citizen-card').textContent()) ?? '';
    assert.doesNotMatch(cardText, RAW, 'no raw ids or field names on the card');
    assert.match(cardText, /The rules are secret/);
    assert.match(cardText, /What (his|her) standing lets (him|her) do/);
    assert.match(cardText, /Flights: (he|she) is not on the list of dishonest judgment debtors/, 'a gate in words, with why');
    assert.match(cardText, /Hotels without a deposit: (his|her) social credit score \(citizens\) is tier \w+/);
    wellWritten(cardText, 'the card');
    const rows = await page.locator('.citizen-card .timeline-table tr').count();
    assert.ok(rows - 1 <= main.lines.length && (main.lines.length < 15 || rows - 1 < main.lines.length), `the timeline grouped: ${rows - 1} rows for ${main.lines.length} lines`);
    assert.equal(await page.locator('.citizen-card .timeline-table tr.wrongful').count(), wrongful.length, 'every wrongful penalty open');
    const appealButtons = page.locator('.citizen-card .timeline-table button[aria-label^="Appeal the penalties of day "]');
    assert.equal(await appealButtons.count(), card.appealable.length, 'an Appeal button for each day that can still be appealed, and no other');
    const folds = page.locator('.citizen-card .timeline-table tr.fold details');
    if (main.lines.length >= 15) assert.ok((await folds.count()) > 0, 'repeated changes folded');
    // a fold opens on its days
    if (await folds.count()) {
      await folds.first().locator('summary').click();
      assert.ok((await folds.first().locator('.fold-line').count()) > 1);
    }
    // see it as the citizen does: the outcome only
    await page.getByRole('button', { name: 'As the citizen sees it' }).click();
    assert.equal(await page.locator('.citizen-card .timeline').first().isVisible(), false);
    await page.getByRole('button', { name: 'As the citizen sees it' }).click();
    // printable, and downloadable as a PNG
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.site').isVisible(), false, 'printing shows the card alone');
    assert.equal(await page.locator('.citizen-card').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download PNG/ }).click()]);
    const png = readFileSync((await download.path())!);
    assert.equal(png.subarray(1, 4).toString(), 'PNG', 'a PNG file');
    assert.ok(png.length > 10_000, 'with the card drawn in it');
    await audit(page, 'a card');

    // an appeal against an early penalty: the run is re-run with it, and the card shows the outcome and the new timeline
    await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('.timeline-table details').forEach((d) => (d.open = true)));
    const appeals = page.getByRole('button', { name: /^Appeal the penalties of day (\d|1\d|2[0-3]) / });
    assert.ok((await appeals.count()) > 0, 'an early penalty to appeal');
    const appealDay = Number(/day (\d+)/.exec((await appeals.first().getAttribute('aria-label')) ?? '')?.[1]);
    await appeals.first().click();
    await page.locator('#appeal-status', { hasText: 'Decided in run' }).waitFor({ timeout: 60_000 });
    assert.match(
      (await page.locator('#appeal-status').textContent()) ?? '',
      new RegExp(`appeal of day ${appealDay}’s penalty .*: (upheld on day \\d+, the penalty is reversed and [\\d.,]+ points restored|rejected on day \\d+, the penalty stands)`),
    );
    await page.locator('.citizen-card .outcome').waitFor();
    assert.match(
      (await page.locator('.citizen-card .outcome').textContent()) ?? '',
      new RegExp(`Appeals filed for ${citizenName(lowestId)}.*Before the appeal: [\\d,.]+ \\(tier \\w+\\)\\. After: [\\d,.]+`),
    );
    const appealed = decodeURIComponent(page.url().split('/').at(-2)!);
    assert.notEqual(appealed, run, 'the card is the new run’s');
    const after = await json<CitizenCard>(`/api/runs/${appealed}/citizens/${lowestId}/card`);
    const upheld = after.appeals.outcomes.filter((o) => o.upheld).length;
    assert.equal(await page.locator('.citizen-card .timeline-table tr.appeal').count(), after.scorers[0].lines.filter((l) => l.event === 'appeal').length, 'the new timeline shows each reversal');
    assert.ok(after.scorers[0].lines.filter((l) => l.event === 'appeal').length >= upheld);
    assert.equal(await page.locator(`.citizen-card button[aria-label^="Appeal the penalties of day ${appealDay} "]`).count(), 0, 'no second appeal of the same day');
    await page.locator('.citizen-card').screenshot({ path: `${SHOTS}/citizen-card.png` });

    // the counterfactual life, where the server offers it
    if (after.whatif && after.scorers.some((s) => s.lines.some((l) => l.wrongful))) {
      await page.getByRole('button', { name: /without the wrongful penalties/ }).click();
      await page.locator('.whatif table').waitFor({ timeout: 60_000 });
    }

    // a district on the map lists its citizens
    await page.goto(`${base}/#/city/${run}`);
    await page.locator('#map rect[role="button"]').nth(9).click();
    await page.locator('#results p', { hasText: 'in district 9' }).waitFor();

    // the story, first step to last, on the run's real results, shareable by address
    await page.goto(`${base}/#/story`);
    await page.getByLabel('Tell the story of').selectOption(run);
    await audit(page, 'the story’s first page');
    await page.getByRole('button', { name: 'Begin the story' }).click();
    const story = await json<StoryView>(`/api/runs/${run}/story`);
    const titles = [
      '30 days in a city under seed-2020',
      `One citizen’s 30 days: ${story.protagonist!.name}`,
      'The wrongly blamed',
      'The chilled',
      'The shamed',
      'Who bears the errors',
      'The same city without the system',
    ];
    for (let k = 1; k <= titles.length; k++) {
      await page.locator('#story-step-title', { hasText: titles[k - 1] }).waitFor({ timeout: 30_000 });
      assert.match(page.url(), new RegExp(`#/story/${run}/${k}$`));
      assert.equal(await page.locator('.step-count').textContent(), `Step ${k} of 7`);
      const said = (await page.locator('.story-step').textContent()) ?? '';
      assert.doesNotMatch(said, RAW, `step ${k}: no raw ids`);
      wellWritten(said, `story step ${k}`);
      assert.ok((await page.locator('.story-step a.see-data').getAttribute('href'))?.length, `step ${k}: a link to the data`);
      if (k === 1) assert.match(said, /2,000 synthetic citizens live in 64 districts/);
      if (k === 2) {
        await page.locator('.story-step .summary p').first().waitFor();
        const told = await page.locator('.story-step .summary p').allTextContents();
        assert.deepEqual(told, summarize(await json<CitizenCard>(`/api/runs/${run}/citizens/${story.protagonist!.id}/card`)), 'told from the card');
      }
      if (k === 3) assert.match(said, new RegExp(`${story.totals.wrongful.toLocaleString('en')} of those penalties`), 'the wrongful count of the run');
      if (k === 5) assert.ok((await page.locator('.story-faces .face').count()) > 0, 'the shamed');
      if (k === 6) {
        await page.locator('.story-step .panel svg').first().waitFor();
        assert.match(said, /The minority group \([\d.]+\u00a0% of citizens\) got [\d.]+ wrongful penalties per 1,000 people/);
      }
      if (k === 7) {
        await page.getByRole('button', { name: 'Run the same city without the system' }).click();
        await page.locator('.story-step table').waitFor({ timeout: 60_000 });
        const table = (await page.locator('.story-step table').textContent()) ?? '';
        assert.match(table, /with the system.*without/);
        assert.match((await page.locator('.story-step').textContent()) ?? '', /That is the end of the story/);
        await page.locator('.story-step a.see-data', { hasText: 'Compare the two runs side by side' }).waitFor();
      }
      await audit(page, `story step ${k}`);
      if (k === 2) {
        await page.mouse.move(0, 0);
        await page.screenshot({ path: `${SHOTS}/story.png`, fullPage: true });
      }
      if (k < titles.length) await page.getByRole('button', { name: 'Next step →' }).click();
    }
    // shared by address: the same step opens in a fresh page
    const shared = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await shared.goto(`${base}/#/story/${run}/4`);
    await shared.locator('#story-step-title', { hasText: 'The chilled' }).waitFor();
    await shared.close();

    // two runs side by side, from the story's last link
    await page.locator('.story-step a.see-data').click();
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
    await audit(page, 'the compare page');

    // past runs, a page at a time: open one, and its downloads work
    await page.getByRole('link', { name: 'Past runs' }).click();
    assert.equal(await page.locator('#runs li').count(), 10, 'ten runs a page');
    assert.match((await page.locator('#runs-pages').textContent()) ?? '', /page 1 of 2 \(12 runs\)/);
    await page.getByRole('button', { name: 'next page of runs' }).click();
    assert.equal(await page.locator('#runs li').count(), 2);
    await audit(page, 'the past runs');
    const firstRun = page.locator('#runs li').filter({ hasText: run });
    await page.getByRole('button', { name: 'previous page of runs' }).click();
    if (!(await firstRun.count())) await page.getByRole('button', { name: 'next page of runs' }).click();
    const parquet = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'metrics.parquet' }).getAttribute('href')) ?? ''));
    assert.equal(parquet.status(), 200);
    assert.equal((await parquet.body()).subarray(0, 4).toString(), 'PAR1');
    const citizens = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'citizens.parquet' }).getAttribute('href')) ?? ''));
    assert.equal((await citizens.body()).subarray(0, 4).toString(), 'PAR1');
    const report = await page.request.get(base + ((await firstRun.getByRole('link', { name: 'HTML report' }).getAttribute('href')) ?? ''));
    assert.match(await report.text(), /<svg/);
    await firstRun.getByRole('button', { name: /^Open run / }).click();
    await page.locator('#view-status', { hasText: /Showing run .*: 30 days/ }).waitFor();

    assert.deepEqual(await unnamedControls(page), [], 'every control is labelled, the generated ones too');
    assert.equal(await sideways(page), 0, 'no sideways scrolling on a laptop');
    // the same in the dark
    await page.emulateMedia({ colorScheme: 'dark' });
    await audit(page, 'the city page in dark mode');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    assert.ok((await sideways(page)) <= 0, `no sideways scrolling on a phone: ${await sideways(page)}px`);
    await page.screenshot({ path: `${SHOTS}/dashboard-phone.png`, fullPage: true });
    await page.goto(`${base}/#/citizens/${appealed}/${lowestId}`);
    await page.locator('.citizen-card').waitFor({ timeout: 30_000 });
    assert.ok((await sideways(page)) <= 0, `a card on a phone: ${await sideways(page)}px`);

    await page.goto(`${base}/#/runs`);
    await page.getByRole('button', { name: `Delete run ${appealed}` }).click();
    await page.locator('#runs-pages', { hasText: '(11 runs)' }).waitFor();
    assert.equal(errors.length, 0, errors.join('\n'));
  } finally {
    await browser.close();
    server.close();
    cleanup();
  }
});
