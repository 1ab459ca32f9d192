// Known answers computed straight from the published CSV tables in data/umlcaxs (independent of
// the app's code), for the browser tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './harness.mjs';

function table(file) {
  const [head, ...lines] = readFileSync(join(root, 'data', 'umlcaxs', file), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

export const GROUP = { QSO: 'AGN', AGN: 'AGN', Seyfert_1: 'Seyfert', Seyfert_2: 'Seyfert', HMXB: 'XB', LMXB: 'XB', XB: 'XB', YSO: 'YSO', 'TTau*': 'YSO', 'Orion_V*': 'YSO' };

/** One record per source: name, soft, hard, count, unique. */
export const sources = [
  ...table('uniquely_classified.csv').map((r) => ({ name: r.name, soft: r.master_class, hard: r.master_class, count: Number(r.detection_count), unique: true })),
  ...table('ambiguous_classification.csv').map((r) => ({ name: r.name, soft: r.soft_master_class, hard: r.hard_master_class, count: Number(r.detection_count), unique: false })),
];

export const fmt = (n) => n.toLocaleString('en-US');
