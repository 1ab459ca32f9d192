// What the novelty columns add to classification in wasm32 (the browser's upload worker and
// synthetic sets run this core code), timed in Node's V8 (Chromium's engine): ROWS mixture
// samples classified in tasks of 256, without and with novelty, in alternating pairs.
// Builds benches/wasm-em first. Usage: node tests/bench/novelty_wasm.mjs [ROWS] [PAIRS]
// (prints the medians in ns per detection and the median of the per-pair ratios)
import { timingWasm } from './timing_wasm.mjs';

const ROWS = Number(process.argv[2] ?? 1000000);
const PAIRS = Number(process.argv[3] ?? 7);
const { prepare_rows, classify } = await timingWasm();
const rows = prepare_rows(ROWS);
classify(0); classify(1); // warm up
const time = (novelty) => { const t0 = performance.now(); classify(novelty); return (performance.now() - t0) * 1e6 / rows; };
const plain = [], withNovelty = [], ratio = [];
for (let i = 0; i < PAIRS; i++) {
  const a = time(0), b = time(1);
  plain.push(a); withNovelty.push(b); ratio.push(b / a);
}
const med = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
console.log(`wasm32 in V8, ${rows} rows: classify ${med(plain).toFixed(1)} ns, with novelty ${med(withNovelty).toFixed(1)} ns per detection; ratio ${med(ratio).toFixed(3)} (pairs: ${ratio.map((r) => r.toFixed(2)).join(' ')})`);
