// package.json's contributions for the run views agree with extension/views/ids.ts and with the code: the container
// and its five views, a welcome for each, the commands (registered, in the AMP category, in the palette only where
// they make sense), the menus, the files they name; the pure view modules load without VS Code.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONTEXT_KEYS } from '../../extension/ids';
import { AMP_DEBUG_TYPE, DEBUG_CONTAINER, DEBUG_VIEWS, HIDDEN_COMMANDS, MEDIA_FILES, VIEW_COMMANDS, VIEW_CONTAINER, VIEW_CONTEXT, VIEWS } from '../../extension/views/ids';
import { ROOT } from './views-support';

interface Contributes {
  commands: { command: string; title: string; category?: string; icon?: string }[];
  menus: Record<string, { command: string; when?: string; group?: string }[]>;
  viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
  views: Record<string, { id: string; name: string; when?: string; visibility?: string }[]>;
  viewsWelcome: { view: string; contents: string; when?: string }[];
  debuggers: { type: string }[];
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: Contributes };
const c = pkg.contributes;
const VIEW_DIR = join(ROOT, 'extension', 'views');
const sources = readdirSync(VIEW_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(VIEW_DIR, f), 'utf8'))
  .join('\n');

describe('the run views’ contributions', () => {
  it('load only media files that exist, the container icon among them', () => {
    assert.deepEqual(MEDIA_FILES, ['extension/views/media/timeline.js', 'extension/views/media/timeline.css', 'extension/views/media/amp-activity.svg']);
    for (const f of MEDIA_FILES) assert.ok(existsSync(join(ROOT, f)), f);
    assert.ok(MEDIA_FILES.includes(c.viewsContainers.activitybar[0].icon));
    assert.deepEqual(readdirSync(join(ROOT, 'extension/views/media')).sort(), MEDIA_FILES.map((f) => f.split('/').pop()).sort(), 'nothing else in the folder');
  });

  it('put the five views in the AMP activity-bar container, with an icon that exists', () => {
    assert.deepEqual(c.viewsContainers.activitybar.map((v) => [v.id, v.title]), [[VIEW_CONTAINER, 'AMP']]);
    assert.ok(existsSync(join(ROOT, c.viewsContainers.activitybar[0].icon)));
    assert.match(readFileSync(join(ROOT, c.viewsContainers.activitybar[0].icon), 'utf8'), /^<svg [^>]*viewBox="0 0 24 24"/);
    assert.deepEqual(c.views[VIEW_CONTAINER].map((v) => [v.id, v.name]), [
      [VIEWS.messageTree, 'Message Tree'],
      [VIEWS.budgets, 'Budgets'],
      [VIEWS.stability, 'Stability'],
      [VIEWS.scars, 'Atlas of Scars'],
      [VIEWS.conscience, 'Conscience'],
    ]);
    assert.equal(AMP_DEBUG_TYPE, c.debuggers[0].type);
  });

  it('put the same views in Run and Debug during AMP sessions, the first two open', () => {
    assert.deepEqual(c.views[DEBUG_CONTAINER].map((v) => [v.id, v.name, v.when, v.visibility]), [
      [DEBUG_VIEWS.messageTree, 'AMP Message Tree', `debugType == '${AMP_DEBUG_TYPE}'`, undefined],
      [DEBUG_VIEWS.budgets, 'AMP Budgets', `debugType == '${AMP_DEBUG_TYPE}'`, undefined],
      [DEBUG_VIEWS.stability, 'AMP Stability', `debugType == '${AMP_DEBUG_TYPE}'`, 'collapsed'],
      [DEBUG_VIEWS.scars, 'AMP Atlas of Scars', `debugType == '${AMP_DEBUG_TYPE}'`, 'collapsed'],
      [DEBUG_VIEWS.conscience, 'AMP Conscience', `debugType == '${AMP_DEBUG_TYPE}'`, 'collapsed'],
    ]);
  });

  it('say how to start a run in every view while none is shown, with a button that debugs the active file', () => {
    assert.deepEqual(c.viewsWelcome.map((w) => w.view), Object.values(VIEWS));
    for (const w of c.viewsWelcome) {
      assert.equal(w.when, `!${VIEW_CONTEXT.hasRun}`);
      assert.match(w.contents, new RegExp(`\\]\\(command:${VIEW_COMMANDS.debugActiveFile.replace(/\./g, '\\.')}\\)`));
      assert.match(w.contents, /press F5/);
    }
  });

  it('contribute every command of ids.ts, in the AMP category, each registered in extension/views', () => {
    const contributed = new Map(c.commands.map((x) => [x.command, x]));
    for (const [key, id] of Object.entries(VIEW_COMMANDS)) {
      const command = contributed.get(id);
      assert.ok(command, `${id} is contributed`);
      assert.equal(command.category, 'AMP');
      assert.ok(sources.includes(`registerCommand(VIEW_COMMANDS.${key},`), `${id} is registered`);
    }
  });

  it('show commands in the palette only once the extension is active and where they apply; hidden ones never', () => {
    const palette = new Map(c.menus.commandPalette.map((p) => [p.command, p.when]));
    for (const id of Object.values(VIEW_COMMANDS)) {
      const when = palette.get(id);
      assert.ok(when !== undefined, `${id} has a palette entry`);
      if (HIDDEN_COMMANDS.includes(id)) assert.equal(when, 'false', id);
      else assert.ok(when.startsWith(`${CONTEXT_KEYS.active} && `), `${id}: ${when}`);
    }
    assert.equal(palette.get(VIEW_COMMANDS.showTimeline), `${CONTEXT_KEYS.active} && debugType == '${AMP_DEBUG_TYPE}'`, 'the timeline only while an AMP session is active');
    assert.match(palette.get(VIEW_COMMANDS.runRun)!, /editorLangId == amp/);
  });

  it('offer the timeline and refresh on the views’ title bars and go-to-step on nodes about a step', () => {
    const title = c.menus['view/title'];
    const item = c.menus['view/item/context'];
    const allViews = new RegExp(title[0].when!.match(/view =~ \/(.*?)\//)![1]);
    for (const id of [...Object.values(VIEWS), ...Object.values(DEBUG_VIEWS)]) assert.ok(allViews.test(id), id);
    assert.deepEqual(title.map((t) => t.command), [VIEW_COMMANDS.showTimeline, VIEW_COMMANDS.refresh, VIEW_COMMANDS.debugActiveFile]);
    assert.ok(item.every((i) => i.command === VIEW_COMMANDS.goToStep));
    const items = new RegExp(item[0].when!.match(/viewItem =~ \/(.*?)\//)![1]);
    // The context values the view modules give nodes with a step.
    for (const value of ['amp.run', 'amp.activation', 'amp.scar', 'amp.decision', 'amp.refusedAct']) {
      assert.ok(items.test(value), value);
      assert.ok(sources.includes(`contextValue: '${value}'`), `${value} is used`);
    }
    assert.ok(!items.test('amp.pointer'));
    for (const entry of [...title, ...item]) assert.ok(c.commands.some((x) => x.command === entry.command && x.icon), `${entry.command} has an icon for the title bar`);
  });

  it('keep the view-model modules free of VS Code, so they load in tests and benches', () => {
    const pure = ['ids', 'protocol', 'run-store', 'tree-node', 'message-tree', 'budgets', 'zones', 'stability', 'scars', 'conscience', 'timeline', 'timeline-html', 'run-blocks', 'test-runs', 'test-results', 'launch', 'follower', 'snapshot'];
    for (const name of pure) {
      const text = readFileSync(join(VIEW_DIR, `${name}.ts`), 'utf8');
      assert.doesNotMatch(text, /from 'vscode'/, name);
      assert.doesNotMatch(text, /from 'node:fs'/, `${name} does no I/O`);
    }
    const glue = readdirSync(VIEW_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).filter((n) => !pure.includes(n));
    assert.deepEqual(glue.sort(), ['codelens', 'index', 'log', 'test-controller', 'timeline-panel', 'tree-provider']);
  });
});
