// Issue 15 in the app, with real mouse and keyboard: write a promotion rule (its syntax error located as one types),
// see the live preview (each candidate, each condition with its values, the move it would make), apply it after a
// confirmation naming the move, and see the move in the model's alias history, by the rule, with who did it.
import { launch, tempProfile, waitState, widget, click, shot, assert } from './lib.mjs';

const gbm = 'fraud-detector-gbm';

export default function register({ test, site }) {
  test('rules panel: write a rule, see its error located and its preview, apply it with a confirmation, see the history', async () => {
    const { context, page } = await launch(tempProfile('rules'));
    try {
      await page.goto(site.url + `#m=${gbm}`);
      await waitState(page, (s) => s.versions > 0 && !s.importing && s.model === gbm, 'the example registry');
      await click(page, 'tab:Rules');
      await waitState(page, (s) => s.rules, 'the rules tab');
      // Who I am, recorded with what I change.
      await click(page, 'rules.author');
      await page.keyboard.type('e2e reviewer');
      await click(page, 'rules.pick');
      await click(page, 'rules.new');
      await click(page, 'rules.text');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // A mistyped keyword first: the error names its line and column.
      const bad = 'rule: gbm-promote\nalais: production\n';
      await page.keyboard.type(bad);
      let s = await waitState(page, (x) => x.rules.text === bad && x.rules.problems.length > 0, 'the syntax error');
      assert(/^2:1: /.test(s.rules.problems[0]), `the error is located at 2:1 (${s.rules.problems[0]})`);
      await widget(page, 'rules.problems');
      await shot(page, '40-rule-error');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      const good = `rule: gbm-promote\nalias: production\nmodels: ${gbm}\ncandidates: alias staging\ncompare: metrics.auc better by 0.001\nchoose: newest\n`;
      await page.keyboard.type(good);
      s = await waitState(page, (x) => x.rules.text === good && x.rules.problems.length === 0 && x.rules.preview && x.rules.preview.moves, 'the preview of the move');
      assert(s.rules.preview.holder === '8' && s.rules.preview.to === '9', `production would move 8 -> 9 (${JSON.stringify(s.rules.preview)})`);
      const nine = s.rules.preview.candidates.find((c) => c.label === '9');
      assert(nine && nine.passed && nine.outcomes.some((o) => o.includes('metrics.auc') && o.includes('0.9448')), `the candidate's condition shows its values (${JSON.stringify(nine)})`);
      await shot(page, '41-rule-preview');
      await click(page, 'rules.save');
      s = await waitState(page, (x) => x.rules.saved && x.rules.editing === 'gbm-promote' && x.saved, 'the saved rule');
      await click(page, 'rules.apply');
      await widget(page, 'rules.confirm');
      await shot(page, '42-rule-confirm');
      await click(page, 'rules.confirm.apply');
      s = await waitState(page, (x) => x.rules.history && x.rules.history[0] && x.rules.history[0].alias === 'production' && x.rules.history[0].to === '9' && x.saved,
        'the move in the history');
      const h = s.rules.history[0];
      assert(h.from === '8' && h.source === 'rule' && h.rule === 'gbm-promote' && h.author === 'e2e reviewer', `recorded by the rule and its author (${JSON.stringify(h)})`);
      assert(!s.rules.preview.moves, 'applied: the preview has nothing more to move');
      await shot(page, '43-rule-history');
      // It lasts: after a reload the alias and the history are there.
      await page.reload();
      await waitState(page, (x) => x.versions > 0 && !x.importing && x.model === gbm, 'the reload');
      await click(page, 'tab:Rules');
      s = await waitState(page, (x) => x.rules && x.rules.history && x.rules.history.length > 0, 'the history after the reload');
      assert(s.rules.history[0].to === '9' && s.rules.history[0].rule === 'gbm-promote', 'the move was saved');
    } finally {
      await context.close();
    }
  });
}
