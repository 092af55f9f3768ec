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
    if (name === 'go.mod' || name === 'go.sum' || name.endsWith('.go')) {
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
    execFileSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
      cwd: moduleDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
    });
  } catch {
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
