// Developer helper: screenshot the built app at a given hash.  node tests/e2e/snap.mjs NAME [HASH]
import { serve, launch, newPage, openApp, screenshot } from './harness.mjs';
const [name = 'snap', hash = ''] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
const page = await newPage(browser);
await openApp(page, server.url, hash);
await page.waitForTimeout(800);
console.log(await screenshot(page, name));
if (page.errors.length) console.log('console errors:', page.errors);
await browser.close();
await server.close();
