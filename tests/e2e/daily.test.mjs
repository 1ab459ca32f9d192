// Issue 16, "from demo to daily tool": the 16 bugs as regression tests, honest what-if verdicts,
// the table, subsets, figures, palettes, keyboard, axe-core, the phone layout, empty results.
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
const notices = (page) => page.textContent('.notices');
const grab = async (page, click) => {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), body: await readFile(await dl.path()) };
};

/** The published sources with their first detection's features and positions (CSV, not the app). */
function published() {
  const rows = [];
  for (const file of ['uniquely_classified.csv', 'ambiguous_classification.csv']) {
    const [head, ...lines] = readFileSync(join(root, 'data', 'umlcaxs', file), 'utf8').trim().split('\n');
    const cols = head.split(',');
    for (const l of lines) rows.push(Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  }
  return rows;
}

/** Great-circle distance in degrees (haversine). */
function separation(ra1, dec1, ra2, dec2) {
  const r = Math.PI / 180;
  const a = Math.sin((dec2 - dec1) * r / 2) ** 2 + Math.cos(dec1 * r) * Math.cos(dec2 * r) * Math.sin((ra2 - ra1) * r / 2) ** 2;
  return 2 * Math.asin(Math.sqrt(a)) / r;
}

test('bugs 1, 13: the header and the Data menu follow a synthetic set of any size from a link', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'dataset={}&dataset.synthetic.n=123&dataset.synthetic.seed=7');
  await page.waitForSelector('[data-testid=synthetic-badge]');
  assert.match(await text(page, 'counts'), /^123 synthetic detections · 123 sources \(one detection each\)$/);
  assert.equal(await page.inputValue('[data-testid=dataset]'), '123');
  assert.match(await page.textContent('[data-testid=dataset] option:checked'), /Synthetic: 123 detections/);
  assert.match(await text(page, 'filter-count'), /^123 of 123 sources · 123 of 123 detections$/);
});

test('bug 2: a log axis says how many rows it cannot show', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'scatter.x=hard_hs&scatter.y=hard_hm&scatter.log_x=true&scatter.log_y=true&scatter.colour=group');
  const rows = published().filter((r) => r.hard_hs !== '' && r.hard_hm !== '' && !isNaN(+r.hard_hs) && !isNaN(+r.hard_hm));
  const shown = rows.filter((r) => +r.hard_hs > 0 && +r.hard_hm > 0).length;
  const hidden = rows.length - shown;
  assert.ok(hidden > 1000, `${hidden} negative hardness ratios`);
  await page.waitForFunction(() => /not shown/.test(document.querySelector('[data-testid=scatter-note]').textContent));
  assert.equal(await text(page, 'scatter-note'), `${fmt(shown)} rows · ${fmt(hidden)} rows not shown: hard_hs or hard_hm ≤ 0 has no place on a log axis`);
});

test('bug 3: in a density map the Colour menu is disabled and says why', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.render=density&scatter.render=density');
  await page.waitForSelector('[data-testid=sky-colour-density]');
  assert.equal(await page.isDisabled('[data-testid=sky-colour]'), true);
  assert.equal(await page.isDisabled('[data-testid=scatter-colour]'), true);
  assert.match(await text(page, 'sky-colour-density'), /rows per bin/);
  await page.selectOption('[data-testid=scatter-render]', 'points');
  await page.waitForFunction(() => !document.querySelector('[data-testid=scatter-colour]').disabled);
});

test('bug 4: impossible link values are reset, and the warnings are written for people', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'filter.min_prob=7&selection=NOPE&dataset=martian&table.page=abc');
  await page.waitForSelector('.banner-warning');
  const w = await notices(page);
  assert.match(w, /confidence threshold in the link \(7\) is not a probability between 0 and 1/);
  assert.match(w, /1 selected source in the link is not in the catalog and was left out of the selection: "NOPE"/);
  assert.match(w, /"martian" is not one of: published, synthetic/);
  assert.match(w, /the text "abc" was given where a whole number \(0 or more\) is needed/);
  assert.doesNotMatch(w, /unknown variant|expected u32|Invalid symbol/);
  assert.match(await text(page, 'filter-count'), /^8,756 of 8,756 sources/);
  // Warnings stay until dismissed.
  await page.click('.banner-warning .dismiss');
  assert.equal(await page.locator('.banner-warning').count(), 0);
});

