// Every table of the malformed-input corpus uploaded through the app's file picker: the same
// message as the CLI's, the app keeps its state (the catalog views drawn, the last good upload
// still listed), no uncaught error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root } from './harness.mjs';
import { corpus } from './corpus.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Non-transparent pixels of a plot's point layer. */
const inked = (page, testid) => page.evaluate((id) => {
  const c = document.querySelectorAll(`[data-testid=${id}] canvas`)[1];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}, testid);

const lastUpload = (page) => page.textContent('[data-testid=upload-results] h4');

/** Uploads `path` and waits for an error banner or results named after it. */
async function upload(page, path, name) {
  await page.evaluate(() => document.querySelectorAll('.banner .dismiss').forEach((b) => b.click()));
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForFunction((name) => document.querySelector('.banner-error')
    || document.querySelector('[data-testid=upload-results] h4')?.textContent.startsWith(name + ' '), name, { timeout: 60000 });
}

const files = corpus();
const tables = files.filter((f) => !f.name.endsWith('.json'));

const models = files.filter((f) => f.name.endsWith('.json'));

test(`the ${models.length} corpus model files through the model upload: the CLI's messages, nothing changed`, async () => {
  assert.ok(models.length >= 20, `only ${models.length} corpus models`);
  const page = await newPage(browser);
  await openApp(page, server.url);
  const hash = () => page.textContent('[data-testid=model-hash]');
  const published = await hash();
  const failures = [];
  for (const f of models) {
    await page.evaluate(() => document.querySelectorAll('.banner .dismiss').forEach((b) => b.click()));
    await page.setInputFiles('[data-testid=model-load-input]', f.path);
    if (f.exit === 2) {
      await page.waitForFunction((n) => document.querySelector('.banner-error')?.textContent.includes(n), f.name, { timeout: 20000 });
      const message = await page.textContent('.banner-error');
      if (!message.includes(f.message)) failures.push(`${f.name}: message lacks ${JSON.stringify(f.message)}: ${JSON.stringify(message)}`);
      if (!message.includes('Nothing was changed')) failures.push(`${f.name}: does not say nothing changed`);
      if ((await hash()) !== published) failures.push(`${f.name}: the active model changed`);
    } else {
      // A valid model is used, then the published one restored.
      await page.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent !== h, published, { timeout: 20000 });
      await page.click('[data-testid=model-published]');
      await page.waitForFunction((h) => document.querySelector('[data-testid=model-hash]')?.textContent === h, published);
    }
  }
  await screenshot(page, 'corpus-models');
  assert.deepEqual(failures, []);
  assert.deepEqual(page.errors, []);
});

test(`the ${tables.length} corpus tables get the CLI's messages and the app keeps its state`, async () => {
  assert.ok(tables.length >= 12, `only ${tables.length} corpus tables`);
  const page = await newPage(browser);
  await openApp(page, server.url);
  const sky = await inked(page, 'sky-map');
  const scatter = await inked(page, 'scatter');
  assert.ok(sky > 1000 && scatter > 1000, `views not drawn: ${sky}, ${scatter}`);
  await page.click('[data-testid=tab-upload]');
  await upload(page, join(root, 'assets', 'your_xray_example.vot'), 'your_xray_example.vot');
  let good = 'your_xray_example.vot';
  const failures = [];
  for (const f of tables) {
    await upload(page, f.path, f.name);
    const banner = await page.$('.banner-error');
    const message = banner ? await banner.textContent() : null;
    const shown = await lastUpload(page);
    const wrong = (what) => failures.push(`${f.name}: ${what} (banner: ${JSON.stringify(message)}; results: ${JSON.stringify(shown)})`);
    if (f.exit === 2 || (f.exit === 0 && f.rows === 0)) {
      // The app shows no empty upload: a header without rows is a message there.
      const want = f.exit === 2 ? f.message : 'no data rows';
      if (!message?.includes(want)) wrong(`message lacks ${JSON.stringify(want)}`);
      if (!shown.startsWith(good + ' ')) wrong(`the previous upload ${good} is no longer listed`);
    } else {
      if (message) wrong('an error banner');
      else if (!shown.startsWith(`${f.name} — ${f.rows ?? ''}`)) wrong(`results are not ${f.rows} rows of ${f.name}`);
      else good = f.name;
      if (f.message && !(await page.textContent('body')).includes(f.message)) wrong(`the page lacks ${JSON.stringify(f.message)}`);
    }
  }
  assert.deepEqual(failures, []);
  // The catalog views are still drawn, as before.
  assert.equal(await inked(page, 'sky-map'), sky);
  assert.equal(await inked(page, 'scatter'), scatter);
  await screenshot(page, 'corpus-after');
  assert.deepEqual(page.errors, []);
});
