// Refitting in the browser (issue 15): a labelled upload fitted in the worker, the BIC sweep,
// choosing K, the validation, "Use this model" everywhere, the model in the permalink, a link
// whose model is not loaded, cancel mid-sweep, bad model files, and parity with `xclass fit`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, basename } from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, newPage, openApp, screenshot, artifacts, root } from './harness.mjs';
import { xclass, xclassBin } from './cli.mjs';
import { labelledTable } from './labelled.mjs';

let server, browser, table;
before(async () => {
  server = await serve();
  browser = await launch();
  table = labelledTable(2000, 7);
});
after(async () => { await browser?.close(); await server?.close(); });

const PUBLISHED = 'afb4ce2092';
const text = (page, id) => page.textContent(`[data-testid=${id}]`);
const hashOf = (json) => createHash('sha256').update(json).digest('hex').slice(0, 10);

async function uploadTable(page, path) {
  await page.click('[data-testid=tab-upload]');
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 120000 });
}

async function openFit(page) {
  await page.check('[data-testid=show-fit]');
  await page.waitForSelector('[data-testid=fit-form]');
}

async function setNumber(page, id, v) {
  await page.fill(`[data-testid=${id}]`, String(v));
  await page.dispatchEvent(`[data-testid=${id}]`, 'change');
}

test('a labelled upload is swept, a K chosen, validated, used everywhere and named in the link', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard');
  assert.equal(await text(page, 'model-hash'), PUBLISHED);
  const countsBefore = await text(page, 'filter-count');
  assert.match(countsBefore, /8,756 of 8,756 sources · 14,507 of 14,507 detections/);
  const agreeBefore = await text(page, 'confusion-note');
  await uploadTable(page, table);
  await openFit(page);
  await page.check('[data-testid=fit-source-upload]');
  assert.equal(await page.inputValue('[data-testid=fit-label]'), 'otype');
  await setNumber(page, 'fit-kmin', 2);
  await setNumber(page, 'fit-kmax', 5);
  await setNumber(page, 'fit-restarts', 2);
  await setNumber(page, 'fit-seed', 7);
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('[data-testid=fit-result]', { timeout: 180000 });
  // The sweep: one row per K, the suggested one marked; metrics and matrices beside the published model's.
  assert.equal(await page.locator('[data-testid=bic-table] tbody tr').count(), 4);
  assert.equal(await page.locator('[data-testid=bic-table] tr.suggested').count(), 1);
  assert.match(await text(page, 'fit-rows'), /2,000 rows read: 2,000 fitted, 0 left out .* 2,000 labelled/);
  const metrics = await text(page, 'fit-metrics');
  assert.match(metrics, /fitted, detections0\.\d{3}0\.\d{3}/);
  assert.match(metrics, /published, detections0\.\d{3}0\.\d{3}/);
  assert.equal(await page.locator('[data-testid=fit-matrix] tbody tr').count(), 4, '4 groups');
  assert.equal(await page.locator('[data-testid=fit-matrix-published] tbody tr').count(), 4);
  // The sweep was shared among workers (one per core): its model is the CLI's to the bit (below).
  const swept = await text(page, 'fit-hash');
  // Choose K = 3 in the table under the plot: refitted at that K.
  await page.click('[data-testid=bic-table] tbody tr:nth-child(2)');
  await page.waitForFunction(() => document.querySelector('[data-testid=fit-summary]')?.textContent.startsWith('K = 3,'), null, { timeout: 120000 });
  assert.equal(await page.locator('[data-testid=bic-table] tr.chosen td:first-child').textContent(), '3');
  await page.locator('[data-testid=fit-panel]').screenshot({ path: join(artifacts, 'fit-panel.png') });
  const fitted = await text(page, 'fit-hash');
  // Use it: badge, link, counts and matrices follow.
  await page.click('[data-testid=fit-use]');
  await page.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, fitted);
  assert.ok(decodeURIComponent(page.url()).includes(`model=${fitted}`), page.url()); // the codec escapes a leading digit
  assert.match(await text(page, 'filter-count'), /8,756 of 8,756 sources · 8,756 of 8,756 detections/);
  assert.match(await text(page, 'model-note'), /first detection/);
  assert.notEqual(await text(page, 'confusion-note'), agreeBefore, 'soft and hard votes now coincide');
  assert.match(await text(page, 'confusion-note'), /agree for 100\.0% of 8,756/);
  await page.check('[data-testid=show-fit]').catch(() => {});
  await screenshot(page, 'fit-used');
  // The model as a file: the CLI reads it and it is the one named in the link.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=model-download]')]);
  const json = (await readFile(await dl.path())).toString();
  assert.equal(hashOf(json), fitted);
  const saved = join(artifacts, 'fitted-model.json');
  await writeFile(saved, json);
  const cli = xclass('classify', '--model', saved, table).split('\n');
  assert.equal(cli.length, 2002);
  // The same fit by the CLI (run where the file has the same name, which the model's description records).
  const cliModel = join(artifacts, 'cli-fitted-model.json');
  execFileSync(xclassBin, ['fit', basename(table), '--label-column', 'otype', '-k', '3', '--restarts', '2', '--seed', '7', '-o', cliModel], { cwd: artifacts, stdio: 'ignore' });
  // The same model to the last bit (the class models' pseudo-inverses use only correctly
  // rounded operations), so the same content hash.
  const theirs = await readFile(cliModel, 'utf8');
  assert.deepEqual(JSON.parse(json), JSON.parse(theirs));
  assert.equal(hashOf(theirs), fitted);
  const cliSwept = join(artifacts, 'cli-swept-model.json');
  execFileSync(xclassBin, ['fit', basename(table), '--label-column', 'otype', '--k-range', '2..5', '--restarts', '2', '--seed', '7', '-o', cliSwept], { cwd: artifacts, stdio: 'ignore' });
  assert.equal(hashOf(await readFile(cliSwept, 'utf8')), swept, 'the shared sweep gives the CLI model');
  // A fresh page with that link: the model is not loaded, the page says so and offers to load it.
  const link = page.url();
  const fresh = await newPage(browser);
  await fresh.goto(link);
  await fresh.waitForSelector('body[data-catalog-loaded-ms]');
  assert.match(await text(fresh, 'model-missing'), new RegExp(`model ${fitted}, which is not loaded`));
  assert.equal(await text(fresh, 'model-hash'), PUBLISHED);
  await screenshot(fresh, 'fit-model-missing');
  await fresh.setInputFiles('[data-testid=model-missing-load-input]', saved);
  await fresh.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, fitted);
  assert.equal(await fresh.locator('[data-testid=model-missing]').count(), 0);
  assert.match(await text(fresh, 'filter-count'), /8,756 of 8,756 detections/);
  // Back to the published model.
  await fresh.click('[data-testid=model-published]');
  await fresh.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, PUBLISHED);
  assert.ok(!fresh.url().includes('model='), fresh.url());
  assert.match(await text(fresh, 'filter-count'), /14,507 of 14,507 detections/);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
});

