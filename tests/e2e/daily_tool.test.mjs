// Issue 16's last pieces: the confusion matrices exported as paper figures (title line, the
// filter in words, the count, colour bar; PNG at 1x/2x/4x, SVG, white or transparent), a subset
// exported as FITS and read back by the CLI, and the phone layout with every panel foldable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root, artifacts } from './harness.mjs';
import { sources, fmt } from './data.mjs';
import { xclass } from './cli.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); await mkdir(artifacts, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const text = (page, id) => page.textContent(`[data-testid=${id}]`);
const grab = async (page, click) => {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), body: await readFile(await dl.path()) };
};
const paper = JSON.parse(readFileSync(join(root, 'assets', 'paper_confusion.json'), 'utf8'));
/** The texts of an SVG's <text> elements (plotters breaks lines inside them). */
const texts = (svg) => [...svg.matchAll(/<text[^>]*>\s*([^<]*?)\s*<\/text>/g)].map((m) => m[1]);
const exportButton = (page, kind) => page.click(`[data-testid=xclass-confusion-export] button:has-text("${kind}")`);

test('confusion matrices export as paper figures: title, filter, count, colour bar, sizes, background', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=paper&confusion.aggregated=true');
  // The paper's Fig. 5 as SVG: title line, the source in words, every group and printed value, the colour bar.
  const fig5 = await grab(page, () => exportButton(page, 'SVG'));
  assert.equal(fig5.name, 'xclass-confusion.svg');
  const svg = fig5.body.toString();
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="610"/);
  assert.match(svg, /Paper Fig\. 5: true vs predicted, shares of each row/);
  assert.match(svg, /Pérez-Díaz et al\. \(2024\): 20% test split of SIMBAD-labelled detections, as printed/);
  const words = texts(svg);
  for (const g of paper.grouped_classes) assert.ok(words.includes(g), g);
  for (const row of paper.grouped_rows_true_cols_predicted) for (const v of row) assert.ok(words.includes(v.toFixed(2)), `value ${v}`);
  assert.ok(words.includes('share of row'));
  for (const t of ['0.00', '0.25', '0.50', '0.75', '1.00']) assert.ok(words.includes(t), t);
  assert.ok(words.includes('true') && words.includes('predicted'), 'axis titles');
  assert.match(svg, /<rect width="720" height="610" fill="#ffffff"\/>/);
  await writeFile(join(artifacts, 'daily-confusion-fig5.svg'), svg);
  // PNG at 4x: 2,880 px wide (823 dpi at a 3.5 in column), the figure's height times 4.
  await page.selectOption('[data-testid=xclass-confusion-scale]', '4');
  assert.match(await page.textContent('[data-testid=xclass-confusion-scale] option:checked'), /^4× · 2880 px · 823 dpi at 3\.5 in$/);
  const png = (await grab(page, () => exportButton(page, 'PNG'))).body;
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal(png.readUInt32BE(16), 2880);
  assert.equal(png.readUInt32BE(20), 4 * 610);
  await writeFile(join(artifacts, 'daily-confusion-fig5-4x.png'), png);
  // 1x, transparent: no background rectangle in the SVG; the PNG is 720 px wide.
  await page.selectOption('[data-testid=xclass-confusion-scale]', '1');
  await page.check('[data-testid=xclass-confusion-export] input[type=checkbox]');
  const clear = (await grab(page, () => exportButton(page, 'SVG'))).body.toString();
  assert.doesNotMatch(clear, /fill="#ffffff"\/>/);
  assert.equal((await grab(page, () => exportButton(page, 'PNG'))).body.readUInt32BE(16), 720);
  // Soft vs hard over a filter: the filter in words and the count in the subtitle.
  await page.goto(server.url + '#confusion.matrix=soft_hard&filter.status=ambiguous');
  await page.waitForSelector('body[data-catalog-loaded-ms]');
  await page.waitForSelector('[data-testid=confusion-matrix]');
  const ambiguous = sources.filter((s) => !s.unique).length;
  const sh = (await grab(page, () => exportButton(page, 'SVG'))).body.toString();
  assert.match(sh, /Soft vs hard master class, shares of each row/);
  assert.ok(texts(sh).includes('soft vote') && texts(sh).includes('hard vote'), 'axis titles');
  assert.match(sh, new RegExp(`ambiguous · ${fmt(ambiguous)} filtered sources`));
  // The paper's Fig. 4 (10 classes) as a PNG at the default 2x, looked at.
  const fresh = await newPage(browser);
  await openApp(fresh, server.url, 'confusion.matrix=paper');
  const fig4 = (await grab(fresh, () => exportButton(fresh, 'PNG'))).body;
  assert.equal(fig4.readUInt32BE(16), 1440);
  await writeFile(join(artifacts, 'daily-confusion-fig4.png'), fig4);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(fresh.errors, []);
});

