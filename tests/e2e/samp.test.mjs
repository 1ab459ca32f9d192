// SAMP against a real hub: astropy's SAMPHubServer with the Web Profile on port 21012 and an
// astropy client standing in for TOPCAT (tests/e2e/samp_hub.py, in a venv that
// scripts/samp_venv.sh makes; skipped, saying so, only if that venv cannot be made).
// Nothing contacts the hub before Connect; the client list; a VOTable sent by
// table.load.votable is classified (the paper's example answer), and a FITS table by
// table.load.fits; row selections and highlights
// both ways with the table's own row indices; coord.pointAt.sky with the row's position;
// disconnect; the hub killed mid-session is shown and the app carries on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { serve, launch, newPage, openApp, screenshot, root, artifacts } from './harness.mjs';

const venv = spawnSync('bash', [join(root, 'scripts/samp_venv.sh')], { encoding: 'utf8', timeout: 600_000 });
const python = venv.status === 0 ? venv.stdout.trim().split('\n').pop() : null;
const skip = python ? false : `no Python venv with astropy could be made (${(venv.stderr || String(venv.error ?? '')).trim().split('\n').pop()}); it needs PyPI once`;
const table = join(root, 'tests/samp/four_rows.vot');

/** The hub and its Python client: send commands, wait for events. */
function startHub() {
  const proc = spawn(python, [join(root, 'tests/e2e/samp_hub.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const events = [];
  let wake = () => {};
  createInterface({ input: proc.stdout }).on('line', (line) => {
    try { events.push(JSON.parse(line)); } catch { return; }
    wake();
  });
  const next = async (pred, what, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const i = events.findIndex(pred);
      if (i >= 0) return events.splice(i, 1)[0];
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`);
      await new Promise((ok) => { wake = ok; setTimeout(ok, 200); });
    }
  };
  const received = (mtype) => next((e) => e.event === 'received' && e.mtype === mtype, mtype);
  const send = (cmd) => proc.stdin.write(JSON.stringify(cmd) + '\n');
  return { proc, next, received, send, events };
}

let server, browser, hub;
before(async () => { if (skip) return; server = await serve(); browser = await launch(); });
after(async () => {
  if (hub && hub.proc.exitCode === null) { hub.send({ cmd: 'quit' }); setTimeout(() => hub.proc.kill(), 3000).unref(); }
  await browser?.close(); await server?.close();
});

test('SAMP with a real hub: connect, receive a table, rows both ways, pointAt, disconnect, hub gone', { skip, timeout: 120_000 }, async () => {
  const page = await newPage(browser);
  const hubRequests = [];
  page.on('request', (r) => { if (r.url().includes(':21012')) hubRequests.push(r.url()); });
  await openApp(page, server.url);
  await page.click('[data-testid=tab-samp]');
  assert.equal(await page.textContent('[data-testid=samp-status]'), 'Not connected.');
  // Nothing contacted the hub before the user asked.
  await page.waitForTimeout(500);
  assert.deepEqual(hubRequests, []);
  // No hub yet: one clear message, and Connect again.
  await page.click('[data-testid=samp-connect]');
  await page.waitForFunction(() => /^Could not connect: no SAMP hub answers at http:\/\/127\.0\.0\.1:21012\/ .*Start TOPCAT/.test(document.querySelector('[data-testid=samp-status]')?.textContent ?? ''), null, { timeout: 10_000 });
  assert.equal(hubRequests.length, 1);
  hub = startHub();
  const ready = await hub.next((e) => e.event === 'ready' || e.event === 'error', 'the hub');
  assert.equal(ready.event, 'ready', ready.message);

  await page.click('[data-testid=samp-connect]');
  await page.waitForFunction(() => document.querySelector('[data-testid=samp-status]')?.textContent === 'Connected.', null, { timeout: 20_000 });
  await page.waitForFunction(() => /TOPCAT stand-in/.test(document.querySelector('[data-testid=samp-clients]')?.textContent ?? ''), null, { timeout: 20_000 });
  assert.match(await page.textContent('[data-testid=samp-clients]'), new RegExp(ready.python_id));

  // TOPCAT sends a table: it is fetched through the hub's translator and classified.
  hub.send({ cmd: 'load', path: table, table_id: 'topcat-1', name: 'four_rows.vot' });
  const reply = await hub.next((e) => e.event === 'reply' || e.event === 'error', 'the load reply');
  assert.equal(reply.response?.['samp.status'], 'samp.ok', JSON.stringify(reply));
  await page.waitForSelector('[data-testid=upload-results]', { timeout: 60_000 });
  assert.match(await page.textContent('[data-testid=upload-results] h4'), /^four_rows\.vot — 4 detections, 3 sources/);
  // Clicking an uploaded detection shows the known answer and highlights it in TOPCAT.
  await page.click('[data-testid=upload-table] tbody tr[data-row="0"]');
  assert.match(await page.textContent('[data-testid=upload-focus]'), /2CXO J004307\.5-092302 obsid 4884\s*cluster 5 · HMXB \(XB\)/);
  assert.ok(Math.abs(Number(await page.textContent('[data-testid="p-HMXB"]')) - 0.684173) <= 1e-6);
  const hl = await hub.received('table.highlight.row');
  assert.deepEqual(hl.params, { 'table-id': 'topcat-1', url: 'file://localhost' + table, row: '0' });
  // Selecting a source selects its detections, rows 0 and 2 of TOPCAT's table.
  await page.click('[data-testid=upload-sources] tbody tr:has-text("2CXO J004307.5-092302")');
  const sel = await hub.received('table.select.rowList');
  assert.deepEqual(sel.params, { 'table-id': 'topcat-1', url: 'file://localhost' + table, 'row-list': ['0', '2'] });

  // TOPCAT highlights row 3 and selects rows 1 and 3: xclass follows.
  hub.send({ cmd: 'highlight', table_id: 'topcat-1', path: table, row: 3 });
  await page.waitForSelector('[data-testid=upload-table] tr.focus[data-row="3"]', { timeout: 10_000 });
  hub.send({ cmd: 'select', table_id: 'topcat-1', path: table, rows: [1, 3] });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=upload-table] tr.picked')].map((r) => r.dataset.row).join() === '1,3', null, { timeout: 10_000 });

  // With pointAt on, selecting a detection points the other tools at its position.
  await page.click('[data-testid=tab-samp]');
  await page.check('[data-testid=samp-point-at]');
  await page.click('[data-testid=upload-table] tbody tr[data-row="1"]');
  const point = await hub.received('coord.pointAt.sky');
  assert.deepEqual(point.params, { ra: '150.1', dec: '2.2' });
  assert.equal((await hub.received('table.highlight.row')).params.row, '1');
  // And selecting a catalog source points at its published position (uniquely_classified.csv).
  await page.getByRole('button', { name: 'Sources', exact: true }).click();
  await page.fill('[data-testid=table-search]', '2CXO J004231.1+411621');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=source-table] tbody tr').length === 1);
  await page.click('[data-testid=source-table] tbody tr');
  assert.deepEqual((await hub.received('coord.pointAt.sky')).params, { ra: '10.629760440205644', dec: '41.27266631918941' });
  await page.click('[data-testid=tab-uploaded]');
  // Rows by class go to TOPCAT as a selection (every row of this table is HMXB).
  await page.click('[data-testid=tab-samp]');
  await page.click('[data-testid=samp-send-class]');
  assert.deepEqual((await hub.received('table.select.rowList')).params['row-list'], ['0', '1', '2', '3']);
  assert.match(await page.textContent('[data-testid=samp-activity]'), /Loading four_rows\.vot from TOPCAT stand-in\.[\s\S]*TOPCAT stand-in highlighted row 3\.[\s\S]*TOPCAT stand-in selected 2 rows\./);
  await screenshot(page, 'samp-connected');
  await page.locator('[data-testid=samp-panel]').screenshot({ path: join(artifacts, 'samp-panel.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'samp-connected-390');
  await page.locator('[data-testid=samp-panel]').screenshot({ path: join(artifacts, 'samp-panel-390.png') });
  await page.setViewportSize({ width: 1600, height: 1000 });

  // A FITS table by table.load.fits: the example written by astropy, the same known answer.
  hub.send({ cmd: 'load', mtype: 'table.load.fits', path: join(root, 'tests/fits/example.fits'), table_id: 'topcat-2', name: 'example.fits' });
  assert.equal((await hub.next((e) => e.event === 'reply' || e.event === 'error', 'the FITS load reply')).response?.['samp.status'], 'samp.ok');
  await page.waitForFunction(() => /Uploaded detections \(1\)/.test(document.querySelector('[data-testid=tab-uploaded]')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.click('[data-testid=upload-table] tbody tr[data-row="0"]');
  assert.match(await page.textContent('[data-testid=upload-focus]'), /2CXO J004307\.5-092302 obsid 4884\s*cluster 5 · HMXB \(XB\)/);
  assert.ok(Math.abs(Number(await page.textContent('[data-testid="p-HMXB"]')) - 0.684173) <= 1e-6);
  assert.deepEqual((await hub.received('table.highlight.row')).params, { 'table-id': 'topcat-2', url: 'file://localhost' + join(root, 'tests/fits/example.fits'), row: '0' });
  await page.click('[data-testid=tab-samp]');

  // Disconnect: xclass unregisters.
  await page.click('[data-testid=samp-disconnect]');
  assert.equal(await page.textContent('[data-testid=samp-status]'), 'Not connected.');
  await page.waitForTimeout(500);
  hub.send({ cmd: 'clients' });
  const clients = await hub.next((e) => e.event === 'clients', 'the client list');
  assert.ok(!clients.names.includes('xclass'), JSON.stringify(clients));

  // Connected again, the hub dies: a message in the panel, and the upload is still there.
  await page.click('[data-testid=samp-connect]');
  await page.waitForFunction(() => document.querySelector('[data-testid=samp-status]')?.textContent === 'Connected.', null, { timeout: 20_000 });
  hub.send({ cmd: 'stop_hub' });
  await hub.next((e) => e.event === 'hub_stopped', 'the hub to stop');
  await page.waitForFunction(() => /The SAMP hub (went away|shut down)/.test(document.querySelector('[data-testid=samp-status]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.ok(await page.isVisible('[data-testid=samp-connect]'));
  assert.match(await page.textContent('[data-testid=tab-uploaded]'), /Uploaded detections \(1\)/);
  await screenshot(page, 'samp-hub-gone');
  // The only console errors are the browser's own lines about the refused connections.
  assert.deepEqual(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch/.test(e)), []);
});
