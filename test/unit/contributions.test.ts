// The extension's contributions and its pure client modules: package.json agrees with itself, with the files it names,
// with docs/vscode.md and with the server; every snippet expands to AMP without syntax errors; the grammar, language
// configuration, schema and icons load; and the status, trace and server-option modules behave as the client needs.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import Ajv from 'ajv';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { checkDocument } from '../../core/check/index';
import type { Diagnostic } from '../../core/diagnostics';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../core/ide/semantic-tokens';
import { CLIENT_ID, COMMANDS, CONTEXT_KEYS, LANGUAGE_ID, SETTINGS_SECTION, TRACE_SETTING } from '../../extension/ids';
import { DOCUMENT_SELECTOR, MANIFEST_GLOB, SERVER_DEBUG_PORT, serverModulePath, serverOptions } from '../../extension/server-options';
import {
  formatDuration,
  INITIAL_STATUS,
  nextStatus,
  parseServerStatus,
  presentStatus,
  STATUS_NOTIFICATION,
  StatusPresenter,
  type Scheduler,
  type ServerStatus,
  type StatusEvent,
  type StatusView,
} from '../../extension/status';
import { parseTraceSetting, SettingTraceChannel, type LineSink } from '../../extension/trace-channel';
import { StatusNotification } from '../../server/protocol';
import { DEFAULT_SETTINGS } from '../../server/settings';

const ROOT = process.cwd();

// ---------------------------------------------------------------------------------------------------------------------
// Reading the manifest

interface SettingSchema {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  enumDescriptions?: string[];
  minimum?: number;
  maximum?: number;
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents?: string[];
  extensionKind?: string[];
  icon?: string;
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: {
    languages: { id: string; aliases?: string[]; extensions?: string[]; filenames?: string[]; configuration?: string; icon?: { light: string; dark: string } }[];
    grammars: { language?: string; scopeName: string; path: string; injectTo?: string[]; embeddedLanguages?: Record<string, string> }[];
    snippets: { language: string; path: string }[];
    semanticTokenTypes?: { id: string; description: string }[];
    semanticTokenModifiers?: { id: string; description: string }[];
    jsonValidation: { fileMatch: string | string[]; url: string }[];
    configuration: { title: string; properties: Record<string, SettingSchema> };
    configurationDefaults?: Record<string, Record<string, unknown>>;
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette: { command: string; when?: string }[] };
  };
}

const manifest = readJson('package.json') as Manifest;
const contributes = manifest.contributes;

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
}

/** JSON with comments, as VS Code reads language configurations and manifests; fails the test on a syntax error. */
function readJsonc(path: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(readFileSync(join(ROOT, path), 'utf8'), errors, { allowTrailingComma: false });
  assert.deepEqual(errors, [], `${path} is not valid JSON with comments`);
  return value;
}

/** A path from package.json (`./x/y`), checked to exist. */
function existing(path: string): string {
  const full = resolve(ROOT, path);
  assert.ok(existsSync(full), `${path} (named in package.json) does not exist`);
  return full;
}

// ---------------------------------------------------------------------------------------------------------------------
// The language, activation and capabilities

