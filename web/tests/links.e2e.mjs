// Issue: links that open a registry or a comparison, and offline use. Every view has a URL (back and
// forward work), ?registry= opens a hosted file with a clear message for each way it can fail, comparison
// links carry the versions themselves, and the app works offline after one visit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, tempProfile, state, waitState, widget, click, shot, openApp, assert, root } from './lib.mjs';

function wideVersions() {
  // 200 params and 400 metrics of up to 6 significant digits; the second run changes every metric and
  // a fifth of the params (as retraining does).
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sig6 = (x) => Number(x.toPrecision(6));
  const params = {}, metrics = {};
  const groups = ['optimizer', 'model', 'data', 'training', 'augment', 'scheduler', 'loss', 'eval'];
  for (let i = 0; i < 200; i++) (params[groups[i % 8]] ||= {})[`${groups[i % 8]}_p${i}`] = i % 4 === 0 ? 'adamw' : sig6(rnd() * (i % 3 ? 1 : 1000));
  for (let i = 0; i < 400; i++) metrics[`${['train', 'val', 'test'][i % 3]}/${['acc', 'f1', 'loss', 'auc'][i % 4]}_${i}`] = sig6(rnd() * (i % 2 ? 1 : 100));
  const a = { model: 'wide-link', version: 1, created_on: '2026-11-20T10:00:00Z', params, metrics };
  const p2 = JSON.parse(JSON.stringify(params));
  let k = 0;
  for (const g of Object.values(p2)) for (const key of Object.keys(g)) if (k++ % 5 === 0 && typeof g[key] === 'number') g[key] = sig6(rnd());
  const m2 = {};
  for (const key of Object.keys(metrics)) m2[key] = sig6(rnd() * 100);
  const b = { model: 'wide-link', version: 2, parent: 1, created_on: '2026-11-21T10:00:00Z', params: p2, metrics: m2 };
  return [a, b];
}

async function importViaChooser(page, file) {
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'import.open');
  await (await chooser).setFiles([file]);
}

