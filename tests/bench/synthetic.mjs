// Browser timing: navigation → 1,000,000 synthetic detections generated, classified (in
// batches, in the page) and counted in the filter panel. Median over RUNS fresh pages.
// Usage: node tests/bench/synthetic.mjs [RUNS] [N]   (after trunk build --release)
import { serve, launch, newPage } from '../e2e/harness.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const N = Number(process.argv[3] ?? 1000000);
const server = await serve();
const browser = await launch();
const times = [];
for (let i = 0; i < RUNS; i++) {
  const page = await newPage(browser);
  const t0 = Date.now();
  await page.goto(server.url + `#dataset={}&dataset.synthetic.n=${N}&dataset.synthetic.seed=42`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.textContent.includes(n), N.toLocaleString('en-US'), { timeout: 180000 });
  times.push(Date.now() - t0);
  await page.close();
}
await browser.close();
await server.close();
const s = [...times].sort((a, b) => a - b);
console.log(`navigation → ${N.toLocaleString('en-US')} synthetic detections ready: median ${s[Math.floor(s.length / 2)]} ms (min ${s[0]}, max ${s[s.length - 1]}, n=${RUNS})`);
