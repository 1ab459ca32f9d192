// Runs the native `xclass` CLI (built by cargo test / cargo build) for browser tests that
// compare the browser's output with the CLI's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './harness.mjs';

/** The debug `xclass` binary (cargo's target folder, or CARGO_TARGET_DIR when set). */
export const xclassBin = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'xclass');

export function xclass(...args) {
  const bin = xclassBin;
  if (!existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'xclass-cli'], { cwd: root, stdio: 'inherit' });
  return execFileSync(bin, args, { cwd: root, maxBuffer: 1 << 30 }).toString();
}
