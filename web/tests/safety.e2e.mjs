// Issue "A fresh clone passes its own tests", defects 1-3 as a person meets them: exports while a hosted
// registry is on screen give what is on screen; an action that throws shows a message and the app goes on;
// clearing asks first, naming what goes, with an export at hand; a reload, a bookmark or a new tab lands on
// the view in the URL, and a comparison link keeps "only differences" off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, tempProfile, state, waitState, widget, click, shot, openApp, assert } from './lib.mjs';

async function download(page, label) {
  const dl = page.waitForEvent('download');
  await click(page, label);
  const d = await dl;
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
}

export default function register({ test, site, publicDir }) {
  test('a hosted registry on screen: every export gives what is on screen, and a failing action is shown while the app goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-host-export-'));
    const example = JSON.parse(fs.readFileSync(path.join(publicDir, 'examples', 'registry.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify(example));
    const host = await serve(dir, () => ({ 'Access-Control-Allow-Origin': '*' }));
    // A fresh profile opened on ?registry=: the user's own registry is empty (no example is loaded then).
    const { context, page } = await launch(tempProfile('host-export'));
    try {
      await page.goto(site.url + '?registry=' + encodeURIComponent(host.url + 'registry.json'));
      let s = await waitState(page, (x) => x.viewing === 'remote' && x.versions === example.versions.length && !x.importing && x.model,
        'the hosted registry on screen');
      const model = s.model;
      const ofModel = example.versions.filter((v) => v.model === model).length;

      await click(page, 'menu.export');
      let f = await download(page, 'menu.export.model');
      let j = JSON.parse(f.text);
      assert(f.name === `${model}.mvr.json`, `named for the model (${f.name})`);
      assert(j.versions.length === ofModel && j.versions.every((v) => v.model === model), `"This model" exports the ${ofModel} versions on screen (${j.versions.length})`);
      await click(page, 'menu.export');
      f = await download(page, 'menu.export.registry');
      j = JSON.parse(f.text);
      assert(j.versions.length === example.versions.length, `the registry on screen, ${example.versions.length} versions (got ${j.versions.length})`);
      // Ticked versions: tick one, export it.
      const labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.pick:')).map((k) => k.slice(14)));
      await click(page, 'versions.pick:' + labels[0]);
      await waitState(page, (x) => x.selected.length === 1, 'one ticked version');
      await click(page, 'menu.export');
      f = await download(page, 'menu.export.selection');
      j = JSON.parse(f.text);
      assert(j.versions.length === 1 && String(j.versions[0].version) === labels[0], 'the ticked version');
      s = await state(page);
      assert(s.actionError === '' && s.viewing === 'remote', 'no error, still viewing');

      // The error boundary: the next export throws inside the frame; the message is shown, the frame loop goes on.
      await page.evaluate(() => {
        const p = Module.allocateUTF8('disk full (injected)');
        Module._mvr_fail_next_export(p);
        Module._free(p);
      });
      await click(page, 'menu.export');
      await click(page, 'menu.export.model');
      s = await waitState(page, (x) => x.actionError !== '', 'the error to be shown');
      assert(s.actionError === 'Export failed: disk full (injected)', s.actionError);
      await widget(page, 'action.error');
      await shot(page, '20-action-error');
      const frames = await page.evaluate(() => window.mvrFrames);
      const other = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')).map((k) => k.slice(6)));
      const next = other.find((m) => m !== model);
      await click(page, 'model:' + next);
      await waitState(page, (x) => x.model === next, 'the app to answer a click after the error');
      assert((await page.evaluate(() => window.mvrFrames)) > frames, 'frames go on');
      await click(page, 'action.error.dismiss');
      await waitState(page, (x) => x.actionError === '', 'the message dismissed');
      // And exports work again.
      await click(page, 'menu.export');
      f = await download(page, 'menu.export.model');
      assert(JSON.parse(f.text).versions.every((v) => v.model === next), 'exports work after the error');
    } finally {
      await context.close();
      await host.close();
    }
  });

  test('clearing the registry asks first, names what goes, offers an export, and Cancel keeps everything', async () => {
    const { context, page } = await launch(tempProfile('clear'));
    try {
      const s0 = await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example saved');
      const models = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')).length);
      await click(page, 'example.clear');
      let s = await waitState(page, (x) => x.clearDialog, 'the question');
      assert(s.versions === s0.versions, 'nothing is deleted by the first click');
      await widget(page, 'clear.dialog');
      await shot(page, '21-clear-asks');
      const f = await download(page, 'clear.export');
      assert(JSON.parse(f.text).versions.length === s0.versions, 'the copy holds every version');
      await click(page, 'clear.cancel');
      s = await waitState(page, (x) => !x.clearDialog, 'the dialog closed');
      assert(s.versions === s0.versions, 'Cancel keeps every version');
      // The menu asks the same question; confirming deletes, and says what went.
      await click(page, 'menu.registry');
      await click(page, 'menu.registry.clear');
      await waitState(page, (x) => x.clearDialog, 'the question from the menu');
      await click(page, 'clear.confirm');
      s = await waitState(page, (x) => x.versions === 0 && x.saved, 'the registry cleared');
      assert(s.message.includes(`${s0.versions} versions in ${models} models`), s.message);
    } finally {
      await context.close();
    }
  });

  test('a reload, a bookmark and a new tab land on the view in the URL; a link keeps "only differences" off', async () => {
    const { context, page } = await launch(tempProfile('reload-view'));
    try {
      await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example saved');
      const models = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')).map((k) => k.slice(6)));
      const target = models[models.length - 1];
      await click(page, 'model:' + target);
      await waitState(page, (x) => x.model === target, 'the last model');
      const labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.pick:')).map((k) => k.slice(14)));
      await click(page, 'versions.pick:' + labels[0]);
      await click(page, 'versions.pick:' + labels[1]);
      await waitState(page, (x) => x.selected.length === 2 && x.compareRows > 0, 'two compared');
      await click(page, 'compare.only-differences');
      await waitState(page, (x) => x.onlyDifferences === false, 'only differences off');
      await page.waitForTimeout(300);
      const url = page.url();
      assert(url.includes('d=0') && url.includes('m=' + encodeURIComponent(target)), `the URL carries the view (${url})`);

      const check = async (p, what) => {
        const s = await waitState(p, (x) => x.model === target && x.selected.length === 2 && x.compareRows > 0, what);
        assert(s.selected[0] === labels[0] && s.selected[1] === labels[1], `${what}: the same versions (${s.selected})`);
        assert(s.onlyDifferences === false, `${what}: only differences stays off`);
        await p.waitForTimeout(500);
        assert(p.url() === url, `${what}: the URL is not rewritten (${p.url()})`);
      };
      await page.reload();
      await check(page, 'after a reload');
      // A new tab of the same browser (read-only: the first tab holds the lock) opened on the URL.
      const tab = await context.newPage();
      await tab.goto(url);
      await check(tab, 'in a new tab');
      await tab.close();

      // The comparison link keeps the setting.
      await click(page, 'compare.copy-link');
      const link = await page.waitForFunction(() => window.mvrLastLink, null, { timeout: 10000 }).then((h) => h.jsonValue());
      assert(link.includes('&d=0'), `the link carries d=0 (${link.slice(-20)})`);
      const other = await launch(tempProfile('reload-view-link'));
      try {
        await other.page.goto(link);
        const s = await waitState(other.page, (x) => x.viewing === 'link' && x.compareRows > 0, 'the link opened');
        assert(s.onlyDifferences === false, 'the link opens with only differences off');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
    }
  });
}
