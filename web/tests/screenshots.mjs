// The README's screenshots: the versions table, a 5-version compare, the version panel, the help
// overlay, the trends, rules and lineage tabs, the New version form, at 1280x720 and 1920x1080, from the bundled example registry, into docs/screenshots/.
// Run by scripts/screenshots (which builds the site first): node web/tests/screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, tempProfile, openApp, waitState, click, assert, root } from './lib.mjs';

const out = path.join(root, 'docs', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const site = await serve(path.join(root, 'public'));
const views = [
  { name: 'versions', model: 'fraud-detector-gbm', fragment: '#m=fraud-detector-gbm&focus=9' },
  { name: 'compare-5', model: 'fraud-detector-gbm', fragment: '#m=fraud-detector-gbm&v=5,6,7,8,9&focus=9' },
  { name: 'version', model: 'ner-transformer', fragment: '#m=ner-transformer&focus=2.0.0' },
  { name: 'trends', model: 'fraud-detector-gbm', fragment: '#m=fraud-detector-gbm&focus=9', tab: 'Trends' },
  { name: 'rules', model: 'product-image-classifier', fragment: '#m=product-image-classifier&focus=v8', tab: 'Rules' },
  { name: 'lineage', model: 'product-image-classifier', fragment: '#m=product-image-classifier&focus=v7', tab: 'Lineage' },
  { name: 'new-version', model: 'fraud-detector-gbm', fragment: '#m=fraud-detector-gbm&focus=9', click: 'detail.new-from' },
  // Last: the help stays open over what follows.
  { name: 'help', model: 'fraud-detector-gbm', fragment: '#m=fraud-detector-gbm&focus=9', help: true },
];
let failed = 0;
for (const [w, h] of [[1280, 720], [1920, 1080]]) {
  // Dark, as most of the README's readers will have seen it first; the light theme is tested in workspace.e2e.
  const { context, page } = await launch(tempProfile(`shots-${w}`), { context: { viewport: { width: w, height: h }, colorScheme: 'dark' } });
  try {
    await openApp(page, site.url);
    for (const v of views) {
      await page.goto(site.url + v.fragment);
      const s = await waitState(page, (x) => x.versions > 0 && !x.importing && x.model === v.model && x.focused !== '', `the view ${v.name}`);
      if (v.tab) {
        await click(page, 'tab:' + v.tab);
        await waitState(page, (x) => x.charts || x.rules || x.lineage, `the ${v.tab} tab`);
      }
      if (v.click) {
        await click(page, v.click);
        await waitState(page, (x) => x.form && x.form.open, 'the form');
      }
      if (v.help) {
        await page.mouse.move(w / 2, h / 2);
        await page.keyboard.press('Shift+Slash');
        await waitState(page, (x) => x.help, 'the help');
      }
      await page.waitForTimeout(400);
      const file = path.join(out, `${v.name}-${w}x${h}.png`);
      await page.screenshot({ path: file });
      const fit = (await page.evaluate(() => window.mvrState)).fit;
      console.log(`${path.relative(root, file)}  (${s.model}; ${fit.shortened} shortened, ${fit.cut} cut)`);
      if (fit.shortened || fit.cut) failed++;
      if (v.click) {
        await page.mouse.click(5, h - 5);  // off every field, so Esc closes the form
        await page.keyboard.press('Escape');
        await waitState(page, (x) => !x.form, 'the form closed');
      }
    }
  } finally {
    await context.close();
  }
}
await site.close();
assert(failed === 0, `${failed} screenshots show shortened or cut text`);
