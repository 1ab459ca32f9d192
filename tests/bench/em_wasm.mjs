// One EM iteration (K = 6, 12 features) compiled to wasm32, timed in Node's V8 (Chromium's
// engine): issue 15's target is < 10 ms on 8,756 rows. Builds benches/wasm-em first.
// Usage: node tests/bench/em_wasm.mjs [ROWS] [RUNS]   (prints the median ms per iteration)
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROWS = Number(process.argv[2] ?? 8756);
const RUNS = Number(process.argv[3] ?? 15);
const root = new URL('../..', import.meta.url).pathname;
execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'xclass-wasm-em'], { cwd: root, stdio: 'inherit' });
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const bytes = await readFile(join(target, 'wasm32-unknown-unknown/release/xclass_wasm_em.wasm'));
const { instance } = await WebAssembly.instantiate(bytes, {});
const { prepare, iterate } = instance.exports;
const rows = prepare(ROWS);
const per = ROWS >= 100000 ? 1 : 20;
iterate(per); // warm up
const times = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  iterate(per);
  times.push((performance.now() - t0) / per);
}
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
console.log(`one EM iteration, K = 6, ${rows} rows, wasm32 in V8: median ${med.toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[times.length - 1].toFixed(2)}, n=${RUNS})`);
