// One EM iteration (K = 6, 12 features) compiled to wasm32, timed in Node's V8 (Chromium's
// engine): issue 15's target is < 10 ms on 8,756 rows. Builds benches/wasm-em first.
// Usage: node tests/bench/em_wasm.mjs [ROWS] [RUNS]   (prints the median ms per iteration)
import { timingWasm } from './timing_wasm.mjs';

const ROWS = Number(process.argv[2] ?? 8756);
const RUNS = Number(process.argv[3] ?? 15);
const { prepare, iterate } = await timingWasm();
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