test('a subset exports as FITS that reads back with exactly its sources', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard&confusion.aggregated=true');
  const members = sources.filter((s) => ['QSO', 'AGN'].includes(s.soft) && ['QSO', 'AGN'].includes(s.hard));
  await page.click('[data-testid=confusion-matrix] tbody tr:first-child td.cell');
  await page.waitForFunction((w) => document.querySelector('[data-testid=subset-create]').textContent === `From selection (${w})`, members.length);
  await page.fill('[data-testid=subset-name]', 'agn both');
  await page.click('[data-testid=subset-create]');
  await page.waitForSelector('[data-testid=subset-0]');
  const fits = await grab(page, () => page.click('[data-testid=subset-0] button:has-text("FITS")'));
  assert.equal(fits.name, 'xclass-subset-agn_both.fits');
  assert.equal(fits.body.subarray(0, 30).toString('latin1'), 'SIMPLE  =                    T');
  assert.match(fits.body.subarray(2880, 2880 * 2).toString('latin1'), new RegExp(`NAXIS2  = +${members.length} `));
  const path = join(artifacts, 'daily-subset.fits');
  await writeFile(path, fits.body);
  // The core's FITS reader (through the CLI) reads every row back: the subset's names, once each.
  const lines = xclass('classify', path).trim().split('\n');
  assert.equal(lines.length, members.length + 1);
  assert.match(lines[0], /^name,/);
  const names = lines.slice(1).map((l) => l.split(',')[0]).sort();
  assert.deepEqual(names, members.map((s) => s.name).sort());
  assert.deepEqual(page.errors, []);
});

test('phone, 390 px: every panel folds, one column, no sideways scrolling, axe-core clean', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await openApp(page, server.url, 'panels.fit=true&panels.science=true');
  await page.waitForSelector('[data-testid=fit-form]');
  const folds = await page.$$eval('[data-testid^=fold-]', (ds) => ds.filter((d) => d.offsetParent !== null).map((d) => d.dataset.testid));
  assert.deepEqual(folds.sort(), ['fold-confusion', 'fold-details', 'fold-filters', 'fold-fit', 'fold-scatter', 'fold-science', 'fold-sky', 'fold-table']);
  await screenshot(page, 'daily-phone-open');
  for (const f of folds) {
    await page.click(`[data-testid=${f}] > summary`);
    assert.equal(await page.$eval(`[data-testid=${f}]`, (d) => d.open), false, f);
  }
  // Folded, each panel is its heading only: the whole page fits in one screen.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 844, `page ${height} px tall with every panel folded`);
  assert.equal(await page.isVisible('[data-testid=sky-map]'), false);
  assert.equal(await page.isVisible('[data-testid=source-table]'), false);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page ${wide} px wide`);
  await screenshot(page, 'daily-phone-folded');
  // Unfold the scatter plot alone: it draws at the phone's width.
  await page.click('[data-testid=fold-scatter] > summary');
  await page.waitForFunction(() => document.querySelector('[data-testid=scatter] canvas')?.getBoundingClientRect().width > 300);
  await screenshot(page, 'daily-phone-scatter');
  await page.evaluate(readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })));
  await writeFile(join(artifacts, 'daily-phone-axe.json'), JSON.stringify(result, null, 1));
  assert.deepEqual(result.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], JSON.stringify(result));
  assert.deepEqual(page.errors, []);
});
