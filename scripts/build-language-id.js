// Bundles the language identifier (eld, ESM only) into one CommonJS file under .cache/eld/, which
// src/intents/language/ loads with require: the server and jest are CommonJS, and eld exports no `require` entry.
// Runs at install and at every build; it takes well under a second.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');

/**
 * eld's n-gram table (5 MB) is a JavaScript object literal, which V8 takes about three times longer to parse than the
 * same data as JSON text given to JSON.parse: about a second of CPU at every start of Front Door and in every test file
 * that builds an understander (docs/benchmark-log.md). The bundle carries the table as JSON; the data is eld's own,
 * read from its module here, so it is the same table key for key.
 */
const ngramsAsJson = {
  name: 'eld-ngrams-as-json',
  setup(build) {
    build.onLoad({ filter: /[\\/]eld[\\/]src[\\/]ngrams[\\/]large\.js$/ }, async (args) => {
      const { ngramsData } = await import(require('node:url').pathToFileURL(args.path).href);
      return { contents: `export const ngramsData = JSON.parse(${JSON.stringify(JSON.stringify(ngramsData))});\n` };
    });
  },
};

esbuild
  .build({
    entryPoints: [path.join(root, 'node_modules', 'eld', 'src', 'entries', 'static.large.js')],
    outfile: path.join(root, '.cache', 'eld', 'eld-large.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [ngramsAsJson],
  })
  .catch(() => process.exit(1));
