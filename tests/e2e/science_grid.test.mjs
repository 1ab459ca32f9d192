// The class grid (issue 17): laid out by the width the user sees (2 columns on a phone, 5 on a
// desktop), with shared axes; and grouped by an upload's own labels, whose panel counts must
// equal the file's label counts (counted here from the CSV, SIMBAD spellings grouped by hand).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root, artifacts } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const LABELLED = join(root, 'crates/core/tests/fixtures/labelled_synthetic.csv');
const CLASSES = ['QSO', 'AGN', 'Seyfert_1', 'Seyfert_2', 'HMXB', 'LMXB', 'XB', 'YSO', 'TTau*', 'Orion_V*'];
/** The fixture's spellings of each class (the rest, '' and Star, are unlabelled). */
const SPELLING = {
  QSO: 'QSO', AGN: 'AGN', Seyfert_1: 'Seyfert_1', Sy1: 'Seyfert_1', Seyfert_2: 'Seyfert_2', Sy2: 'Seyfert_2',
  HMXB: 'HMXB', HighMassXBin: 'HMXB', LMXB: 'LMXB', LowMassXBin: 'LMXB', XB: 'XB', XrayBin: 'XB',
  YSO: 'YSO', 'TTau*': 'TTau*', 'TTauri*': 'TTau*', 'Or*': 'Orion_V*', 'Orion_V*': 'Orion_V*',
};

/** Per class, the fixture's rows with that label; and the rows with none. */
function labelCounts() {
  const [head, ...lines] = readFileSync(LABELLED, 'utf8').trim().split('\n');
  const at = head.split(',').indexOf('otype');
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  let unlabelled = 0;
  for (const l of lines) {
    const c = SPELLING[l.split(',')[at]];
    if (c) counts[c]++; else unlabelled++;
  }
  return { counts, unlabelled };
}

const drawnAfter = (page, t0) =>
  page.waitForFunction((t0) => (window.__xclass?.drawn?.science ?? 0) > t0, t0, { timeout: 60_000 });
const now = (page) => page.evaluate(() => performance.now());

/** The grid's cell centres in page coordinates, as the view lays them out (CSS px). */
async function cells(page, cols, n) {
  const ink = page.locator('[data-testid=science] canvas').nth(2);
  await ink.scrollIntoViewIfNeeded();
  const b = await ink.boundingBox();
  const rows = Math.ceil(n / cols);
  const [left, right, top, bottom] = [54, 10, 4, 40];
  const [cw, ch] = [(b.width - left - right) / cols, (b.height - top - bottom) / rows];
  return Array.from({ length: n }, (_, i) => ({
    x: b.x + left + (i % cols + 0.45) * cw,
    y: b.y + top + (Math.floor(i / cols) + 0.55) * ch,
  }));
}

/** The tooltip over each cell: [panel name, count]. */
async function hoverAll(page, centres) {
  const out = [];
  for (const c of centres) {
    await page.mouse.move(c.x, c.y);
    const t = await page.waitForSelector('[data-testid=tooltip]');
    const m = (await t.textContent()).match(/^(.+): ([\d,]+) (labelled )?rows/);
    assert.ok(m, await t.textContent());
    out.push([m[1], Number(m[2].replace(/,/g, ''))]);
  }
  return out;
}

/** The innermost (50%) contour's shade of `hex`, as the view mixes it with white. */
const innermost = (hex) => [1, 3, 5].map((i) => Math.trunc(255 - (255 - parseInt(hex.slice(i, i + 2), 16)) * 0.85));
/** Pixels of the grid's raster layer of exactly this colour, opaque. */
const pixels = (page, [r, g, b]) => page.evaluate(([r, g, b]) => {
  const c = document.querySelectorAll('[data-testid=science] canvas')[1];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b && d[i + 3] === 255) n++;
  return n;
}, [r, g, b]);