test('bugs 5, 9, 15: range errors go with their range; filter names and contradictions read right', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  assert.match(await page.textContent('#min-prob-label'), /^Confidence: top class probability at least 0\.00/);
  await page.click('button:has-text("Add range")');
  await page.fill('[aria-label="powlaw_gamma minimum"]', 'abc');
  await page.press('[aria-label="powlaw_gamma minimum"]', 'Tab');
  assert.match(await text(page, 'range-error'), /"abc" is not a number/);
  await page.click('[data-testid=range-remove]');
  assert.equal(await page.locator('[data-testid=range-error]').count(), 0);
  await page.fill('[data-testid=min-count]', '5');
  await page.press('[data-testid=min-count]', 'Tab');
  await page.fill('[data-testid=max-count]', '2');
  await page.press('[data-testid=max-count]', 'Tab');
  assert.match(await text(page, 'filter-problems'), /At least 5 and at most 2 detections per source: no source can pass/);
  // Bug 14 and the empty views: a filter that keeps nothing says so in every view.
  assert.match(await text(page, 'filter-count'), /^0 of 8,756 sources · 0 of 14,507 detections/);
  await page.waitForSelector('[data-testid=sky-empty]');
  await page.waitForSelector('[data-testid=scatter-empty]');
  await page.waitForSelector('[data-testid=table-empty]');
  assert.match(await text(page, 'table-count'), /^0 sources · page 1 of 1$/);
  await screenshot(page, 'daily-empty');
});

test('bug 6: the density tooltip follows a wheel zoom', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.render=density');
  const box = await page.locator('[data-testid=sky-map]').boundingBox();
  // The galactic centre is the map's centre: densely covered.
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(at.x, at.y);
  await page.waitForSelector('[data-testid=tooltip]');
  assert.match(await text(page, 'tooltip'), /depth 7/);
  await page.mouse.wheel(0, -700);
  await page.waitForFunction(() => /depth (8|9|10)\b/.test(document.querySelector('[data-testid=tooltip]')?.textContent ?? ''));
  await screenshot(page, 'daily-density-zoomed');
});

test('bugs 7, 8: the cone takes a CSC name or sexagesimal, is drawn and zoomed to; the graticule refines', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'sky.frame=equatorial');
  const rows = published();
  const within = (ra, dec, deg) => rows.filter((r) => separation(ra, dec, +r.ra, +r.dec) <= deg).length;
  await page.fill('[data-testid=cone-centre]', '2CXO J004231.1+411621');
  await page.fill('[data-testid=cone-radius]', '30');
  await page.click('[data-testid=cone-apply]');
  await page.waitForFunction(() => location.hash.includes('sky.zoom'));
  // The name stands for the centre of its 0.1 s × 1″ box.
  const ra = (0 + 42 / 60 + 31.15 / 3600) * 15, dec = 41 + 16 / 60 + 21.5 / 3600;
  const n = within(ra, dec, 0.5);
  assert.ok(n > 50, `${n} sources near M31`);
  assert.match(await text(page, 'filter-count'), new RegExp(`^${fmt(n)} of 8,756 sources`));
  assert.match(await text(page, 'cone-text'), /^00h42m31\.15s \+41°16'21\.5", radius 30′$/);
  await screenshot(page, 'daily-cone-m31');
  await page.fill('[data-testid=cone-centre]', '00:42:44.3 +41:16:09');
  await page.fill('[data-testid=cone-radius]', '10');
  await page.press('[data-testid=cone-radius]', 'Enter');
  const n2 = within((42 / 60 + 44.3 / 3600) * 15, 41 + 16 / 60 + 9 / 3600, 10 / 60);
  await page.waitForFunction((want) => document.querySelector('[data-testid=filter-count]').textContent.startsWith(want + ' of'), fmt(n2));
  await page.fill('[data-testid=cone-centre]', 'banana');
  await page.click('[data-testid=cone-apply]');
  assert.match(await text(page, 'cone-error'), /give RA and Dec/);
});

