// The malformed-input corpus (tests/corpus, see its README) as the browser tests read it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './harness.mjs';

export const corpusDir = join(root, 'tests', 'corpus');

/** Every corpus file with what its `.expect` promises: { name, path, exit, message, rows }. */
export function corpus() {
  return readdirSync(corpusDir)
    .filter((n) => !n.startsWith('.') && n !== 'README.md' && !n.endsWith('.expect') && !n.endsWith('.input'))
    .sort()
    .map((name) => {
      const path = join(corpusDir, name);
      const expectPath = path + '.expect';
      if (!existsSync(expectPath)) throw new Error(`${name} has no .expect`);
      const [exit, message, rows] = readFileSync(expectPath, 'utf8').split('\n');
      return {
        name, path,
        exit: Number(exit.replace(/^exit /, '')),
        message: message.trim() === '-' ? null : message.trimEnd(),
        rows: rows?.startsWith('rows ') ? Number(rows.slice(5)) : null,
      };
    });
}
