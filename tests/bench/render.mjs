// Browser timing harness: catalog load → first full render, and filter change → every view
// redrawn, at the published catalog's scale and at 1,000,000 synthetic detections.
// Medians over RUNS runs. Usage: node tests/bench/render.mjs [RUNS]   (after trunk build --release)
import { serve, launch, newPage } from '../e2e/harness.mjs';
import { fmt, timedClick as timedClickOf } from './timing.mjs';

const RUNS = Number(process.argv[2] ?? 21);
const VIEWS = ['sky', 'scatter', 'table', 'confusion'];
const timedClick = (page, selector) => timedClickOf(page, selector, VIEWS);

async function waitDrawn(page) {
  await page.waitForFunction((views) => views.every((v) => ((window.__xclass ?? {}).drawn ?? {})[v] > 0), VIEWS, { timeout: 120000 });
}

const server = await serve();
const browser = await launch();
const results = {};

// 1. Navigation → catalog loaded → first full render (fresh page each run).
const load = [], first = [];
for (let i = 0; i < Math.min(RUNS, 11); i++) {
  const page = await newPage(browser);
  await page.goto(server.url + '#confusion.matrix=soft_hard');
  await waitDrawn(page);
  const t = await page.evaluate(() => ({ loaded: Number(document.body.dataset.catalogLoadedMs), drawn: Math.max(...Object.values(window.__xclass.drawn)) }));
  load.push(t.loaded); first.push(t.drawn);
  await page.close();
}
results['navigation → catalog loaded'] = load;
results['navigation → first full render'] = first;

// 2. Filter changes (toggle the YSO group off and on) → sky, scatter, table, confusion redrawn.
for (const [label, hash, wait] of [
  ['filter change → all views (14,507 detections, sky at detection level)', 'confusion.matrix=soft_hard&sky.level=detection', null],
  ['filter change → all views (1,000,000 synthetic detections)', 'confusion.matrix=soft_hard&dataset={}&dataset.synthetic.n=1000000&dataset.synthetic.seed=42', 'SYN'],
]) {
  const page = await newPage(browser);
  await page.goto(server.url + '#' + hash);
  await waitDrawn(page);
  if (wait) await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]')?.textContent.includes('1,000,000'), null, { timeout: 180000 });
  await page.waitForTimeout(500);
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await timedClick(page, '[data-testid="group-YSO"] input'));
  results[label] = times;
  if (page.errors.length) console.log('console errors:', page.errors);
  await page.close();
}
await browser.close();
await server.close();
for (const [k, v] of Object.entries(results)) console.log(`${k}: ${fmt(v)}`);