test('bugs 10, 11: classified CSV keeps ra/dec and neutralises formulas, byte-identical to the CLI', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'side=upload');
  const csv = 'name,obsid,ra,dec,hard_hm,hard_hs,hard_ms,powlaw_gamma,bb_kt,var_prob_b,var_ratio_b,var_prob_h,var_ratio_h,var_prob_s,var_ratio_s,var_newq_b\n'
    + '"=HYPERLINK(""http://x"",""y"")",1,10.684708,41.26875,-0.0587,-0.157,-0.0999,2.219,0.564,0.1396,0.014,0.1373,0.0163,0.2008,0.0239,1.0018\n'
    + '-0.5,2,0.5,-1.5,0.1,0.2,0.3,1.5,0.5,0.1,0.01,0.1,0.01,0.1,0.01,1.0\n';
  await page.fill('[data-testid=paste]', csv);
  await page.click('[data-testid=classify-pasted]');
  await page.waitForSelector('[data-testid=upload-results]');
  const dl = await grab(page, () => page.click('[data-testid=dl-detections-csv]'));
  const got = dl.body.toString();
  const lines = got.trim().split('\n');
  assert.match(lines[0], /^name,obsid,ra,dec,cluster,QSO,/);
  assert.match(lines[1], /^"'=HYPERLINK\(""http:\/\/x"",""y""\)",1,10\.684708,41\.26875,\d,/);
  assert.match(lines[2], /^-0\.5,2,0\.5,-1\.5,\d,/);
  const path = join(artifacts, 'daily-formula.csv');
  await writeFile(path, csv);
  assert.equal(got, xclass('classify', path));
});

test('bugs 14, 16: plurals; details with 4 significant digits and explained marks', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'focus=2CXO%20J004231.1%2B411621');
  await page.fill('[data-testid=name-search]', 'J004231.1+411621');
  await page.waitForFunction(() => document.querySelector('[data-testid=table-count]').textContent.startsWith('1 source ·'));
  assert.match(await text(page, 'filter-count'), /^1 of 8,756 sources · 97 of 14,507 detections/);
  const values = await page.$$eval('.features td.num', (tds) => tds.map((t) => t.textContent));
  assert.equal(values.length, 12);
  // hard_hm -0.058713304184885 in the published table.
  assert.equal(values[0], '-0.05871');
  for (const v of values) assert.ok(v.replace(/[-.]|e.*$/g, '').replace(/^0+/, '').length <= 4, v);
  assert.match(await text(page, 'first-note'), /\* the source's first detection/);
  assert.match(await text(page, 'table-key'), /orange/);
});

test('what-if: refused at the field, extrapolation caveats, invented raw columns', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'side=editor');
  await page.click('button:has-text("From medians")');
  const gamma = '[data-testid=value-powlaw_gamma]';
  const before = await page.inputValue(gamma);
  await page.fill(gamma, 'banana');
  await page.press(gamma, 'Tab');
  assert.match(await text(page, 'error-powlaw_gamma'), /"banana" is not a number; powlaw_gamma keeps its value/);
  assert.equal(await page.inputValue(gamma), before);
  await page.fill('[data-testid=value-var_prob_b]', '1.5');
  await page.press('[data-testid=value-var_prob_b]', 'Tab');
  assert.match(await text(page, 'error-var_prob_b'), /var_prob_b = 1\.5 is impossible: it lies between 0 and 1/);
  await page.fill('[data-testid=value-hard_hm]', '-1.2');
  await page.press('[data-testid=value-hard_hm]', 'Tab');
  assert.match(await text(page, 'error-hard_hm'), /lies between -1 and 1/);
  assert.equal(await page.locator('[data-testid=editor-caveat]').count(), 0);
  await page.fill(gamma, '1e9');
  await page.press(gamma, 'Tab');
  assert.match(await text(page, 'editor-caveat'), /powlaw_gamma = 1e9 is far outside the training range \(.* to .*\): this verdict is an extrapolation/);
  await page.check('[data-testid=raw-mode]');
  assert.match(await text(page, 'raw-invented'), /^Invented, not measured: var_mean_b, var_mean_h, var_mean_s, var_max_b, var_min_b/);
  await screenshot(page, 'daily-whatif');
});

