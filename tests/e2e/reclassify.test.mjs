// Reclassifying in the browser: the paper's example, uploads by file/drop/paste, bad input,
// large uploads in the worker, validation on labels, and the what-if editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir, truncate, open } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root, artifacts } from './harness.mjs';
import { xclass } from './cli.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); await mkdir(artifacts, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const example = join(root, 'assets', 'your_xray_example.vot');
const p = async (page, cls) => Number(await page.textContent(`[data-testid="p-${cls}"]`));

async function uploadTab(page, hash = '') {
  await openApp(page, server.url, hash);
  await page.click('[data-testid=tab-upload]');
}

/** Uploads a file through the file picker and waits for the results or an error banner. */
async function upload(page, path) {
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForSelector('[data-testid=upload-results], .banner-error', { timeout: 120000 });
}

async function exampleResults(page) {
  await page.click('[data-testid=upload-table] tbody tr');
  assert.match(await page.textContent('[data-testid=upload-focus]'), /2CXO J004307\.5-092302 obsid 4884\s*cluster 5 · HMXB \(XB\)/);
  const known = { HMXB: 0.684173, LMXB: 0.296807, XB: 0.0043, AGN: 0.010554, QSO: 0.00392, 'Orion_V*': 0.000147 };
  for (const [cls, want] of Object.entries(known)) assert.ok(Math.abs((await p(page, cls)) - want) <= 1e-6, `${cls}: ${await p(page, cls)} vs ${want}`);
  assert.match(await page.textContent('[data-testid=upload-focus]'), /XB 0\.985279/);
  assert.match(await page.textContent('[data-testid=upload-table]'), /powlaw_gamma, bb_kt/);
}

test('the paper example dropped in gives the known answer, identical to the CLI', async () => {
  const page = await newPage(browser);
  await uploadTab(page);
  // Drag and drop, as a user would.
  const text = (await readFile(example)).toString();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'your_xray_example.vot', { type: 'application/xml' }));
    document.querySelector('[data-testid=dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 30000 });
  await exampleResults(page);
  // The uploaded detection is drawn on the sky map as its own marker.
  assert.match(await page.textContent('.notices'), /1 detection classified/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-detections-csv]')]);
  const browserCsv = (await readFile(await dl.path())).toString();
  assert.equal(browserCsv, xclass('classify', 'assets/your_xray_example.vot'));
  const [dls] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-sources-csv]')]);
  assert.equal((await readFile(await dls.path())).toString(), xclass('classify', '--by-source', 'assets/your_xray_example.vot'));
  // The upload layer in the table view, and into the what-if editor.
  assert.match(await page.textContent('[data-testid=upload-table-count]'), /your_xray_example\.vot: 1 detection ·/);
  assert.match(await page.textContent('[data-testid=upload-table] tbody'), /2CXO J004307\.5-092302.*HMXB0\.684XB0\.985/);
  await page.click('[data-testid=upload-table] tbody tr');
  await page.click('[data-testid=edit-upload]');
  assert.match(await page.textContent('[data-testid=editor-verdict]'), /^HMXB \(XB\) · cluster 5 · P = 0\.6842$/);
  await screenshot(page, 'reclassify-example');
  assert.deepEqual(page.errors, []);
});

test('file picker and paste classify the same rows', async () => {
  const page = await newPage(browser);
  await uploadTab(page);
  await upload(page, example);
  await exampleResults(page);
  const csv = 'name,obsid,hard_hm,hard_hs,hard_ms,powlaw_gamma,bb_kt,var_prob_b,var_ratio_b,var_prob_h,var_ratio_h,var_prob_s,var_ratio_s,var_newq_b\n'
    + 'X,1,-0.058713304184885,-0.15740162398501,-0.099937539038101,2.21919,0.564146,0.13961629089789,0.0140084904774027,0.13731659828829,0.0162582670637739,0.20076810878664,0.0239268640287264,1.0018268098380196\n';
  await page.fill('[data-testid=paste]', csv);
  await page.click('[data-testid=classify-pasted]');
  await page.waitForFunction(() => document.querySelector('[data-testid=upload-results] h4')?.textContent.startsWith('pasted'));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-detections-csv]')]);
  const pathCsv = join(artifacts, 'pasted.csv');
  await writeFile(pathCsv, csv);
  assert.equal((await readFile(await dl.path())).toString(), xclass('classify', pathCsv));
});

