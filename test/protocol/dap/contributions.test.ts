// The debugger's contributions in package.json agree with the adapter: the attributes it reads, the configurations
// and snippets VS Code offers (each one a launch configuration the adapter accepts without a warning), the breakpoint
// languages, and the standalone adapter the contribution names.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LAUNCH_ATTRIBUTES, parseLaunchArguments } from '../../../debug-adapter/launch';
import { ROOT } from './helpers';

interface Debugger {
  type: string;
  label: string;
  languages: string[];
  program: string;
  runtime: string;
  configurationAttributes: { launch: { required: string[]; properties: Record<string, { default?: unknown; enum?: string[]; description?: string; markdownDescription?: string }> } };
  initialConfigurations: Record<string, unknown>[];
  configurationSnippets: { label: string; description: string; body: Record<string, unknown> }[];
  variables: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    debuggers: Debugger[];
    breakpoints: { language: string }[];
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette: { command: string; when?: string }[] };
  };
};
const dbg = pkg.contributes.debuggers.find((d) => d.type === 'amp')!;

/** A snippet body as VS Code inserts it: `^"…"` strings unwrapped, tab stops and variables filled in. */
function expand(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = typeof v === 'string' ? v.replace(/^\^"(.*)"$/, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\\$\{file\}/g, '/w/spec.amp').replace(/\\\$\{workspaceFolder\}/g, '/w').replace(/\\\$\{command:PickRun\}/g, 'a run') : v;
  }
  return out;
}

describe('the debugger contribution', () => {
  it('is the amp type, for .amp files, with breakpoints in them', () => {
    assert.ok(dbg, 'no "amp" debugger');
    assert.equal(dbg.label, 'AMP');
    assert.deepEqual(dbg.languages, ['amp']);
    assert.deepEqual(pkg.contributes.breakpoints, [{ language: 'amp' }]);
  });

  it('names the standalone adapter the build writes', () => {
    assert.equal(dbg.program, './dist/debug-adapter.js');
    assert.equal(dbg.runtime, 'node');
    assert.ok(existsSync(join(ROOT, dbg.program)), 'build first: node scripts/build.mjs');
  });

  it('describes every launch attribute the adapter reads, and no other', () => {
    const described = Object.keys(dbg.configurationAttributes.launch.properties).sort();
    assert.deepEqual(described, LAUNCH_ATTRIBUTES.filter((a) => a !== 'noDebug').sort());
    assert.deepEqual(dbg.configurationAttributes.launch.required, ['program']);
    for (const [name, p] of Object.entries(dbg.configurationAttributes.launch.properties)) assert.ok(p.description || p.markdownDescription, `${name} has no description`);
    assert.deepEqual(dbg.configurationAttributes.launch.properties.costModel.enum, ['seed', 'alba']);
  });

  it('offers initial configurations and snippets the adapter accepts without a warning', () => {
    const configs = [...dbg.initialConfigurations.map((c) => JSON.parse(JSON.stringify(c).replace(/\$\{file\}/g, '/w/spec.amp')) as Record<string, unknown>), ...dbg.configurationSnippets.map((s) => expand(s.body))];
    assert.ok(configs.length >= 4);
    for (const c of configs) {
      const parsed = parseLaunchArguments(c, '/w');
      assert.ok('args' in parsed, `${JSON.stringify(c)}: ${'error' in parsed ? parsed.error : ''}`);
      assert.deepEqual(parsed.warnings, [], JSON.stringify(c));
      assert.equal(c.type, 'amp');
      assert.equal(c.request, 'launch');
    }
    for (const s of dbg.configurationSnippets) assert.match(s.label, /^AMP: /);
  });

  it('lets a launch configuration ask for the run with ${command:PickRun}', () => {
    assert.deepEqual(dbg.variables, { PickRun: 'amp.debug.pickRun' });
    assert.ok(readFileSync(join(ROOT, 'extension', 'debug.ts'), 'utf8').includes("PICK_RUN_COMMAND = 'amp.debug.pickRun'"));
  });

  it('contributes the protected channel\'s commands, offered only while an AMP session is paused on a governed run', () => {
    const source = readFileSync(join(ROOT, 'extension', 'debug.ts'), 'utf8');
    const expected: [string, string, string][] = [
      ['TRIP_VETO_COMMAND', 'amp.debug.tripVeto', 'Trip Veto Fuse'],
      ['RESET_VETO_COMMAND', 'amp.debug.resetVeto', 'Reset Veto Fuse'],
      ['RESTORE_COMMAND', 'amp.debug.recordRestorative', 'Record Restorative Event'],
    ];
    for (const [constant, id, title] of expected) {
      const c = pkg.contributes.commands.find((x) => x.command === id);
      assert.deepEqual([c?.title, c?.category], [title, 'AMP'], id);
      assert.ok(source.includes(`${constant} = '${id}'`) && source.includes(`registerCommand(${constant},`), `${id} is registered in extension/debug.ts`);
      const when = pkg.contributes.menus.commandPalette.find((p) => p.command === id)?.when;
      assert.equal(when, "amp.extensionActive && debugType == 'amp' && amp.debug.paused && amp.debug.governed", id);
    }
    assert.ok(source.includes("PAUSED_CONTEXT = 'amp.debug.paused'") && source.includes("GOVERNED_CONTEXT = 'amp.debug.governed'"));
    assert.ok(source.includes("'setContext', PAUSED_CONTEXT") && source.includes("'setContext', GOVERNED_CONTEXT"), 'the extension sets both context keys');
  });
});
