// Foundation: the app loads the shipped catalog, shows its counts and logs no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, openApp, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('loads the catalog and shows the published counts', async () => {
  const page = await newPage(browser);
  await openApp(page, server.url);
  const counts = await page.textContent('[data-testid=counts]');
  assert.match(counts, /14,507 detections/);
  assert.match(counts, /8,756 sources/);
  assert.match(counts, /8,271 unique, 485 ambiguous/);
  await page.waitForSelector('[data-testid=workspace]');
  await screenshot(page, 'shell');
  assert.deepEqual(page.errors, []);
});

test('a failed load says what failed instead of a blank page', async () => {
  const page = await newPage(browser);
  await page.route('**/assets/catalog.bin', (r) => r.fulfill({ status: 200, body: 'this is not a catalog' }));
  await page.goto(server.url);
  const msg = await page.textContent('[data-testid=load-failed]', { timeout: 30_000 });
  assert.match(msg, /assets\/catalog\.bin: not an xclass catalog asset/);
  await screenshot(page, 'shell-load-failed');
});

test('a missing model file is reported with its HTTP status', async () => {
  const page = await newPage(browser);
  await page.route('**/assets/model.json', (r) => r.fulfill({ status: 404, body: 'nope' }));
  await page.goto(server.url);
  const msg = await page.textContent('[data-testid=load-failed]', { timeout: 30_000 });
  assert.match(msg, /assets\/model\.json: HTTP 404/);
});

test('without the paper matrices the app still loads and says what is missing', async () => {
  const page = await newPage(browser);
  await page.route('**/assets/paper_confusion.json', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await openApp(page, server.url);
  assert.match(await page.textContent('.banner-warning'), /paper's confusion matrices are unavailable: could not fetch assets\/paper_confusion\.json: HTTP 404/);
  assert.match(await page.textContent('[data-testid=counts]'), /14,507 detections/);
  assert.match(await page.textContent('[data-testid=confusion-note]'), /could not be loaded/);
  assert.equal(await page.locator('.banner-fatal').count(), 0);
});