test('bad input gets a clear message and keeps what was loaded', async () => {
  const page = await newPage(browser);
  await uploadTab(page);
  await upload(page, example);
  const bad = {
    'semicolons.csv': ['name;hard_hm;hard_hs\nA;0.1;0.2\n', /semicolons\.csv: line 1: .*delimiter/i],
    'nofeatures.csv': ['name,flux,otype\nA,1e-14,QSO\n', /nofeatures\.csv: .*none of the 12 features/i],
    'notanumber.csv': ['name,hard_hm,hard_hs\nA,0.1,0.2\nB,0.3,abc\n', /notanumber\.csv: line 3, column hard_hs: "abc" is not a number/],
    'ragged.csv': ['name,hard_hm,hard_hs\nA,0.1\n', /ragged\.csv: line 2.*(2|fields|cells)/i],
    'empty.csv': ['', /empty\.csv: the file is empty/],
    'broken.vot': ['<?xml version="1.0"?>\n<VOTABLE version="1.2"><RESOURCE><TABLE><FIELD name="hard_hm" datatype="double"/><DATA><TABLEDATA><TR><TD>0.1</TD>', /broken\.vot: row 1: the file ends inside <TR>/],
    'garbage.bin': [Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0xff, 0xfe, 0, 1, 2, 3]), /garbage\.bin: .*(binary|compressed)/i],
  };
  for (const [name, [content, want]] of Object.entries(bad)) {
    const path = join(artifacts, name);
    await writeFile(path, content);
    await page.evaluate(() => document.querySelectorAll('.banner .dismiss').forEach((b) => b.click()));
    await page.setInputFiles('[data-testid=file-input]', path);
    const msg = await page.textContent('.banner-error', { timeout: 30000 });
    assert.match(msg, want, name);
    // The example's results are still there.
    assert.match(await page.textContent('[data-testid=upload-results] h4'), /^your_xray_example\.vot/, name);
  }
  // A 500 MB file is refused before reading, pointing at the CLI.
  const huge = join(artifacts, 'huge.csv');
  await (await open(huge, 'w')).close();
  await truncate(huge, 500 * 1024 * 1024);
  await page.evaluate(() => document.querySelectorAll('.banner .dismiss').forEach((b) => b.click()));
  await page.setInputFiles('[data-testid=file-input]', huge);
  assert.match(await page.textContent('.banner-error'), /huge\.csv: 500 MB is more than the 256 MB .*xclass classify huge\.csv/);
  await truncate(huge, 0);
  assert.match(await page.textContent('[data-testid=upload-results] h4'), /^your_xray_example\.vot/);
  await screenshot(page, 'reclassify-bad-input');
  assert.deepEqual(page.errors, []);
});

test('200,000 rows classify in the worker with progress, the page stays responsive, cancel works', async () => {
  const path = join(artifacts, 'synth200k.csv');
  xclass('synth', '200000', '--raw', '-o', path);
  const page = await newPage(browser);
  await uploadTab(page);
  // Cancel during the run: nothing changes.
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForSelector('[data-testid=progress]');
  // Responsive: a filter click updates the counts while the worker runs.
  const t0 = Date.now();
  await page.click('[data-testid="status-ambiguous"] input');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]').textContent.startsWith('485 of'));
  const clickMs = Date.now() - t0;
  assert.ok(await page.isVisible('[data-testid=progress]'), 'still classifying after the filter click');
  await page.click('[data-testid=progress] button');
  await page.waitForSelector('[data-testid=progress]', { state: 'detached' });
  assert.equal(await page.locator('[data-testid=upload-results]').count(), 0);
  assert.match(await page.textContent('.notices'), /cancelled/);
  // A full run completes.
  const t1 = Date.now();
  await page.setInputFiles('[data-testid=file-input]', path);
  const fractions = [];
  while (await page.locator('[data-testid=progress]').count()) {
    const v = await page.getAttribute('[data-testid=progress]', 'aria-valuenow').catch(() => null);
    if (v !== null) fractions.push(Number(v));
    await page.waitForTimeout(100);
  }
  await page.waitForSelector('[data-testid=upload-results]');
  const totalMs = Date.now() - t1;
  assert.match(await page.textContent('[data-testid=upload-results] h4'), /synth200k\.csv — 200,000 detections/);
  assert.match(await page.textContent('[data-testid=upload-table-count]'), /200,000 detections · page 1 of 8,000$/);
  await page.click('[data-testid=upload-table-count] ~ button:has-text("Next")');
  assert.match(await page.textContent('[data-testid=upload-table-count]'), /page 2 of 8,000$/);
  assert.equal(await page.locator('[data-testid=upload-table] tbody tr').count(), 25);
  assert.ok(new Set(fractions).size >= 2, `progress moved: ${fractions.join(',')}`);
  // Every one of the 200,000 rows is byte-for-byte what the CLI writes.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-detections-csv]')]);
  const browserCsv = (await readFile(await dl.path())).toString();
  assert.equal(browserCsv.split('\n').length, 200002);
  assert.ok(browserCsv === xclass('classify', path), 'browser and CLI outputs differ');
  console.log(`200,000-row upload: ${totalMs} ms end to end; a filter click during classification took ${clickMs} ms`);
  await screenshot(page, 'reclassify-200k');
  assert.deepEqual(page.errors, []);
});

