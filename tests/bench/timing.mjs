// Helpers shared by the browser timing scripts: medians, their one-line summary, and a click
// timed until every view has redrawn.

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

export const fmt = (xs, unit = 'ms') => `median ${median(xs).toFixed(1)} ${unit} (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`;

/** Clicks `selector` and returns ms until every one of `views` has redrawn after the click. */
export async function timedClick(page, selector, views) {
  return page.evaluate(async ({ selector, views }) => {
    const t0 = performance.now();
    document.querySelector(selector).click();
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      const d = (window.__xclass ?? {}).drawn ?? {};
      if (views.every((v) => d[v] > t0)) return Math.max(...views.map((v) => d[v])) - t0;
      if (performance.now() - t0 > 30000) throw new Error('views did not redraw: ' + JSON.stringify(d));
    }
  }, { selector, views });
}
