// The extension as a person gets it: installed from the VSIX (`code-server --install-extension`) into a fresh
// extensions folder, not loaded from the repository. It is the installed copy VS Code runs, its folder holds exactly
// the packaged files with production bundles, a sample opens as AMP and activates it, its language server (the
// installed dist/server.js) reports the checker's diagnostics linked to the installed language reference, and its
// snippets are offered. Driven by `node scripts/e2e-run.mjs --vsix PATH`, which sets AMP_E2E_EXTENSIONS_DIR.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import packageJson from '../../../package.json';
import { checkerDiagnostics, codeOf, completionLabel, EXTENSION_ID, open, waitForExactDiagnostics, workspaceFile } from '../suite/helpers';
import { BUNDLES, installedPath, PACKAGED_FILES } from './contents';

/** The extension under development in this run: an empty one (test/e2e/vsix/host), since VS Code runs tests only with one. */
const HOST_ID = 'amp-tools.amp-vsix-e2e-host';

function installedExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

describe('the extension installed from the VSIX', () => {
  it('is the copy in the extensions folder, not the repository', () => {
    const extensionsDir = process.env.AMP_E2E_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'AMP_E2E_EXTENSIONS_DIR is not set: run this suite with node scripts/e2e-run.mjs --vsix PATH');
    const ext = installedExtension();
    assert.equal(relative(extensionsDir, ext.extensionPath), `${EXTENSION_ID}-${packageJson.version}`);
    assert.equal(ext.packageJSON.version, packageJson.version);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    // The extension under development is the empty host, so nothing else can answer for AMP.
    const host = vscode.extensions.getExtension(HOST_ID);
    assert.ok(host, `the host extension ${HOST_ID} is not loaded`);
    assert.ok(host.extensionPath.endsWith(join('test', 'e2e', 'vsix', 'host')), host.extensionPath);
    const amp = vscode.extensions.all.filter((e) => e.packageJSON.name === packageJson.name).map((e) => e.extensionPath);
    assert.deepEqual(amp, [ext.extensionPath], 'more than one AMP extension is loaded');
  });

  it('holds exactly the packaged files, with production bundles', () => {
    const ext = installedExtension();
    const files = filesUnder(ext.extensionPath).map((f) => relative(ext.extensionPath, f).split(sep).join('/')).sort();
    // VS Code keeps the package's manifest beside the files it unpacked, as .vsixmanifest.
    const expected = [...PACKAGED_FILES.map(installedPath), '.vsixmanifest'].sort();
    assert.deepEqual(files, expected);
    for (const bundle of BUNDLES) {
      const text = readFileSync(join(ext.extensionPath, bundle), 'utf8');
      assert.ok(!text.includes('//# sourceMappingURL='), `${bundle} points to a source map: not a production build`);
      // esbuild's readable output marks each bundled module with a `// path/to/module.ts` comment; minified output has none.
      assert.ok(!/^\/\/ (core|server|extension|debug-adapter)\/\S+\.ts$/m.test(text), `${bundle} is not minified`);
    }
  });

  it('activates on a sample, and its language server reports the checker’s diagnostics linked to the installed reference', async () => {
    const sample = workspaceFile('samples', 'list-minimum.amp');
    const sampleDoc = await open(sample, true);
    assert.equal(sampleDoc.languageId, 'amp');

    const broken = workspaceFile('samples', 'diagnostics', 'names.amp');
    const doc = await open(broken, true);
    const expected = checkerDiagnostics(broken, doc.getText());
    // The sample's point is its mistakes: the checker finds several, AMP-N001 (a pointer that points nowhere) among them.
    assert.ok(expected.some((d) => d.code === 'AMP-N001'), `names.amp should have an AMP-N001: ${JSON.stringify(expected)}`);
    // Diagnostics with the server's source can only come from the installed server, so they prove the activation.
    await waitForExactDiagnostics(broken, expected, 'the diagnostics of the installed language server');

    const ext = installedExtension();
    assert.equal(ext.isActive, true, 'the installed extension is not active');
    // The server links each code to its section of docs/language.md beside its bundle: the installed copy.
    const reference = vscode.Uri.file(join(ext.extensionPath, 'docs', 'language.md'));
    const linked = vscode.languages.getDiagnostics(broken).filter((d) => typeof d.code === 'object');
    assert.ok(linked.length > 0, 'no diagnostic links its code to the language reference');
    for (const d of linked) {
      const target = (d.code as { value: string | number; target: vscode.Uri }).target;
      assert.equal(target.with({ fragment: '' }).toString(), reference.toString(), `the link of ${codeOf(d)}`);
      assert.match(target.fragment, /^L\d+$/);
    }
  });

  it('offers its snippets in an .amp file', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'amp', content: '\n' });
    try {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 0));
      const snippets = (list?.items ?? []).filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(completionLabel);
      for (const prefix of ['agent', 'ethics', 'run']) {
        assert.ok(snippets.includes(prefix), `the snippet '${prefix}' is offered (snippets offered: ${snippets.join(', ') || 'none'})`);
      }
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