test('table: columns, page size, jump to page, back to page 1 on a new search', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  await page.fill('[data-testid=page-jump]', '4');
  await page.press('[data-testid=page-jump]', 'Tab');
  await page.waitForFunction(() => /page 4 of/.test(document.querySelector('[data-testid=table-count]').textContent));
  await page.fill('[data-testid=table-search]', 'J0042');
  await page.waitForFunction(() => /page 1 of/.test(document.querySelector('[data-testid=table-count]').textContent));
  await page.fill('[data-testid=table-search]', '');
  await page.selectOption('[data-testid=page-size]', '50');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=source-table] tbody tr').length === 50);
  assert.match(await text(page, 'table-count'), /^8,756 sources · page 1 of 176$/);
  await page.click('[data-testid=column-chooser]');
  await page.check('[data-testid=columns] label:has-text("P(HMXB)") input');
  await page.check('[data-testid=columns] label:has-text("P(XB group)") input');
  const head = await page.textContent('[data-testid=source-table] thead');
  assert.match(head, /P\(HMXB\).*P\(XB group\)/);
  assert.match(decodeURIComponent(page.url()), /table\.columns=/);
  // Sorted by P(XB group), descending: the first row's value is the largest (1.000).
  await page.click('th button:has-text("P(XB group)")');
  await page.click('th button:has-text("P(XB group)")');
  // (The published means are rounded to 3 decimals, so a group's sum can read 1.001.)
  const cells = await page.$$eval('[data-testid=source-table] tbody tr:first-child td', (tds) => tds.map((t) => t.textContent));
  assert.ok(Number(cells.at(-1)) >= 0.999, cells.at(-1));
  // Keyboard: a focused row selects with Enter.
  await page.focus('[data-testid=source-table] tbody tr:nth-child(2)');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=source-table] tbody tr.selected');
});

test('subsets: from a selection, show only (the table follows), invert, colour, export, in the link', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard&confusion.aggregated=true');
  // The AGN → AGN cell of the soft-vs-hard matrix: unique AGN-group sources plus ambiguous ones agreeing in group.
  const want = sources.filter((s) => ['QSO', 'AGN'].includes(s.soft) && ['QSO', 'AGN'].includes(s.hard)).length;
  await page.click('[data-testid=confusion-matrix] tbody tr:first-child td.cell');
  await page.waitForFunction((w) => document.querySelector('[data-testid=subset-create]').textContent === `From selection (${w})`, want);
  await page.fill('[data-testid=subset-name]', 'agn');
  await page.click('[data-testid=subset-create]');
  await page.waitForSelector('[data-testid=subset-0]');
  assert.match(await text(page, 'subset-0'), new RegExp(`agn${fmt(want)} sources`));
  await page.selectOption('[data-testid=subset-show-0]', 'only');
  await page.waitForFunction((w) => document.querySelector('[data-testid=table-count]').textContent.startsWith(w + ' sources'), fmt(want));
  assert.match(await text(page, 'filter-count'), new RegExp(`^${fmt(want)} of 8,756 sources`));
  const csv = await grab(page, () => page.click('[data-testid=subset-0] button:has-text("CSV")'));
  assert.equal(csv.name, 'xclass-subset-agn.csv');
  assert.equal(csv.body.toString().trim().split('\n').length, want + 1);
  await page.click('[data-testid=subset-0] button:has-text("Invert")');
  await page.waitForSelector('[data-testid=subset-1]');
  assert.match(await text(page, 'subset-1'), new RegExp(`not agn${fmt(8756 - want)} sources`));
  await page.click('[data-testid=subset-0] button:has-text("Colour")');
  assert.equal(await page.inputValue('[data-testid=sky-colour]'), 'subset');
  await screenshot(page, 'daily-subsets');
  // The link restores the subsets by name.
  const link = page.url();
  // Both subsets together name all 8,756 sources: ~220 KB as plain names, about 2.6 times less deflated.
  assert.ok(link.length < 130_000, `link of ${link.length} characters`);
  console.log(`subset link: ${link.length} characters`);
  const again = await newPage(browser);
  await openApp(again, link.split('#')[0], link.split('#')[1]);
  await again.waitForSelector('[data-testid=subset-1]');
  assert.match(await text(again, 'table-count'), new RegExp(`^${fmt(want)} sources`));
  assert.deepEqual(again.errors, []);
  assert.deepEqual(page.errors, []);
});

