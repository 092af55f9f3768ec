// Bundles the language identifier (eld, ESM only) into one CommonJS file under .cache/eld/, which
// src/intents/language/ loads with require: the server and jest are CommonJS, and eld exports no `require` entry.
// Runs at install and at every build; it takes well under a second.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
esbuild
  .build({
    entryPoints: [path.join(root, 'node_modules', 'eld', 'src', 'entries', 'static.large.js')],
    outfile: path.join(root, '.cache', 'eld', 'eld-large.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
