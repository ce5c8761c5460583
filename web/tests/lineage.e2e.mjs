// Issue 17, the Lineage tab, with a real mouse: the example's tree (a branch, the deprecated v5 greyed, aliases
// marked, coloured by the headline metric and by another chosen in the combo), a click on a node opens that
// version, a drag pans without laying out again, the wheel zooms about the mouse, a double-click fits; a parent
// in another model opens there. Then 5,000 versions of one model in long chains with a few branches and a
// deleted parent: a few items are drawn, the runs folded; a click opens one and its handle folds it back.
import { launch, tempProfile, openApp, waitState, widget, click, shot, assert, dropFiles, pixelsUnlike } from './lib.mjs';

const image = 'product-image-classifier';

const byLabel = (s, label) => s.lineage.nodes.find((n) => n.label === label);
const centre = (n) => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 });

async function openLineage(page, siteUrl, model, ready = () => true) {
  await page.goto(siteUrl + '#m=' + model);
  await waitState(page, (s) => s.versions > 0 && !s.importing && s.model === model, 'the model ' + model);
  await click(page, 'tab:Lineage');
  return waitState(page, (s) => s.lineage && s.lineage.model === model && s.lineage.nodes.length > 0 && ready(s.lineage),
    `the lineage of ${model}`);
}

// 5,000 versions of lineage-5k: 1..4698 in a line, 1000, 2000 and 3000 each starting a branch of 100
// (b<k>-1..b<k>-100, made between the main line's versions), production on 4000, staging on 4698, and
// orphan-1 (its parent "gone" is not in the registry) with its child orphan-2.
function fiveThousand() {
  const at = (hours) => new Date(Date.UTC(2024, 0, 1) + hours * 3600e3).toISOString().replace('.000Z', 'Z');
  const out = [];
  const push = (version, parent, hours, extra = {}) => out.push({
    model: 'lineage-5k', version, created_on: at(hours), ...(parent === null ? {} : { parent }),
    metrics: { auc: { value: 0.7 + (out.length % 997) / 5000, goal: 'max' } }, ...extra });
  for (let i = 1; i <= 4698; i++)
    push(i, i === 1 ? null : i - 1, i, i === 4000 ? { aliases: ['production'] } : i === 4698 ? { aliases: ['staging'] } : {});
  for (let k = 1; k <= 3; k++)
    for (let j = 1; j <= 100; j++) push(`b${k}-${j}`, j === 1 ? 1000 * k : `b${k}-${j - 1}`, 1000 * k + j - 0.5);
  push('orphan-1', 'gone', 4690.5);
  push('orphan-2', 'orphan-1', 4691.5);
  return out;
}