test('cancel mid-sweep leaves everything as it was', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  await openFit(page);
  const url = page.url();
  await setNumber(page, 'fit-kmin', 2);
  await setNumber(page, 'fit-kmax', 14);
  await page.click('[data-testid=fit-run]');
  await page.waitForFunction(() => /Fit \d+ of \d+/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 60000 });
  await page.click('[data-testid=progress] button');
  await page.waitForSelector('[data-testid=progress]', { state: 'detached' });
  assert.match(await page.textContent('.notices'), /Fit cancelled; nothing was changed/);
  assert.equal(await page.locator('[data-testid=fit-result], [data-testid=bic-plot]').count(), 0);
  assert.equal(await text(page, 'model-hash'), PUBLISHED);
  assert.equal(page.url(), url);
  assert.match(await text(page, 'filter-count'), /14,507 of 14,507 detections/);
  // The worker is recreated: a new (small) fit runs to the end.
  await setNumber(page, 'fit-kmax', 3);
  await setNumber(page, 'fit-restarts', 1);
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('[data-testid=fit-no-model]', { timeout: 120000 });
  assert.equal(await page.locator('[data-testid=bic-table] tbody tr').count(), 2);
  assert.deepEqual(page.errors, []);
});

test('bad model files are refused with a message and nothing changes', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  const published = JSON.parse(await readFile(join(artifacts, '..', '..', 'assets', 'model.json'), 'utf8'));
  const bad = [
    ['not-json.json', '{"features": [', /not valid JSON/],
    ['weights.json', JSON.stringify({ ...published, gmm: { ...published.gmm, weights: published.gmm.weights.slice(1) } }), /gmm\.weights sum to 0\.89\d+, not 1/],
  ];
  for (const [name, body, why] of bad) {
    const path = join(artifacts, name);
    await writeFile(path, body);
    await page.setInputFiles('[data-testid=model-load-input]', path);
    await page.waitForFunction((n) => document.querySelector('.banner-error')?.textContent.includes(n), name);
    const msg = await page.textContent('.banner-error');
    assert.match(msg, why);
    assert.match(msg, /Nothing was changed/);
    await screenshot(page, `fit-bad-model-${name.replace('.json', '')}`);
    await page.click('.banner-error .dismiss');
    assert.equal(await text(page, 'model-hash'), PUBLISHED);
    assert.ok(!page.url().includes('model='));
  }
  assert.deepEqual(page.errors, []);
});

test('absent features are unticked, and a label column with no mappable labels is refused with a message', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  const rows = (await readFile(table, 'utf8')).trim().split('\n').slice(0, 200);
  const junk = join(artifacts, 'junk-labels.csv');
  // Without the var_newq_b column (the 15th), and every label a type that is none of the 10 classes.
  const cut = (r) => r.split(',').filter((_, j) => j !== 14);
  await writeFile(junk, rows.map((r, i) => (i === 0 ? cut(r) : [...cut(r).slice(0, -1), 'Star']).join(',')).join('\n') + '\n');
  await uploadTable(page, junk);
  await openFit(page);
  await page.check('[data-testid=fit-source-upload]');
  assert.match(await text(page, 'fit-missing'), /Not in the table \(unticked\): var_newq_b\./);
  assert.equal(await page.isChecked('[data-testid=fit-feature-var_newq_b] input'), false);
  assert.equal(await page.isDisabled('[data-testid=fit-feature-var_newq_b] input'), true);
  await setNumber(page, 'fit-kmax', 3);
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('.banner-error', { timeout: 60000 });
  assert.match(await page.textContent('.banner-error'), /The fit failed; nothing was changed\. .*junk-labels\.csv: no label in column "otype" maps to one of the 10 classes/);
  assert.equal(await page.locator('[data-testid=fit-result]').count(), 0);
  assert.equal(await text(page, 'model-hash'), PUBLISHED);
});
