// Bundles every entry point (CLI now; server, debug adapter and extension as they land) into dist/ with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');

/** Entry points: [source, output name, externals]. Missing sources are skipped so the build works while layers land. */
const entries = [
  ['cli/main.ts', 'cli', []],
  ['server/main.ts', 'server', []],
  ['debug-adapter/main.ts', 'debug-adapter', []],
  ['extension/extension.ts', 'extension', ['vscode']],
];

for (const [source, name, external] of entries) {
  if (!existsSync(source)) continue;
  await build({
    entryPoints: [source],
    outfile: `dist/${name}.js`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    // Libraries such as immer pick their faster production paths from NODE_ENV.
    define: production ? { 'process.env.NODE_ENV': '"production"' } : undefined,
    external,
    logLevel: 'warning',
    // jsonc-parser's UMD 'main' hides its modules from the bundler; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    banner: name === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
