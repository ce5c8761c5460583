// Takes a screenshot of the app as a person would see it: node web/tests/shot.mjs URL OUT.png [WIDTHxHEIGHT] [DPR]
import { chromium } from 'playwright-core';
import { launchArgs } from './browser.mjs';
const [url, out, size = '1600x900', dpr = '1'] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: Number(dpr), screen: { width: 2560, height: 1600 } });
page.on('console', (m) => console.log('[page]', m.text()));
page.on('pageerror', (e) => console.log('[page error]', e.message));
await page.goto(url);
await page.waitForFunction(() => window.mvrState && window.mvrState.versions > 0 && !window.mvrState.importing, null, { timeout: 30000 }).catch(() => {});
await page.waitForTimeout(500);
await page.screenshot({ path: out });
console.log(JSON.stringify(await page.evaluate(() => window.mvrState)));
await browser.close();
