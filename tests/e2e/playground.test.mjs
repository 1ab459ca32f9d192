// The playground: linked views, filters, selection, permalinks, exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, newPage, openApp, screenshot } from './harness.mjs';
import { sources, GROUP, fmt } from './data.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const count = (page) => page.textContent('[data-testid=filter-count]');

/** Non-transparent pixels of a plot's point layer (the second canvas of its surface). */
const inked = (page, testid) => page.evaluate((id) => {
  const c = document.querySelectorAll(`[data-testid=${id}] canvas`)[1];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}, testid);

/** CSS-pixel centre of the inked pixels of a plot's point layer, relative to the page. */
const inkCentre = (page, testid) => page.evaluate((id) => {
  const c = document.querySelectorAll(`[data-testid=${id}] canvas`)[1];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) if (d[(y * c.width + x) * 4 + 3] > 0) { sx += x; sy += y; n++; }
  const r = c.getBoundingClientRect(), k = c.width / r.width;
  return n ? { x: r.left + sx / n / k, y: r.top + sy / n / k } : null;
}, testid);

/** Waits until every view redrew after `t0` (ms since navigation). */
const redrawn = (page, t0) => page.waitForFunction(({ t0 }) => ['sky', 'scatter', 'table', 'confusion'].every((v) => (window.__xclass?.drawn?.[v] ?? 0) > t0), { t0 });
const now = (page) => page.evaluate(() => performance.now());

test('filter changes update the counts and every view', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard');
  assert.match(await count(page), /^8,756 of 8,756 sources · 14,507 of 14,507 detections/);
  const [sky0, sc0] = [await inked(page, 'sky-map'), await inked(page, 'scatter')];
  assert.ok(sky0 > 1000 && sc0 > 1000, `points drawn: sky ${sky0}, scatter ${sc0}`);

  const t0 = await now(page);
  await page.click('[data-testid="group-YSO"] input');
  await redrawn(page, t0);
  const noYso = sources.filter((s) => GROUP[s.soft] !== 'YSO').length;
  assert.match(await count(page), new RegExp(`^${fmt(noYso)} of 8,756 sources`));
  assert.match(await page.textContent('[data-testid=table-count]'), new RegExp(`^${fmt(noYso)} sources`));
  assert.match(await page.textContent('[data-testid=confusion-note]'), new RegExp(`of ${fmt(noYso)} filtered sources`));
  const [sky1, sc1] = [await inked(page, 'sky-map'), await inked(page, 'scatter')];
  assert.ok(sky1 < sky0 && sc1 < sc0, `fewer points: sky ${sky0}→${sky1}, scatter ${sc0}→${sc1}`);

  const t1 = await now(page);
  await page.click('[data-testid="status-ambiguous"] input');
  await redrawn(page, t1);
  const ambNoYso = sources.filter((s) => !s.unique && GROUP[s.soft] !== 'YSO').length;
  assert.match(await count(page), new RegExp(`^${fmt(ambNoYso)} of 8,756 sources`));
  // Soft and hard never agree among ambiguous sources.
  assert.match(await page.textContent('[data-testid=confusion-note]'), /agree for 0\.0% of/);

  await page.fill('[data-testid=name-search]', 'J0042');
  const named = sources.filter((s) => !s.unique && GROUP[s.soft] !== 'YSO' && s.name.includes('J0042')).length;
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]').textContent.startsWith(n + ' of'), fmt(named));
  await screenshot(page, 'playground-filtered');
  assert.deepEqual(page.errors, []);
});

test('clicking a point selects that source in every view', async () => {
  const name = '2CXO J004231.1+411621';
  const page = await newPage(browser);
  await openApp(page, server.url, `filter.name=${encodeURIComponent(name)}`);
  assert.match(await count(page), /^1 of 8,756 sources/);
  const p = await inkCentre(page, 'sky-map');
  assert.ok(p, 'the one source is drawn on the sky');
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector('[data-testid=details-name]');
  assert.equal(await page.textContent('[data-testid=details-name]'), name);
  assert.match(await page.textContent('[data-testid=details-classes]'), /HMXB \(XB\) · uniquely classified/);
  assert.equal(await page.locator('[data-testid=details-detections] tbody tr').count(), 97);
  assert.equal(await page.locator('table.sources tbody tr.selected').count(), 1);
  // Escape clears the selection; back brings it back.
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=details-empty]');
  await page.goBack();
  await page.waitForSelector('[data-testid=details-name]');
  assert.match(decodeURIComponent(page.url()), /selection=2CXO J004231\.1\+411621/);
  // Hovering shows the tooltip with the name and class.
  await page.mouse.move(p.x + 1, p.y);
  assert.match(await page.textContent('[data-testid=tooltip]'), /2CXO J004231\.1\+411621\nHMXB \(XB\)/);
  // The same from the scatter plot, after clearing the selection.
  await page.goto(server.url + `#filter.name=${encodeURIComponent('2CXO J004228.2+411222')}`);
  await page.waitForSelector('body[data-catalog-loaded-ms]');
  const q = await inkCentre(page, 'scatter');
  await page.mouse.click(q.x, q.y);
  await page.waitForSelector('[data-testid=details-name]');
  assert.equal(await page.textContent('[data-testid=details-name]'), '2CXO J004228.2+411222');
  assert.match(await page.textContent('[data-testid=details-classes]'), /ambiguous: soft HMXB, hard LMXB/);
  await screenshot(page, 'playground-details');
  assert.deepEqual(page.errors, []);
});

