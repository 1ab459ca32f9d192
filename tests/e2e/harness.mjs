// Shared helpers for the browser end-to-end tests: a static server for dist/, Debian's headless
// Chromium driven by playwright-core, console-error capture and screenshots.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests', 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.bin': 'application/octet-stream',
  '.vot': 'application/x-votable+xml', '.csv': 'text/csv',
};

/** Serves dist/ on a free localhost port; returns { url, close }. */
export async function serve(dir = dist) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium (Debian's, never a downloaded one). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that records console errors and uncaught exceptions in `page.errors`. */
export async function newPage(browser, viewport = { width: 1600, height: 1000 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** Opens the app at `hash` and waits until the catalog is loaded. */
export async function openApp(page, base, hash = '') {
  await page.goto(base + (hash ? '#' + hash : ''));
  await page.waitForSelector('body[data-catalog-loaded-ms]', { timeout: 60_000 });
}

/** Saves a screenshot under tests/artifacts (git-ignored); returns its path. */
export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, name + '.png');
  await page.screenshot({ path, fullPage: true });
  return path;
}