export default function register({ test, site }) {
  test('lineage: the example drawn with branch, greyed deprecated and aliases; click opens, drag pans, wheel zooms, a parent in another model', async () => {
    const { context, page } = await launch(tempProfile('lineage'));
    try {
      let s = await openLineage(page, site.url, image, (l) => l.nodes.length === 8);
      const l = s.lineage;
      assert(l.versions === 8 && l.items === 8 && l.chains === 0, `8 versions, none folded (${l.versions}, ${l.items}, ${l.chains})`);
      assert(l.lanes === 2, `v5 branches off v4 below the main line (${l.lanes} lanes)`);
      const v5 = byLabel(s, 'v5'), v6 = byLabel(s, 'v6'), v7 = byLabel(s, 'v7'), v4 = byLabel(s, 'v4');
      assert(v5.greyed && !v5.coloured && !v6.greyed, `v5 is greyed, v6 is not (${JSON.stringify([v5, v6])})`);
      assert(v5.lane === 1 && v6.lane === 0 && v4.lane === 0, 'v6 continues the line (it has more after it), v5 below');
      assert(v4.x < v5.x && v5.x < v6.x, 'left to right by creation time: v4, v5, v6');
      assert(v7.aliases.includes('production') && v7.aliases.includes('champion'), `v7 holds production (${v7.aliases})`);
      assert(byLabel(s, 'v8').aliases.includes('challenger'), 'v8 is the challenger');
      assert(l.metric === 'top1_accuracy' && l.goal === 'max', `coloured by the headline metric (${l.metric}, ${l.goal})`);
      assert(v6.coloured && v7.coloured, 'versions with the metric are coloured');
      const canvas = await widget(page, 'lineage.canvas');
      const px = await pixelsUnlike(page, { x: v6.x, y: v6.y, w: v7.x + v7.w - v6.x, h: v6.h });
      assert(px.differing > 200, `the nodes are drawn (${px.differing} pixels differ from the background)`);
      await widget(page, 'lineage.node:v5');
      await shot(page, '60-lineage');

      // Another metric from the combo: lower is better.
      await click(page, 'lineage.metric');
      await click(page, 'lineage.metric:inference_ms');
      s = await waitState(page, (x) => x.lineage.metric === 'inference_ms' && !x.lineage.reading, 'coloured by inference_ms');
      assert(s.lineage.goal === 'min', 'inference_ms: lower is better');

      // A click opens the version in the version panel; the node is marked as the one open.
      await click(page, 'lineage.node:v6');
      s = await waitState(page, (x) => x.focused === 'v6', 'v6 opened by a click on its node');
      assert(byLabel(s, 'v6').focused, 'the open version is marked in the tree');
      const layouts = s.lineage.layouts;

      // Drag on empty canvas pans by what the mouse moved, and lays nothing out again.
      const from = { x: canvas.x + canvas.w - 40, y: canvas.y + canvas.h - 30 };
      const before = s.lineage.offset;
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x - 60, from.y - 10, { steps: 4 });
      await page.mouse.move(from.x - 120, from.y - 20, { steps: 4 });
      await page.mouse.up();
      s = await waitState(page, (x) => x.lineage.offset[0] !== before[0], 'the pan');
      const moved = [s.lineage.offset[0] - before[0], s.lineage.offset[1] - before[1]];
      assert(Math.abs(moved[0] + 120) <= 2 && Math.abs(moved[1] + 20) <= 2, `panned by the drag (${moved})`);
      assert(s.focused === 'v6', 'a drag is not a click');

      // The wheel zooms about the mouse: the node under it stays under it.
      const under = centre(byLabel(s, 'v4'));
      await page.mouse.move(under.x, under.y);
      await page.waitForTimeout(100);
      const zoom = Number(s.lineage.zoom);
      await page.mouse.wheel(0, 200);
      s = await waitState(page, (x) => Number(x.lineage.zoom) < zoom * 0.9, 'zoomed out');
      let c = centre(byLabel(s, 'v4'));
      assert(Math.abs(c.x - under.x) <= 2 && Math.abs(c.y - under.y) <= 2, `v4 stays under the mouse (${JSON.stringify(c)} vs ${JSON.stringify(under)})`);
      assert(s.lineage.layouts === layouts, `panning and zooming lay nothing out (${s.lineage.layouts} layouts, ${layouts} before)`);
      await page.mouse.wheel(0, -400);
      s = await waitState(page, (x) => Number(x.lineage.zoom) > zoom * 1.1, 'zoomed in');
      await shot(page, '61-lineage-zoomed');

      // A double-click on empty canvas fits the whole tree again.
      await page.mouse.dblclick(canvas.x + canvas.w - 20, canvas.y + canvas.h - 20);
      s = await waitState(page, (x) => Number(x.lineage.zoom) <= 1 && x.lineage.nodes.length === 8, 'the fit');
      for (const n of s.lineage.nodes)
        assert(n.x >= canvas.x && n.x + n.w <= canvas.x + canvas.w && n.y >= canvas.y && n.y + n.h <= canvas.y + canvas.h, `${n.label} in view after the fit`);

      // The distilled model's first version descends from ner-transformer@2.0.0: drawn, and a click opens it there.
      s = await openLineage(page, site.url, 'ner-transformer-distilled', (x) => x.nodes.some((n) => n.kind === 'external'));
      const teacher = s.lineage.nodes.find((n) => n.kind === 'external');
      assert(teacher.label === 'ner-transformer@2.0.0', `the teacher is drawn (${teacher.label})`);
      assert(teacher.x < byLabel(s, '0.1.0').x, 'before its student');
      await click(page, 'lineage.node:ner-transformer@2.0.0');
      s = await waitState(page, (x) => x.model === 'ner-transformer' && x.focused === '2.0.0', 'the teacher opened in its model');
      s = await waitState(page, (x) => x.lineage && x.lineage.model === 'ner-transformer' && x.lineage.lanes === 2, "the teacher's lineage");
    } finally {
      await context.close();
    }
  });

  test('lineage: 5,000 versions fold into a few items; a run opens on a click and folds back from its handle', async () => {
    const { context, page } = await launch(tempProfile('lineage-5k'));
    try {
      await openApp(page, site.url);
      await dropFiles(page, [{ name: 'lineage-5k.json', text: JSON.stringify(fiveThousand()) }]);
      await waitState(page, (x) => !x.importing && x.lastImport === 1, 'the import of 5,000 versions', 90000);
      let s = await openLineage(page, site.url, 'lineage-5k', (l) => l.versions === 5000);
      let l = s.lineage;
      console.log(`      5,000 versions laid out in ${l.layoutMs} ms (wasm), ${l.items} items, ${l.drawn} drawn`);
      // 1..999, 1001..1999, 2001..2999, 3001..3999, 4001..4697 and each branch's first 99 folded; 1000, 2000,
      // 3000, 4000, 4698, the branches' last versions, the deleted parent, orphan-1 and orphan-2 shown.
      assert(l.items === 19 && l.chains === 8, `19 items, 8 of them folded runs (${l.items}, ${l.chains})`);
      assert(l.drawn > 0 && l.drawn <= 19 && l.nodes.length === l.drawn, `a bounded number drawn (${l.drawn})`);
      assert(Number(l.layoutMs) < 100, `laid out quickly (${l.layoutMs} ms)`);
      // The first view is readable: the newest end at a size whose text reads.
      assert(Number(l.zoom) >= 0.85, `readable zoom (${l.zoom})`);
      assert(byLabel(s, '4698') && byLabel(s, '4698').aliases.includes('staging'), 'the newest version is in view, with its alias');
      const gone = s.lineage.nodes.find((n) => n.kind === 'missing');
      assert(gone && gone.label === 'gone' && gone.text === 'parent gone (deleted)', `the deleted parent is marked (${JSON.stringify(gone)})`);
      const run = s.lineage.nodes.find((n) => n.kind === 'chain' && n.label === '4001');
      assert(run && run.count === 697 && /^4001 … 4697 \(697 versions\)$/.test(run.text), `the run before the newest is folded (${JSON.stringify(run)})`);
      await shot(page, '62-lineage-5k');

      await click(page, 'lineage.chain:4001');
      s = await waitState(page, (x) => x.lineage.expanded === 1, 'the run opened');
      l = s.lineage;
      assert(l.items === 19 - 1 + 697 && l.chains === 7, `its 697 versions are items now (${l.items}, ${l.chains})`);
      assert(l.drawn < 60, `only what is in view is drawn (${l.drawn} of ${l.items})`);
      const first = byLabel(s, '4001');
      assert(first && Math.abs(first.x - run.x) <= 2, `the run's first version stays where the run was (${first && first.x} vs ${run.x})`);
      await widget(page, 'lineage.fold:4001');
      await shot(page, '63-lineage-5k-open');
      await click(page, 'lineage.fold:4001');
      s = await waitState(page, (x) => x.lineage.expanded === 0 && x.lineage.items === 19, 'the run folded back');
      assert(s.focused !== '4001', 'folding opened no version');
    } finally {
      await context.close();
    }
  });
}
