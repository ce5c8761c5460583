// Runs segments.js in the benchmarks' headless Chromium (web/tests/browser.mjs flags) and prints its figures.
// usage: node tests/bench/gl_segments/run.mjs   (after scripts/setup --browser)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const { chromium } = await import(path.join(root, 'web', 'node_modules', 'playwright-core', 'index.mjs'));
const { launchArgs } = await import(path.join(root, 'web', 'tests', 'browser.mjs'));
const server = http.createServer((q, r) => {
  const f = path.join(here, q.url === '/' ? 'index.html' : path.basename(q.url));
  if (!fs.existsSync(f)) { r.statusCode = 404; r.end(); return; }
  r.setHeader('content-type', f.endsWith('.js') ? 'text/javascript' : 'text/html');
  r.end(fs.readFileSync(f));
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.once('listening', ok));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result, null, { timeout: 120000 });
  const result = await page.evaluate(() => window.result);
  console.log('| segments drawn | count | instanced | plain vertices | pulled from a texture |\n|---|---|---|---|---|');
  for (const [name, r] of Object.entries(result)) console.log(`| ${name} | ${r.segments} | ${r.instancedMs} ms | ${r.plainMs} ms | ${r.pulledMs} ms |`);
} finally {
  await browser.close();
  server.close();
}
