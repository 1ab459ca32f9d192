// Runs the native `xclass` CLI (built by cargo test / cargo build) for browser tests that
// compare the browser's output with the CLI's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './harness.mjs';

export function xclass(...args) {
  const bin = join(root, 'target', 'debug', 'xclass');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'xclass-cli'], { cwd: root, stdio: 'inherit' });
  return execFileSync(bin, args, { cwd: root, maxBuffer: 1 << 30 }).toString();
}
