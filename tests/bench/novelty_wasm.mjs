// What the novelty columns add to classification in wasm32 (the browser's upload worker and
// synthetic sets run this core code), timed in Node's V8 (Chromium's engine): ROWS mixture
// samples classified in tasks of 256, without and with novelty, in alternating pairs.
// Builds benches/wasm-em first. Usage: node tests/bench/novelty_wasm.mjs [ROWS] [PAIRS]
// (prints the medians in ns per detection and the median of the per-pair ratios)
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROWS = Number(process.argv[2] ?? 1000000);
const PAIRS = Number(process.argv[3] ?? 7);
const root = new URL('../..', import.meta.url).pathname;
execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'xclass-wasm-em'], { cwd: root, stdio: 'inherit' });
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const bytes = await readFile(join(target, 'wasm32-unknown-unknown/release/xclass_wasm_em.wasm'));
const { instance } = await WebAssembly.instantiate(bytes, {});
const { prepare_rows, classify } = instance.exports;
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