describe('the amp language contribution', () => {
  const amp = contributes.languages.find((l) => l.id === LANGUAGE_ID);

  it('contributes .amp files with aliases, a language configuration and icons for light and dark themes', () => {
    assert.ok(amp, 'no amp language');
    assert.deepEqual(amp.extensions, ['.amp']);
    assert.ok(amp.aliases?.includes('AMP'));
    assert.ok(amp.configuration);
    existing(amp.configuration);
    assert.ok(amp.icon);
    for (const path of [amp.icon.light, amp.icon.dark]) {
      const svg = readFileSync(existing(path), 'utf8');
      assert.match(svg, /^<svg [^>]*viewBox="0 0 16 16"/, `${path} is a 16×16 SVG`);
      assert.match(svg, /<\/svg>\s*$/);
    }
    assert.notEqual(amp.icon.light, amp.icon.dark);
  });

  it('opens compiler_ethics.json as JSON with comments, without a language configuration', () => {
    // Without a `configuration`, this contribution generates no implicit onLanguage:jsonc activation (VS Code ≥ 1.78),
    // so opening settings.json or tsconfig.json does not start the AMP server.
    const jsonc = contributes.languages.filter((l) => l.id === 'jsonc');
    assert.deepEqual(jsonc, [{ id: 'jsonc', filenames: ['compiler_ethics.json'] }]);
  });

  it('activates on .amp files and manifests in the workspace, and on opening an .amp file (implicitly)', () => {
    const events = manifest.activationEvents ?? [];
    assert.deepEqual([...events].sort(), ['workspaceContains:**/*.amp', 'workspaceContains:**/compiler_ethics.json']);
    // VS Code generates onLanguage:amp from the language contribution because it has a configuration; listing it again
    // would be flagged as redundant by VS Code's package.json linting.
    assert.ok(amp?.configuration, 'the implicit onLanguage:amp needs the language configuration');
    assert.ok(!events.includes(`onLanguage:${LANGUAGE_ID}`));
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), 'no eager activation');
    assert.match(manifest.engines.vscode, /^\^1\.(9\d|[1-9]\d\d)\./, 'implicit activation needs VS Code 1.78 or later');
  });

  it('runs in the workspace, supports untrusted workspaces and names no setting that could run or load anything', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(trust);
    const risky = Object.keys(contributes.configuration.properties).filter((k) => /(path|command|executable|args|runtime|module|url)$/i.test(k));
    if (trust.supported === true) {
      // docs/vscode.md explains why: the server only reads text. A setting naming a program or a path to load would
      // need `restrictedConfigurations` and `supported: "limited"`.
      assert.deepEqual(risky, [], 'settings that name programs or paths need restrictedConfigurations');
    } else {
      assert.equal(trust.supported, 'limited');
      for (const key of risky) assert.ok(trust.restrictedConfigurations?.includes(key), `${key} must be restricted`);
    }
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(typeof virtual === 'object' && virtual.supported === 'limited' && virtual.description);
  });

  it('sets two-space indentation for .amp files, the formatter\'s default', () => {
    assert.deepEqual(contributes.configurationDefaults?.['[amp]'], { 'editor.tabSize': 2, 'editor.insertSpaces': true });
  });

  it('has a 128×128 marketplace icon', () => {
    assert.ok(manifest.icon);
    const png = decodePng(readFileSync(existing(manifest.icon)));
    assert.equal(png.width, 128);
    assert.equal(png.height, 128);
  });

  it('bundles extension/extension.ts to its main file with vscode external', () => {
    assert.equal(manifest.main, './dist/extension.js');
    const build = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
    assert.match(build, /\['extension\/extension\.ts', 'extension', \['vscode'\]\]/);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Language configuration

describe('the language configuration', () => {
  const config = readJsonc('language-configuration.json') as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    onEnterRules?: { beforeText: string; afterText?: string }[];
    folding: { markers: { start: string; end: string } };
  };

  it('has the lexer\'s comments and brackets', () => {
    assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    for (const [open] of config.brackets) assert.ok(config.autoClosingPairs.some((p) => p.open === open), `${open} auto-closes`);
  });

  it('reads words as the lexer reads identifiers and numbers', () => {
    const word = new RegExp(`^(?:${config.wordPattern})$`, 'u');
    for (const w of ['restMin', "Think'", 'A′', '_next', 'E_ext_max_const', 'σ_con', '0.75', '.15']) assert.match(w, word, w);
    for (const w of ['@hazard', '[head]', 'a-b', '"x"']) assert.doesNotMatch(w, word, w);
  });

  it('indents after a line that opens a block, and not after a header or a message that holds a brace', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern, 'u');
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern, 'u');
    for (const line of ["agent Think' {", '  on "what is [a] plus [b]?" {', '    chapel {  // hesitate', 'selfmod tutor {']) assert.match(line, increase, line);
    for (const line of ['// compiler_ethics_v0_1: {', '    reply "a { b"', '  }', 'message m = "x"']) assert.doesNotMatch(line, increase, line);
    assert.match('  }', decrease);
    assert.doesNotMatch('  reply "}"', decrease);
    for (const rule of config.onEnterRules ?? []) {
      new RegExp(rule.beforeText, 'u');
      if (rule.afterText) new RegExp(rule.afterText, 'u');
    }
    assert.match('// #region budgets', new RegExp(config.folding.markers.start, 'u'));
    assert.match('  // #endregion', new RegExp(config.folding.markers.end, 'u'));
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Grammars

interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  name?: string;
  contentName?: string;
  patterns?: Rule[];
  repository?: Record<string, Rule>;
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
  whileCaptures?: Record<string, Rule>;
}

interface Grammar extends Rule {
  scopeName: string;
  injectionSelector?: string;
}

/** Every rule of a grammar, depth first. */
function rulesOf(rule: Rule): Rule[] {
  const out: Rule[] = [rule];
  const children = [
    ...(rule.patterns ?? []),
    ...Object.values(rule.repository ?? {}),
    ...Object.values(rule.captures ?? {}),
    ...Object.values(rule.beginCaptures ?? {}),
    ...Object.values(rule.endCaptures ?? {}),
    ...Object.values(rule.whileCaptures ?? {}),
  ];
  for (const child of children) out.push(...rulesOf(child));
  return out;
}

/**
 * Compiles an Oniguruma pattern as a JavaScript RegExp after translating the few Oniguruma-only forms the grammars
 * use (`\x{…}`, `\G`, `(?i:…)`), so a typo such as an unbalanced group fails here rather than in VS Code.
 */
function compileOniguruma(pattern: string): RegExp {
  // JavaScript has no inline case modifier (before Node 23): a pattern with one is matched case-insensitively.
  const flags = pattern.includes('(?i:') ? 'iu' : 'u';
  const js = pattern
    .replace(/\\x\{([0-9A-Fa-f]+)\}/g, '\\u{$1}')
    .replace(/\\G/g, '(?:)')
    .replace(/\(\?i:/g, '(?:');
  return new RegExp(js, flags);
}

describe('the TextMate grammars', () => {
  const grammars = contributes.grammars.map((g) => ({ contribution: g, grammar: readJson(g.path.replace(/^\.\//, '')) as Grammar }));
  const ownScopes = new Set(contributes.grammars.map((g) => g.scopeName));

  it('exist, parse, and have the scope names package.json gives them', () => {
    assert.ok(grammars.length >= 2);
    for (const { contribution, grammar } of grammars) {
      existing(contribution.path);
      assert.equal(grammar.scopeName, contribution.scopeName, contribution.path);
    }
  });

  it('resolve every include and compile every pattern', () => {
    for (const { contribution, grammar } of grammars) {
      const repository = grammar.repository ?? {};
      for (const rule of rulesOf(grammar)) {
        if (rule.include) {
          const inc = rule.include;
          if (inc.startsWith('#')) assert.ok(inc.slice(1) in repository, `${contribution.path}: ${inc} is not in the repository`);
          else assert.ok(ownScopes.has(inc) || inc === 'source.json' || inc === '$self' || inc === '$base', `${contribution.path}: unknown include ${inc}`);
        }
        for (const key of ['match', 'begin', 'end', 'while'] as const) {
          const pattern = rule[key];
          if (pattern !== undefined) assert.doesNotThrow(() => compileOniguruma(pattern), `${contribution.path}: ${key} ${pattern}`);
        }
      }
    }
  });

  it('embed JSON with comments in the ethics header, through a while rule that ends with the comment block', () => {
    const amp = grammars.find((g) => g.contribution.language === LANGUAGE_ID);
    assert.ok(amp);
    assert.deepEqual(amp.contribution.embeddedLanguages, { 'meta.embedded.block.json': 'jsonc' });
    const header = amp.grammar.repository?.header;
    assert.ok(header?.begin && header.while, 'the header is a begin/while rule');
    assert.equal(header.contentName, 'meta.embedded.block.json');
    assert.deepEqual(header.patterns, [{ include: 'source.json' }]);
    const begin = compileOniguruma(header.begin);
    const whileRule = compileOniguruma(header.while);
    assert.match('// compiler_ethics_v0_1: {', begin);
    assert.match('//   "compiler_ethics_v": "0.1",', whileRule);
    assert.doesNotMatch('message m = "x"', whileRule);
    assert.doesNotMatch('', whileRule);
  });

  it('highlight numbers as the lexer reads them, and not digits glued to letters', () => {
    const amp = grammars.find((g) => g.contribution.language === LANGUAGE_ID);
    const numbers = amp?.grammar.repository?.numbers?.match;
    assert.ok(numbers);
    const whole = new RegExp(`^${compileOniguruma(numbers).source}$`, 'u');
    for (const n of ['42', '0.75', '.15', '1e-3', '2.5E+2', '-0.05']) assert.match(n, whole, n);
    const anywhere = compileOniguruma(numbers);
    assert.doesNotMatch('12abc', anywhere);
    assert.doesNotMatch('V_id2', anywhere);
  });

  it('inject AMP into ```amp fences of Markdown, as the embedded amp language', () => {
    const injection = grammars.find((g) => g.contribution.injectTo);
    assert.ok(injection);
    assert.deepEqual(injection.contribution.injectTo, ['text.html.markdown']);
    assert.deepEqual(injection.contribution.embeddedLanguages, { 'meta.embedded.block.amp': LANGUAGE_ID });
    assert.match(injection.grammar.injectionSelector ?? '', /text\.html\.markdown/);
    const rules = rulesOf(injection.grammar);
    assert.ok(rules.some((r) => r.contentName === 'meta.embedded.block.amp'));
    assert.ok(rules.some((r) => r.include === 'source.amp'));
    const fence = rules.find((r) => r.name === 'markup.fenced_code.block.markdown')?.begin;
    assert.ok(fence);
    for (const line of ['```amp', '~~~amp', '  ```AMP title="x"']) assert.match(line, compileOniguruma(fence), line);
    for (const line of ['```ampl', '```json', 'amp']) assert.doesNotMatch(line, compileOniguruma(fence), line);
  });
});

describe('the semantic token legend', () => {
  // LSP 3.17's predefined types and modifiers; VS Code knows these, anything else must be contributed.
  const STANDARD_TYPES = ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'];
  const STANDARD_MODIFIERS = ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'];

  it('contributes every custom token type and modifier the server uses, and nothing else', () => {
    const customTypes = SEMANTIC_TOKEN_TYPES.filter((t) => !STANDARD_TYPES.includes(t));
    const customModifiers = SEMANTIC_TOKEN_MODIFIERS.filter((m) => !STANDARD_MODIFIERS.includes(m));
    assert.deepEqual((contributes.semanticTokenTypes ?? []).map((t) => t.id), customTypes);
    assert.deepEqual((contributes.semanticTokenModifiers ?? []).map((m) => m.id), customModifiers);
    for (const entry of [...(contributes.semanticTokenTypes ?? []), ...(contributes.semanticTokenModifiers ?? [])]) {
      assert.ok(entry.description.length > 10, entry.id);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Snippets

interface Span {
  start: number;
  end: number;
}

/**
 * Expands a VS Code snippet body as a user who accepts every default gets it: tab stops vanish, placeholders keep
 * their default, choices their first option. Returns the text and where each non-empty default landed. Variables are
 * not used by the AMP snippets, so one is an error here.
 */
function expandSnippet(source: string): { text: string; placeholders: Span[] } {
  let pos = 0;
  let out = '';
  const placeholders: Span[] = [];
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${pos} of ${JSON.stringify(source)}`);
  };
  const NAME = /^(?:\d+|[A-Za-z_][A-Za-z0-9_]*)/;

  function any(inPlaceholder: boolean): void {
    while (pos < source.length) {
      const ch = source[pos];
      if (ch === '\\' && '$}\\'.includes(source[pos + 1] ?? '')) {
        out += source[pos + 1];
        pos += 2;
      } else if (ch === '}' && inPlaceholder) {
        return;
      } else if (ch === '$') {
        dollar();
      } else {
        out += ch;
        pos++;
      }
    }
    if (inPlaceholder) fail('unclosed placeholder');
  }

  function dollar(): void {
    pos++;
    const bare = NAME.exec(source.slice(pos));
    if (bare) {
      pos += bare[0].length;
      if (!/^\d/.test(bare[0])) fail(`variable $${bare[0]}`);
      return;
    }
    if (source[pos] !== '{') {
      out += '$';
      return;
    }
    pos++;
    const name = NAME.exec(source.slice(pos)) ?? fail('expected a tab stop number');
    pos += name[0].length;
    if (!/^\d/.test(name[0])) fail(`variable \${${name[0]}}`);
    const start = out.length;
    if (source[pos] === '}') {
      pos++;
    } else if (source[pos] === ':') {
      pos++;
      any(true);
      pos++;
    } else if (source[pos] === '|') {
      pos++;
      const options = [''];
      while (pos < source.length && !(source[pos] === '|' && source[pos + 1] === '}')) {
        if (source[pos] === '\\' && ',|\\$}'.includes(source[pos + 1] ?? '')) {
          options[options.length - 1] += source[pos + 1];
          pos += 2;
        } else if (source[pos] === ',') {
          options.push('');
          pos++;
        } else {
          options[options.length - 1] += source[pos++];
        }
      }
      if (pos >= source.length) fail('unclosed choice');
      pos += 2;
      if (options.some((o) => o === '')) fail('empty choice');
      out += options[0];
    } else {
      fail('malformed placeholder');
    }
    if (out.length > start) placeholders.push({ start, end: out.length });
  }

  any(false);
  return { text: out, placeholders };
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

/** Where each snippet goes: the start of a file, the top level, inside an agent, or inside a handler. */
const SNIPPET_PLACES: Record<string, 'header' | 'item' | 'handler' | 'statement'> = {
  'Ethics header': 'header',
  Message: 'item',
  Agent: 'item',
  Handler: 'handler',
  Ask: 'statement',
  'View with a template': 'statement',
  Run: 'item',
  Chapel: 'statement',
  Choose: 'statement',
  'Consent machine': 'item',
  Scars: 'item',
  'Self-modification': 'item',
};

/** The snippet text inside the smallest file where it belongs; `offset` is where the snippet starts in `text`. */
function inPlace(place: 'header' | 'item' | 'handler' | 'statement', snippet: string): { text: string; offset: number } {
  switch (place) {
    case 'header':
    case 'item':
      return { text: `${snippet}\n`, offset: 0 };
    case 'handler': {
      const before = 'agent Host {\n';
      return { text: `${before}${snippet}\n}\n`, offset: before.length };
    }
    case 'statement': {
      const before = 'agent Host {\n  on "host [_request]" {\n';
      return { text: `${before}${snippet}\n    reply "done"\n  }\n}\n`, offset: before.length };
    }
  }
}

const within = (d: Diagnostic, spans: readonly Span[]) => spans.some((s) => d.start >= s.start && d.end <= s.end);

describe('the snippets', () => {
  const contribution = contributes.snippets.find((s) => s.language === LANGUAGE_ID);
  assert.ok(contribution);
  const snippets = readJsonc(contribution.path.replace(/^\.\//, '')) as Record<string, Snippet>;
  const entries = Object.entries(snippets);
  const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

  it('cover the main constructs, each with a prefix and a description, no prefix twice', () => {
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(SNIPPET_PLACES).sort(), 'every snippet has a place in SNIPPET_PLACES');
    const prefixes = entries.flatMap(([, s]) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    assert.equal(new Set(prefixes).size, prefixes.length, 'duplicate prefix');
    for (const p of ['agent', 'run', 'message', 'chapel', 'choose', 'consent', 'scars', 'selfmod', 'ethics']) assert.ok(prefixes.includes(p), p);
    for (const [name, s] of entries) assert.ok(s.description.length > 20, `${name} has a description`);
  });

  it('number their tab stops 1, 2, … with $0 at most once', () => {
    for (const [name, s] of entries) {
      const numbers = [...bodyOf(s).matchAll(/\$\{?(\d+)/g)].map((m) => Number(m[1]));
      const distinct = [...new Set(numbers.filter((n) => n > 0))].sort((a, b) => a - b);
      assert.deepEqual(distinct, distinct.map((_, i) => i + 1), `${name}: tab stops ${distinct}`);
      assert.ok(numbers.filter((n) => n === 0).length <= 1, `${name}: $0 twice`);
    }
  });

  for (const [name, s] of entries) {
    it(`"${name}" expands to AMP without syntax errors, and its only errors are at placeholders`, () => {
      const place = SNIPPET_PLACES[name];
      assert.ok(place, `no place for ${name}`);
      const { text: snippet, placeholders } = expandSnippet(bodyOf(s));
      const { text, offset } = inPlace(place, snippet);
      const { diagnostics } = checkDocument({ path: 'snippet.amp', text });
      const syntax = diagnostics.filter((d) => d.code.startsWith('AMP-P'));
      assert.deepEqual(syntax.map((d) => `${d.code} ${d.message}`), [], text);
      // A default like `Agent` names something the user will write; any other error would be a wrong snippet.
      const shifted = placeholders.map((p) => ({ start: p.start + offset, end: p.end + offset }));
      const misplaced = diagnostics.filter((d) => d.severity === 'error' && !within(d, shifted));
      assert.deepEqual(misplaced.map((d) => `${d.code} ${d.message}`), [], text);
    });
  }

  it('give a complete, valid ethics header with each choice, which governs the governed snippets', () => {
    const header = snippets['Ethics header'];
    assert.ok(header);
    for (const audit of ['true', 'false']) {
      const body = bodyOf(header).replace('${3|true,false|}', audit);
      const { text } = expandSnippet(body);
      assert.match(text, new RegExp(`"existential_audit": ${audit}`));
      const { diagnostics, governance } = checkDocument({ path: 'header.amp', text });
      assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
      assert.equal(governance.source, 'file', 'the header governs the file');
      assert.equal(governance.stack.existential_audit, audit === 'true');
      assert.equal(governance.invariantsWired?.length, 5);
    }
    // Every governed snippet under the header: no AMP-G011 (ungoverned) and no unwired invariant (AMP-G010).
    const parts = [expandSnippet(bodyOf(header)).text];
    const statements: string[] = [];
    for (const [name, s] of entries) {
      const place = SNIPPET_PLACES[name];
      const { text } = expandSnippet(bodyOf(s));
      if (place === 'item') parts.push(text);
      if (place === 'statement') statements.push(text);
    }
    parts.push(`agent Host {\n  on "host [_request]" {\n${statements.join('\n')}\n    reply "done"\n  }\n}`);
    const { diagnostics } = checkDocument({ path: 'all.amp', text: parts.join('\n\n') });
    const governance = diagnostics.filter((d) => d.code.startsWith('AMP-G') || d.code.startsWith('AMP-H') || d.code.startsWith('AMP-P'));
    assert.deepEqual(governance.map((d) => `${d.code} ${d.message}`), []);
  });

  it('the expander reads placeholders, choices and escapes as VS Code does', () => {
    assert.deepEqual(expandSnippet('a ${1:b ${2:c}} $0${3|x,y|} \\$4 \\} ${5}'), {
      text: 'a b c x $4 } ',
      placeholders: [
        { start: 4, end: 5 },
        { start: 2, end: 5 },
        { start: 6, end: 7 },
      ],
    });
    assert.throws(() => expandSnippet('${1:open'), /unclosed placeholder/);
    assert.throws(() => expandSnippet('$TM_FILENAME'), /variable/);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The manifest schema

describe('the compiler_ethics.json schema', () => {
  const validation = contributes.jsonValidation;

  it('is mapped to manifests anywhere, .well-known included', () => {
    assert.equal(validation.length, 1);
    const [entry] = validation;
    assert.deepEqual(entry.fileMatch, ['compiler_ethics.json', '**/.well-known/compiler_ethics.json']);
    assert.equal(entry.url, './schemas/compiler_ethics.schema.json');
    existing(entry.url);
  });

  it('compiles with ajv in strict mode and accepts the sample manifest', () => {
    const schema = readJson(validation[0].url.replace(/^\.\//, '')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addVocabulary(['enumDescriptions']);
    const validate = ajv.compile(schema);
    const sample = readJsonc('samples/.well-known/compiler_ethics.json');
    assert.ok(validate(sample), JSON.stringify(validate.errors));
    assert.ok(!validate({ compiler_ethics_v: '0.1' }), 'a manifest missing required fields is refused');
  });

  it('gives every field and every invariant a hover text', () => {
    interface S {
      description?: string;
      properties?: Record<string, S>;
      items?: S & { enum?: string[]; enumDescriptions?: string[] };
    }
    const schema = readJson(validation[0].url.replace(/^\.\//, '')) as S;
    const short: string[] = [];
    const walk = (s: S, path: string) => {
      if ((s.description ?? '').length < 30) short.push(path);
      for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, path ? `${path}.${k}` : k);
    };
    walk(schema, '');
    assert.deepEqual(short, []);
    const invariants = schema.properties?.invariants_wired?.items;
    assert.equal(invariants?.enumDescriptions?.length, invariants?.enum?.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Settings

/** The settings contract the server and the extension share (the server reads all but trace.server per document). */
const SETTINGS: Record<string, { type: 'boolean' | 'number' | 'string'; default: unknown; perDocument: boolean }> = {
  'amp.diagnostics.enable': { type: 'boolean', default: true, perDocument: true },
  'amp.diagnostics.delayMs': { type: 'number', default: 150, perDocument: true },
  'amp.maxNumberOfProblems': { type: 'number', default: 1000, perDocument: true },
  'amp.manifest.enable': { type: 'boolean', default: true, perDocument: true },
  'amp.inlayHints.budgets': { type: 'boolean', default: true, perDocument: true },
  'amp.format.enable': { type: 'boolean', default: true, perDocument: true },
  'amp.trace.server': { type: 'string', default: 'off', perDocument: false },
};

/** The settings table of docs/vscode.md: setting → { type, default }. */
function documentedSettings(): Map<string, { type: string; default: unknown }> {
  const doc = readFileSync(join(ROOT, 'docs/vscode.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## Settings'), doc.indexOf('\n## ', doc.indexOf('\n## Settings') + 1));
  const rows = new Map<string, { type: string; default: unknown }>();
  for (const m of section.matchAll(/^\| `(amp\.[^`]+)` \| (\w+) \| `([^`]+)` \|/gm)) rows.set(m[1], { type: m[2], default: JSON.parse(m[3]) });
  return rows;
}

describe('the settings', () => {
  const properties = contributes.configuration.properties;

  it('contribute every setting of the contract with its type, default and scope', () => {
    for (const [key, expected] of Object.entries(SETTINGS)) {
      const s = properties[key];
      assert.ok(s, `${key} is not contributed`);
      if (expected.type === 'number') assert.ok(s.type === 'number' || s.type === 'integer', `${key}: ${s.type}`);
      else assert.equal(s.type, expected.type, key);
      assert.deepEqual(s.default, expected.default, key);
      if (expected.perDocument) assert.equal(s.scope, 'resource', `${key} is read per document`);
      else assert.notEqual(s.scope, 'resource', key);
    }
  });

  it('describe themselves in markdown, bound their numbers, and list trace levels with descriptions', () => {
    assert.equal(contributes.configuration.title, 'AMP');
    for (const [key, s] of Object.entries(properties)) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok((s.markdownDescription ?? '').length > 40, `${key} has a markdownDescription`);
      if (s.type === 'number' || s.type === 'integer') assert.equal(typeof s.minimum, 'number', `${key} has a minimum`);
      if (typeof s.default === 'number') {
        assert.ok(s.default >= (s.minimum ?? -Infinity) && s.default <= (s.maximum ?? Infinity), `${key}: default out of bounds`);
      }
      // `#setting#` links in markdown must name settings that exist (VS Code's own or ours).
      for (const m of (s.markdownDescription ?? '').matchAll(/`#([\w.]+)#`/g)) {
        assert.ok(!m[1].startsWith('amp.') || m[1] in properties, `${key} links to unknown ${m[1]}`);
      }
    }
    const trace = properties[`${SETTINGS_SECTION}.${TRACE_SETTING}`];
    assert.deepEqual(trace.enum, ['off', 'messages', 'verbose']);
    assert.equal(trace.enumDescriptions?.length, 3);
  });

  it('include the trace setting the language client reads, `<client id>.trace.server`', () => {
    assert.ok(`${CLIENT_ID}.${TRACE_SETTING}` in properties);
  });

  it('agree with the table in docs/vscode.md', () => {
    const documented = documentedSettings();
    assert.deepEqual([...documented.keys()].sort(), Object.keys(properties).sort());
    for (const [key, doc] of documented) {
      assert.equal(doc.type, properties[key].type, `${key}: type in docs`);
      assert.deepEqual(doc.default, properties[key].default, `${key}: default in docs`);
    }
  });

  it('have the defaults the server falls back to', () => {
    const flat: Record<string, unknown> = {};
    const flatten = (o: object, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'object' && v !== null) flatten(v, `${prefix}${k}.`);
        else flat[`${prefix}${k}`] = v;
      }
    };
    flatten(DEFAULT_SETTINGS, `${SETTINGS_SECTION}.`);
    for (const [key, value] of Object.entries(flat)) assert.deepEqual(properties[key]?.default, value, key);
    const serverRead = Object.keys(flat).sort();
    const perDocument = Object.keys(properties).filter((k) => properties[k].scope === 'resource').sort();
    assert.deepEqual(perDocument, serverRead, 'the per-document settings are exactly the ones the server reads');
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Commands

describe('the commands', () => {
  /** Every TypeScript source of the extension, its views included. */
  const sourceFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const sources = sourceFiles(join(ROOT, 'extension'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  /** The names a command id is bound to in the sources (`KEY: 'id'` in a table, or `const NAME = 'id'`). */
  const namesOf = (id: string): string[] =>
    [...sources.matchAll(new RegExp(`(\\w+)\\s*[:=]\\s*'${id.replace(/\./g, '\\.')}'`, 'g'))].map((m) => m[1]);

  it('are in the AMP category, and each is registered by the extension under its id', () => {
    assert.ok(contributes.commands.length > 0);
    for (const c of contributes.commands) {
      assert.equal(c.category, 'AMP', c.command);
      assert.ok(c.title.length > 0, c.command);
      const names = namesOf(c.command);
      const registered =
        sources.includes(`registerCommand('${c.command}'`) ||
        names.some((n) => new RegExp(`registerCommand\\(\\s*(?:\\w+\\.)?${n}\\b`).test(sources));
      assert.ok(registered, `${c.command} is contributed but never registered in extension/`);
    }
    assert.equal(contributes.commands.find((c) => c.command === COMMANDS.restartServer)?.title, 'Restart Language Server');
    for (const id of Object.values(COMMANDS)) assert.ok(contributes.commands.some((c) => c.command === id), `${id} is not contributed`);
  });

  it('show in the palette only once the extension has activated (or never, for internal ones), and every palette entry is a command', () => {
    const ids = new Set(contributes.commands.map((c) => c.command));
    const palette = contributes.menus.commandPalette;
    for (const entry of palette) assert.ok(ids.has(entry.command), `${entry.command} is not contributed`);
    for (const id of ids) {
      const when = palette.find((p) => p.command === id)?.when;
      assert.ok(when !== undefined, `${id} has no palette entry with a when clause`);
      assert.ok(when === 'false' || when === CONTEXT_KEYS.active || when.startsWith(`${CONTEXT_KEYS.active} && `), `${id}: ${when}`);
    }
    assert.ok(sources.includes(`'setContext', CONTEXT_KEYS.active, true`), 'activate() sets the context key');
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The marketplace icon

interface Png {
  width: number;
  height: number;
  colourType: number;
  pixels: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Decodes the PNGs make-icon.mjs writes (8-bit RGBA, filter 0), checking the signature and every chunk's CRC. */
function decodePng(file: Buffer): Png {
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const data: Buffer[] = [];
  while (pos < file.length) {
    const length = file.readUInt32BE(pos);
    const type = file.toString('ascii', pos + 4, pos + 8);
    const body = file.subarray(pos + 8, pos + 8 + length);
    assert.equal(file.readUInt32BE(pos + 8 + length), crc32(file.subarray(pos + 4, pos + 8 + length)), `CRC of ${type}`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, 'bit depth');
      colourType = body[9];
    }
    if (type === 'IDAT') data.push(body);
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  assert.equal(colourType, 6, 'RGBA');
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  assert.equal(raw.length, (stride + 1) * height);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (stride + 1)], 0, 'filter 0');
    raw.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, colourType, pixels };
}

describe('the marketplace icon', () => {
  it('is what scripts/make-icon.mjs draws, opaque in the middle and transparent in the corners', () => {
    const committed = decodePng(readFileSync(join(ROOT, 'images/icon.png')));
    const dir = mkdtempSync(join(tmpdir(), 'amp-icon-'));
    try {
      const out = join(dir, 'icon.png');
      const r = spawnSync(process.execPath, ['scripts/make-icon.mjs', out], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const drawn = decodePng(readFileSync(out));
      assert.equal(drawn.width, committed.width);
      assert.ok(drawn.pixels.equals(committed.pixels), 'images/icon.png is stale: run node scripts/make-icon.mjs');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const alpha = (x: number, y: number) => committed.pixels[(y * committed.width + x) * 4 + 3];
    assert.equal(alpha(0, 0), 0);
    assert.equal(alpha(127, 127), 0);
    assert.equal(alpha(64, 64), 255);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The pure client modules

describe('server options', () => {
  it('fork dist/server.js, with the inspector on port 6009 in a debug run only', () => {
    const path = serverModulePath('/ext');
    assert.equal(path, join('/ext', 'dist', 'server.js'));
    const options = serverOptions(path, 'ipc');
    assert.deepEqual(options.run, { module: path, transport: 'ipc' });
    assert.deepEqual(options.debug, { module: path, transport: 'ipc', options: { execArgv: ['--nolazy', '--inspect=6009'] } });
    assert.equal(SERVER_DEBUG_PORT, 6009);
  });

  it('hand the server .amp files on disk and unsaved, and manifests on disk', () => {
    assert.deepEqual(
      DOCUMENT_SELECTOR.map((f) => `${f.scheme}:${f.language}:${f.pattern ?? ''}`),
      ['file:amp:', 'untitled:amp:', `file:json:${MANIFEST_GLOB}`, `file:jsonc:${MANIFEST_GLOB}`],
    );
    // The manifests the server gets are the files the schema validates.
    assert.ok(contributes.jsonValidation[0].fileMatch.includes(MANIFEST_GLOB.replace('**/', '')));
  });
});

describe('the server status', () => {
  const client = (state: 'starting' | 'running' | 'stopped' | 'startFailed'): StatusEvent => ({ kind: 'client', state });
  const server = (state: 'checking' | 'ready', documents = 2, lastCheckMs = 12.4): StatusEvent => ({ kind: 'server', params: { state, documents, lastCheckMs } });
  const run = (...events: StatusEvent[]) => events.reduce(nextStatus, INITIAL_STATUS);

  it('reads amp/status params and refuses malformed ones', () => {
    assert.equal(STATUS_NOTIFICATION, StatusNotification.method, 'the server sends the method the client listens to');
    assert.deepEqual(parseServerStatus({ state: 'ready', documents: 3, lastCheckMs: 1.5 }), { state: 'ready', documents: 3, lastCheckMs: 1.5 });
    assert.deepEqual(parseServerStatus({ state: 'checking', documents: 0, lastCheckMs: 0, extra: true }), { state: 'checking', documents: 0, lastCheckMs: 0 });
    for (const bad of [
      undefined,
      null,
      'ready',
      [],
      {},
      { state: 'idle', documents: 1, lastCheckMs: 1 },
      { state: 'ready', documents: -1, lastCheckMs: 1 },
      { state: 'ready', documents: 1.5, lastCheckMs: 1 },
      { state: 'ready', documents: '1', lastCheckMs: 1 },
      { state: 'ready', documents: 1, lastCheckMs: Number.NaN },
      { state: 'ready', documents: 1, lastCheckMs: -2 },
      { state: 'ready', documents: 1 },
    ]) {
      assert.equal(parseServerStatus(bad), undefined, JSON.stringify(bad));
    }
  });

  it('follows the client from starting to ready, and the server between checking and ready', () => {
    assert.equal(INITIAL_STATUS.phase, 'stopped');
    assert.equal(run(client('starting')).phase, 'starting');
    assert.deepEqual(run(client('starting'), client('running')), { phase: 'ready', reason: undefined });
    assert.deepEqual(run(client('starting'), client('running'), server('checking', 3, 4)), { phase: 'checking', documents: 3, lastCheckMs: 4 });
    assert.deepEqual(run(client('starting'), client('running'), server('checking'), server('ready', 3, 20)), { phase: 'ready', documents: 3, lastCheckMs: 20 });
    // A check reported before the client saw its start complete is still in progress.
    assert.equal(run(client('starting'), server('checking'), client('running')).phase, 'checking');
  });

  it('ignores a late notification once the server stopped, and keeps the reason of a failure', () => {
    assert.equal(run(client('starting'), client('running'), client('stopped'), server('ready')).phase, 'stopped');
    const failed = run(client('starting'), client('startFailed'), { kind: 'failed', reason: 'no module' }, client('stopped'), server('ready'));
    assert.deepEqual(failed, { phase: 'failed', reason: 'no module' });
    // A restart clears the failure.
    assert.deepEqual(nextStatus(failed, client('starting')), { phase: 'starting' });
    assert.deepEqual(run({ kind: 'failed', reason: 'missing dist/server.js' }), { phase: 'failed', reason: 'missing dist/server.js' });
  });

  it('says what the server is doing, with a restart when it is not running', () => {
    const view = (s: ServerStatus) => presentStatus(s);
    assert.deepEqual(view({ phase: 'starting' }), { text: 'AMP: starting', detail: 'Starting the language server…', busy: true, severity: 'information', command: { title: 'Show Output', command: COMMANDS.showServerOutput } });
    assert.equal(view({ phase: 'ready', documents: 1, lastCheckMs: 0.4 }).detail, 'Up to date: 1 document, last check <1 ms');
    assert.equal(view({ phase: 'ready', documents: 3, lastCheckMs: 1234 }).detail, 'Up to date: 3 documents, last check 1.2 s');
    assert.equal(view({ phase: 'ready' }).detail, 'Up to date');
    assert.deepEqual(view({ phase: 'checking', documents: 2 }), { text: 'AMP: checking', detail: 'Checking 2 documents…', busy: true, severity: 'information', command: { title: 'Show Output', command: COMMANDS.showServerOutput } });
    const stopped = view({ phase: 'stopped' });
    assert.equal(stopped.severity, 'warning');
    assert.deepEqual(stopped.command, { title: 'Restart', command: COMMANDS.restartServer });
    const failed = view({ phase: 'failed', reason: 'The language server is missing.' });
    assert.deepEqual([failed.text, failed.detail, failed.severity, failed.busy, failed.command.command], ['AMP: failed', 'The language server is missing.', 'error', false, COMMANDS.restartServer]);
    assert.match(view({ phase: 'failed' }).detail, /could not start/);
  });

  it('formats durations for people', () => {
    assert.deepEqual([0, 0.99, 1, 12.4, 999.4, 1000, 15_260, -1, Number.POSITIVE_INFINITY].map(formatDuration), ['<1 ms', '<1 ms', '1 ms', '12 ms', '999 ms', '1.0 s', '15.3 s', '? ms', '? ms']);
  });

  describe('the presenter', () => {
    /** A scheduler driven by hand: `fire()` runs what is due. */
    function fakeScheduler() {
      const pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
      const schedule: Scheduler = (fn, ms) => {
        const entry = { fn, ms, cancelled: false };
        pending.push(entry);
        return { cancel: () => void (entry.cancelled = true) };
      };
      const fire = () => {
        for (const e of pending.splice(0)) if (!e.cancelled) e.fn();
      };
      return { schedule, fire, pending };
    }

    function setup() {
      const timers = fakeScheduler();
      const shown: StatusView[] = [];
      const presenter = new StatusPresenter((v) => shown.push(v), timers.schedule, 250);
      return { timers, shown, presenter, texts: () => shown.map((v) => v.text) };
    }

    it('does not show a check that ends before the delay, so the item does not flicker while typing', () => {
      const { timers, presenter, texts } = setup();
      presenter.update(client('starting'));
      presenter.update(client('running'));
      presenter.update(server('checking'));
      assert.equal(timers.pending[0]?.ms, 250);
      presenter.update(server('ready', 2, 8));
      timers.fire();
      assert.deepEqual(texts(), ['AMP: starting', 'AMP: ready', 'AMP: ready']);
      assert.equal(presenter.status.lastCheckMs, 8);
    });

    it('shows a check that lasts, once', () => {
      const { timers, presenter, texts, shown } = setup();
      presenter.update(client('starting'));
      presenter.update(client('running'));
      presenter.update(server('checking', 5));
      presenter.update(server('checking', 6));
      assert.equal(timers.pending.length, 1, 'one timer for a run of checks');
      timers.fire();
      assert.deepEqual(texts(), ['AMP: starting', 'AMP: ready', 'AMP: checking']);
      assert.equal(shown.at(-1)?.detail, 'Checking 6 documents…');
      presenter.update(server('ready', 6, 300));
      assert.deepEqual(texts().at(-1), 'AMP: ready');
    });

    it('shows a stop at once, even while a check is pending, and cancels the pending check', () => {
      const { timers, presenter, texts } = setup();
      presenter.update(client('running'));
      presenter.update(server('checking'));
      presenter.update(client('stopped'));
      timers.fire();
      assert.deepEqual(texts(), ['AMP: ready', 'AMP: stopped']);
      presenter.refresh();
      assert.deepEqual(texts().at(-1), 'AMP: stopped');
      presenter.dispose();
    });
  });
});

describe('the trace channel', () => {
  const LEVELS = { trace: 1, off: 0 } as unknown as { trace: import('vscode').LogLevel; off: import('vscode').LogLevel };

  function fakeSink() {
    const lines: string[] = [];
    const calls: string[] = [];
    const sink: LineSink = {
      name: 'AMP Language Server Trace',
      append: (v) => void lines.push(`append:${v}`),
      appendLine: (v) => void lines.push(v),
      replace: (v) => void calls.push(`replace:${v}`),
      clear: () => void calls.push('clear'),
      show: (preserveFocus?: unknown) => void calls.push(`show:${String(preserveFocus)}`),
      hide: () => void calls.push('hide'),
      dispose: () => void calls.push('dispose'),
    } as LineSink;
    return { sink, lines, calls };
  }
  const noon = () => new Date(2026, 0, 2, 12, 3, 4, 5);

  it('reads the setting, with anything unknown as off', () => {
    assert.deepEqual(['off', 'messages', 'verbose', 'Verbose', undefined, 3].map(parseTraceSetting), ['off', 'messages', 'verbose', 'off', 'off', 'off']);
  });

  it('reports the Trace level exactly when the setting traces, and tells the client when that changes', () => {
    const { sink } = fakeSink();
    const channel = new SettingTraceChannel(sink, LEVELS, 'off', noon);
    assert.equal(channel.logLevel, LEVELS.off);
    const heard: unknown[] = [];
    const subscription = channel.onDidChangeLogLevel((level) => heard.push(level));
    channel.setSetting('messages');
    channel.setSetting('verbose'); // same level: the client reads the verbosity from the setting itself
    channel.setSetting('off');
    assert.deepEqual(heard, [LEVELS.trace, LEVELS.off]);
    subscription.dispose();
    channel.setSetting('messages');
    assert.equal(heard.length, 2, 'a disposed listener hears nothing');
    assert.equal(channel.logLevel, LEVELS.trace);
    assert.equal(channel.name, 'AMP Language Server Trace');
  });

  it('writes timestamped lines while tracing and nothing when off', () => {
    const { sink, lines } = fakeSink();
    const channel = new SettingTraceChannel(sink, LEVELS, 'off', noon);
    channel.trace("Sending request 'textDocument/hover - (3)'.");
    assert.deepEqual(lines, []);
    channel.setSetting('verbose');
    channel.trace("Received response 'textDocument/hover - (3)' in 2ms.", { contents: 'x' });
    channel.error(new Error('boom'));
    assert.equal(lines[0], `[Trace - 12:03:04.005] Received response 'textDocument/hover - (3)' in 2ms. {"contents":"x"}`);
    assert.match(lines[1], /^\[Error - 12:03:04\.005\] Error: boom/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    channel.info('circular', circular);
    assert.equal(lines[2], '[Info - 12:03:04.005] circular [object Object]');
  });

  it('forwards the channel operations to the output channel', () => {
    const { sink, calls, lines } = fakeSink();
    const channel = new SettingTraceChannel(sink, LEVELS, 'messages', noon);
    channel.show(true);
    channel.show(undefined, false);
    channel.append('a');
    channel.replace('b');
    channel.clear();
    channel.hide();
    channel.dispose();
    assert.deepEqual(calls, ['show:true', 'show:false', 'replace:b', 'clear', 'hide', 'dispose']);
    assert.deepEqual(lines, ['append:a']);
  });
});

describe('the pure client modules', () => {
  it('import vscode for types only, so they load outside VS Code', () => {
    for (const file of ['ids.ts', 'server-options.ts', 'status.ts', 'trace-channel.ts', 'feature.ts']) {
      const source = readFileSync(join(ROOT, 'extension', file), 'utf8');
      assert.doesNotMatch(source, /^import (?!type )[^;]*from 'vscode(-languageclient[^']*)?';/m, file);
    }
  });
});
