#!/usr/bin/env node
// Builds the embedded store (tools/embedded-mongo, FerretDB on SQLite) once and caches the binary under .cache/,
// keyed by a hash of its sources, so `npm ci` and `npm start` rebuild only when the Go module changes.
// Plain JavaScript because it runs from `postinstall`, before TypeScript is compiled.
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const moduleDir = path.join(root, 'tools', 'embedded-mongo');
// Overridable so a test can exercise a first build (or a missing toolchain) without touching the real cache.
const cacheDir = process.env.EMBEDDED_STORE_CACHE_DIR || path.join(root, '.cache', 'embedded-mongo');

function sourceHash() {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(moduleDir).sort()) {
    if (name === 'go.mod' || name === 'go.sum' || name === 'patches.json' || name.endsWith('.go')) {
      hash.update(name).update(fs.readFileSync(path.join(moduleDir, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function goVersion() {
  const found = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) return undefined;
  return found.stdout.trim();
}

function main() {
  const binary = path.join(cacheDir, `embedded-mongo-${sourceHash()}`);
  const link = path.join(cacheDir, 'embedded-mongo');
  if (fs.existsSync(binary)) {
    refreshLink(binary, link);
    return;
  }
  const version = goVersion();
  if (!version) {
    // Not fatal: a deployment that sets MONGODB_URI never needs the embedded store.
    console.error(
      'front-door: the embedded store was not built because no Go toolchain was found. ' +
        'Install Go >= 1.24 (https://go.dev/dl/) and run `npm run build:store`, or set MONGODB_URI to a MongoDB server.',
    );
    return;
  }
  console.error(
    `front-door: building the embedded store (FerretDB on SQLite) with ${version}; the first build takes a few minutes...`,
  );
  fs.mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  const tmp = `${binary}.tmp-${process.pid}`;
  try {
    const modfile = preparePatchedModules(`${binary}.src`);
    execFileSync('go', ['build', '-trimpath', '-modfile', modfile, '-o', tmp, '.'], {
      cwd: moduleDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
    });
  } catch (err) {
    console.error(`front-door: ${err.message}`);
    console.error(
      'front-door: building the embedded store failed (see the Go output above). Fix it, or set MONGODB_URI.',
    );
    process.exit(1);
  }
  fs.renameSync(tmp, binary);
  refreshLink(binary, link);
  console.error(
    `front-door: embedded store built in ${Math.round((Date.now() - started) / 1000)}s -> ${path.relative(root, binary)}`,
  );
}

// A patched copy of each module named in patches.json (Go refuses overlays inside the module cache), and a go.mod
// beside the binary that replaces the module with its copy. Returns the go.mod for `go build -modfile`.
function preparePatchedModules(dir) {
  const { patches } = JSON.parse(fs.readFileSync(path.join(moduleDir, 'patches.json'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  const copies = new Map();
  for (const [i, patch] of patches.entries()) {
    if (!copies.has(patch.module)) {
      // `go mod download` rather than `go list -m`: on a clean machine the module cache is empty until the build, and
      // the copy is needed before it. It fetches the go.mod version, checks it against go.sum and says where it is.
      const found = JSON.parse(
        execFileSync('go', ['mod', 'download', '-json', patch.module], { cwd: moduleDir, encoding: 'utf8' }),
      );
      if (!found.Dir)
        throw new Error(`patch ${i}: module ${patch.module} could not be downloaded: ${found.Error ?? ''}`);
      const copy = path.join(dir, `${path.basename(patch.module)}@${found.Version}`);
      fs.cpSync(found.Dir, copy, { recursive: true });
      copies.set(patch.module, copy);
    }
    const file = path.join(copies.get(patch.module), patch.file);
    const source = fs.readFileSync(file, 'utf8');
    if (source.split(patch.find).length !== 2) {
      throw new Error(`patch ${i} expects exactly one "${patch.find}" in ${patch.module}/${patch.file}`);
    }
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, source.replace(patch.find, patch.replace));
  }
  const modfile = path.join(dir, 'go.mod');
  const replaces = [...copies].map(([mod, copy]) => `replace ${mod} => ${copy}`).join('\n');
  fs.writeFileSync(modfile, `${fs.readFileSync(path.join(moduleDir, 'go.mod'), 'utf8')}\n${replaces}\n`);
  fs.copyFileSync(path.join(moduleDir, 'go.sum'), path.join(dir, 'go.sum'));
  return modfile;
}

function refreshLink(binary, link) {
  try {
    if (fs.readlinkSync(link) === path.basename(binary)) return;
    fs.unlinkSync(link);
  } catch {
    /* no link yet */
  }
  fs.symlinkSync(path.basename(binary), link);
}

main();
