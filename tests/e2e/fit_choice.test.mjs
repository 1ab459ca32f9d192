// Issue 15's browser niceties: a K chosen from the BIC sweep without refitting (or a labelled
// refit, as its button says), the header and filter counts following the active model, and the
// fitted models kept in this browser so that a permalink naming one restores it (a damaged
// entry dropped with a message).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { serve, launch, newPage, openApp, screenshot, artifacts } from './harness.mjs';
import { labelledTable } from './labelled.mjs';
import { sources, fmt, GROUP } from './data.mjs';

let server, browser, table;
before(async () => { server = await serve(); browser = await launch(); table = labelledTable(1500, 11); });
after(async () => { await browser?.close(); await server?.close(); });

const PUBLISHED = 'afb4ce2092';
const text = (page, id) => page.textContent(`[data-testid=${id}]`);
async function setNumber(page, id, v) {
  await page.fill(`[data-testid=${id}]`, String(v));
  await page.dispatchEvent(`[data-testid=${id}]`, 'change');
}
/** A page in `context` recording errors in `page.errors` (pages of one context share localStorage). */
async function pageIn(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}
const summaryK = (page) => page.$eval('[data-testid=fit-summary]', (e) => Number(e.textContent.match(/^K = (\d+),/)[1]));

test('without labels a K from the sweep is its best fit at once, no refit', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'panels.fit=true');
  await setNumber(page, 'fit-kmin', 2);
  await setNumber(page, 'fit-kmax', 4);
  await setNumber(page, 'fit-restarts', 1);
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('[data-testid=fit-no-model]', { timeout: 120000 });
  assert.match(await text(page, 'bic-hint'), /Click a K to use the sweep's best mixture at that K \(no refit\)\./);
  const suggested = await summaryK(page);
  const other = suggested === 2 ? 4 : 2;
  assert.equal(await text(page, `bic-pick-${other}`), 'use this K');
  await page.click(`[data-testid=bic-pick-${other}]`);
  // At once: no worker run (no progress bar), the summary is that K's.
  assert.equal(await page.locator('[data-testid=progress]').count(), 0);
  assert.equal(await summaryK(page), other);
  // With one fit per K, its BIC is the sweep's mean BIC at that K (shown in the table).
  const row = await page.$$eval(`[data-testid=bic-table] tbody tr`, (trs, k) => trs.map((tr) => [...tr.children].map((td) => td.textContent)).find((c) => c[0] === String(k)), other);
  assert.match(await text(page, 'fit-summary'), new RegExp(`BIC ${row[1].replace('.', '\\.')},`));
  assert.equal(await page.locator('[data-testid=bic-table] tr.chosen td:first-child').textContent(), String(other));
  assert.equal(await page.isDisabled(`[data-testid=bic-pick-${other}]`), true);
  await page.locator('[data-testid=fit-panel]').screenshot({ path: join(artifacts, 'fit-choice-sweep.png') });
  assert.deepEqual(page.errors, []);
});