test('a permalink restores filters, axes, matrix and selection', async () => {
  const focus = '2CXO J004228.2+411222';
  const hash = [
    'sky.frame=equatorial', 'sky.colour=cluster', 'scatter.x=powlaw_gamma', 'scatter.y=bb_kt', 'scatter.log_y=true',
    'confusion.matrix=cluster_class', 'confusion.aggregated=true', 'filter.status=ambiguous',
    'filter.hidden_classes=YSO,TTau*,Orion_V*', `selection=${encodeURIComponent(focus)}`, `focus=${encodeURIComponent(focus)}`,
  ].join('&');
  const page = await newPage(browser);
  await openApp(page, server.url, hash);
  const expected = sources.filter((s) => !s.unique && GROUP[s.soft] !== 'YSO').length;
  assert.match(await count(page), new RegExp(`^${fmt(expected)} of 8,756 sources`));
  assert.equal(await page.inputValue('[data-testid=sky-toolbar] select >> nth=0'), 'equatorial');
  assert.equal(await page.inputValue('[data-testid=sky-colour]'), 'cluster');
  assert.equal(await page.inputValue('[data-testid=scatter-x]'), 'powlaw_gamma');
  assert.equal(await page.inputValue('[data-testid=scatter-y]'), 'bb_kt');
  assert.equal(await page.isChecked('[data-testid=confusion-aggregated]'), true);
  assert.match(await page.textContent('[data-testid=confusion-matrix]'), /GMM cluster × predicted class/);
  assert.equal(await page.textContent('[data-testid=details-name]'), focus);
  assert.equal(await page.isChecked('[data-testid="group-YSO"] input'), false);
  assert.equal(await page.locator('.banner-warning').count(), 0);
  // The app writes the same state back: the URL is stable.
  assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)).split('&').sort().join('&'),
    decodeURIComponent(hash).split('&').sort().join('&'));
  await screenshot(page, 'playground-permalink');
  assert.deepEqual(page.errors, []);
});

test('a mangled permalink warns, keeps what it can and falls back to defaults', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.frame=nowhere&filter.min_prob=abc&%%%zz&scatter.x=hard_ms&selection=~AAAA');
  const warning = await page.textContent('.banner-warning');
  assert.match(warning, /could not be fully restored/);
  assert.match(warning, /sky\.frame=nowhere/);
  assert.equal(await page.inputValue('[data-testid=sky-toolbar] select >> nth=0'), 'galactic');
  assert.equal(await page.inputValue('[data-testid=scatter-x]'), 'hard_ms');
  assert.match(await count(page), /^8,756 of 8,756 sources/);
  assert.ok(await inked(page, 'sky-map') > 1000);
  await screenshot(page, 'playground-mangled');
});

test('back and forward walk through meaningful steps', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  await page.click('[data-testid="status-unique"] input');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]').textContent.startsWith('8,271 of'));
  await page.selectOption('[data-testid=sky-colour]', 'class');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid=sky-colour]').value === 'group');
  assert.match(await count(page), /^8,271 of/);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]').textContent.startsWith('8,756 of'));
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]').textContent.startsWith('8,271 of'));
});

test('a confusion-matrix cell and a box on the scatter plot select their sources', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard');
  // Row HMXB (soft), column LMXB (hard).
  await page.click('[data-testid=confusion-matrix] tbody tr:nth-child(5) td:nth-child(7)');
  const expected = sources.filter((s) => s.soft === 'HMXB' && s.hard === 'LMXB').length;
  await page.waitForSelector('[data-testid=selection]');
  assert.match(await page.textContent('[data-testid=selection]'), new RegExp(`^${fmt(expected)} sources selected`));

  await page.click('[data-testid=scatter-toolbar] + .toolbar button:has-text("Box")');
  const box = await page.locator('[data-testid=scatter] canvas').nth(2).boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.45, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => /sources selected/.test(document.querySelector('[data-testid=selection]')?.textContent ?? ''));
  const n = Number((await page.textContent('[data-testid=selection]')).match(/^([\d,]+)/)[1].replace(/,/g, ''));
  assert.ok(n > 10 && n < 8756, `box selected ${n} sources`);
  await screenshot(page, 'playground-box');
});

