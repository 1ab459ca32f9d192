// Science panel timings (issue 17): after a filter change (the YSO group toggled), how long
// the science view takes to redraw (its effect, from start to the canvas flushed:
// window.__xclass.ms.science), per plot, at 14,507 detections and at 1,000,000 synthetic ones.
// Medians over RUNS toggles. Usage: node tests/bench/science.mjs [RUNS] [PLOT] [small]  (after trunk build --release);
// PLOT keeps only the plots whose hash contains it (e.g. class_grid), `small` skips the 1,000,000 rows.
import { serve, launch, newPage } from '../e2e/harness.mjs';

const RUNS = Number(process.argv[2] ?? 15);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ALL_PLOTS = ['science.plot=histogram', 'science.plot=class_grid', 'science.plot=class_grid&science.groups=true', 'science.plot=membership', 'science.plot=sky_by_class'];
const PLOTS = ALL_PLOTS.filter((p) => p.includes(process.argv[3] ?? ''));
const SCALES = [['14,507 detections', ''], ['1,000,000 synthetic', '&dataset={}&dataset.synthetic.n=1000000&dataset.synthetic.seed=42']].slice(0, process.argv[4] === 'small' ? 1 : 2);
// XCLASS_DIST: another build to time (e.g. main's, for before/after).
const server = await serve(process.env.XCLASS_DIST);
const browser = await launch();
for (const [scale, data] of SCALES) {
  for (const plot of PLOTS) {
    const page = await newPage(browser);
    await page.goto(server.url + '#' + plot + data);
    await page.waitForFunction(() => (window.__xclass?.drawn?.science ?? 0) > 0, null, { timeout: 180000 });
    if (data) await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]')?.textContent.includes('1,000,000'), null, { timeout: 300000 });
    await page.waitForTimeout(500);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(await page.evaluate(async () => {
        const t0 = performance.now();
        document.querySelector('[data-testid="group-YSO"] input').click();
        for (;;) {
          await new Promise((r) => setTimeout(r, 1));
          if ((window.__xclass.drawn.science ?? 0) > t0) return window.__xclass.ms.science;
          if (performance.now() - t0 > 60000) throw new Error('science did not redraw');
        }
      }));
    }
    console.log(`${scale}, ${plot}: science redraw median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, n=${times.length})`);
    if (page.errors.length) console.log('console errors:', page.errors);
    await page.close();
  }
}
await browser.close();
await server.close();