export default function register({ test, site, publicDir }) {
  test('every view has a URL: back and forward move between views, and the URL reopens the view', async () => {
    const { context, page } = await launch(tempProfile('url'));
    try {
      await openApp(page, site.url);
      const models = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')).map((k) => k.slice(6)));
      await click(page, 'model:' + models[1]);
      await waitState(page, (x) => x.model === models[1], 'the second model');
      await click(page, 'model:' + models[2]);
      await waitState(page, (x) => x.model === models[2], 'the third model');
      const labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.pick:')).map((k) => k.slice(14)));
      await click(page, 'versions.pick:' + labels[0]);
      await click(page, 'versions.pick:' + labels[1]);
      await waitState(page, (x) => x.selected.length === 2, 'two ticked versions');
      await page.waitForTimeout(300);
      const url = page.url();
      assert(url.includes('#m=') && url.includes('v='), `the URL carries the view (${url})`);
      await page.goBack();
      await waitState(page, (x) => x.model === models[2] && x.selected.length < 2, 'back: fewer ticked versions');
      await page.goBack();
      await page.goBack();
      await waitState(page, (x) => x.model === models[1], 'back to the second model');
      await page.goForward();
      await waitState(page, (x) => x.model === models[2], 'forward to the third model');
      // The same URL in a fresh browser shows the same view (the example registry loads first).
      const other = await launch(tempProfile('url2'));
      try {
        await other.page.goto(url);
        const s = await waitState(other.page, (x) => x.model === models[2] && x.selected.length === 2 && x.compareRows > 0, 'the view from the URL');
        assert(s.selected[0] === labels[0] && s.selected[1] === labels[1], 'the same versions are compared');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('?registry= opens a hosted registry as a view, or says exactly why it cannot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-host-'));
    const example = fs.readFileSync(path.join(publicDir, 'examples', 'registry.json'));
    const count = JSON.parse(example).versions.length;
    fs.writeFileSync(path.join(dir, 'registry.json'), example);
    fs.writeFileSync(path.join(dir, 'page.html'), '<!doctype html><html><body>Sign in</body></html>');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"format":"mvr-registry","format_version":1,"versions":[{"model":"x","version":1.5}]}');
    const withCors = await serve(dir, () => ({ 'Access-Control-Allow-Origin': '*' }));
    const noCors = await serve(dir);
    const { context, page } = await launch(tempProfile('remote'));
    try {
      await openApp(page, site.url);
      await page.evaluate(() => { const b = document.getElementById('canvas'); b.focus(); });
      const own = (await state(page)).versions;
      const open = async (u) => {
        await page.goto(site.url + '?registry=' + encodeURIComponent(u));
        await page.waitForFunction(() => window.mvrState, null, { timeout: 30000 });
      };
      await open(withCors.url + 'registry.json');
      let s = await waitState(page, (x) => x.viewing === 'remote' && x.versions === count && !x.importing, 'the hosted registry as a view');
      assert(s.readOnly, 'a viewed registry is read-only');
      await widget(page, 'view.banner');
      await shot(page, '10-remote-view');
      await click(page, 'view.close');
      s = await waitState(page, (x) => x.viewing === '' && x.versions === own, 'back to my own registry, untouched');

      await open(noCors.url + 'registry.json');
      s = await waitState(page, (x) => x.error !== '', 'the CORS message');
      assert(s.error.includes('Access-Control-Allow-Origin'), `names the header to send: ${s.error}`);
      await shot(page, '11-remote-cors');
      await open(withCors.url + 'missing.json');
      s = await waitState(page, (x) => x.error !== '', 'the 404 message');
      assert(s.error.includes('404') && s.error.includes('not found'), s.error);
      await open(withCors.url + 'page.html');
      s = await waitState(page, (x) => x.error !== '', 'the not-JSON message');
      assert(s.error.includes('is not JSON') && s.error.includes('HTML'), s.error);
      await open(withCors.url + 'bad.json');
      s = await waitState(page, (x) => x.error !== '', 'the invalid-registry message');
      assert(s.error.includes('not a valid mvr registry') && s.error.includes('version'), s.error);

      // Viewing, then importing with one click.
      await open(withCors.url + 'registry.json');
      await waitState(page, (x) => x.viewing === 'remote' && !x.importing && x.versions === count, 'the view again');
      await click(page, 'view.import');
      s = await waitState(page, (x) => x.viewing === '' && !x.importing && x.saved && x.lastImport === 1, 'the import into my registry');
    } finally {
      await context.close();
      await withCors.close();
      await noCors.close();
    }
  });

  test('a comparison link carries the versions: it opens in a fresh browser, and stays under 8,000 characters for 200 params and 400 metrics', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-wide-'));
    const file = path.join(dir, 'wide.json');
    fs.writeFileSync(file, JSON.stringify(wideVersions()));
    const { context, page } = await launch(tempProfile('link'));
    let link, rows;
    try {
      const before = (await openApp(page, site.url)).versions;
      await importViaChooser(page, file);
      await waitState(page, (x) => x.versions === before + 2 && !x.importing, 'the wide versions');
      await click(page, 'model:wide-link');
      await waitState(page, (x) => x.model === 'wide-link', 'the wide model');
      await click(page, 'versions.pick:1');
      await click(page, 'versions.pick:2');
      rows = (await waitState(page, (x) => x.selected.length === 2 && x.compareRows > 0, 'the comparison')).compareRows;
      await click(page, 'compare.copy-link');
      link = await page.waitForFunction(() => window.mvrLastLink, null, { timeout: 10000 }).then((h) => h.jsonValue());
      const plain = Buffer.from(JSON.stringify(wideVersions())).length;
      console.log(`      link length ${link.length} characters (the two versions are ${plain} bytes of JSON)`);
      assert(link.length < 8000, `the link is under 8,000 characters (${link.length})`);
      // The notice comes with the frame after the page reported the link.
      await waitState(page, (x) => x.message.includes('Link copied'), 'the "Link copied" notice', 10000);
    } finally {
      await context.close();
    }
    const other = await launch(tempProfile('link2'));
    try {
      await other.page.goto(link);
      const s = await waitState(other.page, (x) => x.viewing === 'link' && x.compareRows === rows, 'the same comparison from the link');
      assert(s.selected.length === 2 && s.model === 'wide-link', 'the linked versions are compared');
      await shot(other.page, '12-link-opened');
      await click(other.page, 'view.import');
      await waitState(other.page, (x) => x.viewing === '' && x.lastImport === 1 && x.saved, 'one-click import of the linked versions');
    } finally {
      await other.context.close();
    }
  });

  test('offline: after one visit the app opens with the network off, with the registry from storage', async () => {
    const { context, page } = await launch(tempProfile('offline'));
    try {
      const s0 = await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example to be saved');
      await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30000 });
      await context.setOffline(true);
      await page.reload();
      const s = await openApp(page, site.url);
      assert(s.versions === s0.versions, `offline reload shows the registry (${s.versions})`);
      await shot(page, '13-offline');
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });

  test('a new deployment is offered with a "new version available" prompt, not swapped silently', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-deploy-'));
    fs.cpSync(publicDir, dir, { recursive: true });
    const host = await serve(dir);
    const { context, page } = await launch(tempProfile('deploy'));
    try {
      await openApp(page, host.url);
      await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30000 });
      // Deploy: a new service worker version.
      const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').replace(/const VERSION = '[^']*'/, "const VERSION = 'next-deploy'");
      fs.writeFileSync(path.join(dir, 'sw.js'), sw);
      await page.reload();
      await page.waitForFunction(() => window.mvrState && window.mvrCheckForUpdate, null, { timeout: 30000 });
      await page.evaluate(() => window.mvrCheckForUpdate());
      await page.waitForFunction(() => window.mvrUpdateAvailable === true, null, { timeout: 30000 });
      assert(await page.isVisible('#update'), 'the prompt is visible');
      await shot(page, '14-update-prompt');
      await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
      await openApp(page, host.url);
    } finally {
      await context.close();
      await host.close();
    }
  });
}
