// The timing crate benches/wasm-em, built for wasm32 and instantiated in Node's V8 (Chromium's
// engine): its exports, for em_wasm.mjs and novelty_wasm.mjs.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function timingWasm() {
  const root = new URL('../..', import.meta.url).pathname;
  execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'xclass-wasm-em'], { cwd: root, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const bytes = await readFile(join(target, 'wasm32-unknown-unknown/release/xclass_wasm_em.wasm'));
  return (await WebAssembly.instantiate(bytes, {})).instance.exports;
}