test('figures: title line, filter in words, legend; PNG at 2x; palettes in the link', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'filter.status=ambiguous&sky.colour=group');
  const svg = (await grab(page, () => page.click('[data-testid=xclass-sky-export] button:has-text("SVG")'))).body.toString();
  assert.match(svg, /^<svg xmlns/);
  assert.match(svg, /Chandra sources on the sky, Mollweide, galactic coordinates/);
  assert.match(svg, /ambiguous · 485 rows shown/);
  for (const g of ['AGN', 'Seyfert', 'XB', 'YSO']) assert.match(svg, new RegExp(`>${g}</text>`));
  assert.match(svg, /fill="#009E73"/); // the safe palette's XB
  const width = await page.evaluate(() => document.querySelectorAll('[data-testid=sky-map] canvas')[1].width);
  const png = (await grab(page, () => page.click('[data-testid=xclass-sky-export] button:has-text("PNG")'))).body;
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal(png.readUInt32BE(16), 2 * width);
  await writeFile(join(artifacts, 'daily-sky-figure.png'), png);
  await page.selectOption('[data-testid=palette]', 'paper');
  assert.match(decodeURIComponent(page.url()), /palette=paper/);
  const paper = (await grab(page, () => page.click('[data-testid=xclass-scatter-export] button:has-text("SVG")'))).body.toString();
  assert.match(paper, /hard_hm vs hard_hs \(sources\)/);
});

test('keyboard: skip link, About as a dialog, matrix cells', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url, 'confusion.matrix=soft_hard');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'views');
  await page.click('[data-testid=about-button]');
  await page.waitForSelector('[data-testid=about]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'about');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=about]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'about-button');
  await page.focus('[data-testid=confusion-matrix] tbody tr:first-child td.cell');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /selection=/.test(location.hash));
});

test('axe-core: no serious or critical accessibility violations', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  // Evaluated through the debugger protocol: the page's CSP (rightly) refuses an inline script tag.
  await page.evaluate(readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  await writeFile(join(artifacts, 'daily-axe.json'), JSON.stringify(result, null, 1));
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], JSON.stringify(result));
});

test('phone: 390x844, one column, no sideways scrolling, panels collapsible', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await openApp(page, server.url);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page ${wide} px wide`);
  const xs = await page.$$eval('.workspace > .panel:not(.hidden)', (ps) => ps.map((p) => Math.round(p.getBoundingClientRect().left)));
  assert.equal(new Set(xs).size, 1, `one column: ${xs}`);
  await page.click('.filters summary');
  assert.equal(await page.isVisible('[data-testid=filters]'), false);
  await screenshot(page, 'daily-phone');
  assert.deepEqual(page.errors, []);
});
