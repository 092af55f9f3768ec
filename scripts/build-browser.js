// Bundles the typed browser modules under public/*/src/ with esbuild into dist/browser/, which the server serves.
// Type checking is separate (tsconfig.browser.json, part of npm run lint): esbuild only strips the types.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const entries = {
  chat: 'public/chat/src/chat.ts',
  console: 'public/console/src/console.ts',
};

esbuild
  .build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
    outdir: path.join(root, 'dist', 'browser'),
    bundle: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
