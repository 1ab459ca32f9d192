// Browser timing of the refit (issue 15): the BIC sweep K = 2..20 with 3 restarts on the
// shipped catalog, run in the Web Worker, and filter clicks while it runs (every view redrawn).
// Usage: node tests/bench/fit.mjs [RUNS]   (after trunk build --release; prints medians)
import { serve, launch, newPage } from '../e2e/harness.mjs';
import { fmt, timedClick as timedClickOf } from './timing.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const VIEWS = ['sky', 'scatter', 'table', 'confusion'];
const timedClick = (page, selector) => timedClickOf(page, selector, VIEWS);

async function setNumber(page, id, v) {
  await page.fill(`[data-testid=${id}]`, String(v));
  await page.dispatchEvent(`[data-testid=${id}]`, 'change');
}

const server = await serve();
const browser = await launch();
const sweeps = [], clicks = [];
for (let run = 0; run < RUNS; run++) {
  const page = await newPage(browser);
  await page.goto(server.url + '#confusion.matrix=soft_hard&panels.fit=true');
  await page.waitForFunction((views) => views.every((v) => ((window.__xclass ?? {}).drawn ?? {})[v] > 0), VIEWS, { timeout: 120000 });
  await setNumber(page, 'fit-kmin', 2);
  await setNumber(page, 'fit-kmax', 20);
  await setNumber(page, 'fit-restarts', 3);
  const t0 = Date.now();
  await page.click('[data-testid=fit-run]');
  await page.waitForSelector('[data-testid=progress]');
  // Filter clicks while the worker fits.
  while (await page.locator('[data-testid=bic-plot]').count() === 0) {
    clicks.push(await timedClick(page, '[data-testid="group-YSO"] input'));
    await page.waitForTimeout(400);
  }
  sweeps.push((Date.now() - t0) / 1000);
  if (page.errors.length) console.log('console errors:', page.errors);
  await page.close();
}
await browser.close();
await server.close();
console.log(`sweep K = 2..20 × 3 restarts, shipped catalog, in the worker (click → BIC plot): ${fmt(sweeps, 's')}`);
console.log(`filter click → all views redrawn, during the sweep: ${fmt(clicks)}`);
