// The app runs under index.html's strict Content-Security-Policy: no inline script, eval only
// for WebAssembly, connections to its own origin (and the local SAMP hub). It loads, an upload
// is classified in the worker, and no violation or console error is logged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root, dist } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The policy's directives, by name. */
function directives(policy) {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
}

test('the built page carries a strict policy and no inline script', async () => {
  const html = (await readFile(join(dist, 'index.html'))).toString();
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(policy, 'no CSP meta tag');
  const d = directives(policy);
  assert.deepEqual(d['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(d['connect-src'], ["'self'", 'http://127.0.0.1:21012', 'http://localhost:21012']);
  assert.deepEqual(d['worker-src'], ["'self'"]);
  assert.deepEqual(d['object-src'], ["'none'"]);
  assert.deepEqual(d['base-uri'], ["'none'"]);
  assert.deepEqual(d['default-src'], ["'self'"]);
  assert.ok(!policy.includes("'unsafe-eval'") && !/script-src[^;]*'unsafe-inline'/.test(policy), policy);
  // The meta tag comes before anything it governs; every script has a src.
  assert.ok(html.indexOf('Content-Security-Policy') < html.search(/<(script|link)\b/), 'the policy comes too late');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1, 'no boot script');
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="/, `an inline script: ${attrs}`);
    assert.equal(body.trim(), '', 'a script with a body');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'an inline event handler');
});

test('the app loads and classifies an upload in its worker with no CSP violation', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openApp(page, server.url);
  await page.click('[data-testid=tab-upload]');
  await page.setInputFiles('[data-testid=file-input]', join(root, 'assets', 'your_xray_example.vot'));
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 60000 });
  assert.match(await page.textContent('[data-testid=upload-results] h4'), /^your_xray_example\.vot — 1 detections?\b/);
  // Hover a plot (tooltips are positioned with style attributes) and open About.
  const box = await page.locator('[data-testid=scatter] canvas').nth(2).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'a violation while loading and classifying');
  assert.deepEqual(page.errors, [], 'console errors while loading and classifying');
  // The policy is enforced (the test can fail): an inline script injected now is refused and reported.
  const ran = await page.evaluate(() => {
    window.__inline = false;
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.append(s);
    return window.__inline;
  });
  assert.equal(ran, false, 'an inline script ran');
  const violations = await page.evaluate(() => window.__violations);
  assert.equal(violations.length, 1, violations.join('\n'));
  assert.match(violations[0], /^script-src(-elem)? inline$/);
  await screenshot(page, 'csp-upload');
  assert.equal(page.errors.length, 1, page.errors.join('\n'));
  assert.match(page.errors[0], /inline script violates the following Content Security Policy directive 'script-src/);
});