test('wheel zooms the sky map and Reset zoom restores it', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  const box = await page.locator('[data-testid=sky-map] canvas').nth(2).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -300);
  await page.waitForFunction(() => location.hash.includes('sky.zoom'));
  assert.equal(await page.isEnabled('[data-testid=sky-toolbar] button:has-text("Reset zoom")'), true);
  await screenshot(page, 'playground-zoomed');
  await page.click('[data-testid=sky-toolbar] button:has-text("Reset zoom")');
  await page.waitForFunction(() => !location.hash.includes('sky.zoom'));
});

test('exports: the filtered table as CSV and VOTable, plots as PNG and SVG', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'filter.status=ambiguous');
  const grab = async (click) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: dl.suggestedFilename(), body: await readFile(await dl.path()) };
  };
  const csv = await grab(() => page.click('button:has-text("CSV")'));
  const lines = csv.body.toString().trim().split('\n');
  assert.equal(csv.name, 'xclass-sources.csv');
  assert.equal(lines.length, 486);
  assert.match(lines[0], /^name,ra,dec,soft_master_class,hard_master_class,agg_master_class,uniquely_classified,detection_count,mean_QSO/);
  const vot = await grab(() => page.click('button:has-text("VOTable")'));
  assert.match(vot.body.toString(), /<VOTABLE/);
  assert.equal((vot.body.toString().match(/<TR>/g) ?? []).length, 485);
  const png = await grab(() => page.click('[data-testid=sky-toolbar] button:has-text("PNG")'));
  assert.deepEqual([...png.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const svg = await grab(() => page.click('[data-testid=scatter-toolbar] ~ .toolbar button:has-text("SVG")'));
  assert.match(svg.body.toString(), /^<svg/);
  assert.ok((svg.body.toString().match(/<circle/g) ?? []).length >= 485);
  const matrix = await grab(() => page.click('[data-testid=confusion-toolbar] button:has-text("SVG")'));
  assert.match(matrix.body.toString(), /Paper Fig\. 4/);
});

test('views can be hidden, the others take the room, and the link keeps it', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  const wide0 = (await page.locator('.panel.confusion').boundingBox()).width;
  await page.uncheck('[data-testid=show-scatter]');
  await page.uncheck('[data-testid=show-table]');
  assert.equal(await page.isVisible('.panel.scatter'), false);
  assert.equal(await page.isVisible('.panel.table'), false);
  const wide1 = (await page.locator('.panel.confusion').boundingBox()).width;
  assert.ok(wide1 > 1.8 * wide0, `matrices widen: ${wide0} → ${wide1}`);
  assert.match(decodeURIComponent(page.url()), /panels\.scatter=false/);
  // Plots re-measure when their panel changes size: the canvas keeps one pixel per device pixel.
  await page.uncheck('[data-testid=show-details]');
  await page.waitForFunction(() => {
    const c = document.querySelectorAll('[data-testid=sky-map] canvas')[1];
    return c.width === Math.round(c.clientWidth * devicePixelRatio) && c.clientWidth > 1100;
  });
  const again = await newPage(browser);
  await openApp(again, page.url().replace(/^[^#]*/, server.url));
  assert.equal(await again.isVisible('.panel.scatter'), false);
  assert.equal(await again.isChecked('[data-testid=show-scatter]'), false);
  assert.equal(await again.isVisible('.panel.sky'), true);
  await screenshot(again, 'playground-hidden-panels');
  assert.deepEqual(again.errors, []);
});

test('the HEALPix density map counts the rows of the cell under the mouse', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.render=density&sky.level=detection');
  assert.match(await page.textContent('[data-testid=sky-toolbar] .note'), /density map: 14,507 rows/);
  const box = await page.locator('[data-testid=sky-map] canvas').nth(2).boundingBox();
  // The Galactic centre, where the catalog is densest.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = await page.textContent('[data-testid=tooltip]');
  const n = Number(tip.match(/^([\d,]+) rows in this HEALPix cell/)[1].replace(/,/g, ''));
  assert.ok(n >= 1, tip);
  assert.match(tip, /\nl (0\.|359\.)\d+°  b [+-]0\.\d+°/);
  await screenshot(page, 'playground-density');
  assert.deepEqual(page.errors, []);
});

test('screenshots of each view', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.level=detection&sky.colour=cluster&scatter.per_cluster=true&confusion.matrix=cluster_class&focus=2CXO%20J004231.1%2B411621');
  await page.waitForTimeout(300);
  for (const [sel, name] of [['.panel.sky', 'view-sky'], ['.panel.scatter', 'view-scatter'], ['.panel.confusion', 'view-confusion'], ['.panel.details', 'view-details'], ['.panel.table', 'view-table'], ['.panel.filters', 'view-filters']]) {
    await page.locator(sel).screenshot({ path: `tests/artifacts/${name}.png` });
  }
  assert.deepEqual(page.errors, []);
});