test('validation on a labelled upload: SIMBAD spellings mapped, matrices beside the paper', async () => {
  // Labels are each row's published detection class, written in SIMBAD's short codes, long
  // names or the paper's spellings; so every labelled row must be predicted right.
  const spell = { QSO: 'QSO', AGN: 'AGN', Seyfert_1: 'Sy1', Seyfert_2: 'Seyfert2', HMXB: 'HighMassXBin', LMXB: 'LXB', XB: 'XB*', YSO: 'Y*O', 'TTau*': 'TTauri*', 'Orion_V*': 'Or*' };
  const [head, ...lines] = (await readFile(join(root, 'data/umlcaxs/uniquely_classified.csv'), 'utf8')).trim().split('\n');
  const cols = head.split(',');
  const feats = cols.slice(cols.indexOf('hard_hm'));
  const rows = lines.filter((l) => l.split(',')[cols.indexOf('detection_count')] === '1').slice(0, 300);
  let csv = 'name,otype,' + feats.join(',') + '\n';
  for (const l of rows) {
    const v = l.split(',');
    csv += `${v[0]},${spell[v[cols.indexOf('master_class')]]},${feats.map((f) => v[cols.indexOf(f)]).join(',')}\n`;
  }
  csv += `extra1,Star,${feats.map(() => '0.1').join(',')}\nextra2,Galaxy,${feats.map(() => '0.1').join(',')}\n`;
  const path = join(artifacts, 'labelled.csv');
  await writeFile(path, csv);
  const page = await newPage(browser);
  await uploadTab(page);
  await upload(page, path);
  await page.click('[data-testid=show-validation]');
  const summary = await page.textContent('[data-testid=validation-summary]');
  assert.match(summary, /300 labelled detections compared \(label column otype\); accuracy 1\.00, balanced accuracy 1\.00/);
  assert.match(await page.textContent('[data-testid=validation]'), /1 unlabelled .*1 with an unmapped type \(Galaxy ×1\)/);
  assert.ok(await page.locator('[data-testid=validation-paper] td.cell').count() === 100);
  await page.click('[data-testid=confusion-aggregated]');
  assert.ok(await page.locator('[data-testid=validation-matrix] td.cell').count() === 16);
  await screenshot(page, 'reclassify-validation');
  assert.deepEqual(page.errors, []);
});

test('the what-if editor reproduces the catalog, reacts to edits and lives in the permalink', async () => {
  const name = '2CXO J000010.0-501526'; // one detection: cluster 1, QSO 0.7109
  const page = await newPage(browser);
  await openApp(page, server.url, `focus=${encodeURIComponent(name)}&selection=${encodeURIComponent(name)}`);
  await page.click('[data-testid=edit-source]');
  assert.match(await page.textContent('[data-testid=editor-verdict]'), /^QSO \(AGN\) · cluster 1 · P = 0\.7109$/);
  await page.fill('[data-testid="edit-hard_hs"] input.num', '0.9');
  await page.press('[data-testid="edit-hard_hs"] input.num', 'Enter');
  await page.waitForFunction(() => /was QSO/.test(document.querySelector('[data-testid=editor-verdict]').textContent));
  const verdict = await page.textContent('[data-testid=editor-verdict]');
  // Raw mode: var_sigma_b / var_mean_b gives var_ratio_b.
  await page.check('[data-testid=raw-mode]');
  await page.fill('[data-testid="raw-var_mean_b"] input', '2');
  await page.press('[data-testid="raw-var_mean_b"] input', 'Enter');
  await page.fill('[data-testid="raw-var_sigma_b"] input', '0.5');
  await page.press('[data-testid="raw-var_sigma_b"] input', 'Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="edit-var_ratio_b"] input.num').value === '0.2500');
  const url = page.url();
  const verdictRaw = await page.textContent('[data-testid=editor-verdict]');
  const again = await newPage(browser);
  await openApp(again, url.replace(/^[^#]*/, server.url));
  assert.equal(await again.textContent('[data-testid=editor-verdict]'), verdictRaw);
  assert.equal(await again.inputValue('[data-testid="edit-hard_hs"] input.num'), '0.9000');
  assert.equal(await again.inputValue('[data-testid="edit-var_ratio_b"] input.num'), '0.2500');
  assert.ok(verdict.length > 0);
  await screenshot(again, 'reclassify-editor');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(again.errors, []);
});