test('phone, 390 px: ten class panels in 2 columns of near-square panels; desktop: 5 columns; colours follow the palette; axe-core clean', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await openApp(page, server.url, 'science.plot=class_grid');
  await drawnAfter(page, 0);
  const box = await page.locator('[data-testid=science]').boundingBox();
  assert.ok(box.width < 390 && box.height >= 850, `${box.width} x ${box.height}`);
  assert.ok(await page.$eval('[data-testid=science]', (d) => d.classList.contains('narrow')));
  // Two per row, in class order: QSO AGN / Seyfert_1 Seyfert_2 / HMXB LMXB / XB YSO / TTau* Orion_V*.
  const names = (await hoverAll(page, await cells(page, 2, 10))).map(([n]) => n);
  assert.deepEqual(names, CLASSES);
  await page.mouse.move(0, 0);
  await page.locator('[data-testid=science]').screenshot({ path: join(artifacts, 'science-grid-390.png') });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page ${wide} px wide`);
  await page.evaluate(readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })));
  await writeFile(join(artifacts, 'science-grid-390-axe.json'), JSON.stringify(result, null, 1));
  assert.deepEqual(result.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], JSON.stringify(result));
  // The same page widened to a desktop: five per row, the plot back to its desktop height.
  const t0 = await now(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await drawnAfter(page, t0);
  await page.waitForFunction(() => !document.querySelector('[data-testid=science]').classList.contains('narrow'));
  await page.waitForFunction(() => (window.__xclass?.drawn?.science ?? 0) > 0 && document.querySelector('[data-testid=science]').getBoundingClientRect().height < 600);
  const desk = (await hoverAll(page, await cells(page, 5, 10))).map(([n]) => n);
  assert.deepEqual(desk, CLASSES);
  // Colours follow the palette: QSO's innermost contour in Paul Tol's indigo, then in tab10 blue.
  const [safe, paper] = [innermost('#332288'), innermost('#1f77b4')];
  assert.ok(await pixels(page, safe) > 50 && await pixels(page, paper) === 0);
  const t1 = await now(page);
  await page.selectOption('[data-testid=palette]', 'paper');
  await drawnAfter(page, t1);
  assert.ok(await pixels(page, paper) > 50 && await pixels(page, safe) === 0);
  await page.mouse.move(0, 0);
  await page.locator('[data-testid=science]').screenshot({ path: join(artifacts, 'science-grid-desktop.png') });
  assert.deepEqual(page.errors, []);
});

test("an upload's labels: one panel per label class holding the file's count; per group; restored by a link", async () => {
  const { counts, unlabelled } = labelCounts();
  const page = await newPage(browser);
  await openApp(page, server.url, 'science.plot=class_grid');
  // Without a labelled upload the choice is there but disabled.
  assert.equal(await page.$eval('[data-testid=grid-source] option[value=label]', (o) => o.disabled), true);
  await page.click('[data-testid=tab-upload]');
  await page.setInputFiles('[data-testid=file-input]', LABELLED);
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 120_000 });
  let t0 = await now(page);
  await page.selectOption('[data-testid=grid-source]', 'label');
  await drawnAfter(page, t0);
  const placed = Object.values(counts).reduce((a, b) => a + b, 0);
  const note = await page.textContent('[data-testid=grid-note]');
  assert.match(note, new RegExp(`labelled_synthetic\\.csv \\(otype\\): ${placed.toLocaleString('en-US')} rows; not shown: ${unlabelled} unlabelled, 0 with an unmapped type, 0 missing`), note);
  const got = await hoverAll(page, await cells(page, 5, 10));
  assert.deepEqual(got, CLASSES.map((c) => [c, counts[c]]));
  await page.mouse.move(0, 0);
  await page.locator('[data-testid=science]').screenshot({ path: join(artifacts, 'science-grid-labels.png') });
  // Per group: the members' counts summed.
  t0 = await now(page);
  await page.check('[data-testid=grid-groups]');
  await drawnAfter(page, t0);
  const sum = (...cs) => cs.reduce((a, c) => a + counts[c], 0);
  assert.deepEqual(await hoverAll(page, await cells(page, 2, 4)), [
    ['AGN', sum('QSO', 'AGN')], ['Seyfert', sum('Seyfert_1', 'Seyfert_2')], ['XB', sum('HMXB', 'LMXB', 'XB')], ['YSO', sum('YSO', 'TTau*', 'Orion_V*')],
  ]);
  // Clicking a panel (YSO) picks its rows in the upload table (page 1: the file's first 25 rows).
  const centres = await cells(page, 2, 4);
  await page.mouse.click(centres[3].x, centres[3].y);
  const [head, ...lines] = readFileSync(LABELLED, 'utf8').trim().split('\n');
  const at = head.split(',').indexOf('otype');
  const yso = lines.slice(0, 25).map((l, i) => [i, SPELLING[l.split(',')[at]]]).filter(([, c]) => ['YSO', 'TTau*', 'Orion_V*'].includes(c)).map(([i]) => String(i));
  assert.ok(yso.length > 0);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=upload-table] tr.picked').length === n, yso.length);
  assert.deepEqual(await page.$$eval('[data-testid=upload-table] tr.picked', (trs) => trs.map((t) => t.dataset.row)), yso);
  // The link names the choice; opened without the upload it says what is missing and keeps it.
  const hash = decodeURIComponent(new URL(page.url()).hash);
  assert.match(hash, /science\.class_source=label/);
  const fresh = await newPage(browser);
  await openApp(fresh, server.url, hash.slice(1));
  await fresh.waitForSelector('[data-testid=grid-note]');
  assert.match(await fresh.textContent('[data-testid=grid-note]'), /No upload/);
  assert.equal(await fresh.inputValue('[data-testid=grid-source]'), 'label');
  // An upload without a label column: said so, the choice kept.
  await fresh.click('[data-testid=tab-upload]');
  await fresh.setInputFiles('[data-testid=file-input]', join(root, 'assets', 'your_xray_example.vot'));
  await fresh.waitForSelector('[data-testid=upload-results]', { timeout: 120_000 });
  await fresh.waitForFunction(() => /no label column/.test(document.querySelector('[data-testid=grid-note]')?.textContent));
  assert.equal(await fresh.inputValue('[data-testid=grid-source]'), 'label');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
});

/** The published sources' hard_hs and soft class, straight from the CSVs. */
function sourcesHardHs() {
  return [['uniquely_classified.csv', 'master_class'], ['ambiguous_classification.csv', 'soft_master_class']].flatMap(([file, col]) => {
    const [head, ...lines] = readFileSync(join(root, 'data', 'umlcaxs', file), 'utf8').trim().split('\n');
    const names = head.split(',');
    const [h, c] = [names.indexOf('hard_hs'), names.indexOf(col)];
    return lines.map((l) => { const v = l.split(','); return { hs: Math.fround(Number(v[h])), soft: v[c] }; });
  });
}

test("hovering a histogram bin shows its range and each split's count and share, as the CSVs count them", async () => {
  const rows = sourcesHardHs();
  const total = Object.fromEntries(CLASSES.map((c) => [c, rows.filter((r) => r.soft === c).length]));
  const page = await newPage(browser);
  await openApp(page, server.url, 'science.feature=hard_hs&science.split=class&science.bins=16');
  await drawnAfter(page, 0);
  // The bin edges in full precision from the CSV export (the tooltip rounds them).
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=science-csv]')]);
  const edges = [...new Set(readFileSync(await dl.path(), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(1, 3).join()))]
    .map((e) => e.split(',').map(Number));
  assert.equal(edges.length, 16);
  const ink = page.locator('[data-testid=science] canvas').nth(2);
  await ink.scrollIntoViewIfNeeded();
  const b = await ink.boundingBox();
  const seen = new Set();
  for (const f of [0.3, 0.45, 0.5, 0.55, 0.7]) {
    await page.mouse.move(b.x + b.width * f, b.y + b.height * 0.5);
    const text = await (await page.waitForSelector('[data-testid=tooltip]')).textContent();
    const [head, ...lines] = text.split('\n');
    const m = head.match(/^hard_hs in \[([-0-9.]+), ([-0-9.]+)\)$/);
    assert.ok(m, head);
    const bin = edges.findIndex(([lo, hi]) => Math.abs(lo - Number(m[1])) < 1e-4 && Math.abs(hi - Number(m[2])) < 1e-4);
    assert.ok(bin >= 0, head);
    seen.add(bin);
    const [lo, hi] = edges[bin];
    const inBin = rows.filter((r) => r.hs >= lo && (r.hs < hi || (bin === 15 && r.hs <= hi)));
    const want = CLASSES.map((c) => [c, inBin.filter((r) => r.soft === c).length]).filter(([, n]) => n > 0)
      .map(([c, n]) => `${c}: ${n.toLocaleString('en-US')} (${(100 * n / total[c]).toFixed(1)}% of ${c})`);
    assert.ok(want.length > 0);
    assert.deepEqual(lines, want, head);
  }
  assert.ok(seen.size >= 4, [...seen].join());
  await page.locator('[data-testid=science]').screenshot({ path: join(artifacts, 'science-histogram-hover.png') });
  assert.deepEqual(page.errors, []);
});
