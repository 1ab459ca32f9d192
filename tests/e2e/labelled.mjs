// A labelled table whose truth is known: detections sampled from the published mixture
// (`xclass synth`), each labelled with a class drawn from the published model's probabilities
// for it (`xclass classify`), with a seeded generator. Written under tests/artifacts/.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts } from './harness.mjs';
import { xclass } from './cli.mjs';

/** mulberry32: a small seeded uniform generator in [0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `n` labelled detections (label column `otype`); returns the file's path. */
export function labelledTable(n, seed) {
  mkdirSync(artifacts, { recursive: true });
  const features = join(artifacts, `synth-${n}-${seed}.csv`);
  writeFileSync(features, xclass('synth', String(n), '--seed', String(seed)));
  const classified = xclass('classify', features).trim().split('\n');
  const head = classified[0].split(',');
  const at = head.indexOf('QSO');
  const classes = head.slice(at, at + 10);
  const next = rng(seed);
  const rows = readFileSync(features, 'utf8').trim().split('\n');
  const out = [rows[0] + ',otype'];
  for (let i = 1; i < rows.length; i++) {
    const p = classified[i].split(',').slice(at, at + 10).map(Number);
    let u = next(), c = 0;
    while (c < 9 && u >= p[c]) { u -= p[c]; c++; }
    out.push(`${rows[i]},${classes[c]}`);
  }
  const path = join(artifacts, `labelled-${n}-${seed}.csv`);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}