test('with labels a K refits; counts follow the model; the model is kept and a link restores it', async () => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await pageIn(context);
  await openApp(page, server.url, 'panels.fit=true');
  const groupsBefore = await text(page, 'group-counts');
  // The published groups, counted from the published CSVs.
  const count = (g) => sources.filter((s) => GROUP[s.soft] === g).length;
  assert.equal(groupsBefore, ['AGN', 'Seyfert', 'XB', 'YSO'].map((g) => `${g} ${fmt(count(g))}`).join(' · '));
  assert.equal(await text(page, 'counts'), '14,507 detections · 8,756 sources (8,271 unique, 485 ambiguous)');
  const hmxb = sources.filter((s) => s.soft === 'HMXB').length;
  assert.equal(await page.textContent('[data-testid=class-HMXB] .count'), fmt(hmxb));
  await page.click('[data-testid=tab-upload]');
  await page.setInputFiles('[data-testid=file-input]', table);
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 120000 });
  // The user's own matrix exports as a figure too (issue 16), with the file and its scores.
  await page.click('[data-testid=confusion-toolbar] button:has-text("Your labels")');
  await page.waitForSelector('[data-testid=validation-summary]');
  const accuracy = (await text(page, 'validation-summary')).match(/; accuracy (\d\.\d\d), balanced accuracy (\d\.\d\d)/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=xclass-confusion-export] button:has-text("SVG")')]);
  const mine = (await readFile(await dl.path())).toString();
  assert.match(mine, /Your labels: label vs predicted, shares of each row/);
  assert.ok(mine.includes(`labelled-1500-11.csv: 1,500 labelled detections compared · accuracy ${accuracy[1]}, balanced accuracy ${accuracy[2]}`), mine.slice(0, 600));
  await page.check('[data-testid=fit-source-upload]');
  await setNumber(page, 'fit-kmin', 2);
  await setNumber(page, 'fit-kmax', 3);
  await setNumber(page, 'fit-restarts', 1);
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('[data-testid=fit-result] [data-testid=fit-use]', { timeout: 180000 });
  const first = await summaryK(page);
  const other = first === 2 ? 3 : 2;
  assert.equal(await text(page, `bic-pick-${other}`), 'refit with labels');
  assert.match(await text(page, 'bic-hint'), /refit the class models and the validation at that K/);
  await page.click(`[data-testid=bic-pick-${other}]`);
  await page.waitForFunction((k) => document.querySelector('[data-testid=fit-summary]')?.textContent.startsWith(`K = ${k},`), other, { timeout: 120000 });
  const fitted = await text(page, 'fit-hash');
  await page.click('[data-testid=fit-use]');
  await page.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, fitted);
  // The header and the filters' class counts are the fitted model's.
  assert.equal(await text(page, 'counts'), '8,756 detections · 8,756 sources (each classified by its first detection)');
  const groupsAfter = await text(page, 'group-counts');
  assert.notEqual(groupsAfter, groupsBefore);
  const perGroup = groupsAfter.split(' · ').map((s) => Number(s.split(' ')[1].replace(/,/g, '')));
  assert.equal(perGroup.reduce((a, b) => a + b, 0), 8756);
  const classCounts = await page.$$eval('[data-testid^=class-] .count', (cs) => cs.map((c) => Number(c.textContent.replace(/,/g, ''))));
  assert.equal(classCounts.reduce((a, b) => a + b, 0), 8756);
  assert.notEqual(await page.textContent('[data-testid=class-HMXB] .count'), fmt(hmxb));
  // The work bar wraps instead of widening the page (badge, saved models, buttons).
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 1600);
  await screenshot(page, 'fit-choice-counts');
  // Kept in this browser: listed, and a new page with the link restores it.
  assert.match(await page.textContent('[data-testid=model-saved]'), new RegExp(fitted));
  const link = page.url();
  // (The codec escapes a hash's leading digit: compare the decoded link.)
  assert.ok(decodeURIComponent(link).includes(`model=${fitted}`), link);
  const again = await pageIn(context);
  await again.goto(link);
  await again.waitForSelector('body[data-catalog-loaded-ms]');
  await again.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, fitted);
  assert.equal(await again.locator('[data-testid=model-missing]').count(), 0);
  assert.match(await again.textContent('.notices'), new RegExp(`Model ${fitted} \\(.*\\) restored from this browser's saved models`));
  assert.equal(await text(again, 'counts'), '8,756 detections · 8,756 sources (each classified by its first detection)');
  assert.equal(await text(again, 'group-counts'), groupsAfter);
  await screenshot(again, 'fit-choice-restored');
  // A damaged entry: dropped with a message, validated as an uploaded file would be; the link
  // then says the model is not loaded and offers its file.
  await again.evaluate((h) => localStorage.setItem(`xclass.model.${h}`, '{"features": ['), fitted);
  const third = await pageIn(context);
  await third.goto(link);
  await third.waitForSelector('[data-testid=model-missing]');
  const notes = await third.textContent('.notices');
  assert.match(notes, new RegExp(`The saved model ${fitted} .* is damaged \\(.*not valid JSON.*\\); it was dropped\\.`));
  assert.equal(await text(third, 'model-hash'), PUBLISHED);
  assert.equal(await third.evaluate((h) => localStorage.getItem(`xclass.model.${h}`), fitted), null);
  assert.doesNotMatch(await third.evaluate(() => localStorage.getItem('xclass.models')), new RegExp(fitted));
  await screenshot(third, 'fit-choice-damaged');
  for (const p of [page, again, third]) assert.deepEqual(p.errors, []);
  await context.close();
});
